"""The Japanese calendar for the checks: era years (元号) to Gregorian years, and asides.

Era data come from ``japanera`` (every era since 大化 645, the Northern and Southern courts
included). Year *n* of an era is the era's first Gregorian year plus *n* − 1, 元年 being year 1;
this is the convention of encyclopedic text (永禄10年（1567年）, 明治26年 = 1893). An era's first
year is the whole lunisolar year in which it was proclaimed, so an era proclaimed in the 11th or
12th month, which japanera dates in January or February of the next Gregorian year, begins in
the Gregorian year before (寛正: proclaimed 長禄4年12月21日, 1 February 1461 Julian, so 寛正元年
= 1460 and 寛正2年 = 1461). Beyond that the day an era began is ignored: a date early in a
Japanese year can fall in the next Gregorian one, which is why an era year paired in the text
with its Gregorian year is taken as the text gives it.

>>> [(d.era, d.year, d.gregorian) for d in era_dates("永禄10年（1567年）、明治元年")]
[('永禄', 10, (1567,)), ('明治', 1, (1868,))]
>>> [(d.era, d.year, d.gregorian) for d in era_dates("安貞2（1228年）正月、884年（元慶8）")]
[('安貞', 2, (1228,)), ('元慶', 8, (884,))]
>>> is_era_name("慶長"), is_era_name("京都")
(True, False)
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_KANJI_DIGIT = {"〇": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


# Eras proclaimed in the 11th or 12th lunisolar month, keyed by name and the Gregorian year of
# japanera's ``since`` (which falls in January or February of the next year): their first year
# is the Gregorian year before. From the proclamation dates (改元の日) of the standard era list.
_PROCLAIMED_LATE_IN_THE_YEAR = frozenset({
    ("天延", 974), ("天元", 979), ("長和", 1013), ("嘉保", 1095), ("永長", 1097), ("承徳", 1098),
    ("建保", 1214), ("元仁", 1225), ("安貞", 1228), ("暦仁", 1239), ("徳治", 1307), ("正中", 1325),
    ("正平", 1347), ("寛正", 1461), ("文禄", 1593), ("正保", 1645), ("天保", 1831), ("弘化", 1845),
    ("安政", 1855),
})


@lru_cache(maxsize=1)
def _eras() -> dict[str, tuple[tuple[int, str], ...]]:
    """Era name → ((first Gregorian year, romanized name), ...); several for a name used twice
    or by both courts."""
    try:
        import japanera
    except ImportError as exc:  # pragma: no cover - install requirement
        raise RuntimeError(f"the era conversion needs japanera ({exc}); pip install japanera") from exc
    out: dict[str, list[tuple[int, str]]] = {}
    for data in (japanera.ERA_DATA_GENERAL, japanera.ERA_DATA_DAIKAKUJI, japanera.ERA_DATA_JIMYOUIN):
        for era in data:
            if era.kanji in ("不明", "西暦") or era.since is None:
                continue
            first = era.since.year - ((era.kanji, era.since.year) in _PROCLAIMED_LATE_IN_THE_YEAR)
            entry = (first, era.english)
            if entry not in out.setdefault(era.kanji, []):
                out[era.kanji].append(entry)
    return {k: tuple(v) for k, v in out.items()}


def is_era_name(text: str) -> bool:
    return text in _eras()


@lru_cache(maxsize=1)
def _era_re() -> re.Pattern[str]:
    names = sorted(_eras(), key=len, reverse=True)
    return re.compile(
        r"(?P<era>" + "|".join(map(re.escape, names)) + r")\s?(?:\([^)]{1,8}\)\s?)?"
        r"(?P<n>元|[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})"
        # 年, or none where the Gregorian year follows or the era year is itself the aside:
        # 安貞2（1228年）, 884年（元慶8）
        r"(?:年|(?=\s?[（(][0-9０-９]{3,4}年?[）)])|(?=[）)]))"
    )


def _year_number(s: str) -> int | None:
    s = unicodedata.normalize("NFKC", s)
    if s == "元":
        return 1
    if s.isdigit():
        return int(s)
    if "十" in s:
        tens, _, ones = s.partition("十")
        return (_KANJI_DIGIT.get(tens, 0) if tens else 1) * 10 + (_KANJI_DIGIT.get(ones, 0) if ones else 0)
    return _KANJI_DIGIT.get(s) if len(s) == 1 else None


@dataclass(frozen=True)
class EraDate:
    """An era year found in a text: ``start``/``end`` cover 永禄10年; ``gregorian`` has one
    year per era of that name (an era name used twice gives two)."""

    era: str
    year: int
    gregorian: tuple[int, ...]
    romanized: tuple[str, ...]
    start: int
    end: int


def era_dates(text: str) -> list[EraDate]:
    """Every era year in ``text`` (貞観 (日本)4年, with Wikipedia's disambiguator, included)."""
    out = []
    for m in _era_re().finditer(text):
        n = _year_number(m.group("n"))
        if n is None or n == 0 or n > 64:
            continue
        entries = _eras()[m.group("era")]
        out.append(EraDate(m.group("era"), n, tuple(y + n - 1 for y, _ in entries),
                           tuple(r for _, r in entries), m.start(), m.end()))
    return out


def era_romanizations() -> dict[str, tuple[str, ...]]:
    """Era name → its romanizations (japanera's spelling), for matching "Meiji 26" in English."""
    return {k: tuple(r for _, r in v) for k, v in _eras().items()}
