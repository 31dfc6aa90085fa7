"""Japanese quantities: digits, kanji numerals, the myriad scales, counters, units and era years.

Arabic or full-width digits (２０１３), kanji numerals (二千十三, 第三) mixed with 万 and 億
(3万5千 = 35,000), counters and units after the number (2時間40分間, 4人), squared unit signs
(㌔), traditional units (尺, 間, 匁) with the metric values a translation converts them to,
vague quantities (数千), and era years (永禄10年 = 1567, through :mod:`.calendar`); a year
written twice (1567年（永禄10年）) is one group. Read into :class:`~.quantity.Quantity`
values for :mod:`.numbers`.

Kanji numerals are taken only where UniDic tags a numeral (名詞-数詞), so 一体 "what on
earth", 唯一 "only" and 一致 "agreement" are not read as 1.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ._common import BeadView, Side, nfkc_with_map
from .quantity import Quantity, _values

_KANJI_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_SMALL = {"十": 10, "百": 100, "千": 1000}
_LARGE = {"万": 10**4, "億": 10**8, "兆": 10**12}

_JA_UNITS = [
    ("km2", "km2"), ("km²", "km2"), ("平方キロメートル", "km2"), ("m2", "m2"), ("m²", "m2"), ("平方メートル", "m2"),
    ("kg", "kg"), ("キログラム", "kg"), ("グラム", "g"), ("g", "g"), ("キロメートル", "km"), ("キロメ-トル", "km"), ("キロ", "kilo"), ("km", "km"), ("センチメートル", "cm"),
    ("センチ", "cm"), ("cm", "cm"), ("ミリ", "mm"), ("メートル", "m"), ("トン", "t"),
    ("パーセント", "percent"), ("%", "percent"), ("ドル", "dollar"), ("円", "yen"),
    ("週間", "week"), ("カ月", "month-count"), ("ヶ月", "month-count"), ("か月", "month-count"), ("ケ月", "month-count"),
    ("年間", "year"), ("年", "year"), ("月", "month"), ("日間", "day"), ("日", "day"), ("時間", "hour"),
    ("分間", "minute"), ("分", "minute"), ("時", "hour"), ("秒", "second"), ("人", "person"), ("名", "person"),
    ("番目", "ordinal"), ("年目", "ordinal"), ("代目", "ordinal"), ("回目", "ordinal"), ("度目", "ordinal"),
    ("世紀", "century"), ("倍", "times"), ("回", "times"), ("歳", "age"), ("才", "age"), ("代", None), ("カ国", "country"), ("か国", "country"),
    ("ヶ国", "country"), ("件", None), ("個", None), ("台", None), ("隻", None), ("機", None), ("社", None),
    # traditional units (尺貫法), compared with a metric rendering through _TRADITIONAL
    ("寸", "sun"), ("尺", "shaku"), ("丈", "jo"), ("里", "ri"), ("匁", "monme"), ("貫", "kan"), ("割", "wari"),
    ("間", "ken"),
]
# A traditional unit and the metric unit a translation converts it to, with the factor (JIS /
# 度量衡法 values: 1尺 = 10/33 m, 1間 = 6尺, 1匁 = 3.75 g, 1里 = 3.927 km, given in miles too); a
# conversion matches within 12 %. 間 counted as bays (五間三戸 "five bays") still matches the
# bare number. Translators round: 3寸7分 "about 11 cm", 2間 "3.6 meters".
_TRADITIONAL = {"sun": ("cm", 100 / 33), "shaku": ("cm", 1000 / 33), "jo": ("m", 100 / 33), "ri": ("km", 3.927),
                "monme": ("g", 3.75), "kan": ("kg", 3.75), "wari": ("percent", 10.0), "ken": ("m", 60 / 33)}
_METRIC = {"cm": {"mm": 10.0, "m": 0.01}, "m": {"cm": 100.0, "km": 0.001}, "km": {"m": 1000.0, "mile": 1 / 1.609344},
           "g": {"kg": 0.001}, "kg": {"g": 1000.0}, "percent": {}}
_JA_UNIT_RE = "|".join(re.escape(u) for u, _ in sorted(_JA_UNITS, key=lambda x: -len(x[0])))
_JA_UNIT_MAP = dict(_JA_UNITS)
_JA_NUM = re.compile(
    r"(?P<pre>約|およそ|数|第|十数|数十)?"
    r"(?P<num>(?:[0-9][0-9,]*(?:\.[0-9]+)?|[〇零一二三四五六七八九十百千万億兆])(?:[0-9,.]|[〇零一二三四五六七八九十百千万億兆])*)"
    r"(?P<approx>余り?|以上|数)?"
    r"(?P<unit>" + _JA_UNIT_RE + r")?"
)
_JA_LABEL = re.compile(
    r"[0-9]+\s*[+＋]\s*[0-9]+|[A-Za-z]+-?[0-9]+|[0-9]+(?!(?:km|cm|mm|kg|m|g|t|ha)(?![A-Za-z]))[A-Za-z]+")
_CIRCLED = re.compile(r"[\u2460-\u24ff\u2776-\u2793\u3251-\u325f\u32b1-\u32bf]+")
_JA_PAIR = re.compile(r"双方|両(?=[国者首陣軍党社])")


def parse_ja_number(s: str) -> float | None:
    """Value of a Japanese numeral: ``"3万5千"`` → 35000, ``"二千十三"`` → 2013, ``"1,200"`` → 1200.

    Digit runs are read positionally, kanji digits too when no 十/百/千 appears (二〇一三 →
    2013); 十百千 multiply the digit before them (or 1), 万億兆 close a section.
    """
    s = s.replace(",", "")
    total = 0.0
    section = 0.0
    current: float | None = None
    i = 0
    if re.fullmatch(r"[〇零一二三四五六七八九]{2,}", s):
        return float("".join(str(_KANJI_DIGITS[c]) for c in s))
    while i < len(s):
        c = s[i]
        m = re.match(r"[0-9]+(?:\.[0-9]+)?", s[i:])
        if m:
            current = float(m.group())
            i += len(m.group())
            continue
        if c in _KANJI_DIGITS:
            current = float(_KANJI_DIGITS[c])
        elif c in _SMALL:
            section += (current if current is not None else 1) * _SMALL[c]
            current = None
        elif c in _LARGE:
            total += (section + (current or 0) or 1) * _LARGE[c]
            section, current = 0.0, None
        elif c == ".":
            pass
        else:
            return None
        i += 1
    return total + section + (current or 0)


def _paren_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the parenthesized asides of ``text`` (（…） and (…), outermost)."""
    spans, stack = [], []
    for i, ch in enumerate(text):
        if ch in "（(":
            stack.append(i)
        elif ch in "）)" and stack:
            start = stack.pop()
            if not stack:
                spans.append((start, i + 1))
    return spans


