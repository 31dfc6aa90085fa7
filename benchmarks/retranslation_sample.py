"""Draw the Japanese sentences of a retranslation set from one half of the Kyoto sample.

A retranslation set is real Kyoto Japanese with a new, faithful English written by a helper
who saw neither the corpus's English nor bialign's code (``benchmarks/data/kyoto_retrans_*/``):
every flag on it is a false alarm, so it measures precision on renderings no check was built
on. The sentences drawn are the ones the checks have most to say about: a negation, a hedge
or report, a number or era year, a title, or a quotation, 20 to 140 characters long, at most
two from an article, in a seeded random order.

    python benchmarks/retranslation_sample.py tuning 240 > source.jsonl

``--negation`` draws only sentences with a Japanese negation (the polarity sets,
``benchmarks/data/kyoto_polarity_*``), ``--numbers`` only sentences with a number, a date or
an era year (the number sets, ``benchmarks/data/kyoto_numbers_*``), each with its own seed and
leaving out the sentences of the sets of the same half drawn before it:

    python benchmarks/retranslation_sample.py tuning 200 --negation > source.jsonl
"""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

import _kyoto

FEATURES = re.compile(
    r"な[いかくけ]|ず[、。にの]|ぬ|不|未|無|非|とされ|という|といわれ|と伝わ|と考えられ|とみられ|らしい|だろう|であろう"
    r"|[0-9０-９一二三四五六七八九十百千万]|年|「|『|天皇|将軍|大臣|住職|元|前|故"
)
NEGATION = re.compile(r"な[いかくけ]|ず[、。にのとも]|ぬ|ません|不|未|無|非|否|没")
NUMBERS = re.compile(r"[0-9０-９]|[一二三四五六七八九十百千万]+(?:年|月|日|人|回|代|歳|世|度|条|巻|石|間|尺|寸|里|つ|番|"
                     r"基|体|社|寺|首|名|件|部|点|刻|か所|ヶ所|箇所)|元年")
DATA = Path(__file__).resolve().parent / "data"
# focus: (pattern, seed, the sets of the same half whose sentences are left out)
FOCUS = {"--negation": (NEGATION, 25, ("kyoto_retrans",)),
         "--numbers": (NUMBERS, 26, ("kyoto_retrans", "kyoto_polarity"))}


def _drawn(half: str, sets) -> set[str]:
    """Kyoto ids (``FILE:SENTENCE-ID``) of the sets of this half."""
    out = set()
    for name in sets:
        path = DATA / f"{name}_{'tuning' if half == 'tuning' else 'heldout'}" / "faithful.jsonl"
        if path.exists():
            out |= {json.loads(line)["id"].split()[0] for line in path.read_text(encoding="utf-8").splitlines()
                    if line.strip()}
    return out


def sample(half: str, n: int, seed: int = 24, focus: str | None = None) -> list[dict]:
    tuning, held_out = _kyoto.split()
    names = tuning if half == "tuning" else held_out
    if focus:
        features, seed, sets = FOCUS[focus]
        skip = _drawn(half, sets)
    else:
        features, skip = FEATURES, set()
    pool = []
    for name in names:
        picked = [s for s in _kyoto.article(name) if 20 <= len(s.ja) <= 140 and features.search(s.ja)
                  and f"{s.file[:-4]}:{s.sid}" not in skip]
        random.Random(f"{seed}:{name}").shuffle(picked)
        pool.extend(picked[:2])
    random.Random(seed).shuffle(pool)
    return [{"id": f"{s.file[:-4]}:{s.sid}", "ja": s.ja} for s in pool[:n]]


if __name__ == "__main__":
    args = sys.argv[1:]
    focus = next((a for a in args if a in FOCUS), None)
    args = [a for a in args if a not in FOCUS]
    if len(args) != 2 or args[0] not in ("tuning", "held-out"):
        raise SystemExit("usage: retranslation_sample.py tuning|held-out N [--negation | --numbers]")
    for item in sample(args[0], int(args[1]), focus=focus):
        print(json.dumps(item, ensure_ascii=False))
