"""Compare knowledge learnt on free retranslations of Kyoto sentences (the ninth session's
development sets: ``kyoto_retrans_tuning`` and the tuning challenge set), each a table of
sentences: the divergent renderings must be flagged, the faithful ones must not."""

from __future__ import annotations

import pytest

from compare_helpers import real


# --- an English word of negative meaning that renders a Japanese content word ---------------------
# ("stopped" renders 立ち寄る, "exempt" 免除): it cannot also render the bead's ない

@pytest.mark.parametrize("ja, en, flagged", [
    ("千里中央と京都駅前には立ち寄らなかった。", "They stopped at Senri Chuo and Kyoto Station.", True),
    ("千里中央と京都駅前には立ち寄らなかった。", "They did not stop at Senri Chuo or Kyoto Station.", False),
    ("白丁である限り、租税は免除されなかった。", "As long as they were hakutei, they were exempt from taxes.", True),
    ("白丁である限り、租税は免除されなかった。", "As long as they were hakutei, they were not exempt from taxes.", False),
    # a word that negates its own stem renders the negation: 恐れることなく "fearlessly"
    ("武士たちは死を恐れることなく戦った。", "The warriors fought fearlessly.", False),
    # "from …ing" carries the negation whatever verb it holds
    ("この際、梅が浮いてこないよう砂糖を一番上にする事が多い。",
     "At this stage the sugar is often placed on the very top to keep the ume from floating up.", False),
    ("帝釈天は蟻を踏み殺してしまわないように軍を止めた。", "Taishakuten stopped his army from stomping the ants to death.", False),
    # 問わず is "regardless of", no negation
    ("臨時雑役は荘園・公領を問わずに賦課された。", "Rinjizoyaku was imposed on the manors as well as on public lands.", False),
])
def test_negative_word_that_renders_another_word(ja, en, flagged):
    assert bool(real(ja, en, ["polarity"])) == flagged


# --- 必ずしも…ない rendered "need not" -----------------------------------------------------------------

@pytest.mark.parametrize("ja, en, flagged", [
    ("奉納に用いられる対象は、必ずしも食物や酒にかぎらない。", "What is offered need not be limited to food or sake.", False),
    ("奉納に用いられる対象は、必ずしも食物や酒にかぎらない。", "What is offered is not necessarily food or sake.", False),
])
def test_not_necessarily(ja, en, flagged):
    assert bool(real(ja, en, ["modality"])) == flagged


# --- AをBという names; …したものという reports ----------------------------------------------------------

@pytest.mark.parametrize("ja, en, flagged", [
    ("茶碗蒸しにうどんを加えたものを小田巻き蒸しという。", "Chawanmushi with udon added is odamaki-mushi.", False),
    ("具に豆腐を使い、葛あんをかけたものを空也蒸しという。", "Kuya-mushi uses tofu and is topped with kudzu sauce.", False),
    ("方丈は桃山城の遺構を移築したものという。", "The Hojo was relocated from the remains of Momoyama Castle.", True),
    ("方丈は桃山城の遺構を移築したものという。", "The Hojo is said to have been relocated from Momoyama Castle.", False),
])
def test_naming_is_no_hearsay(ja, en, flagged):
    assert bool(real(ja, en, ["evidentials"])) == flagged


# --- a past role (副社長であった) is what "formerly" renders ------------------------------------------------

@pytest.mark.parametrize("ja, en, flagged", [
    ("古河鉱業副社長であった原敬内務大臣が、古河虎之助を説得した。",
     "Home Minister Hara Takashi, formerly vice president of Furukawa Mining, persuaded Furukawa Toranosuke.", False),
    ("古河鉱業副社長の原敬内務大臣が、古河虎之助を説得した。",
     "Home Minister Hara Takashi, a former vice president of Furukawa Mining, persuaded Furukawa Toranosuke.", True),
])
def test_past_role_is_former(ja, en, flagged):
    assert bool(real(ja, en, ["status_words"])) == flagged


# --- the negated word rendered by a derivation of its gloss (安定 "stability" → "stable") ------------

@pytest.mark.parametrize("ja, en, flagged", [
    ("竹管は音色に優れるが、調律が安定しない。", "Bamboo tubes sound excellent, and their tuning is stable.", True),
    ("竹管は音色に優れるが、調律が安定しない。", "Bamboo tubes sound excellent, but their tuning is unstable.", False),
    ("原則として上り列車が2番線に入ることはない。", "In principle, inbound trains come in on Platform 2.", True),
    ("原則として上り列車が2番線に入ることはない。", "In principle, inbound trains never use Platform 2.", False),
    # an expression's words render nothing of it: 類を見ない "unique"
    ("世界に類を見ない日本独自の屋根工法である。", "It is a one-of-a-kind roofing method peculiar to Japan.", False),
    # 経る "to go through": a preposition of a gloss renders nothing
    ("四度加行を行うには、得度と受戒を経なければならない。", "Monks must go through tokudo and jukai to reach Shidokegyo.", False),
])
def test_negated_word_rendered_by_a_derivation(ja, en, flagged):
    assert bool(real(ja, en, ["polarity"])) == flagged