@dataclass(frozen=True)
class _JaSentence:
    """One Japanese sentence as the number reader sees it: its NFKC text with the map back to
    the original offsets, and the spans that change how a number in it is read."""

    off: int
    norm: str
    mp: list[int]
    full_text: str
    labels: list[tuple[int, int]]
    asides: list[tuple[int, int]]
    titles: list[tuple[int, int]]
    taken: list[tuple[int, int]]
    numeral_chars: set[int]


def ja_quantities(view: BeadView, side: Side) -> list[Quantity]:
    """The quantities of the Japanese ``side``: era years first, then the numbers, then the
    implicit pairs (双方), sentence by sentence; a year written twice is one group."""
    from .calendar import era_dates

    numeral_chars = _numeral_chars(view)
    out: list[Quantity] = []
    group = 0
    for off, sent in side.sentences():
        norm, mp = nfkc_with_map(sent)
        labels = [(m.start(), m.end()) for m in _JA_LABEL.finditer(norm)]
        asides = _paren_spans(norm)
        titles = [(t.start(), t.end()) for t in re.finditer(r"『[^』]*』", norm)]
        eras = era_dates(norm)
        taken = [(e.start, e.end) for e in eras]
        s = _JaSentence(off, norm, mp, side.full_text, labels, asides, titles, taken, numeral_chars)
        found: list[Quantity] = [_era_quantity(e, s) for e in eras]
        for m in _JA_NUM.finditer(norm):
            q = _ja_number(m, s)
            if q is not None:
                found.append(q)
        group = _group_years(found, group)
        out.extend(found)
        for m in _JA_PAIR.finditer(sent):
            out.append(Quantity(2, None, False, m.group(), off + m.start(), off + m.end(), flaggable=False))
        for m in re.finditer("正午", sent):  # noon, as "noon" and "12 p.m." say it
            out.append(Quantity(12.0, "hour", False, m.group(), off + m.start(), off + m.end(), explicit=False))
    return out


