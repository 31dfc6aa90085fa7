"""Does a corpus worker's memory grow with the documents it has aligned? One worker, in this process.

    python benchmarks/corpus_memory.py [--pairs 2000] [--at 200,1000,2000]

The documents of ``corpus_scale.py`` (Kyoto Wikipedia paragraphs, at least 4 sentences a side)
are aligned one after the other by one :class:`bialign.corpus.PairWorker`, as a ``--jobs N``
worker does. At each checkpoint, after ``gc.collect()``:

- ``RssAnon``, the private resident memory (what ``corpus_scale.py`` reports as a worker's
  private peak, there sampled while the worker runs);
- ``RssAnon`` again after glibc's ``malloc_trim(0)``: memory the allocator holds for reuse
  after a large document is freed is given back, so what is left is what is still in use;
- ``RssFile``, the pages of mapped files read so far (MeCab's dictionary, shared and
  reclaimable);
- the blocks Python has allocated (``sys.getallocatedblocks()``: every object, strings
  included, so an interning or a cache keyed by sentences would show) and the objects the
  garbage collector tracks, with the types that grew most since the first checkpoint.
"""

from __future__ import annotations

import argparse
import collections
import ctypes
import gc
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _record import markdown_table, record
from corpus_scale import ROOT, build_cache, environment

sys.path.insert(0, str(ROOT / "src"))


def status() -> dict[str, int]:
    """RssAnon and RssFile of this process, KiB."""
    out = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(("RssAnon", "RssFile")):
            out[line.split(":")[0]] = int(line.split()[1])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pairs", type=int, default=2000)
    parser.add_argument("--at", default="200,1000,2000")
    parser.add_argument("--min-sentences", type=int, default=4)
    opts = parser.parse_args()
    checkpoints = sorted({int(x) for x in opts.at.split(",") if int(x) <= opts.pairs})

    from bialign.corpus import AlignerSpec, DocumentPair, PairWorker, _Job

    libc = ctypes.CDLL("libc.so.6")
    rows, growth, base = [], "", None
    with tempfile.TemporaryDirectory(prefix="bialign-corpus-memory-") as tmp:
        # The encoder's parsed model read from a cache of this run's own, as corpus workers read it.
        os.environ["BIALIGN_CACHE_DIR"] = str(Path(tmp) / "cache")
        build_cache(Path(tmp) / "cache")
        # The documents are written by another process, so that this one holds only the worker.
        code = ("import sys; sys.path.insert(0, sys.argv[1]); from pathlib import Path; import corpus_scale as c; "
                "c.make_dirs(Path(sys.argv[2]), c.documents(int(sys.argv[3])), int(sys.argv[4]))")
        subprocess.run([sys.executable, "-c", code, str(Path(__file__).resolve().parent), tmp, str(opts.min_sentences),
                        str(opts.pairs)], env=environment(), check=True)
        ja, en = Path(tmp) / "ja", Path(tmp) / "en"
        worker = PairWorker(_Job(AlignerSpec(), "ja", "en", None, None, False))
        for i in range(opts.pairs):
            name = f"doc{i:06d}.txt"
            result = worker(i, DocumentPair(name, ja / name, en / name))
            if result.error:
                raise SystemExit(f"{name}: {result.error}")
            if i + 1 not in checkpoints:
                continue
            gc.collect()
            before = status()
            libc.malloc_trim(0)
            after = status()
            types = collections.Counter(type(o).__qualname__ for o in gc.get_objects())
            rows.append([i + 1, f"{before['RssAnon'] / 1024:.1f}", f"{after['RssAnon'] / 1024:.1f}",
                         f"{after['RssFile'] / 1024:.1f}", sys.getallocatedblocks(), sum(types.values())])
            print(rows[-1], flush=True)
            if base is None:
                base = types
            else:
                growth = ", ".join(f"{name} +{n}" for name, n in (types - base).most_common(6))

    first, last = rows[0], rows[-1]
    table = markdown_table(["documents aligned", "private MiB", "private after malloc_trim MiB", "file pages MiB",
                            "Python blocks", "GC-tracked objects"], rows)
    body = (
        f"{table}\n\n"
        f"One `PairWorker` (the default encoder, one BLAS thread as in a worker) aligning the documents of "
        f"`corpus_scale.py` one after the other, the encoder's model read from its cache; each row after `gc.collect()`.\n\n"
        f"- Private memory, {first[0]} -> {last[0]} documents: {first[1]} -> {last[1]} MiB as the process holds it, "
        f"{first[2]} -> {last[2]} MiB once the allocator has given back what it kept for reuse; Python's "
        f"allocated blocks {first[4]} -> {last[4]}, GC-tracked objects {first[5]} -> {last[5]}"
        f"{f' (grew most: {growth})' if growth else ''}.\n"
        f"- File pages (MeCab's dictionary as new words are met) {first[3]} -> {last[3]} MiB."
    )
    print(body)
    record("corpus_memory", "A corpus worker's memory over 2,000 documents (corpus_memory.py)", body,
           script="benchmarks/corpus_memory.py")


if __name__ == "__main__":
    main()
