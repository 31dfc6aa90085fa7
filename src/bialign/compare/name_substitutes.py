"""A person or a place put in another's place: a Japanese name rendered as someone else's.

A Japanese person's name the English does not render, where the English has in its place a
name that is plainly Japanese (Hideyoshi HASHIBA for 明智光秀), or a surname rendered with
another given name (武田惣角 → "Sokichi TAKEDA"; Sokaku is its reading). "Cannot be this
name" means: no reading UniDic gives, no JMnedict rendering, and no combination of the
KANJIDIC readings of its characters (on, kun and name readings, with rendaku) spells it.

A person's name ends where a title starts (高田美穂氏, 村井健太容疑者, 上田綺世選手), and a
surname alone before a title (松井官房長官) may have one English word in its place, if an
English title stands before it ("Chief Cabinet Secretary Matsuda"). When each side has one
such person only, their positions in the sentence need not agree ("X scored" for …のは X だった).

A foreign person's katakana name before a title (ハディ大統領), where the English gives the
title with another name ("President Hasan"), when each side has one such (:func:`_titled_substitutions`).

A place put in another's place (:func:`_place_substitutions`): a Japanese place with no
counterpart whose administrative unit the English names for another place (大阪府警 "Hyogo
prefectural police", 博多区 "Fukuoka's Chuo Ward").

A country put in another's place (:func:`_country_substitutions`): a country of the Japanese
(UniDic's 地名-国) that the English neither names nor gives as an adjective (フランス "French",
from JMdict's フランス語), where the English names a country that no word of the Japanese is
or glosses (JMdict has the English name as a gloss of a word UniDic reads as a country):
ベトナムとの間で合意 → "agreed with Thailand". Not 来日 "came to Japan", nor 蘭 "orchids".

An institution put in another's place (:func:`_institution_substitutions`): a Japanese word
whose first JMdict gloss is an institution's name (経済産業省 "Ministry of Economy, Trade and
Industry", 国際通貨基金) that the English does not name (nor by its head word and another word
of its name: "the industry ministry"), where the English gives the official name of another
(a gloss of a Japanese word the bead has not): 経済産業省 → "the Ministry of Internal Affairs
and Communications", 国際通貨基金（IMF） → "the World Bank".

The ``names`` check (:mod:`.names`) reports what :func:`_whole_substitutes`,
:func:`_part_substitutions`, :func:`_titled_substitutions`, :func:`_place_substitutions`,
:func:`_country_substitutions` and :func:`_institution_substitutions` find; names are read and squashed with the machinery of :mod:`.name_matching`.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import TYPE_CHECKING

from ._common import (BeadView, JaToken, gloss_words, in_parentheses, is_kanji, is_katakana, ja_tokens, jmdict,
                      jmdict_by_gloss, jmnedict, looks_hepburn, reading_romaji, romaji, stem)
from .name_matching import _TITLE_WORDS, _reading_keys, _romanizes_a_word, squash

if TYPE_CHECKING:
    from . import Divergence


def _person_keys(surface: str, reading: str) -> frozenset[str]:
    """Every squashed romanization a person's name (or one part of it) may take in English."""
    keys = set(_reading_keys(surface)) if is_kanji(surface) else set()
    if reading:
        keys.add(squash(reading_romaji(reading))[0])
    for g in jmnedict(surface):
        keys.update(squash(w)[0] for w in re.findall(r"[A-Za-zÀ-ž]+", g))
    return frozenset(k for k in keys if k)


def _reads_as(word: str, keys: frozenset[str]) -> bool:
    """Whether an English word spells one of ``keys`` exactly (after :func:`squash`; "Itoh" as
    "Ito"). Not fuzzily: Yoshitaka and Yoshitake are two people."""
    letters = squash(re.sub(r"['’]s$", "", word))[0]
    return bool(letters) and (letters in keys or re.sub(r"oh(?=[^aeiou]|$)", "o", letters) in keys)


