from __future__ import annotations

from pathlib import Path

import pysbd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bialign import segment
from bialign.segment import SUPPORTED_LANGUAGES, Segmenter, boundary_scores

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


def texts(text: str, lang: str, **kw) -> list[str]:
    return [s.text for s in segment(text, lang, **kw)]


JAPANESE = [
    pytest.param("「今日は寒い。明日は雪だ。」と述べた。次の文。",
                 ["「今日は寒い。明日は雪だ。」と述べた。", "次の文。"], id="quote-with-inner-maru-then-to"),
    # と followed by a subject: on its own UniDic reads this と as a filler, after 「…。」 as
    # the quoting particle
    pytest.param("「寒い。」と彼は言った。外は雪だった。", ["「寒い。」と彼は言った。", "外は雪だった。"],
                 id="quote-then-to-then-subject"),
    pytest.param("「寒い。」彼は言った。", ["「寒い。」", "彼は言った。"], id="quote-then-new-sentence"),
    pytest.param("「行くぞ。」彼はそう言った。", ["「行くぞ。」", "彼はそう言った。"], id="quote-then-new-subject"),
    pytest.param("「はい。」「いいえ。」", ["「はい。」", "「いいえ。」"], id="two-dialogue-lines"),
    pytest.param("「行くよ。」って言った。", ["「行くよ。」って言った。"], id="quote-then-tte"),
    pytest.param("戦略と戦術\n石郷岡 健 / ジャーナリスト\n本文です。",
                 ["戦略と戦術", "石郷岡 健 / ジャーナリスト", "本文です。"], id="heading-without-maru"),
    pytest.param("円周率は３．１４です。次。", ["円周率は３．１４です。", "次。"], id="fullwidth-decimal"),
    pytest.param("(筆者は毎日新聞社専門編集委員。)", ["(筆者は毎日新聞社専門編集委員。)"], id="parenthesised-line"),
    pytest.param("彼は（笑いながら。）答えた。", ["彼は（笑いながら。）答えた。"], id="maru-inside-parens"),
    pytest.param("本当に？ 本当だ！", ["本当に？", "本当だ！"], id="question-and-exclamation"),
    pytest.param("えっ！？ まさか。", ["えっ！？", "まさか。"], id="mark-run"),
    pytest.param("それは……どうかな。そうだ。", ["それは……どうかな。", "そうだ。"], id="ellipsis-inside-clause"),
    pytest.param("待って…… 行かないで。", ["待って……", "行かないで。"], id="final-ellipsis"),
    pytest.param("彼は“引き分け”にしたいと言った。次。", ["彼は“引き分け”にしたいと言った。", "次。"], id="curly-quotes"),
    pytest.param("「閉じない括弧。次の文。", ["「閉じない括弧。", "次の文。"], id="unmatched-bracket-ignored"),
    pytest.param("「一体、何のために(軍事協力するのか)?」と疑問を投げかけた。",
                 ["「一体、何のために(軍事協力するのか)?」と疑問を投げかけた。"], id="question-inside-quote"),
    pytest.param("現実的な解決案は合意だろう」と説明した。", ["現実的な解決案は合意だろう」と説明した。"], id="stray-closer"),
]


@pytest.mark.parametrize("text, expected", JAPANESE)
def test_japanese(text, expected):
    assert texts(text, "ja") == expected


ENGLISH = [
    pytest.param("U.S. officials said. The talks ended.", ["U.S. officials said.", "The talks ended."], id="us-abbreviation"),
    pytest.param('He said "it opened up a new era." Then he left.',
                 ['He said "it opened up a new era."', "Then he left."], id="quote-after-period"),
    pytest.param("The editor of the Mainichi Shimbun newspaper.. The next one.",
                 ["The editor of the Mainichi Shimbun newspaper..", "The next one."], id="doubled-period"),
    pytest.param("Mr. Smith met Dr. J. R. Jones on Jan. 5. They talked.",
                 ["Mr. Smith met Dr. J. R. Jones on Jan. 5.", "They talked."], id="abbreviations-and-initials"),
    pytest.param("It grew 3.14 percent, e.g. in Tokyo. Fine.", ["It grew 3.14 percent, e.g. in Tokyo.", "Fine."], id="decimal-and-eg"),
    pytest.param("He hesitated... Then he spoke.", ["He hesitated...", "Then he spoke."], id="ellipsis"),
    pytest.param("December 20, 2013\nIn early November, they met.", ["December 20, 2013", "In early November, they met."], id="date-line"),
    pytest.param("asking: Is there any reason why? Put the other way, fine.",
                 ["asking: Is there any reason why?", "Put the other way, fine."], id="question-after-colon"),
]


