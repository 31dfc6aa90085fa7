"""Parallel-corpus exports: TSV, CSV, xlsx, TMX 1.4b, JSONL and the bead format, with readers.

This is the export stage of the pipeline. An :class:`~bialign.align.Alignment` becomes a
:class:`ParallelCorpus`: one :class:`CorpusRow` per bead, with the document id, the bead id,
the two texts, the score and the sentence ids. Every writer carries the provenance (bialign
version, encoder, settings) and every reader gives back exactly the rows that were written,
for any text: tabs, newlines, backslashes, quotes, XML specials and control characters
included. Property-based tests check this round trip.

>>> from bialign.formats import CorpusRow, ParallelCorpus, dumps, loads, table_meta
>>> corpus = ParallelCorpus((CorpusRow("doc", 0, "猫が\\tいる。", "A cat.", 0.9, (0,), (0,)),), "ja", "en", "")
>>> loads(dumps(corpus, "tsv"), "tsv", meta=table_meta(corpus)) == corpus
True

Formats
=======

**tsv** and **csv** -- UTF-8 without BOM, ``\n`` line ends, the header row first and then one
row per bead, no comment lines; TSV separates cells with a tab, CSV with a comma::

    doc_id	bead_id	src_text	tgt_text	score	type	src_ids	tgt_ids

Quoting is RFC 4180's, which :mod:`csv`, pandas and LibreOffice read by default: a cell that
holds the separator, a double quote, a line feed or a carriage return is put in double quotes,
with each double quote in it doubled; every other cell is written as it is (``#`` and a quote
inside a quoted cell included). Texts are never escaped or changed otherwise. Sentence ids are
0-based, comma-separated (``3,4``; so quoted in CSV), empty for the empty side of a 1-0 or 0-1
bead. Scores are written with Python's shortest exact ``repr``. A bead of several sentences has
their texts joined with one space. With ``excel_safe=True`` a text cell that starts with
``= + - @`` (a formula to Excel or LibreOffice) or with ``'`` is prefixed with ``'``; the reader
removes that one ``'`` again, so the round trip stays exact.

The languages, the provenance and ``excel_safe`` go to a sidecar ``OUT.meta.json`` next to the
file (``esuj.tsv.meta.json``; see :func:`sidecar_path`), which every table reader ignores. To
read the table with pandas or :mod:`csv`::

    pd.read_csv("esuj.tsv", sep="\t", keep_default_na=False,
                dtype={"doc_id": str, "src_ids": str, "tgt_ids": str})
    csv.DictReader(open("esuj.tsv", encoding="utf-8", newline=""), delimiter="\t")

(``sep="\t"`` alone also reads every text exactly, but pandas turns an empty cell -- the empty
side of a 1-0 bead -- and texts such as ``NA`` or ``null`` into NaN.) Files of the first TSV
version, with two ``#`` lines on top and backslash escapes, are still read.

**xlsx** -- an Excel workbook (needs ``openpyxl``: ``pip install "bialign[xlsx]"``): a sheet
``beads`` with the same columns, one row per bead, the header frozen, the score as a number
and rows scoring below ``low_score`` (0.5) shaded; a sheet ``provenance`` with the languages,
the bialign version and the provenance. Texts are stored as text cells, so ``=`` at the start
is never a formula. Characters a workbook cannot hold (C0 controls other than tab/LF/CR) and
cells over Excel's 32,767 characters are refused with the row named.

**tmx** -- TMX 1.4b, UTF-8. The header has ``creationtool="bialign"``,
``creationtoolversion``, ``srclang``, ``segtype="sentence"``, ``datatype="plaintext"`` and
a ``x-bialign-provenance`` prop; no creation date, so the same input gives the same bytes.
Each bead is one ``<tu tuid="DOC#BEAD">`` with props ``x-bialign-doc``, ``x-bialign-bead``,
``x-bialign-score``, ``x-bialign-type``, ``x-bialign-src-ids``, ``x-bialign-tgt-ids`` and
two ``<tuv>`` (both always present; the empty side of a 1-0 bead has an empty ``<seg/>``).
``& < > "`` are escaped as entities and a carriage return as ``&#13;`` (an XML parser would
otherwise turn it into a line feed). Characters XML 1.0 cannot carry (C0 controls other than
tab/LF/CR, U+FFFE, U+FFFF) are, with ``xml_illegal="escape"`` (the default), written as an
inline placeholder ``<ph type="x-bialign-char">U+001B</ph>``, which CAT tools show as a tag
and :func:`read_corpus` turns back into the character; with ``xml_illegal="reject"`` they
raise :class:`ValueError` naming the row.

**jsonl** -- one JSON object per line in the Hugging Face ``datasets`` translation
convention: ``{"translation": {"ja": ..., "en": ...}, "doc_id": ..., "bead_id": ...,
"score": ..., "type": ..., "src_ids": [...], "tgt_ids": [...], "provenance": ...}``. Non-ASCII
is written as is; U+2028, U+2029 and U+0085 are written as ``\\u`` escapes so that line
splitters that treat them as line ends cannot break a record. The two language codes must
differ (they are the keys of ``translation``).

**beads** -- ``[0]:[0, 1]:0.8312`` per line (Vecalign/SentAlign), written by
:mod:`bialign.evaluate` (scores rounded to 4 decimals), nothing else, so that Vecalign's and
SentAlign's readers take it; the provenance goes to the sidecar ``OUT.meta.json``, and with
``beads_comment=True`` also to a first line ``# provenance: ...`` (which
:func:`bialign.evaluate.read_beads` skips, and those readers do not). It holds the bead
structure of one document and no text, so it is read with :func:`bialign.evaluate.read_beads`,
not here.

Leaving out the 1-0 and 0-1 beads (``drop_null``) is :func:`drop_null`, applied before any
writer: TSV, CSV, TMX, JSONL and xlsx then hold only pairs with text on both sides.

Writing files
=============

:func:`export` and :func:`write_corpus` write atomically: the data goes to a temporary file
in the output's directory, is flushed to disk and then renamed over the output, so an error
or Ctrl-C never leaves a truncated file (the sidecar is written the same way, after the file).
An existing output or sidecar is refused unless ``overwrite=True`` (CLI: ``--force``); a
missing output directory is an error, never created silently. A device, FIFO or socket is
never written over, and a symlink is written through (see :mod:`bialign.io_safety`); the
sidecar then goes next to the file the link points at (``real.tsv.meta.json``), where
:func:`read_corpus` looks for it whichever of the two names it is given. An output name
whose extension is not one of ``.tsv .csv .tmx .jsonl .xlsx .beads`` is refused with that
list unless a format is given.

Reading files
=============

:func:`read_corpus` reads regular files only (the sidecar too), up to a size cap, and checks
every field as it reads: a damaged or foreign file is a :class:`ValueError` naming the file,
the line (or translation unit, or worksheet row) and the field, and every row it accepts can
be written back by the same writer and read again unchanged. TMX and JSONL records must carry
bialign's score (``x-bialign-score``, ``"score"``): a file from another tool without one is
refused, since a row with an unknown score cannot be written back. A TSV or CSV without its
sidecar is read with ``src_lang=``/``tgt_lang=`` given (the provenance is then empty).
"""