def _numeral_chars(view: BeadView) -> set[int]:
    """Offsets of the characters UniDic tags as numerals (名詞-数詞)."""
    numeral_chars: set[int] = set()
    for t in view.ja_tokens:
        if t.pos2 == "数詞":
            numeral_chars.update(range(t.start, t.end))
    return numeral_chars


def _era_quantity(e, s: _JaSentence) -> Quantity:
    """An era year (永禄10年) as its Gregorian year, with the era's own number among the alternatives."""
    off, norm, mp, asides = s.off, s.norm, s.mp, s.asides
    start, end = off + mp[e.start], off + mp[e.end - 1] + 1
    alts = tuple(float(g) for g in e.gregorian[:-1]) + (float(e.year),)
    decade = norm[e.end:e.end + 1] == "代"
    if decade:  # 昭和40年代: the ten years from 1965, "the late 1960s" to "before 1975"
        first = e.gregorian[-1]
        alts += tuple(float(y) for y in range(first + 1, first + 11)) + (float(first // 10 * 10),)
    return Quantity(float(e.gregorian[-1]), "year", decade, s.full_text[start:end], start, end,
                    alts=alts, aside=any(a < e.start < b for a, b in asides))


def _ja_number(m: re.Match[str], s: _JaSentence) -> Quantity | None:
    """The quantity of one numeral match, or None where it is no quantity (a label, an era
    year's number, a kanji that is no numeral here, a circled list number)."""
    off, norm, mp = s.off, s.norm, s.mp
    num = m.group("num")
    s0 = m.start("num")
    if any(a <= s0 < b for a, b in s.labels) or any(a <= s0 < b for a, b in s.taken):
        return None
    kanji = not re.search(r"[0-9]", num)
    if kanji and off + mp[s0] not in s.numeral_chars:
        return None  # 一体, 唯一, 一致: kanji that are not numerals here
    if not kanji and any(ch in _KANJI_DIGITS and off + mp[s0 + i] not in s.numeral_chars for i, ch in enumerate(num)):
        return None  # 2四半期: the 四 of 四半期 "quarter" is no digit of the 2
    value = parse_ja_number(num.rstrip(",."))
    if value is None:
        return None
    pre, unit_s = m.group("pre") or "", m.group("unit")
    unit = _JA_UNIT_MAP.get(unit_s) if unit_s else None
    approx = pre in ("約", "およそ", "数", "十数", "数十") or bool(m.group("approx"))
    if pre == "第":
        unit = "ordinal"
    if unit == "minute" and unit_s == "分" and re.match(r"の", norm[m.end():]):
        unit = None  # 3分の1 "one third" is a fraction, not minutes
    alts = _ja_alts(m, norm, num, value, unit, unit_s, kanji)
    start, end = off + mp[m.start()], off + mp[m.end() - 1] + 1
    if _CIRCLED.fullmatch(s.full_text[start:end]):
        return None  # ① ② … number the items of a list
    # A kanji numeral with no counter is mostly part of a word or a name (三宝 "the three
    # treasures", 五重塔, 盟三五大切): it supports a match, it is not reported.
    vague = pre in ("数", "十数", "数十") or bool(m.group("approx"))
    flaggable = (value != 1 or unit in ("month", "day")) and not (kanji and not unit_s and pre != "第") and not vague
    # a kanji numeral inside a title (『日本三代実録』 "Nihon Sandai Jitsuroku") is part of
    # the title's name, which the translation may romanize
    flaggable = flaggable and not (kanji and any(a < m.start() < b for a, b in s.titles))
    return Quantity(value, unit, approx, s.full_text[start:end], start, end,
                    flaggable=flaggable, alts=alts, aside=any(a < m.start() < b for a, b in s.asides),
                    explicit=not kanji)


def _ja_alts(m: re.Match[str], norm: str, num: str, value: float, unit: str | None, unit_s: str | None,
             kanji: bool) -> tuple[float, ...]:
    """Other values the number may be rendered as: 午後3時 at 15, 7分半 at 7.5, 65年 at 1965 or
    2065, the 2 of 1960-2 at 1962, 七回忌 at 6, 9秒98 at 9.98, 151円20銭 at 151.2."""
    alts = (value + 12,) if unit == "hour" and unit_s == "時" and norm[max(0, m.start() - 2):m.start()] == "午後" else ()
    if unit_s == "円" and re.match(r"\d{2}(?:[~～〜-]\d{2})?銭", norm[m.end():]):
        alts += (value + int(norm[m.end():m.end() + 2]) / 100,)  # 151円20銭 "151.20 yen"
    if unit_s == "秒" and re.match(r"\d{2}(?!\d)", norm[m.end():]):
        alts += (value + int(norm[m.end():m.end() + 2]) / 100,)  # 9秒98 "9.98 seconds"
    if unit_s and norm[m.end():m.end() + 1] == "半":
        alts += (value + 0.5,)  # 7分半 "7.5 minutes", 2時間半 "two and a half hours"
    if unit_s == "回" and norm[m.end():m.end() + 1] == "忌":
        alts += (value - 1,)  # memorials count the year of death: 七回忌 "the sixth anniversary"
    if unit == "year" and unit_s == "年" and value < 100 and not kanji:
        alts += (1900 + value, 2000 + value)  # 65年以降 "after 1965", 60年安保
    before = re.search(r"(\d{4})[-–~～〜]$", norm[:m.start()])
    if before and not kanji and len(num) < 4:  # 1960-2 "1960-1962", 1998-99
        alts += (float(before.group(1)[:4 - len(num)] + num),)
    return alts


def _group_years(found: list[Quantity], group: int) -> int:
    """Sort ``found`` by position and give one group to each year written twice (in place); the
    last group number used."""
    # 1567年（永禄10年） and 永禄10年（1567年）: one year written twice; also with the date
    # between (承和7年12月9日（841年1月5日）, where the lunisolar year ends in 841) and for an
    # era japanera does not know (白鳳9年（681年）).
    found.sort(key=lambda q: q.start)
    for i, q in enumerate(found):
        for r in found[i + 1 : i + 4]:
            bare_year = r.unit is None and r.aside and 100 <= r.value <= 2100 and r.value == int(r.value)
            if q.unit != "year" or not (r.unit == "year" or bare_year):  # 享保27年 (1727)
                continue
            # Side by side (永禄10年（1567年）), the text says they are one year, even where it
            # is inconsistent (享保27年 (1727)); with a date between (元禄12年12月2日 (旧暦)
            # （1700年1月21日）), only an era year and its own Gregorian year, within one.
            era_like = bool(q.alts or r.alts) or min(q.value, r.value) < 100 <= max(q.value, r.value)
            adjacent = r.start - q.end <= 2
            same_year = any(abs(a - b) <= 1 for a in _values(q) for b in _values(r) if min(a, b) >= 100)
            known_era = bool(q.alts or r.alts)  # 推古30年7月（西暦623年）: japanera has no 推古
            with_date = r.start - q.end <= 12 and (q.aside or r.aside) and (same_year or not known_era)
            if era_like and (adjacent or with_date):
                if not (q.group or r.group):
                    group += 1
                g = q.group or r.group or group
                found[i] = q = _with_group(q, g)
                found[found.index(r)] = _with_group(r, g)
    return group


def _with_group(q: Quantity, group: int) -> Quantity:
    from dataclasses import replace

    return replace(q, group=q.group or group, aside=False if q.alts else q.aside)
