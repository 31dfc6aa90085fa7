"""ESUJ article (Japanese-English) alignment against the hand-made gold beads.

    python benchmarks/esuj_align.py

Two runs: the gold sentence splits (tests/data/esuj_{ja,en}.sentences.txt, pre-split), and
the raw article (corpora/esuj/{ja,en}.txt) segmented by bialign.segment, scored against the
same gold (the segmenter reproduces the gold splits on this article). Nulls are scored too.

Then texts that are not (only) the translation: the Japanese article against each of the
four other English articles on the same talks (../shared/seeds/001-004, or $SEEDS), and
against its English with those four articles appended (a far longer side).
"""

from __future__ import annotations

import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _record import markdown_table, record  # noqa: E402

import bialign  # noqa: E402
from bialign.align import translation_warning  # noqa: E402
from bialign.embed import CachedEncoder, USEEncoder  # noqa: E402
from bialign.evaluate import read_beads  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SEEDS = Path(os.environ.get("SEEDS", ROOT.parent / "shared/seeds"))
if not SEEDS.exists():
    SEEDS = Path("/work/shared/seeds")


def not_translations(encoder) -> str:
    """Scores when the English is not (only) a translation of the Japanese article."""
    ja = (ROOT / "corpora/esuj/ja.txt").read_text(encoding="utf-8")
    en = (ROOT / "corpora/esuj/en.txt").read_text(encoding="utf-8")
    others = [(p.name[:3], p.read_text(encoding="utf-8")) for p in sorted(SEEDS.glob("00[1-4]_*.txt"))]
    if len(others) != 4:
        raise SystemExit(f"expected seeds 001-004 under {SEEDS} (set $SEEDS)")
    rows = []
    for label, tgt in [(f"other article {name}", text) for name, text in others] + [
            ("its English + the 4 other articles", en.rstrip("\n") + "\n" + "\n".join(t for _, t in others))]:
        result = bialign.align(ja, tgt, src_lang="ja", tgt_lang="en", encoder=encoder)
        pair = [b for b in result.beads if b.src and b.tgt]
        scores = [b.score for b in pair]
        # Beads reaching past the article's own English (only for the appended case).
        end = len(en.rstrip("\n"))
        outside = sum(1 for b in pair if any(result.tgt_sentences[j].start >= end for j in b.tgt))
        rows.append([label, f"{len(result.src_sentences)} x {len(result.tgt_sentences)}", len(pair),
                     result.median_score, max(scores), len(result.moved),
                     outside if label.startswith("its") else "-",
                     "yes" if translation_warning(result) else "no"])
    return markdown_table(["English side", "sentences", "pair beads", "median pair score", "highest pair score",
                           "moved beads", "pair beads reaching into the other articles",
                           "warned: not a translation"], rows)


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
        s = bialign.evaluate(gold, result)
        every = bialign.evaluate(gold, result, metric="all_beads")
        rows.append([label, f"{len(result.src_sentences)} x {len(result.tgt_sentences)}", s.strict.precision,
                     s.strict.recall, s.strict.f1, s.lax.f1, every.strict.f1, round(wall, 2),
                     round(result.stats["embed_seconds"], 2), round(wall / embed_once, 2),
                     min(b.score for b in result.beads)])
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    table = markdown_table(["input", "sentences", "strict P", "strict R", "strict F1", "lax F1",
                            "strict F1, all beads", "wall (s)",
                            "embedding (s)", "wall / embed once", "lowest bead score"], rows)
    body = (f"Default settings, offline USE v3, gold: tests/data/esuj_gold.beads (39 beads: 37 1-1, two 1-2), "
            f"scored with the published metric (Vecalign/Bertalign script: every test bead, 1-0/0-1 included, in "
            f"precision; recall over the gold beads with both sides) and with 1-0/0-1 beads counted on both sides "
            f"(all beads). Embedding every gold sentence once: {embed_once:.2f} s. Peak RSS {peak:.0f} MB "
            f"(raw-text run includes segmentation, i.e. the Japanese tagger).\n\n{table}\n")
    body += ("\nThe Japanese article against English that is not its translation: each of the four other "
             "articles on the same talks (same topic, names and dates), and its own English followed by "
             "those four (a far longer side). Scores of unrelated text should be low.\n\n"
             f"{not_translations(encoder)}\n")
    print(body)
    record("esuj_align", "Alignment: ESUJ article (ja-en)", body, script="benchmarks/esuj_align.py")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