from __future__ import annotations

import contextlib
import json
import logging
import math
import os
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Callable, Iterator, Literal, get_args

from . import io_safety
from .aligner import Alignment, Bead
from .provenance import bialign_version

logger = logging.getLogger(__name__)

__all__ = [
    "FORMATS",
    "CorpusRow",
    "ParallelCorpus",
    "atomic_writer",
    "check_output_path",
    "corpus_from_alignment",
    "drop_null",
    "dumps",
    "export",
    "format_from_path",
    "loads",
    "read_corpus",
    "sidecar_path",
    "table_meta",
    "write_corpus",
]

Format = Literal["tsv", "csv", "tmx", "jsonl", "xlsx", "beads"]
FORMATS: tuple[str, ...] = get_args(Format)
ReadableFormat = Literal["tsv", "csv", "tmx", "jsonl", "xlsx"]
XmlIllegal = Literal["escape", "reject"]

_EXTENSIONS = {".tsv": "tsv", ".csv": "csv", ".tmx": "tmx", ".jsonl": "jsonl", ".xlsx": "xlsx", ".beads": "beads"}
# Formats whose languages and provenance live in the sidecar OUT.meta.json.
_SIDECAR_FORMATS = ("tsv", "csv", "beads")
_BINARY_FORMATS = ("xlsx",)


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


# --------------------------------------------------------------------------- TSV

TSV_COLUMNS = ("doc_id", "bead_id", "src_text", "tgt_text", "score", "type", "src_ids", "tgt_ids")
_DELIMITERS = {"tsv": "\t", "csv": ","}
_FORMULA_START = ("=", "+", "-", "@", "'")
# Version 1 of the TSV (two '#' lines, backslash escapes): still read, no longer written.
_TSV_UNESCAPES = {"\\": "\\", "t": "\t", "n": "\n", "r": "\r"}
_TSV_ESCAPE_RE = re.compile(r"[\\\t\n\r]")
_TSV_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}
_TSV_UNESCAPE_RE = re.compile(r"\\(.?)", re.DOTALL)


def _tsv_escape(text: str) -> str:
    return _TSV_ESCAPE_RE.sub(lambda m: _TSV_ESCAPES[m.group()], text)


def _tsv_unescape(text: str, where: str) -> str:
    def repl(m: re.Match[str]) -> str:
        try:
            return _TSV_UNESCAPES[m.group(1)]
        except KeyError:
            raise ValueError(
                f"{where}: unknown escape {m.group()!r}; bialign TSV only uses \\\\, \\t, \\n and \\r "
                "(was the file edited by hand or written by another tool?)"
            ) from None

    return _TSV_UNESCAPE_RE.sub(repl, text)


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


def sidecar_path(path: str | os.PathLike[str]) -> Path:
    """Where the languages and provenance of a TSV, CSV or bead file go: ``OUT.meta.json``.

    For a symlink (written through, see :mod:`bialign.io_safety`) it is next to the file the
    link points at, so that the sidecar stays with the data.
    """
    p = io_safety.resolve_output_path(path)
    return p.with_name(p.name + ".meta.json")


def table_meta(corpus: ParallelCorpus, format: Format = "tsv", *, excel_safe: bool = False) -> dict[str, object]:
    """The sidecar record of an export: format, languages, columns, provenance (see the module docs)."""
    meta: dict[str, object] = {"format": f"bialign-{format}", "version": 2, "src_lang": corpus.src_lang,
                               "tgt_lang": corpus.tgt_lang}
    if format != "beads":
        meta["columns"] = list(TSV_COLUMNS)
        meta["excel_safe"] = excel_safe
    meta["rows"] = len(corpus.rows)
    meta["bialign"] = bialign_version()
    meta["provenance"] = corpus.provenance
    return meta


def _quote(text: str, delimiter: str) -> str:
    if delimiter in text or '"' in text or "\n" in text or "\r" in text:
        return '"' + text.replace('"', '""') + '"'
    return text


def _iter_table(corpus: ParallelCorpus, delimiter: str, *, excel_safe: bool = False) -> Iterator[str]:
    def cell(text: str) -> str:
        if excel_safe and text.startswith(_FORMULA_START):
            text = "'" + text
        return _quote(text, delimiter)

    yield delimiter.join(TSV_COLUMNS) + "\n"
    for row in corpus.rows:
        yield delimiter.join((
            cell(row.doc_id), str(row.bead_id), cell(row.src_text), cell(row.tgt_text), repr(float(row.score)),
            row.type, _quote(_ids_text(row.src_ids), delimiter), _quote(_ids_text(row.tgt_ids), delimiter),
        )) + "\n"


