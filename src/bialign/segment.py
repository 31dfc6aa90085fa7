"""Sentences with character offsets.

(Skeleton: the segmenter itself lands with issue 2.)
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of a text.

    ``start`` and ``end`` are character offsets into the text that was segmented, so that
    ``text[s.start:s.end] == s.text`` always holds. ``paragraph`` counts paragraphs (blocks
    separated by a line break) from 0.
    """

    text: str
    start: int
    end: int
    paragraph: int = 0
