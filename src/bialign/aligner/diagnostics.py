"""The not-a-translation warning: :func:`translation_warning` and its thresholds."""

from __future__ import annotations

from typing import Sequence

from .result import Alignment, Bead

__all__ = ["NOT_A_TRANSLATION", "low_score_stretches", "translation_warning"]


# What align() warns about (see translation_warning). Measured (BENCHMARKS.md) on translations:
# median pair-bead score 0.92-0.96 (the 7 Text+Berg documents and ESUJ); at least 91% of each
# side's sentences in pair beads and at most 1 pair bead in a row scoring under 0.2 (Text+Berg).
# Not translations: a document against another one's translation, median 0.004-0.014; the
# ESUJ Japanese against four other English articles on the same talks, 0.03-0.07. A
# translation whose second half is another document's: 11-77 pair beads in a row under 0.2
# (all 7 warned). The ESUJ Japanese against its English followed by those four articles: 39
# of 370 target sentences paired.
NOT_A_TRANSLATION = 0.5  # median score of the beads with both sides
_MIN_PAIRS = 3  # fewer pair beads say too little
_MIN_COVERAGE, _MIN_SIDE = 0.5, 10  # share of a side's sentences in pair beads, for sides of 10+
_LOW_SCORE, _LOW_RUN = 0.2, 5  # this many pair beads in a row scoring under _LOW_SCORE


def low_score_stretches(beads: Sequence[Bead], below: float = _LOW_SCORE) -> list[list[Bead]]:
    """The runs of beads with both sides, in order, that all score under ``below`` (beads
    without two sides between them are passed over: they do not break a run). The
    not-a-translation warning looks for such runs; a benchmark or a corpus filter can too."""
    stretches: list[list[Bead]] = []
    run: list[Bead] = []
    for b in beads:
        if not (b.src and b.tgt):
            continue
        if b.score < below:
            run.append(b)
        elif run:
            stretches.append(run)
            run = []
    return stretches + [run] if run else stretches


_low_stretches = low_score_stretches  # the name before it was public


def translation_warning(alignment: Alignment) -> str | None:
    """A one-line warning when the texts of ``alignment`` do not look like a text and its
    translation, else None. :func:`align` logs it. It names what it found:

    - the whole texts: the median score of the beads with both sides is under
      :data:`NOT_A_TRANSLATION` (and there are at least 3 such beads);
    - one side far longer: fewer than half of its sentences (when it has 10 or more) have a
      counterpart, as when another text was appended or the wrong file taken;
    - a stretch that does not match: 5 or more beads with both sides in a row score under
      0.2 (lone sentences between them do not break the stretch), as when part of a file is
      another text. The longest stretch is named by its sentence numbers (from 1).
    """
    pairs = [b for b in alignment.beads if b.src and b.tgt]
    median = alignment.median_score
    if len(pairs) >= _MIN_PAIRS and median < NOT_A_TRANSLATION:
        return (f"the two texts do not look like translations of each other: the median score of their "
                f"{len(pairs)} paired beads is {median:.2f} (translations score about 0.9, unrelated texts "
                "under 0.1); check that the two inputs are a text and its translation")
    problems = []
    for side, count in (("source", len(alignment.src_sentences)), ("target", len(alignment.tgt_sentences))):
        paired = sum(len(b.src if side == "source" else b.tgt) for b in pairs)
        if count >= _MIN_SIDE and paired < _MIN_COVERAGE * count:
            problems.append(f"only {paired} of the {count} {side} sentences have a counterpart in the other text")
    stretches = [run for run in low_score_stretches(pairs) if len(run) >= _LOW_RUN]
    if stretches:
        longest = max(stretches, key=len)
        src = [i + 1 for b in longest for i in b.src]
        tgt = [j + 1 for b in longest for j in b.tgt]
        problems.append(
            f"source sentences {min(src)}-{max(src)} and target sentences {min(tgt)}-{max(tgt)} do not look like "
            f"translations of each other ({len(longest)} beads in a row score under {_LOW_SCORE}"
            + (f"; there are {len(stretches)} such stretches)" if len(stretches) > 1 else ")"))
    if not problems:
        return None
    return "; ".join(problems) + "; check that the two inputs are a text and its translation throughout"