@pytest.mark.parametrize("text, expected", ENGLISH)
def test_english(text, expected):
    assert texts(text, "en") == expected


@pytest.mark.parametrize(
    "text, lang, expected",
    [
        pytest.param("Die ca. 600 m hohe Wand ist schön. Sie ist hoch.", "de",
                     ["Die ca. 600 m hohe Wand ist schön.", "Sie ist hoch."], id="de-ca"),
        pytest.param("M. Dupont est arrivé. Il pleut.", "fr", ["M. Dupont est arrivé.", "Il pleut."], id="fr-monsieur"),
        pytest.param("Ele chegou. J. Silva saiu. Fim.", "pt", ["Ele chegou.", "J. Silva saiu.", "Fim."], id="pt-generic-initial"),
        pytest.param("Geldi. Gitti mi? Evet.", "tr", ["Geldi.", "Gitti mi?", "Evet."], id="tr-generic"),
        pytest.param("今天很冷。明天下雪。", "zh", ["今天很冷。", "明天下雪。"], id="zh-maru"),
    ],
)
def test_other_languages(text, lang, expected):
    assert texts(text, lang) == expected


def test_offsets_and_paragraphs():
    text = "  第一段。第二文。\r\n\r\n第二段です。\n"
    sents = segment(text, "ja")
    assert [(s.text, s.paragraph) for s in sents] == [("第一段。", 0), ("第二文。", 0), ("第二段です。", 1)]
    assert all(text[s.start : s.end] == s.text for s in sents)


def test_blank_line_paragraph_mode_joins_wrapped_lines():
    text = "This sentence is\nwrapped over lines. Next.\n\nNew paragraph."
    sents = segment(text, "en", paragraphs="blank")
    assert [s.text for s in sents] == ["This sentence is\nwrapped over lines.", "Next.", "New paragraph."]
    assert [s.paragraph for s in sents] == [0, 0, 1]
    assert texts(text, "en")[:2] == ["This sentence is", "wrapped over lines."]


def test_swapped_files_are_reported():
    with pytest.raises(ValueError, match="no Japanese text found.*swap"):
        segment("In early November, foreign and defense ministers from Japan and Russia met.", "ja")
    with pytest.raises(ValueError, match="mostly Japanese script.*swap"):
        segment("日本とロシアは十一月初め、外務・防衛閣僚会議を初めて開いた。日本にとっては三番目である。", "en")


@pytest.mark.parametrize("bad", ["jp", "english", "xx", ""])
def test_unsupported_language_lists_the_choices(bad):
    with pytest.raises(ValueError, match="supported: ar, de, en"):
        segment("text", bad)


def test_bad_options_and_types():
    with pytest.raises(ValueError, match=r"paragraphs must be one of \['line', 'blank'\]"):
        Segmenter("en", paragraphs="double")
    with pytest.raises(TypeError, match="takes a str"):
        segment(b"bytes", "en")


def test_language_codes_are_normalised():
    assert Segmenter("JA").lang == "ja"
    assert Segmenter("zh-TW").lang == "zh"
    assert set(SUPPORTED_LANGUAGES) >= {"ja", "en", "de", "fr"}


# --- the whole ESUJ article against the hand-made gold -------------------------------------


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_esuj_gold_boundary_f1(lang, record_property):
    text = (ROOT / "corpora" / "esuj" / f"{lang}.txt").read_text(encoding="utf-8")
    gold = (DATA / f"esuj_{lang}.sentences.txt").read_text(encoding="utf-8").splitlines()
    ours = boundary_scores(gold, texts(text, lang))
    seg = pysbd.Segmenter(language=lang, clean=False)
    baseline = boundary_scores(gold, [p for line in text.splitlines() for p in seg.segment(line)])
    print(f"\nESUJ {lang}: bialign P={ours.precision:.3f} R={ours.recall:.3f} F1={ours.f1:.3f}; "
          f"pysbd alone F1={baseline.f1:.3f}")
    record_property(f"boundary_f1_{lang}", ours.f1)
    assert ours.f1 >= 0.98


