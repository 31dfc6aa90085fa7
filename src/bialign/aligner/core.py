"""The aligner core: :func:`align_embeddings`, from arrays of sentence vectors to scored beads.

The stages, in the order :func:`_align_core` runs them (the steps of the notes in
:mod:`bialign.aligner`):

1. :func:`_lattice`: the first pass, the band around it and the length model.
2. The bead sides and the search: :func:`_tables_of_every_run` (an encoder that embeds runs
   cheaply, one search) or :func:`_search_with_sums` (sums of sentence vectors, then real
   runs near uncertain beads and a second search); :func:`_search` runs the DP of
   :mod:`bialign.aligner.dp` with the rewards of :class:`_BeadReward`.
3. :func:`_place_lone_sentences`: :func:`_attach_orphans`, then :func:`_pair_moved`.
4. :func:`_score_beads`: the scores of :mod:`bialign.aligner.scoring` and their features."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from .dp import _band_from_nodes, _banded_dp, _first_pass, _neighbourhood, _set_exact, _side_table, _side_tables, \
    _span_neighbourhoods
from .params import AlignParams
from .result import Bead
from .scoring import _CONTEXT, CALIBRATION, _context_similarity, _sigmoid

__all__ = ["align_embeddings"]


# Spans longer than 3 sentences stay approximated: they are rare (3% of Text+Berg gold beads)
# and embedding them would double the refinement cost.
_REFINE_MAX = 3
# With an encoder that embeds runs cheaply, every side of up to this many sentences is real,
# asked for _SPAN_CHUNK runs at a time.
_SPAN_MAX = 4
_SPAN_CHUNK = 8192


@dataclass(frozen=True)
class _Core:
    """What :func:`_align_core` gives: the beads, the src x tgt similarity matrix (when kept)
    and each bead's score features (see :meth:`bialign.Aligner.align_with_features`)."""

    beads: list[Bead]
    similarity: np.ndarray | None
    features: list[tuple[float, ...]]


def align_embeddings(
    src: np.ndarray,
    tgt: np.ndarray,
    *,
    src_lengths: Sequence[int] | np.ndarray | None = None,
    tgt_lengths: Sequence[int] | np.ndarray | None = None,
    src_paragraphs: Sequence[int] | np.ndarray | None = None,
    tgt_paragraphs: Sequence[int] | np.ndarray | None = None,
    params: AlignParams | None = None,
    keep_similarity: bool = False,
) -> list[Bead]:
    """Align two documents given as arrays of unit-length sentence vectors.

    ``src`` is ``(n, d)`` and ``tgt`` is ``(m, d)``; ``*_lengths`` are sentence lengths in
    characters (all 1 if omitted: no length model), ``*_paragraphs`` paragraph numbers (the
    paragraph anchors apply only when both are given and both texts have several
    paragraphs). Returns beads in order; every sentence is in exactly one.

    >>> import numpy as np
    >>> e = np.eye(3, dtype=np.float32)
    >>> [(b.src, b.tgt) for b in align_embeddings(e, e)]
    [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]
    """
    return _align_core(src, tgt, src_lengths, tgt_lengths, src_paragraphs, tgt_paragraphs,
                       params or AlignParams(), keep_similarity).beads


def _as_vector(values, count, name, default):
    if values is None:
        return np.full(count, default, dtype=np.float64)
    arr = np.asarray(values, dtype=np.float64)
    if arr.shape != (count,):
        raise ValueError(f"{name} must have one entry per sentence ({count}), got shape {arr.shape}")
    return arr


def _check_embeddings(x: np.ndarray, name: str) -> np.ndarray:
    x = np.asarray(x, dtype=np.float32)
    if x.ndim != 2:
        raise ValueError(f"{name} must be a 2-D array (sentences x dimensions), got shape {x.shape}")
    if not np.all(np.isfinite(x)):
        raise ValueError(f"{name} contains NaN or infinite values: check the encoder output")
    return x


