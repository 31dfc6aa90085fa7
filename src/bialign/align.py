"""Sentence alignment: beads and scores from similarity arrays.

How it works
------------
The aligner pairs the sentences of a text with those of its translation in order, as
*beads*: 1-1 (one sentence each), 2-1 and 1-2 (a sentence split or merged in translation),
2-2, 3-1 ... up to ``max_bead`` sentences a side, and 1-0 / 0-1 (a sentence with no
counterpart). It never sees a model: :func:`align_embeddings` takes two arrays of
unit-length sentence vectors (and the sentence lengths in characters) and returns beads.
:func:`align` is the one-shot convenience that segments, embeds and aligns two texts.

1. **First pass, a path.** A dynamic program over 1-1 / 1-0 / 0-1 steps finds the monotonic
   path of greatest total cosine similarity. For long texts it runs coarse-to-fine: sentences
   are averaged in blocks (at most ~1,500 blocks a side), the block path is found, and the
   sentence path is searched only in a band around it. Cost and memory grow linearly.
2. **Bead sides.** Every side of a candidate bead (a run of 1 to ``max_bead`` sentences)
   needs a vector. With the default encoder (USE v3) runs of up to 4 sentences get their
   *real* vector almost for free, from what the sentence pass already computed (see
   :class:`bialign.embed.USESpans`): the whole alignment costs about one embedding pass
   plus half. Other encoders: a run is first the length-weighted sum of its sentences'
   vectors, and after a first search the runs near beads other than 1-1 are embedded for
   real (``refine``) and searched again. Without an encoder (:func:`align_embeddings`) the
   sums are used.
3. **The beads.** A dynamic program over every bead type, in a band of ``band`` sentences
   around the first path. A bead's *margin* is its cosine similarity minus the mean of the
   ``margin_k`` best similarities of each of its sides to the other text's sides *of every
   length* near the path (margin-based scoring, Artetxe & Schwenk 2019, extended from
   sentences to runs: a longer text has a higher cosine with everything, and comparing a
   run with runs is what keeps a 2-2 bead from beating two good 1-1 beads just for being
   longer). A bead earns ``(a + b) * margin`` (credit for each sentence it explains), minus
   ``merge_penalty`` for every sentence beyond 1-1 (plus ``wide_penalty`` for 2-2-like beads
   and ``long_penalty`` for sides of 3+), minus a length penalty: the squared log ratio of
   its lengths in characters against the document's own ratio (characters, not bytes or
   words, since Japanese has no spaces and a Japanese character carries ~3x an English one;
   the ratio is measured on the two texts, so no table of language pairs is needed). A bead
   that crosses a paragraph boundary on one side pays ``paragraph_penalty`` when both texts
   have paragraphs: paragraph breaks are soft anchors. A 1-0 or 0-1 bead costs ``skip``.
4. **Lone sentences.** The search charges one ``skip`` for every 1-0/0-1 bead, a single
   price for the whole document; two local second looks follow. A lone sentence next to a
   bead with both sides is merged into it when the merged bead's (real) vector is more
   similar than the bead's own (``attach``): a sentence split off in translation. A lone
   sentence with a pair bead on both sides is merged even when the similarity drops by less
   than ``attach_margin``: under the published metric a wrong 1-0/0-1 bead costs precision,
   and a sentence alone between two pairs is more often a split-off piece than untranslated
   text, which comes in runs (on Text+Berg 001-003, before this rule, 5 of the 9 lone
   sentences between two pair beads were wrong, against 3 of the 30 others). Then a
   lone source sentence and a lone target sentence are paired *out of order* when each is
   the other's most similar sentence nearby (``moved``): a sentence or caption translated in
   another place, which no monotonic search can pair. Such a bead stays at the source
   sentence's place; :attr:`Alignment.moved` lists them. On Text+Berg documents 001-003
   (where the settings were chosen) these two steps raise strict F1 from 0.911 to 0.927 under
   the published metric (see :mod:`bialign.evaluate`), and from 0.925 to 0.933 on all 7
   with 1-0/0-1 beads left out.
5. **Scores.** Each bead gets a probability of being right from a logistic model of its
   similarity, length penalty, size and the similarity of the beads around it (1-0/0-1
   beads: of how well the lone sentence matches anything near it). See :data:`CALIBRATION`
   for how it was fitted.

Everything is deterministic: no sampling, ties broken in a fixed order.

Results for inputs that are not translations of each other: the aligner still returns a
path of mostly 1-1 beads (a bead of unrelated sentences costs less than two
skips), but their scores are low (typically < 0.2), which is the signal to look at:
:class:`Aligner` logs a warning when the median score is under :data:`NOT_A_TRANSLATION`, when
most of one side has no counterpart, or when a stretch of beads in a row scores low (see
:func:`translation_warning`). An empty
side gives only 1-0 or 0-1 beads, with score 1.0 (there is nothing they could pair with).

Tried and not kept
------------------
These were measured on Text+Berg with USE v3, with 1-0/0-1 beads left out of the scores
(``metric="pairs_only"``; strict F1 of the defaults then: 0.930 on tuning documents 001-003,
0.936 on held-out 004-007, 0.933 on all 7), before ``attach_margin`` went from 0 to 0.04 for
the published metric. The scripts were not kept, so this is a record of results, not
something to re-run:

- Subtracting each side's mean vector before the search (removing the "language direction"),
  fully or half: 0.932 / 0.933 on all 7.
- Minimum-Bayes-risk decoding: bead posteriors from forward-backward over the same rewards
  at temperature T, then the path with the greatest sum of (posterior - threshold). This
  gives the Viterbi path back as T goes to 0. At T = 0.05 to 0.2 and thresholds 0.3 to 0.7 it
  scored 0.850-0.932. The rewards are not calibrated log-probabilities, the likely reason
  smoothing them does not help.
- An orthogonal map (Procrustes) from the source to the target space, fitted per document on
  mutual best-match sentence pairs and blended with the identity at 0.25-1: 0.859-0.925. A
  document's few hundred pairs overfit 512 dimensions.
- A length penalty that trusts short beads less (Gale and Church's variance grows with
  length): the squared log ratio scaled by min(1, characters / L) for L = 50-400, and
  ``length_weight`` 0.45-0.9. Tuning scored 0.922-0.930.
- Blending each run's real vector with the sum of its sentences' vectors (weight 0.25 on the
  sum): tuning 0.933, held out 0.931.
- Lowering or raising the ``attach`` threshold from 0 (-0.04 to +0.01) for every lone
  sentence, runs included: tuning 0.926-0.929 (pairs only). Kept in another form: a margin
  for isolated lone sentences only (``attach_margin``), chosen under the published metric.
- A dearer 1-0/0-1 bead for the published metric, ``skip`` 0.7 instead of 0.5 (with
  ``attach_margin`` 0.04), published strict / lax F1: tuning 0.926 / 0.995 (0.927 / 0.990 at
  0.5), held out 0.917 / 0.978 (0.925 / 0.976 before either change). It lost strict F1 on the
  held-out documents, so it was not kept; that look at the held-out half is the only one the
  current defaults had.
- Ranking adjacent 1-1 pairs for a 2-2 merge by cross-similarity and length: only 5 gold 2-2
  beads lie among 544 such pairs in all 7 documents, and no feature ranks them high enough to
  act on.
"""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass, field, fields, replace
from typing import Any, Literal, Mapping, Sequence, get_args