# Titles written after a name (中村蒼選手, 田中容疑者): never part of the given name.
_PERSON_TITLES = frozenset(
    "選手 投手 捕手 監督 氏 容疑者 被告 議員 社長 会長 知事 市長 町長 村長 教授 総裁 代表 委員 記者 首相 大臣 長官 "
    "官房長官 大統領 議長 幹事長 外相 防衛相 財務相 法相 副大臣 弁護士 院長 学長 校長 署長 部長 理事長 会頭 頭取 "
    "主将 棋士 名人 横綱 大関 関脇 小結 師匠".split())


def _title_at(text: str, pos: int) -> bool:
    """Whether a person's title starts at ``pos`` (高田美穂氏, 松井官房長官): the kanji after a
    name that end it rather than continue it."""
    return any(text.startswith(t, pos) for t in _PERSON_TITLES)


def _full_name(view: BeadView, run: list[JaToken]) -> bool:
    """A surname and a given name as UniDic tags them (明智 姓 + 光秀 名), standing on their own:
    no kanji just before or after (藩主藤堂高次, 薩摩源五兵衛 are split names or compounds)."""
    text = view.ja.full_text
    return (len(run) >= 2 and run[0].pos4 == "姓" and all(t.pos3 == "人名" and t.reading for t in run)
            and run[-1].pos4 == "名" and not (run[0].start > 0 and is_kanji(text[run[0].start - 1]))
            and not (run[-1].end < len(text) and is_kanji(text[run[-1].end]) and not _title_at(text, run[-1].end)))


# Hepburn syllables Japanese names do not have, but Chinese and Western ones do (Wu, Chen, Puji)
_NOT_JAPANESE = re.compile(r"w[^a]|y[ie]|che|she|je|t[iu](?!su)|d[iu]|si|zi|hu|f[aieo]|[^aeiou]ua")


def _plain_japanese(word: str) -> bool:
    w = re.sub(r"['’]s$", "", word).lower().replace("-", "")
    return looks_hepburn(w) and not _NOT_JAPANESE.search(w)


def _caps(word: str) -> bool:
    w = re.sub(r"['’]s$", "", word)
    return len(w) >= 2 and w.isupper()


def _quoted(view: BeadView, start: int) -> bool:
    """Whether English text at ``start`` stands in quotation marks (a title: "Sangaku Enteiki")."""
    text = view.en.full_text
    return text[max(0, start - 1):start] in ('"', "“", "'", "‘") or text.count('"', view.en.start, start) % 2 == 1


def _japanese_person(view: BeadView, name: tuple[str, int, int]) -> bool:
    """An English name that is plainly a Japanese person's: Hepburn words only, not in quotation
    marks (a title: "Sangaku Enteiki"), and either a surname in capitals (the Kyoto corpus style,
    "Hideyoshi HASHIBA") or, where the text writes no surname in capitals, two words ("Fumio
    Kishida")."""
    words = [w for w in re.split(r"\s+", name[0]) if w]
    if not words or not all(_plain_japanese(w) for w in words):
        return False
    if any(_caps(w) for w in words):
        return True
    if _quoted(view, name[1]):
        return False
    return len(words) >= 2 and all(len(w) >= 3 for w in words) and not any(  # not "Mi Fu"
        _caps(w.text) and looks_hepburn(w.text) for w in view.en_words)


# English titles written before a person's name ("Chief Cabinet Secretary Matsuda", "President
# Hasan", "Mr. Tanaka").
_EN_PERSON_TITLE = (r"(?:Secretary|Minister|Premier|Chancellor|Governor|Mayor|President|Chairman|Chairwoman|Director|"
                    r"Manager|Coach|Professor|Ambassador|Speaker|Commissioner|Judge|Justice|Senator|Chief|King|Queen|"
                    r"Mr\.|Ms\.|Mrs\.|Dr\.)")
# A title just before a surname written alone: the one place a lone Hepburn word is plainly a
# person's name, not a place's.
_EN_TITLE_BEFORE = re.compile(r"\b" + _EN_PERSON_TITLE + r"\s+$")


