from __future__ import annotations

import pytest

from bialign import tokenize


def test_japanese_tokens_carry_lemma_pos_reading_and_offsets():
    text = "ラヴロフ外相は水をかけた。"
    tokens = tokenize(text, "ja")
    assert all(text[t.start : t.end] == t.surface for t in tokens)
    by_surface = {t.surface: t for t in tokens}
    assert by_surface["外相"].reading == "ガイショウ"
    assert by_surface["かけ"].lemma == "掛ける" and by_surface["かけ"].pos == "動詞"
    assert by_surface["ラヴロフ"].reading == "ラヴロフ"  # unknown katakana: its own reading


def test_japanese_proper_noun_is_tagged():
    tokens = tokenize("岸田外相が来日した", "ja")
    assert tokens[0].surface == "岸田" and tokens[0].pos_detail == "固有名詞"


def test_offsets_survive_spaces():
    text = "石郷岡 健 / ジャーナリスト"
    assert all(text[t.start : t.end] == t.surface for t in tokenize(text, "ja"))


@pytest.mark.parametrize(
    "text, surfaces",
    [
        pytest.param("Japan's 2-plus-2 talks cost 3.5 billion.", ["Japan's", "2-plus-2", "talks", "cost", "3.5", "billion", "."], id="en"),
        pytest.param("Die Nordostwand (BO)", ["Die", "Nordostwand", "(", "BO", ")"], id="de"),
    ],
)
def test_word_tokens(text, surfaces):
    tokens = tokenize(text, "en")
    assert [t.surface for t in tokens] == surfaces
    assert all(text[t.start : t.end] == t.surface for t in tokens)
