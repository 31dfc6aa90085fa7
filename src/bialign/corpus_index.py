"""What every corpus output shares: the index of finished documents, the lock, the output interface.

A corpus output (:mod:`bialign.corpus_outputs`) is resumable because of its index and
exclusive because of its lock; both are the same whatever the format, so they live here,
with :class:`CorpusOutput`, the interface the outputs implement (appendable files and xlsx in
:mod:`bialign.corpus_outputs`, Parquet in :mod:`bialign.corpus_parquet`). See
:mod:`bialign.corpus_outputs` for the index and the lock as a user sees them.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

from . import formats
from .formats import CorpusRow, ParallelCorpus

# The name of the module this code was split from, so that logging settings for it still apply.
logger = logging.getLogger("bialign.corpus_outputs")

INDEX_VERSION = 1
_INDEX_SUFFIX = ".bialign-index"
_DIR_INDEX = ".bialign-index"


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


class MissingDependency(ImportError):
    """An optional dependency an output or a backend needs is not installed (the message says what to install)."""
