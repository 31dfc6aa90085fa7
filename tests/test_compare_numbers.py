"""Numbers, dates, durations and units: normalization tables and real sentence pairs."""

from __future__ import annotations

import pytest

from bialign.compare import compare
from bialign.compare.evaluate import pair_alignment
from bialign.compare.numbers import parse_en_words, parse_ja_number


@pytest.mark.parametrize(
    "text, value",
    [
        ("2013", 2013), ("二千十三", 2013), ("二〇一三", 2013), ("3万5千", 35000), ("三万五千", 35000),
        ("1億2000万", 120_000_000), ("十", 10), ("百二十", 120), ("1,200", 1200), ("60", 60), ("千", 1000),
    ],
    ids=lambda x: str(x),
)
def test_parse_ja_number(text, value):
    assert parse_ja_number(text) == value


@pytest.mark.parametrize(
    "text, value",
    [("two", 2), ("forty", 40), ("forty-two", 42), ("two hundred and five", 205), ("three thousand", 3000),
     ("one million", 1_000_000)],
    ids=lambda x: str(x),
)
def test_parse_en_words(text, value):
    assert parse_en_words(text) == value


# Pairs that render the same quantities: nothing may be flagged (both directions).
SAME = [
    ("date", "2013年 12月 20日", "December 20, 2013"),
    ("duration", "ワーキング・ランチを加えて、約2時間40分間話し合いを行った。",
     "They met for a total of about two hours and forty minutes including a working lunch."),
    ("visa-days", "韓露は来年1月から短期滞在(60日間)のノー・ビザ制度の導入を決めた。",
     "South Korea and Russia agreed to introducing a no-visa program for short stays of up to 60 days from January next year."),
    ("squared-km", "数千㌔の国境線を持つロシアにとって、中国との軍事緊張は悪夢以外の何物でもない。",
     "For Russia, which shares borders stretching thousands of kilometers, military tensions would be nothing but a nightmare."),
    ("fullwidth", "会談は１１月２０日に開かれ、３万５千人が集まった。", "The talks were held on November 20 and 35,000 people gathered."),
    ("oku-man", "予算は1億2000万円に上る。", "The budget amounts to 120 million yen."),
    ("ordinal", "米国、豪州に次ぐ、第三番目の「2+2」協議の設置であり", "This was only the third of its kind after the United States and Australia"),
    ("label-2plus2", "日露は「2+2」協議を初めて開いた。", "Japan and Russia held their first 2-plus-2 talks."),
    ("one-as-article", "「領土は一センチたりとも渡さない」と述べた。", "He said Russia would hand over \"not a centimeter of territory.\""),
    ("kanji-not-numeral", "ミサイル防衛は唯一の防衛手段であり、一体何のためか。", "Missile defense is the only means of defense; what is it for?"),
    ("both-sides", "日露双方は協議を高く評価した。", "The talks were highly appreciated by both Japan and Russia."),
    ("mid-month", "プーチン大統領は11月中旬、ベトナムを訪れた。", "In mid-November, President Putin visited Vietnam."),
]


@pytest.mark.parametrize("direction", ["ja-en", "en-ja"])
@pytest.mark.parametrize("name, ja, en", SAME, ids=[s[0] for s in SAME])
def test_same_quantities_not_flagged(name, ja, en, direction):
    a = pair_alignment(ja, en) if direction == "ja-en" else pair_alignment(en, ja, "en", "ja")
    assert compare(a, checks=["numbers"]) == []


# Real sentences with one quantity changed in the translation: exactly the changed one is flagged.
DIFFERENT = [
    ("hours", "約2時間40分間話し合いを行った。", "They talked for about three hours and forty minutes.", "2時間", "three hours"),
    ("days", "短期滞在(60日間)のノー・ビザ制度", "a no-visa program for stays of up to 90 days", "60日間", "90 days"),
    ("year", "2013年 12月 20日", "December 20, 2014", "2013年", "2014"),
    ("month", "11月初め、協議を開いた。", "In early October, they held talks.", "11月", "October"),
    ("man-scale", "3万5千人が集まった。", "3,500 people gathered.", "3万5千人", "3,500 people"),
    ("count", "笑みを浮かべる4人の記念写真", "a photograph in which the three appeared smiling", "4人", "three"),
]


@pytest.mark.parametrize("name, ja, en, ja_frag, en_frag", DIFFERENT, ids=[d[0] for d in DIFFERENT])
def test_changed_quantity_flagged(name, ja, en, ja_frag, en_frag):
    divs = compare(pair_alignment(ja, en), checks=["numbers"])
    assert len(divs) == 1, divs
    d = divs[0]
    assert d.kind == "number" and d.check == "numbers"
    assert ja_frag in d.src_text or d.src_text in ja_frag
    assert en_frag in d.tgt_text or d.tgt_text in en_frag
    assert d.evidence["japanese"] and d.evidence["english"]


def test_changed_quantity_flagged_english_source():
    en, ja = "They talked for about three hours.", "約2時間話し合った。"
    divs = compare(pair_alignment(en, ja, "en", "ja"), checks=["numbers"])
    assert [(d.src_text, d.tgt_text) for d in divs] == [("three hours", "約2時間")]


def test_number_missing_in_translation():
    divs = compare(pair_alignment("4人が集まり、60日間滞在した。", "Four people gathered and stayed."), checks=["numbers"])
    assert [d.src_text for d in divs] == ["60日間"]
    assert divs[0].tgt_span[0] == divs[0].tgt_span[1]
