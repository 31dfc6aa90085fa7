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
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, Literal, Sequence, get_args

from . import formats, io_safety
from .formats import CorpusRow, ParallelCorpus

logger = logging.getLogger(__name__)

CorpusFormat = Literal["tsv", "csv", "jsonl", "tmx", "xlsx", "parquet", "moses"]
CORPUS_FORMATS: tuple[str, ...] = get_args(CorpusFormat)

INDEX_VERSION = 1
_INDEX_SUFFIX = ".bialign-index"
_DIR_INDEX = ".bialign-index"
_SHARD_RE = re.compile(r"part-(\d{5,})\.parquet")
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


@dataclass(frozen=True)
class IndexHeader:
    """What every document in an output was made with; a resumed run must match it."""

    format: str
    src_lang: str
    tgt_lang: str
    provenance: str
    filters: dict[str, Any]

    def as_json(self) -> str:
        return json.dumps({"bialign-corpus-index": INDEX_VERSION, "format": self.format, "src_lang": self.src_lang,
                           "tgt_lang": self.tgt_lang, "provenance": self.provenance, "filters": self.filters},
                          ensure_ascii=False, sort_keys=True)


@dataclass(frozen=True)
class IndexEntry:
    """One finished document: its id, the rows written, where its unit ends (bytes per file, or a shard)."""

    doc_id: str
    rows: int
    end: tuple[int, ...] = ()
    shard: str = ""


@dataclass
class IndexState:
    header: IndexHeader | None
    entries: list[IndexEntry]


# --------------------------------------------------------------------------- lock


class OutputLock:
    """An exclusive ``flock`` on ``path`` for the life of a run; refused at once if another run holds it."""

    def __init__(self, path: Path, output: str) -> None:
        self.path, self.output = path, output
        self._fd: int | None = None

    def __enter__(self) -> "OutputLock":
        import fcntl

        while True:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                raise BlockingIOError(
                    f"{self.output} is being written by another bialign run (it holds {self.path}); wait for it "
                    "to finish, or choose another -o"
                ) from None
            # The previous holder may have removed the file between our open and our lock.
            try:
                same = os.path.samestat(os.fstat(fd), os.stat(self.path))
            except FileNotFoundError:
                same = False
            if same:
                self._fd = fd
                os.write(fd, f"{os.getpid()}\n".encode())
                return self
            os.close(fd)

    def __exit__(self, *exc: object) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.unlink(self.path)
            os.close(self._fd)
            self._fd = None


# --------------------------------------------------------------------------- index


