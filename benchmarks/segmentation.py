"""Sentence-boundary accuracy on the ESUJ article (bialign against pysbd alone), and time on adversarial text.

Scores both segmenters against the hand-made gold in tests/data/esuj_{ja,en}.sentences.txt,
then times segmentation of adversarial texts (units repeated to 100k and 1M characters, the
cases that were quadratic), prints both tables and records them in BENCHMARKS.md.

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


ADVERSARIAL = (
    ('". "', ". ", "en"),
    ("abbreviations", "Mr. Dr. e.g. U.S. ", "en"),
    ("initials", "A. B. ", "pt"),
    ("「あ。」", "「あ。」", "ja"),
    ("openers then closers", "あ（（（（（（（（」」」」」」」」", "ja"),
    ("ellipses", "あ……………………い", "ja"),
)


def adversarial_rows() -> list[list[object]]:
    rows: list[list[object]] = []
    for name, unit, lang in ADVERSARIAL:
        segment(unit * 10, lang)  # warm-up: pysbd rules, the tagger
        for chars in (100_000, 1_000_000):
            text = unit * (chars // len(unit))
            t0 = time.process_time()
            n = len(segment(text, lang))
            secs = time.process_time() - t0
            rows.append([name, lang, len(text), n, f"{secs:.2f} s", f"{secs * 100_000 / len(text):.2f}"])
            print(rows[-1], flush=True)
    return rows


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
    adversarial = markdown_table(["text", "lang", "characters", "sentences", "CPU time", "s per 100k chars"],
                                 adversarial_rows())
    print(adversarial)
    record(
        "segmentation",
        "Sentence boundaries on the ESUJ article",
        "Gold: `tests/data/esuj_{ja,en}.sentences.txt` (hand-made). Boundaries are sentence ends "
        "inside the text (the end of the text is not counted). pysbd runs per paragraph line "
        "with `clean=False`. Target: F1 >= 0.99 in both languages. Times include the first "
        "call's setup (pysbd rules, the fugashi tagger).\n\n" + table + "\n\n"
        "Adversarial text: each unit repeated to the length shown, as one paragraph; CPU time "
        "(`time.process_time`) of `segment` after a warm-up, so other jobs on the machine count "
        "less. Targets: under 1 s per 100k characters, 1M characters under 10 s.\n\n" + adversarial,
        script="benchmarks/segmentation.py",
    )


if __name__ == "__main__":
    main()