def _align_core(src, tgt, src_lengths, tgt_lengths, src_paragraphs, tgt_paragraphs, params, keep_similarity,
                span_vectors=None, tick=None) -> _Core:
    """The stages in order: check, first pass and band, bead sides and search, lone
    sentences, scores. ``span_vectors(side, spans)`` embeds runs of sentences (None: sums
    only); ``tick(rows)`` hears of the rows searched."""
    src = _check_embeddings(src, "src embeddings")
    tgt = _check_embeddings(tgt, "tgt embeddings")
    n, m = src.shape[0], tgt.shape[0]
    if n and m and src.shape[1] != tgt.shape[1]:
        raise ValueError(
            f"src and tgt embeddings have different dimensions ({src.shape[1]} vs {tgt.shape[1]}): "
            "embed both sides with the same encoder"
        )
    ls = np.maximum(_as_vector(src_lengths, n, "src_lengths", 1.0), 0.0)
    lt = np.maximum(_as_vector(tgt_lengths, m, "tgt_lengths", 1.0), 0.0)
    if n == 0 or m == 0:
        beads = [Bead((i,), (), 1.0) for i in range(n)] + [Bead((), (j,), 1.0) for j in range(m)]
        return _Core(beads, np.zeros((n, m), dtype=np.float32) if keep_similarity else None, [() for _ in beads])
    lattice = _lattice(src, tgt, ls, lt, src_paragraphs, tgt_paragraphs, params)
    if span_vectors is not None and params.refine > 0 and getattr(span_vectors, "all_spans", False):
        tables = _tables_of_every_run(src, tgt, lattice, params.weight_power, span_vectors)
        path = _search(tables, lattice, params, tick)
    else:
        path, tables = _search_with_sums(src, tgt, lattice, params, span_vectors if params.refine > 0 else None,
                                         tick)
    path = _place_lone_sentences(path, src, tgt, tables, lattice, params)
    beads, features = _score_beads(path, src, tgt, tables, lattice, params.margin_k)
    similarity = None
    if keep_similarity and n * m <= 4_000_000:
        similarity = src @ tgt.T
    return _Core(beads, similarity, features)


@dataclass(frozen=True, eq=False)
class _Lattice:
    """What the search and the scores know of the two documents besides their vectors: the
    band around the first path (``lo``/``hi`` by source row, ``lo_t``/``hi_t`` by target
    row), the bead types, prefix sums of the lengths, the length ratio and its smoothing (in
    target characters), and the paragraph numbers (``paragraphs``: whether they are anchors)."""

    n: int
    m: int
    lo: np.ndarray
    hi: np.ndarray
    lo_t: np.ndarray
    hi_t: np.ndarray
    widen: int
    types: list[tuple[int, int]]
    max_a: int
    max_b: int
    src_lengths: np.ndarray
    tgt_lengths: np.ndarray
    len_s: np.ndarray
    len_t: np.ndarray
    ratio: float
    smooth: float
    ps: np.ndarray
    pt: np.ndarray
    paragraphs: bool

    def crosses(self, a: int, b: int, i: int, j: int) -> bool:
        """Whether the bead ``(a, b)`` ending at ``(i, j)`` crosses a paragraph break."""
        return bool(self.ps[i - 1] != self.ps[i - a] or (self.pt[j - 1] != self.pt[j - b]))


def _lattice(src, tgt, ls, lt, src_paragraphs, tgt_paragraphs, params: AlignParams) -> _Lattice:
    """The first pass (a 1-1/1-0/0-1 path), the bands around it, and the length model."""
    n, m = src.shape[0], tgt.shape[0]
    ps = _as_vector(src_paragraphs, n, "src_paragraphs", 0.0)
    pt = _as_vector(tgt_paragraphs, m, "tgt_paragraphs", 0.0)
    paragraphs = (
        params.anchors == "soft" and src_paragraphs is not None and tgt_paragraphs is not None
        and len(set(ps.tolist())) > 1 and len(set(pt.tolist())) > 1
    )
    nodes = _first_pass(src, tgt, params.band)
    lo, hi = _band_from_nodes(nodes, n, m, params.band)
    lo_t, hi_t = _band_from_nodes(nodes[:, ::-1], m, n, params.band)
    len_s = np.concatenate([[0.0], np.cumsum(ls)])
    len_t = np.concatenate([[0.0], np.cumsum(lt)])
    types = params.bead_types()
    return _Lattice(
        n=n, m=m, lo=lo, hi=hi, lo_t=lo_t, hi_t=hi_t, widen=2 * params.band, types=types,
        max_a=max(a for a, _ in types), max_b=max(b for _, b in types), src_lengths=ls, tgt_lengths=lt,
        len_s=len_s, len_t=len_t, ratio=_length_ratio(nodes, ls, lt), smooth=0.25 * max(len_t[-1] / m, 1.0),
        ps=ps, pt=pt, paragraphs=paragraphs,
    )


