"""Translation comparison on the annotated ESUJ article: precision/recall per kind, and time.

Runs :func:`bialign.compare` on the hand-aligned article (beads from
tests/data/esuj_divergences.json, so the aligner plays no part), scores it against the hand
annotation (22 real divergences, 24 faithful renderings), prints a table, and records it in
BENCHMARKS.md. The time is measured twice: the first call includes loading UniDic, JMdict
and cutlet; the second is the steady state.

Usage: python benchmarks/compare_esuj.py
"""

from __future__ import annotations

import math
import time
from pathlib import Path

from _record import markdown_table, record
from bialign import compare
from bialign.compare.evaluate import load_annotation, score
from bialign.compare.quotes import attributed_beads

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    annotation = load_annotation(ROOT / "tests" / "data" / "esuj_divergences.json")
    t0 = time.perf_counter()
    flags = compare(annotation.alignment)
    cold = time.perf_counter() - t0
    t0 = time.perf_counter()
    again = compare(annotation.alignment)
    warm = time.perf_counter() - t0
    assert again == flags
    s = score(flags, annotation)

    def fmt(x: float) -> object:
        return "–" if math.isnan(x) else x

    rows = [[k, v["gold"], v["flags"], fmt(v["precision"]), fmt(v["recall"])] for k, v in sorted(s.per_kind.items())]
    rows.append(["**all**", s.n_gold, s.n_flags, s.precision, s.recall])
    table = markdown_table(["kind", "annotated", "flags", "precision", "recall"], rows)
    faithful = len(annotation.faithful)
    # The speakers check has no annotated case here (no attribution changes in this article):
    # say how many attributions it compared, so that its silence is not mistaken for a test.
    attributed = attributed_beads(annotation.alignment)
    speaker_flags = [f for f in flags if f.check == "speakers"]
    body = (
        "Annotation: `tests/data/esuj_divergences.json` (hand-made beads over `bialign.segment()` "
        f"sentences; {s.n_gold} real divergences, {faithful} faithful renderings that must not be "
        "flagged). A flag is correct when its kind matches an annotated divergence and its span "
        "overlaps the annotated one. Caveat: the checks were developed on this article, so these "
        "are training-set numbers, not a held-out estimate.\n\n"
        f"{table}\n\n"
        f"Faithful renderings flagged: {len(s.faithful_flagged)} of {faithful}. "
        f"compare() on the whole article ({len(annotation.alignment.beads)} beads): "
        f"{cold * 1000:.0f} ms first call (loads UniDic, JMdict, cutlet), {warm * 1000:.0f} ms after "
        "(target < 5 s).\n\n"
        f"No annotated case for `speakers`: it compared attributions on both sides in "
        f"{len(attributed)} beads ({', '.join(map(str, attributed))}) and flagged {len(speaker_flags)}. "
        "The opt-in `similarity` check does not run here (hand-made beads carry no similarity "
        "matrix and all score 1.0); see tests/test_compare_esuj.py for it on the aligned article."
    )
    print(body)
    if s.missed:
        print("missed:", ", ".join(m.id for m in s.missed))
    for f in s.false_positives:
        print("false positive:", f.check, repr(f.src_text), repr(f.tgt_text))
    record("compare_esuj", "Translation comparison on the ESUJ article", body, script="benchmarks/compare_esuj.py")


if __name__ == "__main__":
    main()