def _split_records(text: str, delimiter: str, name: str) -> Iterator[tuple[int, list[str]]]:
    """RFC 4180 records of ``text`` with the line number each starts on (``\n`` or ``\r\n`` ends)."""
    pos, line, n = 0, 1, len(text)
    while pos < n:
        start_line = line
        cells: list[str] = []
        while True:
            if pos < n and text[pos] == '"':
                parts = []
                pos += 1
                while True:
                    close = text.find('"', pos)
                    if close < 0:
                        raise ValueError(f"{name}:{start_line}: a quoted cell is never closed; the file is "
                                         "cut short or damaged")
                    parts.append(text[pos:close])
                    line += text.count("\n", pos, close)
                    if text.startswith('""', close):
                        parts.append('"')
                        pos = close + 2
                        continue
                    pos = close + 1
                    break
                value = "".join(parts)
                if pos < n and text[pos] not in (delimiter, "\n", "\r"):
                    raise ValueError(f"{name}:{line}: text after a closing quote; a quote inside a quoted "
                                     'cell must be doubled ("")')
            else:
                ends = [i for i in (text.find(delimiter, pos), text.find("\n", pos)) if i >= 0]
                stop = min(ends) if ends else n
                value = text[pos:stop]
                if value.endswith("\r") and (stop == n or text[stop] == "\n"):
                    value = value[:-1]
                pos = stop
            cells.append(value)
            if pos < n and text[pos] == delimiter:
                pos += 1
                continue
            if text.startswith("\r\n", pos):
                pos += 2
            elif pos < n:
                pos += 1  # "\n"
            line += 1
            break
        yield start_line, cells


def _read_table(text: str, name: str, delimiter: str, meta: dict | None) -> ParallelCorpus:
    if text.startswith("\ufeff"):
        text = text[1:]
    if delimiter == "\t" and text.startswith("# bialign-tsv "):
        return _read_tsv_v1(text, name)
    if meta is None:
        raise ValueError(f"{name}: the languages are not known: they are in the sidecar {name}.meta.json "
                         "that bialign writes next to the file; keep it with the file, or pass "
                         "src_lang= and tgt_lang=")
    src_lang, tgt_lang, provenance, excel_safe = _checked_meta(meta, f"{name}: the sidecar")
    records = _split_records(text, delimiter, name)
    header = next(records, None)
    if header is None or header[1] != list(TSV_COLUMNS):
        sep = "tab" if delimiter == "\t" else "comma"
        raise ValueError(f"{name}: expected the {sep}-separated header row {' '.join(TSV_COLUMNS)!r} on line 1")

    def cell(value: str, where: str) -> str:
        if excel_safe and value.startswith("'"):
            value = value[1:]
        return value

    rows = []
    for lineno, cells in records:
        where = f"{name}:{lineno}"
        if len(cells) != len(TSV_COLUMNS):
            raise ValueError(f"{where}: expected {len(TSV_COLUMNS)} cells, found {len(cells)}; the row is damaged "
                             "(a separator or line break inside a text that is not quoted?)")
        rows.append(_table_row(cells, where, cell))
    return ParallelCorpus(tuple(rows), src_lang, tgt_lang, provenance)


def _checked_meta(meta: dict, where: str) -> tuple[str, str, str, bool]:
    """The languages, provenance and ``excel_safe`` of a sidecar record, each checked."""
    for key in ("src_lang", "tgt_lang"):
        if key not in meta:
            raise ValueError(f"{where} has no {key}; it was not written by bialign")
    src_lang = _checked_lang(meta["src_lang"], f"{where}: src_lang")
    tgt_lang = _checked_lang(meta["tgt_lang"], f"{where}: tgt_lang")
    provenance = meta.get("provenance", "")
    if not isinstance(provenance, str):
        raise ValueError(f"{where}: provenance must be a string, got {type(provenance).__name__}")
    _check_encodable(provenance, f"{where}: provenance")
    excel_safe = meta.get("excel_safe", False)
    if not isinstance(excel_safe, bool):
        raise ValueError(f"{where}: excel_safe must be true or false, got {str(excel_safe)[:40]}")
    return src_lang, tgt_lang, provenance, excel_safe


def _table_row(cells: list[str], where: str, cell: Callable[[str, str], str]) -> CorpusRow:
    """One row of a TSV, CSV or xlsx table, every field checked (see :func:`_checked_row`)."""
    doc, bead, src, tgt, score, typ, src_ids, tgt_ids = cells
    row = _checked_row(where, cell(doc, f"{where}: doc_id"), _parse_uint(bead, where, "bead_id"),
                       cell(src, f"{where}: src_text"), cell(tgt, f"{where}: tgt_text"),
                       _parse_score(score, where), _parse_ids(src_ids, where, "src_ids"),
                       _parse_ids(tgt_ids, where, "tgt_ids"))
    if row.type != typ:
        raise ValueError(f"{where}: bead type {typ[:20]!r} does not match the sentence ids ({row.type})")
    return row


def _read_tsv_v1(text: str, name: str) -> ParallelCorpus:
    # A raw carriage return is never part of a cell (it is escaped), so a CRLF left by an
    # editor can be dropped safely.
    lines = [line[:-1] if line.endswith("\r") else line for line in text.split("\n")]
    if lines and lines[-1] == "":
        lines.pop()
    meta: dict[str, str] = {}
    provenance = ""
    i = 0
    while i < len(lines) and lines[i].startswith("#"):
        line = lines[i]
        if line.startswith("# bialign-tsv "):
            for item in line[len("# bialign-tsv "):].split():
                key, _, value = item.partition("=")
                meta[key] = value
        elif line.startswith("# provenance: "):
            provenance = _tsv_unescape(line[len("# provenance: "):], f"{name}:{i + 1}")
        i += 1
    if "src_lang" not in meta or "tgt_lang" not in meta:
        raise ValueError(f"{name} has no '# bialign-tsv ...' first line with src_lang and tgt_lang; "
                         "it was not written by bialign (or its comment lines were removed)")
    for key in ("src_lang", "tgt_lang"):
        _checked_lang(meta[key], f"{name}:1: {key}")
    if i >= len(lines) or lines[i].split("\t") != list(TSV_COLUMNS):
        raise ValueError(f"{name}: expected the header row {' '.join(TSV_COLUMNS)!r} after the comment lines")
    excel_safe = meta.get("excel_safe") == "yes"

    def cell(raw: str, where: str) -> str:
        value = _tsv_unescape(raw, where)
        if excel_safe and value.startswith("'"):
            value = value[1:]
        return value

    rows = []
    for lineno in range(i + 1, len(lines)):
        where = f"{name}:{lineno + 1}"
        cells = lines[lineno].split("\t")
        if len(cells) != len(TSV_COLUMNS):
            raise ValueError(f"{where}: expected {len(TSV_COLUMNS)} tab-separated cells, found {len(cells)}; "
                             "the row is damaged (a raw tab or line break inside a text?)")
        rows.append(_table_row(cells, where, cell))
    return ParallelCorpus(tuple(rows), meta["src_lang"], meta["tgt_lang"], provenance)