def _person_runs(view: BeadView, runs: list[list[JaToken]]) -> list[tuple[list[JaToken], bool]]:
    """The runs that name one person, each with whether it is a surname alone before a title
    (松井官房長官, where the English writes the surname alone: "Chief Cabinet Secretary Matsui"):
    full names as UniDic tags them, a surname with the given name UniDic splits into common
    parts (上田綺世: 綺 + 世), and a lone surname that a title follows."""
    text = view.ja.full_text
    index = {t.start: k for k, t in enumerate(view.ja_tokens)}
    out = []
    for run in runs:
        if in_parentheses(text, run[0].start):
            continue
        if _full_name(view, run):
            out.append((run, False))
            continue
        first = run[0]
        if len(run) != 1 or not (first.pos3 == "人名" and first.pos4 == "姓" and first.reading) or \
                (first.start > 0 and is_kanji(text[first.start - 1])):
            continue
        given = _given_after(view, index[first.start])
        if given and (given[-1].end >= len(text) or not is_kanji(text[given[-1].end])
                      or _title_at(text, given[-1].end)):
            out.append((run + given, False))
        elif not given and _title_at(text, first.end) and not text.startswith("氏", first.end):  # 松井氏: a clan
            out.append((run, True))
    return out


def _whole_substitutes(view: BeadView, runs: list[list[JaToken]], leftovers: list) -> dict[int, tuple]:
    """Japanese person names with no counterpart, each paired with the unexplained Japanese-looking
    English person name nearest to it in relative position, when no reading of it spells any word
    of that English name. A surname alone before a title may be paired with one English word."""
    people = _person_runs(view, runs)
    cands = [n for n in leftovers if _japanese_person(view, n)]
    single = [n for n in leftovers if n not in cands and len(n[0].split()) == 1 and len(n[0]) >= 4
              and _plain_japanese(n[0]) and _EN_TITLE_BEFORE.search(view.en.full_text[max(0, n[1] - 30):n[1]])]
    if not people or not (cands or single):
        return {}
    ja_len = max(1, view.ja.end - view.ja.start)
    en_len = max(1, view.en.end - view.en.start)
    pairs = sorted(((abs((r[0].start - view.ja.start) / ja_len - (c[1] - view.en.start) / en_len), i, j)
                    for i, (r, alone) in enumerate(people) for j, c in enumerate(cands + (single if alone else []))))
    out: dict[int, tuple] = {}
    used_r, used_c = set(), set()
    every = cands + single
    one_each = len(people) == 1 and len({j for _, _, j in pairs}) == 1  # "X scored" for Xが決めた
    for distance, i, j in pairs:
        if i in used_r or j in used_c or (distance > 0.3 and not one_each):
            continue  # far apart: another person of the sentence, not this one's rendering
        used_r.add(i)
        used_c.add(j)
        run, cand = people[i][0], every[j]
        keys = [_person_keys(t.surface, t.reading) for t in run]
        whole = _person_keys("".join(t.surface for t in run), "".join(t.reading for t in run))
        words = cand[0].split()
        if any(_reads_as(w, k) for w in words for k in keys + [whole]) or _reads_as("".join(words), whole):
            continue
        out[run[0].start] = cand
    return out


def _given_after(view: BeadView, i: int) -> list[JaToken]:
    """The given name after the surname ``view.ja_tokens[i]``: UniDic's 名 tokens, or else a
    stretch of one to three kanji that UniDic splits into common parts (武田惣角: 惣 + 角),
    that is no dictionary word and that a particle or punctuation ends."""
    toks = view.ja_tokens
    j = i + 1
    given: list[JaToken] = []
    while j < len(toks) and toks[j].start == (given or [toks[i]])[-1].end and toks[j].pos3 == "人名" \
            and toks[j].pos4 == "名":
        given.append(toks[j])
        j += 1
    if given:
        return given
    full = view.ja.full_text
    while j < len(toks) and toks[j].start == (given or [toks[i]])[-1].end and is_kanji(toks[j].surface) \
            and (toks[j].pos1 in ("名詞", "接頭辞") or toks[j].pos1 == "接尾辞" and given and j + 1 < len(toks)
                 and _title_at(full, toks[j].end)) \
            and not toks[j].is_proper and not _title_at(full, toks[j].start):
        given.append(toks[j])  # a suffix inside a given name before a title: 綺世選手 is 綺 + 世 + 選手
        j += 1
    text = "".join(t.surface for t in given)
    after = toks[j] if j < len(toks) else None
    if not (2 <= len(text) <= 3) or jmdict(text) or (after is not None and after.start == given[-1].end
                                                     and (is_kanji(after.surface) or after.pos1 == "接尾辞")
                                                     and not _title_at(full, after.start)):
        return []
    return given


