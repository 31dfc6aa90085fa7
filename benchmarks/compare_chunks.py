"""The opt-in ``omission`` and ``addition`` checks (chunk correspondence) on the Kyoto tuning half.

What they would catch if every flag were shown, what they flag on sentences two revisers
accepted unchanged, and the judged precision of the candidates that were to be minor
(``benchmarks/data/judged_chunks_tuning.jsonl``). Tuning half only: the held-out half and the
challenge set are not looked at. The figures are recorded in BENCHMARKS.md (``compare_chunks``).

Usage: python benchmarks/compare_chunks.py [--timing]

``--timing`` instead times ``compare()`` on 300-sentence documents made of consecutive tuning
sentences (one bead each), after a first call on another document: the default checks, and
the default checks with these two.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path

import _kyoto
from _record import record
from compare_heldout import revisions
from bialign import Alignment, Bead, Sentence, compare
from bialign.compare import default_checks
from bialign.compare.evaluate import pair_alignment
from bialign.provenance import Provenance

HERE = Path(__file__).resolve().parent
JUDGED = HERE / "data" / "judged_chunks_tuning.jsonl"
CHECKS = ["omission", "addition"]


def flags(ja: str, en: str, strong: bool = False):
    out = compare(pair_alignment(ja, en), checks=CHECKS)
    if strong:  # the rule the judged sample was drawn with
        out = [d for d in out if len(d.evidence["unmatched_words"]) >= 3 and not d.evidence["aside"]]
    return out


def document(sentences) -> Alignment:
    ja_text, en_text, ja_s, en_s = "", "", [], []
    for s in sentences:
        ja_s.append(Sentence(s.ja, len(ja_text), len(ja_text) + len(s.ja)))
        ja_text += s.ja + "\n"
        en_s.append(Sentence(s.final, len(en_text), len(en_text) + len(s.final)))
        en_text += s.final + "\n"
    beads = tuple(Bead((i,), (i,), 1.0) for i in range(len(sentences)))
    return Alignment(ja_text, en_text, tuple(ja_s), tuple(en_s), beads, "ja", "en",
                     Provenance(encoder="none (corpus sentence pairs)"))


def timing(tuning: list[str]) -> None:
    pool = [s for n in tuning for s in _kyoto.article(n)]
    docs = [document(pool[300 * k:300 * (k + 1)]) for k in range(3)]
    compare(docs[0])  # the first call loads UniDic, JMdict and cutlet
    everything = [*default_checks("ja-en"), *CHECKS]
    for k, doc in enumerate(docs[1:], 1):  # documents not compared before
        t = time.perf_counter()
        n_all = len(compare(doc, checks=everything))
        t_all = time.perf_counter() - t
        t = time.perf_counter()
        n_default = len(compare(doc))
        t_default = time.perf_counter() - t
        print(f"document {k}: with omission and addition {t_all:.2f} s ({n_all} divergences); "
              f"default checks, second call {t_default:.2f} s ({n_default})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--timing", action="store_true")
    args = ap.parse_args()
    tuning, _ = _kyoto.split()
    if args.timing:
        timing(tuning)
        return
    lines: list[str] = []
    say = lines.append
    for strong in (False, True):
        caught: dict[str, list[bool]] = {}
        for s, cat, wrong, right, _comment in revisions(tuning):
            keep = {(d.check, d.src_span, d.tgt_text) for d in flags(s.ja, right, strong)}
            new = [d for d in flags(s.ja, wrong, strong) if (d.check, d.src_span, d.tgt_text) not in keep]
            caught.setdefault(cat, []).append(bool(new))
        controls = [s for n in tuning for s in _kyoto.article(n) if s.unchanged]
        flagged = sum(bool(flags(s.ja, s.final, strong)) for s in controls)
        label = "candidates with >= 3 unmatched dictionary words, not in parentheses" if strong else "every info flag"
        say(f"{label}:")
        for cat, xs in sorted(caught.items()):
            say(f"  {cat} revisions with a new flag: {sum(xs)}/{len(xs)}")
        say(f"  never-revised sentences with a flag: {flagged}/{len(controls)} ({flagged / len(controls):.3f})")
    judged = [json.loads(line) for line in JUDGED.read_text(encoding="utf-8").splitlines() if line.strip()]
    verdicts = Counter((j["check"], j["verdict"]) for j in judged)
    for check in CHECKS:
        n = verdicts[(check, "worth")] + verdicts[(check, "not worth")]
        say(f"judged {check}: {verdicts[(check, 'worth')]}/{n} worth a translator's time")
    print("\n".join(lines))
    text = "\n".join(f"- {x.strip()}" if x.startswith("  ") else f"\n{x}\n" for x in lines)
    record("compare_chunks", "The opt-in omission and addition checks on the tuning half", text,
           script="benchmarks/compare_chunks.py")


if __name__ == "__main__":
    main()
