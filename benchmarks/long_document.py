"""One very long document through the real command line: time, peak memory, completeness.

Builds a German–French pair of about 100,000 sentences a side from the Text+Berg test set (the
seven documents repeated in a shifted order on each side, so that the pair is long, real text,
and still a translation), writes each side as one file with a paragraph per line, runs
``bialign align --presplit`` on it in a subprocess with the default offline encoder, and checks
that every sentence of both sides is in the output exactly once. Prints a table and records it
in BENCHMARKS.md.

Usage: python benchmarks/long_document.py [--sentences 100000]
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _record import markdown_table, record
from bialign import read_corpus
from bialign.align import Bead, moved_beads

ROOT = Path(__file__).resolve().parent.parent
TEXTBERG = ROOT.parent / "shared" / "benchmarks" / "text+berg"


def build(target: int) -> tuple[list[str], list[str]]:
    docs = sorted(p.name for p in (TEXTBERG / "de").iterdir())
    de_docs = {d: (TEXTBERG / "de" / d).read_text(encoding="utf-8").splitlines() for d in docs}
    fr_docs = {d: (TEXTBERG / "fr" / d).read_text(encoding="utf-8").splitlines() for d in docs}
    de: list[str] = []
    fr: list[str] = []
    rnd = 0
    while len(de) < target:
        order = docs[rnd % len(docs):] + docs[: rnd % len(docs)]
        for d in order:
            # The same tag on both sides of one copy of a document makes every sentence a
            # distinct text, really embedded: without it the per-run cache would embed the
            # ~2,000 distinct Text+Berg sentences once and the run would time only the search.
            tag = f" [{rnd}.{d}]"
            de += [(s.strip() or ".") + tag for s in de_docs[d]]
            fr += [(s.strip() or ".") + tag for s in fr_docs[d]]
        rnd += 1
    return de[:target], fr[: round(target * len(fr) / len(de))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=100_000)
    args = parser.parse_args()
    de, fr = build(args.sentences)
    with tempfile.TemporaryDirectory() as tmp:
        src, tgt, out = Path(tmp) / "de.txt", Path(tmp) / "fr.txt", Path(tmp) / "out.tsv"
        src.write_text("\n".join(de) + "\n", encoding="utf-8")
        tgt.write_text("\n".join(fr) + "\n", encoding="utf-8")
        start = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-m", "bialign", "align", str(src), str(tgt), "--presplit",
             "--src-lang", "de", "--tgt-lang", "fr", "-o", str(out), "-q"],
            capture_output=True, text=True,
        )
        wall = time.perf_counter() - start
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        if proc.returncode != 0:
            raise SystemExit(f"bialign failed ({proc.returncode}): {proc.stderr.strip()}")
        corpus = read_corpus(out)
        src_ids = [i for r in corpus.rows for i in r.src_ids]
        tgt_ids = [i for r in corpus.rows for i in r.tgt_ids]
        beads = [Bead(tuple(r.src_ids), tuple(r.tgt_ids), r.score) for r in corpus.rows]
        moved = set(moved_beads(beads))
        in_order = [j for k, b in enumerate(beads) if k not in moved for j in b.tgt]
        complete = (src_ids == list(range(len(de))) and sorted(tgt_ids) == list(range(len(fr)))
                    and in_order == sorted(in_order))
        types: dict[str, int] = {}
        for r in corpus.rows:
            types[r.type] = types.get(r.type, 0) + 1
    rows = [[f"{len(de):,} x {len(fr):,}", f"{wall:.0f} s", f"{peak_mb:,.0f} MB", len(corpus.rows),
             f"{types.get('1-1', 0) / len(corpus.rows):.3f}", len(moved), "yes" if complete else "NO"]]
    table = markdown_table(["sentences (de x fr)", "wall time", "peak RSS", "beads", "share of 1-1 beads",
                            "moved beads", "every sentence exactly once, in order but the moved beads"], rows)
    print(table)
    record(
        "long_document",
        "One 100,000-sentence document through the CLI",
        "`bialign align --presplit` on Text+Berg de–fr repeated to one long pair (real text, each "
        "side one file; every sentence of one copy of a document gets the same tag on both sides, "
        "` [round.doc]`, so that every sentence is a distinct text and really embedded: the "
        "per-run cache would otherwise embed the ~2,000 distinct sentences once), default offline encoder, in a subprocess; "
        "peak RSS of that subprocess. "
        "The output is read back and checked to hold every sentence of both sides exactly once, "
        "the source in order and the target in order apart from the moved beads (sentences paired "
        "out of order, `bialign.align.moved_beads`).\n\n" + table,
        script="benchmarks/long_document.py",
    )


if __name__ == "__main__":
    main()
