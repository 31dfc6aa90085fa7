"""Corpus runs: many document pairs aligned into one corpus, resumably, on every core or a Ray cluster.

Configure a :class:`CorpusRunner` once, then run it on a list of :class:`DocumentPair`::

    from bialign.corpus import CorpusRunner, pairs_from_dirs
    pairs, problems = pairs_from_dirs("ja/", "en/")
    summary = CorpusRunner(src_lang="ja", tgt_lang="en", jobs=2).run(pairs, "corpus.tsv", problems=problems)
    print(summary.aligned, summary.failed)

What a run guarantees:

- **One task per document pair.** Each pair is read, checked and aligned on its own; a pair
  that fails (a missing or undecodable file, a file that is not a regular file or is larger
  than ``max_bytes``, a file in the wrong language, a file name that is not valid UTF-8) is
  reported in :attr:`CorpusSummary.failed` and skipped, the others go on. With two
  directories a document's id is its file name without the extension (``doc1.txt`` ->
  ``doc1``).
- **Streaming output.** Finished documents are appended to the output in the order of the
  pairs, one synced unit each (:mod:`bialign.corpus_outputs`); memory does not grow with the
  number of documents.
- **Resumable.** Documents already in the output (its index says which) are skipped, so an
  interrupted or killed run continues where it stopped, without duplicates; a resumed run
  must have the same languages, aligner settings and filters (and, for TSV/CSV, the same
  ``excel_safe``), else it stops before writing.
  An output of an older bialign, whose ids kept the extension (``doc1.txt``), resumes
  without aligning those documents again. Ctrl-C raises :class:`CorpusInterrupted`, which
  says what was saved: a document being written is finished first, worker processes stop at
  once (the documents they were on are aligned again on resume), the lock is released.
- **The same bytes whatever the parallelism.** ``jobs=N`` aligns pairs in N worker processes,
  each loading the encoder once and using one BLAS thread (threadpoolctl): on a machine shared
  with other work, N single-threaded processes keep the cores busy far more steadily than
  one process with multi-threaded BLAS. Results are written by pair order, not by completion,
  and every process runs single-threaded BLAS, so ``jobs=1``, ``jobs=4`` and ``ray=True``
  write the same bytes. The last pairs are handed out longest first (by input size), so that
  a long document does not start last while the other workers have nothing left to do. A
  worker that dies (killed, out of memory) is replaced and the
  unfinished pairs are run again, twice per run at most; a third death stops the run with an
  error that says how to resume.
- **Ray.** ``ray=True`` starts a local Ray cluster bound to 127.0.0.1; ``ray="ADDRESS"`` joins
  an existing one (``ray://host:10001`` or ``host:6379``), whose nodes need bialign installed.
  Actors hold the encoder; a task whose actor dies is retried on a restarted actor.

Filters act at write time and their counts are in the summary: ``min_score`` (beads below it
are left out), ``drop_null`` (1-0 and 0-1 beads are left out) and ``max_length_ratio`` (a bead
whose longer side has more than this many times the characters of its shorter side is left
out; Japanese has a half to a third of the characters of its English translation, so a bound
of 6 to 9 removes only gross mismatches).
"""

from __future__ import annotations

import logging
import os
import signal
import sys
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator, Self, Sequence

from . import corpus_outputs
from .corpus_outputs import CorpusFormat, IndexEntry, IndexHeader, IndexState, MissingDependency
from .formats import CorpusRow, ParallelCorpus
from .io_safety import DEFAULT_MAX_INPUT_BYTES, write_stdout
from .segment import Sentence, presplit_lines

logger = logging.getLogger(__name__)

__all__ = ["AlignerSpec", "CorpusInterrupted", "CorpusRunner", "CorpusSummary", "DocumentPair", "DocumentResult",
           "Filters", "MissingDependency",
           "pairs_from_dirs", "pairs_from_manifest", "run_corpus"]

# Errors that mean "this pair's input is wrong": the pair fails, the run goes on.
PAIR_ERRORS = (ValueError, OSError, LookupError)


@dataclass(frozen=True)
class DocumentPair:
    """One document of a corpus run: its id and the two files."""

    doc_id: str
    src: Path
    tgt: Path


@dataclass(frozen=True)
class Filters:
    """Rows left out at write time (see the module docs); all off by default."""

    min_score: float | None = None
    drop_null: bool = False
    max_length_ratio: float | None = None

    def __post_init__(self) -> None:
        if self.min_score is not None and not 0.0 <= self.min_score <= 1.0:
            raise ValueError(f"min_score must be between 0 and 1, got {self.min_score}")
        if self.max_length_ratio is not None and not self.max_length_ratio >= 1.0:
            raise ValueError(f"max_length_ratio must be at least 1 (the longer side over the shorter), "
                             f"got {self.max_length_ratio}")

    def as_dict(self) -> dict[str, Any]:
        return {"min_score": self.min_score, "drop_null": self.drop_null, "max_length_ratio": self.max_length_ratio}

    def reason(self, row: CorpusRow) -> str | None:
        """Why ``row`` is left out (``"min_score"``, ``"null"``, ``"length_ratio"``), or None to keep it."""
        if self.drop_null and (not row.src_ids or not row.tgt_ids):
            return "null"
        if self.min_score is not None and row.score < self.min_score:
            return "min_score"
        if self.max_length_ratio is not None and row.src_ids and row.tgt_ids:
            a, b = len(row.src_text), len(row.tgt_text)
            if max(a, b) > self.max_length_ratio * max(min(a, b), 1):
                return "length_ratio"
        return None


