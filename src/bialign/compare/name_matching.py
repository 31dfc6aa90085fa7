"""Name matching across scripts: where a Japanese name of a bead is rendered in its English.

A Japanese name is found by UniDic's proper-noun tag (名詞-固有名詞: 岸田, ロシア, 釜山) or as
an unknown katakana word (foreign names are mostly not in UniDic: ラヴロフ, コメルサント).
It has a counterpart in the English when one of its keys occurs there:

- its romanization (cutlet, or the UniDic reading for kanji: 岸田 → kishida), compared with
  each English word and word pair under :func:`~bialign.compare._common.phonetic_key`, which
  forgives the vowels Japanese adds (ラヴロフ ravurofu ↔ Lavrov), l/r and v/b, long vowels
  (プーチン puuchin ↔ Putin) and doubled consonants (コメルサント ↔ Kommersant);
- the English original UniDic records for loanwords (アジア → Asia);
- the English glosses of JMdict and JMnedict (韓国 → South Korea, 米国 → United States, 露 →
  Russia, 釜山 → Busan, 毎日新聞 → Mainichi Shimbun);
- for a kanji name of two to four characters, every combination of its characters' KANJIDIC
  readings (:func:`_reading_keys`).

Name order does not matter: each name is matched on its own (岸田 ↔ "Kishida Fumio"; the
given name the English adds is not a divergence). A person's name the English spells only
close to its reading (蓮如 "Zennyo") is marked ``misspelt`` in the evidence by
:func:`_misspelt` (romanization variants merged by :func:`_spelling_key`) and left unmatched.

This is the machinery, with no check of its own: the ``names`` check (:mod:`.names`), the
substitution of one person for another (:mod:`.name_substitutes`), the ``speakers`` check and
the ``sources`` check (:mod:`.attribution`) all match names with it. English names
(:func:`_en_names`) are capitalized words that are not sentence-initial and not titles.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ._common import (
    BeadView,
    JaToken,
    is_kanji,
    is_katakana,
    jmdict,
    jmnedict,
    kanjidic,
    looks_hepburn,
    name_similarity,
    reading_romaji,
    romaji,
)

_THRESHOLD = 0.8
_TITLE_WORDS = frozenset(
    """President Prime Minister Foreign Defense Defence Finance Secretary Chief Cabinet Mr Mrs Ms Dr
    General Ambassador Chancellor King Queen Emperor Prince Princess Governor Mayor Senator
    Representative Professor Chairman Director The A An In On At For From With By Of And But Yet
    However Then Meanwhile Moreover Also This That These Those It He She They We I You What How Why
    When Where Who Which If As After Before During While Since Until Although Though""".split()
)


def _ja_names(view: BeadView) -> list[list[JaToken]]:
    """Runs of name tokens: proper nouns and unknown katakana words, adjacent ones merged.

    Era names (慶長, 明治) are dates, not names: the numbers check compares them. A reading in
    parentheses (（うねびやまぐちじんじゃ）) is not a second name.
    """
    from .calendar import is_era_name

    runs: list[list[JaToken]] = []
    prev_end = -1
    readings = view.ja_readings
    for t in view.ja_tokens:
        is_name = (t.pos1 == "名詞" and t.pos2 == "固有名詞") or (
            t.unknown and t.pos1 == "名詞" and (is_katakana(t.surface) or is_kanji(t.surface))
        )
        if not is_name or is_era_name(t.surface) or any(a <= t.start < b for a, b in readings):
            prev_end = -1
            continue
        if runs and prev_end >= 0 and t.start - prev_end <= 1 and t.pos3 != "国":
            runs[-1].append(t)
        else:
            runs.append([t])
        prev_end = t.end
    return runs


_LONG = [("ou", "o"), ("oo", "o"), ("uu", "u"), ("aa", "a"), ("ii", "i"), ("ee", "e"), ("mb", "nb"),
         ("mp", "np"), ("mm", "nm"), ("tch", "ch"), ("nn", "n")]


def squash(text: str) -> tuple[str, list[int]]:
    """Lower-case Latin letters only, long vowels and n/m before labials merged, with a map from
    each output letter back to its index in ``text``: "Muro-ji" → "muroji", "Kyōto" → "kyoto",
    "Jougan" → "jogan", "Shimbun" → "shinbun"."""
    letters, where = [], []
    for i, ch in enumerate(text):
        base = unicodedata.normalize("NFKD", ch)[:1].lower()
        if "a" <= base <= "z":
            letters.append(base)
            where.append(i)
    out = "".join(letters)
    for a, b in _LONG:
        while a in out:
            k = out.index(a)
            out = out[:k] + b + out[k + len(a):]
            where = where[:k] + where[k : k + len(b)] + where[k + len(a):]
    return out, where


def _en_squashed(view: BeadView) -> tuple[str, list[int]]:
    key = "names.squashed"
    if key not in view._cache:
        view._cache[key] = squash(view.en.text)
    return view._cache[key]


@lru_cache(maxsize=8192)
def _gloss_keys(surface: str) -> tuple[str, ...]:
    """Capitalized English names in the JMdict/JMnedict glosses of ``surface``."""
    keys: list[str] = []
    texts = [g for e in jmdict(surface) for s in e.senses for g in s.glosses] + list(jmnedict(surface))
    for g in texts:
        # "Kommersant (Russian newspaper)": a trailing note explains, it is not the name;
        # "(United States of) America": a leading part belongs to the name.
        g = re.sub(r"(?:\s*\([^)]*\))+\s*$", "", g)
        g = re.sub(r"\s*\([^)]*\)\s*(?=[/;,]|$)", "", g).replace("(", "").replace(")", "")
        for phrase in re.split(r"[/;,]", g):
            words = re.findall(r"[A-Z][A-Za-z'\-]+", phrase)
            keys.extend(words)
    return tuple(dict.fromkeys(keys))


def _token_keys(t: JaToken) -> tuple[list[str], list[str]]:
    """(romanizations, gloss names) of one Japanese name token."""
    roms = []
    if "-" in t.lemma:
        origin = t.lemma.split("-", 1)[1]
        if re.fullmatch(r"[A-Za-z][A-Za-z ]*", origin):
            roms.append(origin.lower())
    if is_katakana(t.surface):
        roms.append(romaji(t.surface))
    elif t.reading and not t.unknown:
        roms.append(reading_romaji(t.reading))
    glosses = list(_gloss_keys(t.surface))
    if t.lemma and t.lemma != t.surface and "-" not in t.lemma:
        glosses += list(_gloss_keys(t.lemma))
    return [r for r in roms if r], glosses


def _en_candidates(view: BeadView) -> list[tuple[str, int, int]]:
    words = [(w.text, w.start, w.end) for w in view.en_words]
    pairs = [(a[0] + b[0], a[1], b[2]) for a, b in zip(words, words[1:])]
    return words + pairs


def _match(view: BeadView, run: list[JaToken]) -> tuple[tuple[int, int] | None, dict]:
    en_text = view.en.text
    en_lower = en_text.lower()
    cands = _en_candidates(view)
    evidence: dict = {"romaji": [], "glosses": []}
    surface = view.ja.full_text[run[0].start : run[-1].end]
    k = en_text.find(surface)
    if k >= 0:  # the kanji or kana themselves, kept in the English (阿素羅, 弁財天)
        return (view.en.start + k, view.en.start + k + len(surface)), evidence
    squashed, where = _en_squashed(view)
    whole = "".join(t.reading for t in run)
    for key_text in ([reading_romaji(whole)] if len(run) > 1 and whole else []) + [
            romaji(t.surface) if is_katakana(t.surface) else reading_romaji(t.reading)
            for t in run if t.reading or is_katakana(t.surface)]:
        key = squash(key_text)[0]
        if len(key) >= 4 or (len(key) == 3 and len(run) == 1):
            k = squashed.find(key)
            if k >= 0:  # inside a compound too: 山口 in Unebiyamaguchi-jinja, 室生 in Muro-ji
                return (view.en.start + where[k], view.en.start + where[k + len(key) - 1] + 1), evidence
    for t in run:
        roms, glosses = _token_keys(t)
        evidence["romaji"] += roms
        evidence["glosses"] += glosses
        for g in glosses:
            # a name's gloss matches a capitalized word: 伊能 "Ino" is not the "in" of "in Osaka"
            m = next((m for m in re.finditer(r"\b" + re.escape(g.lower()), en_lower)
                      if en_text[m.start()].isupper()), None)
            if m and len(g) >= 2:
                return (view.en.start + m.start(), view.en.start + m.start() + len(g)), evidence
        # a short lower-case word is no kanji name's rendering: 伊能 ino is not the "in" of "in
        # Osaka" (a term may be lower-case: 呂音 "ryoon", and a katakana loanword: ガルバ "gharbha")
        capitalized = cands if is_katakana(t.surface) else [c for c in cands if c[0][:1].isupper()
                                                             or len(c[0]) >= 4]
        for r in roms:
            # cutlet splits a kanji reading by sounds (tada taka): half a name is no key
            for r_part in (r.split() if is_katakana(t.surface) else [r.replace(" ", "")]):
                best = max(capitalized, key=lambda c: name_similarity(r_part, c[0]), default=None)
                if best and name_similarity(r_part, best[0]) >= _THRESHOLD:
                    if t.pos3 == "人名" and not is_katakana(t.surface) and _misspelt(t, r_part, best[0]):
                        evidence.setdefault("misspelt", (best[1], best[2], best[0], t.surface, r_part))
                        continue  # 蓮如 "Zennyo": reported as misspelt unless another key matches
                    return (best[1], best[2]), evidence
    span = _read_by_characters(view, surface, cands)
    return span, evidence


_VOICED = {"k": "g", "s": "z", "t": "d", "h": "b", "f": "b", "c": "j"}


def _misspelt(t: JaToken, reading: str, word: str) -> bool:
    """Whether an English word that is only close to a Japanese person's name (蓮如 rennyo,
    "Zennyo"; 竹本 takemoto, "TAKEMOO") spells none of its readings: not UniDic's, not one of
    KANJIDIC's character by character, not a JMnedict rendering. The spelling variants of
    Hepburn (long vowels, n/m before labials) are merged by :func:`squash`."""
    if not (word[:1].isupper() and looks_hepburn(word.split("-")[0])):
        return False  # "karmic", "12-Sho": a word the fuzzy match picked, not a romanized name
    # the whole word (Fuji-no-mori) and the name before a suffix (Kamowakeikazuchi-jinja)
    words = {_spelling_key(word.replace("-", "")), _spelling_key(word.split("-")[0])}
    keys = {_spelling_key(reading)} | {_spelling_key(k) for k in _reading_keys(t.surface)} | {
        _spelling_key(g) for g in _gloss_keys(t.surface)}
    return not any(w and k and (w == k or len(k) >= 3 and w.startswith(k)) for w in words for k in keys)


def _spelling_key(text: str) -> str:
    """A name's letters with the differences romanizations allow merged: long vowels and n/m
    (:func:`squash`), tch/cch (Jitchu, jicchu), ye/e (Sukeyemon), voicing (rendaku: Sahobiko,
    sahohiko; Izanaki, Izanagi) and the particle no (Ame no Wakahiko, amewakahiko)."""
    w = re.sub(r"['’]s$", "", text).lower().replace("tch", "ch").replace("cch", "ch").replace("ye", "e")
    w = squash(w)[0].translate(str.maketrans("gzdbpj", "ksthhs"))
    return w.replace("no", "")


@lru_cache(maxsize=4096)
def _reading_keys(surface: str) -> tuple[str, ...]:
    """Squashed romanizations of a kanji name read character by character, every KANJIDIC
    reading of each (康助 kou+jo "Kojo", 雲平 un+pei "Umpei", 待庵 tai+an "Taian"): names of
    temples, works and monks are often read in on'yomi where UniDic gives a kun reading."""
    from itertools import product

    per_char = []
    for ch in surface:
        entry = kanjidic(ch)
        if entry is None or not entry.readings:
            return ()
        readings = [reading_romaji(r).replace(" ", "") for r in entry.readings]
        if per_char:  # rendaku: 平 hei as the second character of 雲平 "Umpei"
            readings += [_VOICED[r[0]] + r[1:] for r in readings if r[:1] in _VOICED]
            readings += ["p" + r[1:] for r in readings if r[:1] in "hf"]
        per_char.append(tuple(dict.fromkeys(r for r in readings if r)))
    total = 1
    for readings in per_char:
        total *= len(readings)
    if total > 4096:
        return ()
    return tuple(dict.fromkeys(squash("".join(parts))[0] for parts in product(*per_char)))