# --------------------------------------------------------------------------- xlsx

_XLSX_CELL_MAX = 32767
_XLSX_ILLEGAL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _openpyxl():
    try:
        import openpyxl
    except ImportError:
        raise ValueError('writing or reading .xlsx needs openpyxl: pip install "bialign[xlsx]" '
                         "(or write .tsv or .csv)") from None
    return openpyxl


def _check_xlsx_text(text: str, where: str) -> str:
    m = _XLSX_ILLEGAL_RE.search(text)
    if m:
        raise ValueError(f"{where} contains U+{ord(m.group()):04X} at character {m.start()}, which an xlsx "
                         "workbook cannot hold; remove it from the input, or export as .tsv, .csv or .tmx")
    if len(text) > _XLSX_CELL_MAX:
        raise ValueError(f"{where} has {len(text):,} characters, more than an Excel cell holds "
                         f"({_XLSX_CELL_MAX:,}); export as .tsv, .csv or .tmx")
    return text


def _write_xlsx(corpus: ParallelCorpus, fh: IO[bytes], *, low_score: float = 0.5) -> None:
    openpyxl = _openpyxl()
    from openpyxl.styles import Alignment as CellAlignment
    from openpyxl.styles import Font, PatternFill

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "beads"

    def text_cell(row: int, col: int, value: str) -> None:
        c = sheet.cell(row=row, column=col)
        c.value = value
        c.data_type = "s"  # a text starting with '=' stays text, never a formula
        if col in (3, 4):
            c.alignment = CellAlignment(wrap_text=True, vertical="top")

    for col, name in enumerate(TSV_COLUMNS, start=1):
        sheet.cell(row=1, column=col, value=name).font = Font(bold=True)
    shade = PatternFill(start_color="FFF2CC", end_color="FFF2CC", fill_type="solid")
    for n, row in enumerate(corpus.rows):
        r = n + 2
        where = f"row {n} (doc {row.doc_id!r}, bead {row.bead_id})"
        text_cell(r, 1, _check_xlsx_text(row.doc_id, where + " doc_id"))
        sheet.cell(row=r, column=2, value=row.bead_id)
        text_cell(r, 3, _check_xlsx_text(row.src_text, where + " src_text"))
        text_cell(r, 4, _check_xlsx_text(row.tgt_text, where + " tgt_text"))
        sheet.cell(row=r, column=5, value=float(row.score)).number_format = "0.000"
        text_cell(r, 6, row.type)
        text_cell(r, 7, _ids_text(row.src_ids))
        text_cell(r, 8, _ids_text(row.tgt_ids))
        if row.score < low_score:
            for col in range(1, len(TSV_COLUMNS) + 1):
                sheet.cell(row=r, column=col).fill = shade
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:H{len(corpus.rows) + 1}"
    for letter, width in zip("ABCDEFGH", (12, 8, 60, 60, 8, 6, 8, 8)):
        sheet.column_dimensions[letter].width = width

    info = book.create_sheet("provenance")
    for r, (key, value) in enumerate((
        ("format", "bialign-xlsx"), ("version", "2"), ("src_lang", corpus.src_lang), ("tgt_lang", corpus.tgt_lang),
        ("rows", str(len(corpus.rows))), ("low_score", repr(low_score)), ("bialign", bialign_version()),
        ("provenance", _check_xlsx_text(corpus.provenance, "provenance")),
    ), start=1):
        info.cell(row=r, column=1, value=key).font = Font(bold=True)
        c = info.cell(row=r, column=2)
        c.value = value
        c.data_type = "s"
    info.column_dimensions["A"].width = 12
    info.column_dimensions["B"].width = 100
    book.save(fh)


def _read_xlsx(data: bytes, name: str) -> ParallelCorpus:
    import io

    openpyxl = _openpyxl()
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
        try:
            return _read_xlsx_book(book, name)
        finally:
            book.close()
    except ValueError:
        raise
    except Exception as exc:  # a damaged zip or sheet: openpyxl raises many kinds of error
        raise ValueError(f"{name} is not a readable xlsx workbook ({type(exc).__name__}: "
                         f"{' '.join(str(exc).split())[:120]})") from None


def _read_xlsx_book(book, name: str) -> ParallelCorpus:
    if "beads" not in book.sheetnames or "provenance" not in book.sheetnames:
        raise ValueError(f"{name} has no 'beads' and 'provenance' sheets; it was not written by bialign")
    info = {str(r[0]): ("" if r[1] is None else str(r[1]))
            for r in book["provenance"].iter_rows(values_only=True) if len(r) >= 2 and r[0] is not None}
    rows_iter = book["beads"].iter_rows(values_only=True)
    header = next(rows_iter, None)
    if header is None or [str(h) for h in header[:len(TSV_COLUMNS)]] != list(TSV_COLUMNS):
        raise ValueError(f"{name}: the 'beads' sheet does not start with the header {' '.join(TSV_COLUMNS)!r}")
    src_lang = _checked_lang(info.get("src_lang", ""), f"{name}: provenance sheet: src_lang")
    tgt_lang = _checked_lang(info.get("tgt_lang", ""), f"{name}: provenance sheet: tgt_lang")
    provenance = info.get("provenance", "")
    _check_encodable(provenance, f"{name}: provenance sheet: provenance")
    rows = []
    for n, values in enumerate(rows_iter, start=2):
        values = tuple(values) + (None,) * (len(TSV_COLUMNS) - len(values))
        if len(values) > len(TSV_COLUMNS) and any(v is not None for v in values[len(TSV_COLUMNS):]):
            raise ValueError(f"{name}: beads!{n}: expected {len(TSV_COLUMNS)} cells, found more")
        cells = [_xlsx_cell(v, k) for k, v in enumerate(values[:len(TSV_COLUMNS)])]
        rows.append(_table_row(cells, f"{name}: beads!{n}", _check_xlsx_text))
    return ParallelCorpus(tuple(rows), src_lang, tgt_lang, provenance)