def _given_keys(view: BeadView, given: list[JaToken]) -> frozenset[str]:
    """Readings of a given name, and of it with the kanji UniDic split off after it (武田真元:
    真 is the 名 token, Shingen reads 真元)."""
    keys = _person_keys("".join(t.surface for t in given), "".join(t.reading for t in given))
    text = view.ja.full_text
    end = given[-1].end
    more = ""
    while end + len(more) < len(text) and len(more) < 2 and is_kanji(text[end + len(more)]):
        more += text[end + len(more)]
    for n in range(1, len(more) + 1):
        keys |= _person_keys("".join(t.surface for t in given) + more[:n], "")
    return keys


def _part_substitutions(view: BeadView, runs: list[list[JaToken]], leftovers: list) -> list:
    """A surname rendered with another given name beside it, or a given name with another surname."""
    out = []
    words = view.en_words
    toks = view.ja_tokens
    index = {t.start: k for k, t in enumerate(toks)}
    for run in runs:
        first = run[0]
        if not (first.pos3 == "人名" and first.pos4 == "姓" and first.reading):
            continue
        given = _given_after(view, index[first.start])
        text = view.ja.full_text
        if not given or in_parentheses(text, first.start) or (first.start > 0 and is_kanji(text[first.start - 1])) \
                or (given[-1].end < len(text) and is_kanji(text[given[-1].end]) and not _title_at(text, given[-1].end)):
            continue  # part of a longer name or compound: 延永春信, 原三郎左衛門, 藩主藤堂高次
        g_reading = "".join(t.reading for t in given)
        if not g_reading:
            continue
        parts = (([first], _person_keys(first.surface, first.reading)), (given, _given_keys(view, given)))
        found = [[k for k, w in enumerate(words) if _reads_as(w.text, keys)] for _, keys in parts]
        for this, other in ((0, 1), (1, 0)):
            if not found[this] or found[other]:
                continue  # both rendered, or neither (the names check's business)
            for k in found[this]:
                for n in (k - 1, k + 1):
                    if not 0 <= n < len(words):
                        continue
                    w = words[n]
                    gap = view.en.full_text[min(w.end, words[k].end):max(w.start, words[k].start)]
                    if gap.strip() or not w.text[:1].isupper() or w.text in _TITLE_WORDS or \
                            not _plain_japanese(w.text) or _romanizes_a_word(view, w.text):
                        continue
                    if other == 0 and not (n == k + 1 or _caps(w.text)):
                        continue  # a surname stands after the given name ("Kazumi NAKANO"), or in capitals
                    out.append(_substitution(view, parts[other][0], [first] + given, (w.text, w.start, w.end),
                                             "surname" if other == 0 else "given name"))
                    break
                else:
                    continue
                break
            else:
                # no name beside the part rendered (円山 in "the Maruyama school"): a Japanese
                # person's name in capitals that reads as neither part is this one's substitute
                cands = [n for n in leftovers if _japanese_person(view, n) and any(_caps(w) for w in n[0].split())]
                if len(cands) == 1 and not any(_reads_as(w, keys) for w in cands[0][0].split()
                                                for _, keys in parts):
                    out.append(_substitution(view, [first] + given, [first] + given, cands[0], "name"))
    return out


