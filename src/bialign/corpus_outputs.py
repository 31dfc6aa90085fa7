"""Where a corpus run writes: appendable files, Parquet shards, Moses plain files, the index, the lock.

A corpus run (:mod:`bialign.corpus`) hands each finished document to an *output*, in the
order of the pairs, and the output makes it durable as one unit before the next one comes:

- **tsv, csv, jsonl, tmx** (:class:`AppendOutput`): the document's rows are appended to the
  file and ``fsync``-ed; the file is never rewritten. TSV and CSV have their header row once,
  at the top, and the sidecar ``OUT.meta.json`` of :func:`bialign.formats.write_corpus`
  (languages, provenance; written when the run begins, its row count updated when it ends),
  so :func:`bialign.read_corpus` and pandas read the file as any other export. TMX keeps its
  closing ``</body></tmx>``: each unit is written over it and ends with it again, so the file
  is valid XML after every unit.
- **xlsx** (:class:`XlsxOutput`): a workbook cannot be appended to, so the rows are appended to
  a hidden TSV next to it (``.OUT.xlsx.rows.tsv``, with its sidecar and the index), and the
  workbook of :func:`bialign.formats.write_corpus` is made from it, atomically, when the run
  ends (Excel holds at most 1,048,576 rows: use it for corpora a person will read).
- **moses** (:class:`AppendOutput` over three files): ``OUT.{src}`` and ``OUT.{tgt}`` hold one
  segment a line (Moses, fast_align, most MT toolkits), ``OUT.ids`` the row's ``doc_id bead_id
  score type src_ids tgt_ids`` in TSV. A line break inside a segment would shift every later
  line, so it is replaced by a space and the count is logged.
- **parquet** (:class:`ParquetOutput`): a directory of shards ``part-00000.parquet`` ... of
  about ``shard_rows`` rows each, every shard written to a temporary file, synced and renamed;
  or, for ``-o OUT.parquet``, one file made from the shards when the run ends. Columns:
  ``doc_id bead_id src_text tgt_text score type src_ids tgt_ids``; the languages and the
  provenance are in the file metadata (``bialign.src_lang``, ``bialign.tgt_lang``,
  ``bialign.provenance``). pandas, pyarrow and ``datasets.load_dataset("parquet", ...)`` read it.

**The index.** Next to the output (``OUT.bialign-index``, or ``.bialign-index`` inside a
Parquet directory) one JSON line per finished document records its id, the number of rows
written and where its unit ends. It is appended and synced *after* the unit, so a document is
done when its index line is. Resuming reads the index, not the output: it takes seconds for
millions of documents. Whatever a killed run wrote after its last index line (half a
document, an unrenamed shard, a temporary file) is removed on resume, and said so.

**Checks.** Every file of an output is checked with :func:`bialign.io_safety.check_output_path`
before the run: a device, FIFO, socket or directory is never written over, a symlink is written
through (the file it points at is appended to or replaced; the link stays), and the directory
must exist and be writable.

**The lock.** ``OUT.lock`` is held (``flock``) for the whole run; a second run on the same
output is refused at once instead of interleaving its documents. The operating system
releases the lock when a process dies, so a killed run never blocks the next one.

**Layout.** This module holds the appendable outputs (:class:`AppendOutput`, :class:`XlsxOutput`)
and :func:`make_output`; the index, the lock and the :class:`CorpusOutput` interface are in
:mod:`bialign.corpus_index`, Parquet in :mod:`bialign.corpus_parquet`. Every name this module
defined before the split is re-exported from here.
"""

from __future__ import annotations

import json
import logging
import os
import re
from pathlib import Path
from typing import Any, Literal, Sequence, get_args

from . import formats, io_safety
from .corpus_index import _INDEX_SUFFIX, CorpusOutput, Index, IndexEntry, IndexHeader, IndexState
from .corpus_parquet import ParquetOutput
from .formats import CorpusRow, ParallelCorpus

# ruff: noqa: F401 (the names that moved to corpus_index and corpus_parquet are re-exported)
from .corpus_index import _DIR_INDEX, INDEX_VERSION, MissingDependency, OutputLock
from .corpus_parquet import _SHARD_RE, _fsync_dir, _pyarrow, _table, _write_parquet_atomically, parquet_schema, \
    read_parquet_corpus

logger = logging.getLogger(__name__)

CorpusFormat = Literal["tsv", "csv", "jsonl", "tmx", "xlsx", "parquet", "moses"]
CORPUS_FORMATS: tuple[str, ...] = get_args(CorpusFormat)


_LINE_BREAK_RE = re.compile("[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")


_CORPUS_EXTENSIONS = {".tsv": "tsv", ".csv": "csv", ".jsonl": "jsonl", ".tmx": "tmx", ".xlsx": "xlsx",
                      ".parquet": "parquet"}