@dataclass(frozen=True)
class AlignerSpec:
    """How each worker builds its aligner: :class:`bialign.Aligner` with ``encoder`` and ``options``.

    It is a plain picklable value so that worker processes and Ray actors can build the
    aligner themselves, once, instead of receiving a loaded model.
    """

    encoder: str | None = None
    options: tuple[tuple[str, Any], ...] = ()

    def __call__(self) -> Any:
        from .aligner import Aligner

        return Aligner(encoder=self.encoder, **dict(self.options))


@dataclass(frozen=True)
class DocumentResult:
    """What a worker sends back for one pair: the rows, or the one-line reason it failed."""

    index: int
    doc_id: str
    rows: tuple[CorpusRow, ...] = ()
    provenance: str = ""
    error: str | None = None
    notes: tuple[str, ...] = ()
    unlike: bool = False


@dataclass(frozen=True)
class CorpusSummary:
    """The outcome of :meth:`CorpusRunner.run`."""

    output: str
    aligned: int
    skipped: int
    failed: tuple[str, ...]
    unlike: tuple[str, ...]
    rows_written: int
    rows_total: int
    left_out: dict[str, int] = field(default_factory=dict)

    def text(self) -> str:
        """The one-line summary the CLI prints."""
        line = f"{self.aligned} pair(s) aligned, {self.skipped} already done, {len(self.failed)} failed"
        if self.left_out:
            names = {"min_score": "below the minimum score", "null": "with an empty side",
                     "length_ratio": "over the length ratio"}
            parts = ", ".join(f"{n} {names[k]}" for k, n in sorted(self.left_out.items()))
            line += f" ({sum(self.left_out.values())} bead(s) left out: {parts})"
        if self.unlike:
            shown = ", ".join(self.unlike[:10]) + (f" and {len(self.unlike) - 10} more" if len(self.unlike) > 10 else "")
            line += f" ({len(self.unlike)} aligned pair(s) may not be a text and its translation throughout: {shown})"
        return line


class CorpusInterrupted(KeyboardInterrupt):
    """Ctrl-C during :meth:`CorpusRunner.run`: what was saved, in one sentence (``str(exc)``).

    A :class:`KeyboardInterrupt`, so that code that does not know it stops as on any Ctrl-C;
    the CLI prints its message once and exits with 130.
    """

    def __init__(self, message: str, aligned: int) -> None:
        super().__init__(message)
        self.message, self.aligned = message, aligned

    def __str__(self) -> str:
        return self.message


# --------------------------------------------------------------------------- listing pairs