def _substitution(view: BeadView, part: list[JaToken], run: list[JaToken], cand: tuple, what: str):
    surface = view.ja.full_text[part[0].start : part[-1].end]
    whole = view.ja.full_text[run[0].start : run[-1].end]
    reading = (" " if what == "name" else "").join(reading_romaji(t.reading).replace(" ", "") for t in part)
    keys = _person_keys(surface, "".join(t.reading for t in part))
    confidence = 0.6
    if what == "surname" and max((SequenceMatcher(None, squash(cand[0])[0], k).ratio() for k in keys),
                                 default=0) < 0.6:
        # a wholly different surname is often the same person under another family name
        # (徳川慶喜 "Yoshinobu HITOTSUBASHI", 羽柴秀吉 "Hideyoshi TOYOTOMI"); a near one
        # (萩原 "OGIWARA", 岡本 "OKOMOTO") is a misreading or a slip
        confidence = 0.45
    if what == "name":
        expl = (f"The Japanese name {whole} ({reading}) has no counterpart in the English, which has "
                f"{cand[0]!r} here: a Japanese name that no reading of these characters gives. Another "
                "person may have been put in this one's place.")
    else:
        expl = (f"The {what} of {whole} is {surface} ({reading}); the English writes {cand[0]!r}, which no "
                f"reading of {surface} gives: another person's {what} may have been put in its place.")
    return view.divergence(
        kind="name", confidence=confidence, check="names", explanation=expl,
        ja_span=(part[0].start, part[-1].end), en_span=(cand[1], cand[2]),
        evidence={"name": whole, "part": what, "ja": surface, "romaji": reading, "english": cand[0],
                  "readings_tried": len(keys)},
    )


def _country_forms(name: str) -> frozenset[str]:
    """The Japanese words of which JMdict gives the English ``name`` as a gloss and UniDic reads
    as a country (Thailand: 泰, タイ; South Korea: 韓国): empty when ``name`` is no country's."""
    out = set()
    for entry in jmdict_by_gloss(name):
        for form in entry.forms:
            toks = ja_tokens(form)
            if len(toks) == 1 and toks[0].pos4 == "国":
                out.add(form)
    return frozenset(out)


def _acronym_in(country: str, english: str) -> bool:
    """Whether the English has the initials of one of the country's glosses: イギリス "the UK"."""
    initials = {"".join(w[0] for w in words) for e in jmdict(country)[:1] for g in e.senses[0].glosses
                if len(words := re.findall(r"[A-Z][a-z]+", g)) >= 2}
    return any(re.search(rf"\b{a}\b|\b{'.'.join(a)}\.", english) for a in initials)


def _demonym_in(country: str, english: str) -> bool:
    """Whether the English has the country's adjective, as JMdict glosses its people and its
    language: フランス "French" (フランス人 "French person"), 米国 "American"."""
    words = {re.sub(r"\s*\(?\b(?:person|people|language)\)?$", "", g).strip() for suffix in ("人", "語")
             for e in jmdict(country + suffix)[:1] for g in e.senses[0].glosses[:2] if g[:1].isupper()} - {""}
    return any(re.search(rf"\b{re.escape(w)}\b", english) for w in words)


def _country_words(view: BeadView) -> frozenset[str]:
    """The words of the JMdict glosses of the bead's countries (a token UniDic reads as one, alone
    or with the one or two after it: 大韓民国 "Republic of Korea", 宋 "Song dynasty (China,
    960-1279)", notes included), with the initials of the many-word ones (United Kingdom: UK)."""
    toks = view.ja_tokens
    out: set[str] = set()
    for i, t in enumerate(toks):
        if t.pos4 != "国":
            continue
        for j in (i + 1, i + 2, i + 3):
            word = "".join(x.surface for x in toks[i:j]) if j <= len(toks) else ""
            for g in (g for e in jmdict(word)[:2] for sense in e.senses[:3] for g in sense.glosses) if word else ():
                words = re.findall(r"[A-Z][A-Za-z]+", g)
                out.update(words)
                if len(words) >= 2:
                    out.add("".join(w[0] for w in words))
    return frozenset(out)


def _compound_glossed(view: BeadView, name: str) -> bool:
    """Whether a word of the English country ``name`` is a word of the glosses of one of the
    bead's countries ("South Korea" for 大韓民国 "Republic of Korea", "China" for 宋)."""
    return bool(set(re.findall(r"[A-Z][A-Za-z]+", name)) & (_country_words(view) - {"Republic", "Kingdom", "United",
                                                                                   "People", "Democratic", "State", "States"}))


