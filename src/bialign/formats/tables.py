"""TSV and CSV: the writer, the RFC 4180 reader, the reader of the first TSV version, the sidecar.

The two table formats differ only in their separator, so one writer (:func:`_iter_table`) and
one reader (:func:`_read_table`) serve both. Their languages and provenance live in the
sidecar ``OUT.meta.json`` (:func:`sidecar_path`, :func:`table_meta`), also used by the bead
format. See :mod:`bialign.formats` for the format itself.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Callable, Iterator

from .. import io_safety
from ..provenance import bialign_version
from .rows import (Format, ParallelCorpus, CorpusRow, _check_encodable, _checked_lang, _checked_row, _ids_text,
                   _parse_ids, _parse_score, _parse_uint, _reject_constant)

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


# --------------------------------------------------------------------------- the sidecar


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


# --------------------------------------------------------------------------- the tables


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