def _read_by_characters(view: BeadView, surface: str, cands) -> tuple[int, int] | None:
    """The English word (or two) that is ``surface`` read character by character, if any."""
    if not (2 <= len(surface) <= 4 and all(is_kanji(ch) for ch in surface)):
        return None
    keys = {k for k in _reading_keys(surface) if len(k) >= 4}
    if not keys:
        return None
    for text, s, e in cands:
        letters = squash(text)[0]
        if len(letters) >= 4 and any(letters.startswith(k) for k in keys):
            return s, e
    return None


def _en_names(view: BeadView) -> list[tuple[str, int, int]]:
    out = []
    for off, sent in view.en.sentences():
        for m in re.finditer(r"\b[A-Z][a-zA-Z'\-]+(?:\s+[A-Z][a-zA-Z'\-]+)*", sent):
            words = m.group().split()
            skip = 0
            while skip < len(words) and words[skip] in _TITLE_WORDS:
                skip += 1  # "Defense Minister Shoigu": the titles are not the name
            if skip == len(words):
                continue
            if m.start() == 0 and len(words) == 1:
                continue  # a sentence-initial capital proves nothing
            start = m.start() + len(" ".join(words[:skip])) + (1 if skip else 0)
            out.append((" ".join(words[skip:]), off + start, off + m.end()))
    return out


def _romanizes_a_word(view: BeadView, name: str) -> bool:
    """Whether an English capitalized word is the romanization of Japanese words of the bead
    that are not names (金閣 "Kinkaku", 御影堂 "Miedo"): then it is no other name's rendering."""
    key = "names.romaji_all"
    if key not in view._cache:
        view._cache[key] = squash("".join(reading_romaji(t.reading) for t in view.ja_tokens if t.reading))[0]
    letters = squash(name)[0]
    return len(letters) >= 3 and letters in view._cache[key]


def romanized_in(view: BeadView, start: int, end: int, english: str) -> bool:
    """Whether ``english`` keeps the reading of the Japanese span ``start``-``end`` in Latin
    letters, whole or one word of it at least four letters long (右大臣 "Udaijin"; 正倉院文書
    "Shoso-in Monjo": 正倉 shoso, while UniDic reads 文書 bunsho)."""
    toks = [t for t in view.ja_tokens if start <= t.start and t.end <= end and t.reading]
    keys = [squash(reading_romaji("".join(t.reading for t in toks)))[0]] + [
        squash(reading_romaji(t.reading))[0] for t in toks]
    en = squash(english)[0]
    return any(len(k) >= 4 and k in en for k in keys)

