"""The banded dynamic program and its side tables: numpy only, no model.

:func:`_banded_dp` finds the best monotonic bead path in a band; :func:`_first_pass` the
1-1/1-0/0-1 path the band follows (coarse-to-fine for long texts); the side tables hold the
vector of every bead side, and :func:`_span_neighbourhoods` the margin's reference."""

from __future__ import annotations

import numpy as np


_NEG = -1e18
_SKIP01 = -1  # backpointer code of a 0-1 bead (handled by the in-row scan)
_START = -2


def _banded_dp(n, m, lo, hi, types, reward, tick=None):
    """Best monotonic bead path from (0, 0) to (n, m) inside the band ``lo[i] <= j <= hi[i]``.

    ``reward(i, t, cols)`` gives the reward of a bead of type ``types[t]`` ending at lattice
    node ``(i, cols)``; ``reward(i, None, cols)`` the reward of a 0-1 bead ending there. The
    0-1 beads of one row are folded in by a running-maximum scan, so every row is a handful
    of vector operations. Returns the beads as ``(a, b, i_end, j_end)``, in order.
    ``tick(rows)``, if given, is called as rows are done (for a progress bar).
    """
    rows_cost: list[np.ndarray] = []
    rows_back: list[np.ndarray] = []
    for i in range(n + 1):
        cols = np.arange(lo[i], hi[i] + 1)
        best = np.full(cols.size, _NEG)
        back = np.full(cols.size, _START if i == 0 else _SKIP01, dtype=np.int8)
        if i == 0 and lo[0] == 0:
            best[0] = 0.0
        for t, (a, b) in enumerate(types):
            if a > i:
                continue
            p = i - a
            pc = cols - b
            ok = (pc >= lo[p]) & (pc <= hi[p])
            if not ok.any():
                continue
            prev = np.where(ok, rows_cost[p][np.clip(pc - lo[p], 0, rows_cost[p].size - 1)], _NEG)
            cand = prev + np.where(ok, reward(i, t, cols), 0.0)
            better = cand > best
            best = np.where(better, cand, best)
            back = np.where(better, t, back)
        # 0-1 beads within the row: cost[k] = max(best[k], cost[k-1] + r[k]).
        r = reward(i, None, cols)
        r[0] = 0.0
        acc = np.cumsum(r)
        run = np.maximum.accumulate(best - acc)
        cost = run + acc
        from_skip = (best - acc) < run
        back = np.where(from_skip, _SKIP01, back).astype(np.int8)
        rows_cost.append(cost)
        rows_back.append(back)
        if tick is not None and (i % 256 == 255 or i == n):
            tick(i % 256 + 1)
    beads = []
    i, j = n, m
    while i > 0 or j > 0:
        code = int(rows_back[i][j - lo[i]])
        if code == _SKIP01:
            beads.append((0, 1, i, j))
            j -= 1
        elif code == _START:  # pragma: no cover - the band always contains a path
            raise RuntimeError("internal error: alignment band has no path")
        else:
            a, b = types[code]
            beads.append((a, b, i, j))
            i -= a
            j -= b
    beads.reverse()
    return beads


def _band_from_nodes(nodes: np.ndarray, n: int, m: int, width: int) -> tuple[np.ndarray, np.ndarray]:
    """A band of half-width ``width`` (in rows and columns) around lattice nodes ``(i, j)``."""
    first = np.full(n + 1, m + 1, dtype=np.int64)
    last = np.full(n + 1, -1, dtype=np.int64)
    np.minimum.at(first, nodes[:, 0], nodes[:, 1])
    np.maximum.at(last, nodes[:, 0], nodes[:, 1])
    # Rows the path jumps over (a bead of several source sentences) inherit their neighbours.
    have = last >= 0
    idx = np.arange(n + 1)
    prev_row = np.maximum.accumulate(np.where(have, idx, 0))
    next_row = np.minimum.accumulate(np.where(have, idx, n)[::-1])[::-1]
    first = np.minimum(first[prev_row], first[next_row])
    last = np.maximum(last[prev_row], last[next_row])
    lo = np.empty(n + 1, dtype=np.int64)
    hi = np.empty(n + 1, dtype=np.int64)
    for i in range(n + 1):  # rolling min/max over rows i-width .. i+width
        s, e = max(0, i - width), min(n, i + width) + 1
        lo[i] = first[s:e].min()
        hi[i] = last[s:e].max()
    lo = np.clip(lo - width, 0, m)
    hi = np.clip(hi + width, 0, m)
    return lo, hi


