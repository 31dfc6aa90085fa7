"""The small odd cases: each answered with one clear line, or shown visibly, never silently.

Bead files with impossible beads, lone surrogates given to ``align``, and bidirectional
override characters that would reverse the rest of a report cell or a terminal line.
"""

from __future__ import annotations

import pytest

import bialign
from bialign import cli
from bialign.align import Alignment, Bead
from bialign.compare import Divergence
from bialign.evaluate import parse_beads
from bialign.provenance import Provenance
from bialign.report import render_html
from bialign.segment import Sentence
from bialign.text import show_bidi_controls
from test_align import CharEncoder
from test_cli import pairing_align

RLO = "\u202e"


@pytest.mark.parametrize(("text", "message"), [
    ("[0]:[0]\n[99999999]:[1]\n", r"g\.beads:2: sentence index 99999999 is beyond 9,999,999"),
    ("[0]:[0]\n[1]:[1]\n[0]:[0]\n", r"g\.beads:3: the bead \[0\]:\[0\] repeats line 1"),
    ("[0]:[0]\n[]:[]\n", r"g\.beads:2: the bead \[\]:\[\] has no sentence on either side"),
    ("[0]:[0]:inf\n", r"g\.beads:1: the score must be a finite number"),
    ("[0]:[１]\n", r"g\.beads:1: sentence indices must be integers"),
    ("[-1]:[0]\n", r"g\.beads:1: sentence indices are 0-based and cannot be negative"),
])
def test_impossible_beads_are_refused_by_line(text, message):
    with pytest.raises(ValueError, match=message):
        parse_beads(text, name="g.beads")


def test_cli_eval_answers_a_duplicated_bead_with_one_line(tmp_path, capsys):
    gold = tmp_path / "gold.beads"
    gold.write_text("[0]:[0]\n[1]:[1]\n", encoding="utf-8")
    test = tmp_path / "test.beads"
    test.write_text("[0]:[0]\n[0]:[0]\n", encoding="utf-8")
    assert cli.main(["eval", str(gold), str(test)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"bialign: error: {test}:2: the bead [0]:[0] repeats line 1; remove the duplicated line"]


def test_a_sentence_in_two_beads_is_scored_with_a_warning(caplog):
    # published gold files have it (Text+Berg 002: [227, 218]:[198] after [218, 219]:[191])
    with caplog.at_level("WARNING"):
        beads = parse_beads("[0]:[0]\n[1]:[0, 1]\n", name="g.beads")
    assert [(b.src, b.tgt) for b in beads] == [((0,), (0,)), ((1,), (0, 1))]
    assert "g.beads: 1 sentence(s) in two beads, scored as they are: target sentence 0 (lines 1 and 2)" in caplog.text


@pytest.mark.parametrize(("src", "message"), [
    ("東京は晴れ。\udc80大阪は雨。", r"the src text contains a lone surrogate U\+DC80 at character 6"),
    (["東京は晴れ。", "大阪は\ud800雨。"], r"src sentence 1 contains a lone surrogate U\+D800 at character 3"),
])
def test_lone_surrogates_given_to_align_are_named(src, message):
    with pytest.raises(ValueError, match=message):
        bialign.align(src, ["It was sunny."], encoder=CharEncoder())


def test_show_bidi_controls_marks_every_reordering_character():
    text = "a\u202ab\u202bc\u202cd\u202de\u202ef\u2066g\u2067h\u2068i\u2069j\u200fk"
    shown = show_bidi_controls(text)
    assert shown == ("a<U+202A>b<U+202B>c<U+202C>d<U+202D>e<U+202E>f<U+2066>g<U+2067>h<U+2068>i<U+2069>j"
                     "\u200fk")  # a right-to-left mark reorders nothing after it and is kept


def bidi_alignment() -> tuple[Alignment, list[Divergence]]:
    src_text = f"東京は{RLO}晴れ。"
    tgt_text = f"It was {RLO}sunny."
    alignment = Alignment(src_text, tgt_text, (Sentence(src_text, 0, len(src_text)),),
                          (Sentence(tgt_text, 0, len(tgt_text)),), (Bead((0,), (0,), 0.9),), "ja", "en",
                          Provenance("x", {}))
    div = Divergence("test", "major", 0, (0, len(src_text)), (0, len(tgt_text)), src_text, tgt_text,
                     f"explained {RLO}here", "test_check", {"why": RLO})
    return alignment, [div]


def test_report_shows_bidi_overrides_instead_of_applying_them():
    page = render_html(*bidi_alignment())
    assert RLO not in page
    assert page.count('<span class="bidi" title="RIGHT-TO-LEFT OVERRIDE: shown, not applied">U+202E</span>') >= 4
    assert 'data-tip="test (major): explained [U+202E]here"' in page


def test_diff_text_output_shows_bidi_overrides(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(bialign, "align", pairing_align, raising=False)
    monkeypatch.setattr(bialign, "compare", lambda alignment: bidi_alignment()[1], raising=False)
    (tmp_path / "ja.txt").write_text(f"東京は{RLO}晴れだった。\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text(f"It was {RLO}sunny in Tokyo.\n", encoding="utf-8")
    assert cli.main(["diff", str(tmp_path / "ja.txt"), str(tmp_path / "en.txt")]) == 0
    out = capsys.readouterr().out
    assert RLO not in out
    assert "    東京は<U+202E>晴れ。\n    It was <U+202E>sunny.\n" in out
