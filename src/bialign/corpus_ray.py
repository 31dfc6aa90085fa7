"""The Ray backend of a corpus run: a private local cluster bound to 127.0.0.1, or an existing one.

Kept apart from :mod:`bialign.corpus_backends` because Ray is optional (``pip install
"bialign[ray]"``, imported on first use) and has its own setup: the loopback-only local
cluster, the actors that hold the encoder, the retries of a task whose actor dies.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Callable, Iterator

from . import corpus_outputs
from .corpus_backends import _in_order, _input_size
from .corpus_pairs import DocumentPair
from .corpus_workers import DocumentResult, PairWorker, _Job

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
    restore: Callable[[], None] = lambda: None  # noqa: E731 (a placeholder: start_local_ray gives the real one)
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
