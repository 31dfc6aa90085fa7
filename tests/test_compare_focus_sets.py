"""Compare knowledge learnt on the focused development sets of Kyoto sentences, each in a literal
and a free faithful English: ``kyoto_polarity_tuning`` (a negation) and ``kyoto_numbers_tuning``
(a number, date or era year). Each a table of sentences: the divergent renderings must be
flagged, the faithful ones must not."""

from __future__ import annotations

import pytest

from bialign.compare import compare
from bialign.compare.evaluate import pair_alignment
from compare_helpers import real


# --- "escaped", "outside": English words that carry a negation ----------------------------------

@pytest.mark.parametrize("ja, en, flagged", [
    ("幸い、塔の根幹部は倒壊せずに残った。", "Fortunately, the main structure of the pagoda escaped collapse.", False),
    ("幸い、塔の根幹部は倒壊せずに残った。", "Fortunately, the main structure of the pagoda collapsed.", True),
    ("しかし、新暦の5月は雨のシーズンではない。", "May in the Gregorian calendar, however, falls outside the rainy season.", False),
    ("しかし、新暦の5月は雨のシーズンではない。", "May in the Gregorian calendar, however, is the rainy season.", True),
])
def test_english_words_that_carry_a_negation(ja, en, flagged):
    assert bool(real(ja, en, ["polarity"])) == flagged


# --- 弁へず: a classical kana spelling that UniDic reads as a noun and a particle -------------------
# (the negated 弁 is not anchored, so a dropped negation is reported undecided: info)

@pytest.mark.parametrize("ja, en, flagged", [
    ("愚かなる射手は弓道の術理を弁へず。", "Foolish archers do not understand the principles of kyudo.", False),
    ("愚かなる射手は弓道の術理を弁へず。", "Foolish archers understand the principles of kyudo.", True),
])
def test_classical_negation_after_he(ja, en, flagged):
    assert bool(compare(pair_alignment(ja, en), checks=["polarity"])) == flagged


# --- "understand", "under", "unit": no un- prefix, so no English negation -------------------------

@pytest.mark.parametrize("ja, en, flagged", [
    ("射手は弓道の術理を弁えない。", "Archers understand the principles of kyudo.", True),
    ("射手は弓道の術理を弁えない。", "Archers do not understand the principles of kyudo.", False),
])
def test_understand_is_no_negation(ja, en, flagged):
    assert bool(real(ja, en, ["polarity"])) == flagged


# --- a reading never anchors an English function word --------------------------------------------
# (依坐 split as 依 + 坐, the reading of 坐 matched "the": the polarity flag then pointed at "the")

def test_reading_anchor_is_never_a_function_word():
    ja = ("一方で、神幸行列などにおいて馬上であることは特別なことではなく、また装飾と化粧は風流でも見られるものであり、"
          "前述の特徴は宗教的な意味が特に強いものではなく、ヒトツモノは依坐ではなかったとの解釈もある。")
    en = ("On the other hand, some argue that riding on horseback is commonplace in processions of the deity and "
          "similar events, and that ornaments and makeup are found in furyu performances as well, so the features "
          "described above carry no special religious weight and the hitotsumono was not in fact a yorimashi "
          "(vessel for a deity).")
    flags = compare(pair_alignment(ja, en), checks=["polarity"])
    assert all(d.tgt_text.lower() != "the" for d in flags)
    assert not real(ja, en, ["polarity"])


# --- "the late Heian and Kamakura periods" is a time, not the late someone -----------------------

@pytest.mark.parametrize("ja, en, flagged", [
    ("平安末期や鎌倉時代には既に例が見られる。", "Instances already appear in the late Heian and Kamakura periods.", False),
    ("平安末期から鎌倉初期に例が見られる。", "Instances appear from the late Heian to early Kamakura period.", False),
    ("昭和天皇の時代に例が見られる。", "Instances appear in the reign of the late Emperor Showa.", True),
])
def test_the_late_of_a_period(ja, en, flagged):
    assert bool(real(ja, en, ["status_words"])) == flagged


# --- 〜ないと〜ない, 〜なければ〜ない: a condition ("is necessary", "only if"), not two negations ------
# (but AもしなければBもしない is "neither … nor")