# --- ability and frequency (できる, こともあった) account for a "may", not for hearsay ---------------------

@pytest.mark.parametrize("ja, en, flagged", [
    ("沿道は住宅街で、京都財界の著名人が居を構えたこともあった。",
     "The area is residential, and some celebrities of the Kyoto business world are said to have lived there.", True),
    ("沿道は住宅街で、京都財界の著名人が居を構えたこともあった。",
     "The area is residential, and some celebrities of the Kyoto business world once lived there.", False),
    ("北海道において「番茶」とはほうじ茶全般を指すことが多い。", "In Hokkaido, 'bancha' is said to often mean hojicha.", True),
])
def test_frequency_is_no_hearsay(ja, en, flagged):
    assert bool(real(ja, en, ["evidentials"])) == flagged


# --- a country put in another's place ----------------------------------------------------------------

@pytest.mark.parametrize("ja, en, flagged", [
    ("政府は、ベトナムとの間で、防衛装備品の輸出に向けた協議を始めることで合意した。",
     "The government has agreed with Thailand to start talks on exporting defense equipment.", True),
    ("政府は、ベトナムとの間で、防衛装備品の輸出に向けた協議を始めることで合意した。",
     "The government has agreed with Vietnam to start talks on exporting defense equipment.", False),
    # the other country is given as an adjective (French), the one put in another's place is not
    ("フランスの外相は、日本との関係について「重要性が増している」と述べた。",
     "The French foreign minister said relations with South Korea are growing in importance.", True),
    ("フランスの外相は、日本との関係について「重要性が増している」と述べた。",
     "The French foreign minister said relations with Japan are growing in importance.", False),
    # an English country that renders another word of the Japanese: 来日 "came to Japan"
    ("清国の楊守敬が来日した。", "Yang Shoujing from Qing came to Japan.", False),
    # "South Korea" renders 大韓民国, which UniDic splits (大韓 + 民国); 日本産 is "domestic"
    ("日本産の製品と大韓民国からの輸入品が並んだ。", "Domestic products and imports from South Korea were lined up.", False),
    # 蘭 is an orchid here, not the Netherlands
    ("蘭をはじめ四君子を好んで描いた。", "He liked to paint orchids and the other plants that came from China.", False),
])
def test_country_put_in_anothers_place(ja, en, flagged):
    assert bool(real(ja, en, ["names"])) == flagged


# --- an institution put in another's place -------------------------------------------------------------

@pytest.mark.parametrize("ja, en, flagged", [
    ("経済産業省は、電気・ガス料金の補助を来年1月から再開すると発表した。",
     "The Ministry of Internal Affairs and Communications announced that it will resume power and gas subsidies in January.", True),
    ("経済産業省は、電気・ガス料金の補助を来年1月から再開すると発表した。",
     "The Ministry of Economy, Trade and Industry announced that it will resume power and gas subsidies in January.", False),
    ("経済産業省は、電気・ガス料金の補助を来年1月から再開すると発表した。",
     "The industry ministry announced that it will resume power and gas subsidies in January.", False),
    ("国際通貨基金（IMF）は、日本の成長率見通しを0.6％に下方修正した。",
     "The World Bank lowered its growth forecast for Japan to 0.6 percent.", True),
    ("国際通貨基金（IMF）は、日本の成長率見通しを0.6％に下方修正した。",
     "The IMF lowered its growth forecast for Japan to 0.6 percent.", False),
    # a British spelling of the name is the name
    ("北大西洋条約機構は声明を出した。", "The North Atlantic Treaty Organisation issued a statement.", False),
    # another institution the Japanese names too is no substitute
    ("気象庁と消防庁は、大雨への警戒を呼びかけた。",
     "The Meteorological Agency and the Fire and Disaster Management Agency called for caution against heavy rain.", False),
])
def test_institution_put_in_anothers_place(ja, en, flagged):
    assert bool(real(ja, en, ["names"])) == flagged


# --- an unnamed source, and a word of another phrase that is no rendering of the source -----------------

@pytest.mark.parametrize("ja, en, flagged", [
    ("関係者によると、政府は増税を検討している。来年の国会に関連法案を提出することを目指す。",
     "The government is considering a tax increase, the finance minister said. It aims to submit related bills to next year's Diet.", True),
    ("関係者によると、政府は増税を検討している。来年の国会に関連法案を提出することを目指す。",
     "The government is considering a tax increase, according to sources. It aims to submit related bills to next year's Diet.", False),
    ("関係者によると、政府は増税を検討している。",
     "The government is considering a tax increase, people familiar with the matter said.", False),
])
def test_unnamed_source(ja, en, flagged):
    assert bool(real(ja, en, ["sources"])) == flagged


# --- 故 and 元 together: "former" alone drops the death ---------------------------------------------------

