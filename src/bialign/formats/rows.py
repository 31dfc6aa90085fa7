"""The rows of an export and the checks every writer and reader runs on them.

:class:`CorpusRow` (one bead of one document) and :class:`ParallelCorpus` (the rows, the two
languages, the provenance) are what every format of :mod:`bialign.formats` writes and reads.
This module also holds what all formats share: the checks a writer runs before it writes
(finite scores, text UTF-8 can store) and the strict field parsers a reader runs on every
value it reads, so that each format module is only its own syntax.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Literal, get_args

from ..aligner import Alignment

Format = Literal["tsv", "csv", "tmx", "jsonl", "xlsx", "beads"]
FORMATS: tuple[str, ...] = get_args(Format)
ReadableFormat = Literal["tsv", "csv", "tmx", "jsonl", "xlsx"]
XmlIllegal = Literal["escape", "reject"]


@dataclass(frozen=True, slots=True)
class CorpusRow:
    """One bead of one document, as it appears in an export.

    ``src_ids``/``tgt_ids`` are 0-based sentence indices into the document's sentence lists;
    ``src_text``/``tgt_text`` are those sentences joined with one space (empty for the empty
    side of a 1-0 or 0-1 bead).
    """

    doc_id: str
    bead_id: int
    src_text: str
    tgt_text: str
    score: float
    src_ids: tuple[int, ...]
    tgt_ids: tuple[int, ...]

    @property
    def type(self) -> str:
        """``"1-1"``, ``"2-1"``, ``"0-1"`` ...: the number of sentences on each side."""
        return f"{len(self.src_ids)}-{len(self.tgt_ids)}"


@dataclass(frozen=True, slots=True)
class ParallelCorpus:
    """Rows of one or more documents, their two languages and the provenance signature.

    ``provenance`` is :meth:`bialign.Provenance.signature` of the alignment(s) that made the
    rows (an empty string when unknown).
    """

    rows: tuple[CorpusRow, ...]
    src_lang: str
    tgt_lang: str
    provenance: str = ""

    @property
    def doc_ids(self) -> tuple[str, ...]:
        """The distinct document ids, in order of first appearance."""
        return tuple(dict.fromkeys(row.doc_id for row in self.rows))


def corpus_from_alignment(alignment: Alignment, *, doc_id: str = "") -> ParallelCorpus:
    """The rows of one aligned document: one per bead, in order, none left out.

    Multi-sentence beads have their sentence texts joined with one space (also for Japanese,
    so that every format treats the boundary alike; the sentence ids keep the exact
    structure).
    """
    rows = []
    for i, bead in enumerate(alignment.beads):
        rows.append(
            CorpusRow(
                doc_id=doc_id,
                bead_id=i,
                src_text=" ".join(alignment.src_sentences[k].text for k in bead.src),
                tgt_text=" ".join(alignment.tgt_sentences[k].text for k in bead.tgt),
                score=float(bead.score),
                src_ids=tuple(int(k) for k in bead.src),
                tgt_ids=tuple(int(k) for k in bead.tgt),
            )
        )
    return ParallelCorpus(tuple(rows), alignment.src_lang, alignment.tgt_lang, alignment.provenance.signature())


def drop_null(corpus: ParallelCorpus) -> tuple[ParallelCorpus, int]:
    """The corpus without its 1-0 and 0-1 rows (a sentence with no counterpart), and how many were left out.

    For training data, where a unit with an empty side is noise; the bead ids of the rows
    kept are unchanged, so a gap shows where a row was left out.
    """
    kept = tuple(row for row in corpus.rows if row.src_ids and row.tgt_ids)
    return ParallelCorpus(kept, corpus.src_lang, corpus.tgt_lang, corpus.provenance), len(corpus.rows) - len(kept)


_drop_null = drop_null  # export() has a keyword of the same name


# --------------------------------------------------------------------------- checks


def _check_corpus(corpus: ParallelCorpus) -> None:
    for lang in (corpus.src_lang, corpus.tgt_lang):
        if not isinstance(lang, str) or not lang or any(ch.isspace() for ch in lang):
            raise ValueError(f"language code {lang!r} must be non-empty without spaces, e.g. 'ja' or 'en'")
        _check_encodable(lang, "language code")
    if not isinstance(corpus.provenance, str):
        raise ValueError(f"the provenance must be a str, got {type(corpus.provenance).__name__}")
    _check_encodable(corpus.provenance, "the provenance")
    for n, row in enumerate(corpus.rows):
        if not isinstance(row.score, (int, float)) or not math.isfinite(row.score):
            raise ValueError(f"row {n} (doc {row.doc_id!r}, bead {row.bead_id}) has score {row.score!r}; "
                             "scores must be finite numbers")
        for name in ("doc_id", "src_text", "tgt_text"):
            _check_encodable(getattr(row, name), f"row {n} (doc {row.doc_id!r}, bead {row.bead_id}) {name}")


def _check_encodable(text: str, where: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError(
            f"{where} contains a lone surrogate U+{ord(text[exc.start]):04X} at character {exc.start}, "
            "which UTF-8 cannot store (usually from decoding with errors='surrogateescape'); "
            "decode the input with its real encoding"
        ) from None


# --------------------------------------------------------------------------- sentence ids


def _ids_text(ids: tuple[int, ...]) -> str:
    return ",".join(str(i) for i in ids)


def _parse_ids(text: str, where: str, field: str = "sentence ids") -> tuple[int, ...]:
    if not text:
        return ()
    parts = text.split(",")
    if not all(_UINT_RE.fullmatch(part) for part in parts):
        raise ValueError(f"{where}: {field} {text[:40]!r} are not comma-separated whole numbers such as 3,4")
    return tuple(int(part) for part in parts)


# --------------------------------------------------------------------------- strict reading
# Every reader checks each field's type and value as it reads, so that a damaged or foreign
# file is a ValueError naming the file, the line (or unit) and the field, and every row it
# accepts can be written back by the same writer and read again unchanged.

_UINT_RE = re.compile(r"[0-9]{1,15}")
_FLOAT_RE = re.compile(r"[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]{1,3})?")


def _parse_uint(text: str, where: str, field: str) -> int:
    if not _UINT_RE.fullmatch(text):
        raise ValueError(f"{where}: {field} {text[:40]!r} is not a whole number such as 12")
    return int(text)


def _parse_score(text: str, where: str) -> float:
    value = float(text) if _FLOAT_RE.fullmatch(text) else math.nan
    if not math.isfinite(value):
        raise ValueError(f"{where}: score {text[:40]!r} is not a finite number such as 0.83")
    return value


def _checked_lang(lang: object, where: str) -> str:
    if not isinstance(lang, str) or not lang or any(ch.isspace() for ch in lang) or len(lang) > 64:
        raise ValueError(f"{where}: language code {str(lang)[:40]!r} must be a short code without spaces, "
                         "e.g. 'ja' or 'en'")
    _check_encodable(lang, f"{where}: language code")
    return lang


def _checked_row(where: str, doc_id: object, bead_id: object, src_text: object, tgt_text: object,
                 score: object, src_ids: object, tgt_ids: object) -> CorpusRow:
    """A :class:`CorpusRow` from read values, each checked for its type and for being writable."""
    for field, value in (("doc_id", doc_id), ("source text", src_text), ("target text", tgt_text)):
        if not isinstance(value, str):
            raise ValueError(f"{where}: {field} must be a string, got {type(value).__name__}")
        _check_encodable(value, f"{where}: {field}")
    if isinstance(bead_id, bool) or not isinstance(bead_id, int) or bead_id < 0:
        raise ValueError(f"{where}: bead_id must be a whole number of at least 0, got {str(bead_id)[:40]}")
    if isinstance(score, bool) or not isinstance(score, (int, float)) or not math.isfinite(score):
        raise ValueError(f"{where}: score must be a finite number, got {str(score)[:40]}")
    for field, ids in (("src_ids", src_ids), ("tgt_ids", tgt_ids)):
        if not isinstance(ids, (list, tuple)) or not all(
                isinstance(i, int) and not isinstance(i, bool) and 0 <= i < 10**15 for i in ids):
            raise ValueError(f"{where}: {field} must be a list of whole numbers of at least 0, "
                             f"got {str(ids)[:40]}")
    return CorpusRow(doc_id, bead_id, src_text, tgt_text, float(score), tuple(src_ids), tuple(tgt_ids))  # type: ignore[arg-type]


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number JSON allows")