def escaped_name(name: str) -> str:
    """A file name as a user can read it: bytes that are not UTF-8 shown as ``\\xNN``."""
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def _unencodable(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def pairs_from_dirs(src_dir: str | os.PathLike[str], tgt_dir: str | os.PathLike[str], *,
                    glob: str = "*") -> tuple[list[DocumentPair], list[str]]:
    """The pairs of files with the same name in the two directories, and the problems found listing them.

    Hidden files are ignored; the pairs are sorted by file name. A document's id is its file
    name without the extension (``doc1.txt`` -> ``doc1``), kept whole when two files share
    that stem (``doc1.txt`` and ``doc1.md``). The problems are files with no counterpart and
    entries that are not regular files (a FIFO, a device, a broken link), each by name; a
    directory that cannot be listed is a :class:`ValueError`.
    """
    src_dir, tgt_dir = Path(src_dir), Path(tgt_dir)
    for d in (src_dir, tgt_dir):
        if not d.is_dir():
            what = "does not exist" if not d.exists() else "is a file, not a directory"
            raise ValueError(f"{d} {what}; corpus takes two directories with files of the same names "
                             "(or a manifest)")

    odd: list[str] = []

    def files(d: Path) -> dict[str, Path]:
        try:
            with os.scandir(d) as entries:  # glob() hides an unreadable directory as an empty one
                next(entries, None)
        except OSError as exc:
            raise ValueError(f"{d}: cannot be listed ({exc.strerror}); check its permissions") from None
        out = {}
        for p in sorted(d.glob(glob)):
            if p.name.startswith(".") or p.is_dir():
                continue
            if not p.is_file():
                odd.append(f"{escaped_name(str(p))}: not a regular file (a device, FIFO, socket or broken link)")
                continue
            out[p.name] = p
        return out

    src_files, tgt_files = files(src_dir), files(tgt_dir)
    problems = odd + [f"{escaped_name(str(src_dir / n))}: no file of that name in {tgt_dir}"
                      for n in sorted(set(src_files) - set(tgt_files))]
    problems += [f"{escaped_name(str(tgt_dir / n))}: no file of that name in {src_dir}"
                 for n in sorted(set(tgt_files) - set(src_files))]
    names = sorted(set(src_files) & set(tgt_files))
    stems = [Path(n).stem or n for n in names]
    pairs = [DocumentPair(stem if stems.count(stem) == 1 else n, src_files[n], tgt_files[n])
             for n, stem in zip(names, stems)]
    if not pairs:
        raise ValueError(f"no files with the same name in {src_dir} and {tgt_dir} (pattern {glob!r}); "
                         "check the directories or the pattern")
    return pairs, problems


def pairs_from_manifest(manifest: str | os.PathLike[str], *,
                        max_bytes: int = DEFAULT_MAX_INPUT_BYTES) -> list[DocumentPair]:
    """The pairs of a manifest: ``SRC<TAB>TGT[<TAB>DOC_ID]`` per line, paths relative to the manifest.

    Blank lines and lines starting with ``#`` are skipped; the doc_id defaults to SRC and must
    be unique. The manifest must be a regular file of at most ``max_bytes`` bytes.
    """
    from .text import load_text

    manifest = Path(manifest)
    base = manifest.parent
    pairs: list[DocumentPair] = []
    seen: dict[str, int] = {}
    for lineno, line in enumerate(load_text(manifest, max_bytes=max_bytes).splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) not in (2, 3) or not all(c.strip() for c in cells):
            raise ValueError(f"{manifest}:{lineno}: expected SRC<TAB>TGT or SRC<TAB>TGT<TAB>DOC_ID, "
                             f"found {len(cells)} cell(s)")
        src, tgt = cells[0].strip(), cells[1].strip()
        doc_id = cells[2].strip() if len(cells) == 3 else src
        if doc_id in seen:
            raise ValueError(f"{manifest}:{lineno}: doc id {doc_id!r} was already used on line {seen[doc_id]}; "
                             "doc ids must be unique (add a third column)")
        seen[doc_id] = lineno
        pairs.append(DocumentPair(doc_id, base / src, base / tgt))
    if not pairs:
        raise ValueError(f"{manifest} lists no pairs; write SRC<TAB>TGT per line")
    return pairs


# --------------------------------------------------------------------------- one pair (in a worker)


@dataclass(frozen=True)
class _Job:
    """Everything a worker needs besides the pair; picklable."""

    aligner: Callable[[], Any]
    src_lang: str
    tgt_lang: str
    src_encoding: str | None
    tgt_encoding: str | None
    presplit: bool
    max_bytes: int = DEFAULT_MAX_INPUT_BYTES


class _Notes(logging.Handler):
    """Collects the library's warnings about the document being aligned, to be logged by the parent."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


class PairWorker:
    """Aligns pairs with one aligner built once (in a worker process, a Ray actor, or the parent)."""

    def __init__(self, job: _Job, *, single_thread: bool = True) -> None:
        if single_thread:
            _limit_threads()
        self.job = job
        self.aligner = job.aligner()
        if single_thread:
            _one_encoder_thread(self.aligner)

    def __call__(self, index: int, pair: DocumentPair) -> DocumentResult:
        from .aligner import translation_warning
        from .formats import corpus_from_alignment
        from .segment import check_language, check_script

        job = self.job
        notes = _Notes()
        log = logging.getLogger("bialign")
        # The parent logs these notes, prefixed with the doc id (also when it is this process).
        previous = log.handlers, log.propagate
        log.handlers, log.propagate = [notes], False
        try:
            src = _read_side(pair.src, job.src_encoding, job.presplit, job.max_bytes, "--src-encoding")
            tgt = _read_side(pair.tgt, job.tgt_encoding, job.presplit, job.max_bytes, "--tgt-encoding")
            for path, side, lang in ((pair.src, src, job.src_lang), (pair.tgt, tgt, job.tgt_lang)):
                text = side if isinstance(side, str) else "\n".join(s.text for s in side)
                check_script(text, check_language(lang), name=str(path))
            alignment = self.aligner.align(src, tgt, src_lang=job.src_lang, tgt_lang=job.tgt_lang)
            doc = corpus_from_alignment(alignment, doc_id=pair.doc_id)
            return DocumentResult(index, pair.doc_id, doc.rows, doc.provenance, notes=tuple(notes.messages),
                                  unlike=translation_warning(alignment) is not None)
        except PAIR_ERRORS as exc:
            return DocumentResult(index, pair.doc_id, error=_one_line(exc), notes=tuple(notes.messages))
        finally:
            log.handlers, log.propagate = previous


def _read_side(path: Path, encoding: str | None, presplit: bool, max_bytes: int = DEFAULT_MAX_INPUT_BYTES,
               option: str = "--encoding") -> str | list[Sentence]:
    from .text import load_text

    # A regular file of at most max_bytes (a FIFO or device is refused by name, unread).
    text = load_text(path, encoding=encoding, option=option, max_bytes=max_bytes)
    return presplit_lines(text) if presplit else text


def _limit_threads() -> None:
    """One BLAS/OpenMP thread in this process, for libraries loaded now and later (torch)."""
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[name] = "1"
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - a dependency
        raise corpus_outputs.MissingDependency("bialign's corpus workers need threadpoolctl: "
                                               "pip install threadpoolctl") from None
    threadpool_limits(limits=1)
    if "torch" in sys.modules:
        sys.modules["torch"].set_num_threads(1)


def _one_encoder_thread(aligner: Any) -> Callable[[], None]:
    """The default encoder sets its own BLAS thread count (every core) around each batch, over
    threadpoolctl's limit: in N worker processes that is N x cores busy-waiting threads, and a
    run on 2 cores with 2 workers went at half the speed of one process. The aligner's encoder
    gets one thread; returns the function that gives it back its own count."""
    from .embed import USEEncoder

    encoder = getattr(aligner, "encoder", None)
    for _ in range(3):  # through caching wrappers
        if isinstance(encoder, USEEncoder):
            before, encoder.threads = encoder.threads, 1
            return lambda: setattr(encoder, "threads", before)
        encoder = getattr(encoder, "encoder", None) or getattr(encoder, "_encoder", None)
    return lambda: None


# Process-pool workers: one PairWorker per process, made by the initializer.
_WORKER: PairWorker | None = None


def _init_process(job: _Job) -> None:
    global _WORKER
    # Ctrl-C is the parent's to handle (it stops the workers and says what was saved); the parent
    # starts the workers with SIGINT blocked (see _processes), and this keeps it so.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER = PairWorker(job)


def _run_in_process(index: int, pair: DocumentPair) -> DocumentResult:
    assert _WORKER is not None
    return _WORKER(index, pair)


def _one_line(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.filename and exc.strerror:
        message = f"{exc.filename}: {exc.strerror}"
    else:
        message = str(exc) or type(exc).__name__
    return " ".join(message.split())


# --------------------------------------------------------------------------- backends


def _serial(job: _Job, tasks: list[tuple[int, DocumentPair]]) -> Iterator[DocumentResult]:
    from threadpoolctl import threadpool_limits

    # One BLAS thread, as in the workers: the same arithmetic, the same bytes; and on a shared
    # machine the encoder's own two threads made 200 pairs take 177 s instead of 21 (its
    # busy-waiting threads took 7 times the CPU of two single-threaded workers). The process's
    # settings come back after the run.
    with threadpool_limits(limits=1):
        worker = PairWorker(job, single_thread=False)
        restore = _one_encoder_thread(worker.aligner)
        try:
            for index, pair in tasks:
                yield worker(index, pair)
        finally:
            restore()


def _in_order(tasks: list[tuple[int, DocumentPair]], workers: int, submit: Callable[[tuple[int, DocumentPair]], Any],
              done: Callable[[Any], bool], wait_any: Callable[[list[Any]], None],
              result: Callable[[tuple[int, DocumentPair], Any], DocumentResult],
              cost: Callable[[DocumentPair], float] | None = None) -> Iterator[DocumentResult]:
    """Run tasks on ``workers`` workers, keeping each busy, and yield the results in task order.

    Two tasks per worker are in flight; finished results wait (at most ``64 * workers`` of them)
    until the ones before them are written, so one slow document does not idle the others.
    The last ``64 * workers`` tasks are handed out longest first (by ``cost``, the input's
    size), so that a long document does not start last and keep one worker busy while the
    others have nothing left; they are still yielded in task order.
    """
    window = 64 * workers
    pending = deque(range(len(tasks)))  # positions in tasks not handed out yet, in the order they will be
    handles: dict[int, Any] = {}
    head = 0  # the next position to yield
    tail_sorted = cost is None
    while head < len(tasks):
        if not tail_sorted and len(pending) <= window:
            pending = deque(sorted(pending, key=lambda k: (-cost(tasks[k][1]), k)))  # type: ignore[misc]
            tail_sorted = True
        while pending and len(handles) < window and sum(1 for h in handles.values() if not done(h)) < 2 * workers:
            k = pending.popleft()
            handles[k] = submit(tasks[k])
        if head not in handles:  # the head comes late in the tail's order: hand it out now
            pending.remove(head)  # in the tail: at most ``window`` long
            handles[head] = submit(tasks[head])
        if not done(handles[head]):
            wait_any([h for h in handles.values() if not done(h)])
            continue
        yield result(tasks[head], handles.pop(head))
        head += 1


def _input_size(pair: DocumentPair) -> float:
    """The bytes of a pair's two files (0 for one that cannot be read: its worker says why)."""
    size = 0
    for path in (pair.src, pair.tgt):
        try:
            size += os.stat(path).st_size
        except (OSError, ValueError):
            pass
    return size


# A worker that dies (killed, out of memory) takes the pool with it: the unfinished pairs are run
# again on fresh workers, this many times per run, before the run stops with a resumable error.
_LOCAL_RESTARTS = 2


class _PoolBroken(Exception):
    def __init__(self, doc_id: str):
        super().__init__(doc_id)
        self.doc_id = doc_id


def _processes(job: _Job, tasks: list[tuple[int, DocumentPair]], jobs: int) -> Iterator[DocumentResult]:
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    # spawn, not fork: a forked copy of a process with threads (tqdm, torch) can deadlock.
    context = multiprocessing.get_context("spawn")

    def result(task: tuple[int, DocumentPair], future: Any) -> DocumentResult:
        try:
            return future.result()
        except BrokenProcessPool:
            raise _PoolBroken(task[1].doc_id) from None

    def submit(pool: Any, task: tuple[int, DocumentPair]) -> Any:
        # The pool starts its worker processes inside submit(). With SIGINT blocked here they start
        # with it blocked (a child inherits the mask), so that a Ctrl-C, which the terminal sends
        # to every process of the group, reaches only this one, which stops them: no worker dies
        # with a traceback of its own. A Ctrl-C that comes meanwhile is delivered on unblocking.
        mask = _block_sigint()
        try:
            return pool.submit(_run_in_process, *task)
        except BrokenProcessPool:  # a worker died before this task was handed out
            raise _PoolBroken(task[1].doc_id) from None
        finally:
            _restore_sigmask(mask)

    remaining = deque(tasks)
    restarts = 0
    while remaining:
        pool = ProcessPoolExecutor(jobs, mp_context=context, initializer=_init_process, initargs=(job,))
        try:
            for done_result in _in_order(list(remaining), jobs, lambda task, pool=pool: submit(pool, task),
                                         lambda f: f.done(), lambda fs: wait(fs, return_when=FIRST_COMPLETED),
                                         result, _input_size):
                remaining.popleft()  # results come in task order: this one is the head's
                yield done_result
        except _PoolBroken as broken:
            restarts += 1
            if restarts > _LOCAL_RESTARTS:
                raise ChildProcessError(
                    f"a worker process died (killed, or out of memory) {restarts} times, the last time while "
                    f"aligning {broken.doc_id} or a pair after it; the documents before it are saved: run the "
                    "same command again to continue (with fewer --jobs if memory is short)") from None
            logger.warning("a worker process died (killed, or out of memory) while aligning %s or a pair after "
                           "it; starting new workers for the %d unfinished pairs (restart %d of %d)",
                           broken.doc_id, len(remaining), restarts, _LOCAL_RESTARTS)
        except BaseException:
            # Ctrl-C, or the run stopped on an error: the workers stop now, not after the documents
            # they are on (shutdown() waits for those); those are aligned again on resume.
            _stop_workers(pool)
            raise
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


class _CtrlCAfter:
    """Holds a Ctrl-C that comes during the block until the block is done, then raises it as usual.

    Only in the main thread (the only one Python raises KeyboardInterrupt in) and only over
    Python's own handler (one a program installed is left alone).
    """

    def __enter__(self) -> Self:
        import threading

        self.caught, self.previous = False, None
        if threading.current_thread() is threading.main_thread() and \
                signal.getsignal(signal.SIGINT) is signal.default_int_handler:
            self.previous = signal.signal(signal.SIGINT, self._note)
        return self

    def _note(self, signum: int, frame: Any) -> None:
        self.caught = True

    def __exit__(self, kind: type[BaseException] | None, *exc: object) -> None:
        if self.previous is not None:
            signal.signal(signal.SIGINT, self.previous)
            if self.caught and kind is None:
                raise KeyboardInterrupt


def _block_sigint() -> Any:
    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - not POSIX
        return None
    return signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})


