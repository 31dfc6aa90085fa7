"""Parallel-corpus exports: TSV, TMX 1.4b, JSONL and the bead format, with readers.

This is the export stage of the pipeline. An :class:`~bialign.align.Alignment` becomes a
:class:`ParallelCorpus`: one :class:`CorpusRow` per bead, with the document id, the bead id,
the two texts, the score and the sentence ids. Every writer carries the provenance (bialign
version, encoder, settings) and every reader gives back exactly the rows that were written,
for any text: tabs, newlines, backslashes, quotes, XML specials and control characters
included. Property-based tests check this round trip.

>>> from bialign.formats import CorpusRow, ParallelCorpus, dumps, loads
>>> corpus = ParallelCorpus((CorpusRow("doc", 0, "猫が\\tいる。", "A cat.", 0.9, (0,), (0,)),), "ja", "en", "")
>>> loads(dumps(corpus, "tsv"), "tsv") == corpus
True

Formats
=======

**tsv** -- UTF-8 without BOM, ``\\n`` line ends, no quoting. The file starts with two comment
lines, then a header row, then one row per bead::

    # bialign-tsv version=1 src_lang=ja tgt_lang=en excel_safe=no
    # provenance: bialign=0.1.0|encoder=...|...
    doc_id	bead_id	src_text	tgt_text	score	type	src_ids	tgt_ids

Escaping: inside every cell, a backslash is written ``\\\\``, a tab ``\\t``, a line feed
``\\n`` and a carriage return ``\\r``; nothing else is changed (quotes are literal; there is
no CSV quoting). A raw tab therefore always separates cells and a raw ``\\n`` always ends a
row. Sentence ids are 0-based, comma-separated (``3,4``), empty for the empty side of a 1-0
or 0-1 bead. Scores are written with Python's shortest exact ``repr``. A bead of several
sentences has their texts joined with one space. With ``excel_safe=True`` a text cell that
starts with ``= + - @`` (a formula to Excel or LibreOffice) or with ``'`` is prefixed with
``'``; the first comment line records ``excel_safe=yes`` and the reader removes that one
``'`` again, so the round trip stays exact. To read the file with pandas::

    pd.read_csv(path, sep="\\t", skiprows=2, quoting=csv.QUOTE_NONE, keep_default_na=False,
                dtype=str)

then undo the four escapes (or use :func:`read_corpus`).

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
:mod:`bialign.evaluate` (scores rounded to 4 decimals), after one comment line
``# provenance: ...`` that :func:`bialign.evaluate.read_beads` skips (for tools that do not
skip comments, drop it with ``grep -v '^#'``). It holds the bead structure of one document
and no text, so it is read with :func:`bialign.evaluate.read_beads`, not here.

Writing files
=============

:func:`export` and :func:`write_corpus` write atomically: the data goes to a temporary file
in the output's directory, is flushed to disk and then renamed over the output, so an error
or Ctrl-C never leaves a truncated file. An existing output is refused unless
``overwrite=True`` (CLI: ``--force``); a missing output directory is an error, never created
silently.
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
from typing import IO, Iterator, Literal, get_args

from . import io_safety
from .align import Alignment, Bead
from .provenance import bialign_version

logger = logging.getLogger(__name__)

__all__ = [
    "FORMATS",
    "CorpusRow",
    "ParallelCorpus",
    "atomic_writer",
    "check_output_path",
    "corpus_from_alignment",
    "dumps",
    "export",
    "format_from_path",
    "loads",
    "read_corpus",
    "write_corpus",
]

Format = Literal["tsv", "tmx", "jsonl", "beads"]
FORMATS: tuple[str, ...] = get_args(Format)
ReadableFormat = Literal["tsv", "tmx", "jsonl"]
XmlIllegal = Literal["escape", "reject"]

_EXTENSIONS = {".tsv": "tsv", ".tmx": "tmx", ".jsonl": "jsonl", ".beads": "beads"}


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


# --------------------------------------------------------------------------- checks


def _check_corpus(corpus: ParallelCorpus) -> None:
    for lang in (corpus.src_lang, corpus.tgt_lang):
        if not lang or any(ch.isspace() for ch in lang):
            raise ValueError(f"language code {lang!r} must be non-empty without spaces, e.g. 'ja' or 'en'")
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
_TSV_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}
_TSV_UNESCAPES = {"\\": "\\", "t": "\t", "n": "\n", "r": "\r"}
_TSV_ESCAPE_RE = re.compile(r"[\\\t\n\r]")
_TSV_UNESCAPE_RE = re.compile(r"\\(.?)", re.DOTALL)
_FORMULA_START = ("=", "+", "-", "@", "'")


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


def _parse_ids(text: str, where: str) -> tuple[int, ...]:
    if not text:
        return ()
    try:
        return tuple(int(part) for part in text.split(","))
    except ValueError:
        raise ValueError(f"{where}: sentence ids {text!r} are not comma-separated integers") from None


def _iter_tsv(corpus: ParallelCorpus, *, excel_safe: bool = False) -> Iterator[str]:
    def cell(text: str) -> str:
        if excel_safe and text.startswith(_FORMULA_START):
            text = "'" + text
        return _tsv_escape(text)

    yield (f"# bialign-tsv version=1 src_lang={corpus.src_lang} tgt_lang={corpus.tgt_lang} "
           f"excel_safe={'yes' if excel_safe else 'no'}\n")
    yield f"# provenance: {_tsv_escape(corpus.provenance)}\n"
    yield "\t".join(TSV_COLUMNS) + "\n"
    for row in corpus.rows:
        yield "\t".join((
            cell(row.doc_id), str(row.bead_id), cell(row.src_text), cell(row.tgt_text), repr(float(row.score)),
            row.type, _ids_text(row.src_ids), _ids_text(row.tgt_ids),
        )) + "\n"


def _read_tsv(text: str, name: str) -> ParallelCorpus:
    if text.startswith("\ufeff"):
        text = text[1:]
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
        doc, bead, src, tgt, score, typ, src_ids, tgt_ids = cells
        try:
            bead_id, score_value = int(bead), float(score)
        except ValueError:
            raise ValueError(f"{where}: bead id {bead!r} or score {score!r} is not a number") from None
        row = CorpusRow(cell(doc, where), bead_id, cell(src, where), cell(tgt, where), score_value,
                        _parse_ids(src_ids, where), _parse_ids(tgt_ids, where))
        if row.type != typ:
            raise ValueError(f"{where}: bead type {typ!r} does not match the sentence ids ({row.type})")
        rows.append(row)
    return ParallelCorpus(tuple(rows), meta["src_lang"], meta["tgt_lang"], provenance)


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
            if not re.fullmatch(r"U\+[0-9A-F]{4,6}", code):
                raise ValueError(f"bad bialign placeholder <ph>{code}</ph>; expected U+XXXX")
            parts.append(chr(int(code[2:], 16)))
        else:
            # Inline markup written by other tools: keep its text content.
            parts.append("".join(child.itertext()))
        parts.append(child.tail or "")
    return "".join(parts)


def _read_tmx(data: bytes, name: str) -> ParallelCorpus:
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise ValueError(f"{name} is not well-formed XML ({exc}); is it a TMX file?") from None
    header = root.find("header")
    body = root.find("body")
    if root.tag != "tmx" or header is None or body is None:
        raise ValueError(f"{name} is not a TMX file: expected <tmx> with <header> and <body>")
    src_lang = header.get("srclang", "")
    header_props = {p.get("type"): _element_text(p) for p in header.findall("prop")}
    provenance = header_props.get(_PROP_PREFIX + "provenance", "")
    tgt_lang = header_props.get(_PROP_PREFIX + "tgt-lang")
    rows = []
    for n, tu in enumerate(body.iter("tu")):
        where = f"{name}: translation unit {n} (tuid {tu.get('tuid')!r})"
        props = {p.get("type", ""): _element_text(p) for p in tu.findall("prop")}
        tuvs = [(tuv.get(_XML_LANG) or tuv.get("lang") or "", tuv.find("seg")) for tuv in tu.findall("tuv")]
        if len(tuvs) != 2 or any(seg is None for _, seg in tuvs):
            raise ValueError(f"{where} has {len(tuvs)} <tuv> with <seg>; bialign reads pairs (exactly two)")
        (lang_a, seg_a), (lang_b, seg_b) = tuvs
        if lang_b.lower() == src_lang.lower() and lang_a.lower() != src_lang.lower():
            (lang_a, seg_a), (lang_b, seg_b) = (lang_b, seg_b), (lang_a, seg_a)
        if tgt_lang is None:
            tgt_lang = lang_b
        try:
            row = CorpusRow(
                doc_id=props.get(_PROP_PREFIX + "doc", ""),
                bead_id=int(props.get(_PROP_PREFIX + "bead", n)),
                src_text=_element_text(seg_a),  # type: ignore[arg-type]
                tgt_text=_element_text(seg_b),  # type: ignore[arg-type]
                score=float(props.get(_PROP_PREFIX + "score", "nan")),
                src_ids=_parse_ids(props.get(_PROP_PREFIX + "src-ids", ""), where),
                tgt_ids=_parse_ids(props.get(_PROP_PREFIX + "tgt-ids", ""), where),
            )
        except ValueError as exc:
            raise ValueError(f"{where}: {exc}") from None
        typ = props.get(_PROP_PREFIX + "type")
        if typ is not None and typ != row.type:
            raise ValueError(f"{where}: bead type {typ!r} does not match the sentence ids ({row.type})")
        rows.append(row)
    return ParallelCorpus(tuple(rows), src_lang, tgt_lang or "", provenance)


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


def _read_jsonl(text: str, name: str, *, src_lang: str | None = None) -> ParallelCorpus:
    rows = []
    langs: tuple[str, str] | None = None
    provenance = ""
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{name}:{lineno}"
        try:
            record = json.loads(line)
            translation = record["translation"]
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise ValueError(f"{where} is not a JSON object with a 'translation' field ({exc})") from None
        if not isinstance(translation, dict) or len(translation) != 2:
            raise ValueError(f"{where}: 'translation' must map exactly two language codes to texts")
        if langs is None:
            keys = tuple(translation)
            if src_lang is not None and src_lang in translation:
                keys = (src_lang, next(k for k in keys if k != src_lang))
            langs = (keys[0], keys[1])
            provenance = record.get("provenance", "")
        if set(translation) != set(langs):
            raise ValueError(f"{where}: languages {sorted(translation)} differ from the first line's {list(langs)}")
        try:
            row = CorpusRow(
                doc_id=str(record.get("doc_id", "")),
                bead_id=int(record.get("bead_id", len(rows))),
                src_text=translation[langs[0]],
                tgt_text=translation[langs[1]],
                score=float(record.get("score", "nan")),
                src_ids=tuple(int(i) for i in record.get("src_ids", ())),
                tgt_ids=tuple(int(i) for i in record.get("tgt_ids", ())),
            )
        except (TypeError, ValueError) as exc:
            raise ValueError(f"{where}: bad field ({exc})") from None
        rows.append(row)
    if langs is None:
        raise ValueError(f"{name} has no records; there is nothing to read")
    return ParallelCorpus(tuple(rows), langs[0], langs[1], provenance)


# --------------------------------------------------------------------------- beads


def _iter_beads(corpus: ParallelCorpus) -> Iterator[str]:
    if len(corpus.doc_ids) > 1:
        raise ValueError(f"the bead format holds one document, but the corpus has {len(corpus.doc_ids)}; "
                         "export a corpus as tsv, tmx or jsonl")
    from .evaluate import format_beads

    if corpus.provenance:
        yield f"# provenance: {_tsv_escape(corpus.provenance)}\n"
    beads = [Bead(row.src_ids, row.tgt_ids, row.score) for row in corpus.rows]
    yield format_beads(beads)


# --------------------------------------------------------------------------- public API


def _chunks(corpus: ParallelCorpus, format: str, *, excel_safe: bool, xml_illegal: XmlIllegal) -> Iterator[str]:
    if format not in FORMATS:
        raise ValueError(f"unknown format {format!r}; choose one of {', '.join(FORMATS)}")
    _check_corpus(corpus)
    if format == "tsv":
        return _iter_tsv(corpus, excel_safe=excel_safe)
    if format == "tmx":
        return _iter_tmx(corpus, xml_illegal=xml_illegal)
    if format == "jsonl":
        return _iter_jsonl(corpus)
    return _iter_beads(corpus)


def dumps(corpus: ParallelCorpus | Alignment, format: Format = "tsv", *, excel_safe: bool = False,
          xml_illegal: XmlIllegal = "escape") -> str:
    """The export of ``corpus`` (or of one alignment) as a string; see the module docs for each format."""
    if isinstance(corpus, Alignment):
        corpus = corpus_from_alignment(corpus)
    return "".join(_chunks(corpus, format, excel_safe=excel_safe, xml_illegal=xml_illegal))


def loads(text: str | bytes, format: ReadableFormat, *, name: str = "<string>") -> ParallelCorpus:
    """Read an export made by :func:`dumps` (or :func:`export`) from a string."""
    if format == "tmx":
        return _read_tmx(text.encode("utf-8") if isinstance(text, str) else text, name)
    if isinstance(text, bytes):
        text = _decode(text, name)
    if format == "tsv":
        return _read_tsv(text, name)
    if format == "jsonl":
        return _read_jsonl(text, name)
    raise ValueError(f"cannot read format {format!r}; readable formats are tsv, tmx and jsonl")


def format_from_path(path: str | os.PathLike[str], default: Format = "tsv") -> Format:
    """The format named by the file extension (``.tsv .tmx .jsonl .beads``), else ``default``."""
    return _EXTENSIONS.get(Path(path).suffix.lower(), default)  # type: ignore[return-value]


def check_output_path(path: str | os.PathLike[str], *, overwrite: bool = False) -> Path:
    """Check that ``path`` can be written, before any long work is done for it.

    See :func:`bialign.io_safety.check_output_path`: an existing file is refused unless
    ``overwrite``, a device, FIFO or socket always, a symlink is written through, and the
    directory must exist and be writable. Returns the file that will be written.
    """
    return io_safety.check_output_path(path, overwrite=overwrite)


def atomic_writer(path: str | os.PathLike[str], *, overwrite: bool = False) -> contextlib.AbstractContextManager[IO[str]]:
    """Open ``path`` for writing UTF-8 text so that it appears whole or not at all.

    See :func:`bialign.io_safety.atomic_writer`: a temporary file in the same directory,
    synced and renamed over the output (through a symlink, which is kept); an error or
    Ctrl-C leaves the output untouched.
    """
    return io_safety.atomic_writer(path, overwrite=overwrite)


def write_corpus(corpus: ParallelCorpus, path: str | os.PathLike[str] | IO[str], format: Format | None = None, *,
                 overwrite: bool = False, excel_safe: bool = False, xml_illegal: XmlIllegal = "escape") -> None:
    """Write ``corpus`` to ``path`` atomically (or to an open text stream such as stdout).

    ``format=None`` takes the format from the file extension (TSV when unknown). All checks
    (finite scores, encodable text, XML-illegal characters with ``xml_illegal="reject"``)
    run before anything is renamed into place, so an error leaves no output behind.
    """
    if isinstance(path, (str, os.PathLike)):
        fmt = format or format_from_path(path)
        chunks = _chunks(corpus, fmt, excel_safe=excel_safe, xml_illegal=xml_illegal)
        with atomic_writer(path, overwrite=overwrite) as fh:
            for chunk in chunks:
                fh.write(chunk)
        logger.info("wrote %d rows to %s (%s)", len(corpus.rows), path, fmt)
        return
    # A stream cannot be written atomically, so build the whole text first: an error then
    # writes nothing rather than half a file.
    path.write(dumps(corpus, format or "tsv", excel_safe=excel_safe, xml_illegal=xml_illegal))


def export(alignment: Alignment, path: str | os.PathLike[str] | IO[str], format: Format | None = None, *,
           doc_id: str = "", overwrite: bool = False, excel_safe: bool = False,
           xml_illegal: XmlIllegal = "escape") -> None:
    """Write one alignment as a parallel corpus file (see :func:`write_corpus`).

    >>> export(bialign.align(ja, en), "article.tmx")  # doctest: +SKIP
    """
    write_corpus(corpus_from_alignment(alignment, doc_id=doc_id), path, format, overwrite=overwrite,
                 excel_safe=excel_safe, xml_illegal=xml_illegal)


def read_corpus(path: str | os.PathLike[str], format: ReadableFormat | None = None, *,
                max_bytes: int = io_safety.DEFAULT_MAX_INPUT_BYTES) -> ParallelCorpus:
    """Read a TSV, TMX or JSONL export back into a :class:`ParallelCorpus`.

    ``format=None`` takes the format from the extension. ``path`` must be a regular file of
    at most ``max_bytes`` bytes. Errors are :class:`ValueError` naming the file, the line (or
    translation unit) and the field.
    """
    p = Path(path)
    fmt = format or format_from_path(p, default="tsv")
    if fmt == "beads":
        raise ValueError(f"{p}: the bead format has no text; read it with bialign.evaluate")
    data = io_safety.read_input_bytes(p, max_bytes, what="an export file")
    return loads(data, fmt, name=str(p))  # type: ignore[arg-type]


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(f"{name} is not UTF-8 (invalid byte at offset {exc.start}); bialign exports are UTF-8") from None