import numpy as np

from .provenance import Provenance
from .segment import Sentence

logger = logging.getLogger(__name__)

__all__ = ["AlignParams", "Aligner", "Alignment", "Bead", "align", "align_embeddings", "moved_beads",
           "translation_warning", "CALIBRATION", "NOT_A_TRANSLATION"]


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


# --------------------------------------------------------------------------- parameters

AnchorMode = Literal["soft", "ignore"]
#: How raw text is cut into paragraphs (see :func:`bialign.segment`): ``"auto"`` is ``"line"``
#: unless the text looks hard-wrapped (:func:`bialign.segment.hard_wrapped`), then ``"blank"``.
ParagraphMode = Literal["auto", "line", "blank"]

#: Logistic calibration of bead scores. ``pair``: intercept and weights of (cosine similarity
#: of the bead, length penalty, extra sentences, context: the median similarity of the 3
#: beads with two sides on either side) for beads with both sides; ``skip``: intercept and
#: weight of the lone sentence's best similarity to a sentence near it, for 1-0/0-1 beads.
#: The score is the chance that the bead is right *as an alignment*: the context weighs
#: most, because a poor bead among good ones is, in real translations, mostly a loose or
#: noisy rendering in its right place, and a poor bead among poor ones is no translation at
#: all. How well the sentences match is the ``similarity`` check's business
#: (:mod:`bialign.compare.similarity`). Fitted by
#: ``python benchmarks/textberg.py --calibrate`` on the beads the aligner (with the default
#: USE encoder and settings) produced for Text+Berg documents 001-003, labelled right when
#: the bead is exactly a gold bead, plus the beads of three mismatched pairs (German of one
#: document against the French of another), all labelled wrong, so that unrelated text
#: gets low scores; checked on documents 004-007 (see BENCHMARKS.md). Other
#: encoders and language pairs shift the margin scale, so read scores from them as a
#: ranking first and a probability second.
CALIBRATION: Mapping[str, tuple[float, ...]] = {
    "pair": (-6.743, 4.074, -4.205, -1.373, 12.139),
    "skip": (2.407, -2.848),
}


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


