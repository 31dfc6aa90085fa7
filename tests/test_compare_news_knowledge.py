"""Compare knowledge learnt on the fourth round of news development sets (names put in
another's place, hedges the English adds), each a table of sentences: the divergent
renderings must be flagged, the faithful ones must not."""

from __future__ import annotations

import pytest

from bialign.compare import Divergence, compare
from bialign.compare.evaluate import pair_alignment


def real(ja: str, en: str, checks=None) -> list[Divergence]:
    return [d for d in compare(pair_alignment(ja, en), checks=checks) if d.severity != "info"]


# --- a person put in another's place ------------------------------------------------------------

@pytest.mark.parametrize("ja, en, flagged", [
    # a surname alone before a title, with another surname after the English title
    ("松井官房長官は記者会見で、抗議したことを明らかにした。",
     "Chief Cabinet Secretary Matsuda told a news conference that Japan had lodged a protest.", True),
    ("松井官房長官は記者会見で、抗議したことを明らかにした。",
     "Chief Cabinet Secretary Matsui told a news conference that Japan had lodged a protest.", False),
    # a full name before a title (氏, 容疑者): the kanji of the title end the name
    ("新社長には、専務の高田美穂氏（56）が昇格する。", "Senior Managing Director Miho Takeda, 56, will be promoted to president.", True),
    ("新社長には、専務の高田美穂氏（56）が昇格する。", "Senior Managing Director Miho Takada, 56, will be promoted to president.", False),
    ("県警は、会社員、村井健太容疑者（29）を逮捕した。", "Police arrested Kenta Murata, 29, a company employee.", True),
    ("県警は、会社員、村井健太容疑者（29）を逮捕した。", "Police arrested Kenta Murai, 29, a company employee.", False),
    # a given name UniDic splits into common parts (綺 + 世) before 選手; the one person of each
    # side, whatever their order ("X scored" for …のは X だった)
    ("決勝点を挙げたのは、後半途中から出場した上田綺世選手だった。",
     "The winning goal was scored by Takumi Minamino, who came on as a substitute in the second half.", True),
    ("決勝点を挙げたのは、後半途中から出場した上田綺世選手だった。",
     "The winning goal was scored by Ayase Ueda, who came on as a substitute in the second half.", False),
])
def test_person_put_in_anothers_place(ja, en, flagged):
    assert bool(real(ja, en, ["names"])) == flagged


@pytest.mark.parametrize("ja, en", [
    # 氏 after a surname alone is a clan in encyclopedic text, and a lone place word is no surname
    ("室町将軍家の御家人の松井氏も同流という。", "The Matsui clan, gokenin of the Muromachi shogunate in Kamakura, was of the same line."),
    ("南朝方についた窪寺氏の葬地にもなっている。", "It also became the burial place of a family of Japan that sided with the Southern Court."),
    # a name said twice in the English is matched twice
    ("北条時政公の御持仏と口伝され、仲丸奥堂師より勧請した。",
     "It was the gojibutsu of Tokimasa HOJO, he was told by Nakamaru okunodoshi, gojibutsu of Tokimasa HOJO."),
])
def test_no_substitute_without_a_person_in_its_place(ja, en):
    assert [d for d in real(ja, en, ["names"]) if "in this one's place" in d.explanation] == []


# --- hedges the English adds ---------------------------------------------------------------------

@pytest.mark.parametrize("ja, en, flagged", [
    ("電力会社によると、停電の原因は、送電線の故障だった。",
     "According to the power company, the outage is believed to have been caused by a fault in a transmission line.", True),
    ("電力会社によると、停電の原因は、送電線の故障とみられる。",
     "According to the power company, the outage is believed to have been caused by a fault in a transmission line.", False),
    ("運航会社によると、ヘリコプターには4人が乗っていた。", "According to the operator, four people are thought to have been on board the helicopter.", True),
    ("警察によると、男は調べに対し、容疑を認めている。", "According to police, the man appears to have admitted to the allegations.", True),
    ("警察によると、男は調べに対し、容疑を認めている様子だ。", "According to police, the man appears to have admitted to the allegations.", False),
    ("外務省によると、首脳会議は来月、東京で開かれる。", "According to the Foreign Ministry, the summit is expected to be held in Tokyo next month.", True),
    ("首脳会議は来月、東京で開かれる予定だ。", "The summit is expected to be held in Tokyo next month.", False),
    # 見通しだ rendered by "is expected to", which is then no hedge of the English's own
    ("5人が立候補する見通しだ。", "Five people are expected to run.", False),
    # "is believed to" renders an attribution: とされる, 信仰されている, 伝えられる, 指摘されている, としている
    ("安産の神として信仰されている。", "The deities are believed to grant safe childbirth.", False),
    ("イワナガヒメが歿したとされる磐座が祀られている。", "A rock where Iwanagahime is believed to have died is enshrined.", False),
    ("その影響が指摘されている。", "Its influence is thought to be seen.", False),
    ("『花鳥余情』などが大弐三位が作者であるとしている。", "In Kachoyojo, the work is thought to have been written by Daini no Sanmi.", False),
])
def test_hedge_added(ja, en, flagged):
    assert bool(real(ja, en, ["modality"])) == flagged