def corpus_format_from_path(path: str | os.PathLike[str]) -> CorpusFormat:
    """``.tsv .csv .jsonl .tmx .xlsx .parquet`` by extension; an existing directory is Parquet shards.

    Another extension (``out.txt``, ``out.xls``, none) is a :class:`ValueError` with the list,
    so that it never silently becomes a TSV file; give the format then (moses writes
    ``OUT.{src} OUT.{tgt} OUT.ids`` from a prefix).
    """
    p = Path(path)
    if p.is_dir():
        return "parquet"
    fmt = _CORPUS_EXTENSIONS.get(p.suffix.lower())
    if fmt is not None:
        return fmt  # type: ignore[return-value]
    suffix = p.suffix or "no extension"
    raise ValueError(f"{path}: cannot tell the corpus format from {suffix!r}; name the output "
                     f"{' '.join(_CORPUS_EXTENSIONS)} (or a directory, for Parquet shards), or give the format "
                     "(CLI: --format tsv|csv|tmx|jsonl|xlsx|parquet|moses)")


# --------------------------------------------------------------------------- outputs



class AppendOutput(CorpusOutput):
    """tsv, jsonl, tmx (one file) or moses (three files): each document appended as one synced unit."""

    def __init__(self, path: Path, format: CorpusFormat, src_lang: str, tgt_lang: str, *, excel_safe: bool = False,
                 xml_illegal: formats.XmlIllegal = "escape", max_bytes: int = io_safety.DEFAULT_MAX_INPUT_BYTES) -> None:
        self.path, self.format = path, format
        self.max_bytes = max_bytes
        self.src_lang, self.tgt_lang = src_lang, tgt_lang
        self.excel_safe, self.xml_illegal = excel_safe, xml_illegal
        if format == "moses":
            if src_lang == tgt_lang:
                raise ValueError(f"moses output names its files by language, so the two languages must differ "
                                 f"(both are {src_lang!r}); use tsv or parquet")
            self.paths = [path.with_name(f"{path.name}.{src_lang}"), path.with_name(f"{path.name}.{tgt_lang}"),
                          path.with_name(f"{path.name}.ids")]
        else:
            self.paths = [path]
        # TSV and CSV carry their languages and provenance in the sidecar, as write_corpus does.
        self.sidecar = formats.sidecar_path(path) if format in ("tsv", "csv") else None
        self._sidecar_state: tuple[str, int] | None = None
        self.index = Index(path.with_name(path.name + _INDEX_SUFFIX))
        self.lock_path = path.with_name(path.name + ".lock")
        self._ends: list[int] = []
        self._provenance = ""
        self._tails: list[bytes] = []
        self._rows = 0
        self._legacy_v1: ParallelCorpus | None = None
        self.line_breaks_replaced = 0

    def exists(self) -> bool:
        return any(p.exists() for p in self.paths)

    def check_writable(self, overwrite: bool) -> None:
        # A device, FIFO, socket or directory is refused; a symlink is written through.
        for p in self.paths + ([self.sidecar] if self.sidecar is not None else []):
            formats.check_output_path(p, overwrite=True)
        if not overwrite:
            existing = [p for p in self.paths if p.exists()]
            if existing and not self.index.path.exists() and self.format == "moses":
                raise FileExistsError(f"{existing[0]} already exists and has no bialign index to resume from; "
                                      "choose another -o, or --force to replace it")

    # -- rendering, through bialign.formats so that the bytes are those of write_corpus

    def _dump(self, rows: Sequence[CorpusRow], provenance: str) -> str:
        corpus = ParallelCorpus(tuple(rows), self.src_lang, self.tgt_lang, provenance)
        return formats.dumps(corpus, self.format, excel_safe=self.excel_safe, xml_illegal=self.xml_illegal)  # type: ignore[arg-type]

    def _head_tail(self, provenance: str) -> tuple[list[bytes], list[bytes]]:
        if self.format == "moses":
            return [b"", b"", b""], [b"", b"", b""]
        empty = self._dump((), provenance)
        cut = empty.rfind("  </body>") if self.format == "tmx" else len(empty)
        return [empty[:cut].encode("utf-8")], [empty[cut:].encode("utf-8")]

    def _body(self, rows: Sequence[CorpusRow]) -> list[bytes]:
        if self.format == "moses":
            return self._moses(rows)
        if not rows:
            return [b""]
        full = self._dump(rows, self._provenance).encode("utf-8")
        head, tail = self._head, self._tails[0]
        if not (full.startswith(head[0]) and full.endswith(tail)):  # pragma: no cover - a formats change
            raise RuntimeError(f"the {self.format} writer's header or footer depends on the rows; "
                               "bialign.corpus_outputs cannot append to it")
        return [full[len(head[0]):len(full) - len(tail)]]

    def _moses(self, rows: Sequence[CorpusRow]) -> list[bytes]:
        formats._check_corpus(ParallelCorpus(tuple(rows), self.src_lang, self.tgt_lang))
        src, tgt, ids = [], [], []
        for row in rows:
            for side, text in ((src, row.src_text), (tgt, row.tgt_text)):
                clean, n = _LINE_BREAK_RE.subn(" ", text)
                self.line_breaks_replaced += bool(n)
                side.append(clean + "\n")
            ids.append("\t".join((formats._tsv_escape(row.doc_id), str(row.bead_id), repr(float(row.score)),
                                  row.type, ",".join(map(str, row.src_ids)), ",".join(map(str, row.tgt_ids)))) + "\n")
        return ["".join(part).encode("utf-8") for part in (src, tgt, ids)]

    def written_options(self) -> dict[str, Any]:
        # Only TSV and CSV cells change with excel_safe; their sidecar says how they were written.
        if self.sidecar is None or not self.sidecar.exists():
            return {}
        meta = formats._read_sidecar(self.path, self.max_bytes) or {}
        return {"excel_safe": meta["excel_safe"]} if isinstance(meta.get("excel_safe"), bool) else {}

    # -- units

    def legacy(self) -> ParallelCorpus | None:
        if self.format == "moses" or not self.path.exists():
            return None
        try:
            corpus = formats.read_corpus(self.path, self.format, max_bytes=self.max_bytes)  # type: ignore[arg-type]
        except ValueError as exc:
            raise ValueError(f"{self.path} exists but cannot be resumed ({' '.join(str(exc).split())}); choose "
                             "another -o, or --force to replace it") from None
        if self.format == "tsv":
            with open(self.path, "rb") as fh:
                # The first TSV version (escapes, '#' lines) cannot take rows of the current one.
                self._legacy_v1 = corpus if fh.read(len(b"# bialign-tsv ")) == b"# bialign-tsv " else None
        return corpus

    def recover(self, state: IndexState) -> None:
        assert state.header is not None
        self._provenance = state.header.provenance
        self._head, self._tails = self._head_tail(self._provenance)
        ends = list(state.entries[-1].end) if state.entries else [len(h) for h in self._head]
        for path, end, tail in zip(self.paths, ends, self._tails):
            size = path.stat().st_size if path.exists() else -1
            if size < end:
                raise ValueError(f"{path} is shorter than its index {self.index.path} says ({size} < {end} bytes): "
                                 "was it edited or replaced? Delete both to start over, or choose another -o")
            with open(path, "r+b") as fh:
                fh.seek(end)
                rest = fh.read()
                if rest != tail:
                    logger.warning("%s: removed %d bytes after the last finished document (an unfinished write "
                                   "of a killed run); that document is aligned again", path, len(rest) - len(tail))
                    fh.seek(end)
                    fh.write(tail)
                    fh.truncate()
                    fh.flush()
                    os.fsync(fh.fileno())
        self._ends = ends
        self._rows = sum(e.rows for e in state.entries)

    def begin(self, header: IndexHeader, *, fresh: bool, entries: Sequence[IndexEntry] = ()) -> None:
        self._provenance = header.provenance
        self._head, self._tails = self._head_tail(header.provenance)
        if fresh:
            # The sidecar first: an output that exists always has its languages and provenance,
            # even when a run is killed right after creating it.
            self._rows = 0
            self._write_sidecar()
            for path, head, tail in zip(self.paths, self._head, self._tails):
                with open(path, "wb") as fh:
                    fh.write(head + tail)
                    fh.flush()
                    os.fsync(fh.fileno())
            self._ends = [len(h) for h in self._head]
            self.index.start(header)
        elif entries and not self._ends:  # a legacy output: index what is already there
            if self._legacy_v1 is not None:  # rewritten once in the current TSV version, with its sidecar
                logger.warning("%s is a TSV of the first version; it is rewritten once in the current one "
                               "(a header row, quoting, the sidecar %s) before rows are added", self.path, self.sidecar)
                formats.write_corpus(self._legacy_v1, self.path, "tsv", overwrite=True, excel_safe=self.excel_safe)
                self._legacy_v1 = None
            self._ends = [p.stat().st_size - len(t) for p, t in zip(self.paths, self._tails)]
            self.index.start(header, [IndexEntry(e.doc_id, e.rows, tuple(self._ends)) for e in entries])
            self._rows = sum(e.rows for e in entries)
        else:
            self.index.reopen()  # after recover(), which counted the rows
        self._write_sidecar()

    def _write_sidecar(self) -> None:
        """The sidecar of :func:`bialign.formats.write_corpus` (written atomically; only when it changes)."""
        if self.sidecar is None or self._sidecar_state == (self._provenance, self._rows):
            return
        corpus = ParallelCorpus((), self.src_lang, self.tgt_lang, self._provenance)
        meta = formats.table_meta(corpus, self.format, excel_safe=self.excel_safe)  # type: ignore[arg-type]
        meta["rows"] = self._rows
        with formats.atomic_writer(self.sidecar, overwrite=True) as fh:
            fh.write(json.dumps(meta, ensure_ascii=False, indent=2) + "\n")
        self._sidecar_state = (self._provenance, self._rows)

    def write(self, docs: Sequence[tuple[str, Sequence[CorpusRow]]]) -> None:
        for doc_id, rows in docs:
            bodies = self._body(rows)
            for k, (path, body, tail) in enumerate(zip(self.paths, bodies, self._tails)):
                if not body:
                    continue
                with open(path, "r+b") as fh:
                    fh.seek(self._ends[k])
                    fh.write(body + tail)
                    fh.truncate()
                    fh.flush()
                    os.fsync(fh.fileno())
                self._ends[k] += len(body)
            self.index.append([IndexEntry(doc_id, len(rows), tuple(self._ends))])
            self._rows += len(rows)

    def finish(self) -> None:
        self._write_sidecar()
        if self.line_breaks_replaced:
            logger.warning("%d segment(s) held a line break, replaced by a space in %s and %s (one segment a line)",
                           self.line_breaks_replaced, self.paths[0], self.paths[1])


