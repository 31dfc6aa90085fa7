"""Lone sentences (1-0/0-1 beads): what the aligner gets wrong, and what it must keep.

    python benchmarks/lone_sentences.py

Three measurements, each for the defaults and for the settings they replaced (``skip`` 0.5,
``length_weight`` 0.45) and for a freer attach (``attach_margin`` 0.2, tried and not kept):

1. Text+Berg tuning documents 001-003 only (the held-out 004-007 are not read here): the
   wrong beads by type, each named with the gold beads it overlaps ("1-2 where gold 1-1 +
   0-1": a sentence the gold leaves alone was merged into a pair).
2. Sentences added in translation: an unrelated sentence (3 of them, one short) inserted
   into the ESUJ article's English, or into its Japanese, at 5 places (30 alignments,
   pre-split gold sentences). Each should be a 1-0/0-1 bead; the table counts those that are.
3. Japanese-English alignment on Kyoto Wikipedia articles (``_kyoto.py``; every Japanese
   sentence has one English sentence, so the gold is all 1-1): two tuning-half samples (every
   5th article from the 1st and from the 3rd, 60 each) and a held-out-half sample (every 5th
   from the 1st, 60), pre-split, published metric.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _kyoto import article, split  # noqa: E402
from _record import markdown_table, record  # noqa: E402
from textberg import TUNE, load  # noqa: E402

from bialign import Aligner, Bead  # noqa: E402
from bialign.embed import USEEncoder  # noqa: E402
from bialign.evaluate import evaluate_documents  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
VARIANTS = [
    ("defaults", {}),
    ("previous: skip 0.5, length_weight 0.45", {"skip": 0.5, "length_weight": 0.45}),
    ("attach_margin 0.2 (not kept)", {"attach_margin": 0.2}),
]
ADDED_EN = ["The weather in Osaka was mild for the season, with light rain expected in the evening.",
            "Tickets for the concert went on sale on Monday and sold out within an hour.",
            "Please keep your receipt."]
ADDED_JA = ["大阪の天気はこの季節にしては穏やかで、夕方には小雨が降る見込みだ。",
            "コンサートのチケットは月曜日に発売され、一時間で売り切れた。",
            "領収書は保管してください。"]
PLACES = (5, 12, 20, 27, 33)


def _kind(src, tgt) -> str:
    return f"{len(src)}-{len(tgt)}"


def wrong_beads(gold, beads) -> Counter:
    """Each test bead that is not a gold bead, as 'a-b where gold c-d + e-f' (the gold beads
    sharing a sentence with it; 'nothing' when the gold leaves its sentences out)."""
    gold_pairs = [(g.src, g.tgt) for g in gold]
    exact = set(gold_pairs)
    out: Counter = Counter()
    for b in beads:
        if (b.src, b.tgt) in exact:
            continue
        over = [g for g in gold_pairs if set(g[0]) & set(b.src) or set(g[1]) & set(b.tgt)]
        over.sort(key=lambda g: (min(g[0] or g[1]), bool(g[0])))
        out[f"{_kind(b.src, b.tgt)} where gold " + (" + ".join(_kind(*g) for g in over) or "nothing")] += 1
    return out


def textberg_errors(aligners) -> str:
    data = load()
    counts, scores = [], []
    for aligner in aligners:
        results = [aligner.align(data[d][0], data[d][1], src_lang="de", tgt_lang="fr") for d in TUNE]
        c: Counter = Counter()
        for d, alignment in zip(TUNE, results):
            c += wrong_beads(data[d][2], alignment.beads)
        counts.append(c)
        scores.append(evaluate_documents([data[d][2] for d in TUNE], results))
    kinds = sorted(set().union(*counts), key=lambda k: (-counts[0][k], k))
    rows = [[k] + [c[k] for c in counts] for k in kinds]
    rows.append(["**all wrong beads**"] + [sum(c.values()) for c in counts])
    rows.append(["strict F1 / lax F1"] + [f"{s.strict.f1:.3f} / {s.lax.f1:.3f}" for s in scores])
    return ("Text+Berg 001-003 (tuning documents only): the wrong beads by type.\n\n"
            + markdown_table(["wrong bead"] + [v for v, _ in VARIANTS], rows) + "\n\n")


def added_sentences(aligners) -> str:
    ja = (ROOT / "tests/data/esuj_ja.sentences.txt").read_text(encoding="utf-8").splitlines()
    en = (ROOT / "tests/data/esuj_en.sentences.txt").read_text(encoding="utf-8").splitlines()
    ja, en = [s for s in ja if s.strip()], [s for s in en if s.strip()]
    rows = []
    for (label, _), aligner in zip(VARIANTS, aligners):
        alone = {"English": 0, "Japanese": 0}
        short = 0
        for pos in PLACES:
            for k in range(len(ADDED_EN)):
                a = aligner.align(ja, en[:pos] + [ADDED_EN[k]] + en[pos:], src_lang="ja", tgt_lang="en")
                hit = any(b.tgt == (pos,) and not b.src for b in a.beads)
                b_ = aligner.align(ja[:pos] + [ADDED_JA[k]] + ja[pos:], en, src_lang="ja", tgt_lang="en")
                hit_ja = any(b.src == (pos,) and not b.tgt for b in b_.beads)
                alone["English"] += hit
                alone["Japanese"] += hit_ja
                short += (hit + hit_ja) if k == len(ADDED_EN) - 1 else 0
        total = len(PLACES) * len(ADDED_EN)
        rows.append([label, f"{alone['English']}/{total}", f"{alone['Japanese']}/{total}",
                     f"{short}/{2 * len(PLACES)}", f"{alone['English'] + alone['Japanese']}/{2 * total}"])
    return ("An unrelated sentence added to the ESUJ article (English or Japanese side, 5 places, 3 sentences: "
            f"{'; '.join(repr(s) for s in ADDED_EN)} and their Japanese): alignments where it is left alone, "
            "a 1-0/0-1 bead (the rest merge it into a neighbouring pair).\n\n"
            + markdown_table(["settings", "added to the English", "added to the Japanese",
                              "of which the short one", "all"], rows) + "\n\n")


def _kyoto_pair(name: str):
    sentences = [s for s in article(name) if s.ja.strip() and s.final.strip()]
    if len(sentences) < 3:
        return None
    gold = [Bead((k,), (k,), 1.0) for k in range(len(sentences))]
    return [s.ja for s in sentences], [s.final for s in sentences], gold


def kyoto(aligners) -> str:
    tune, held = split()
    samples = [("tuning, every 5th from the 1st", tune[::5][:60]), ("tuning, every 5th from the 3rd", tune[2::5][:60]),
               ("held out, every 5th from the 1st", held[::5][:60])]
    rows = []
    for label, names in samples:
        pairs = [p for p in map(_kyoto_pair, names) if p is not None]
        row = [label, len(pairs), sum(len(p[0]) for p in pairs)]
        for aligner in aligners:
            results = [aligner.align(ja, en, src_lang="ja", tgt_lang="en") for ja, en, _ in pairs]
            s = evaluate_documents([p[2] for p in pairs], results)
            row.append(f"{s.strict.f1:.4f} / {s.lax.f1:.4f}")
        rows.append(row)
    return ("Kyoto Wikipedia articles, Japanese-English (gold: the corpus' sentence pairs, all 1-1), strict F1 / "
            "lax F1, published metric:\n\n"
            + markdown_table(["sample", "articles", "sentence pairs"] + [v for v, _ in VARIANTS], rows) + "\n")


def main() -> int:
    encoder = USEEncoder()
    aligners = [Aligner(encoder=encoder, **options) for _, options in VARIANTS]
    body = textberg_errors(aligners) + added_sentences(aligners) + kyoto(aligners)
    print(body)
    record("lone_sentences", "Alignment: lone sentences (1-0/0-1 beads)", body, script="benchmarks/lone_sentences.py")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
