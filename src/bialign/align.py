"""Monotonic sentence alignment: beads and scores from similarity arrays.

(Skeleton: the aligner itself lands with issue 3.)
"""

from __future__ import annotations

from dataclasses import dataclass

from .provenance import Provenance
from .segment import Sentence


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
    input, the sentences joined with newlines). Every sentence lies in exactly one bead, in
    order.
    """

    src_text: str
    tgt_text: str
    src_sentences: tuple[Sentence, ...]
    tgt_sentences: tuple[Sentence, ...]
    beads: tuple[Bead, ...]
    src_lang: str
    tgt_lang: str
    provenance: Provenance