def _low_stretches(beads: Sequence[Bead], below: float = _LOW_SCORE) -> list[list[Bead]]:
    """The runs of beads with both sides, in order, that all score under ``below`` (beads
    without two sides between them are passed over: they do not break a run)."""
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
    stretches = [run for run in _low_stretches(pairs) if len(run) >= _LOW_RUN]
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


@dataclass(frozen=True)
class AlignParams:
    """Settings of the aligner (all keyword options of :func:`align`).

    ``max_bead``: most sentences on one side of a bead (bead types are every ``a-b`` with
    ``1 <= a, b <= max_bead`` and ``a + b <= max_bead + 1``, plus 1-0 and 0-1).
    ``band``: half-width, in sentences, of the search band around the first-pass path.
    ``margin_k``: neighbours averaged for the margin. ``merge_penalty``: cost of each
    sentence a bead has beyond 1-1. ``skip``: cost of a 1-0 or 0-1 bead. ``length_weight``:
    weight of the squared log length ratio. ``weight_power``: sentences are summed with
    weight ``len ** weight_power`` to represent a multi-sentence side. ``anchors``:
    ``"soft"`` (paragraph breaks are soft anchors) or ``"ignore"``; ``paragraph_penalty``: cost of
    each side of a bead that crosses a paragraph break. ``wide_penalty``: extra cost of a
    bead with 2+ sentences on both sides; ``long_penalty``: extra cost of a bead with a side
    of 3+ sentences. ``refine``: 0 never embeds runs of sentences (sums of sentence vectors
    only); otherwise runs are embedded for real: all runs of up to 4 sentences when the
    encoder can do it cheaply (USE v3), else the 2- and 3-sentence runs within ``refine``
    sentences of each bead other than 1-1, followed by a second search (it only applies
    when :func:`align` has an encoder). ``attach``: after the search, merge a 1-0 or 0-1 bead
    into the pair bead next to it when the merged bead is more similar than that bead alone
    (see the module notes, step 4); ``attach_margin``: a lone sentence with a pair bead on
    both sides is merged even when the similarity drops, by less than this. ``moved``: then
    pair a lone source sentence with a lone target sentence out of order when each is the
    other's most similar sentence within
    ``moved_window`` sentences and their cosine similarity is at least ``moved_similarity``
    (a sentence or caption moved in translation; such beads are listed by
    :attr:`Alignment.moved`).

    The defaults were chosen by a grid search on Text+Berg documents 001-003 (German-French,
    USE v3, real runs); documents 004-007 were not used for choosing them (see BENCHMARKS.md).
    """

    max_bead: int = 4
    band: int = 8
    margin_k: int = 16
    margin_weight: float = 1.0
    merge_penalty: float = 0.5
    skip: float = 0.5
    length_weight: float = 0.45
    weight_power: float = 1.0
    anchors: AnchorMode = "soft"
    paragraph_penalty: float = 1.0
    refine: int = 1
    wide_penalty: float = 0.2
    long_penalty: float = 0.2
    attach: bool = True
    attach_margin: float = 0.04
    moved: bool = True
    moved_similarity: float = 0.3
    moved_window: int = 10

    def __post_init__(self) -> None:
        if not isinstance(self.max_bead, int) or isinstance(self.max_bead, bool) or not 1 <= self.max_bead <= 8:
            raise ValueError(f"max_bead must be an int from 1 to 8, got {self.max_bead!r}")
        if not isinstance(self.band, int) or isinstance(self.band, bool) or self.band < 1:
            raise ValueError(f"band must be a positive int (sentences either side of the path), got {self.band!r}")
        if not isinstance(self.margin_k, int) or self.margin_k < 1:
            raise ValueError(f"margin_k must be a positive int, got {self.margin_k!r}")
        for name in ("attach", "moved"):
            if not isinstance(getattr(self, name), bool):
                raise ValueError(f"{name} must be True or False, got {getattr(self, name)!r}")
        if not isinstance(self.refine, int) or isinstance(self.refine, bool) or self.refine < 0:
            raise ValueError(f"refine must be an int of 0 or more (sentences around uncertain beads), "
                             f"got {self.refine!r}")
        if not isinstance(self.moved_window, int) or isinstance(self.moved_window, bool) or self.moved_window < 1:
            raise ValueError(f"moved_window must be a positive int (sentences), got {self.moved_window!r}")
        if self.anchors not in get_args(AnchorMode):
            raise ValueError(f"anchors must be one of {list(get_args(AnchorMode))}, got {self.anchors!r}")
        for name in ("margin_weight", "merge_penalty", "skip", "length_weight", "weight_power", "paragraph_penalty",
                     "wide_penalty", "long_penalty", "moved_similarity", "attach_margin"):
            value = getattr(self, name)
            if not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value):
                raise ValueError(f"{name} must be a finite number, got {value!r}")

    def bead_types(self) -> list[tuple[int, int]]:
        """The allowed ``(a, b)`` bead sizes, 1-1 first (ties go to the earlier type)."""
        types = [(1, 1), (1, 0)]
        for total in range(3, self.max_bead + 2):
            for a in range(total - 1, 0, -1):
                types.append((a, total - a))
        return types

    def as_settings(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


_PARAM_NAMES = frozenset(f.name for f in fields(AlignParams))

# --------------------------------------------------------------------------- the core

_NEG = -1e18
_SKIP01 = -1  # backpointer code of a 0-1 bead (handled by the in-row scan)
_START = -2


def _check_embeddings(x: np.ndarray, name: str) -> np.ndarray:
    x = np.asarray(x, dtype=np.float32)
    if x.ndim != 2:
        raise ValueError(f"{name} must be a 2-D array (sentences x dimensions), got shape {x.shape}")
    if not np.all(np.isfinite(x)):
        raise ValueError(f"{name} contains NaN or infinite values: check the encoder output")
    return x


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


# Spans longer than 3 sentences stay approximated: they are rare (3% of Text+Berg gold beads)
# and embedding them would double the refinement cost.
_REFINE_MAX = 3
# With an encoder that embeds runs cheaply, every side of up to this many sentences is real,
# asked for _SPAN_CHUNK runs at a time.
_SPAN_MAX = 4
_SPAN_CHUNK = 8192


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


# Beads either side of a bead whose similarity makes its context (see _context_similarity).
_CONTEXT = 3


def _context_similarity(sims: np.ndarray, width: int) -> np.ndarray:
    """For each bead, the median similarity of the ``width`` beads with both sides before it
    and the ``width`` after it (NaN marks beads without two sides; a bead with no such
    neighbour gets its own similarity). A poor bead among good ones is likely a rough
    translation; a poor bead among poor ones, text that is no translation at all."""
    pairs = np.flatnonzero(~np.isnan(sims))
    out = np.full(sims.shape, np.nan)
    values = sims[pairs]
    for p, k in enumerate(pairs.tolist()):
        around = np.concatenate([values[max(0, p - width):p], values[p + 1:p + 1 + width]])
        out[k] = float(np.median(around)) if around.size else values[p]
    return out


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-np.clip(x, -50, 50)))


