"""How the tasks of a corpus run are aligned on this machine: in this process, or in worker processes.

:func:`_serial` aligns in this process; :func:`_processes` on a pool of spawned worker
processes that is restarted when a worker dies; :func:`_in_order` keeps every worker busy and
yields the results in task order (it also drives the Ray backend, :mod:`bialign.corpus_ray`).
The Ctrl-C handling lives here too: workers start with SIGINT blocked so that only the parent
hears it, and :class:`_CtrlCAfter` lets the runner finish writing a document before it stops.
"""

from __future__ import annotations

import logging
import os
import signal
from collections import deque
from typing import Any, Callable, Iterator, Self

from .corpus_pairs import DocumentPair
from .corpus_workers import DocumentResult, PairWorker, _init_process, _Job, _one_encoder_thread, _run_in_process

# The name of the module this code was split from, so that logging settings for it still apply.
logger = logging.getLogger("bialign.corpus")


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