def _restore_sigmask(mask: Any) -> None:
    if mask is not None:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)


def _stop_workers(pool: Any) -> None:
    """Terminate a process pool's workers now (before Python 3.14, ProcessPoolExecutor has no public way)."""
    terminate = getattr(pool, "terminate_workers", None)
    if terminate is not None:  # pragma: no cover - Python 3.14
        terminate()
        return
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        try:
            process.terminate()
        except (OSError, ValueError, AttributeError):  # already gone
            pass


_RAY_RETRIES = 2
# Ray turns a node address of 127.0.0.1 into the machine's outward address, unless it thinks it
# runs on a laptop (macOS, Windows), where everything stays on the loopback; this variable makes
# it think so on Linux too. It is read when ray is imported, in this process and in every
# process of the cluster (they inherit the environment).
_RAY_LOOPBACK_ENV = "RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER"


def start_local_ray(cpus: int) -> Callable[[], None]:
    """Start a private Ray cluster on this machine, every server of it bound to 127.0.0.1.

    ``_node_ip_address="127.0.0.1"`` alone is not enough: Ray replaces a loopback node address
    with the machine's outward one, and its gcs_server, raylet, core workers and agents then
    listen on every interface (Ray 2.60). With :data:`_RAY_LOOPBACK_ENV` set to 0 the node
    address stays 127.0.0.1 and every listening socket of the cluster is on the loopback
    (``tests/test_corpus.py`` checks them all). No dashboard. The workers get this process's
    ``PYTHONPATH`` (and bialign's source directory) so that they import the same bialign.
    Returns the function that, after ``ray.shutdown()``, puts this process's settings back.
    """
    import ray
    from ray._private import ray_constants

    src_root = str(Path(__file__).resolve().parent.parent)
    path = os.pathsep.join([src_root] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p])
    before = os.environ.get(_RAY_LOOPBACK_ENV), ray_constants.ENABLE_RAY_CLUSTER

    def restore() -> None:
        if before[0] is None:
            os.environ.pop(_RAY_LOOPBACK_ENV, None)
        else:
            os.environ[_RAY_LOOPBACK_ENV] = before[0]
        ray_constants.ENABLE_RAY_CLUSTER = before[1]

    # For the processes of the cluster, which inherit it; and for this one, which has read it already.
    os.environ[_RAY_LOOPBACK_ENV] = "0"
    ray_constants.ENABLE_RAY_CLUSTER = False
    try:
        ray.init(num_cpus=cpus, _node_ip_address="127.0.0.1", include_dashboard=False, log_to_driver=False,
                 runtime_env={"env_vars": {"PYTHONPATH": path, _RAY_LOOPBACK_ENV: "0"}})
    except BaseException:
        restore()
        raise
    return restore