@dataclass(frozen=True)
class _Core:
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


def _align_core(src, tgt, src_lengths, tgt_lengths, src_paragraphs, tgt_paragraphs, params, keep_similarity,
                span_vectors=None, tick=None) -> _Core:
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
    ps = _as_vector(src_paragraphs, n, "src_paragraphs", 0.0)
    pt = _as_vector(tgt_paragraphs, m, "tgt_paragraphs", 0.0)
    use_paragraphs = (
        params.anchors == "soft" and src_paragraphs is not None and tgt_paragraphs is not None
        and len(set(ps.tolist())) > 1 and len(set(pt.tolist())) > 1
    )

    # 1. First pass and the bands.
    nodes = _first_pass(src, tgt, params.band)
    lo, hi = _band_from_nodes(nodes, n, m, params.band)
    lo_t, hi_t = _band_from_nodes(nodes[:, ::-1], m, n, params.band)

    # 2. Each sentence's best match near the path (for the scores of 1-0/0-1 beads).
    widen = 2 * params.band
    _, top_s = _neighbourhood(src, tgt, lo, hi, params.margin_k, widen)
    _, top_t = _neighbourhood(tgt, src, lo_t, hi_t, params.margin_k, widen)

    # 3. Prefix sums: weighted vectors, lengths.
    ws = np.power(np.maximum(ls, 1.0), params.weight_power)
    wt = np.power(np.maximum(lt, 1.0), params.weight_power)
    cs = np.zeros((n + 1, src.shape[1]))
    np.cumsum(src * ws[:, None], axis=0, out=cs[1:])
    ct = np.zeros((m + 1, tgt.shape[1]))
    np.cumsum(tgt * wt[:, None], axis=0, out=ct[1:])
    len_s = np.concatenate([[0.0], np.cumsum(ls)])
    len_t = np.concatenate([[0.0], np.cumsum(lt)])
    ratio = _length_ratio(nodes, ls, lt)
    smooth = 0.25 * max(len_t[-1] / m, 1.0)  # in target characters
    types = params.bead_types()
    max_a = max(a for a, _ in types)
    max_b = max(b for _, b in types)

    # Real embeddings of multi-sentence spans, when the caller can make them:
    # exact[side][size] = (mask over span ends, vectors by span end).
    exact: dict[str, dict[int, tuple[np.ndarray, np.ndarray]]] = {"src": {}, "tgt": {}}

    row_cache: dict[str, Any] = {"i": -1}
    tables: dict[str, np.ndarray] = {}

    def bead_sims(i, cols):
        """Cosine similarity of every (a, b) bead ending at row ``i`` and each column."""
        if row_cache["i"] != i:
            sv, tv = tables["src"][i], tables["tgt"]
            row_cache.update(i=i, sims={b: sv @ tv[cols, b - 1].T for b in range(1, max_b + 1)})
        return row_cache["sims"]

    reference: dict[str, dict[int, np.ndarray]] = {}

    def reward(i, t, cols):
        if t is None or types[t] == (1, 0):
            return np.full(cols.size, -params.skip)
        a, b = types[t]
        sims = bead_sims(i, cols)[b][a - 1]
        jb = np.maximum(cols - b, 0)
        margin = sims - params.margin_weight * 0.5 * (reference["src"][a][i] + reference["tgt"][b][cols])
        src_chars = len_s[i] - len_s[i - a]
        tgt_chars = len_t[cols] - len_t[jb]
        lr = np.log((tgt_chars + smooth) / (ratio * src_chars + smooth))
        r = (a + b) * margin - params.merge_penalty * (a + b - 2) - params.length_weight * (a + b) * lr * lr
        if a > 1 and b > 1:
            r = r - params.wide_penalty
        if max(a, b) > 2:
            r = r - params.long_penalty
        if use_paragraphs:
            crossings = (ps[i - 1] != ps[i - a]) + (pt[np.maximum(cols - 1, 0)] != pt[jb])
            r = r - params.paragraph_penalty * crossings
        return r

    def search():
        row_cache["i"] = -1
        reference.update(_span_neighbourhoods(tables["src"], tables["tgt"], n, m, lo, hi, lo_t, hi_t, max_a, max_b,
                                              params.margin_k, widen))
        return _banded_dp(n, m, lo, hi, types, reward, tick)

    refine = span_vectors is not None and params.refine > 0
    if refine and getattr(span_vectors, "all_spans", False):
        # 3b. The encoder embeds runs of sentences nearly for free (see bialign.embed.USESpans):
        # every multi-sentence side of up to _SPAN_MAX sentences gets its real vector, written
        # straight into the tables a chunk at a time (memory stays linear and small), then one
        # search. Sums are needed only for single sentences and runs longer than _SPAN_MAX,
        # and each prefix sum goes as soon as its table is built.
        summed = {side: 1 if biggest <= _SPAN_MAX else biggest for side, biggest in (("src", max_a), ("tgt", max_b))}
        tables["src"] = _side_table(cs, n, max_a, summed=summed["src"])
        del cs
        tables["tgt"] = _side_table(ct, m, max_b, summed=summed["tgt"])
        del ct
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
        # The tables hold all the search needs: let the caller's span embedder (and its
        # per-sentence buffers) go before the search.
        release = getattr(span_vectors, "release", None)
        span_vectors = None
        if release is not None:
            release()
        path = search()
    else:
        tables["src"], tables["tgt"] = _side_tables(cs, ct, exact, n, m, max_a, max_b)
        path = search()
        if refine:
            # 3b. The sum of sentence vectors understates how well a group of sentences
            # matches its translation (the encoder sees no context). Embed the real
            # concatenations, but only of spans near the places the first answer was unsure
            # of (beads other than 1-1), then search again.
            src_spans, tgt_spans = _spans_to_refine(path, n, m, max_a, max_b, params.refine)
            _set_exact(exact, "src", src_spans, span_vectors, n, src.shape[1])
            _set_exact(exact, "tgt", tgt_spans, span_vectors, m, src.shape[1])
            tables["src"], tables["tgt"] = _side_tables(cs, ct, exact, n, m, max_a, max_b)
            path = search()

    # 4. Lone sentences next to a pair bead.
    if params.attach:
        def pair_sim(a, b, i, j):
            return float(tables["src"][i, a - 1] @ tables["tgt"][j, b - 1])

        def crosses(a, b, i, j):
            return bool(ps[i - 1] != ps[i - a] or (pt[j - 1] != pt[j - b]))

        path = _attach_orphans(path, pair_sim, {t for t in types if t[0] and t[1]},
                               crosses if use_paragraphs else None, params.attach_margin)
    if params.moved:
        path = _pair_moved(path, src, tgt, params.moved_similarity, params.moved_window)

    # 5. Scores.
    beads: list[Bead] = []
    feats: list[tuple[float, ...]] = []
    pair_w = np.asarray(CALIBRATION["pair"])
    skip_w = np.asarray(CALIBRATION["skip"])
    sims = np.array([float(tables["src"][i, a - 1] @ tables["tgt"][j, b - 1]) if a and b else np.nan
                     for a, b, i, j in path])
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
    similarity = None
    if keep_similarity and n * m <= 4_000_000:
        similarity = src @ tgt.T
    return _Core(beads, similarity, feats)


