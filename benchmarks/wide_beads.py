"""Text+Berg 2-2 beads: can the aligner tell them from two 1-1 beads with its encoder?

    python benchmarks/wide_beads.py

The largest class of wrong beads on the Text+Berg tuning documents is a gold 2-2 bead that
the aligner splits into two 1-1 beads (``benchmarks/lone_sentences.py``). This measures whether
the offline encoder (USE v3) carries what it would take to merge them. For every two
consecutive 1-1 beads of the default alignment (source sentences A, B; target A', B'), three
scores that a merge rule could use:

- *joined gain*: cos(A B, A' B') minus the better of cos(A, A') and cos(B, B');
- *joined gain over the mean*: cos(A B, A' B') minus the mean of the two;
- *crossing*: the better of cos(A, B') and cos(B, A') minus the worse of cos(A, A'), cos(B, B').

For each score, the pairs are merged into one 2-2 bead best first, and the table gives the
strict F1 (published metric) after merging the k best for every k, the best k chosen on the
tuning documents 001-003 and applied to the held-out documents 004-007 (k as a share of the
candidate pairs). Nothing in the library is changed by this script.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _record import markdown_table, record  # noqa: E402
from textberg import TUNE, load  # noqa: E402

from bialign import Aligner, Bead  # noqa: E402
from bialign.embed import USEEncoder  # noqa: E402
from bialign.evaluate import evaluate_documents  # noqa: E402

SCORES = {
    "joined gain": lambda f: f["joined"] - max(f["aa"], f["bb"]),
    "joined gain over the mean": lambda f: f["joined"] - (f["aa"] + f["bb"]) / 2,
    "crossing": lambda f: max(f["ab"], f["ba"]) - min(f["aa"], f["bb"]),
}


def _unit(encoder, texts):
    v = np.asarray(encoder.encode(texts), dtype=np.float64)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def candidates(encoder, src, tgt, beads):
    """Each two consecutive 1-1 beads: (index of the first bead, features)."""
    out = []
    for k, (x, y) in enumerate(zip(beads[:-1], beads[1:])):
        if not (len(x.src) == len(x.tgt) == len(y.src) == len(y.tgt) == 1):
            continue
        a, b, a2, b2 = src[x.src[0]], src[y.src[0]], tgt[x.tgt[0]], tgt[y.tgt[0]]
        v = _unit(encoder, [a, b, a2, b2, f"{a} {b}", f"{a2} {b2}"])
        out.append((k, {"aa": v[0] @ v[2], "bb": v[1] @ v[3], "ab": v[0] @ v[3], "ba": v[1] @ v[2],
                        "joined": v[4] @ v[5]}))
    return out


def merged(beads, firsts):
    out, skip = [], False
    for k, b in enumerate(beads):
        if skip:
            skip = False
            continue
        if k in firsts:
            nxt = beads[k + 1]
            out.append(Bead(b.src + nxt.src, b.tgt + nxt.tgt, min(b.score, nxt.score)))
            skip = True
        else:
            out.append(b)
    return out


def _f1_after(docs, share, score):
    """Strict F1 over ``docs`` after merging the best ``share`` of all their candidate pairs."""
    pool = [(score(f), d, k) for d, (_, _, cands) in docs.items() for k, f in cands]
    pool.sort(key=lambda t: -t[0])
    take = pool[:round(share * len(pool))]
    golds, tests = [], []
    for d, (gold, beads, _) in docs.items():
        firsts = {k for _, dd, k in take if dd == d}
        # two chosen pairs sharing a bead: keep the first only
        firsts = {k for k in sorted(firsts) if k - 1 not in firsts}
        golds.append(gold)
        tests.append(merged(beads, firsts))
    return evaluate_documents(golds, tests).strict.f1


def split_counts(gold, beads) -> tuple[int, int, int]:
    """Gold 2-2 beads: found as they are, split into two consecutive 1-1 beads, other."""
    test = {(b.src, b.tgt) for b in beads}
    singles = {(b.src, b.tgt) for b in beads if len(b.src) == len(b.tgt) == 1}
    found = split = other = 0
    for g in gold:
        if len(g.src) == len(g.tgt) == 2:
            if (g.src, g.tgt) in test:
                found += 1
            elif ((g.src[0],), (g.tgt[0],)) in singles and ((g.src[1],), (g.tgt[1],)) in singles:
                split += 1
            else:
                other += 1
    return found, split, other


def main() -> int:
    data = load()
    encoder = USEEncoder()
    aligner = Aligner(encoder=encoder)
    halves = {"001-003 (tuning)": {}, "004-007 (held out)": {}}
    for d, (src, tgt, gold) in data.items():
        beads = list(aligner.align(src, tgt, src_lang="de", tgt_lang="fr").beads)
        half = "001-003 (tuning)" if d in TUNE else "004-007 (held out)"
        halves[half][d] = (gold, beads, candidates(encoder, src, tgt, beads))
    tune, held = halves.values()

    count_rows = []
    for label, docs in halves.items():
        c = np.sum([split_counts(gold, beads) for gold, beads, _ in docs.values()], axis=0)
        n_cand = sum(len(cands) for _, _, cands in docs.values())
        count_rows.append([label, int(c.sum()), int(c[0]), int(c[1]), int(c[2]), n_cand])

    shares = [k / 200 for k in range(0, 21)]  # 0 to 10 % of the candidate pairs
    rows = []
    for name, score in SCORES.items():
        curve = [(_f1_after(tune, s, score), s) for s in shares]
        best_f1, best_share = max(curve, key=lambda t: (t[0], -t[1]))
        rank = _gold_ranks(tune, score)
        rows.append([name, f"{curve[0][0]:.3f}", f"{best_f1:.3f}", f"{best_share:.1%}",
                     f"{_f1_after(held, 0.0, score):.3f}", f"{_f1_after(held, best_share, score):.3f}",
                     ", ".join(map(str, rank))])
    oracle = [_f1_oracle(tune), _f1_oracle(held)]
    rows.append(["(oracle: exactly the split gold 2-2 beads merged)", f"{rows[0][1]}", f"{oracle[0]:.3f}", "-",
                 rows[0][4], f"{oracle[1]:.3f}", "-"])
    body = (
        "Gold 2-2 beads and what the default alignment makes of them:\n\n"
        + markdown_table(["documents", "gold 2-2 beads", "found", "split into two 1-1 beads", "other",
                          "pairs of consecutive 1-1 beads (candidates)"], count_rows)
        + "\n\nMerging consecutive 1-1 beads into a 2-2 bead, best first by each score (strict F1, "
          "published metric; the share merged is chosen on the tuning documents):\n\n"
        + markdown_table(["score", "strict F1 tuning, as aligned", "strict F1 tuning, best share",
                          "best share of candidates", "strict F1 held out, as aligned",
                          "strict F1 held out, that share",
                          "ranks of the split gold 2-2 beads among the tuning candidates"], rows)
        + "\n\nReading: a score that told 2-2 beads apart would rank the split gold 2-2 beads first; a"
          " merge rule built on it gains only where the tuning F1 rises above the as-aligned figure. The oracle"
          " row is the most this class of error can give.\n"
    )
    print(body)
    record("wide_beads", "Alignment: Text+Berg 2-2 beads against two 1-1 beads", body,
           script="benchmarks/wide_beads.py")
    return 0


def _f1_oracle(docs) -> float:
    golds, tests = [], []
    for gold, beads, cands in docs.values():
        g22 = {(g.src, g.tgt) for g in gold if len(g.src) == len(g.tgt) == 2}
        firsts = {k for k, _ in cands if (beads[k].src + beads[k + 1].src, beads[k].tgt + beads[k + 1].tgt) in g22}
        golds.append(gold)
        tests.append(merged(beads, firsts))
    return evaluate_documents(golds, tests).strict.f1


def _gold_ranks(docs, score) -> list[int]:
    pool = []
    for gold, beads, cands in docs.values():
        g22 = {(g.src, g.tgt) for g in gold if len(g.src) == len(g.tgt) == 2}
        for k, f in cands:
            x, y = beads[k], beads[k + 1]
            pool.append((score(f), (x.src + y.src, x.tgt + y.tgt) in g22))
    pool.sort(key=lambda t: -t[0])
    return [r + 1 for r, (_, is_gold) in enumerate(pool) if is_gold]


if __name__ == "__main__":
    raise SystemExit(main())