def _ray(job: _Job, tasks: list[tuple[int, DocumentPair]], jobs: int, address: str | None) -> Iterator[DocumentResult]:
    try:
        import ray
    except ImportError:
        raise corpus_outputs.MissingDependency('--ray needs Ray: pip install "bialign[ray]"') from None

    started = False
    restore: Callable[[], None] = lambda: None
    if not ray.is_initialized():
        if address:
            ray.init(address=address, log_to_driver=False)
        else:
            restore = start_local_ray(jobs)
        started = True
    try:
        # A dead actor is restarted and its task retried; a pair that kills its worker three
        # times (a document too big for memory) fails on its own instead of stalling the run.
        actor_class = ray.remote(num_cpus=1, max_restarts=-1, max_task_retries=_RAY_RETRIES)(PairWorker)
        size = jobs if not address else max(1, min(jobs, int(ray.cluster_resources().get("CPU", jobs))))
        actors = [actor_class.remote(job) for _ in range(size)]
        # Each actor runs its tasks in turn: give the next task to the actor with the fewest.
        load: dict[Any, int] = {}
        owner: dict[Any, int] = {}
        finished: set[Any] = set()

        def submit(task: tuple[int, DocumentPair]) -> Any:
            k = min(range(len(actors)), key=lambda a: (load.get(a, 0), a))
            ref = actors[k].__call__.remote(*task)
            load[k] = load.get(k, 0) + 1
            owner[ref] = k
            return ref

        def done(ref: Any) -> bool:
            if ref not in finished and ray.wait([ref], timeout=0)[0]:
                finished.add(ref)
                load[owner[ref]] -= 1
            return ref in finished

        def wait_any(refs: list[Any]) -> None:
            # In short waits, so that Ctrl-C (a Python signal handler) is heard within a second.
            while not ray.wait(refs, num_returns=1, timeout=1.0)[0]:
                pass

        def result(task: tuple[int, DocumentPair], ref: Any) -> DocumentResult:
            finished.discard(ref)
            owner.pop(ref, None)
            try:
                return ray.get(ref)
            except ray.exceptions.RayActorError:
                return DocumentResult(task[0], task[1].doc_id, error=f"the Ray worker died {_RAY_RETRIES + 1} "
                                      "times while aligning this pair (out of memory?); it is skipped")

        yield from _in_order(tasks, size, submit, done, wait_any, result, _input_size)
    finally:
        if started:
            ray.shutdown()
            restore()


