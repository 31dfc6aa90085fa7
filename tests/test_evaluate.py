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
        pytest.param("[0]:[0]\n[1, 2]:[1]\n", "[0]:[0]\n[1]:[1]\n[2]:[]\n", 0.5, 1.0, id="split-2-1-into-1-1-and-1-0"),
        pytest.param("[0]:[0]\n[1]:[1]\n", "[0]:[1]\n[1]:[0]\n", 0.0, 0.0, id="crossed-no-overlap"),
        pytest.param("[0]:[0, 1]\n[1]:[2]\n", "[0]:[0]\n[1]:[1, 2]\n", 0.0, 1.0, id="boundary-shifted"),
        pytest.param("[0]:[0]\n[]:[1]\n", "[0]:[0]\n[]:[1]\n", 1.0, 1.0, id="nulls-ignored"),
    ],
)
def test_scores_table(gold, test, strict_f1, lax_f1):
    s = bialign.evaluate(beads(gold), beads(test))
    assert s.strict.f1 == pytest.approx(strict_f1)
    assert s.lax.f1 == pytest.approx(lax_f1)


def test_nulls_counted_when_asked():
    gold = beads("[0]:[0]\n[]:[1]\n")
    test = beads("[0]:[0]\n[1]:[]\n")
    assert bialign.evaluate(gold, test).strict.f1 == 1.0
    s = bialign.evaluate(gold, test, nulls=True)
    assert s.strict.precision == 0.5 and s.strict.recall == 0.5


def test_precision_and_recall_differ_when_sizes_differ():
    gold = beads("[0]:[0]\n[1]:[1]\n[2]:[2]\n[3]:[3]\n")
    test = beads("[0]:[0]\n[1, 2, 3]:[1, 2, 3]\n")
    s = bialign.evaluate(gold, test)
    assert s.strict.precision == 0.5
    assert s.strict.recall == 0.25
    # Lax: both test beads overlap gold beads; every gold bead overlaps a test bead.
    assert s.lax.precision == 1.0 and s.lax.recall == 1.0
    # The published script's lax recall: lax test hits / (lax test hits + gold missed strictly).
    v = bialign.evaluate(gold, test, lax_recall="vecalign")
    assert v.lax.recall == pytest.approx(2 / (2 + 3))


def test_micro_average_over_documents():
    g1, t1 = beads("[0]:[0]\n"), beads("[0]:[0]\n")
    g2, t2 = beads("[0]:[0]\n[1]:[1]\n[2]:[2]\n"), beads("[0, 1, 2]:[0, 1, 2]\n")
    s = evaluate_documents([g1, g2], [t1, t2])
    assert s.strict.precision == 0.5  # 1 right of 2 test beads
    assert s.strict.recall == 0.25  # 1 found of 4 gold beads


def test_bad_options_and_inputs():
    with pytest.raises(ValueError, match="symmetric"):
        bialign.evaluate([], [], lax_recall="loose")
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
