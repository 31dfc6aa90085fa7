"""Attribution (the source a statement is credited to) and a person put in another's place.

Sentences written for these tests in the style of the Kyoto Wikipedia articles (encyclopedic
Japanese, English with surnames in capitals). Each table has renderings that must be flagged
(minor or major, by the named check) and faithful ones that must not, so that a check that stops
seeing the difference fails as surely as one that starts flagging faithful text.
"""

from __future__ import annotations

import pytest

from bialign.compare import compare
from bialign.compare.evaluate import pair_alignment


def flagged(ja: str, en: str, check: str) -> list:
    return [d for d in compare(pair_alignment(ja, en), checks=[check]) if d.severity != "info"]


# --- attribution ------------------------------------------------------------------------------

SOURCES_CHANGED = [
    ("title-replaced",
     "『日本書紀』によれば、この社は垂仁天皇の時代に創建されたという。",
     'According to the "Kojiki," this shrine was founded in the reign of Emperor Suinin.'),
    ("temple-history-to-agency",
     "寺伝によれば、本堂は鎌倉時代に再建されたとされる。",
     "According to the Agency for Cultural Affairs, the main hall was rebuilt in the Kamakura period."),
    ("register-to-legend",
     "『寺院明細帳』によると、この寺は火災で焼失し、その後再建された。",
     "According to local legend, the temple was destroyed by fire and was rebuilt later."),
    ("institute-replaced",
     "三菱総合研究所の調査によると、市内の寺院は約1600ある。",
     "According to a survey by Nomura Research Institute, there are about 1,600 temples in the city."),
    ("diary-replaced",
     "『言継卿記』によると、この年の祭礼は雨のため中止された。",
     'According to "Oyudono no Ue no Nikki," the festival that year was cancelled because of rain.'),
]

SOURCES_KEPT = [
    ("title-romanized",
     "『日本書紀』によれば、この社は垂仁天皇の時代に創建されたという。",
     'According to the "Nihonshoki," this shrine was founded in the reign of Emperor Suinin.'),
    ("temple-history-translated",
     "寺伝によれば、本堂は鎌倉時代に再建されたとされる。",
     "According to the temple tradition, the main hall was rebuilt in the Kamakura period."),
    ("legend-of-origin",
     "縁起によると、この寺は行基が開いたとされる。",
     "According to the temple history, this temple was founded by Gyoki."),
    ("institute-kept",
     "三菱総合研究所の調査によると、市内の寺院は約1600ある。",
     "According to a survey by Mitsubishi Research Institute, there are about 1,600 temples in the city."),
    ("title-translated",
     "『古事記』によれば、大国主神は多くの兄弟神を持っていた。",
     "According to the Records of Ancient Matters, Okuninushi no Kami had many brother deities."),
    ("no-source-in-japanese",
     "この寺は平安時代に創建された。",
     "According to tradition, this temple was founded in the Heian period."),
]


@pytest.mark.parametrize("ja, en", [c[1:] for c in SOURCES_CHANGED], ids=[c[0] for c in SOURCES_CHANGED])
def test_a_changed_source_is_flagged(ja, en):
    [d] = flagged(ja, en, "sources")
    assert d.kind == "attribution" and d.severity == "minor"
    assert "によ" not in d.src_text and d.src_text in ja and d.tgt_text in en and d.tgt_text


@pytest.mark.parametrize("ja, en", [c[1:] for c in SOURCES_KEPT], ids=[c[0] for c in SOURCES_KEPT])
def test_a_rendered_source_is_not_flagged(ja, en):
    assert flagged(ja, en, "sources") == []


def test_a_dropped_source_is_info_only():
    ja = "『細川両家記』によると、この城は1553年に落城した。"
    divs = compare(pair_alignment(ja, "The castle fell in 1553."), checks=["sources"])
    assert [d.severity for d in divs] == ["info"]
    assert "no source" in divs[0].explanation


def test_the_explanation_names_both_sources():
    [d] = flagged(*SOURCES_CHANGED[0][1:], "sources")
    assert "日本書紀" in d.explanation and "Kojiki" in d.explanation


# --- a person put in another's place ---------------------------------------------------------

SUBSTITUTED = [
    # (id, ja, en, Japanese span flagged, English span)
    ("whole-name", "天正10年、羽柴秀吉は備中高松城を包囲した。",
     "In 1582, Katsuie SHIBATA besieged Bitchu Takamatsu-jo Castle.", "羽柴秀吉", "Katsuie SHIBATA"),
    ("given-name", "上杉景勝は会津に移封された。",
     "Kagetora UESUGI was transferred to Aizu.", "景勝", "Kagetora"),
    ("given-name-painter", "この襖絵は狩野永徳の筆と伝えられる。",
     "These sliding door paintings are said to be by Sanraku KANO.", "永徳", "Sanraku"),
    ("near-surname", "この論文は萩原朔太郎が書いた。",
     "This paper was written by Sakutaro OGIWARA.", "萩原", "OGIWARA"),
]

FAITHFUL_NAMES = [
    ("same-name", "天正10年、羽柴秀吉は備中高松城を包囲した。",
     "In 1582, Hideyoshi HASHIBA besieged Bitchu Takamatsu-jo Castle."),
    ("on-reading", "この襖絵は狩野永徳の筆と伝えられる。",
     "These sliding door paintings are said to be by Eitoku KANO."),
    ("name-order", "上杉景勝は会津に移封された。", "UESUGI Kagekatsu was transferred to Aizu."),
    ("long-vowel", "大内義隆は周防国を治めた。", "Yoshitaka OUCHI ruled Suo Province."),
    ("chinese-name-in-kanji", "米芾の書風を学んだ。", "He studied the calligraphy style of Mi Fu."),
    ("surname-only", "上杉は会津に移封された。", "Kagekatsu UESUGI was transferred to Aizu."),
    ("other-family-name", "徳川慶喜は将軍に就任した。", "Yoshinobu HITOTSUBASHI became shogun."),
]


@pytest.mark.parametrize("ja, en, ja_span, en_span", [c[1:] for c in SUBSTITUTED], ids=[c[0] for c in SUBSTITUTED])
def test_a_substituted_person_is_flagged(ja, en, ja_span, en_span):
    divs = flagged(ja, en, "names")
    assert [(d.src_text, d.tgt_text) for d in divs] == [(ja_span, en_span)]
    assert "no reading" in divs[0].explanation


@pytest.mark.parametrize("ja, en", [c[1:] for c in FAITHFUL_NAMES], ids=[c[0] for c in FAITHFUL_NAMES])
def test_a_faithful_name_is_not_flagged(ja, en):
    assert flagged(ja, en, "names") == []


def test_a_wholly_different_family_name_is_info():
    """The same person under another family name (徳川慶喜, Yoshinobu HITOTSUBASHI) is common in
    historical text: reported, but as undecided."""
    divs = compare(pair_alignment("徳川慶喜は将軍に就任した。", "Yoshinobu HITOTSUBASHI became shogun."),
                   checks=["names"])
    assert [(d.src_text, d.severity) for d in divs] == [("徳川", "info")]
