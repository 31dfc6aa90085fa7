"""JMdict and JMnedict, offline through jamdict-data: exact lookups, cached."""

from __future__ import annotations

import logging
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