def _xlsx_cell(value: object, column: int) -> str:
    """A worksheet value as the text a TSV cell would hold (bead ids and scores are numbers there)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)  # refused by the field's check
    if column == 1 and isinstance(value, float) and value.is_integer():
        return str(int(value))
    if column == 4 and isinstance(value, (int, float)):
        return repr(float(value))
    return str(value)


# --------------------------------------------------------------------------- TMX

# XML 1.0 Char ::= #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]
_XML_ILLEGAL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_TEXT_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"}
_ATTR_ESCAPES = {**_TEXT_ESCAPES, '"': "&quot;", "\t": "&#9;", "\n": "&#10;"}
_TEXT_ESCAPE_RE = re.compile("[&<>\r]")
_ATTR_ESCAPE_RE = re.compile('[&<>"\r\t\n]')
_PH_TYPE = "x-bialign-char"
_PROP_PREFIX = "x-bialign-"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _xml_text(text: str, where: str, illegal: XmlIllegal) -> str:
    out = []
    pos = 0
    for m in _XML_ILLEGAL_RE.finditer(text):
        if illegal == "reject":
            raise ValueError(
                f"{where} contains U+{ord(m.group()):04X} at character {m.start()}, which XML 1.0 (and so TMX) "
                "cannot carry; remove it from the input, or export with xml_illegal='escape' to store it as "
                "a <ph> placeholder"
            )
        out.append(_TEXT_ESCAPE_RE.sub(lambda e: _TEXT_ESCAPES[e.group()], text[pos:m.start()]))
        out.append(f'<ph type="{_PH_TYPE}">U+{ord(m.group()):04X}</ph>')
        pos = m.end()
    out.append(_TEXT_ESCAPE_RE.sub(lambda e: _TEXT_ESCAPES[e.group()], text[pos:]))
    return "".join(out)


def _xml_attr(text: str, where: str) -> str:
    m = _XML_ILLEGAL_RE.search(text)
    if m:
        raise ValueError(f"{where} contains U+{ord(m.group()):04X}, which XML 1.0 cannot carry in an attribute; "
                         "remove it")
    return _ATTR_ESCAPE_RE.sub(lambda e: _ATTR_ESCAPES[e.group()], text)


def _iter_tmx(corpus: ParallelCorpus, *, xml_illegal: XmlIllegal = "escape") -> Iterator[str]:
    if xml_illegal not in get_args(XmlIllegal):
        raise ValueError(f"xml_illegal must be one of {get_args(XmlIllegal)}, got {xml_illegal!r}")
    src, tgt = _xml_attr(corpus.src_lang, "src_lang"), _xml_attr(corpus.tgt_lang, "tgt_lang")
    yield '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n'
    yield (f'  <header creationtool="bialign" creationtoolversion="{_xml_attr(bialign_version(), "version")}" '
           f'datatype="plaintext" segtype="sentence" adminlang="en" srclang="{src}" o-tmf="bialign">\n')
    yield (f'    <prop type="{_PROP_PREFIX}provenance">'
           f'{_xml_text(corpus.provenance, "provenance", xml_illegal)}</prop>\n')
    yield f'    <prop type="{_PROP_PREFIX}tgt-lang">{tgt}</prop>\n'
    yield "  </header>\n  <body>\n"
    for n, row in enumerate(corpus.rows):
        where = f"row {n} (doc {row.doc_id!r}, bead {row.bead_id})"
        doc_attr = _XML_ILLEGAL_RE.sub(lambda m: f"U+{ord(m.group()):04X}", row.doc_id)
        props = (
            ("doc", _xml_text(row.doc_id, where + " doc_id", xml_illegal)),
            ("bead", str(row.bead_id)),
            ("score", repr(float(row.score))),
            ("type", row.type),
            ("src-ids", _ids_text(row.src_ids)),
            ("tgt-ids", _ids_text(row.tgt_ids)),
        )
        lines = [f'    <tu tuid="{_xml_attr(doc_attr, where)}#{row.bead_id}">\n']
        lines += [f'      <prop type="{_PROP_PREFIX}{k}">{v}</prop>\n' for k, v in props]
        for lang, text, side in ((src, row.src_text, "source"), (tgt, row.tgt_text, "target")):
            lines.append(f'      <tuv xml:lang="{lang}"><seg>{_xml_text(text, f"{where} {side}", xml_illegal)}'
                         "</seg></tuv>\n")
        lines.append("    </tu>\n")
        yield "".join(lines)
    yield "  </body>\n</tmx>\n"


def _element_text(elem: ET.Element) -> str:
    """The text of ``<seg>`` or ``<prop>``, with bialign's ``<ph>`` placeholders turned back into characters."""
    parts = [elem.text or ""]
    for child in elem:
        if child.tag == "ph" and child.get("type") == _PH_TYPE:
            code = (child.text or "").strip()
            if not re.fullmatch(r"U\+[0-9A-F]{4,6}", code) or int(code[2:], 16) > 0x10FFFF:
                raise ValueError(f"bad bialign placeholder <ph>{code[:20]}</ph>; expected U+XXXX")
            parts.append(chr(int(code[2:], 16)))
        else:
            # Inline markup written by other tools: keep its text content (iteratively: a
            # deeply nested element must not exhaust the stack).
            parts.append(_all_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _all_text(elem: ET.Element) -> str:
    """``"".join(elem.itertext())`` without recursion."""
    out: list[str] = []
    stack: list[ET.Element | str] = [elem]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            out.append(item)
            continue
        out.append(item.text or "")
        for child in reversed(item):
            if child.tail:
                stack.append(child.tail)
            stack.append(child)
    return "".join(out)


def _read_tmx(data: bytes, name: str) -> ParallelCorpus:
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise ValueError(f"{name} is not well-formed XML ({exc}); is it a TMX file?") from None
    except (LookupError, ValueError) as exc:  # encoding="bogus", or one expat cannot read
        raise ValueError(f"{name}: the XML declaration names an encoding that cannot be read ({exc}); "
                         "bialign writes TMX as UTF-8") from None
    except RecursionError:
        raise ValueError(f"{name}: the XML is nested too deeply to be a TMX file") from None
    header = root.find("header")
    body = root.find("body")
    if root.tag != "tmx" or header is None or body is None:
        raise ValueError(f"{name} is not a TMX file: expected <tmx> with <header> and <body>")
    src_lang = _checked_lang(header.get("srclang", ""), f"{name}: <header srclang>")
    try:
        header_props = {p.get("type"): _element_text(p) for p in header.findall("prop")}
    except ValueError as exc:
        raise ValueError(f"{name}: <header>: {exc}") from None
    provenance = header_props.get(_PROP_PREFIX + "provenance", "")
    _check_encodable(provenance, f"{name}: <header> provenance")
    tgt_lang = header_props.get(_PROP_PREFIX + "tgt-lang")
    if tgt_lang is not None:
        tgt_lang = _checked_lang(tgt_lang, f"{name}: <header> tgt-lang")
    rows = []
    for n, tu in enumerate(body.iter("tu")):
        where = f"{name}: translation unit {n} (tuid {str(tu.get('tuid'))[:40]!r})"
        try:
            props = {p.get("type", ""): _element_text(p) for p in tu.findall("prop")}
            tuvs = [(tuv.get(_XML_LANG) or tuv.get("lang") or "", tuv.find("seg")) for tuv in tu.findall("tuv")]
            if len(tuvs) != 2 or any(seg is None for _, seg in tuvs):
                raise ValueError(f"has {len(tuvs)} <tuv> with <seg>; bialign reads pairs (exactly two)")
            (lang_a, seg_a), (lang_b, seg_b) = tuvs
            if lang_b.lower() == src_lang.lower() and lang_a.lower() != src_lang.lower():
                (lang_a, seg_a), (lang_b, seg_b) = (lang_b, seg_b), (lang_a, seg_a)
            if tgt_lang is None:
                tgt_lang = _checked_lang(lang_b, "<tuv xml:lang>")
            if _PROP_PREFIX + "score" not in props:
                raise ValueError(f"has no {_PROP_PREFIX}score prop; bialign reads the TMX it writes, "
                                 "which gives every unit a score")
            row = _checked_row(
                "",
                props.get(_PROP_PREFIX + "doc", ""),
                _parse_uint(props[_PROP_PREFIX + "bead"], "", "bead") if _PROP_PREFIX + "bead" in props else n,
                _element_text(seg_a),  # type: ignore[arg-type]
                _element_text(seg_b),  # type: ignore[arg-type]
                _parse_score(props[_PROP_PREFIX + "score"], ""),
                _parse_ids(props.get(_PROP_PREFIX + "src-ids", ""), "", "src-ids"),
                _parse_ids(props.get(_PROP_PREFIX + "tgt-ids", ""), "", "tgt-ids"),
            )
        except ValueError as exc:
            raise ValueError(f"{where}{'' if str(exc).startswith(':') else ': '}{exc}") from None
        typ = props.get(_PROP_PREFIX + "type")
        if typ is not None and typ != row.type:
            raise ValueError(f"{where}: bead type {typ[:20]!r} does not match the sentence ids ({row.type})")
        rows.append(row)
    if not tgt_lang:
        raise ValueError(f"{name}: no target language (no {_PROP_PREFIX}tgt-lang header prop and no unit); "
                         "is it a TMX file written by bialign?")
    return ParallelCorpus(tuple(rows), src_lang, tgt_lang, provenance)


# --------------------------------------------------------------------------- JSONL

_JSON_LINE_BREAKS = {"\u2028": "\\u2028", "\u2029": "\\u2029", "\u0085": "\\u0085"}
_JSON_LINE_BREAK_RE = re.compile("[\u2028\u2029\u0085]")


def _iter_jsonl(corpus: ParallelCorpus) -> Iterator[str]:
    if corpus.src_lang == corpus.tgt_lang:
        raise ValueError(f"JSONL keys the texts by language, so the two languages must differ "
                         f"(both are {corpus.src_lang!r}); use TSV or TMX for a same-language alignment")
    for row in corpus.rows:
        record = {
            "translation": {corpus.src_lang: row.src_text, corpus.tgt_lang: row.tgt_text},
            "doc_id": row.doc_id,
            "bead_id": row.bead_id,
            "score": float(row.score),
            "type": row.type,
            "src_ids": list(row.src_ids),
            "tgt_ids": list(row.tgt_ids),
            "provenance": corpus.provenance,
        }
        line = json.dumps(record, ensure_ascii=False, allow_nan=False)
        yield _JSON_LINE_BREAK_RE.sub(lambda m: _JSON_LINE_BREAKS[m.group()], line) + "\n"


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number JSON allows")


def _read_jsonl(text: str, name: str, *, src_lang: str | None = None) -> ParallelCorpus:
    rows = []
    langs: tuple[str, str] | None = None
    provenance = ""
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{name}:{lineno}"
        try:
            record = json.loads(line, parse_constant=_reject_constant)
        except RecursionError:
            raise ValueError(f"{where} is nested too deeply to be a bialign JSONL record") from None
        except ValueError as exc:  # JSONDecodeError, NaN/Infinity, an integer of thousands of digits
            raise ValueError(f"{where} is not valid JSON ({' '.join(str(exc).split())[:120]})") from None
        if not isinstance(record, dict) or "translation" not in record:
            raise ValueError(f"{where} is not a JSON object with a 'translation' field")
        translation = record["translation"]
        if not isinstance(translation, dict) or len(translation) != 2:
            raise ValueError(f"{where}: 'translation' must map exactly two language codes to texts")
        if langs is None:
            keys = tuple(translation)
            if src_lang is not None and src_lang in translation:
                keys = (src_lang, next(k for k in keys if k != src_lang))
            langs = (_checked_lang(keys[0], f"{where}: translation"), _checked_lang(keys[1], f"{where}: translation"))
            provenance = record.get("provenance", "")
            if not isinstance(provenance, str):
                raise ValueError(f"{where}: provenance must be a string, got {type(provenance).__name__}")
            _check_encodable(provenance, f"{where}: provenance")
        if set(translation) != set(langs):
            raise ValueError(f"{where}: languages {sorted(translation)} differ from the first line's {list(langs)}")
        if "score" not in record:
            raise ValueError(f"{where}: no 'score' field; bialign reads the JSONL it writes, which gives every "
                             "bead a score")
        row = _checked_row(where, record.get("doc_id", ""), record.get("bead_id", len(rows)),
                           translation[langs[0]], translation[langs[1]], record["score"],
                           record.get("src_ids", []), record.get("tgt_ids", []))
        typ = record.get("type")
        if typ is not None and typ != row.type:
            raise ValueError(f"{where}: type {str(typ)[:20]!r} does not match the sentence ids ({row.type})")
        rows.append(row)
    if langs is None:
        raise ValueError(f"{name} has no records; there is nothing to read")
    return ParallelCorpus(tuple(rows), langs[0], langs[1], provenance)


# --------------------------------------------------------------------------- beads


def _iter_beads(corpus: ParallelCorpus, *, comment: bool = False) -> Iterator[str]:
    if len(corpus.doc_ids) > 1:
        raise ValueError(f"the bead format holds one document, but the corpus has {len(corpus.doc_ids)}; "
                         "export a corpus as tsv, csv, tmx, jsonl or xlsx")
    from .evaluate import format_beads

    if comment and corpus.provenance:
        yield f"# provenance: {_tsv_escape(corpus.provenance)}\n"
    beads = [Bead(row.src_ids, row.tgt_ids, row.score) for row in corpus.rows]
    yield format_beads(beads)


# --------------------------------------------------------------------------- public API


def _chunks(corpus: ParallelCorpus, format: str, *, excel_safe: bool, xml_illegal: XmlIllegal,
            beads_comment: bool = False) -> Iterator[str]:
    if format not in FORMATS:
        raise ValueError(f"unknown format {format!r}; choose one of {', '.join(FORMATS)}")
    if format in _BINARY_FORMATS:
        raise ValueError(f"{format} is a binary format with no text form; write it to a file "
                         "(write_corpus or export with a path)")
    _check_corpus(corpus)
    if format in _DELIMITERS:
        return _iter_table(corpus, _DELIMITERS[format], excel_safe=excel_safe)
    if format == "tmx":
        return _iter_tmx(corpus, xml_illegal=xml_illegal)
    if format == "jsonl":
        return _iter_jsonl(corpus)
    return _iter_beads(corpus, comment=beads_comment)


def dumps(corpus: ParallelCorpus | Alignment, format: Format = "tsv", *, excel_safe: bool = False,
          xml_illegal: XmlIllegal = "escape", beads_comment: bool = False) -> str:
    """The export of ``corpus`` (or of one alignment) as a string; see the module docs for each format.

    For TSV, CSV and beads this is the file alone; :func:`table_meta` gives the sidecar's record.
    """
    if isinstance(corpus, Alignment):
        corpus = corpus_from_alignment(corpus)
    return "".join(_chunks(corpus, format, excel_safe=excel_safe, xml_illegal=xml_illegal,
                           beads_comment=beads_comment))


def loads(text: str | bytes, format: ReadableFormat, *, name: str = "<string>",
          meta: dict | None = None) -> ParallelCorpus:
    """Read an export made by :func:`dumps` (or :func:`export`) from a string.

    A TSV or CSV needs ``meta``, the sidecar's record (:func:`table_meta`), for its languages
    and provenance; the first TSV version carries them itself.
    """
    if format == "tmx":
        return _read_tmx(text.encode("utf-8") if isinstance(text, str) else text, name)
    if format == "xlsx":
        if isinstance(text, str):
            raise ValueError(f"{name}: xlsx is binary; pass the bytes of the workbook")
        return _read_xlsx(text, name)
    if isinstance(text, bytes):
        text = _decode(text, name)
    if format in _DELIMITERS:
        return _read_table(text, name, _DELIMITERS[format], meta)
    if format == "jsonl":
        return _read_jsonl(text, name)
    raise ValueError(f"cannot read format {format!r}; readable formats are {', '.join(get_args(ReadableFormat))}")


def format_from_path(path: str | os.PathLike[str], default: Format | None = None) -> Format:
    """The format named by the file extension (``.tsv .csv .tmx .jsonl .xlsx .beads``).

    Another extension (or none) gives ``default``, or with ``default=None`` a
    :class:`ValueError` that lists the extensions, so that ``out.txt`` or ``out.xls`` never
    silently becomes a TSV file.
    """
    fmt = _EXTENSIONS.get(Path(path).suffix.lower())
    if fmt is not None:
        return fmt  # type: ignore[return-value]
    if default is not None:
        return default
    suffix = Path(path).suffix or "no extension"
    raise ValueError(f"{path}: cannot tell the output format from {suffix!r}; name the file "
                     f"{' '.join(_EXTENSIONS)} or give the format (CLI: --format)")


def check_output_path(path: str | os.PathLike[str], *, overwrite: bool = False) -> Path:
    """Check that ``path`` can be written, before any long work is done for it.

    See :func:`bialign.io_safety.check_output_path`: an existing file is refused unless
    ``overwrite``, a device, FIFO or socket always, a symlink is written through, and the
    directory must exist and be writable. Returns the file that will be written.
    """
    return io_safety.check_output_path(path, overwrite=overwrite)


def atomic_writer(path: str | os.PathLike[str], *, overwrite: bool = False,
                  binary: bool = False) -> contextlib.AbstractContextManager[IO]:
    """Open ``path`` for writing UTF-8 text (or bytes) so that it appears whole or not at all.

    See :func:`bialign.io_safety.atomic_writer`: a temporary file in the same directory,
    synced and renamed over the output (through a symlink, which is kept); an error or
    Ctrl-C leaves the output untouched.
    """
    return io_safety.atomic_writer(path, overwrite=overwrite, binary=binary)


def write_corpus(corpus: ParallelCorpus, path: str | os.PathLike[str] | IO[str], format: Format | None = None, *,
                 overwrite: bool = False, excel_safe: bool = False, xml_illegal: XmlIllegal = "escape",
                 beads_comment: bool = False, low_score: float = 0.5) -> None:
    """Write ``corpus`` to ``path`` atomically (or to an open text stream such as stdout).

    ``format=None`` takes the format from the file extension; an unknown extension is refused
    with the list. TSV, CSV and bead files get the sidecar ``OUT.meta.json``
    (:func:`sidecar_path`) with the languages and provenance; a stream gets the file alone.
    ``low_score`` is the score under which xlsx rows are shaded. All checks (finite scores,
    encodable text, XML-illegal characters with ``xml_illegal="reject"``) run before anything
    is renamed into place, so an error leaves no output behind.
    """
    if isinstance(path, (str, os.PathLike)):
        check_output_path(path, overwrite=overwrite)
        fmt = format or format_from_path(path)
        sidecar = sidecar_path(path) if fmt in _SIDECAR_FORMATS else None
        if sidecar is not None:
            check_output_path(sidecar, overwrite=overwrite)
        if fmt in _BINARY_FORMATS:
            _check_corpus(corpus)
            import io

            buffer = io.BytesIO()
            _write_xlsx(corpus, buffer, low_score=low_score)  # every check runs before the file is opened
            with atomic_writer(path, overwrite=overwrite, binary=True) as fh:
                fh.write(buffer.getvalue())
        else:
            chunks = _chunks(corpus, fmt, excel_safe=excel_safe, xml_illegal=xml_illegal, beads_comment=beads_comment)
            with atomic_writer(path, overwrite=overwrite) as fh:
                for chunk in chunks:
                    fh.write(chunk)
        if sidecar is not None:
            with atomic_writer(sidecar, overwrite=overwrite) as fh:
                fh.write(json.dumps(table_meta(corpus, fmt, excel_safe=excel_safe),  # type: ignore[arg-type]
                                    ensure_ascii=False, indent=2) + "\n")
        logger.info("wrote %d rows to %s (%s)%s", len(corpus.rows), path, fmt,
                    f", provenance in {sidecar}" if sidecar is not None else "")
        return
    # A stream cannot be written atomically, so build the whole text first: an error then
    # writes nothing rather than half a file.
    path.write(dumps(corpus, format or "tsv", excel_safe=excel_safe, xml_illegal=xml_illegal,
                     beads_comment=beads_comment))
    if (format or "tsv") in _SIDECAR_FORMATS:
        logger.info("a stream has no sidecar: the languages and provenance of these %d rows are not written "
                    "(write to a file for OUT.meta.json, or use jsonl or tmx)", len(corpus.rows))


def export(alignment: Alignment, path: str | os.PathLike[str] | IO[str], format: Format | None = None, *,
           doc_id: str = "", overwrite: bool = False, excel_safe: bool = False,
           xml_illegal: XmlIllegal = "escape", drop_null: bool = False, beads_comment: bool = False) -> None:
    """Write one alignment as a parallel corpus file (see :func:`write_corpus`).

    ``drop_null=True`` leaves out the 1-0 and 0-1 beads (see :func:`drop_null`; not for the
    bead format, which must cover every sentence).

    >>> export(bialign.align(ja, en), "article.tmx")  # doctest: +SKIP
    """
    corpus = corpus_from_alignment(alignment, doc_id=doc_id)
    if drop_null:
        fmt = format or (format_from_path(path) if isinstance(path, (str, os.PathLike)) else "tsv")
        if fmt == "beads":
            raise ValueError("drop_null does not apply to the bead format: a bead file covers every sentence")
        corpus, dropped = _drop_null(corpus)
        logger.info("left out %d 1-0 and 0-1 beads", dropped)
    write_corpus(corpus, path, format, overwrite=overwrite, excel_safe=excel_safe, xml_illegal=xml_illegal,
                 beads_comment=beads_comment)


def read_corpus(path: str | os.PathLike[str], format: ReadableFormat | None = None, *,
                src_lang: str | None = None, tgt_lang: str | None = None,
                max_bytes: int = io_safety.DEFAULT_MAX_INPUT_BYTES) -> ParallelCorpus:
    """Read a TSV, CSV, TMX, JSONL or xlsx export back into a :class:`ParallelCorpus`.

    ``format=None`` takes the format from the extension. A TSV or CSV file's languages and
    provenance come from its sidecar ``OUT.meta.json``; without one, pass ``src_lang`` and
    ``tgt_lang`` (the provenance is then empty). ``path`` (and its sidecar) must be a regular
    file of at most ``max_bytes`` bytes. Errors are :class:`ValueError` naming the file, the
    line (or translation unit) and the field.
    """
    p = Path(path)
    fmt = format or format_from_path(p, default="tsv")
    if fmt == "beads":
        raise ValueError(f"{p}: the bead format has no text; read it with bialign.evaluate")
    data = io_safety.read_input_bytes(p, max_bytes, what="an export file")
    meta = None
    if fmt in _DELIMITERS:
        meta = _read_sidecar(p, max_bytes)
        if meta is None and src_lang and tgt_lang:
            meta = {"src_lang": src_lang, "tgt_lang": tgt_lang}
    return loads(data, fmt, name=str(p), meta=meta)  # type: ignore[arg-type]


def _read_sidecar(path: Path, max_bytes: int) -> dict | None:
    sidecar = sidecar_path(path)
    if not os.path.lexists(sidecar):
        return None
    data = io_safety.read_input_bytes(sidecar, max_bytes, what="a sidecar file (JSON)")
    try:
        meta = json.loads(data.decode("utf-8"), parse_constant=_reject_constant)
    except RecursionError:
        raise ValueError(f"{sidecar} is nested too deeply to be a bialign sidecar") from None
    except ValueError as exc:  # not UTF-8, not JSON
        raise ValueError(f"{sidecar} cannot be read as JSON ({' '.join(str(exc).split())[:120]}); restore it, "
                         "or delete it and pass src_lang= and tgt_lang=") from None
    if not isinstance(meta, dict):
        raise ValueError(f"{sidecar} is not a bialign sidecar (a JSON object with src_lang and tgt_lang)")
    return meta


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(f"{name} is not UTF-8 (invalid byte at offset {exc.start}); bialign exports are UTF-8") from None
