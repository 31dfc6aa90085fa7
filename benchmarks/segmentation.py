"""Sentence-boundary accuracy on the ESUJ article: bialign against pysbd alone.

Scores both segmenters against the hand-made gold in tests/data/esuj_{ja,en}.sentences.txt,
prints a table and records it in BENCHMARKS.md.

Usage: python benchmarks/segmentation.py
"""

from __future__ import annotations

import time
from pathlib import Path

import pysbd

from _record import markdown_table, record
from bialign import segment
from bialign.segment import boundary_scores

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    rows = []
    for lang in ("ja", "en"):
        text = (ROOT / "corpora" / "esuj" / f"{lang}.txt").read_text(encoding="utf-8")
        gold = (ROOT / "tests" / "data" / f"esuj_{lang}.sentences.txt").read_text(encoding="utf-8").splitlines()
        t0 = time.perf_counter()
        ours = [s.text for s in segment(text, lang)]
        t_ours = time.perf_counter() - t0
        baseline_segmenter = pysbd.Segmenter(language=lang, clean=False)
        t0 = time.perf_counter()
        # pysbd per paragraph line, the fairest use of it on one-paragraph-per-line text
        base = [p for line in text.splitlines() for p in baseline_segmenter.segment(line)]
        t_base = time.perf_counter() - t0
        for name, sents, secs in (("bialign", ours, t_ours), ("pysbd alone", base, t_base)):
            s = boundary_scores(gold, sents)
            rows.append([lang, name, s.gold, s.found, s.precision, s.recall, s.f1, f"{secs * 1000:.0f} ms"])
    table = markdown_table(["lang", "segmenter", "gold boundaries", "found", "P", "R", "F1", "time"], rows)
    print(table)
    record(
        "segmentation",
        "Sentence boundaries on the ESUJ article",
        "Gold: `tests/data/esuj_{ja,en}.sentences.txt` (hand-made). Boundaries are sentence ends "
        "inside the text (the end of the text is not counted). pysbd runs per paragraph line "
        "with `clean=False`. Target: F1 >= 0.99 in both languages. Times include the first "
        "call's setup (pysbd rules, the fugashi tagger).\n\n" + table,
        script="benchmarks/segmentation.py",
    )


if __name__ == "__main__":
    main()
