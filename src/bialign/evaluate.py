"""Scoring an alignment against a gold alignment, and the bead file format.

**Metric.** Strict and lax precision, recall and F1 of Sennrich & Volk (2011), as the Vecalign
and Bertalign papers compute them with their scoring script (Vecalign's ``score.py``, the same
as Bertalign's ``eval.py``). A *bead* is a pair of sentence-index tuples.

- strict: a bead is right when the other side has exactly that bead.
- lax: a bead is right when some bead of the other side overlaps it on both sides (shares a
  source sentence and a target sentence with it); a bead the other side has exactly is right.
- precision scores the test beads against the gold beads, recall the gold beads against the
  test beads; F1 is their harmonic mean; a 0/0 is 0.

``metric`` says which beads take part:

==============  =====================================  ======================================
metric          precision: test beads scored           recall: gold beads scored
==============  =====================================  ======================================
``published``   all, 1-0 and 0-1 included               those with both sides, against the
(default)       (against all gold beads)                test beads with both sides
``pairs_only``  those with both sides                   those with both sides
``all_beads``   all                                     all (against all test beads)
==============  =====================================  ======================================

``published`` is what the papers report: a 1-0 or 0-1 bead the gold does not have costs
precision, and a sentence wrongly left alone costs recall only through the pair it should have
been in. ``pairs_only`` (bialign's earlier default) scores what is paired; it hides wrong
null beads. ``all_beads`` rewards finding the gold's null beads too. In every metric a bead
list is a set (a bead listed twice counts once) and a bead empty on both sides is ignored, as
in the script. Scores over several documents add the counts of each document (micro average),
as the published numbers do.

**Bead format.** One bead per line, ``[src indices]:[tgt indices]`` with an optional score,
0-based: ``[0]:[0, 1]:0.8312``, ``[]:[2]``. :func:`read_beads` parses it (from a path, a file
object or a string) and :func:`format_beads`/:func:`write_beads` write it.

>>> gold = parse_beads("[0]:[0]\\n[1, 2]:[1]\\n")
>>> test = parse_beads("[0]:[0]\\n[1]:[1]\\n[2]:[]\\n")
>>> s = evaluate(gold, test)
>>> (round(s.strict.precision, 3), s.strict.recall, round(s.lax.precision, 3), s.lax.recall)
(0.333, 0.5, 0.667, 1.0)
>>> evaluate(gold, test, metric="pairs_only").lax.f1
1.0
"""

from __future__ import annotations

import logging
import math
import os
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Iterable, Literal, Sequence, TextIO, get_args

from .aligner import Alignment, Bead
from .io_safety import DEFAULT_MAX_INPUT_BYTES, atomic_writer, read_input_bytes

logger = logging.getLogger(__name__)

__all__ = ["PRF", "EvalScores", "Metric", "coverage_warning", "evaluate", "evaluate_documents", "format_beads", "parse_beads",
           "read_beads", "write_beads"]

Metric = Literal["published", "pairs_only", "all_beads"]


@dataclass(frozen=True, slots=True)
class PRF:
    """Precision, recall and F1."""

    precision: float
    recall: float
    f1: float


@dataclass(frozen=True, slots=True)
class EvalScores:
    """Strict and lax scores; ``test_beads`` were scored for precision, ``gold_beads`` for recall."""

    strict: PRF
    lax: PRF
    gold_beads: int
    test_beads: int
    metric: str = "published"


_Pair = tuple[tuple[int, ...], tuple[int, ...]]


def _pairs(beads: Any, name: str) -> set[_Pair]:
    if isinstance(beads, Alignment):
        beads = beads.beads
    if isinstance(beads, (str, bytes)):
        raise TypeError(f"{name} must be a list of beads; to read a bead file use read_beads() or parse_beads()")
    out = set()
    for k, bead in enumerate(beads):
        if isinstance(bead, Bead):
            src, tgt = bead.src, bead.tgt
        else:
            try:
                src, tgt = bead[0], bead[1]
            except (TypeError, IndexError, KeyError):
                raise TypeError(
                    f"{name}[{k}] is {bead!r}: a bead must be a Bead or a (src indices, tgt indices) pair"
                ) from None
        pair = (tuple(int(i) for i in src), tuple(int(i) for i in tgt))
        if pair[0] or pair[1]:
            out.add(pair)
    return out


def _hits(scored: set[_Pair], reference: set[_Pair]) -> tuple[int, int, int]:
    """(strict hits, lax hits, beads) of the ``scored`` beads against the ``reference`` beads."""
    # For each source sentence, the target sentences of the reference beads that hold it: a
    # scored bead overlaps a reference bead on both sides when one of its source sentences
    # maps to one of its target sentences.
    targets: dict[int, set[int]] = defaultdict(set)
    for src, tgt in reference:
        for i in src:
            targets[i].update(tgt)
    strict = lax = 0
    for bead in scored:
        if bead in reference:
            strict += 1
            lax += 1
        elif any(not targets[i].isdisjoint(bead[1]) for i in bead[0] if i in targets):
            lax += 1
    return strict, lax, len(scored)


