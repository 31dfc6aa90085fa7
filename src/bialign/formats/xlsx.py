"""xlsx: the workbook writer and reader (openpyxl, an optional dependency).

A workbook holds the same columns as a TSV (:data:`~bialign.formats.tables.TSV_COLUMNS`) in a
sheet ``beads`` and the languages and provenance in a sheet ``provenance``; its rows are checked
by the same :func:`~bialign.formats.tables._table_row` as a TSV's. See :mod:`bialign.formats`.
"""

from __future__ import annotations

import re
from typing import IO

from ..provenance import bialign_version
from .rows import ParallelCorpus, _check_encodable, _checked_lang, _ids_text
from .tables import TSV_COLUMNS, _table_row

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
