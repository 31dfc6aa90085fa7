"""The Japanese-English knowledge the checks need on encyclopedic and news text, each with
real sentences (Kyoto Wikipedia tuning half, NICT, CC BY-SA 3.0; some shortened).

Each table pairs a faithful rendering (no minor or major flag) with a divergent one (the
flag expected), so that a check that stops seeing the difference fails as surely as one that
starts flagging faithful text.
"""

from __future__ import annotations

import pytest

from bialign.compare import Divergence, compare, severity_for
from bialign.compare.calendar import era_dates, is_era_name
from bialign.compare.evaluate import pair_alignment


def real(ja: str, en: str, checks=None) -> list[Divergence]:
    return [d for d in compare(pair_alignment(ja, en), checks=checks) if d.severity != "info"]


# --- the calendar -----------------------------------------------------------------------------

@pytest.mark.parametrize("text, era, year, gregorian", [
    ("明治26年", "明治", 26, 1893), ("永禄10年（1567年）", "永禄", 10, 1567), ("明治元年", "明治", 1, 1868),
    ("平成17年", "平成", 17, 2005), ("慶長7年", "慶長", 7, 1602), ("正応4年", "正応", 4, 1291),
    ("貞観 (日本)4年", "貞観", 4, 862), ("弘安三年", "弘安", 3, 1280), ("昭和十五年", "昭和", 15, 1940),
    # proclaimed in the 12th or 11th month: the first year is the Gregorian year before
    ("寛正2年", "寛正", 2, 1461), ("天保14年", "天保", 14, 1843), ("安政5年", "安政", 5, 1858),
    ("文禄元年", "文禄", 1, 1592), ("正保2年", "正保", 2, 1645),
])
def test_era_years(text, era, year, gregorian):
    [d] = era_dates(text)
    assert (d.era, d.year) == (era, year) and gregorian in d.gregorian


def test_late_proclaimed_eras_are_known_to_japanera():
    """Every entry of the late-proclamation table names an era japanera dates in January or
    February of that year (a misspelt or misdated entry would silently do nothing)."""
    import japanera

    from bialign.compare.calendar import _PROCLAIMED_LATE_IN_THE_YEAR

    known = {(e.kanji, e.since.year): e.since.month
             for data in (japanera.ERA_DATA_GENERAL, japanera.ERA_DATA_DAIKAKUJI, japanera.ERA_DATA_JIMYOUIN)
             for e in data if e.since is not None}
    assert all(known.get(key) in (1, 2) for key in _PROCLAIMED_LATE_IN_THE_YEAR)


def test_era_names_are_not_names():
    assert is_era_name("慶長") and is_era_name("貞観") and not is_era_name("京都")
    ja = "南禅寺の復興が進んだのは、慶長10年（1605年）以心崇伝が入寺してからである。"
    en = "The revival of Nanzen-ji Temple was continued by Ishin Suden who entered the temple in 1605."
    assert not [d for d in real(ja, en) if "慶長" in d.src_text]


# --- numbers in every English form ------------------------------------------------------------

FAITHFUL_NUMBERS = [
    ("慶長7年（1602年）に細川幽斎によって再建された。", "It was rebuilt in 1602 by Yusai HOSOKAWA."),
    ("1993年（平成5年）11月3日に開館した。", "It opened on November 3, 1993."),
    ("明治26年に開業した。", "It opened in 1893."),
    ("９日に到着した。", "He arrived on the 9th."),
    ("27歳で没した。", "He died a 27-year-old."),
    ("５０代の男性が多い。", "Many are men in their fifties."),
    ("６年目に完成した。", "It was completed in the sixth year."),
    ("15世紀後半に活躍した。", "He was active in the latter half of the 15th century."),
    ("被葬者の歯十数本", "About a dozen teeth of the deceased"),
    ("拝観時間：午前9時～午後5時", "Visit hours: 9AM to 5PM"),
    ("五重塔は高さ49mである。", "The five-storey pagoda stands 49 meters tall."),
    ("面積：616.31km2", "Area: 616.31 square kilometers"),
    ("5月から8月中旬までの期間限定販売。", "Only sold from May to mid-August."),
    ("仏陀・法・僧の三宝を祀る。", "The three treasures of Buddhism are worshipped."),
    ("像高は3尺である。", "The statue is 91 cm tall."),
    ("重さは4.5匁である。", "It weighs 16.9 grams."),
    ("住民の約7割が賛成した。", "About 70 percent of the residents agreed."),
    ("天文22年9月に落城した。", "The castle fell in October 1553."),
    ("1000～1700", "10:00 to 17:00"),
    ("2007年1月14日に放送した。", "It was broadcast on January 14, 2007."),
    ("ローマ法王パウロ6世と会見した。", "He met Pope Paul VI."),
]


@pytest.mark.parametrize("ja, en", FAITHFUL_NUMBERS, ids=[p[0][:12] for p in FAITHFUL_NUMBERS])
def test_numbers_faithful(ja, en):
    assert real(ja, en, ["numbers"]) == []


