"""The aligner's results: :class:`Bead`, :class:`Alignment`, and :func:`moved_beads` (the beads
out of the target text's order)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

import numpy as np

from ..provenance import Provenance
from ..segment import Sentence

__all__ = ["Alignment", "Bead", "moved_beads"]


@dataclass(frozen=True, slots=True)
class Bead:
    """A minimal pair of aligned sentence groups.

    ``src`` and ``tgt`` are increasing, contiguous sentence indices (either may be empty: a
    1-0 or 0-1 bead is a sentence with no counterpart). ``score`` in [0, 1] reads as the
    probability that the bead is right.
    """

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    score: float

    @property
    def type(self) -> str:
        """``"1-1"``, ``"2-1"``, ``"0-1"`` ...: the number of sentences on each side."""
        return f"{len(self.src)}-{len(self.tgt)}"


@dataclass(frozen=True)
class Alignment:
    """Two segmented texts and the beads that pair them.

    ``src_text``/``tgt_text`` are the texts the sentence offsets point into (for pre-split
    input, the sentences joined with newlines). Every sentence lies in exactly one bead. The
    beads follow the source text; the target sentences are in order too, except in the beads
    listed by :attr:`moved` (a sentence translated in another place).

    ``similarity`` is the sentence-by-sentence cosine similarity matrix (src x tgt) for a
    heat map, kept when it has at most 4 million cells (None for longer texts); ``stats``
    holds timings (``embed_seconds``, ``align_seconds``) and counts. Neither takes part in
    equality.
    """

    src_text: str
    tgt_text: str
    src_sentences: tuple[Sentence, ...]
    tgt_sentences: tuple[Sentence, ...]
    beads: tuple[Bead, ...]
    src_lang: str
    tgt_lang: str
    provenance: Provenance
    similarity: np.ndarray | None = field(default=None, compare=False, repr=False)
    stats: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def median_score(self) -> float:
        """The median score of the beads with both sides (NaN when there are none). About
        0.92-0.96 for a translation, under 0.1 for texts that are not translations of each
        other (see :func:`translation_warning`)."""
        scores = [b.score for b in self.beads if b.src and b.tgt]
        return float(np.median(scores)) if scores else math.nan

    @property
    def moved(self) -> tuple[int, ...]:
        """Indices of the beads whose target sentences are out of order: the beads left out
        of the longest chain of beads whose target sentences increase (see
        :func:`moved_beads`)."""
        return moved_beads(self.beads)


def moved_beads(beads: Sequence[Bead]) -> tuple[int, ...]:
    """Indices of the beads that break the order of the target sentences: the beads (with
    target sentences) left out of the chain of beads, in the given order, whose target
    sentences increase and which holds the most sentences. Empty for a monotonic alignment;
    beads without target sentences are never moved.

    >>> moved_beads([Bead((0,), (0,), 1), Bead((1,), (3,), 1), Bead((2,), (1,), 1), Bead((3,), (2,), 1)])
    (1,)
    """
    keyed = [(k, b.tgt[0], len(b.src) + len(b.tgt)) for k, b in enumerate(beads) if b.tgt]
    starts = [t for _, t, _ in keyed]
    if all(x < y for x, y in zip(starts, starts[1:])):
        return ()
    # Heaviest increasing chain, by a Fenwick tree of prefix maxima over target positions.
    size = max(starts) + 2
    tree: list[tuple[int, int]] = [(0, -1)] * (size + 1)  # (sentences in chain, its last bead)
    before = [-1] * len(keyed)
    total = [0] * len(keyed)
    for pos, (_, t, weight) in enumerate(keyed):
        best, i = (0, -1), t  # chains ending before target position t: tree keys 1..t
        while i > 0:
            best = max(best, tree[i])
            i -= i & -i
        before[pos], total[pos] = best[1], best[0] + weight
        i = t + 1
        while i <= size:
            if (total[pos], pos) > tree[i]:
                tree[i] = (total[pos], pos)
            i += i & -i
    chain: set[int] = set()
    pos = max(range(len(keyed)), key=lambda p: (total[p], p))
    while pos >= 0:
        chain.add(keyed[pos][0])
        pos = before[pos]
    return tuple(k for k, _, _ in keyed if k not in chain)