# --------------------------------------------------------------------------- the API


def _sentences(side: Any, lang: str, name: str, paragraphs: ParagraphMode = "line") -> tuple[str, list[Sentence]]:
    """The text and sentences of one side. Pre-split sentences (str, or :class:`Sentence`
    whose ``paragraph`` is kept) are joined with a newline, and with a blank line where the
    paragraph changes; their offsets point into that text."""
    from .text import check_no_surrogates

    if isinstance(side, str):
        from .segment import segment

        check_no_surrogates(side, f"the {name} text")
        return side, segment(side, lang, paragraphs=_paragraph_mode(side, lang, name, paragraphs))
    if isinstance(side, (list, tuple)):
        out: list[Sentence] = []
        pieces: list[str] = []
        pos = 0
        for k, s in enumerate(side):
            paragraph = s.paragraph if isinstance(s, Sentence) else 0
            if isinstance(s, Sentence):
                s = s.text
            if not isinstance(s, str):
                raise TypeError(
                    f"{name} must be a text (str) or a list of sentence strings; item {k} is a {type(s).__name__}"
                )
            if out:
                pieces.append("\n" if paragraph == out[-1].paragraph else "\n\n")
                pos += len(pieces[-1])
            check_no_surrogates(s, f"{name} sentence {k}")
            pieces.append(s)
            out.append(Sentence(s, pos, pos + len(s), paragraph))
            pos += len(s)
        return "".join(pieces), out
    raise TypeError(f"{name} must be a text (str) or a list of sentence strings, got {type(side).__name__}")