def _length_ratio(nodes: np.ndarray, ls: np.ndarray, lt: np.ndarray) -> float:
    """Target characters per source character, measured on the 1-1 steps of the first path.

    The median over sentence pairs resists what a whole-text ratio does not: a side with
    extra material (notes, captions, a missing chapter) would otherwise skew the length
    model everywhere. With fewer than 3 pairs the ratio of the totals is used.
    """
    steps = np.diff(nodes, axis=0)
    ends = nodes[1:][(steps[:, 0] == 1) & (steps[:, 1] == 1)]
    if len(ends) >= 3:
        s = ls[ends[:, 0] - 1]
        t = lt[ends[:, 1] - 1]
        keep = (s > 0) & (t > 0)
        if keep.sum() >= 3:
            return float(np.exp(np.median(np.log(t[keep] / s[keep]))))
    return max(float(lt.sum()), 1.0) / max(float(ls.sum()), 1.0)


@dataclass(frozen=True, eq=False)
class _Tables:
    """The unit vector of every bead side: ``src[i, a - 1]`` is the run of ``a`` source
    sentences ending before sentence ``i`` (see :func:`bialign.aligner.dp._side_tables`)."""

    src: np.ndarray
    tgt: np.ndarray

    def similarity(self, a: int, b: int, i: int, j: int) -> float:
        """Cosine similarity of the bead ``(a, b)`` ending at ``(i, j)``."""
        return float(self.src[i, a - 1] @ self.tgt[j, b - 1])


def _weighted_prefix(x: np.ndarray, lengths: np.ndarray, power: float) -> np.ndarray:
    """Prefix sums of the sentence vectors weighted by ``length ** power`` (row 0 is zero)."""
    w = np.power(np.maximum(lengths, 1.0), power)
    out = np.zeros((x.shape[0] + 1, x.shape[1]))
    np.cumsum(x * w[:, None], axis=0, out=out[1:])
    return out


def _tables_of_every_run(src, tgt, lattice: _Lattice, power: float, span_vectors) -> _Tables:
    """Every side of up to ``_SPAN_MAX`` sentences real, from an encoder that embeds runs
    nearly for free (see :class:`bialign.embed.USESpans`).

    The vectors go straight into the tables a chunk at a time (memory stays linear and
    small); sums are needed only for single sentences and runs longer than ``_SPAN_MAX``,
    and each prefix sum goes as soon as its table is built. The caller's span embedder is
    then released (``span_vectors.release()``, if it has one): the search needs only the
    tables."""
    n, m, max_a, max_b = lattice.n, lattice.m, lattice.max_a, lattice.max_b
    tables = {}
    for side, x, lengths, count, biggest in (("src", src, lattice.src_lengths, n, max_a),
                                             ("tgt", tgt, lattice.tgt_lengths, m, max_b)):
        summed = 1 if biggest <= _SPAN_MAX else biggest
        tables[side] = _side_table(_weighted_prefix(x, lengths, power), count, biggest, summed=summed)
    dim = src.shape[1]
    for side, count, biggest in (("src", n, max_a), ("tgt", m, max_b)):
        for size in range(2, min(biggest, _SPAN_MAX) + 1):
            for first in range(0, count - size + 1, _SPAN_CHUNK):
                spans = [(s, size) for s in range(first, min(first + _SPAN_CHUNK, count - size + 1))]
                vecs = np.asarray(span_vectors(side, spans), dtype=np.float32)
                if vecs.shape != (len(spans), dim):
                    raise ValueError(f"span_vectors returned shape {vecs.shape} for {len(spans)} {side} "
                                     f"spans; expected ({len(spans)}, {dim})")
                tables[side][first + size:first + size + len(spans), size - 1] = vecs
    release = getattr(span_vectors, "release", None)
    if release is not None:
        release()
    return _Tables(tables["src"], tables["tgt"])


