"""Tokens with character offsets: fugashi + unidic-lite for Japanese, a word rule elsewhere.

Japanese has no spaces between words, so tokens come from the MeCab tagger (through fugashi)
with the UniDic-lite dictionary, which also gives each token its lemma, part of speech and
reading. Other languages use a Unicode word rule (letters and digits with inner apostrophes,
hyphens and decimal points; every other non-space character is a token of its own).

>>> [(t.surface, t.lemma, t.pos, t.reading) for t in tokenize("水をかけた", "ja")]
[('水', '水', '名詞', 'ミズ'), ('を', 'を', '助詞', 'ヲ'), ('かけ', '掛ける', '動詞', 'カケ'), ('た', 'た', '助動詞', 'タ')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .segment import check_language

__all__ = ["Token", "japanese_tagger", "tagger_info", "tokenize"]


@dataclass(frozen=True, slots=True)
class Token:
    """A word with its offsets in the tokenized text (``text[start:end] == surface``).

    For Japanese, ``lemma``, ``pos`` (the UniDic part of speech, e.g. 名詞), ``pos_detail``
    (e.g. 固有名詞 for proper nouns), ``pos_sub`` (e.g. 人名), ``reading`` and
    ``base_reading`` (katakana) come from UniDic; for other languages ``lemma`` is the
    lower-cased surface, ``pos`` is empty and the readings are None.
    """

    surface: str
    start: int
    end: int
    lemma: str
    pos: str
    pos_detail: str = ""
    reading: str | None = None
    #: UniDic's third part-of-speech field (人名, 地名, 組織名 under 固有名詞); empty elsewhere.
    pos_sub: str = ""
    #: The reading of the dictionary form (カケル for かけ); None where UniDic has none.
    base_reading: str | None = None
    #: MeCab had no entry for the word (often a foreign name written in katakana).
    unknown: bool = False
    #: UniDic's fourth part-of-speech field: 姓 (surname) or 名 (given name) under 人名, 国
    #: under 地名; empty elsewhere.
    pos_sub2: str = ""


@lru_cache(maxsize=1)
def japanese_tagger():
    """The shared fugashi Tagger with unidic-lite (created once, on first use)."""
    try:
        import fugashi
        import unidic_lite
    except ImportError as exc:  # pragma: no cover - both are install requirements
        raise RuntimeError(
            f"Japanese tokenization needs fugashi and unidic-lite ({exc}); pip install fugashi unidic-lite"
        ) from exc
    return fugashi.Tagger(f'-d "{unidic_lite.DICDIR}" -r /dev/null')


def tagger_info() -> str:
    """The Japanese dictionary in use, for provenance (e.g. ``unidic-lite 1.0.8``)."""
    from importlib.metadata import version

    return f"unidic-lite {version('unidic-lite')}"


_KATAKANA = re.compile(r"[\u30a0-\u30ff]+")
_WORD = re.compile(r"\w+(?:['’\-.]\w+)*|\S", re.UNICODE)


def tokenize(text: str, lang: str) -> list[Token]:
    """Split ``text`` into tokens with character offsets.

    Japanese tokens carry UniDic's lemma, part of speech and katakana reading; whitespace is
    never part of a token, so offsets stay exact even where MeCab skips spaces.
    """
    if not isinstance(text, str):
        raise TypeError(f"tokenize() takes a str, got {type(text).__name__}")
    lang = check_language(lang)
    if lang != "ja":
        return [Token(m.group(), m.start(), m.end(), m.group().lower(), "") for m in _WORD.finditer(text)]
    tokens: list[Token] = []
    pos = 0
    for word in japanese_tagger()(text):
        surface = word.surface
        start = text.find(surface, pos)
        if start < 0:  # MeCab normalised something: fall back to the white space it skipped
            start = pos + len(word.white_space)
        end = start + len(surface)
        pos = end
        f = word.feature
        lemma = f.lemma if f.lemma and f.lemma != "*" else surface
        reading = f.kana if f.kana and f.kana != "*" else None
        if reading is None and _KATAKANA.fullmatch(surface):
            reading = surface  # an unknown katakana word (ラヴロフ) is its own reading
        pos2 = f.pos2 if f.pos2 and f.pos2 != "*" else ""
        pos3 = f.pos3 if f.pos3 and f.pos3 != "*" else ""
        pos4 = f.pos4 if f.pos4 and f.pos4 != "*" else ""
        base = f.kanaBase if f.kanaBase and f.kanaBase != "*" else reading
        tokens.append(Token(surface, start, end, lemma, f.pos1, pos2, reading, pos3, base, bool(word.is_unk), pos4))
    return tokens