def _beads_to_nodes(beads) -> np.ndarray:
    nodes = [(0, 0)] + [(i, j) for _, _, i, j in beads]
    return np.asarray(nodes, dtype=np.int64)


def _block_means(x: np.ndarray, size: int) -> np.ndarray:
    n = x.shape[0]
    blocks = -(-n // size)
    out = np.zeros((blocks, x.shape[1]), dtype=np.float32)
    np.add.at(out, np.arange(n) // size, x)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.where(norms > 0, norms, 1.0)


_FULL_CELLS = 2_500_000  # above this, the first pass goes coarse-to-fine


def _first_pass(src: np.ndarray, tgt: np.ndarray, width: int) -> np.ndarray:
    """Lattice nodes of the best 1-1/1-0/0-1 path (by total cosine similarity)."""
    n, m = src.shape[0], tgt.shape[0]
    if n * m <= _FULL_CELLS:
        lo = np.zeros(n + 1, dtype=np.int64)
        hi = np.full(n + 1, m, dtype=np.int64)
    else:
        size_s = max(1, -(-n // 1500))
        size_t = max(1, -(-m // 1500))
        coarse = _first_pass(_block_means(src, size_s), _block_means(tgt, size_t), 2)
        fine = coarse * np.array([size_s, size_t])
        fine = np.minimum(fine, np.array([n, m]))
        # Interpolate inside each block so the band follows the diagonal of the block.
        lo, hi = _band_from_nodes(_interpolate(fine), n, m, width + max(size_s, size_t))
    types = [(1, 1), (1, 0)]
    # A full search reads every cell: one matrix product instead of one per row.
    table = src @ tgt.T if n * m <= _FULL_CELLS else None

    def reward(i, t, cols):
        if t is None or types[t][0] == 1 and types[t][1] == 0:
            return np.zeros(cols.size)
        ok = cols >= 1
        if table is not None:
            sims = table[i - 1, np.maximum(cols - 1, 0)]
        else:
            sims = tgt[np.maximum(cols - 1, 0)] @ src[i - 1]
        return np.where(ok, sims, 0.0).astype(np.float64)

    return _beads_to_nodes(_banded_dp(n, m, lo, hi, types, reward))


def _interpolate(nodes: np.ndarray) -> np.ndarray:
    out = [nodes[0]]
    for (i0, j0), (i1, j1) in zip(nodes[:-1], nodes[1:]):
        steps = max(i1 - i0, j1 - j0)
        for s in range(1, steps + 1):
            out.append((i0 + (i1 - i0) * s // steps, j0 + (j1 - j0) * s // steps))
    return np.asarray(out, dtype=np.int64)


def _neighbourhood(src, tgt, lo, hi, k, widen):
    """Mean of each source sentence's ``k`` best similarities to targets in a widened band,
    and its best one."""
    n, m = src.shape[0], tgt.shape[0]
    mean = np.zeros(n)
    top = np.zeros(n)
    if m == 0:
        return mean, top
    for i in range(n):
        a = max(0, min(lo[i], lo[i + 1]) - widen)
        b = min(m, max(hi[i], hi[i + 1]) + widen)
        if b <= a:
            continue
        sims = tgt[a:b] @ src[i]
        kk = min(k, sims.size)
        best = np.partition(sims, sims.size - kk)[sims.size - kk:]
        mean[i] = best.mean()
        top[i] = best.max()
    return mean, top


def _set_exact(exact, side, spans, span_vectors, count, dim) -> None:
    """Store the real vectors of ``spans`` (start, size) of one side, made by ``span_vectors``."""
    if not spans:
        return
    vecs = np.asarray(span_vectors(side, spans), dtype=np.float32)
    if vecs.shape != (len(spans), dim):
        raise ValueError(
            f"span_vectors returned shape {vecs.shape} for {len(spans)} {side} spans; expected ({len(spans)}, {dim})"
        )
    for (start, size), v in zip(spans, vecs):
        if size not in exact[side]:
            exact[side][size] = (np.zeros(count + 1, dtype=bool), np.zeros((count + 1, dim), dtype=np.float32))
        mask, table = exact[side][size]
        mask[start + size] = True
        table[start + size] = v


def _side_tables(cs, ct, exact, n, m, max_a, max_b):
    """Unit vectors of every bead side: ``(n + 1, max_a, d)`` for the source (row ``i``, size
    ``a``: the run of ``a`` sentences ending before sentence ``i``) and ``(m + 1, max_b, d)``
    for the target, in float32. A run is its real vector where ``exact`` has one, else the
    normalised sum of its sentences' weighted vectors (prefix sums ``cs``/``ct``). Runs that
    would start before the text are zero."""
    return _side_table(cs, n, max_a, exact["src"]), _side_table(ct, m, max_b, exact["tgt"])


# Rows of a side table computed at a time: the float64 temporaries stay a few MB instead of
# three copies of the whole side (1.2 GB for 100,000 sentences).
_TABLE_CHUNK = 4096


def _side_table(csum, count, sizes, exact=None, summed=None):
    """One side of :func:`_side_tables`. Only the first ``summed`` sizes (default: all) are
    filled from the prefix sums; the others stay zero for the caller to fill."""
    exact = exact or {}
    summed = sizes if summed is None else summed
    out = np.zeros((count + 1, sizes, csum.shape[1]), dtype=np.float32)
    for size in range(1, summed + 1):
        for first in range(size, count + 1, _TABLE_CHUNK):  # rows before `size` stay zero
            ends = np.arange(first, min(first + _TABLE_CHUNK, count + 1))
            v = csum[ends] - csum[ends - size]
            norm = np.linalg.norm(v, axis=1, keepdims=True)
            v /= np.where(norm > 0, norm, 1.0)
            out[ends, size - 1] = v
        if size in exact:
            mask, vecs = exact[size]
            out[mask, size - 1] = vecs[mask]
    return out


def _span_neighbourhoods(sv, tv, n, m, lo, hi, lo_t, hi_t, max_a, max_b, k, widen):
    """The margin's reference: for each side of each bead size (a run of 1, 2, ... sentences
    ending at a given sentence), the mean of its ``k`` best similarities to the sides of
    every size on the other text, near the path.

    Measuring a group of sentences against groups, not its sentences against sentences,
    matters because a longer text has a higher cosine with everything: without it a 2-2 bead
    looks better than the two 1-1 beads it could be split into simply for being longer.
    Returns ``{"src": {a: array over run ends}, "tgt": {b: ...}}``.
    """
    dim = tv.shape[-1]
    out = {"src": {a: np.zeros(n + 1) for a in range(1, max_a + 1)},
           "tgt": {b: np.zeros(m + 1) for b in range(1, max_b + 1)}}
    for vecs, other, count, other_count, band_lo, band_hi, side, sizes in (
        (sv, tv, n, m, lo, hi, "src", max_a), (tv, sv, m, n, lo_t, hi_t, "tgt", max_b)
    ):
        for i in range(1, count + 1):
            c0 = max(1, min(band_lo[i], band_lo[i - 1]) - widen)
            c1 = min(other_count, max(band_hi[i], band_hi[i - 1]) + widen)
            sims = vecs[i] @ other[c0:c1 + 1].reshape(-1, dim).T
            kk = min(k, sims.shape[1])
            top = np.partition(sims, sims.shape[1] - kk, axis=1)[:, sims.shape[1] - kk:].mean(axis=1)
            for size in range(1, min(sizes, i) + 1):
                out[side][size][i] = top[size - 1]
    return out
