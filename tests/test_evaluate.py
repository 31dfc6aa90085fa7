"""Strict/lax scoring (Sennrich & Volk 2011) and the bead format."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

import bialign
from bialign import Bead
from bialign.evaluate import evaluate_documents, format_beads, parse_beads, read_beads, write_beads


def beads(text: str) -> list[Bead]:
    return parse_beads(text)


@pytest.mark.parametrize(
    "gold, test, strict_f1, lax_f1",
    [
        pytest.param("[0]:[0]\n[1]:[1]\n", "[0]:[0]\n[1]:[1]\n", 1.0, 1.0, id="identical"),
        # strict P 1/3 (the 1-0 bead counts), R 1/2; lax P 2/3, R 1.
        pytest.param("[0]:[0]\n[1, 2]:[1]\n", "[0]:[0]\n[1]:[1]\n[2]:[]\n", 0.4, 0.8, id="split-2-1-into-1-1-and-1-0"),
        pytest.param("[0]:[0]\n[1]:[1]\n", "[0]:[1]\n[1]:[0]\n", 0.0, 0.0, id="crossed-no-overlap"),
        pytest.param("[0]:[0, 1]\n[1]:[2]\n", "[0]:[0]\n[1]:[1, 2]\n", 0.0, 1.0, id="boundary-shifted"),
        pytest.param("[0]:[0]\n[]:[1]\n", "[0]:[0]\n[]:[1]\n", 1.0, 1.0, id="null-bead-right"),
        # A gold null bead the test pairs: recall scores gold pairs only, so it costs precision only.
        pytest.param("[0]:[0]\n[]:[1]\n", "[0]:[0, 1]\n", 0.0, 1.0, id="gold-null-absorbed"),
    ],
)
def test_scores_table(gold, test, strict_f1, lax_f1):
    s = bialign.evaluate(beads(gold), beads(test))
    assert s.metric == "published"
    assert s.strict.f1 == pytest.approx(strict_f1)
    assert s.lax.f1 == pytest.approx(lax_f1)


def test_a_wrong_null_bead_costs_precision_only_in_the_published_metric():
    gold = beads("[0]:[0]\n[1]:[1]\n")
    test = beads("[0]:[0]\n[1]:[1]\n[2]:[]\n")
    published = bialign.evaluate(gold, test)
    assert published.strict.precision == pytest.approx(2 / 3) and published.lax.precision == pytest.approx(2 / 3)
    assert published.strict.recall == 1.0 and published.test_beads == 3 and published.gold_beads == 2
    pairs = bialign.evaluate(gold, test, metric="pairs_only")
    assert pairs.strict.precision == 1.0 and pairs.test_beads == 2 and pairs.metric == "pairs_only"


def test_all_beads_scores_nulls_on_both_sides():
    gold = beads("[0]:[0]\n[]:[1]\n")
    test = beads("[0]:[0]\n[1]:[]\n")
    assert bialign.evaluate(gold, test, metric="pairs_only").strict.f1 == 1.0
    published = bialign.evaluate(gold, test)
    assert published.strict.precision == 0.5 and published.strict.recall == 1.0
    s = bialign.evaluate(gold, test, metric="all_beads")
    assert s.strict.precision == 0.5 and s.strict.recall == 0.5


def test_duplicates_count_once_and_empty_beads_are_ignored():
    # bead files with these are refused by read_beads/parse_beads; lists given in Python are scored
    gold = [((0,), (0,)), ((), ())]
    test = [((0,), (0,)), ((0,), (0,)), ((), ())]
    for metric in ("published", "pairs_only", "all_beads"):
        s = bialign.evaluate(gold, test, metric=metric)
        assert (s.strict.f1, s.test_beads, s.gold_beads) == (1.0, 1, 1), metric


def test_precision_and_recall_differ_when_sizes_differ():
    gold = beads("[0]:[0]\n[1]:[1]\n[2]:[2]\n[3]:[3]\n")
    test = beads("[0]:[0]\n[1, 2, 3]:[1, 2, 3]\n")
    s = bialign.evaluate(gold, test)
    assert s.strict.precision == 0.5
    assert s.strict.recall == 0.25
    # Lax: both test beads overlap gold beads; every gold bead overlaps a test bead.
    assert s.lax.precision == 1.0 and s.lax.recall == 1.0


def test_micro_average_over_documents():
    g1, t1 = beads("[0]:[0]\n"), beads("[0]:[0]\n")
    g2, t2 = beads("[0]:[0]\n[1]:[1]\n[2]:[2]\n"), beads("[0, 1, 2]:[0, 1, 2]\n")
    s = evaluate_documents([g1, g2], [t1, t2])
    assert s.strict.precision == 0.5  # 1 right of 2 test beads
    assert s.strict.recall == 0.25  # 1 found of 4 gold beads


def test_bad_options_and_inputs():
    with pytest.raises(ValueError, match="published"):
        bialign.evaluate([], [], metric="loose")
    with pytest.raises(TypeError, match="read_beads"):
        bialign.evaluate("[0]:[0]", [])
    with pytest.raises(ValueError, match="two documents|test per gold|1 gold"):
        evaluate_documents([[]], [[], []])


@pytest.mark.parametrize(
    "line, message",
    [("[0]-[1]", "expected a bead"), ("[a]:[1]", "integers"), ("[0]:[1]:high", "number"), ("[-1]:[0]", "negative")],
)
def test_parse_errors_name_the_line(line, message):
    with pytest.raises(ValueError, match=message) as info:
        parse_beads("[0]:[0]\n" + line + "\n", name="gold.beads")
    assert "gold.beads:2" in str(info.value)


def test_parse_scores_comments_and_empty_sides():
    got = parse_beads("# a comment\n[0]:[0, 1]:0.8312\n[]:[2]\n\n[1, 2]:[]\n")
    assert [(b.src, b.tgt) for b in got] == [((0,), (0, 1)), ((), (2,)), ((1, 2), ())]
    assert got[0].score == pytest.approx(0.8312)
    assert math.isnan(got[1].score)


def test_read_textberg_gold_file_format(tmp_path):
    path = tmp_path / "001"
    path.write_text("[0]:[0, 1]\n[1]:[2]\n[]:[3]\n", encoding="utf-8")
    assert [(b.src, b.tgt) for b in read_beads(path)] == [((0,), (0, 1)), ((1,), (2,)), ((), (3,))]
    with pytest.raises(ValueError, match="missing: no such file"):
        read_beads(tmp_path / "missing")


def _consecutive(sizes: list[tuple[int, int, float]]) -> list[tuple[tuple[int, ...], tuple[int, ...], float]]:
    """Beads that number the sentences of each side from 0, each sentence in one bead."""
    rows, i, j = [], 0, 0
    for n_src, n_tgt, score in sizes:
        rows.append((tuple(range(i, i + n_src)), tuple(range(j, j + n_tgt)), score))
        i, j = i + n_src, j + n_tgt
    return rows


bead_lists = st.lists(
    st.tuples(st.integers(0, 3), st.integers(0, 3), st.floats(0, 1, allow_nan=False)).filter(lambda b: b[0] or b[1]),
    max_size=20,
).map(_consecutive)


@given(bead_lists)
def test_write_then_read_gives_the_same_beads(rows):
    original = [Bead(s, t, round(score, 4)) for s, t, score in rows]
    again = parse_beads(format_beads(original))
    assert [(b.src, b.tgt) for b in again] == [(b.src, b.tgt) for b in original]
    assert [b.score for b in again] == pytest.approx([b.score for b in original])


def test_write_beads_file(tmp_path):
    path = tmp_path / "out.beads"
    write_beads([Bead((0,), (0, 1), 0.5), Bead((), (2,), float("nan"))], path)
    assert path.read_text(encoding="utf-8") == "[0]:[0, 1]:0.5000\n[]:[2]\n"


# --------------------------------------------------------------------------- the published script

def script_scores(golds, tests):
    """The Vecalign ``score.py`` / Bertalign ``eval.py`` metric, written out from its definition
    (independently of bialign.evaluate, by comparing every pair of beads).

    Precision: each distinct test bead that is not empty on both sides, null beads included,
    is a strict true positive when the gold (also as a set, nulls included) has it, else a
    strict false positive; it is a lax true positive when it is in the gold or shares a source
    and a target sentence with one gold bead, else a lax false positive. Recall: the same
    counts with the roles swapped and every 1-0/0-1 bead removed from both lists. Counts are
    summed over documents; a rate with a zero denominator is 0, and so is F1 when P + R = 0.
    """
    def counts(reference, scored):
        reference = {(tuple(s), tuple(t)) for s, t in reference if len(s) or len(t)}
        scored = {(tuple(s), tuple(t)) for s, t in scored if len(s) or len(t)}
        tps = fps = tpl = fpl = 0
        for s, t in scored:
            if (s, t) in reference:
                tps, tpl = tps + 1, tpl + 1
                continue
            fps += 1
            if any(set(s) & set(rs) and set(t) & set(rt) for rs, rt in reference):
                tpl += 1
            else:
                fpl += 1
        return [tps, fps, tpl, fpl]

    p, r = [0, 0, 0, 0], [0, 0, 0, 0]
    for gold, test in zip(golds, tests):
        p = [a + b for a, b in zip(p, counts(gold, test))]
        no_null = lambda beads: [(s, t) for s, t in beads if len(s) and len(t)]  # noqa: E731
        r = [a + b for a, b in zip(r, counts(no_null(test), no_null(gold)))]

    def rate(hit, miss):
        return hit / float(hit + miss) if hit + miss else 0.0

    def f1(a, b):
        return 2 * (a * b) / (a + b) if a + b else 0.0

    ps, pl, rs, rl = rate(p[0], p[1]), rate(p[2], p[3]), rate(r[0], r[1]), rate(r[2], r[3])
    return {"precision_strict": ps, "recall_strict": rs, "f1_strict": f1(ps, rs),
            "precision_lax": pl, "recall_lax": rl, "f1_lax": f1(pl, rl)}


def as_script(s):
    return {"precision_strict": s.strict.precision, "recall_strict": s.strict.recall, "f1_strict": s.strict.f1,
            "precision_lax": s.lax.precision, "recall_lax": s.lax.recall, "f1_lax": s.lax.f1}


def pairs_of(bead_list):
    return [(b.src, b.tgt) for b in bead_list]


TEXTBERG = __import__("pathlib").Path(__file__).parent / "data" / "textberg"
TEXTBERG_DOCS = [f"00{k}" for k in range(1, 8)]


def textberg(doc, kind):
    return pairs_of(read_beads(TEXTBERG / f"{doc}.{kind}.beads"))


def perturbed(gold, seed):
    """The gold beads with random edits: neighbours merged, beads split into a pair and a null
    bead, a side shifted by one, a bead turned into two null beads."""
    import random

    rng = random.Random(seed)
    out, k = [], 0
    while k < len(gold):
        s, t = gold[k]
        roll = rng.random()
        if roll < 0.1 and k + 1 < len(gold):
            s2, t2 = gold[k + 1]
            out.append((s + s2, t + t2))
            k += 1
        elif roll < 0.2 and len(s) > 1:
            out += [(s[:1], t), (s[1:], ())]
        elif roll < 0.3 and s and t:
            out += [(s, ()), ((), t)]
        elif roll < 0.35 and t:
            out.append((s, tuple(i + 1 for i in t)))
        else:
            out.append((s, t))
        k += 1
    return out


@pytest.mark.parametrize("doc", TEXTBERG_DOCS)
def test_published_metric_equals_the_script_on_textberg(doc):
    gold, test = textberg(doc, "gold"), textberg(doc, "bialign")
    assert as_script(bialign.evaluate(gold, test)) == script_scores([gold], [test])
    for seed in range(5):
        noisy = perturbed(gold, seed)
        assert as_script(bialign.evaluate(gold, noisy)) == script_scores([gold], [noisy])
        assert as_script(bialign.evaluate(noisy, test)) == script_scores([noisy], [test])


def test_published_metric_equals_the_script_on_all_textberg_documents_at_once():
    golds = [textberg(d, "gold") for d in TEXTBERG_DOCS]
    tests = [textberg(d, "bialign") for d in TEXTBERG_DOCS]
    published = evaluate_documents(golds, tests)
    assert as_script(published) == script_scores(golds, tests)
    # The recorded alignment has wrong 1-0/0-1 beads: the published metric counts them.
    pairs_only = evaluate_documents(golds, tests, metric="pairs_only")
    assert published.strict.precision < pairs_only.strict.precision
    assert published.lax.precision < pairs_only.lax.precision
    assert published.strict.recall == pairs_only.strict.recall


small_sides = st.lists(st.integers(0, 6), max_size=3, unique=True).map(lambda x: tuple(sorted(x)))
small_beads = st.lists(st.tuples(small_sides, small_sides), max_size=12)


@given(st.lists(st.tuples(small_beads, small_beads), min_size=1, max_size=3))
def test_published_metric_equals_the_script_on_random_bead_lists(documents):
    golds = [g for g, _ in documents]
    tests = [t for _, t in documents]
    assert as_script(evaluate_documents(golds, tests)) == script_scores(golds, tests)
