"""The public API of the exports: strings and files, writing atomically, reading strictly.

:func:`dumps`/:func:`loads` turn a corpus into text and back by dispatching to the format
modules (:mod:`~bialign.formats.tables`, :mod:`~bialign.formats.xlsx`,
:mod:`~bialign.formats.tmx`, :mod:`~bialign.formats.jsonl`; the bead format is written by
:mod:`bialign.evaluate`); :func:`write_corpus`, :func:`export` and :func:`read_corpus` add the
files: the format from the extension, the checks before writing, the atomic write, the sidecar.
See :mod:`bialign.formats` ("Writing files", "Reading files").
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
from pathlib import Path
from typing import IO, Iterator, get_args

from .. import io_safety
from ..aligner import Alignment, Bead
from .jsonl import _iter_jsonl, _read_jsonl
from .rows import (FORMATS, Format, ParallelCorpus, ReadableFormat, XmlIllegal, _check_corpus, _drop_null,
                   corpus_from_alignment)
from .tables import _DELIMITERS, _iter_table, _read_sidecar, _read_table, _tsv_escape, sidecar_path, table_meta
from .tmx import _iter_tmx, _read_tmx
from .xlsx import _read_xlsx, _write_xlsx

# The name of the module this code was split from, so that logging settings for it still apply.
logger = logging.getLogger("bialign.formats")

_EXTENSIONS = {".tsv": "tsv", ".csv": "csv", ".tmx": "tmx", ".jsonl": "jsonl", ".xlsx": "xlsx", ".beads": "beads"}
# Formats whose languages and provenance live in the sidecar OUT.meta.json.
_SIDECAR_FORMATS = ("tsv", "csv", "beads")
_BINARY_FORMATS = ("xlsx",)


# --------------------------------------------------------------------------- beads


def _iter_beads(corpus: ParallelCorpus, *, comment: bool = False) -> Iterator[str]:
    if len(corpus.doc_ids) > 1:
        raise ValueError(f"the bead format holds one document, but the corpus has {len(corpus.doc_ids)}; "
                         "export a corpus as tsv, csv, tmx, jsonl or xlsx")
    from ..evaluate import format_beads

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


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(f"{name} is not UTF-8 (invalid byte at offset {exc.start}); bialign exports are UTF-8") from None
