"""The ``polarity`` check at the chunk level: a clause negated on one side and not on its
counterpart, in both directions, with double negatives and lexicalised negatives.

Sentences written for these tests in the style of the Kyoto Wikipedia articles (temples,
emperors, manuscripts). Each divergent pair has its faithful twin, so that the check fails the
table as surely by going blind as by flagging faithful text.
"""

from __future__ import annotations

import pytest

from bialign.compare import compare
from bialign.compare.evaluate import pair_alignment
from bialign.compare.negation import en_negations, gloss_is_negative, ja_negations
from bialign.compare.tokens import ja_tokens


def flags(ja: str, en: str):
    return [d for d in compare(pair_alignment(ja, en), checks=["polarity"]) if d.severity != "info"]


# (id, Japanese, English, negated side of the expected flag or None for no flag)
CASES = [
    ("ja-negation-dropped", "この寺の創建年代は明らかではない。", "The founding date of this temple is clear.", "japanese"),
    ("ja-negation-kept", "この寺の創建年代は明らかではない。", "The founding date of this temple is not clear.", None),
    ("en-negation-added", "義満は金閣を建立した。", "Yoshimitsu did not build Kinkaku.", "english"),
    ("en-affirmative", "義満は金閣を建立した。", "Yoshimitsu built Kinkaku.", None),
    ("records-dropped", "当時の記録は残っていない。", "Records of the time remain.", "japanese"),
    ("no-records", "当時の記録は残っていない。", "No records of the time remain.", None),
    ("never-dropped", "晴賢は最後まで屈しなかった。", "Harukata yielded in the end.", "japanese"),
    ("never-kept", "晴賢は最後まで屈しなかった。", "Harukata never yielded.", None),
    # one clause of two turned around, the other negated on both sides
    ("second-clause-flipped", "本堂は応仁の乱で焼失しなかったが、山門は再建されなかった。",
     "The main hall was not destroyed by fire in the Onin War, and the gate was rebuilt.", "japanese"),
    ("both-clauses-negated", "本堂は応仁の乱で焼失しなかったが、山門は再建されなかった。",
     "The main hall was not destroyed by fire in the Onin War, but the gate was not rebuilt.", None),
    ("second-clause-negated-in-english", "天皇は退位せず、弟は出家した。",
     "The emperor did not abdicate, and his younger brother did not become a monk.", "english"),
    ("first-clause-negated", "天皇は退位せず、弟は出家した。",
     "The emperor did not abdicate, and his younger brother became a monk.", None),
    # double negatives
    ("ja-double-negative", "この説に根拠がないわけではない。", "This theory is not without grounds.", None),
    ("ja-double-negative-affirmed", "この説に根拠がないわけではない。", "This theory has some grounds.", None),
    ("not-impossible", "その復元は不可能ではない。", "The restoration is not impossible.", None),
    # lexicalised negatives rendered with a positive word
    ("muryo-free", "拝観は無料である。", "Admission is free.", None),
    ("fuben-inconvenient", "交通の便は不便である。", "Transport there is inconvenient.", None),
    ("miman-under", "十八歳未満は入場できない。", "Those under eighteen cannot enter.", None),
    ("buji-safely", "一行は無事に京都へ戻った。", "The party returned safely to Kyoto.", None),
    ("hijo-very", "この庭園は非常に美しい。", "This garden is very beautiful.", None),
    ("fumei-unknown", "作者は不明である。", "The author is unknown.", None),
    ("fumei-known", "作者は不明である。", "The author is known.", "japanese"),
    ("shirareru-unknown", "作者は知られている。", "The author is unknown.", "english"),
    # constructions that look negative and are not
    ("must", "参拝者は靴を脱がなければならない。", "Visitors must take off their shoes.", None),
    ("shika-only", "現存する写本は二本しかない。", "Only two manuscripts survive.", None),
    ("dewanaika-hedge", "この像は平安時代の作ではないかと考えられている。",
     "This statue is thought to date from the Heian period.", None),
    ("no-longer", "現在は洪水は起こっていない。", "Floods no longer occur.", None),
    ("without", "彼は許可なく寺を出た。", "He left the temple without permission.", None),
    ("not-only", "彼は和歌だけでなく連歌にも優れていた。", "He excelled not only in waka but also in renga.", None),
    ("romanized-no", "藤原不比等の系譜が続く。", "The line of FUJIWARA no Fuhito continues.", None),
]


