"""The opt-in ``meaning`` check (a chunk pair the encoder puts far apart) on the Kyoto tuning half.

What it would catch if its info flags were shown (it never reports minor or major, so
``compare_heldout.py``, which counts minor and major flags, does not see it), what it flags on
sentences two revisers accepted unchanged and on the tuning challenge set, and its cost.
Tuning half by default: the held-out half and the held-out challenge set are measured only
with ``--held-out``, once, when the code is final (aggregates only). Each run records its lines
in BENCHMARKS.md (section ``compare_meaning``, or ``compare_meaning_heldout``); ``--timing``
records nothing.

Usage: python benchmarks/compare_meaning.py [--timing] [--dump-article-flags FILE] [--held-out]

``--timing`` instead times ``compare()`` on 300-sentence documents made of consecutive tuning
sentences (one bead each), after a first call on another document: the default checks, and
the default checks with ``meaning``. ``--dump-article-flags`` writes the check's flags on whole
tuning articles (the document's own expectation) for judging.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict
from pathlib import Path

import _kyoto
from _record import record
from compare_chunks import document
from compare_heldout import CHALLENGE, CHALLENGE_TUNING, article_alignment, load_challenge, revisions
from bialign import compare
from bialign.compare import default_checks
from bialign.compare.evaluate import pair_alignment

HERE = Path(__file__).resolve().parent
JUDGED = HERE / "data" / "judged_meaning_tuning.jsonl"


def flags(ja: str, en: str):
    return compare(pair_alignment(ja, en), checks=["meaning"])


def new_flags(ja: str, wrong: str, right: str):
    keep = {d.src_span for d in flags(ja, right)}
    return [d for d in flags(ja, wrong) if d.src_span not in keep]


def rate(xs: list) -> str:
    return f"{sum(xs)}/{len(xs)} ({sum(xs) / len(xs):.2f})" if xs else "–"


def timing(tuning: list[str]) -> None:
    pool = [s for n in tuning for s in _kyoto.article(n)]
    docs = [document(pool[300 * k:300 * (k + 1)]) for k in range(3)]
    compare(docs[0], checks=[*default_checks("ja-en"), "meaning"])  # loads UniDic, JMdict, cutlet, USE
    for k, doc in enumerate(docs[1:], 1):  # documents not compared before
        t = time.perf_counter()
        n_default = len(compare(doc))
        t_default = time.perf_counter() - t
        t = time.perf_counter()
        n_all = len(compare(doc, checks=["meaning"]))
        t_meaning = time.perf_counter() - t
        print(f"document {k} (300 sentences): default checks {t_default:.2f} s ({n_default} divergences); "
              f"meaning alone, after them {t_meaning:.2f} s ({n_all} divergences)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--timing", action="store_true")
    ap.add_argument("--dump-article-flags", type=Path)
    ap.add_argument("--held-out", action="store_true",
                    help="once, with the code final: the same figures on the held-out half and the held-out "
                         "challenge set (aggregates only; nothing dumped)")
    args = ap.parse_args()
    tuning, held = _kyoto.split()
    if args.timing:
        timing(tuning)
        return
    if args.held_out:
        tuning, args.dump_article_flags = held, None
    caught: dict[str, list[bool]] = defaultdict(list)
    for s, cat, wrong, right, _comment in revisions(tuning):
        caught[cat].append(bool(new_flags(s.ja, wrong, right)))
    controls = [s for n in tuning for s in _kyoto.article(n) if s.unchanged]
    flagged = [bool(flags(s.ja, s.final)) for s in controls]
    half = "held-out" if args.held_out else "tuning"
    lines: list[str] = []
    say = lines.append
    say(f"Kyoto {half} half, revisions with a new meaning flag (info):")
    for cat, xs in sorted(caught.items()):
        say(f"  {cat}: {rate(xs)}")
    say(f"  never-revised sentences with a meaning flag: {rate(flagged)}")
    edits, ctls = load_challenge(CHALLENGE if args.held_out else CHALLENGE_TUNING)
    found: dict[str, list[bool]] = defaultdict(list)
    for it in edits:
        found[it["category"]].append(bool(new_flags(it["ja"], it["en"], it["en_orig"])))
    say(f"{half} challenge set, edits with a new meaning flag:")
    for cat, xs in sorted(found.items()):
        say(f"  {cat}: {rate(xs)}")
    ctl: dict[str, list[bool]] = defaultdict(list)
    for it in ctls:
        ctl[it["category"]].append(bool(flags(it["ja"], it["en"])))
    say(f"{half} challenge set, faithful controls with a meaning flag: "
          + ", ".join(f"{c} {rate(x)}" for c, x in sorted(ctl.items()))
          + f"; all {rate([v for x in ctl.values() for v in x])}")
    n_sent, out = 0, []
    for name in tuning:
        al, sents = article_alignment(name)
        n_sent += len(sents)
        for d in compare(al, checks=["meaning"]):
            s = sents[d.bead]
            out.append({"key": f"{name}#{s.sid}#{d.src_text}#{d.tgt_text}", "file": name, "sid": s.sid,
                        "ja": s.ja, "en": s.final, "src_text": d.src_text, "tgt_text": d.tgt_text,
                        "confidence": d.confidence, "evidence": d.evidence})
    say(f"whole {half} articles: {len(out)} meaning flags on {n_sent} sentences "
          f"({100 * len(out) / max(n_sent, 1):.1f} per 100)")
    if JUDGED.exists() and not args.held_out:
        # only the judged flags this version still reports count (a flag not judged is never right)
        current = {f["key"] for f in out}
        judged = [json.loads(x) for x in JUDGED.read_text(encoding="utf-8").splitlines() if x.strip()]
        judged = [j for j in judged if j["key"] in current]
        worth = sum(j["verdict"] == "worth" for j in judged)
        say(f"judged flags of this version ({JUDGED.name}): {worth}/{len(judged)} worth a translator's time")
    print("\n".join(lines))
    text = "\n".join(f"- {x.strip()}" if x.startswith("  ") else f"\n{x}\n" for x in lines)
    record("compare_meaning_heldout" if args.held_out else "compare_meaning",
           f"The opt-in meaning check on the {half} half", text, script="benchmarks/compare_meaning.py"
           + (" --held-out" if args.held_out else ""))
    if args.dump_article_flags:
        args.dump_article_flags.write_text("".join(json.dumps(f, ensure_ascii=False) + "\n" for f in out),
                                           encoding="utf-8")


if __name__ == "__main__":
    main()