def _paired(beads: set[_Pair]) -> set[_Pair]:
    return {b for b in beads if b[0] and b[1]}


def _counts(gold: set[_Pair], test: set[_Pair], metric: str) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    """(precision counts, recall counts), each (strict hits, lax hits, beads scored)."""
    if metric == "published":
        return _hits(test, gold), _hits(_paired(gold), _paired(test))
    if metric == "pairs_only":
        gold, test = _paired(gold), _paired(test)
    return _hits(test, gold), _hits(gold, test)


def _prf(hits: int, total: int, recall_hits: int, recall_total: int) -> PRF:
    p = hits / total if total else 0.0
    r = recall_hits / recall_total if recall_total else 0.0
    return PRF(p, r, 2 * p * r / (p + r) if p + r else 0.0)


def evaluate_documents(golds: Sequence[Any], tests: Sequence[Any], *, metric: Metric = "published") -> EvalScores:
    """Micro-averaged scores over several documents (``golds[k]`` against ``tests[k]``).

    The counts of every document are added before dividing, as the published script does.
    """
    if metric not in get_args(Metric):
        raise ValueError(f"metric must be one of {list(get_args(Metric))}, got {metric!r}")
    if len(golds) != len(tests):
        raise ValueError(f"got {len(golds)} gold and {len(tests)} test documents: pass one test per gold")
    p = [0, 0, 0]
    r = [0, 0, 0]
    for k, (g, t) in enumerate(zip(golds, tests)):
        pc, rc = _counts(_pairs(g, f"gold document {k}"), _pairs(t, f"test document {k}"), metric)
        p = [a + b for a, b in zip(p, pc)]
        r = [a + b for a, b in zip(r, rc)]
    return EvalScores(_prf(p[0], p[2], r[0], r[2]), _prf(p[1], p[2], r[1], r[2]), r[2], p[2], metric)


def evaluate(gold: Any, test: Any, *, metric: Metric = "published") -> EvalScores:
    """Strict and lax precision/recall/F1 of ``test`` beads against ``gold`` beads.

    Each side is an :class:`~bialign.Alignment`, a list of :class:`~bialign.Bead`, or a list of
    ``(src indices, tgt indices)`` pairs (as :func:`read_beads` returns). ``metric`` is
    ``"published"`` (the Vecalign/Bertalign scoring script, the default), ``"pairs_only"`` or
    ``"all_beads"``; see the module docs.
    """
    return evaluate_documents([gold], [test], metric=metric)


# Lax F1 under which two alignments of the same sentences are said to hardly agree: aligners
# that work score 0.8-1.0 lax on the gold sets measured here (BENCHMARKS.md).
UNRELATED_LAX_F1 = 0.3


def coverage_warning(gold: Any, test: Any, *, gold_name: str = "gold", test_name: str = "test",
                     scores: EvalScores | None = None) -> str | None:
    """Why the scores of ``test`` against ``gold`` may mean nothing, or None.

    Two bead files of one document cover the same sentences: the same number on each side,
    every index once. Other counts mean other sentence splits or another document, and the
    scores (often an F1 under 0.1) measure that, not the aligner. With the same counts, a lax
    F1 under :data:`UNRELATED_LAX_F1` also gets a warning: the files look unrelated.
    """
    def sides(beads: Any, name: str) -> tuple[int, int]:
        pairs = _pairs(beads, name)
        src = {i for s, _ in pairs for i in s}
        tgt = {j for _, t in pairs for j in t}
        return (max(src) + 1 if src else 0), (max(tgt) + 1 if tgt else 0)

    (gs, gt), (ts, tt) = sides(gold, gold_name), sides(test, test_name)
    if (gs, gt) != (ts, tt):
        return (f"{gold_name} covers {gs} source and {gt} target sentences, {test_name} {ts} and {tt}: they were "
                "made from other sentence splits or other documents, so the scores below compare unlike things; "
                "align the same pre-split sentences (--presplit) as the gold")
    if scores is None:
        scores = evaluate(gold, test)
    if scores.gold_beads and scores.test_beads and scores.lax.f1 < UNRELATED_LAX_F1:
        return (f"{gold_name} and {test_name} cover the same sentences but hardly agree (lax F1 "
                f"{scores.lax.f1:.2f}): check that they are alignments of the same document")
    return None


# --------------------------------------------------------------------------- the bead format

_LINE = re.compile(r"^\s*\[([^\]]*)\]\s*:\s*\[([^\]]*)\]\s*(?::\s*(\S+)\s*)?$")


# Far more sentences than one document has: a larger index is a damaged or foreign file.
MAX_SENTENCE_INDEX = 9_999_999
_INDEX = re.compile(r"\s*[0-9]{1,12}\s*")