class XlsxOutput(CorpusOutput):
    """An xlsx workbook, made at the end of the run from a hidden appendable TSV of its rows."""

    format = "xlsx"

    def __init__(self, path: Path, src_lang: str, tgt_lang: str, *,
                 max_bytes: int = io_safety.DEFAULT_MAX_INPUT_BYTES) -> None:
        formats._openpyxl()  # the install hint before any work
        self.path, self.max_bytes = path, max_bytes
        # Text cells hold any text, so the staged rows need no excel_safe prefix.
        self.rows = AppendOutput(path.with_name(f".{path.name}.rows.tsv"), "tsv", src_lang, tgt_lang,
                                 max_bytes=max_bytes)
        self.index = self.rows.index
        self.lock_path = path.with_name(path.name + ".lock")
        self._legacy: ParallelCorpus | None = None

    def exists(self) -> bool:
        return self.path.exists() or self.rows.exists()

    def check_writable(self, overwrite: bool) -> None:
        formats.check_output_path(self.path, overwrite=True)
        self.rows.check_writable(True)

    def recover(self, state: IndexState) -> None:
        self.rows.recover(state)

    def legacy(self) -> ParallelCorpus | None:
        if self.rows.exists():
            return self.rows.legacy()
        if not self.path.exists():
            return None
        try:  # a workbook written by an older bialign, which rewrote it whole
            self._legacy = formats.read_corpus(self.path, "xlsx", max_bytes=self.max_bytes)
        except ValueError as exc:
            raise ValueError(f"{self.path} exists but cannot be resumed ({' '.join(str(exc).split())}); choose "
                             "another -o, or --force to replace it") from None
        return self._legacy

    def begin(self, header: IndexHeader, *, fresh: bool, entries: Sequence[IndexEntry] = ()) -> None:
        if self._legacy is not None and not fresh:
            formats.write_corpus(self._legacy, self.rows.path, "tsv", overwrite=True)
            self._legacy = None
        self.rows.begin(header, fresh=fresh, entries=entries)

    def write(self, docs: Sequence[tuple[str, Sequence[CorpusRow]]]) -> None:
        self.rows.write(docs)

    def finish(self) -> None:
        self.rows.finish()
        corpus = formats.read_corpus(self.rows.path, "tsv", max_bytes=max(self.max_bytes, self.rows.path.stat().st_size))
        formats.write_corpus(corpus, self.path, "xlsx", overwrite=True)

    def close(self) -> None:
        self.rows.close()




def make_output(path: str | os.PathLike[str], format: CorpusFormat, src_lang: str, tgt_lang: str, *,
                excel_safe: bool = False, xml_illegal: formats.XmlIllegal = "escape",
                shard_rows: int = 50_000, max_bytes: int = io_safety.DEFAULT_MAX_INPUT_BYTES) -> CorpusOutput:
    """The output object for ``format`` at ``path`` (see the module docs)."""
    if format not in CORPUS_FORMATS:
        raise ValueError(f"unknown corpus format {format!r}; choose one of {', '.join(CORPUS_FORMATS)}")
    p = Path(path)
    if format == "parquet":
        return ParquetOutput(p, src_lang, tgt_lang, shard_rows=shard_rows)
    if format == "xlsx":
        return XlsxOutput(p, src_lang, tgt_lang, max_bytes=max_bytes)
    return AppendOutput(p, format, src_lang, tgt_lang, excel_safe=excel_safe, xml_illegal=xml_illegal,
                        max_bytes=max_bytes)