@pytest.mark.parametrize("ja, en, flagged", [
    ("伝法灌頂を受けていないと伝授出来ない行法がある。",
     "Some practices can be taught only to those who have received denpo-kanjo.", False),
    ("灌頂を受けなければ伝授されない。", "Receiving kanjo is necessary to be taught.", False),
    ("灌頂を受けていないと、伝授出来ない行法がある。",
     "Some practices can be taught only to those who have received kanjo.", False),
    ("水も加えていなければ炭素濾過もしていない酒が適しているといわれる。",
     "It is said that sake to which no water is added, and which is filtered with carbon, is suitable.", True),
    ("この神は存在しないとされる。", "This god is said to exist.", True),
])
def test_negated_condition(ja, en, flagged):
    assert bool(real(ja, en, ["polarity"])) == flagged


# --- 一般的ではなく、: an adjective negated, no "A ではなく B" contrast -------------------------------

@pytest.mark.parametrize("ja, en, flagged", [
    ("平安末期には既に例が見られるが、まだ一般的ではなく、江戸時代を経て一般化していった。",
     "Instances already appear in the late Heian period, but the practice was already common then and spread "
     "gradually through the Edo period.", True),
    ("平安末期には既に例が見られるが、まだ一般的ではなく、江戸時代を経て一般化していった。",
     "Instances already appear in the late Heian period, but the practice was still uncommon then and spread "
     "gradually through the Edo period.", False),
])
def test_negated_adjective_is_no_contrast(ja, en, flagged):
    assert bool(real(ja, en, ["polarity"])) == flagged


# --- ではなくなる "is no longer": UniDic's verb 無くなる after では ------------------------------------

@pytest.mark.parametrize("ja, en, flagged", [
    ("現在では名古屋の新名物としても過言ではなくなっている。",
     "At present it has become an exaggeration to call it a new specialty of Nagoya.", True),
    ("現在では名古屋の新名物としても過言ではなくなっている。",
     "At present it is no exaggeration to call it a new specialty of Nagoya.", False),
    ("この習慣は一般的ではなくなった。", "This custom became common.", True),
    ("この習慣は一般的ではなくなった。", "This custom is no longer common.", False),
])
def test_no_longer(ja, en, flagged):
    assert bool(real(ja, en, ["polarity"])) == flagged


# --- 少なくない "not a few" is many: "few" turns it around ------------------------------------------

@pytest.mark.parametrize("ja, en, flagged", [
    ("国人領主の中には地位や自立性を失った者も少なくなかった。", "Few of the kokujin lords lost their status and autonomy.", True),
    ("国人領主の中には地位や自立性を失った者も少なくなかった。", "Many of the kokujin lords lost their status and autonomy.", False),
    ("国人領主の中には地位や自立性を失った者も少なくなかった。",
     "There were more than a few regional lords who lost their status and autonomy.", False),
    ("その簡便さから扇拍子の残った例も少なくない。", "Because of its convenience, not a few examples of ogi-byoshi remain.", False),
    ("その簡便さから扇拍子の残った例も少なくない。", "Because of its convenience, few examples of ogi-byoshi remain.", True),
])
def test_not_a_few_is_many(ja, en, flagged):
    assert bool(real(ja, en, ["polarity"])) == flagged


# --- 必ずしも…ない "not necessarily" rendered "necessarily" or "always": turned around ---------------

@pytest.mark.parametrize("ja, en, flagged", [
    ("現在では必ずしもうるち米だけが原料ではない。", "At present uruchi-mai alone is necessarily the ingredient.", True),
    ("現在では必ずしもうるち米だけが原料ではない。", "At present uruchi-mai is not necessarily the only ingredient.", False),
    ("奉納に用いられる対象は、必ずしも食物や酒にかぎらない。", "What is offered is always food or sake.", True),
    ("奉納に用いられる対象は、必ずしも食物や酒にかぎらない。", "What is offered need not be limited to food or sake.", False),
    ("奉納に用いられる対象は、必ずしも食物や酒にかぎらない。", "Offerings are not always food or sake.", False),
])
def test_not_necessarily_turned_around(ja, en, flagged):
    assert bool(real(ja, en, ["polarity"])) == flagged