def _country_substitutions(view: BeadView, missing: list[list[JaToken]],
                           leftovers: list[tuple[str, int, int]]) -> list[tuple[tuple[int, int], "Divergence"]]:
    """A country of the Japanese with no counterpart, where the English names a country that no
    word of the Japanese is: ベトナムとの間で合意 "agreed with Thailand", 日本との関係 "relations
    with South Korea". ``(Japanese span, divergence)`` for each."""
    text = view.ja.full_text
    en_stems = {stem(w.text.lower()) for w in view.en_words}
    # 蘭 is a country to UniDic (the Netherlands) and an orchid to JMdict: rendered if "orchids" is there
    countries = [r for r in missing if len(r) == 1 and r[0].pos4 == "国" and jmdict(r[0].surface)
                 and not in_parentheses(text, r[0].start) and not _demonym_in(r[0].surface, view.en.text)
                 and not _acronym_in(r[0].surface, view.en.text)
                 and not any(stem(w) in en_stems for w in gloss_words(r[0].surface) if len(w) > 3)]
    if not countries:
        return []
    here = {t.surface for t in view.ja_tokens if t.pos4 == "国"}
    # the English country must render no word of the Japanese: "came to Japan" is 来日, "South
    # Korea" 大韓民国 (which UniDic splits: 大韓 + 民国)
    cands = [n for n in leftovers if (forms := _country_forms(n[0])) and not forms & here
             and not any(view.glossed(w) for w in n[0].split()) and not _compound_glossed(view, n[0])]
    out = []
    for run, (name, s, e) in zip(countries, cands):
        surface = run[0].surface
        glosses = [g for entry in jmdict(surface)[:1] for g in entry.senses[0].glosses[:2]] if jmdict(surface) else []
        out.append(((run[0].start, run[0].end), view.divergence(
            kind="name", confidence=0.6 if len(countries) == len(cands) == 1 else 0.45, check="names",
            explanation=(f"The Japanese names the country {surface} ({', '.join(glosses) or 'no gloss'}); the English "
                         f"has no counterpart but names {name!r}, another country."),
            ja_span=(run[0].start, run[0].end), en_span=(s, e),
            evidence={"name": surface, "english": name, "rule": "country_substituted"},
        )))
    return out


# The head words of an institution's official English name (JMdict's glosses of 総務省, 気象庁,
# 国際通貨基金, 世界銀行) and the English phrases that may be one.
_INSTITUTION_HEADS = ("Ministry", "Agency", "Fund", "Bank", "Office", "Commission", "Council", "Board", "Bureau",
                      "Authority", "Organization", "Organisation", "Court", "Police", "Corporation")
_EN_INSTITUTION = re.compile(
    r"(?:(?!The\b)[A-Z][a-z]+\s+){0,5}(?:" + "|".join(_INSTITUTION_HEADS) + r")(?:\s+(?:of|for|on)(?:\s+the)?"
    r"(?:,?\s+(?:and\s+)?[A-Z][a-z]+)+)?")


# how the Japanese names of institutions end (only those are looked up)
_JA_INSTITUTION_ENDS = ("省", "庁", "基金", "銀行", "銀", "機構", "機関", "委員会", "裁判所", "警察", "公社", "局", "会議",
                        "本部", "院", "府", "庁舎", "協会", "連合", "組合", "公庫", "事業団", "研究所", "通信", "放送")


def _institution_glosses(word: str) -> list[str]:
    """``word``'s JMdict glosses when the first names an institution ("Ministry of Finance"), notes
    in parentheses left out; empty otherwise."""
    entries = jmdict(word)
    glosses = [re.sub(r"\s*\([^)]*\)", "", g).strip() for g in entries[0].senses[0].glosses] if entries else []
    if not glosses or not glosses[0][:1].isupper() or not any(h in glosses[0].split() for h in _INSTITUTION_HEADS):
        return []
    return glosses


