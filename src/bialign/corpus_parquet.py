"""Parquet corpus outputs: shards written atomically, one file made from them, and the reader.

The one output that is not appended to a file: documents are gathered into shards
``part-00000.parquet`` ... of about ``shard_rows`` rows, each written to a temporary file and
renamed into place, and ``-o OUT.parquet`` combines the shards into one file when the run ends.
pyarrow is an optional dependency, imported on first use. See :mod:`bialign.corpus_outputs` for
the columns and the metadata.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
from pathlib import Path
from typing import Any, Iterator, Sequence

from . import formats, io_safety
from .corpus_index import _DIR_INDEX, _INDEX_SUFFIX, CorpusOutput, Index, IndexEntry, IndexHeader, IndexState, \
    MissingDependency
from .formats import CorpusRow, ParallelCorpus

# The name of the module this code was split from, so that logging settings for it still apply.
logger = logging.getLogger("bialign.corpus_outputs")

_SHARD_RE = re.compile(r"part-(\d{5,})\.parquet")


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