# --------------------------------------------------------------------------- the runner


def default_jobs() -> int:
    """One per core this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


class CorpusRunner:
    """A configured corpus run: the aligner, the languages, the parallelism, the filters.

    ``aligner``: an :class:`AlignerSpec` (the default: the offline encoder and the aligner's
    defaults) or any picklable callable that returns an object with
    ``align(src, tgt, src_lang=, tgt_lang=)``. Language codes are normalised (``ja-JP`` ->
    ``ja``). ``encoding`` is that of both sides' files, ``src_encoding``/``tgt_encoding`` of
    one side (default UTF-8). ``max_bytes``: the largest input file (and existing output of an
    older bialign read to resume) accepted. ``jobs``: worker processes (default: one per core;
    1 aligns in this process). ``ray``: False, True for a local Ray cluster, or the address of
    one. ``progress``: a tqdm bar of documents on stderr.
    """

    def __init__(self, *, src_lang: str = "ja", tgt_lang: str = "en", aligner: Callable[[], Any] | None = None,
                 encoding: str | None = None, src_encoding: str | None = None, tgt_encoding: str | None = None,
                 presplit: bool = False, jobs: int | None = None,
                 ray: bool | str = False, filters: Filters = Filters(), progress: bool = False,
                 excel_safe: bool = False, xml_illegal: str = "escape", shard_rows: int = 50_000,
                 max_bytes: int = DEFAULT_MAX_INPUT_BYTES) -> None:
        from .segment import check_language

        if jobs is not None and jobs < 1:
            raise ValueError(f"jobs must be at least 1, got {jobs}")
        self.src_lang, self.tgt_lang = check_language(src_lang), check_language(tgt_lang)
        self.aligner = aligner if aligner is not None else AlignerSpec()
        self.encoding, self.presplit = encoding, presplit
        self.src_encoding, self.tgt_encoding = src_encoding or encoding, tgt_encoding or encoding
        self.max_bytes = max_bytes
        self.jobs = jobs or default_jobs()
        self.ray = ray
        self.filters = filters
        self.progress = progress
        self.excel_safe, self.xml_illegal, self.shard_rows = excel_safe, xml_illegal, shard_rows

    def results(self, tasks: list[tuple[int, DocumentPair]]) -> Iterator[DocumentResult]:
        """Align ``(index, pair)`` tasks with the configured backend; results come in task order."""
        if not tasks:  # a finished run resumed: no encoder to load
            return iter(())
        job = _Job(self.aligner, self.src_lang, self.tgt_lang, self.src_encoding, self.tgt_encoding, self.presplit,
                   self.max_bytes)
        if self.ray is not False and self.ray is not None:
            return _ray(job, tasks, self.jobs, self.ray if isinstance(self.ray, str) else None)
        jobs = min(self.jobs, len(tasks))
        if jobs <= 1:
            return _serial(job, tasks)
        return _processes(job, tasks, jobs)

    def run(self, pairs: Sequence[DocumentPair], output: str | os.PathLike[str], *,
            format: CorpusFormat | None = None, overwrite: bool = False, problems: Sequence[str] = ()) -> CorpusSummary:
        """Align ``pairs`` into ``output`` (``"-"``: stdout, no resume), skipping those already in it.

        ``problems`` are failures found while listing the pairs (files with no counterpart),
        reported with the others. Raises :class:`ValueError` before writing anything when the
        output cannot be resumed (another format, languages, settings, filters or excel_safe),
        :class:`BlockingIOError` when another run holds the output.
        """
        output = str(output)
        fmt = format or ("tsv" if output == "-" else corpus_outputs.corpus_format_from_path(output))
        if fmt not in corpus_outputs.CORPUS_FORMATS:
            raise ValueError(f"unknown corpus format {fmt!r}; choose one of {', '.join(corpus_outputs.CORPUS_FORMATS)}")
        _check_unique(pairs)
        if output == "-":
            return self._run_stdout(pairs, fmt, problems)
        out = corpus_outputs.make_output(output, fmt, self.src_lang, self.tgt_lang, excel_safe=self.excel_safe,
                                         xml_illegal=self.xml_illegal, shard_rows=self.shard_rows,  # type: ignore[arg-type]
                                         max_bytes=self.max_bytes)
        out.check_writable(overwrite)
        with corpus_outputs.OutputLock(out.lock_path, output):
            try:
                return self._run_file(pairs, out, output, fmt, overwrite, problems)
            finally:
                out.close()

    # -- the two kinds of output

    def _prepare(self, pairs: Sequence[DocumentPair], done: set[str],
                 failures: list[str]) -> list[tuple[int, DocumentPair]]:
        tasks = []
        for index, pair in enumerate(pairs):
            if _is_done(pair, done):
                continue
            if _unencodable(pair.doc_id) or _unencodable(str(pair.src)) or _unencodable(str(pair.tgt)):
                bad = next(str(x) for x in (pair.src, pair.tgt, pair.doc_id) if _unencodable(str(x)))
                failures.append(f"{escaped_name(bad)}: the file name is not valid UTF-8, so it cannot be a doc id "
                                "in the output; rename the file (e.g. with convmv)")
                continue
            tasks.append((index, pair))
        return tasks

    def _run_file(self, pairs: Sequence[DocumentPair], out: corpus_outputs.CorpusOutput, output: str, fmt: str,
                  overwrite: bool, problems: Sequence[str]) -> CorpusSummary:
        state: IndexState | None = None
        legacy: list[IndexEntry] = []
        if not overwrite:
            state = out.index.read()
            if state is not None and not out.exists():
                logger.warning("%s has an index but no output (was the output deleted?); starting over", output)
                state = None
            if state is None and out.exists():
                corpus = out.legacy()  # an output of an older bialign, without an index
                if corpus is not None:
                    state = IndexState(IndexHeader(fmt, corpus.src_lang, corpus.tgt_lang, corpus.provenance,
                                                   self.filters.as_dict()), [])
                    counts: dict[str, int] = {}
                    for row in corpus.rows:
                        counts[row.doc_id] = counts.get(row.doc_id, 0) + 1
                    legacy = [IndexEntry(d, k) for d, k in counts.items()]
                    if not corpus.rows:
                        state = None
            if state is not None:
                self._check_resumable(state.header, output, fmt)
                self._check_written_options(out.written_options(), output)
                if not legacy:
                    out.recover(state)
        entries = (state.entries if state else []) + legacy
        done = {e.doc_id for e in entries}
        rows_before = sum(e.rows for e in entries)
        failures = list(problems)
        tasks = self._prepare(pairs, done, failures)
        skipped = sum(1 for p in pairs if _is_done(p, done))
        if skipped:
            logger.warning("resuming: %d of %d pairs are already in %s and are skipped", skipped, len(pairs), output)
        header = state.header if state else None
        begun = False
        aligned = written = 0
        unlike: list[str] = []
        left_out: dict[str, int] = {}
        try:
            for result in self._progress(self.results(tasks), len(tasks)):
                rows = self._accept(result, failures, unlike, left_out)
                if rows is None:
                    continue
                if header is None:
                    header = IndexHeader(fmt, self.src_lang, self.tgt_lang, result.provenance, self.filters.as_dict())
                elif header.provenance != result.provenance:
                    raise ValueError(f"{output} was made with other settings ({header.provenance}) than this run "
                                     f"({result.provenance}); use another -o, or --force to start over")
                if not begun:
                    out.begin(header, fresh=state is None, entries=legacy)
                    begun = True
                with _CtrlCAfter():  # a document is written whole and counted, then Ctrl-C stops the run
                    out.write([(result.doc_id, rows)])
                    aligned += 1
                    written += len(rows)
            if begun:
                out.finish()
        except KeyboardInterrupt:
            if begun:
                out.finish()
            if aligned:  # said once, by whoever catches it (the CLI prints it instead of "interrupted")
                raise CorpusInterrupted(f"interrupted; {aligned} new document(s) saved in {output}; run the same "
                                        "command again to continue", aligned) from None
            raise
        return CorpusSummary(output, aligned, skipped, tuple(failures), tuple(unlike), written, rows_before + written,
                             left_out)

    def _run_stdout(self, pairs: Sequence[DocumentPair], fmt: str, problems: Sequence[str]) -> CorpusSummary:
        from . import formats

        if fmt not in ("tsv", "csv", "jsonl", "tmx"):
            raise ValueError(f"{fmt} output cannot go to stdout; give -o a file name")
        failures = list(problems)
        tasks = self._prepare(pairs, set(), failures)
        unlike: list[str] = []
        left_out: dict[str, int] = {}
        rows_out: list[CorpusRow] = []
        provenance: str | None = None
        aligned = 0
        # A stream cannot be taken back, so the whole corpus is built first: an error then
        # writes nothing rather than half a file.
        for result in self._progress(self.results(tasks), len(tasks)):
            rows = self._accept(result, failures, unlike, left_out)
            if rows is None:
                continue
            if provenance is None:
                provenance = result.provenance
            rows_out.extend(rows)
            aligned += 1
        text = formats.dumps(ParallelCorpus(tuple(rows_out), self.src_lang, self.tgt_lang, provenance or ""),
                             fmt, excel_safe=self.excel_safe, xml_illegal=self.xml_illegal)  # type: ignore[arg-type]
        if fmt in ("tsv", "csv"):
            logger.info("stdout has no sidecar: the languages and provenance are not written (write to a file "
                        "for OUT.meta.json, or use --format jsonl or tmx)")
        write_stdout(text)
        return CorpusSummary("-", aligned, 0, tuple(failures), tuple(unlike), len(rows_out), len(rows_out), left_out)

    # -- helpers

    def _accept(self, result: DocumentResult, failures: list[str], unlike: list[str],
                left_out: dict[str, int]) -> list[CorpusRow] | None:
        for note in result.notes:
            logger.warning("%s: %s", result.doc_id, note)
        if result.error is not None:
            failures.append(f"{result.doc_id}: {result.error}")
            logger.error("pair %s failed and is skipped: %s", result.doc_id, result.error)
            return None
        if result.unlike:
            unlike.append(result.doc_id)
        kept = []
        for row in result.rows:
            reason = self.filters.reason(row)
            if reason is None:
                kept.append(row)
            else:
                left_out[reason] = left_out.get(reason, 0) + 1
        return kept

    def _check_resumable(self, header: IndexHeader | None, output: str, fmt: str) -> None:
        assert header is not None
        if header.format != fmt:
            raise ValueError(f"{output} holds {header.format} output, not {fmt}; use another -o, or --force to "
                             "start over")
        if (header.src_lang, header.tgt_lang) != (self.src_lang, self.tgt_lang):
            raise ValueError(f"{output} holds {header.src_lang}-{header.tgt_lang} pairs, not "
                             f"{self.src_lang}-{self.tgt_lang}; use another -o, or --force to start over")
        if header.filters != self.filters.as_dict():
            raise ValueError(f"{output} was written with other filters ({_filters_text(header.filters)}) than this "
                             f"run ({_filters_text(self.filters.as_dict())}); use the same ones, another -o, or "
                             "--force to start over")

    def _check_written_options(self, written: dict[str, Any], output: str) -> None:
        """An option that changes the bytes of the rows must be that of the output being resumed: rows
        with and without it in one file cannot be read back as one (the sidecar says which applies)."""
        if "excel_safe" in written and written["excel_safe"] != self.excel_safe:
            had = "with" if written["excel_safe"] else "without"
            raise ValueError(f"{output} was written {had} excel_safe (CLI: --excel-safe), which changes how text "
                             f"cells are written; run again {had} it to continue, or use another -o, or --force to "
                             "start over")

    def _progress(self, results: Iterator[DocumentResult], total: int) -> Iterator[DocumentResult]:
        if not self.progress:
            return results
        from tqdm import tqdm

        return iter(tqdm(results, total=total, file=sys.stderr, desc="documents", unit="doc"))


def _is_done(pair: DocumentPair, done: set[str]) -> bool:
    # An output written before doc ids dropped the extension names its documents doc1.txt.
    return pair.doc_id in done or pair.src.name in done


def _filters_text(filters: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v}" for k, v in sorted(filters.items()) if v not in (None, False)) or "none"


def _check_unique(pairs: Sequence[DocumentPair]) -> None:
    seen: set[str] = set()
    for pair in pairs:
        if pair.doc_id in seen:
            raise ValueError(f"doc id {pair.doc_id!r} is given twice; doc ids must be unique")
        seen.add(pair.doc_id)


def run_corpus(pairs: Sequence[DocumentPair], output: str | os.PathLike[str], *, format: CorpusFormat | None = None,
               overwrite: bool = False, problems: Sequence[str] = (), **options: Any) -> CorpusSummary:
    """One-shot :meth:`CorpusRunner.run`; ``options`` are those of :class:`CorpusRunner`."""
    return CorpusRunner(**options).run(pairs, output, format=format, overwrite=overwrite, problems=problems)