class Aligner:
    """A configured aligner: set the encoder and options once, align many document pairs.

    ``encoder`` is an :class:`~bialign.embed.Encoder`, a sentence-transformers model name or
    local path (a str), or None for the offline default (USE v3). ``progress``: show a tqdm
    bar on stderr for each alignment (the CLI passes ``not --quiet and stderr is a
    terminal``). Other keyword options are the fields of :class:`AlignParams`; unknown names
    are rejected.

    >>> aligner = Aligner(max_bead=3)                   # doctest: +SKIP
    >>> result = aligner.align(ja_text, en_text)        # doctest: +SKIP
    """

    def __init__(self, *, encoder: Any = None, progress: bool = False, paragraphs: ParagraphMode = "auto",
                 **options: Any) -> None:
        unknown = sorted(set(options) - _PARAM_NAMES)
        if unknown:
            raise TypeError(f"unknown aligner option(s) {unknown}; valid options: "
                            f"{sorted(_PARAM_NAMES | {'encoder', 'paragraphs', 'progress'})}")
        if paragraphs not in get_args(ParagraphMode):
            raise ValueError(f"paragraphs must be one of {list(get_args(ParagraphMode))}, got {paragraphs!r}"
                             + ("; the paragraph anchors of the search are the option anchors='soft'|'ignore'"
                                if paragraphs in get_args(AnchorMode) else ""))
        self.paragraphs = paragraphs
        self.params = AlignParams(**options)
        self.encoder = _resolve_encoder(encoder)
        self.progress = bool(progress)

    def __repr__(self) -> str:
        return f"Aligner(encoder={self.encoder.id!r}, {self.params})"

    def align(self, src: str | Sequence[str], tgt: str | Sequence[str], *, src_lang: str = "ja",
              tgt_lang: str = "en") -> Alignment:
        """Segment (unless pre-split), embed and align; see :func:`align`."""
        return self._run(src, tgt, src_lang, tgt_lang)[0]

    def _run(self, src, tgt, src_lang, tgt_lang) -> tuple[Alignment, _Core]:
        """The alignment and the core's per-bead features (used to fit :data:`CALIBRATION`)."""
        from .embed import CachedEncoder
        from .segment import check_language

        src_lang = check_language(src_lang)
        tgt_lang = check_language(tgt_lang)
        # The bar shows each stage in its own unit: texts segmented, sentences embedded, rows searched.
        bar = _progress_bar(self.progress, total=2)
        try:
            src_text, src_sents = _sentences(src, src_lang, "src", self.paragraphs)
            bar.update(1)
            tgt_text, tgt_sents = _sentences(tgt, tgt_lang, "tgt", self.paragraphs)
            bar.update(1)
        except BaseException:
            bar.close()
            raise
        n, m = len(src_sents), len(tgt_sents)
        texts = [s.text for s in src_sents] + [s.text for s in tgt_sents]
        _next_stage(bar, "embedding", "sent", n + m)
        try:
            start = time.perf_counter()
            raw = self.encoder.encoder if isinstance(self.encoder, CachedEncoder) else self.encoder
            runs = None
            if hasattr(raw, "encode_with_spans") and n and m:
                runs = raw.encode_with_spans(texts, progress=bar.update)
            if runs is not None:
                # The encoder embeds runs of sentences from its sentence pass (USE v3): one
                # pass over the text, and every multi-sentence side of a bead is real.
                both = runs.vectors
                span_vectors = _run_embedder(runs, n)
                timer, embedded = runs, len(runs)
            else:
                cache = CachedEncoder(self.encoder)
                both = _embed_texts(cache, texts, progress=bar.update)
                span_vectors = _span_embedder(cache, src_sents, tgt_sents, src_lang, tgt_lang, both.shape[1])
                timer, embedded = cache, None
            if bar.n < n + m:  # blank or repeated sentences need no model call
                bar.update(n + m - bar.n)
            # a first search, the spans, a second search when runs are embedded after a first search
            _next_stage(bar, "searching", "row", (n + 1) * (2 if runs is None and self.params.refine > 0 else 1))
            src_emb, tgt_emb = both[:n], both[n:]
            sentence_seconds = timer.seconds
            core_start = time.perf_counter()
            core = _align_core(
                src_emb, tgt_emb,
                [len(s.text) for s in src_sents], [len(s.text) for s in tgt_sents],
                [s.paragraph for s in src_sents],
                [s.paragraph for s in tgt_sents],
                self.params, keep_similarity=True, span_vectors=span_vectors,
                tick=lambda rows: bar.update(rows),
            )
            end = time.perf_counter()
        finally:
            bar.close()
        embed_seconds = timer.seconds  # sentences and the spans
        logger.info("aligned %d x %d sentences: %d beads (embedding %.2f s, aligning %.2f s)",
                    n, m, len(core.beads), embed_seconds, end - core_start)
        settings = {"aligner": "bialign-dp", "src_lang": src_lang, "tgt_lang": tgt_lang,
                    "presplit": not isinstance(src, str), "spans": "runs" if runs is not None else "joined",
                    "paragraphs": self.paragraphs,
                    **self.params.as_settings()}
        alignment = Alignment(
            src_text, tgt_text, tuple(src_sents), tuple(tgt_sents), tuple(core.beads), src_lang, tgt_lang,
            Provenance(self.encoder.id, settings), similarity=core.similarity,
            stats={"embed_seconds": embed_seconds, "sentence_embed_seconds": sentence_seconds,
                   "align_seconds": end - core_start - (embed_seconds - sentence_seconds),
                   "total_seconds": end - start,
                   "embedded_texts": embedded if embedded is not None else timer.misses},
        )
        warning = translation_warning(alignment)
        if warning:
            logger.warning(warning)
        from .notices import alignment_notices

        for notice in alignment_notices(alignment):
            logger.warning(notice)
        return alignment, core