class Index:
    """The append-only list of finished documents (see the module docs)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fh: Any = None

    def read(self) -> IndexState | None:
        if not self.path.exists():
            return None
        header: IndexHeader | None = None
        entries: list[IndexEntry] = []
        with open(self.path, "rb") as fh:
            data = fh.read()
        lines = data.split(b"\n")
        if lines[-1]:  # an unterminated last line is an index write cut short by a kill
            logger.warning("%s: ignored an unfinished last line left by a killed run", self.path)
            self._truncate(len(data) - len(lines[-1]))
        for lineno, raw in enumerate(lines[:-1], start=1):
            try:
                record = json.loads(raw)
            except (json.JSONDecodeError, UnicodeDecodeError):
                raise ValueError(f"{self.path}:{lineno} is not a bialign index line; delete the output and its "
                                 "index to start over, or choose another -o") from None
            if lineno == 1:
                if not isinstance(record, dict) or record.get("bialign-corpus-index") != INDEX_VERSION:
                    raise ValueError(f"{self.path} is not a bialign corpus index (version {INDEX_VERSION}); "
                                     "choose another -o, or --force to start over")
                header = IndexHeader(record["format"], record["src_lang"], record["tgt_lang"], record["provenance"],
                                     record["filters"])
            else:
                doc, rows, end, shard = record
                entries.append(IndexEntry(doc, rows, tuple(end), shard))
        return IndexState(header, entries)

    def _truncate(self, size: int) -> None:
        with open(self.path, "r+b") as fh:
            fh.truncate(size)
            fh.flush()
            os.fsync(fh.fileno())

    def start(self, header: IndexHeader, entries: Sequence[IndexEntry] = ()) -> None:
        """Write a new index (atomically) with ``header`` and ``entries``, then keep it open for appends."""
        self.close()
        with formats.atomic_writer(self.path, overwrite=True) as fh:
            fh.write(header.as_json() + "\n")
            for entry in entries:
                fh.write(self._line(entry))
        self._fh = open(self.path, "a", encoding="utf-8", newline="")

    def reopen(self) -> None:
        self._fh = open(self.path, "a", encoding="utf-8", newline="")

    @staticmethod
    def _line(entry: IndexEntry) -> str:
        return json.dumps([entry.doc_id, entry.rows, list(entry.end), entry.shard], ensure_ascii=False) + "\n"

    def append(self, entries: Sequence[IndexEntry]) -> None:
        self._fh.write("".join(self._line(e) for e in entries))
        self._fh.flush()
        os.fsync(self._fh.fileno())

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None

    def remove(self) -> None:
        self.close()
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()


# --------------------------------------------------------------------------- outputs


class CorpusOutput:
    """The interface of an output: where it lives, how a document is made durable, how a run ends."""

    format: str
    index: Index
    lock_path: Path

    def exists(self) -> bool:
        raise NotImplementedError

    def check_writable(self, overwrite: bool) -> None:
        raise NotImplementedError

    def recover(self, state: IndexState) -> None:
        """Bring the files back to the end of the last indexed unit (after a killed run)."""
        raise NotImplementedError

    def legacy(self) -> ParallelCorpus | None:
        """The rows of an output written without an index (by an older bialign), or None."""
        return None

    def written_options(self) -> dict[str, Any]:
        """The options that change the bytes of its rows with which the existing output was written, as far
        as it records them (``{"excel_safe": True}`` from a TSV/CSV sidecar); a resumed run must use the same."""
        return {}

    def begin(self, header: IndexHeader, *, fresh: bool, entries: Sequence[IndexEntry] = ()) -> None:
        raise NotImplementedError

    def write(self, docs: Sequence[tuple[str, Sequence[CorpusRow]]]) -> None:
        raise NotImplementedError

    def finish(self) -> None:
        pass

    def close(self) -> None:
        self.index.close()


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


# --------------------------------------------------------------------------- Parquet


class MissingDependency(ImportError):
    """An optional dependency an output or a backend needs is not installed (the message says what to install)."""


def _pyarrow() -> Any:
    try:
        import pyarrow
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        raise MissingDependency("Parquet output needs pyarrow: pip install pyarrow (or pip install \"bialign[parquet]\")") \
            from None
    return pyarrow


def parquet_schema(src_lang: str, tgt_lang: str, provenance: str) -> Any:
    pa = _pyarrow()
    return pa.schema(
        [("doc_id", pa.string()), ("bead_id", pa.int32()), ("src_text", pa.string()), ("tgt_text", pa.string()),
         ("score", pa.float64()), ("type", pa.string()), ("src_ids", pa.list_(pa.int32())),
         ("tgt_ids", pa.list_(pa.int32()))],
        metadata={"bialign.src_lang": src_lang, "bialign.tgt_lang": tgt_lang, "bialign.provenance": provenance,
                  "bialign.version": formats.bialign_version()},
    )


def _table(rows: Sequence[CorpusRow], schema: Any) -> Any:
    pa = _pyarrow()
    columns = {
        "doc_id": [r.doc_id for r in rows], "bead_id": [r.bead_id for r in rows],
        "src_text": [r.src_text for r in rows], "tgt_text": [r.tgt_text for r in rows],
        "score": [float(r.score) for r in rows], "type": [r.type for r in rows],
        "src_ids": [list(r.src_ids) for r in rows], "tgt_ids": [list(r.tgt_ids) for r in rows],
    }
    return pa.Table.from_pydict(columns, schema=schema)


def read_parquet_corpus(path: str | os.PathLike[str]) -> ParallelCorpus:
    """Read a Parquet output (a file, or a directory of shards in order) back into a :class:`ParallelCorpus`."""
    pq = _pyarrow().parquet
    p = Path(path)
    files = sorted(p.glob("part-*.parquet")) if p.is_dir() else [p]
    if not files or not files[0].exists():
        raise ValueError(f"{p}: no Parquet file or part-*.parquet shards found")
    rows: list[CorpusRow] = []
    meta: dict[bytes, bytes] = {}
    for f in files:
        table = pq.read_table(f)
        meta = table.schema.metadata or {}
        for r in table.to_pylist():
            rows.append(CorpusRow(r["doc_id"], r["bead_id"], r["src_text"], r["tgt_text"], r["score"],
                                  tuple(r["src_ids"]), tuple(r["tgt_ids"])))
    return ParallelCorpus(tuple(rows), meta.get(b"bialign.src_lang", b"").decode(),
                          meta.get(b"bialign.tgt_lang", b"").decode(), meta.get(b"bialign.provenance", b"").decode())


def _write_parquet_atomically(path: Path, tables: Iterator[Any], schema: Any, row_group_rows: int) -> None:
    """Write ``tables`` into ``path`` through a temporary file, synced and renamed; row groups of a fixed size."""
    pq = _pyarrow().parquet
    pa = _pyarrow()
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        with pq.ParquetWriter(tmp, schema, compression="zstd") as writer:
            pending: list[Any] = []
            count = 0
            for table in tables:
                pending.append(table)
                count += table.num_rows
                while count >= row_group_rows:
                    merged = pa.concat_tables(pending)
                    writer.write_table(merged.slice(0, row_group_rows), row_group_size=row_group_rows)
                    rest = merged.slice(row_group_rows)
                    pending, count = [rest], rest.num_rows
            if count:
                writer.write_table(pa.concat_tables(pending), row_group_size=row_group_rows)
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


class ParquetOutput(CorpusOutput):
    """A directory of Parquet shards, or one Parquet file made from them at the end of the run."""

    format = "parquet"

    def __init__(self, path: Path, src_lang: str, tgt_lang: str, *, shard_rows: int = 50_000) -> None:
        _pyarrow()
        self.single = path.suffix.lower() == ".parquet" and not path.is_dir()
        # One file is replaced by a rename: through a symlink, the file it points at is.
        self.path = io_safety.resolve_output_path(path) if self.single else path
        self.dir = path.with_name(f".{path.name}.parts") if self.single else path
        self.src_lang, self.tgt_lang = src_lang, tgt_lang
        self.shard_rows = shard_rows
        self.index = Index(path.with_name(path.name + _INDEX_SUFFIX) if self.single else path / _DIR_INDEX)
        self.lock_path = path.with_name(path.name + ".lock")
        self._pending: list[tuple[str, Sequence[CorpusRow]]] = []
        self._pending_rows = 0
        self._next = 0
        self._schema: Any = None

    def exists(self) -> bool:
        if self.single:
            return self.path.exists() or bool(self._shards())
        return bool(self._shards())

    def check_writable(self, overwrite: bool) -> None:
        if not self.path.parent.is_dir():
            raise FileNotFoundError(f"cannot write {self.path}: the directory {self.path.parent} does not exist; "
                                    "create it first")
        if self.single:
            # A device, FIFO, socket or directory is refused; the directory must be writable.
            io_safety.check_output_path(self.path, overwrite=True)
        if not self.single and self.path.exists() and not self.path.is_dir():
            io_safety.check_output_path(self.path, overwrite=True)  # a device, FIFO or socket: its own message
            raise NotADirectoryError(f"{self.path} is a file; Parquet shards go into a directory (or name the "
                                     "output OUT.parquet for one file)")
        if not overwrite and self.exists() and not self.index.path.exists():
            raise FileExistsError(f"{self.path} already exists and has no bialign index to resume from; choose "
                                  "another -o, or --force to replace it")

    def _shards(self) -> list[Path]:
        return sorted(self.dir.glob("part-*.parquet")) if self.dir.is_dir() else []

    def _clean_temporaries(self) -> None:
        if self.dir.is_dir():
            for stale in self.dir.glob(".part-*"):
                logger.warning("removed %s, a temporary shard of a killed run", stale)
                stale.unlink()
        for stale in self.path.parent.glob(f".{self.path.name}.tmp-*"):
            logger.warning("removed %s, a temporary file of a killed run", stale)
            stale.unlink()

    def recover(self, state: IndexState) -> None:
        assert state.header is not None
        self._clean_temporaries()
        if self.single and self.path.exists() and any(e.shard for e in state.entries):
            # Killed between renaming the combined file into place and rewriting the index?
            in_file = _pyarrow().parquet.ParquetFile(self.path).metadata.num_rows
            if in_file == sum(e.rows for e in state.entries):
                self._combined(state)
                return
        known = {e.shard for e in state.entries}
        for shard in self._shards():
            if shard.name not in known:  # renamed into place, but killed before its index lines
                logger.warning("removed %s, a shard of a killed run written after its last index line; its "
                               "documents are aligned again", shard)
                shard.unlink()
        numbers = [int(m.group(1)) for s in self._shards() if (m := _SHARD_RE.fullmatch(s.name))]
        self._next = max(numbers, default=-1) + 1

    def begin(self, header: IndexHeader, *, fresh: bool, entries: Sequence[IndexEntry] = ()) -> None:
        self._schema = parquet_schema(header.src_lang, header.tgt_lang, header.provenance)
        if fresh:
            self._clean_temporaries()
            if self.single:
                with contextlib.suppress(FileNotFoundError):
                    self.path.unlink()
            for shard in self._shards():
                shard.unlink()
            self.dir.mkdir(exist_ok=True)
            self._next = 0
            self.index.start(header)
        else:
            self.dir.mkdir(exist_ok=True)
            self.index.reopen()

    def write(self, docs: Sequence[tuple[str, Sequence[CorpusRow]]]) -> None:
        for doc in docs:
            self._pending.append(doc)
            self._pending_rows += len(doc[1])
            if self._pending_rows >= self.shard_rows:
                self._flush()

    def _flush(self) -> None:
        if not self._pending:
            return
        name = f"part-{self._next:05d}.parquet"
        rows = [r for _, doc_rows in self._pending for r in doc_rows]
        _write_parquet_atomically(self.dir / name, iter([_table(rows, self._schema)]), self._schema,
                                  max(len(rows), 1))
        _fsync_dir(self.dir)
        self.index.append([IndexEntry(doc_id, len(doc_rows), (), name) for doc_id, doc_rows in self._pending])
        self._pending, self._pending_rows = [], 0
        self._next += 1

    def finish(self) -> None:
        self._flush()
        if not self.single or self._schema is None:
            return
        shards = self._shards()
        if not shards:
            return
        pq = _pyarrow().parquet
        sources = ([self.path] if self.path.exists() else []) + shards
        def tables() -> Iterator[Any]:
            for source in sources:
                f = pq.ParquetFile(source)
                for g in range(f.num_row_groups):
                    yield f.read_row_group(g).replace_schema_metadata(self._schema.metadata)

        _write_parquet_atomically(self.path, tables(), self._schema, self.shard_rows)
        state = self.index.read()
        assert state is not None
        self._combined(state)

    def _combined(self, state: IndexState) -> None:
        """Every indexed document is now in the single file: say so in the index, drop the shards."""
        assert state.header is not None
        self.index.start(state.header, [IndexEntry(e.doc_id, e.rows, (), "") for e in state.entries])
        for shard in self._shards():
            shard.unlink()
        with contextlib.suppress(OSError):
            self.dir.rmdir()


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


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
