"""Sub-sentence correspondence (bialign.compare.chunks) and the omission/addition checks.

Real sentence pairs from the Kyoto Wikipedia tuning half (NICT, CC BY-SA 3.0): where a reviser
supplied a phrase the earlier English left out (訳漏れ), the earlier version and the corrected
one. Rows marked "changed" edit a real pair to create the difference.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bialign import Alignment, Bead, Sentence
from bialign.compare import available_checks, compare, default_checks
from bialign.compare._common import bead_views
from bialign.compare.chunks import chunk_pairs, en_chunks, ja_chunks
from bialign.compare.evaluate import pair_alignment
from bialign.provenance import Provenance

GRAVE_JA = "現在、墓は原の松蔭寺にある。"
GRAVE_EN = "His grave is in Shoin-ji Temple in Hara."
SAKE_JA = "そして、源五兵衛が持参した酒を飲み始める。"
SAKE_WRONG = "Then they start drinking the Gengobei has brought."
SAKE_RIGHT = "Then Yasuke starts drinking the sake Gengobe brought."
FLUTE_JA = "近年の新作曲では、西洋のフルートやピッコロ同様にタンギング、ビブラートも「現代奏法」として用いられることがある。"
FLUTE_WRONG = ("In some pieces which have been newly composed in recent years, the techniques of tonguing and "
               "vibration are used as 'the modern style of playing.'")
FLUTE_RIGHT = ("In some pieces which have been newly composed in recent years, the techniques of tonguing and "
               "vibration are used as 'the modern style of playing' like they are used with Western flute and piccolo.")
KNIFE_JA = "三五郎から絵図面を渡され、事情を聞いた了心は、出刃包丁を用心のために持たせた三五郎を四斗樽に中に身を忍ばせて、自分の寺へと運んでいく。"
KNIFE_WRONG = ("Being handed over the drawing by Sangoro and hearing the situation, Ryoshin places Sangoro into a "
               "shitodaru (a big barrel) and brings the barrel to his temple.")


@pytest.mark.parametrize("text, chunks", [
    ("墓は原の松蔭寺にある。", ["墓は", "原の", "松蔭寺に", "ある"]),
    ("元海賊であった水軍の舟で京都に持ち込んだ。", ["元海賊であった", "水軍の", "舟で", "京都に", "持ち込んだ"]),
    ("念仏三昧院に安置された。", ["念仏三昧院に", "安置された"]),
    ("伝わっている例も多くあり、", ["伝わっている", "例も", "多く", "あり"]),
    ("1196年に落雷のため焼失した。", ["1196年に", "落雷の", "ため", "焼失した"]),
], ids=["particles", "copula-and-compound", "suru-verb", "subsidiary-verb", "number-and-formal-noun"])
def test_japanese_chunks_are_bunsetsu(text, chunks):
    assert ["".join(t.surface for t in g) for _, _, g in ja_chunks(text)] == chunks


@pytest.mark.parametrize("text, chunks", [
    (GRAVE_EN, ["His grave is", "in Shoin-ji Temple", "in Hara"]),
    ("Rensho's body, which was predictive of his birth, was enshrined at Nenbutsu Zanmai-do Temple.",
     ["Rensho's body", "which was predictive", "of his birth", "was enshrined", "at Nenbutsu Zanmai-do Temple"]),
    ("It was built in Mt. Koya (Wakayama).", ["It was built", "in Mt. Koya", "Wakayama"]),
], ids=["prepositions", "relative-clause", "abbreviation-and-parentheses"])
def test_english_chunks_are_phrases(text, chunks):
    assert [text[s:e] for s, e in en_chunks(text)] == chunks


@pytest.mark.parametrize("ja, en", [(GRAVE_JA, GRAVE_EN), (SAKE_JA, SAKE_RIGHT), (FLUTE_JA, FLUTE_RIGHT),
                                    (KNIFE_JA, KNIFE_WRONG)], ids=["grave", "sake", "flute", "knife"])
def test_chunk_offsets_point_into_the_texts(ja, en):
    bc = chunk_pairs(ja, en)
    assert all(ja[c.start:c.end] == c.text for c in bc.ja) and all(en[c.start:c.end] == c.text for c in bc.en)
    for chunks, text in ((bc.ja, ja), (bc.en, en)):
        assert all(a.end <= b.start for a, b in zip(chunks, chunks[1:]))  # in order, no overlap
        assert all(c.start <= s and e <= c.end for c in chunks for s, e in c.content)
        assert all(set(c.rendered) <= set(c.content) for c in chunks)


@pytest.mark.parametrize("ja, en, ja_chunk, en_chunk, how", [
    (GRAVE_JA, GRAVE_EN, "墓は", "His grave is", "gloss"),
    (GRAVE_JA, GRAVE_EN, "原の", "in Hara", "reading"),
    (GRAVE_JA, GRAVE_EN, "松蔭寺に", "in Shoin-ji Temple", "reading"),
    (SAKE_JA, SAKE_RIGHT, "酒を", "Then Yasuke starts drinking the sake Gengobe brought", "gloss"),
    (FLUTE_JA, FLUTE_RIGHT, "ピッコロ", "and piccolo", "loanword"),
    (FLUTE_JA, FLUTE_RIGHT, "西洋の", "with Western flute", "gloss"),
    ("舎利は593年に芯礎に安置されたが、完成した仏塔は1196年に落雷のため焼失した。",
     "The sariras were placed in the pillar foundation in 593, but the stupa was burned down in 1196 as the "
     "result of lightning.", "1196年に", "in 1196", "number"),
    ("「便當」が日本に入った。", "'便當' came into Japan.", "便", "便當", "same"),  # UniDic: 便 + 當
], ids=["gloss", "reading-of-a-name", "reading-in-hyphenated-word", "gloss-in-long-phrase", "loanword-origin",
        "gloss-adjective", "number", "kanji-kept"])
def test_pairs_link_chunks_by_anchors(ja, en, ja_chunk, en_chunk, how):
    bc = chunk_pairs(ja, en)
    pairs = [p for p in bc.pairs if p.ja.text == ja_chunk and p.en.text == en_chunk]
    assert pairs, [(p.ja.text, p.en.text) for p in bc.pairs]
    assert how in {h for _, _, h in pairs[0].anchors}
    [c] = [c for c in bc.ja if c.text == ja_chunk]
    assert pairs[0].en in bc.counterparts(c) and c in bc.counterparts(pairs[0].en)


@pytest.mark.parametrize("ja, wrong, right, left_out", [
    (GRAVE_JA, "His grave is in Shoin-ji Temple.", GRAVE_EN, ["原の"]),
    (SAKE_JA, SAKE_WRONG, SAKE_RIGHT, ["酒を"]),
    (FLUTE_JA, FLUTE_WRONG, FLUTE_RIGHT, ["西洋の", "フルートや", "ピッコロ"]),
], ids=["place-name", "object", "comparison-clause"])
def test_unrendered_chunks_are_what_the_english_left_out(ja, wrong, right, left_out):
    missing = [c.text for c in chunk_pairs(ja, wrong).unrendered_ja()]
    assert all(x in missing for x in left_out)
    assert not any(x in [c.text for c in chunk_pairs(ja, right).unrendered_ja()] for x in left_out)


def test_unrendered_english_chunk():
    # changed: 原の removed from the Japanese, so the English "in Hara" has nothing behind it
    bc = chunk_pairs("現在、墓は松蔭寺にある。", GRAVE_EN)
    assert [c.text for c in bc.unrendered_en()] == ["in Hara"]


def test_omission_check_reports_the_chunk_as_info():
    [d] = compare(pair_alignment(SAKE_JA, SAKE_WRONG), checks=["omission"])
    assert (d.kind, d.severity, d.src_text, d.tgt_text) == ("omission", "info", "酒を", "")
    assert d.evidence["unmatched_words"] == ["酒"]
    assert "酒を" in d.explanation
    assert not compare(pair_alignment(SAKE_JA, SAKE_RIGHT), checks=["omission"])


def test_omission_grades_the_evidence_within_info():
    divs = compare(pair_alignment(KNIFE_JA, KNIFE_WRONG), checks=["omission"])
    knife = [d for d in divs if "出刃包丁" in d.src_text]
    assert knife and all(d.severity == "info" for d in divs)
    # four dictionary words with no gloss in the English outrank a lone verb
    assert knife[0].confidence > min(d.confidence for d in divs)


def test_a_chunk_of_names_only_is_left_to_the_names_check():
    assert not compare(pair_alignment(GRAVE_JA, "His grave is in Shoin-ji Temple."), checks=["omission"])


@pytest.mark.parametrize("direction", ["ja-en", "en-ja"])
def test_addition_and_omission_follow_the_direction(direction):
    ja, en = "現在、墓は松蔭寺にある。", "His grave is in Shoin-ji Temple in the field."  # changed
    if direction == "ja-en":
        a, check = pair_alignment(ja, en), "addition"
    else:
        a, check = pair_alignment(en, ja, "en", "ja"), "omission"
    [d] = compare(a, checks=[check])
    english = d.tgt_text if direction == "ja-en" else d.src_text
    assert english == "in the field" and d.kind == check and d.severity == "info"


def test_registered_in_both_directions_and_opt_in():
    for direction in ("ja-en", "en-ja"):
        checks = available_checks(direction)
        assert "omission" in checks and "addition" in checks
        assert "omission" not in default_checks(direction) and "addition" not in default_checks(direction)
    # not run unless named
    assert not [d for d in compare(pair_alignment(SAKE_JA, SAKE_WRONG)) if d.check in ("omission", "addition")]


def test_bead_view_chunks_use_offsets_into_the_full_texts():
    ja = [GRAVE_JA, SAKE_JA]
    en = [GRAVE_EN, SAKE_WRONG]
    ja_text, en_text = "\n".join(ja), "\n".join(en)
    ja_s = (Sentence(ja[0], 0, len(ja[0])), Sentence(ja[1], len(ja[0]) + 1, len(ja_text)))
    en_s = (Sentence(en[0], 0, len(en[0])), Sentence(en[1], len(en[0]) + 1, len(en_text)))
    al = Alignment(ja_text, en_text, ja_s, en_s, (Bead((0,), (0,), 1.0), Bead((1,), (1,), 1.0)), "ja", "en",
                   Provenance(encoder="none (test)"))
    view = bead_views(al)[1]
    bc = view.chunks
    assert bc is view.chunks  # cached
    assert all(ja_text[c.start:c.end] == c.text for c in bc.ja)
    assert all(en_text[c.start:c.end] == c.text for c in bc.en)
    assert [c.text for c in bc.unrendered_ja()] == ["酒を"]
    [d] = compare(al, checks=["omission"])
    assert d.bead == 1 and ja_text[d.src_span[0]:d.src_span[1]] == "酒を"


def test_html_report_links_chunk_pairs():
    import re

    from bialign.report import render_html

    a = pair_alignment(GRAVE_JA, GRAVE_EN)
    page = render_html(a, compare(a), chunks=True)
    spans = re.findall(r'<span class="chunk" data-pair="([^"]+)">(.*?)</span>', page)
    by_text = {text: set(ids.split()) for ids, text in spans}
    # 原の and "in Hara" carry the same pair id, 墓は and "His grave is" another
    assert by_text["原の"] & by_text["in Hara"] and by_text["墓は"] & by_text["His grave is"]
    assert not by_text["原の"] & by_text["His grave is"]
    assert 'class="chunk"' not in render_html(a, compare(a))  # off by default
    with pytest.raises(ValueError, match="Japanese-English"):
        render_html(pair_alignment("Hallo Welt.", "Hello world.", "de", "en"), chunks=True)


def test_chunk_hover_in_a_real_browser(tmp_path):
    """Hovering 原の highlights "in Hara" and nothing else; no script or policy error."""
    import shutil

    from conftest import require_system
    from test_report import CHROMIUM, CHROMIUM_ARGS

    from bialign.report import write_html

    require_system(bool(shutil.which(CHROMIUM)), CHROMIUM, "apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    a = pair_alignment(GRAVE_JA, GRAVE_EN)
    path = tmp_path / "report.html"
    write_html(a, [], path, chunks=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            errors = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.goto(path.as_uri())
            page.locator("td.src span.chunk", has_text="原の").hover()
            paired = page.locator("span.chunk.paired").all_inner_texts()
            assert sorted(paired) == sorted(["原の", "in Hara"])
            page.mouse.move(0, 0)
            assert page.locator("span.chunk.paired").count() == 0
            assert errors == [], errors
        finally:
            browser.close()


_TEXT = st.text(
    alphabet="墓は原の松蔭寺にある、。「」（）ピッコロ酒を飲むHis grave in Shoin-ji 'Hara'.,;()-0123 ", max_size=40)


@given(ja=_TEXT, en=_TEXT)
@settings(max_examples=60, deadline=None)
def test_chunks_of_any_text_point_into_it(ja, en):
    bc = chunk_pairs(ja, en)
    for chunks, text in ((bc.ja, ja), (bc.en, en)):
        assert all(text[c.start:c.end] == c.text and c.start < c.end for c in chunks)
        assert all(a.end <= b.start for a, b in zip(chunks, chunks[1:]))
    assert all(p.ja in bc.ja and p.en in bc.en for p in bc.pairs)