class _NoBar:
    n = 0
    total = 0
    unit = ""

    def update(self, k: int = 1) -> None:
        pass

    def set_description(self, desc: str, refresh: bool = True) -> None:
        pass

    def reset(self, total: int | None = None) -> None:
        pass

    def close(self) -> None:
        pass


def _progress_bar(enabled: bool, total: int):
    """A tqdm bar on stderr, stage by stage (see :func:`_next_stage`), or a no-op."""
    if not enabled:
        return _NoBar()
    import sys

    from tqdm.auto import tqdm

    return tqdm(total=total, desc="segmenting", unit="text", file=sys.stderr, leave=False, dynamic_ncols=True)


def _next_stage(bar, desc: str, unit: str, total: int) -> None:
    """Start the next stage on ``bar``: its own name, unit and count (so 3,506 sentences read 3,506 sent)."""
    bar.set_description(desc, refresh=False)
    bar.unit = unit
    bar.reset(total=total)


def _paragraph_mode(text: str, lang: str, name: str, mode: ParagraphMode) -> str:
    """``mode``, with ``"auto"`` decided for ``text``: ``"blank"`` (logged) if it looks hard-wrapped."""
    if mode != "auto":
        return mode
    from .segment import hard_wrapped

    wrapped = hard_wrapped(text, lang)
    if wrapped is None:
        return "line"
    inside, breaks = wrapped
    logger.warning("the %s text looks hard-wrapped (%d of its %d line breaks fall inside a sentence): its line "
                   "breaks are read as spaces and only blank lines end a paragraph; pass paragraphs='line' "
                   "(CLI: --paragraphs line) if every line is a paragraph", {"src": "source", "tgt": "target"}[name],
                   inside, breaks)
    return "blank"


