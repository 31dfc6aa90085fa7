"""Draw the Japanese sentences of a retranslation set from one half of the Kyoto sample.

A retranslation set is real Kyoto Japanese with a new, faithful English written by a helper
who saw neither the corpus's English nor bialign's code (``benchmarks/data/kyoto_retrans_*/``):
every flag on it is a false alarm, so it measures precision on renderings no check was built
on. The sentences drawn are the ones the checks have most to say about: a negation, a hedge
or report, a number or era year, a title, or a quotation, 20 to 140 characters long, at most
two from an article, in a seeded random order.

    python benchmarks/retranslation_sample.py tuning 240 > source.jsonl

``--negation`` draws only sentences with a Japanese negation (the polarity sets,
``benchmarks/data/kyoto_polarity_*``), leaving out the sentences of the retranslation set of the
same half, with its own seed:

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
DATA = Path(__file__).resolve().parent / "data"


def _retranslated(half: str) -> set[str]:
    path = DATA / f"kyoto_retrans_{'tuning' if half == 'tuning' else 'heldout'}" / "faithful.jsonl"
    if not path.exists():
        return set()
    return {json.loads(line)["id"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()}


def sample(half: str, n: int, seed: int = 24, negation: bool = False) -> list[dict]:
    tuning, held_out = _kyoto.split()
    names = tuning if half == "tuning" else held_out
    features, skip = (NEGATION, _retranslated(half)) if negation else (FEATURES, set())
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
    negation = "--negation" in args
    args = [a for a in args if a != "--negation"]
    if len(args) != 2 or args[0] not in ("tuning", "held-out"):
        raise SystemExit("usage: retranslation_sample.py tuning|held-out N [--negation]")
    for item in sample(args[0], int(args[1]), seed=25 if negation else 24, negation=negation):
        print(json.dumps(item, ensure_ascii=False))
