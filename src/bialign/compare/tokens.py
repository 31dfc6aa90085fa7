"""Tokens the checks work on: Japanese tokens from :func:`bialign.tokenize` with the UniDic
fields the checks need, English words, crude English stems, and NFKC with an offset map.

The Japanese tokens come from the one shared tagger behind :func:`bialign.tokenize`; a
:class:`JaToken` adds nothing but offsets into the full bead text and field names the checks
read (``pos1`` to ``pos4`` as UniDic numbers them).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable


@dataclass(frozen=True, slots=True)
class JaToken:
    """A UniDic token with offsets into the full source/target text (not the sentence).

    Beyond :class:`bialign.Token` it keeps the fields the checks need: ``pos3`` (人名, 地名,
    組織名 under 固有名詞), ``base_reading`` (the dictionary-form reading, e.g. カケル for
    かけ), and ``unknown`` (MeCab had no entry: usually a foreign name such as ラヴロフ).
    """

    surface: str
    start: int
    end: int
    lemma: str
    pos1: str
    pos2: str
    pos3: str
    reading: str
    base_reading: str
    unknown: bool
    #: 姓 (surname) or 名 (given name) under 人名, 国 under 地名; empty elsewhere.
    pos4: str = ""

    @property
    def is_proper(self) -> bool:
        return self.pos2 == "固有名詞"


_KATAKANA_WORD = re.compile(r"[\u30a1-\u30fa\u30fc\u30fb\u30fd\u30fe]+")
_KANJI = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々]")


def is_katakana(text: str) -> bool:
    return bool(_KATAKANA_WORD.fullmatch(text))


def is_kanji(text: str) -> bool:
    return bool(text) and all(_KANJI.match(c) for c in text)


def ja_tokens(text: str, offset: int = 0) -> tuple[JaToken, ...]:
    """:func:`bialign.tokenize` of Japanese ``text``, offsets shifted by ``offset``."""
    from ..tokenize import tokenize

    return tuple(
        JaToken(t.surface, t.start + offset, t.end + offset, t.lemma, t.pos, t.pos_detail, t.pos_sub,
                t.reading or "", t.base_reading or t.reading or "", t.unknown, t.pos_sub2)
        for t in tokenize(text, "ja")
    )


# --- English words ----------------------------------------------------------------------------

_EN_WORD = re.compile(r"[A-Za-z0-9]+(?:['’\-][A-Za-z0-9]+)*")


@dataclass(frozen=True, slots=True)
class EnWord:
    text: str
    start: int
    end: int

    @property
    def lower(self) -> str:
        return self.text.lower()


def en_words(text: str, offset: int = 0) -> tuple[EnWord, ...]:
    return tuple(EnWord(m.group(), m.start() + offset, m.end() + offset) for m in _EN_WORD.finditer(text))


def stem(word: str) -> str:
    """A crude English stem for matching dictionary glosses against a translation.

    Good enough to equate neighbor/neighbourly/neighborly, evade/evasive, hinders/hindering;
    it is only ever used to compare two words, never shown to a user.
    """
    w = word.lower().replace("our", "or")
    for suffix in ("ingly", "ation", "ively", "ness", "ment", "ing", "ive", "ed", "ly", "es", "s", "e"):
        if len(w) - len(suffix) >= 4 and w.endswith(suffix):
            w = w[: -len(suffix)]
            break
    return w[:6]


# --- NFKC with an offset map -----------------------------------------------------------------


def nfkc_with_map(text: str) -> tuple[str, list[int]]:
    """NFKC-normalize ``text`` character by character, keeping where each output char came from.

    Needed because NFKC changes lengths: the squared sign ㌔ becomes キロ (one character
    becomes two) and full-width ２ becomes 2. ``mapping[i]`` is the index in ``text`` of the
    character that produced output character ``i`` (plus a final entry for ``len(text)``).
    """
    out: list[str] = []
    mapping: list[int] = []
    for i, ch in enumerate(text):
        norm = unicodedata.normalize("NFKC", ch)
        out.append(norm)
        mapping.extend([i] * len(norm))
    mapping.append(len(text))
    return "".join(out), mapping




@lru_cache(maxsize=8192)
def content_words(text: str, stop: Iterable[str] = ()) -> set[str]:
    """Stems of the content words of an English text (stopwords and short words removed)."""
    stops = _STOPWORDS | set(stop)
    return {stem(w) for w in re.findall(r"[A-Za-z]+", text) if len(w) > 2 and w.lower() not in stops}


_STOPWORDS = frozenset(
    """a an the of to in on at by for with from into onto over under up down out off about as and or
    but if then than so such that this these those there here it its it's be is are was were been being
    have has had do does did not no nor can could will would shall should may might must one ones
    someone something somebody anything own self oneself his her their them they he she we you i
    me my our your us who whom whose which what when where why how all any both each few more most
    other some very just also only even still yet again once (something) (someone) etc get got make
    made take put give go come""".split()
)


def in_parentheses(text: str, pos: int) -> bool:
    """Whether ``pos`` is inside an open parenthesis (half- or full-width) of the 200 characters
    before it: an aside, a reading or a gloss."""
    before = text[max(0, pos - 200):pos]
    return max(before.rfind("（"), before.rfind("(")) > max(before.rfind("）"), before.rfind(")"))