def _search_with_sums(src, tgt, lattice: _Lattice, params: AlignParams, span_vectors, tick):
    """Bead sides as sums of their sentences' weighted vectors, one search; then, when
    ``span_vectors`` is given, the runs near the beads that are not 1-1 embedded for real
    and a second search. Returns the path and the tables it was found with.

    The sum understates how well a group of sentences matches its translation (the encoder
    sees no context); embedding only the spans near uncertain beads keeps the cost
    following the number of uncertain places."""
    n, m, max_a, max_b = lattice.n, lattice.m, lattice.max_a, lattice.max_b
    cs = _weighted_prefix(src, lattice.src_lengths, params.weight_power)
    ct = _weighted_prefix(tgt, lattice.tgt_lengths, params.weight_power)
    # Real embeddings of multi-sentence spans: exact[side][size] = (mask over span ends, vectors by span end).
    exact: dict[str, dict[int, tuple[np.ndarray, np.ndarray]]] = {"src": {}, "tgt": {}}
    tables = _Tables(*_side_tables(cs, ct, exact, n, m, max_a, max_b))
    path = _search(tables, lattice, params, tick)
    if span_vectors is None:
        return path, tables
    src_spans, tgt_spans = _spans_to_refine(path, n, m, max_a, max_b, params.refine)
    _set_exact(exact, "src", src_spans, span_vectors, n, src.shape[1])
    _set_exact(exact, "tgt", tgt_spans, span_vectors, m, src.shape[1])
    tables = _Tables(*_side_tables(cs, ct, exact, n, m, max_a, max_b))
    return _search(tables, lattice, params, tick), tables


def _spans_to_refine(path, n, m, max_a, max_b, reach):
    """Multi-sentence spans (start, size) on each side worth embedding for real.

    For every bead that is not 1-1, the spans of 2 or 3 sentences that lie inside the bead
    widened by ``reach`` sentences on each side: the sides of the beads that compete with
    it. 1-1 regions are left alone, so the cost follows the number of uncertain places.
    """
    src_spans: set[tuple[int, int]] = set()
    tgt_spans: set[tuple[int, int]] = set()
    for a, b, i, j in path:
        if (a, b) == (1, 1):
            continue
        for spans, start, end, count, biggest in ((src_spans, i - a, i, n, max_a), (tgt_spans, j - b, j, m, max_b)):
            lo, hi = max(0, start - reach), min(count, end + reach)
            for size in range(2, min(biggest, _REFINE_MAX) + 1):
                for first in range(lo, hi - size + 1):
                    spans.add((first, size))
    return sorted(src_spans), sorted(tgt_spans)


def _search(tables: _Tables, lattice: _Lattice, params: AlignParams, tick):
    """The banded search over every bead type: the margin's reference, then the DP."""
    reference = _span_neighbourhoods(tables.src, tables.tgt, lattice.n, lattice.m, lattice.lo, lattice.hi,
                                     lattice.lo_t, lattice.hi_t, lattice.max_a, lattice.max_b, params.margin_k,
                                     lattice.widen)
    reward = _BeadReward(tables, reference, lattice, params)
    return _banded_dp(lattice.n, lattice.m, lattice.lo, lattice.hi, lattice.types, reward, tick)