# --- "away" carries no negation ("walked away" renders 立ち去る) -----------------------------------

@pytest.mark.parametrize("ja, en, flagged", [
    ("四条中納言は、狼狽のあまり返歌も出来ずに立ち去ってしまったという。",
     "Shijo Chunagon is said to have been so flustered that he walked away after managing a reply poem.", True),
    ("四条中納言は、狼狽のあまり返歌も出来ずに立ち去ってしまったという。",
     "Shijo Chunagon is said to have been so flustered that he walked away without managing a reply poem.", False),
])
def test_away_is_no_negation(ja, en, flagged):
    assert bool(real(ja, en, ["polarity"])) == flagged


# --- parts of an hour in words: "a quarter of an hour" is 15分 -----------------------------------

@pytest.mark.parametrize("ja, en, flagged", [
    ("インターチェンジから約15分", "Roughly a quarter of an hour from the interchange", False),
    ("福知山駅から、バスで約30分。", "From Fukuchiyama Station, about half an hour on a bus.", False),
    ("福知山駅から、バスで約30分。", "From Fukuchiyama Station, about three quarters of an hour on a bus.", True),
    ("福知山駅から、バスで約90分。", "From Fukuchiyama Station, about an hour and a half on a bus.", False),
])
def test_parts_of_an_hour(ja, en, flagged):
    assert bool(real(ja, en, ["numbers"])) == flagged


# --- "might as well" renders べき ------------------------------------------------------------------

@pytest.mark.parametrize("ja, en, flagged", [
    ("市長は「いっそ式そのものを打ち切りにするべきではないかと思う」と発言した。",
     "The mayor remarked, \"I think we might as well scrap the ceremony altogether.\"", False),
    ("市長は「いっそ式そのものを打ち切りにするべきではないかと思う」と発言した。",
     "The mayor remarked, \"I think the ceremony might be scrapped altogether.\"", True),
])
def test_might_as_well_is_should(ja, en, flagged):
    assert bool(real(ja, en, ["modality"])) == flagged


# --- an era year matched, its Gregorian year changed ----------------------------------------------

@pytest.mark.parametrize("ja, en, flagged", [
    ("701年(大宝元年)から819年(弘仁10年)の間の式を編纂したもの。",
     "It is a compilation of the shiki from the period between 701 (Taiho 1) and 818 (Konin 10).", True),
    ("701年(大宝元年)から819年(弘仁10年)の間の式を編纂したもの。",
     "It is a compilation of the shiki from the period between 701 (Taiho 1) and 819 (Konin 10).", False),
    ("元禄16年には禅者としての修行を終える。", "In Genroku 16 (1713), he completed his training as a Zen practitioner.", True),
    ("元禄16年には禅者としての修行を終える。", "In Genroku 16 (1703), he completed his training as a Zen practitioner.", False),
    ("その後1642年（寛永19年）・1650年（慶安3年）・1655年（明暦元年）と三度にわたって天台座主に任じられた。",
     "He went on to serve three terms as Tendai zasu, being appointed in 1642, 1651 and 1655.", True),
    ("その後1642年（寛永19年）・1650年（慶安3年）・1655年（明暦元年）と三度にわたって天台座主に任じられた。",
     "He went on to serve three terms as Tendai zasu, being appointed in 1642, 1650 and 1655.", False),
])
def test_gregorian_year_of_an_era_year_changed(ja, en, flagged):
    assert bool(real(ja, en, ["numbers"])) == flagged


# --- "the seventeenth century" is a century, as 18世紀 is -------------------------------------------

@pytest.mark.parametrize("ja, en, flagged", [
    ("18世紀後半から19世紀末に流行した。", "It was in vogue from the late seventeenth century until the close of the nineteenth.", True),
    ("18世紀後半から19世紀末に流行した。", "It was in vogue from the late eighteenth century until the close of the nineteenth.", False),
])
def test_century_in_words(ja, en, flagged):
    assert bool(real(ja, en, ["numbers"])) == flagged