DIVERGENT_NUMBERS = [
    ("明治26年に開業した。", "It opened in 1892.", "明治26年"),
    ("永禄10年（1567年）に焼失した。", "It burned down in 1576.", "永禄10年"),
    ("照明塔5基が設置された。", "Six lighting towers were installed.", "5基"),
    ("長さは97cmである。", "It is 79 cm long.", "97cm"),
    ("像高は3尺である。", "The statue is 3 meters tall.", "3尺"),
    ("住民の約7割が賛成した。", "About 50 percent of the residents agreed.", "7割"),
    ("2007年6月14日に放送した。", "It was broadcast on January 14, 2007.", "6月"),
    ("昭和30年5月に完成した。", "It was completed in September 1955.", "5月"),
]


@pytest.mark.parametrize("ja, en, span", DIVERGENT_NUMBERS, ids=[p[2] for p in DIVERGENT_NUMBERS])
def test_numbers_divergent(ja, en, span):
    flags = real(ja, en, ["numbers"])
    assert flags and any(span in d.src_text or d.src_text in span and d.src_text for d in flags), flags


# --- names ------------------------------------------------------------------------------------

FAITHFUL_NAMES = [
    ("室生寺の西の大門に位置する。", "It is located at the Great West Gate of Muro-ji Temple."),
    ("畝火山口神社（うねびやまぐちじんじゃ）は奈良県の神社である。", "Unebiyamaguchi-jinja Shrine is a shrine in Nara Prefecture."),
    ("別の伝承は開創者を空海とする。", "Another legend names Kukai as the temple's founder."),
    ("大日本スクリーン製造", "Dainippon Screen MFG. Co., Ltd."),
    ("阿素羅、阿蘇羅などとも音写する。", "It is also transliterated into 阿素羅, 阿蘇羅 and others."),
]


@pytest.mark.parametrize("ja, en", FAITHFUL_NAMES, ids=[p[0][:8] for p in FAITHFUL_NAMES])
def test_names_faithful(ja, en):
    assert real(ja, en, ["names"]) == []


def test_name_dropped_is_flagged():
    ja = "足利義満は金閣を建てた。"
    flags = real(ja, "The shogun built Kinkaku.", ["names"])
    assert [d.src_text for d in flags] == ["足利義満"] or [d.src_text for d in flags] == ["足利", "義満"]


# --- quotations: titles and terms are not speech ---------------------------------------------

FAITHFUL_QUOTES = [
    ("以下は、日蓮宗の良正が『神祇正宗』などで唱えた三十番神である。", "The following are Sanjuban shin chanted by Yoshimasa in Jingi Masamune."),
    ("親鸞の御影像も安置し「大谷影堂」となった。", "A statue of Shinran was placed and it became called Otani-Eido."),
    ("穢れが「伝染」すると見なされている。", "It was thought that the Kegare was infected."),
    ("保食神は日本神話に登場する神である。", '"Ukemochi no kami" is a god appearing in Japanese Mythology.'),
]


@pytest.mark.parametrize("ja, en", FAITHFUL_QUOTES, ids=[p[0][:8] for p in FAITHFUL_QUOTES])
def test_quotation_marks_that_are_not_speech(ja, en):
    assert real(ja, en, ["quotations"]) == []


def test_speech_turned_into_report_is_flagged():
    ja = "天皇は「この寺を守れ」と命じた。"
    [d] = real(ja, "The emperor ordered them to protect the temple.", ["quotations"])
    assert d.evidence["change"] == "removed"


# --- polarity and time --------------------------------------------------------------------

@pytest.mark.parametrize("ja, en, flagged", [
    ("当時の記録は残っていない。", "Records of the time remain.", True),
    ("当時の記録は残っていない。", "No records of the time remain.", False),
    ("晴賢は最後まで屈しなかった。", "Harukata yielded in the end.", True),
    ("晴賢は最後まで屈しなかった。", "Harukata never yielded.", False),
    ("作者は不明である。", "The author is unknown.", False),
    ("彼は修行しなければならない。", "He must train.", False),
    ("僧侶は三人しかいなかった。", "There were only three monks.", False),
    ("この寺は藤原氏の氏寺として栄えた。", "This temple did not flourish as the clan temple of the Fujiwara.", True),
    ("藤原氏の系譜が続く。", "The line of FUJIWARA no Fuhito continues.", False),
])
def test_polarity(ja, en, flagged):
    assert bool(real(ja, en, ["polarity"])) == flagged


@pytest.mark.parametrize("ja, en, flagged", [
    ("翌年に死去した。", "He died the following year.", False),
    ("翌年に死去した。", "He died the previous year.", True),
    ("晩年は京都で過ごした。", "He spent his youth in Kyoto.", True),
    ("江戸時代前期に建てられた。", "It was built in the late Edo period.", True),
    ("江戸時代前期に建てられた。", "It was built in the early Edo period.", False),
    ("現在は博物館である。", "It is formerly a museum.", True),
])
def test_time_reference(ja, en, flagged):
    assert bool(real(ja, en, ["time_reference"])) == flagged


# --- confidence and severity --------------------------------------------------------------

def test_severity_follows_confidence():
    assert [severity_for(c) for c in (0.1, 0.5, 0.79, 0.8, 1.0)] == ["info", "minor", "minor", "major", "major"]
    for d in compare(pair_alignment("明治26年に開業し、翌年に閉鎖された。", "It opened in 1892 and closed the previous year.")):
        assert d.severity == severity_for(d.confidence)
    with pytest.raises(ValueError, match="confidence"):
        Divergence("number", "major", 0, (0, 1), (0, 1), "a", "b", "x", "numbers", {}, 1.5)
