"""ESUJ article (Japanese-English) alignment against the hand-made gold beads.

    python benchmarks/esuj_align.py

Two runs: the gold sentence splits (tests/data/esuj_{ja,en}.sentences.txt, pre-split), and
the raw article (corpora/esuj/{ja,en}.txt) segmented by bialign.segment, scored against the
same gold (the segmenter reproduces the gold splits on this article). Nulls are scored too.
"""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _record import markdown_table, record  # noqa: E402

import bialign  # noqa: E402
from bialign.embed import CachedEncoder, USEEncoder  # noqa: E402
from bialign.evaluate import read_beads  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    ja = (ROOT / "tests/data/esuj_ja.sentences.txt").read_text(encoding="utf-8").splitlines()
    en = (ROOT / "tests/data/esuj_en.sentences.txt").read_text(encoding="utf-8").splitlines()
    gold = read_beads(ROOT / "tests/data/esuj_gold.beads")
    encoder = USEEncoder()
    encoder.encode(["warm-up"])
    start = time.perf_counter()
    CachedEncoder(encoder).encode(ja + en)
    embed_once = time.perf_counter() - start
    rows = []
    for label, src, tgt in (
        ("gold splits", ja, en),
        ("raw text", (ROOT / "corpora/esuj/ja.txt").read_text(encoding="utf-8"),
         (ROOT / "corpora/esuj/en.txt").read_text(encoding="utf-8")),
    ):
        start = time.perf_counter()
        result = bialign.align(src, tgt, src_lang="ja", tgt_lang="en", encoder=encoder)
        wall = time.perf_counter() - start
        s = bialign.evaluate(gold, result, nulls=True)
        rows.append([label, f"{len(result.src_sentences)} x {len(result.tgt_sentences)}", s.strict.precision,
                     s.strict.recall, s.strict.f1, s.lax.f1, round(wall, 2), round(result.stats["embed_seconds"], 2),
                     round(wall / embed_once, 2), min(b.score for b in result.beads)])
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    table = markdown_table(["input", "sentences", "strict P", "strict R", "strict F1", "lax F1", "wall (s)",
                            "embedding (s)", "wall / embed once", "lowest bead score"], rows)
    body = (f"Default settings, offline USE v3, gold: tests/data/esuj_gold.beads (39 beads: 37 1-1, two 1-2), "
            f"1-0/0-1 beads scored. Embedding every gold sentence once: {embed_once:.2f} s. Peak RSS {peak:.0f} MB "
            f"(raw-text run includes segmentation, i.e. the Japanese tagger).\n\n{table}\n")
    print(body)
    record("esuj_align", "Alignment: ESUJ article (ja-en)", body, script="benchmarks/esuj_align.py")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
