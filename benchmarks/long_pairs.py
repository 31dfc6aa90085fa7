"""Accuracy of one long pair against the same documents aligned one by one, end to end.

    python benchmarks/long_pairs.py [--sizes 1000]

The 7 Text+Berg documents (German-French, gold sentences) are concatenated in a shuffled order
(fixed seed, as in ``benchmarks/scaling.py``) until each side has the requested number of
sentences, and aligned as one pair by :func:`bialign.align` with the default encoder (real runs
of sentences included, unlike ``scaling.py``, which times the aligner core on cached vectors).
The mark is the same aligner on each document alone. Both are run twice: on the plain
sentences, and with every sentence of one copy of a document tagged `` [round.doc]`` on both
sides (as ``benchmarks/long_document.py`` does so that repeated text is really embedded), since
the tag itself changes the vectors. Scores: the published metric (Vecalign/Bertalign script),
micro-averaged over documents for the per-document mark. The seconds are one call's wall
time in a process that has already embedded the per-document runs and the smaller pairs (the
encoder's cache serves repeats), so they are not a cost measurement: ``scaling.py`` and
``long_document.py`` measure cost.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _record import markdown_table, record  # noqa: E402
from textberg import load  # noqa: E402

import bialign  # noqa: E402
from bialign.embed import USEEncoder  # noqa: E402
from bialign.evaluate import evaluate, evaluate_documents  # noqa: E402


def build(data, size: int, tagged: bool, seed: int = 0):
    rng = random.Random(seed)
    names = list(data)
    de, fr, gold, rnd = [], [], [], 0
    while len(de) < size or len(fr) < size:
        rng.shuffle(names)
        for d in names:
            src, tgt, beads = data[d]
            tag = f" [{rnd}.{d}]" if tagged else ""
            s0, t0 = len(de), len(fr)
            de += [x + tag for x in src]
            fr += [x + tag for x in tgt]
            gold += [(tuple(s0 + i for i in b.src), tuple(t0 + j for j in b.tgt)) for b in beads]
            if len(de) >= size and len(fr) >= size:
                break
        rnd += 1
    return de, fr, gold


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000])
    parser.add_argument("--no-record", action="store_true")
    args = parser.parse_args(argv)
    data = load()
    encoder = USEEncoder()
    encoder.encode(["warm-up"])
    rows = []
    for tagged in (False, True):
        tests, golds = [], []
        for d, (de, fr, gold) in data.items():
            tag = f" [0.{d}]" if tagged else ""
            tests.append(bialign.align([x + tag for x in de], [x + tag for x in fr], src_lang="de", tgt_lang="fr",
                                       encoder=encoder))
            golds.append(gold)
        alone = evaluate_documents(golds, tests)
        for size in args.sizes:
            de, fr, gold = build(data, size, tagged)
            start = time.perf_counter()
            result = bialign.align(de, fr, src_lang="de", tgt_lang="fr", encoder=encoder)
            seconds = time.perf_counter() - start
            s = evaluate(gold, result)
            rows.append(["tagged" if tagged else "plain", f"{len(de)} x {len(fr)}", s.strict.f1, s.lax.f1,
                         alone.strict.f1, alone.lax.f1, s.strict.f1 - alone.strict.f1, round(seconds, 1)])
            print(rows[-1], flush=True)
    table = markdown_table(["sentences", "long pair (de x fr)", "strict F1", "lax F1", "per document: strict F1",
                            "per document: lax F1", "strict F1 - per document", "long pair: seconds"], rows)
    body = (__doc__.split("\n\n", 2)[2].replace("\n", " ").strip() + "\n\n" + table + "\n")
    print(body)
    if not args.no_record:
        record("long_pairs", "Alignment: one long pair against its documents one by one", body,
               script="benchmarks/long_pairs.py")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
