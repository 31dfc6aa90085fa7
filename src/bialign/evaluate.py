"""Scoring an alignment against a gold alignment, and the bead file format.

**Metric.** Strict and lax precision, recall and F1 of Sennrich & Volk (2011), the metric of
the Vecalign and Bertalign papers. A *bead* is a pair of sentence-index tuples.

- strict: a test bead is right when the gold has exactly that bead. Precision = right test
  beads / test beads; recall = gold beads found exactly / gold beads.
- lax: a test bead is right when some gold bead overlaps it on both sides (shares a source
  sentence and a target sentence); a gold bead is found when some test bead overlaps it on
  both sides.

As in the Vecalign/Bertalign evaluation, 1-0 and 0-1 beads are left out on both sides by
default (``nulls=False``): the metric scores what is paired. ``lax_recall="vecalign"``
reproduces the published scoring script, whose lax recall divides the lax true positives
of the test side by themselves plus the gold beads not matched *strictly*; the default
(``"symmetric"``) is the definition above. Scores over several documents add the counts of
each document (micro average), as the published numbers do.

**Bead format.** One bead per line, ``[src indices]:[tgt indices]`` with an optional score,
0-based: ``[0]:[0, 1]:0.8312``, ``[]:[2]``. :func:`read_beads` parses it (from a path, a file
object or a string) and :func:`format_beads`/:func:`write_beads` write it.

>>> gold = parse_beads("[0]:[0]\\n[1, 2]:[1]\\n")
>>> test = parse_beads("[0]:[0]\\n[1]:[1]\\n[2]:[]\\n")
>>> s = evaluate(gold, test)
>>> (s.strict.f1, s.lax.f1)
(0.5, 1.0)
"""

from __future__ import annotations

import math
import os
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Iterable, Literal, Sequence, TextIO, get_args

from .align import Alignment, Bead
from .io_safety import DEFAULT_MAX_INPUT_BYTES, atomic_writer, read_input_bytes

__all__ = ["PRF", "EvalScores", "coverage_warning", "evaluate", "evaluate_documents", "format_beads", "parse_beads",
           "read_beads", "write_beads"]

LaxRecall = Literal["symmetric", "vecalign"]


@dataclass(frozen=True, slots=True)
class PRF:
    """Precision, recall and F1."""

    precision: float
    recall: float
    f1: float


@dataclass(frozen=True, slots=True)
class EvalScores:
    """Strict and lax scores, and the number of gold and test beads that were scored."""

    strict: PRF
    lax: PRF
    gold_beads: int
    test_beads: int


_Pair = tuple[tuple[int, ...], tuple[int, ...]]


def _pairs(beads: Any, name: str) -> list[_Pair]:
    if isinstance(beads, Alignment):
        beads = beads.beads
    if isinstance(beads, (str, bytes)):
        raise TypeError(f"{name} must be a list of beads; to read a bead file use read_beads() or parse_beads()")
    out = []
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
        out.append((tuple(int(i) for i in src), tuple(int(i) for i in tgt)))
    return out


def _counts(gold: list[_Pair], test: list[_Pair], nulls: bool) -> tuple[int, int, int, int, int, int]:
    """(strict hits, test lax hits, gold lax hits, test beads, gold beads, gold strictly missed)."""
    if not nulls:
        gold = [g for g in gold if g[0] and g[1]]
        test = [t for t in test if t[0] and t[1]]
    gold_set = set(gold)
    test_set = set(test)
    src_to_gold: dict[int, list[int]] = defaultdict(list)
    for k, (gs, _) in enumerate(gold):
        for i in gs:
            src_to_gold[i].append(k)
    src_to_test: dict[int, list[int]] = defaultdict(list)
    for k, (ts, _) in enumerate(test):
        for i in ts:
            src_to_test[i].append(k)

    def overlaps(bead: _Pair, index: dict[int, list[int]], other: list[_Pair]) -> bool:
        tgt = set(bead[1])
        return any(tgt.intersection(other[k][1]) for i in bead[0] for k in index.get(i, ()))

    strict = len(test_set & gold_set)
    test_lax = sum(1 for t in test if t in gold_set or overlaps(t, src_to_gold, gold))
    gold_lax = sum(1 for g in gold if g in test_set or overlaps(g, src_to_test, test))
    missed = len(gold_set - test_set)
    return strict, test_lax, gold_lax, len(test), len(gold), missed


def _prf(p: float, r: float) -> PRF:
    return PRF(p, r, 2 * p * r / (p + r) if p + r else 0.0)


def evaluate_documents(
    golds: Sequence[Any], tests: Sequence[Any], *, nulls: bool = False, lax_recall: LaxRecall = "symmetric"
) -> EvalScores:
    """Micro-averaged scores over several documents (``golds[k]`` against ``tests[k]``)."""
    if lax_recall not in get_args(LaxRecall):
        raise ValueError(f"lax_recall must be one of {list(get_args(LaxRecall))}, got {lax_recall!r}")
    if len(golds) != len(tests):
        raise ValueError(f"got {len(golds)} gold and {len(tests)} test documents: pass one test per gold")
    strict = test_lax = gold_lax = n_test = n_gold = missed = 0
    for k, (g, t) in enumerate(zip(golds, tests)):
        c = _counts(_pairs(g, f"gold document {k}"), _pairs(t, f"test document {k}"), nulls)
        strict += c[0]
        test_lax += c[1]
        gold_lax += c[2]
        n_test += c[3]
        n_gold += c[4]
        missed += c[5]
    p = strict / n_test if n_test else 0.0
    r = strict / n_gold if n_gold else 0.0
    lp = test_lax / n_test if n_test else 0.0
    if lax_recall == "symmetric":
        lr = gold_lax / n_gold if n_gold else 0.0
    else:
        lr = test_lax / (test_lax + missed) if test_lax + missed else 0.0
    return EvalScores(_prf(p, r), _prf(lp, lr), n_gold, n_test)


def evaluate(gold: Any, test: Any, *, nulls: bool = False, lax_recall: LaxRecall = "symmetric") -> EvalScores:
    """Strict and lax precision/recall/F1 of ``test`` beads against ``gold`` beads.

    Each side is an :class:`~bialign.Alignment`, a list of :class:`~bialign.Bead`, or a list of
    ``(src indices, tgt indices)`` pairs (as :func:`read_beads` returns). See the module docs
    for the definitions and for ``nulls`` and ``lax_recall``.
    """
    return evaluate_documents([gold], [test], nulls=nulls, lax_recall=lax_recall)


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
    bead ``[]:[]``, a sentence in two beads (a duplicated bead), a negative or absurdly large
    index (over :data:`MAX_SENTENCE_INDEX`), or a score that is not a finite number.
    """
    beads = []
    seen: tuple[dict[int, int], dict[int, int]] = ({}, {})
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
        for side, ids, known in (("source", src, seen[0]), ("target", tgt, seen[1])):
            for i in ids:
                if i in known:
                    raise ValueError(f"{where}: {side} sentence {i} is already in the bead on line {known[i]}; "
                                     "each sentence belongs to one bead (a duplicated line?)")
                known[i] = number
        beads.append(Bead(src, tgt, score))
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