def _ja_institutions(view: BeadView) -> list[tuple[int, int, str, list[str]]]:
    """The institutions of the Japanese that JMdict names in English (経済産業省 "Ministry of
    Economy, Trade and Industry", 国際通貨基金): ``(start, end, word, glosses)``, longest first."""
    toks = view.ja_tokens
    out: list[tuple[int, int, str, list[str]]] = []
    i = 0
    while i < len(toks):
        j = i
        while j < len(toks) and toks[j].pos1 in ("名詞", "接頭辞", "接尾辞") and (j == i or toks[j].start == toks[j - 1].end):
            j += 1
        for a in range(i, j):
            for b in range(j, a, -1):
                word = "".join(t.surface for t in toks[a:b])
                if len(word) >= 2 and word.endswith(_JA_INSTITUTION_ENDS) and not any(s <= toks[a].start < e for s, e, _, _ in out) \
                        and (glosses := _institution_glosses(word)):
                    out.append((toks[a].start, toks[b - 1].end, word, glosses))
                    break
        i = max(j, i + 1)
    return out


def _spelling(text: str) -> str:
    """Lower case, British spellings made American ("Organisation" is "organization")."""
    return re.sub(r"is(ation|e[sd]?|ing)\b", r"iz\1", text.lower()).replace("our", "or")


def _institution_rendered(glosses: list[str], english: str) -> bool:
    """Whether the English names the institution: a gloss, or its head word with another word of
    its name ("the industry ministry" for the Ministry of Economy, Trade and Industry)."""
    low = _spelling(english)
    for g in glosses:
        if g.isupper() and re.search(rf"\b{re.escape(g)}\b", english) or _spelling(g) in low:
            return True
    words = [w for w in re.findall(r"[a-z]{4,}", _spelling(glosses[0]))]
    heads = [w for w in words if w.capitalize() in _INSTITUTION_HEADS]
    others = [w for w in words if w not in heads and w not in ("japan", "japanese", "national")]
    return any(h in low for h in heads) and any(stem(w) in {stem(x) for x in re.findall(r"[a-z]+", low)} for w in others)


def _institution_substitutions(view: BeadView) -> list[tuple[tuple[int, int], "Divergence"]]:
    """An institution of the Japanese that the English does not name, where the English names
    another one by its official name (JMdict's gloss of a Japanese word the bead has not):
    経済産業省 → "the Ministry of Internal Affairs and Communications", 国際通貨基金（IMF） →
    "the World Bank". ``(Japanese span, divergence)`` for each."""
    english, text = view.en.text, view.ja.full_text
    unrendered = [x for x in _ja_institutions(view) if not _institution_rendered(x[3], english)
                  and not in_parentheses(text, x[0])]
    if not unrendered:
        return []
    others = []
    for m in _EN_INSTITUTION.finditer(english):
        words = m.group().split()
        for k in range(len(words) - 1):  # "Japan Meteorological Agency": "Meteorological Agency"
            forms = {f for e in jmdict_by_gloss(" ".join(words[k:])) for f in e.forms}
            if forms:
                if not any(f in text for f in forms):
                    others.append((" ".join(words[k:]), view.en.start + m.start(), view.en.start + m.end()))
                break
    out = []
    for (s, e, word, glosses), (name, es, ee) in zip(unrendered, others):
        out.append(((s, e), view.divergence(
            kind="name", confidence=0.6 if len(unrendered) == len(others) == 1 else 0.45, check="names",
            explanation=(f"The Japanese names {word} ({glosses[0]}); the English does not, and names {name!r}, "
                         "another institution, in its place."),
            ja_span=(s, e), en_span=(es, ee),
            evidence={"name": word, "english": name, "rule": "institution_substituted"},
        )))
    return out


# A place's administrative suffix, and the English words that render it.
_ADMIN = {"府": "prefecture", "県": "prefecture", "都": "prefecture", "道": "prefecture", "市": "city",
          "区": "ward", "町": "town", "村": "village", "郡": "county", "州": "state"}
_EN_ADMIN = re.compile(r"\b([A-Z][a-z]{2,})(?:['’]s)?\s+(Prefecture|prefectural|City|city|Ward|ward|Town|town|"
                       r"Village|village|County|State|state)\b")
_EN_ADMIN_KIND = {"prefectural": "prefecture", "state": "state"}


