"""Draw the Japanese sentences of a retranslation set from one half of the Kyoto sample.

A retranslation set is real Kyoto Japanese with a new, faithful English written by a helper
who saw neither the corpus's English nor bialign's code (``benchmarks/data/kyoto_retrans_*/``):
every flag on it is a false alarm, so it measures precision on renderings no check was built
on. The sentences drawn are the ones the checks have most to say about: a negation, a hedge
or report, a number or era year, a title, or a quotation, 20 to 140 characters long, at most
two from an article, in a seeded random order.

    python benchmarks/retranslation_sample.py tuning 240 > source.jsonl
"""

from __future__ import annotations

import json
import random
import re
import sys

import _kyoto

FEATURES = re.compile(
    r"な[いかくけ]|ず[、。にの]|ぬ|不|未|無|非|とされ|という|といわれ|と伝わ|と考えられ|とみられ|らしい|だろう|であろう"
    r"|[0-9０-９一二三四五六七八九十百千万]|年|「|『|天皇|将軍|大臣|住職|元|前|故"
)


def sample(half: str, n: int, seed: int = 24) -> list[dict]:
    tuning, held_out = _kyoto.split()
    names = tuning if half == "tuning" else held_out
    pool = []
    for name in names:
        picked = [s for s in _kyoto.article(name) if 20 <= len(s.ja) <= 140 and FEATURES.search(s.ja)]
        random.Random(f"{seed}:{name}").shuffle(picked)
        pool.extend(picked[:2])
    random.Random(seed).shuffle(pool)
    return [{"id": f"{s.file[:-4]}:{s.sid}", "ja": s.ja} for s in pool[:n]]


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("tuning", "held-out"):
        raise SystemExit("usage: retranslation_sample.py tuning|held-out N")
    for item in sample(sys.argv[1], int(sys.argv[2])):
        print(json.dumps(item, ensure_ascii=False))