def test_boundary_scores_counts_misses_and_extras():
    gold = ["A b.", "C d.", "E f."]
    s = boundary_scores(gold, ["A b. C d.", "E", "f."])
    assert (s.precision, s.recall) == (0.5, 0.5)
    with pytest.raises(ValueError, match="different text"):
        boundary_scores(gold, ["A b."])


# --- invariants ----------------------------------------------------------------------------

_ALPHABET = st.one_of(
    st.characters(codec="utf-8"),
    st.sampled_from(list("。！？!?．…「」『』（）()“”\"'.\r\n \u3000\u200b\u0301🙂３．１４")),
)


def _check_lossless(text: str, lang: str) -> None:
    try:
        sents = segment(text, lang)
    except ValueError as exc:  # the script check may refuse; that must be the reason
        assert "swap" in str(exc)
        return
    pos = 0
    for s in sents:
        assert text[s.start : s.end] == s.text
        assert s.text and not s.text[0].isspace() and not s.text[-1].isspace()
        assert s.start >= pos
        assert text[pos : s.start].strip() == ""  # only whitespace between sentences
        pos = s.end
    assert text[pos:].strip() == ""
    assert [s.paragraph for s in sents] == sorted(s.paragraph for s in sents)


@settings(max_examples=300, deadline=None)
@given(st.text(_ALPHABET, max_size=120), st.sampled_from(["ja", "en", "de", "pt", "zh"]))
def test_segmentation_is_lossless_for_any_unicode(text, lang):
    _check_lossless(text, lang)


def test_long_paragraph_is_cut_only_at_undisputed_boundaries():
    # The English article as one 6,600-character paragraph is cut into pysbd-sized pieces;
    # the result must equal the gold, sentence for sentence.
    gold = (DATA / "esuj_en.sentences.txt").read_text(encoding="utf-8").splitlines()
    one_line = " ".join(gold[3:])  # skip title, byline and date (no final punctuation)
    assert len(one_line) > 4000
    assert texts(one_line, "en") == gold[3:]


@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param("他说：“你好。”然后走了。", ["他说：“你好。”", "然后走了。"], id="zh-quote-then-new-clause"),
        pytest.param("“你好。”他说道。", ["“你好。”", "他说道。"], id="zh-quote-then-new-subject"),
        pytest.param("“你好。”说完他走了。", ["“你好。”说完他走了。"], id="zh-quote-then-shuo"),
        pytest.param("“你好。”，他说。", ["“你好。”，他说。"], id="zh-quote-then-comma"),
    ],
)
def test_chinese_closing_quotes(text, expected):
    assert texts(text, "zh") == expected


@pytest.mark.parametrize("tag, code", [("ja-JP", "ja"), ("en-US", "en"), ("en_GB", "en"), ("zh-Hant-TW", "zh"),
                                       ("zh-CN", "zh"), ("pt-BR", "pt"), ("JA", "ja")])
def test_bcp47_tags_are_reduced_to_their_language(tag, code):
    from bialign.segment import check_language

    assert check_language(tag) == code


def test_unsupported_tags_are_refused_with_the_list():
    from bialign.segment import check_language

    with pytest.raises(ValueError, match=r"unsupported language code 'xx-YY'; supported: ar, de, en"):
        check_language("xx-YY")


def test_readme_lists_the_languages_of_the_code():
    import re
    from pathlib import Path

    from bialign.segment import SUPPORTED_LANGUAGES

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    listed = re.search(r"bialign takes as (\d+) codes \(([a-z, \n]+):", readme)
    codes = tuple(c.strip() for c in listed.group(2).split(","))
    assert codes == SUPPORTED_LANGUAGES and int(listed.group(1)) == len(SUPPORTED_LANGUAGES)