def _place_substitutions(view: BeadView, missing: list[list[JaToken]],
                         matched: list[tuple[int, int]]) -> list[tuple[tuple[int, int], "Divergence"]]:
    """A Japanese place with no counterpart whose administrative unit the English names for
    another place: 大阪府警 "Hyogo prefectural police", 博多区 "Chuo Ward". The English place
    word must be Hepburn, explained by no Japanese word of the bead, and read by no reading
    of the Japanese place. ``(Japanese span, divergence)`` for each."""
    text = view.ja.full_text
    en = view.en.full_text
    cands = []
    for m in _EN_ADMIN.finditer(view.en.text):
        s, e = view.en.start + m.start(1), view.en.start + m.end(1)
        word = m.group(1)
        kind = _EN_ADMIN_KIND.get(m.group(2).lower(), m.group(2).lower())
        if any(a < e and s < b for a, b in matched) or not looks_hepburn(word.lower()) or _romanizes_a_word(view, word):
            continue
        cands.append((word, s, e, kind))
    out = []
    for run in missing:
        if not cands or not all(t.pos3 == "地名" for t in run) or in_parentheses(text, run[0].start):
            continue
        kind = _ADMIN.get(text[run[-1].end:run[-1].end + 1])
        keys = _person_keys("".join(t.surface for t in run), "".join(t.reading for t in run))
        for word, s, e, en_kind in cands:
            if en_kind != kind or _reads_as(word, keys):
                continue
            surface = text[run[0].start:run[-1].end]
            reading = " ".join(reading_romaji(t.reading).replace(" ", "") for t in run)
            out.append(((run[0].start, run[-1].end), view.divergence(
                kind="name", confidence=0.6, check="names",
                explanation=(f"The Japanese place {surface}{text[run[-1].end]} ({reading}) has no counterpart in the "
                             f"English, which names {en[s:e]!r} as that {kind}: another place."),
                ja_span=(run[0].start, run[-1].end), en_span=(s, e),
                evidence={"name": surface, "english": en[s:e], "unit": kind, "rule": "place_substituted"},
            )))
            cands = [c for c in cands if c[1] != s]
            break
    return out


# An English title and the name after it ("President Hasan", "Chancellor Olaf Weber").
# The name starts with no title word: "Chief Cabinet Secretary Matsuda" gives "Matsuda".
_EN_TITLED = re.compile(r"\b" + _EN_PERSON_TITLE + r"\s+((?!(?:" + "|".join(sorted(_TITLE_WORDS)) + r")\b)"
                        r"[A-Z][a-z'’\-]+(?:\s+[A-Z][a-z'’\-]+){0,2})")


def _titled_substitutions(view: BeadView, missing: list[list[JaToken]],
                          matched: list[tuple[int, int]]) -> list[tuple[tuple[int, int], "Divergence"]]:
    """A foreign person's name in katakana before a title (ハディ大統領) with no counterpart,
    where the English gives the title with a name that renders nothing of the Japanese
    ("President Hasan"): another person. ``(Japanese span, divergence)`` for each."""
    text = view.ja.full_text
    people = [r for r in missing if all(is_katakana(t.surface) for t in r) and _title_at(text, r[-1].end)
              and not in_parentheses(text, r[0].start)]
    if not people:
        return []
    cands = []
    for m in _EN_TITLED.finditer(view.en.text):
        s, e = view.en.start + m.start(1), view.en.start + m.end(1)
        if any(a < e and s < b for a, b in matched) or _romanizes_a_word(view, m.group(1)):
            continue
        cands.append((m.group(1), s, e))
    if len(cands) != 1 or len(people) != 1:
        return []  # one each: with more, which renders which is a guess
    run, (name, s, e) = people[0], cands[0]
    surface = text[run[0].start:run[-1].end]
    return [((run[0].start, run[-1].end), view.divergence(
        kind="name", confidence=0.6, check="names",
        explanation=(f"The Japanese name {surface} ({romaji(surface)}) has no counterpart in the English, which "
                     f"gives the same title with {name!r}: another person may have been put in this one's place."),
        ja_span=(run[0].start, run[-1].end), en_span=(s, e),
        evidence={"name": surface, "english": name, "rule": "titled_substitute"},
    ))]
