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

Layout
======

The package is split by job: :mod:`~bialign.formats.rows` (the row types and the checks
every format shares), :mod:`~bialign.formats.tables` (TSV, CSV, the sidecar),
:mod:`~bialign.formats.xlsx`, :mod:`~bialign.formats.tmx`, :mod:`~bialign.formats.jsonl`,
and :mod:`~bialign.formats.files` (``dumps``/``loads``, writing and reading files). Every
name the former single module ``formats.py`` defined is re-exported here, the private ones
included. Patch the submodules, not this package: a name rebound here is not seen by the
code of the package; only code that calls through the package (``formats.read_corpus`` in
:mod:`bialign.corpus_outputs` and :mod:`bialign.cli`) sees it.
"""

from __future__ import annotations

# ruff: noqa: F401 (every name the former module formats.py defined is re-exported, the private ones too)

from ..provenance import bialign_version
from .files import (_BINARY_FORMATS, _EXTENSIONS, _SIDECAR_FORMATS, _chunks, _decode, _iter_beads, atomic_writer,
                    check_output_path, dumps, export, format_from_path, loads, logger, read_corpus, write_corpus)
from .jsonl import _JSON_LINE_BREAK_RE, _JSON_LINE_BREAKS, _iter_jsonl, _read_jsonl
from .rows import (FORMATS, _FLOAT_RE, _UINT_RE, CorpusRow, Format, ParallelCorpus, ReadableFormat, XmlIllegal,
                   _check_corpus, _check_encodable, _checked_lang, _checked_row, _drop_null, _ids_text, _parse_ids,
                   _parse_score, _parse_uint, _reject_constant, corpus_from_alignment, drop_null)
from .tables import (_DELIMITERS, _FORMULA_START, _TSV_ESCAPE_RE, _TSV_ESCAPES, _TSV_UNESCAPE_RE, _TSV_UNESCAPES,
                     TSV_COLUMNS, _checked_meta, _iter_table, _quote, _read_sidecar, _read_table, _read_tsv_v1,
                     _split_records, _table_row, _tsv_escape, _tsv_unescape, sidecar_path, table_meta)
from .tmx import (_ATTR_ESCAPE_RE, _ATTR_ESCAPES, _PH_TYPE, _PROP_PREFIX, _TEXT_ESCAPE_RE, _TEXT_ESCAPES,
                  _XML_ILLEGAL_RE, _XML_LANG, _all_text, _element_text, _iter_tmx, _read_tmx, _xml_attr, _xml_text)
from .xlsx import _XLSX_CELL_MAX, _XLSX_ILLEGAL_RE, _check_xlsx_text, _openpyxl, _read_xlsx, _read_xlsx_book, \
    _write_xlsx, _xlsx_cell

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
