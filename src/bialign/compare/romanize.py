"""Romanization (cutlet) and a phonetic key under which a katakana rendering and its Latin
original coincide, for matching names across scripts."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache


@lru_cache(maxsize=1)
def _cutlet():
    try:
        import cutlet
    except ImportError as exc:  # pragma: no cover
        raise RuntimeError(f"the name check needs cutlet ({exc}); pip install cutlet") from exc
    return cutlet.Cutlet()


@lru_cache(maxsize=8192)
def romaji(kana_or_text: str) -> str:
    """Hepburn romanization (cutlet) of a word, lower-cased; ``""`` when it cannot be done."""
    try:
        return _cutlet().romaji(kana_or_text).lower()
    except Exception:  # cutlet raises on some symbols; a name we cannot romanize just won't match
        return ""


@lru_cache(maxsize=1)
def _cutlet_kana():
    _cutlet()  # the same import error message
    import cutlet

    c = cutlet.Cutlet()
    c.use_foreign_spelling = False
    return c


@lru_cache(maxsize=8192)
def reading_romaji(kana: str) -> str:
    """Hepburn romanization of a reading, sound by sound: タイアン → "tai an", never the
    foreign spelling cutlet gives a katakana loanword ("thailand an"); ``""`` on failure."""
    try:
        return _cutlet_kana().romaji(kana).lower()
    except Exception:
        return ""


_VOWELS = set("aeiou")


def phonetic_key(word: str) -> str:
    """A rough key under which a katakana rendering and its Latin original coincide.

    Japanese adds vowels after consonants (ラヴロフ → ravurofu for Lavrov, コメルサント →
    komerusanto for Kommersant), merges l/r and v/b, and lengthens vowels (プーチン →
    puuchin). The key drops these differences: lower-case, l→r, v→b, f→b, doubled letters
    and long vowels merged, chi→ti, shi→si, and a u or o after a consonant dropped when
    another consonant or the end follows.
    """
    w = re.sub(r"[^a-z]", "", unicodedata.normalize("NFKD", word.lower()).encode("ascii", "ignore").decode())
    for a, b in (("ph", "f"), ("tch", "ch"), ("chi", "ti"), ("shi", "si"), ("sh", "s"), ("tsu", "tu"),
                 ("ck", "k"), ("c", "k"), ("q", "k"), ("x", "ks"), ("l", "r"), ("v", "b"), ("f", "b"),
                 ("w", "u"), ("y", "i"), ("j", "z"), ("ou", "o")):
        w = w.replace(a, b)
    w = re.sub(r"(.)\1+", r"\1", w)
    out = []
    for i, ch in enumerate(w):
        prev = w[i - 1] if i else ""
        nxt = w[i + 1] if i + 1 < len(w) else ""
        if ch in "uo" and prev and prev not in _VOWELS and (not nxt or nxt not in _VOWELS) and i > 1:
            continue
        out.append(ch)
    return "".join(out)


def name_similarity(a: str, b: str) -> float:
    """Similarity in [0, 1] of two romanized names under :func:`phonetic_key`."""
    from difflib import SequenceMatcher

    ka, kb = phonetic_key(a), phonetic_key(b)
    if not ka or not kb:
        return 0.0
    return SequenceMatcher(None, ka, kb).ratio()


# A word made only of Hepburn syllables (Kishida, Fumio, Shinzo, Onodera), not Wang, Xi, Park.
_HEPBURN = re.compile(r"(?:(?:[kgsztdnhbpmr]y?|sh|ch|ts|j|f|y|w)?[aeiou][aeiou]?|n(?![aeiouy])|([kgstdpbmc])(?=\1))+")


def looks_hepburn(word: str) -> bool:
    """Whether an English word reads as a Hepburn romanization of Japanese: Kishida, OUCHI,
    Ōta, Sokaku (not Wang, Castle, Park). A possessive 's and hyphens are ignored."""
    w = unicodedata.normalize("NFKD", word.lower()).encode("ascii", "ignore").decode()
    w = re.sub(r"['’]s$", "", w).replace("-", "")
    return bool(w) and bool(_HEPBURN.fullmatch(w))
