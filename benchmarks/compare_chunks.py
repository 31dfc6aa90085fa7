"""The opt-in ``omission`` and ``addition`` checks (chunk correspondence) on the Kyoto tuning half.

What they would catch if every flag were shown, what they flag on sentences two revisers
accepted unchanged, and the judged precision of the candidates that were to be minor
(``benchmarks/data/judged_chunks_tuning.jsonl``). Tuning half only: the held-out half and the
challenge set are not looked at. Nothing is recorded.

Usage: python benchmarks/compare_chunks.py
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import _kyoto
from compare_heldout import revisions
from bialign import compare
from bialign.compare.evaluate import pair_alignment

HERE = Path(__file__).resolve().parent
JUDGED = HERE / "data" / "judged_chunks_tuning.jsonl"
CHECKS = ["omission", "addition"]


def flags(ja: str, en: str, strong: bool = False):
    out = compare(pair_alignment(ja, en), checks=CHECKS)
    if strong:  # the rule the judged sample was drawn with
        out = [d for d in out if len(d.evidence["unmatched_dictionary_words"]) >= 3 and not d.evidence["aside"]]
    return out


def main() -> None:
    tuning, _ = _kyoto.split()
    for strong in (False, True):
        caught: dict[str, list[bool]] = {}
        for s, cat, wrong, right, _comment in revisions(tuning):
            keep = {(d.check, d.src_span, d.tgt_text) for d in flags(s.ja, right, strong)}
            new = [d for d in flags(s.ja, wrong, strong) if (d.check, d.src_span, d.tgt_text) not in keep]
            caught.setdefault(cat, []).append(bool(new))
        controls = [s for n in tuning for s in _kyoto.article(n) if s.unchanged]
        flagged = sum(bool(flags(s.ja, s.final, strong)) for s in controls)
        label = "candidates with >= 3 unmatched dictionary words, not in parentheses" if strong else "every info flag"
        print(f"{label}:")
        for cat, xs in sorted(caught.items()):
            print(f"  {cat} revisions with a new flag: {sum(xs)}/{len(xs)}")
        print(f"  never-revised sentences with a flag: {flagged}/{len(controls)} ({flagged / len(controls):.3f})")
    judged = [json.loads(line) for line in JUDGED.read_text(encoding="utf-8").splitlines() if line.strip()]
    verdicts = Counter((j["check"], j["verdict"]) for j in judged)
    for check in CHECKS:
        n = verdicts[(check, "worth")] + verdicts[(check, "not worth")]
        print(f"judged {check}: {verdicts[(check, 'worth')]}/{n} worth a translator's time")


if __name__ == "__main__":
    main()