@pytest.mark.parametrize("ja, en, flagged", [
    ("式典には、故・青山義男元知事の妻も出席した。", "The wife of former Gov. Yoshio Aoyama also attended the ceremony.", True),
    ("式典には、故・青山義男元知事の妻も出席した。", "The wife of the late former Gov. Yoshio Aoyama also attended the ceremony.", False),
    ("式典には、故青山知事の妻も出席した。", "The wife of the late Gov. Aoyama also attended the ceremony.", False),
])
def test_late_and_former(ja, en, flagged):
    assert bool(real(ja, en, ["status_words"])) == flagged


# --- English "no" after a word romanized Japanese cannot spell --------------------------------------------

@pytest.mark.parametrize("ja, en, flagged", [
    ("町内の水道水から基準を超える有機フッ素化合物が検出された。",
     "Tests detected no organic fluorine compounds above the standard in the town's tap water.", True),
    ("町内の水道水から基準を超える有機フッ素化合物が検出された。",
     "Tests detected organic fluorine compounds above the standard in the town's tap water.", False),
    # the particle of romanized Japanese, also inside quotation marks
    ("古今和歌集が編まれた時代は「延喜の治」と呼ばれた。", "The era in which the Kokin Wakashu was compiled was called 'Engi no chi'.", False),
    # a quoted English 'No' is a word, not a negation
    ("石原慎太郎の『「NO」と言える日本』が話題になった。", "Shintaro ISHIHARA's 'The Japan That Can Say \"No\"' attracted attention.", False),
])
def test_english_no(ja, en, flagged):
    assert bool(real(ja, en, ["polarity"])) == flagged


# --- "at the age of eighteen" is an age -----------------------------------------------------------------

@pytest.mark.parametrize("ja, en, flagged", [
    ("8歳で東寺に入って真言密教を習う。", "He entered To-ji Temple at the age of eighteen and studied Shingon Buddhism.", True),
    ("8歳で東寺に入って真言密教を習う。", "He entered To-ji Temple at the age of eight and studied Shingon Buddhism.", False),
    ("8歳で東寺に入って真言密教を習う。", "Aged 8, he entered To-ji Temple and studied Shingon Buddhism.", False),
])
def test_age_in_words(ja, en, flagged):
    assert bool(real(ja, en, ["numbers"])) == flagged


# --- time references: 翌11月, その後 against "earlier", 近年 against "long ago" ---------------------------------

@pytest.mark.parametrize("ja, en, flagged", [
    ("翌11月高村が復活し、東亜キネマを買収した。", "The previous November, Takamura made a comeback and bought Toa Kinema.", True),
    ("翌11月高村が復活し、東亜キネマを買収した。", "The following November, Takamura made a comeback and bought Toa Kinema.", False),
    ("その後、京都一心院で専修念仏に努めた。", "He had earlier devoted himself to the nenbutsu at Isshin-in in Kyoto.", True),
    ("その後、京都一心院で専修念仏に努めた。", "He later devoted himself to the nenbutsu at Isshin-in in Kyoto.", False),
    ("煎茶の製法が標準化されたのは比較的近年である。", "The method for sencha was standardized relatively long ago.", True),
    ("煎茶の製法が標準化されたのは比較的近年である。", "The method for sencha was standardized relatively recently.", False),
])
def test_time_references_of_encyclopedic_text(ja, en, flagged):
    assert bool(real(ja, en, ["time_reference"])) == flagged


# --- a negation inside an English gloss renders no ない of the text ----------------------------------------

@pytest.mark.parametrize("ja, en, flagged", [
    ("また、白丁である限りは租税は免除されなかった。", "They were exempt from taxes so long as they remained hakucho (commoners without rank).", True),
    ("また、白丁である限りは租税は免除されなかった。", "They were not exempt from taxes so long as they remained hakucho (commoners without rank).", False),
])
def test_negation_inside_an_english_gloss(ja, en, flagged):
    assert bool(real(ja, en, ["polarity"])) == flagged


# --- the court's Left and Right, and its ranks' Senior and Junior grades ------------------------------------

@pytest.mark.parametrize("ja, en, flagged", [
    ("899年2月11日、右大弁に転任。", "On February 11, 899, he was transferred to the post of Sadaiben (Major Controller of the Left).", True),
    ("899年2月11日、右大弁に転任。", "On February 11, 899, he was transferred to the post of Udaiben (Major Controller of the Right).", False),
    ("江戸時代後期に師資は従三位に叙された。", "In the late Edo period, Morosuke was raised to Senior Third Rank.", True),
    ("江戸時代後期に師資は従三位に叙された。", "In the late Edo period, Morosuke was raised to Junior Third Rank.", False),
    ("江戸時代後期に師資は従三位に叙された。", "In the late Edo period, Morosuke was raised to Jusanmi (Junior Third Rank).", False),
    # "senior" of something else is no grade
    ("従三位の公卿で、寺の長老でもあった。", "He was a court noble of Junior Third Rank and a senior monk of the temple.", False),
])
def test_court_left_right_senior_junior(ja, en, flagged):
    assert bool(real(ja, en, ["status_words"])) == flagged