@pytest.mark.parametrize("ja, en, flagged", [
    ("888年（仁和4年）、五位蔵人が置かれた。", "In 889 (Ninna 4), the Goi no Kurodo was established.", True),
    # a lunisolar date at the year's end, converted: the Gregorian year is the next one
    ("888年（仁和4年）11月27日、五位蔵人が置かれた。", "On January 6, 889 (Ninna 4), the Goi no Kurodo was established.", False),
])
def test_changed_year_but_not_a_converted_year_end(ja, en, flagged):
    assert bool(real(ja, en, ["numbers"])) == flagged


# --- a qualifier after a counter or a conversion in parentheses -----------------------------------

@pytest.mark.parametrize("ja, en, flagged", [
    ("日本各地に400か寺余りの末寺がある。", "It has nearly four hundred branch temples across Japan.", True),
    ("日本各地に400か寺余りの末寺がある。", "It has more than four hundred branch temples across Japan.", False),
    ("身長は6尺（180㎝）近くあったという。", "He is said to have stood just over six shaku (180 cm) tall.", True),
    ("身長は6尺（180㎝）近くあったという。", "He is said to have stood nearly six shaku (180 cm) tall.", False),
])
def test_qualifier_after_a_counter_or_a_conversion(ja, en, flagged):
    assert bool(real(ja, en, ["numbers"])) == flagged


# --- a year written twice gives the written Gregorian year (元亀3年（1571年）: 1571, not 1572) -------
# (from a blind-judged held-out sample, 2026-12-01r: "between 1573 and 1592" for 天正年間 was
# reported as 1572 changed)

def test_written_gregorian_year_is_the_year_given():
    ja = "元亀3年（1571年）、焼き討ちは免れたが、天正年間に現在地に移った。"
    en = ("The temple was saved from Nobunaga's 1571 attack but was later relocated to its present site "
          "between 1573 and 1592 in the Tensho era.")
    assert not real(ja, en, ["numbers"])


# --- two dates with one day number: the English changes one of them --------------------------------

@pytest.mark.parametrize("ja, en, flagged", [
    ("出羽三山神社で7月15日に、庄内神社でも8月15日に上演される。",
     "It is performed at Dewa Sanzan-jinja on July 15, and at Shonai-jinja on August 25.", True),
    ("出羽三山神社で7月15日に、庄内神社でも8月15日に上演される。",
     "It is performed at Dewa Sanzan-jinja on July 15, and at Shonai-jinja on August 15.", False),
])
def test_day_of_one_date_changed(ja, en, flagged):
    assert bool(real(ja, en, ["numbers"])) == flagged


# --- an expression's gloss words render it, its function words do not ("few and far between") -----

@pytest.mark.parametrize("ja, en, flagged", [
    ("インドにおいては財宝神とされ、戦闘的イメージは殆ど無かった。",
     "In India he was regarded as a god of treasure, and there was a strong warlike image.", True),
    ("インドにおいては財宝神とされ、戦闘的イメージは殆ど無かった。",
     "In India he was regarded as a god of treasure, and there was hardly any warlike image.", False),
])
def test_gloss_function_words_render_nothing(ja, en, flagged):
    assert bool(real(ja, en, ["polarity"])) == flagged


# --- a numeral inside a word that ranks or counts (三男, 二十六世, 十三重塔) --------------------------
# (the English number must stand before the word that renders the counter: "sixth" in a gloss
# of another title is no rendering of 正五位)

@pytest.mark.parametrize("ja, en, flagged", [
    ("藤原道長の三男である。", "He was the fourth son of Fujiwara no Michinaga.", True),
    ("藤原道長の三男である。", "He was the third son of Fujiwara no Michinaga.", False),
    ("二十六世金剛流宗家。", "He is the twenty-fifth head of the Kongo school.", True),
    ("二十六世金剛流宗家。", "He is the twenty sixth head of the Kongo school.", False),
    ("境内には十三重塔が建つ。", "A nine-story pagoda stands in the precinct.", True),
    ("境内には十三重塔が建つ。", "A thirteen-story pagoda stands in the precinct.", False),
    ("正五位下の神階を授けられた。", "It was given a divine rank, as the sixth of the six national histories records.", False),
])
def test_numeral_inside_a_ranking_or_counting_word(ja, en, flagged):
    assert bool(real(ja, en, ["numbers"])) == flagged
