"""The opt-in ``meaning`` check: a phrase pair the encoder puts far apart, no word of either linked.

Sentences written for these tests in the register of the Kyoto Wikipedia articles: a faithful
English rendering, and the same rendering with one phrase replaced by one that says something
else, as a careless translator might. The check must report the replaced phrase, with both
chunks and their offsets, and must stay quiet on the faithful renderings. These use the real
encoder (USE v3), so they are marked ``model``.
"""

from __future__ import annotations

import pytest

from bialign.compare import available_checks, compare, default_checks
from bialign.compare.evaluate import pair_alignment
from bialign.compare.meaning import _merged

# (id, Japanese, English with one phrase changed, the Japanese the flag must cover, the English it must show)
MUST_FIRE = [
    ("archery-cooking", "彼は毎朝、庭で弓の稽古をしていた。", "Every morning he cooked rice in the garden.",
     "弓の稽古を", "cooked rice"),
    ("learning-fishing", "この神社は学問の神として信仰を集めている。",
     "This shrine is worshipped as the god of fishing boats.", "学問の", "fishing boats"),
    ("moat-vineyard", "城は山頂に築かれ、周囲を深い堀が囲んでいた。",
     "The castle was built on the mountaintop and surrounded by a famous vineyard.", "深い", "vineyard"),
    ("drums-umbrellas", "祭りでは子供たちが太鼓を叩きながら町を練り歩く。",
     "During the festival, children parade through the town selling umbrellas.", "太鼓を叩きながら", "umbrellas"),
    ("cedar-statue", "境内には樹齢数百年の大きな杉がある。",
     "In the precincts there is a large bronze statue several hundred years old.", "杉が", "bronze statue"),
    ("sutras-roofs", "僧侶たちは毎日経典を読誦した。", "The monks repaired the roofs every day.",
     "読誦した", "repaired the roofs"),
]

# (id, Japanese, faithful English)
MUST_NOT_FIRE = [
    ("archery", "彼は毎朝、庭で弓の稽古をしていた。", "Every morning he practiced archery in the garden."),
    ("moat", "城は山頂に築かれ、周囲を深い堀が囲んでいた。",
     "The castle was built on the mountaintop and surrounded by a deep moat."),
    ("drums", "祭りでは子供たちが太鼓を叩きながら町を練り歩く。",
     "During the festival, children parade through the town beating drums."),
    ("cedar", "境内には樹齢数百年の大きな杉がある。",
     "In the precincts there is a large cedar tree several hundred years old."),
    ("sutras", "僧侶たちは毎日経典を読誦した。", "The monks recited the sutras every day."),
    ("many-anthologies", "彼女は和歌に優れ、多くの歌集を残した。", "She excelled at waka poetry and left many anthologies."),
    ("rebuilt", "寺は落雷のため焼失し、江戸時代に再建された。",
     "The temple was destroyed by fire caused by lightning and rebuilt in the Edo period."),
    ("illness", "彼は病気のため職を辞した。", "He resigned from his post because of illness."),
]


def meaning_flags(ja: str, en: str, src_lang: str = "ja"):
    al = pair_alignment(ja, en) if src_lang == "ja" else pair_alignment(en, ja, "en", "ja")
    return compare(al, checks=["meaning"])


@pytest.mark.model
@pytest.mark.parametrize("ja, en, ja_part, en_part", [c[1:] for c in MUST_FIRE], ids=[c[0] for c in MUST_FIRE])
def test_a_phrase_rendered_with_another_meaning_is_reported(ja, en, ja_part, en_part):
    divs = meaning_flags(ja, en)
    assert [d.kind for d in divs] == ["meaning"], divs
    d = divs[0]
    assert ja_part in d.src_text and en_part in d.tgt_text
    assert ja[d.src_span[0]:d.src_span[1]] == d.src_text and en[d.tgt_span[0]:d.tgt_span[1]] == d.tgt_text
    ev = d.evidence
    assert ev["similarity"] < ev["expected"] and ev["z"] < ev["threshold_z"]
    assert d.severity == "info" and d.confidence < 0.5
    assert f"{ev['similarity']:.2f}" in d.explanation and d.src_text in d.explanation


@pytest.mark.model
@pytest.mark.parametrize("ja, en", [c[1:] for c in MUST_NOT_FIRE], ids=[c[0] for c in MUST_NOT_FIRE])
def test_a_faithful_rendering_is_not_reported(ja, en):
    assert meaning_flags(ja, en) == []


@pytest.mark.model
def test_english_to_japanese_reports_the_same_pair_on_swapped_sides():
    _, ja, en, ja_part, en_part = MUST_FIRE[0]
    (d,) = meaning_flags(ja, en, src_lang="en")
    assert en_part in d.src_text and ja_part in d.tgt_text


def test_meaning_is_opt_in_and_runs_both_directions():
    assert "meaning" in available_checks("ja-en") and "meaning" in available_checks("en-ja")
    assert "meaning" not in default_checks("ja-en") and "meaning" not in default_checks("en-ja")


def test_neighbouring_chunks_facing_one_english_chunk_are_one_finding():
    class C:
        def __init__(self, start, end):
            self.start, self.end = start, end

    en = C(0, 10)
    flagged = [
        {"j": 2, "ja": C(5, 7), "en": en, "ja_words": ["弓"], "similarity": 0.2, "z": -1.6},
        {"j": 3, "ja": C(7, 10), "en": en, "ja_words": ["稽古"], "similarity": 0.1, "z": -1.8},
        {"j": 5, "ja": C(12, 14), "en": en, "ja_words": ["庭"], "similarity": 0.15, "z": -1.7},
    ]
    merged = _merged(flagged)
    assert [(m["ja"].start, m["ja_end"], m["ja_words"], m["z"]) for m in merged] == [
        (5, 10, ["弓", "稽古"], -1.8), (12, 14, ["庭"], -1.7)]
