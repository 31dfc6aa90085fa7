"""JMdict, JMnedict and KANJIDIC2, offline through jamdict-data: exact lookups, cached."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache

logger = logging.getLogger(__name__)

@dataclass(frozen=True)
class Sense:
    glosses: tuple[str, ...]
    misc: tuple[str, ...]
    pos: tuple[str, ...]


@dataclass(frozen=True)
class DictEntry:
    forms: tuple[str, ...]
    senses: tuple[Sense, ...]


@lru_cache(maxsize=1)
def _jamdict():
    try:
        from jamdict import Jamdict
    except ImportError as exc:  # pragma: no cover - install requirement
        raise RuntimeError(f"the idiom and name checks need jamdict and jamdict-data ({exc}); "
                           "pip install jamdict jamdict-data") from exc
    return Jamdict()


@lru_cache(maxsize=8192)
def jmdict(query: str) -> tuple[DictEntry, ...]:
    """Exact JMdict lookup of ``query`` (kanji or kana form), cached. Empty if not a word."""
    if not query:
        return ()
    try:
        result = _jamdict().lookup(query, strict_lookup=True, lookup_chars=False, lookup_ne=False)
    except Exception as exc:  # pragma: no cover - a corrupt database
        logger.warning("JMdict lookup of %r failed: %s", query, exc)
        return ()
    entries = []
    for e in result.entries:
        forms = tuple(k.text for k in e.kanji_forms) + tuple(k.text for k in e.kana_forms)
        if query not in forms:
            continue
        senses = tuple(
            Sense(tuple(g.text for g in s.gloss), tuple(s.misc), tuple(s.pos)) for s in e.senses
        )
        entries.append(DictEntry(forms, senses))
    return tuple(entries)


@lru_cache(maxsize=4096)
def jmdict_by_gloss(gloss: str) -> tuple[DictEntry, ...]:
    """JMdict entries one of whose glosses is ``gloss`` exactly (case and all; notes in
    parentheses read both ways: "(United States of) America" is "America" and "United States of
    America"), cached."""
    if not gloss:
        return ()
    try:
        result = _jamdict().lookup(f"%{gloss}%", lookup_chars=False, lookup_ne=False)
    except Exception as exc:  # pragma: no cover - a corrupt database
        logger.warning("JMdict gloss lookup of %r failed: %s", gloss, exc)
        return ()
    entries = []
    for e in result.entries:
        texts = [g.text for s in e.senses for g in s.gloss]
        if not any(gloss in (t, re.sub(r"\s*\([^)]*\)\s*", " ", t).strip(), re.sub(r"[()]", "", t)) for t in texts):
            continue
        forms = tuple(k.text for k in e.kanji_forms) + tuple(k.text for k in e.kana_forms)
        senses = tuple(Sense(tuple(g.text for g in s.gloss), tuple(s.misc), tuple(s.pos)) for s in e.senses)
        entries.append(DictEntry(forms, senses))
    return tuple(entries)


@lru_cache(maxsize=8192)
def jmnedict(query: str) -> tuple[str, ...]:
    """English renderings of the proper name ``query`` in JMnedict, e.g. 毎日新聞 → Mainichi Shimbun."""
    if not query:
        return ()
    try:
        result = _jamdict().lookup(query, strict_lookup=True, lookup_chars=False, lookup_ne=True)
    except Exception as exc:  # pragma: no cover
        logger.warning("JMnedict lookup of %r failed: %s", query, exc)
        return ()
    out = []
    for n in result.names:
        forms = [k.text for k in n.kanji_forms] + [k.text for k in n.kana_forms]
        if query not in forms:
            continue
        for s in n.senses:
            for g in getattr(s, "gloss", []):
                out.append(g.text)
    return tuple(out)


@dataclass(frozen=True)
class KanjiEntry:
    """One character of KANJIDIC2: its English meanings and its readings (on'yomi in
    katakana, kun'yomi in hiragana without okurigana, name readings)."""

    meanings: tuple[str, ...]
    readings: tuple[str, ...]


@lru_cache(maxsize=8192)
def kanjidic(char: str) -> KanjiEntry | None:
    """KANJIDIC2 entry of one kanji (jamdict-data), cached; None for anything else."""
    if len(char) != 1:
        return None
    try:
        result = _jamdict().lookup(char, strict_lookup=True, lookup_chars=True, lookup_ne=False)
    except Exception as exc:  # pragma: no cover - a corrupt database
        logger.warning("KANJIDIC lookup of %r failed: %s", char, exc)
        return None
    for c in result.chars:
        if c.literal != char:
            continue
        meanings = tuple(m.value for g in c.rm_groups for m in g.meanings if m.m_lang in ("", "en"))
        readings = [x.value.split(".")[0].strip("-") for g in c.rm_groups for x in g.readings
                    if x.r_type in ("ja_on", "ja_kun")]
        readings += [n.value if hasattr(n, "value") else str(n) for n in c.nanoris]
        return KanjiEntry(meanings, tuple(dict.fromkeys(r for r in readings if r)))
    return None


@lru_cache(maxsize=8192)
def gloss_words(surface: str) -> frozenset[str]:
    """The lower-case words of ``surface``'s JMdict glosses (first three entries, six senses
    each), parenthesised notes left out: 次第に gives {"gradually", "in sequence", …} as words."""
    return frozenset({w.lower() for e in jmdict(surface)[:3] for sense in e.senses[:6] for g in sense.glosses
                      for w in re.findall(r"[A-Za-z]+", re.sub(r"\([^)]*\)", " ", g))})