@pytest.mark.parametrize("ja, en, side", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_polarity_table(ja, en, side):
    found = flags(ja, en)
    if side is None:
        assert found == []
    else:
        assert found and found[0].evidence["negated_side"] == side


def test_spans_point_at_the_negation_and_its_counterpart():
    ja = "本堂は応仁の乱で焼失しなかったが、山門は再建されなかった。"
    en = "The main hall was not destroyed by fire in the Onin War, and the gate was rebuilt."
    [d] = flags(ja, en)
    # the second なかっ (of 再建されなかった), and "rebuilt" in the English
    assert d.src_span == (ja.rindex("なかっ"), ja.rindex("なかっ") + 3) and d.src_text == "なかっ"
    assert d.tgt_text == "rebuilt" and en[slice(*d.tgt_span)] == "rebuilt"
    assert d.severity == "minor" and 0.5 <= d.confidence < 0.8
    assert "再建されなかっ" in d.explanation and d.evidence["negated"] == "再建されなかっ"


def test_spans_english_negation_added():
    ja, en = "天皇は退位せず、弟は出家した。", "The emperor did not abdicate, and his younger brother did not become a monk."
    [d] = flags(ja, en)
    second_not = en.rindex("not")
    assert d.tgt_span == (second_not, second_not + 3) and d.tgt_text == "not" and d.src_text == "出家"


@pytest.mark.parametrize("en, ja, side", [
    ("The emperor did not abdicate.", "天皇は退位した。", "english"),
    ("The emperor did not abdicate.", "天皇は退位しなかった。", None),
    ("The temple was rebuilt in 1605.", "寺は1605年に再建されなかった。", "japanese"),
], ids=["en-ja-dropped", "en-ja-faithful", "en-ja-added"])
def test_english_source(en, ja, side):
    """English source, Japanese translation: the same check, spans on the right sides."""
    found = [d for d in compare(pair_alignment(en, ja, src_lang="en", tgt_lang="ja"), checks=["polarity"])
             if d.severity != "info"]
    if side is None:
        assert found == []
    else:
        [d] = found
        assert d.evidence["negated_side"] == side
        negated_text = d.src_text if side == "english" else d.tgt_text
        assert negated_text in ("not", "なかっ")


@pytest.mark.parametrize("text, expected", [
    ("記録はありません。", [("ん", "strong")]),
    ("行かないわけではない", [("ない", "weak"), ("ない", "weak")]),
    ("不可能ではない", [("不可能", "weak"), ("ない", "weak")]),
    ("作者は不明である", [("不明", "lexical")]),
    ("無料で", []), ("非常に", []), ("未満", []), ("無事に", []), ("不便な", []),
    ("変わらない", [("ない", "weak")]),  # JMdict: 変わらない "constant"
    ("亡き母", []),
    ("寺町ないし、その周辺", []),
], ids=lambda x: x if isinstance(x, str) else None)
def test_japanese_negations(text, expected):
    assert [(n.text, n.strength) for n in ja_negations(ja_tokens(text))] == expected


@pytest.mark.parametrize("text, expected", [
    ("He did not go.", [("not", "strong")]),
    ("It isn't known.", [("n't", "strong")]),
    ("It is not impossible.", [("not", "weak"), ("impossible", "weak")]),
    ("Floods no longer occur.", [("no longer", "weak")]),
    ("The line of FUJIWARA no Fuhito continues.", []),
    ("The author is unknown.", [("unknown", "lexical")]),
], ids=lambda x: x if isinstance(x, str) else None)
def test_english_negations(text, expected):
    assert [(n.text, n.strength) for n in en_negations(text)] == expected


@pytest.mark.parametrize("gloss, negative", [
    ("unknown", True), ("not yet known", True), ("lack of help", True), ("nameless", True),
    ("free (of charge)", False), ("less than", False), ("emergency", False), ("no doubt", False),
])
def test_gloss_is_negative(gloss, negative):
    assert gloss_is_negative(gloss) == negative


@pytest.mark.parametrize("ja, en", [
    ("まだ内観三項目は成立していなかった。", "Three themes of Naikan had yet to be established."),
    ("日記や備忘録などの著作物は古文書とは言わない。", "Works such as diaries and notes are excluded from komonjo."),
])
def test_negation_rendered_by_a_word_that_excludes(ja, en):
    assert [d for d in compare(pair_alignment(ja, en), checks=["polarity"]) if d.severity != "info"] == []


def test_partial_negation_is_no_flip():
    ja = "ロシア政府内部の考え方は、必ずしも一致していない。"
    assert compare(pair_alignment(ja, "Opinion is divided within the Russian government."), checks=["polarity"]) == []