class _BeadReward:
    """The reward ``reward(i, t, cols)`` of :func:`bialign.aligner.dp._banded_dp`: what a
    bead of type ``types[t]`` ending at ``(i, cols)`` earns (step 3 of the notes in
    :mod:`bialign.aligner`). The similarities of a row are computed once for every type."""

    def __init__(self, tables: _Tables, reference, lattice: _Lattice, params: AlignParams) -> None:
        self.tables = tables
        self.reference = reference
        self.lattice = lattice
        self.params = params
        self._row = -1
        self._sims: dict[int, np.ndarray] = {}

    def bead_sims(self, i, cols):
        """Cosine similarity of every (a, b) bead ending at row ``i`` and each column."""
        if self._row != i:
            sv, tv = self.tables.src[i], self.tables.tgt
            self._row = i
            self._sims = {b: sv @ tv[cols, b - 1].T for b in range(1, self.lattice.max_b + 1)}
        return self._sims

    def __call__(self, i, t, cols):
        params, lat = self.params, self.lattice
        if t is None or lat.types[t] == (1, 0):
            return np.full(cols.size, -params.skip)
        a, b = lat.types[t]
        sims = self.bead_sims(i, cols)[b][a - 1]
        jb = np.maximum(cols - b, 0)
        margin = sims - params.margin_weight * 0.5 * (self.reference["src"][a][i] + self.reference["tgt"][b][cols])
        src_chars = lat.len_s[i] - lat.len_s[i - a]
        tgt_chars = lat.len_t[cols] - lat.len_t[jb]
        lr = np.log((tgt_chars + lat.smooth) / (lat.ratio * src_chars + lat.smooth))
        r = (a + b) * margin - params.merge_penalty * (a + b - 2) - params.length_weight * (a + b) * lr * lr
        if a > 1 and b > 1:
            r = r - params.wide_penalty
        if max(a, b) > 2:
            r = r - params.long_penalty
        if lat.paragraphs:
            crossings = (lat.ps[i - 1] != lat.ps[i - a]) + (lat.pt[np.maximum(cols - 1, 0)] != lat.pt[jb])
            r = r - params.paragraph_penalty * crossings
        return r


def _place_lone_sentences(path, src, tgt, tables: _Tables, lattice: _Lattice, params: AlignParams):
    """The two second looks at 1-0/0-1 beads (step 4 of the notes in :mod:`bialign.aligner`):
    attach a lone sentence to the pair bead next to it, then pair lone sentences moved in
    translation."""
    if params.attach:
        allowed = {t for t in lattice.types if t[0] and t[1]}
        path = _attach_orphans(path, tables.similarity, allowed, lattice.crosses if lattice.paragraphs else None,
                               params.attach_margin)
    if params.moved:
        path = _pair_moved(path, src, tgt, params.moved_similarity, params.moved_window)
    return path


def _attach_orphans(path, pair_sim, allowed, crosses=None, margin=0.0):
    """Merge 1-0/0-1 beads into a neighbouring pair bead where that raises its similarity.

    ``path`` holds beads ``(a, b, i_end, j_end)`` in order; ``pair_sim(a, b, i, j)`` is the
    cosine similarity of the bead ``(a, b)`` ending at ``(i, j)``; ``allowed`` the bead types
    a merge may produce (their sides have vectors); ``crosses(a, b, i, j)``, if given, tells
    whether a bead crosses a paragraph break (such merges are not made). A lone sentence
    sits between its neighbours on its own side, so merging it into the previous or next
    bead gives a contiguous bead. Of the two neighbours, the one gaining more similarity
    wins; a merged bead can take in further lone sentences. A lone sentence with a pair bead
    on both sides (not one of a run of lone sentences) is merged even when the similarity
    drops, by less than ``margin``. Returns a new path.
    """
    out = list(path)
    k = 0
    while k < len(out):
        a, b, i, j = out[k]
        if a and b:
            k += 1
            continue
        isolated = 0 < k < len(out) - 1 and all(out[nk][0] and out[nk][1] for nk in (k - 1, k + 1))
        floor = -margin if isolated else 0.0
        best = None
        for nk in (k - 1, k + 1):
            if not 0 <= nk < len(out):
                continue
            na, nb, ni, nj = out[nk]
            if not (na and nb) or (na + a, nb + b) not in allowed:
                continue
            merged = (na + a, nb + b, max(ni, i), max(nj, j))
            if crosses is not None and crosses(*merged):
                continue
            gain = pair_sim(*merged) - pair_sim(na, nb, ni, nj)
            if gain > floor and (best is None or gain > best[0]):
                best = (gain, nk, merged)
        if best is None:
            k += 1
            continue
        _, nk, merged = best
        out[nk] = merged
        del out[k]
        k = max(0, min(k, nk) - 1)  # the merged bead may now take a lone sentence before it
    return out