def _run_embedder(runs, n):
    """The span callback over a :class:`~bialign.embed.USESpans` of both sides (tgt after src)."""
    def span_vectors(side, spans):
        offset = 0 if side == "src" else n
        return runs.spans([(start + offset, size) for start, size in spans])

    span_vectors.all_spans = True
    span_vectors.release = runs.release  # the search needs only the tables the runs went into
    return span_vectors


def _span_embedder(cache, src_sents, tgt_sents, src_lang, tgt_lang, dim):
    """The refinement callback: embeds runs of consecutive sentences, joined as they read."""
    def joiner(lang):
        return "" if lang in ("ja", "zh", "th") else " "

    def span_vectors(side, spans):
        sents, glue = (src_sents, joiner(src_lang)) if side == "src" else (tgt_sents, joiner(tgt_lang))
        texts = [glue.join(s.text for s in sents[start:start + size]) for start, size in spans]
        return _embed_texts(cache, texts, dim)

    return span_vectors


def _embed_texts(cache, texts: list[str], dim: int | None = None, progress=None) -> np.ndarray:
    """Embed texts; blank ones get a zero vector (they match nothing) without a model call.
    ``progress(k)``, if given, hears of every ``k`` texts done (they go in chunks then)."""
    real = [k for k, t in enumerate(texts) if t.strip()]
    if progress is None or len(real) <= _PROGRESS_CHUNK:
        vectors = cache.encode([texts[k] for k in real]) if real else None
    else:
        parts = []
        for c in range(0, len(real), _PROGRESS_CHUNK):
            parts.append(cache.encode([texts[k] for k in real[c:c + _PROGRESS_CHUNK]]))
            progress(len(parts[-1]))
        vectors = np.concatenate(parts)
    width = vectors.shape[1] if vectors is not None else (dim or 1)
    out = np.zeros((len(texts), width), dtype=np.float32)
    if vectors is not None:
        out[real] = vectors
    return out


_PROGRESS_CHUNK = 512


def _resolve_encoder(encoder: Any):
    from .embed import Encoder, SentenceTransformerEncoder, default_encoder

    if encoder is None:
        return default_encoder()
    if isinstance(encoder, str):
        return SentenceTransformerEncoder(encoder)
    if isinstance(encoder, Encoder):
        return encoder
    raise TypeError(
        "encoder must be None (the offline default), a sentence-transformers model name or path, "
        f"or an object with .encode(list[str]) and .id; got {type(encoder).__name__}"
    )


def align(
    src: str | Sequence[str],
    tgt: str | Sequence[str],
    *,
    src_lang: str = "ja",
    tgt_lang: str = "en",
    encoder: Any = None,
    progress: bool = False,
    **options: Any,
) -> Alignment:
    """Align a text with its translation, sentence by sentence.

    ``src`` and ``tgt`` are raw texts (segmented with :func:`bialign.segment` for
    ``src_lang``/``tgt_lang``; line breaks are paragraph breaks, used as soft anchors) or
    lists of sentences (pre-split: strings, or :class:`~bialign.segment.Sentence` objects
    whose ``paragraph`` numbers then serve as soft anchors; ``Alignment.src_text`` is the
    sentences joined with newlines, with a blank line between paragraphs, and the offsets
    point into it). ``encoder``: None for the offline
    default (USE v3), a sentence-transformers model name or directory, or an encoder
    object. ``progress=True`` shows a tqdm bar on stderr (sentences embedded, then rows
    searched; the library prints nothing otherwise). ``paragraphs``: how raw text is cut into
    paragraphs (the soft anchors): ``"line"``, every line break ends one; ``"blank"``, only blank
    lines do (hard-wrapped text); ``"auto"`` (the default), ``"line"`` unless the text looks
    hard-wrapped (most line breaks inside sentences), which is logged. Other options
    (``max_bead=4``, ``band=8``, ``anchors="soft"`` ...) are the fields of :class:`AlignParams`.

    Every sentence ends up in exactly one bead, in order apart from the beads in
    :attr:`Alignment.moved` (sentences translated in another place; ``moved=False`` keeps
    both texts in order); each bead has a score in [0, 1], the estimated probability that
    it is right.

    >>> result = align("日本は晴れ。ロシアは雪。", "Japan is sunny. Russia has snow.")  # doctest: +SKIP
    >>> [(b.type, b.score > 0.5) for b in result.beads]                                  # doctest: +SKIP
    [('1-1', True), ('1-1', True)]
    """
    return Aligner(encoder=encoder, progress=progress, **options).align(src, tgt, src_lang=src_lang, tgt_lang=tgt_lang)
