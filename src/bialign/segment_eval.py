"""Scoring a segmentation against a gold one: sentence-boundary precision, recall and F1.

:func:`boundary_scores` compares where two segmentations of the same text put their
sentence ends, counting non-whitespace characters so that spacing does not matter;
``benchmarks/segmentation.py`` reports it for bialign and other segmenters. It is
importable from :mod:`bialign.segment` too.

>>> boundary_scores(["日本は晴れ。", "ロシアは雪。"], ["日本は晴れ。ロシアは雪。"]).recall
0.0
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["BoundaryScores", "boundary_scores"]


@dataclass(frozen=True, slots=True)
class BoundaryScores:
    """Sentence-boundary precision, recall and F1 against a gold segmentation."""

    precision: float
    recall: float
    f1: float
    gold: int
    found: int


def boundary_scores(gold: list[str], test: list[str]) -> BoundaryScores:
    """Score the sentence ends of ``test`` against ``gold`` (both lists of sentence strings).

    A boundary is the number of non-whitespace characters before a sentence end, so the two
    segmentations may differ in spacing; they must hold the same characters (else ValueError).
    The end of the text is not counted: it is a boundary in every segmentation.
    """

    def ends(sentences: list[str]) -> tuple[set[int], int]:
        total, out = 0, set()
        for s in sentences:
            total += sum(not c.isspace() for c in s)
            out.add(total)
        out.discard(total)
        return out, total

    g, g_total = ends(gold)
    t, t_total = ends(test)
    if g_total != t_total:
        raise ValueError(
            f"the two segmentations hold different text ({g_total} vs {t_total} non-space "
            "characters); segment the same text that the gold was made from"
        )
    hit = len(g & t)
    p = hit / len(t) if t else 1.0
    r = hit / len(g) if g else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return BoundaryScores(p, r, f, len(g), len(t))
