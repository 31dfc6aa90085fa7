"""One pair aligned in a worker: what the worker is given, how it reads and aligns, what it sends back.

The same :class:`PairWorker` runs in the parent (``jobs=1``), in each worker process and in each
Ray actor (:mod:`bialign.corpus_backends`, :mod:`bialign.corpus_ray`): it builds its aligner once
from a picklable :class:`AlignerSpec`, runs single-threaded BLAS (see :mod:`bialign.corpus`,
"the same bytes whatever the parallelism"), and turns a pair's errors into a
:class:`DocumentResult` with the reason, so that one bad pair never stops the run.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from . import corpus_outputs
from .corpus_pairs import DocumentPair
from .formats import CorpusRow
from .io_safety import DEFAULT_MAX_INPUT_BYTES
from .segment import Sentence, presplit_lines

# Errors that mean "this pair's input is wrong": the pair fails, the run goes on.
PAIR_ERRORS = (ValueError, OSError, LookupError)


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