def _pair_moved(path, src, tgt, min_similarity, window):
    """Pair lone source and target sentences that were translated in another place.

    A 1-0 bead (source sentence ``s``) and a 0-1 bead (target sentence ``t``) at most
    ``2 * window`` beads apart become one 1-1 bead, at the place of the source sentence, when
    ``t`` is the most similar target sentence to ``s`` among the ``window`` target sentences
    either side of ``t``, ``s`` is the most similar source sentence to ``t`` among its own
    neighbours, and the similarity is at least ``min_similarity``. The most similar pairs go
    first; each sentence is paired once. The monotonic search cannot make these beads (they
    cross others), so it leaves both sentences alone.
    """
    lone_src = [k for k, (a, b, _, _) in enumerate(path) if a == 1 and b == 0]
    lone_tgt = [k for k, (a, b, _, _) in enumerate(path) if a == 0 and b == 1]
    if not lone_src or not lone_tgt:
        return path
    n, m = src.shape[0], tgt.shape[0]
    tgt_keys = np.asarray(lone_tgt)
    candidates = []
    for ks in lone_src:
        s = path[ks][2] - 1
        first, last = np.searchsorted(tgt_keys, [ks - 2 * window, ks + 2 * window + 1])
        for kt in tgt_keys[first:last].tolist():
            t = path[kt][3] - 1
            t0, s0 = max(0, t - window), max(0, s - window)
            row = tgt[t0:min(m, t + window + 1)] @ src[s]
            col = src[s0:min(n, s + window + 1)] @ tgt[t]
            # Each must be the other's best match (the first, on a tie).
            if t0 + int(np.argmax(row)) != t or s0 + int(np.argmax(col)) != s:
                continue
            sim = float(row[t - t0])
            if sim >= min_similarity:
                candidates.append((-sim, ks, kt))
    if not candidates:
        return path
    candidates.sort()
    used: set[int] = set()
    paired: dict[int, tuple[int, int, int, int]] = {}
    for _, ks, kt in candidates:
        if ks in used or kt in used:
            continue
        used.update((ks, kt))
        paired[ks] = (1, 1, path[ks][2], path[kt][3])
    return [paired.get(k, bead) for k, bead in enumerate(path) if k in paired or k not in used]


def _score_beads(path, src, tgt, tables: _Tables, lattice: _Lattice, margin_k: int):
    """The beads of ``path`` with their scores (step 5 of the notes in :mod:`bialign.aligner`),
    and each bead's features: (similarity, squared log length ratio, extra sentences, context)
    for a bead with two sides, (best similarity near the path,) for a lone sentence."""
    _, top_s = _neighbourhood(src, tgt, lattice.lo, lattice.hi, margin_k, lattice.widen)
    _, top_t = _neighbourhood(tgt, src, lattice.lo_t, lattice.hi_t, margin_k, lattice.widen)
    len_s, len_t, ratio, smooth = lattice.len_s, lattice.len_t, lattice.ratio, lattice.smooth
    beads: list[Bead] = []
    feats: list[tuple[float, ...]] = []
    pair_w = np.asarray(CALIBRATION["pair"])
    skip_w = np.asarray(CALIBRATION["skip"])
    sims = np.array([tables.similarity(a, b, i, j) if a and b else np.nan for a, b, i, j in path])
    context = _context_similarity(sims, _CONTEXT)
    for k, (a, b, i, j) in enumerate(path):
        srange = tuple(range(i - a, i))
        trange = tuple(range(j - b, j))
        if a and b:
            lr = math.log((len_t[j] - len_t[j - b] + smooth) / (ratio * (len_s[i] - len_s[i - a]) + smooth))
            x = (float(sims[k]), lr * lr, a + b - 2, float(context[k]))
            score = float(_sigmoid(pair_w[0] + pair_w[1:] @ np.asarray(x)))
        else:
            best = float(top_s[i - 1]) if a else float(top_t[j - 1])
            x = (best,)
            score = float(_sigmoid(skip_w[0] + skip_w[1] * best))
        feats.append(x)
        beads.append(Bead(srange, trange, round(score, 4)))
    return beads, feats
