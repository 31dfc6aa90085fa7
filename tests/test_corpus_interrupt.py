"""Ctrl-C during a real ``bialign corpus -j 2`` run: the workers stop, what is finished stays, a resume
gives the bytes of an uninterrupted run.

The run is a subprocess in a session of its own, and SIGINT goes to its whole process group, as a
terminal sends Ctrl-C (to the parent and to both workers). Real text (the ESUJ article, one copy
per document) and the default encoder, so this is a ``model`` test.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

pytestmark = pytest.mark.model

ROOT = Path(__file__).resolve().parent.parent
ESUJ = ROOT / "corpora" / "esuj"
DOCS = 16


@pytest.fixture
def dirs(tmp_path):
    src, tgt = tmp_path / "ja", tmp_path / "en"
    src.mkdir()
    tgt.mkdir()
    ja, en = (ESUJ / "ja.txt").read_text(encoding="utf-8"), (ESUJ / "en.txt").read_text(encoding="utf-8")
    for i in range(DOCS):
        (src / f"doc{i:02d}.txt").write_text(ja, encoding="utf-8")
        (tgt / f"doc{i:02d}.txt").write_text(en, encoding="utf-8")
    return src, tgt


def corpus(dirs, out: Path, *options: str, **popen) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]))
    return subprocess.Popen([sys.executable, "-m", "bialign", "corpus", str(dirs[0]), str(dirs[1]), "-o", str(out),
                             "-j", "2", *options], env=env, stderr=subprocess.PIPE, text=True, **popen)


def documents_in(index: Path) -> int:
    try:
        return max(0, index.read_text(encoding="utf-8").count("\n") - 1)  # the header line, then one per document
    except FileNotFoundError:
        return 0


def files(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.parent.glob(out.name + "*"))}


def test_ctrl_c_stops_the_workers_and_a_resume_gives_the_uninterrupted_bytes(dirs, tmp_path):
    whole = tmp_path / "whole" / "c.tsv"
    cut = tmp_path / "cut" / "c.tsv"
    whole.parent.mkdir()
    cut.parent.mkdir()
    reference = corpus(dirs, whole, "-q")
    assert reference.communicate(timeout=300)[1] == "" and reference.returncode == 0

    run = corpus(dirs, cut, "-q", start_new_session=True)
    index = cut.parent / "c.tsv.bialign-index"
    deadline = time.monotonic() + 300
    while documents_in(index) < 1 and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert run.poll() is None, "the run ended before it could be interrupted"
    workers = [p for p in psutil.Process(run.pid).children(recursive=True) if "spawn_main" in " ".join(p.cmdline())]
    assert len(workers) == 2
    os.killpg(run.pid, signal.SIGINT)  # what Ctrl-C in a terminal does: every process of the group
    err = run.communicate(timeout=60)[1]

    assert run.returncode == 130
    assert "Traceback" not in err and "KeyboardInterrupt" not in err
    [line] = err.splitlines()
    saved = documents_in(index)
    assert 1 <= saved < DOCS
    assert line == f"bialign: interrupted; {saved} new document(s) saved in {cut}; run the same command again to continue"
    for worker in workers:  # both worker processes were stopped and reaped before the parent exited
        assert not worker.is_running()
    assert not (cut.parent / "c.tsv.lock").exists()  # the lock is released

    resumed = corpus(dirs, cut)
    err = resumed.communicate(timeout=300)[1]
    assert resumed.returncode == 0
    assert f"resuming: {saved} of {DOCS} pairs are already in {cut}" in err
    assert files(cut) == files(whole)  # the corpus, its index and its sidecar