def _indices(text: str, where: str) -> tuple[int, ...]:
    text = text.strip()
    if not text:
        return ()
    parts = text.split(",")
    if not all(_INDEX.fullmatch(x) for x in parts):
        if any(x.strip().startswith("-") for x in parts):
            raise ValueError(f"{where}: sentence indices are 0-based and cannot be negative, got [{text}]")
        raise ValueError(f"{where}: sentence indices must be integers, got [{text}]")
    values = tuple(int(x) for x in parts)
    if max(values) > MAX_SENTENCE_INDEX:
        raise ValueError(f"{where}: sentence index {max(values)} is beyond {MAX_SENTENCE_INDEX:,}; a bead file "
                         "numbers the sentences of one document from 0 (is it a bead file?)")
    return values


def parse_beads(text: str, *, name: str = "<string>") -> list[Bead]:
    """Parse bead-format text. A bead without a score gets score ``nan`` (unknown).

    Raises :class:`ValueError` naming ``name`` and the line for a malformed line, an empty
    bead ``[]:[]``, a bead that repeats an earlier line, a negative or absurdly large index
    (over :data:`MAX_SENTENCE_INDEX`), or a score that is not a finite number. A sentence in
    two different beads is logged as a warning and kept: published gold files have it.
    """
    beads = []
    seen: tuple[dict[int, int], dict[int, int]] = ({}, {})
    lines_seen: dict[tuple[tuple[int, ...], tuple[int, ...]], int] = {}
    overlaps: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        where = f"{name}:{number}"
        m = _LINE.match(line)
        if not m:
            raise ValueError(f"{where}: expected a bead such as [0]:[0, 1] or [0]:[0, 1]:0.83, got {line.strip()!r}")
        score = math.nan
        if m.group(3) is not None:
            try:
                score = float(m.group(3))
            except ValueError:
                raise ValueError(f"{where}: the score after the second ':' must be a number, got {m.group(3)!r}") from None
            if math.isinf(score):
                raise ValueError(f"{where}: the score must be a finite number, got {m.group(3)!r}")
        src, tgt = _indices(m.group(1), where), _indices(m.group(2), where)
        if not src and not tgt:
            raise ValueError(f"{where}: the bead []:[] has no sentence on either side; remove the line")
        if (src, tgt) in lines_seen:
            raise ValueError(f"{where}: the bead {list(src)}:{list(tgt)} repeats line {lines_seen[src, tgt]}; "
                             "remove the duplicated line")
        lines_seen[src, tgt] = number
        # A sentence in two different beads is an error of the file, but published gold sets have
        # it (Text+Berg 002: [227, 218]:[198] after [218, 219]:[191]); the scoring script takes
        # the beads as they are, and so does bialign, saying so.
        for side, ids, known in (("source", src, seen[0]), ("target", tgt, seen[1])):
            for i in ids:
                if i in known:
                    overlaps.append(f"{side} sentence {i} (lines {known[i]} and {number})")
                known.setdefault(i, number)
        beads.append(Bead(src, tgt, score))
    if overlaps:
        logger.warning("%s: %d sentence(s) in two beads, scored as they are: %s%s", name, len(overlaps),
                       "; ".join(overlaps[:3]), "; …" if len(overlaps) > 3 else "")
    return beads


def read_beads(source: str | os.PathLike | TextIO, *, max_bytes: int = DEFAULT_MAX_INPUT_BYTES) -> list[Bead]:
    """Read a bead file (a path or an open text file). Lines starting with ``#`` are comments.

    A path must name a regular UTF-8 file of at most ``max_bytes`` bytes (a device or FIFO
    is refused without reading); errors are :class:`ValueError` naming the file.
    """
    if hasattr(source, "read"):
        return parse_beads(source.read(), name=getattr(source, "name", "<file>"))
    path = os.fspath(source)
    data = read_input_bytes(path, max_bytes, what="a bead file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(f"{path} is not UTF-8 (invalid byte at offset {exc.start}); is it a bead file?") from None
    return parse_beads(text, name=path)


def format_beads(beads: Iterable[Any], *, scores: bool = True) -> str:
    """Bead-format text, one bead per line; scores with 4 decimals when known and ``scores``."""
    if isinstance(beads, Alignment):
        beads = beads.beads
    lines = []
    for bead in beads:
        if isinstance(bead, Bead):
            src, tgt, score = bead.src, bead.tgt, bead.score
        else:
            src, tgt, score = bead[0], bead[1], (bead[2] if len(bead) > 2 else math.nan)
        line = f"[{', '.join(str(int(i)) for i in src)}]:[{', '.join(str(int(i)) for i in tgt)}]"
        if scores and score is not None and not math.isnan(score):
            line += f":{score:.4f}"
        lines.append(line + "\n")
    return "".join(lines)


def write_beads(beads: Iterable[Any], path: str | os.PathLike, *, scores: bool = True,
                overwrite: bool = True) -> None:
    """Write beads to ``path`` in the bead format, atomically (see :func:`bialign.io_safety.atomic_writer`)."""
    text = format_beads(beads, scores=scores)
    with atomic_writer(path, overwrite=overwrite) as f:
        f.write(text)
