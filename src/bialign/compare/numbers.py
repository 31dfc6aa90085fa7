"""Numbers, dates, durations and units, normalized on both sides; only mismatches reported.

Japanese writes the same quantity many ways: Arabic or full-width digits (２０１３), kanji
numerals (二千十三, 第三), mixed with the myriad scales 万 (10^4) and 億 (10^8) (3万5千 =
35,000; 1億2000万 = 120 million), counters and units after the number (2時間40分間, 60日間,
4人), squared unit signs (㌔ = キロ, "kilo[metres]"), and vague quantities (数千 "several
thousand"). English spells numbers out ("two hours and forty minutes"), names months
("December 20, 2013", "mid-November"), and uses "thousands of". Both sides are reduced to
:class:`Quantity` values with a unit; a quantity on one side is matched by an equal value with
a compatible unit (an absent unit is compatible with any) on the other.

To stay precise, some quantities only ever *support* a match and are never reported:

- the number 1, which English often renders with "a"/"an" (一センチ → "a centimeter") and
  which ordinals like "first" ↔ 初めて carry without a numeral;
- implicit pairs: 双方/両 "both sides" ↔ "both", "the two countries";
- labels: "2+2" / "2-plus-2", "G7", "F-35" are names, not quantities.

Kanji numerals are taken only where UniDic tags a numeral (名詞-数詞), so 一体 "what on
earth", 唯一 "only" and 一致 "agreement" are not read as 1. Both directions.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ._common import BeadView, Side, nfkc_with_map
from .registry import BOTH, register


@dataclass(frozen=True)
class Quantity:
    """A normalized quantity found in a text: value, unit, approximate?, where."""

    value: float
    unit: str | None
    approx: bool
    text: str
    start: int
    end: int
    flaggable: bool = True
    #: Other values that render the same quantity (an era year's number: 永禄10年 is 1567, or
    #: "Eiroku 10").
    alts: tuple[float, ...] = ()
    #: Quantities with the same group stand for one thing written twice (1567年（永禄10年）):
    #: when one is matched, all are.
    group: int | None = None
    #: Inside parentheses: a reading, a conversion, an aside (never major).
    aside: bool = False
    #: Written in digits (or an era year): explicit enough to call a mismatch major.
    explicit: bool = True

    def describe(self) -> str:
        v = int(self.value) if self.value == int(self.value) else self.value
        return f"{'~' if self.approx else ''}{v}{' ' + self.unit if self.unit else ''}"


# --- Japanese ---------------------------------------------------------------------------------

_KANJI_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_SMALL = {"十": 10, "百": 100, "千": 1000}
_LARGE = {"万": 10**4, "億": 10**8, "兆": 10**12}

_JA_UNITS = [
    ("km2", "km2"), ("km²", "km2"), ("平方キロメートル", "km2"), ("m2", "m2"), ("m²", "m2"), ("平方メートル", "m2"),
    ("kg", "kg"), ("キログラム", "kg"), ("グラム", "g"), ("g", "g"), ("キロメートル", "km"), ("キロメ-トル", "km"), ("キロ", "km"), ("km", "km"), ("センチメートル", "cm"),
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


def ja_quantities(view: BeadView, side: Side) -> list[Quantity]:
    from .calendar import era_dates

    numeral_chars: set[int] = set()
    for t in view.ja_tokens:
        if t.pos2 == "数詞":
            numeral_chars.update(range(t.start, t.end))
    out: list[Quantity] = []
    group = 0
    for off, sent in side.sentences():
        norm, mp = nfkc_with_map(sent)
        labels = [(m.start(), m.end()) for m in _JA_LABEL.finditer(norm)]
        asides = _paren_spans(norm)
        titles = [(t.start(), t.end()) for t in re.finditer(r"『[^』]*』", norm)]
        eras = era_dates(norm)
        taken = [(e.start, e.end) for e in eras]
        found: list[Quantity] = []
        for e in eras:
            start, end = off + mp[e.start], off + mp[e.end - 1] + 1
            alts = tuple(float(g) for g in e.gregorian[:-1]) + (float(e.year),)
            decade = norm[e.end:e.end + 1] == "代"
            if decade:  # 昭和40年代: the ten years from 1965, "the late 1960s" to "before 1975"
                first = e.gregorian[-1]
                alts += tuple(float(y) for y in range(first + 1, first + 11)) + (float(first // 10 * 10),)
            found.append(Quantity(float(e.gregorian[-1]), "year", decade, side.full_text[start:end], start, end,
                                  alts=alts, aside=any(a < e.start < b for a, b in asides)))
        for m in _JA_NUM.finditer(norm):
            num = m.group("num")
            s0 = m.start("num")
            if any(a <= s0 < b for a, b in labels) or any(a <= s0 < b for a, b in taken):
                continue
            kanji = not re.search(r"[0-9]", num)
            if kanji and off + mp[s0] not in numeral_chars:
                continue  # 一体, 唯一, 一致: kanji that are not numerals here
            value = parse_ja_number(num.rstrip(",."))
            if value is None:
                continue
            pre, unit_s = m.group("pre") or "", m.group("unit")
            unit = _JA_UNIT_MAP.get(unit_s) if unit_s else None
            approx = pre in ("約", "およそ", "数", "十数", "数十") or bool(m.group("approx"))
            if pre == "第":
                unit = "ordinal"
            if unit == "minute" and unit_s == "分" and re.match(r"の", norm[m.end():]):
                unit = None  # 3分の1 "one third" is a fraction, not minutes
            alts = (value + 12,) if unit == "hour" and unit_s == "時" and norm[max(0, m.start() - 2):m.start()] == "午後" else ()
            if unit_s and norm[m.end():m.end() + 1] == "半":
                alts += (value + 0.5,)  # 7分半 "7.5 minutes", 2時間半 "two and a half hours"
            if unit == "year" and unit_s == "年" and value < 100 and not kanji:
                alts += (1900 + value, 2000 + value)  # 65年以降 "after 1965", 60年安保
            before = re.search(r"(\d{4})[-–~～〜]$", norm[:m.start()])
            if before and not kanji and len(num) < 4:  # 1960-2 "1960-1962", 1998-99
                alts += (float(before.group(1)[:4 - len(num)] + num),)
            start, end = off + mp[m.start()], off + mp[m.end() - 1] + 1
            if _CIRCLED.fullmatch(side.full_text[start:end]):
                continue  # ① ② … number the items of a list
            # A kanji numeral with no counter is mostly part of a word or a name (三宝 "the three
            # treasures", 五重塔, 盟三五大切): it supports a match, it is not reported.
            vague = pre in ("数", "十数", "数十") or bool(m.group("approx"))
            flaggable = (value != 1 or unit in ("month", "day")) and not (kanji and not unit_s and pre != "第") and not vague
            # a kanji numeral inside a title (『日本三代実録』 "Nihon Sandai Jitsuroku") is part of
            # the title's name, which the translation may romanize
            flaggable = flaggable and not (kanji and any(a < m.start() < b for a, b in titles))
            found.append(Quantity(value, unit, approx, side.full_text[start:end], start, end,
                                  flaggable=flaggable, alts=alts, aside=any(a < m.start() < b for a, b in asides),
                                  explicit=not kanji))
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
        out.extend(found)
        for m in _JA_PAIR.finditer(sent):
            out.append(Quantity(2, None, False, m.group(), off + m.start(), off + m.end(), flaggable=False))
    return out


def _with_group(q: Quantity, group: int) -> Quantity:
    from dataclasses import replace

    return replace(q, group=q.group or group, aside=False if q.alts else q.aside)


# --- English ----------------------------------------------------------------------------------

_EN_SMALL = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen".split())}
_EN_TENS = {w: 10 * (i + 2) for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())}
_EN_SCALES = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9, "trillion": 10**12}
_EN_ORD = {w: i + 1 for i, w in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
    "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth".split())}
_EN_DECADES = {w: 10 * (i + 2) for i, w in enumerate(
    "twenties thirties forties fifties sixties seventies eighties nineties".split())}
_MONTHS = {m: i + 1 for i, m in enumerate(
    "January February March April May June July August September October November December".split())}
_EN_UNITS = {
    "km": "km", "kilometer": "km", "kilometre": "km", "kilometers": "km", "kilometres": "km",
    "square kilometers": "km2", "square kilometres": "km2", "km2": "km2", "square meters": "m2",
    "square metres": "m2", "m2": "m2", "kg": "kg", "kilograms": "kg", "grams": "g", "g": "g",
    "cm": "cm", "centimeter": "cm", "centimetre": "cm", "centimeters": "cm", "centimetres": "cm",
    "mm": "mm", "millimeters": "mm", "meter": "m", "meters": "m", "metre": "m", "metres": "m", "m": "m",
    "mile": "mile", "miles": "mile", "ton": "t", "tons": "t", "tonnes": "t", "percent": "percent", "per cent": "percent", "%": "percent",
    "dollar": "dollar", "dollars": "dollar", "yen": "yen", "week": "week", "weeks": "week",
    "month": "month-count", "months": "month-count", "year": "year", "years": "year", "day": "day", "days": "day",
    "hour": "hour", "hours": "hour", "minute": "minute", "minutes": "minute", "second": "second",
    "seconds": "second", "people": "person", "persons": "person", "person": "person", "times": "times",
    "countries": "country", "nations": "country", "century": "century", "centuries": "century",
}
_WORDNUM = "|".join(sorted(list(_EN_SMALL) + list(_EN_TENS) + list(_EN_SCALES), key=len, reverse=True))
_EN_NUM = re.compile(
    r"(?P<approx>\b(?i:about|around|approximately|roughly|some|nearly|almost|over|more than|up to)\s+)?"
    r"(?:(?P<clock>\b\d{1,2}(?::\d{2})?\s*(?:[ap]\.m\.|[ap]m\b|AM\b|PM\b)|\b\d{1,2}:\d{2}\b)"
    r"|(?P<digits>\$?\d(?:[\d,]*\d)?(?:\.\d+)?)(?:\s*(?P<dscale>hundred|thousand|million|billion|trillion)\b)?"
    r"|(?P<cord>\b(?i:" + "|".join(_EN_TENS) + r")-(?i:" + "|".join(list(_EN_ORD)[:9]) + r")\b)"
    r"|(?P<words>\b(?i:" + _WORDNUM + r")\b(?:(?:[\s-]+|\s+and\s+)(?i:" + _WORDNUM + r")s?\b)*)"
    r"|(?P<ord>\b(?i:" + "|".join(_EN_ORD) + r")\b)"
    r"|(?P<dord>\b\d+(?:st|nd|rd|th)\b)"
    r"|(?P<decade>\b(?:\d{2,4}'?s|(?i:" + "|".join(_EN_DECADES) + r"))\b)"
    r"|(?P<dozen>\b(?i:a\s+dozen|dozen)\b)"
    r"|(?P<vague>\b(?:tens of thousands|hundreds of thousands|dozens|hundreds|thousands|millions|billions)\b(?=\s+of\b))"
    r"|(?P<month>\b(?:" + "|".join(m for m in _MONTHS if m != "May")
    + r"|(?:(?<=\bin )|(?<=\bIn )|(?<=\bto )|(?<=\bof )|(?<=\bfrom )|(?<=\buntil )|(?<=\btill )|(?<=\bsince )|(?<=\bearly )|(?<=\blate )|(?<=\bmid )|(?<=\band )|(?<=\bor )|(?<=mid-))May|May(?=\s+\d))\b)"
    r")"
    r"(?P<unit>\s*(?:-|\s)?(?:of\s+)?(?i:" + "|".join(sorted(_EN_UNITS, key=len, reverse=True)) + r")\b)?",
)
# Codes and labels, not quantities: "F-15", "A4", "3G", "4WD". A number glued to a unit or a
# scale word ("15minutes", "2hours", "5670million") is a quantity typed without its space, and
# a hyphen after a lower-case word ("20cm-by-16cm") joins words, not a code.
_EN_LABEL = re.compile(
    r"\b\d+-plus-\d+\b|\b\d+\+\d+\b|\b[A-Za-z]+\d+[A-Za-z0-9]*\b|\b[A-Za-z]*[A-Z][A-Za-z]*-\d+[A-Za-z0-9]*\b"
    r"|\b\d+(?!(?:st|nd|rd|th|s|'s|am|pm|AM|PM|hundred|thousand|million|billion|trillion|(?i:"
    + "|".join(sorted(_EN_UNITS, key=len, reverse=True)) + r"))\b)[A-Za-z]+[A-Za-z0-9]*\b"
)
_EN_PAIR = re.compile(r"\bboth\b|\bpair\b|\bcouple\b", re.IGNORECASE)
_VAGUE = {"dozens": 12, "hundreds": 100, "thousands": 1000, "millions": 10**6, "billions": 10**9,
          "tens of thousands": 10**4, "hundreds of thousands": 10**5}


def parse_en_words(words: str) -> float | None:
    """Value of spelled-out English numbers: "forty-two" → 42, "two hundred and five" → 205."""
    total, current = 0, 0
    for w in re.split(r"[\s-]+", words.lower()):
        if w == "and" or not w:
            continue
        if w.endswith("s") and w[:-1] in _EN_SCALES:
            w = w[:-1]  # "seven hundreds soldiers"
        if w in _EN_SMALL:
            current += _EN_SMALL[w]
        elif w in _EN_TENS:
            current += _EN_TENS[w]
        elif w == "hundred":
            current = (current or 1) * 100
        elif w in _EN_SCALES:
            total += (current or 1) * _EN_SCALES[w]
            current = 0
        else:
            return None
    return float(total + current)


_EN_ROMAN = re.compile(r"(?<=[A-Za-z] )((?:X{0,3})(?:IX|IV|V?I{0,3}))\b(?![.'’-]\w)")


def _roman(text: str) -> int:
    if not text or text == "I":
        return 0  # "I" is the pronoun
    values = {"I": 1, "V": 5, "X": 10}
    total = 0
    for i, ch in enumerate(text):
        v = values[ch]
        total += -v if i + 1 < len(text) and values[text[i + 1]] > v else v
    return total


def en_quantities(side: Side) -> list[Quantity]:
    out: list[Quantity] = []
    for off, sent in side.sentences():
        labels = [(m.start(), m.end()) for m in _EN_LABEL.finditer(sent)]
        for m in _EN_NUM.finditer(sent):
            body_start = m.start() if not m.group("approx") else m.end("approx")
            if any(a <= body_start < b for a, b in labels):
                continue
            unit_s = re.sub(r"^[\s-]*(?:of\s+)?", "", m.group("unit")).strip() if m.group("unit") else ""
            unit = _EN_UNITS.get(unit_s.lower()) if unit_s else None
            approx = bool(m.group("approx"))
            flaggable = True
            explicit = True
            alts: tuple[float, ...] = ()
            if m.group("clock"):
                hour = float(re.match(r"\d+", m.group("clock")).group())
                minute = re.search(r":(\d{2})", m.group("clock"))
                value, unit = hour, "hour"
                alts = (hour + 12,) if re.search(r"p|P", m.group("clock")) else (hour - 12,) if hour > 12 else ()
                # 1000～1700 in a timetable is "10:00 to 17:00"
                alts += (hour * 100 + (float(minute.group(1)) if minute else 0),)
            elif m.group("digits"):
                value = float(m.group("digits").lstrip("$").replace(",", ""))
                if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", m.group("digits")):
                    alts += (float(m.group("digits").replace(".", "")),)  # "30.000 koku": a European 30,000
                if m.group("dscale"):
                    value *= _EN_SCALES[m.group("dscale")]
            elif m.group("cord"):  # "twenty-first", "forty-fifth"
                tens, ones = m.group("cord").lower().split("-")
                value, unit, explicit = float(_EN_TENS[tens] + _EN_ORD[ones]), "ordinal", False
            elif m.group("words"):
                value = parse_en_words(m.group("words"))
                if value is None:
                    continue
                explicit = False
            elif m.group("ord"):
                value, unit = float(_EN_ORD[m.group("ord").lower()]), "ordinal"
                # "first" and "second" also mean "earlier", "the latter", "another"
                flaggable = value > 2
            elif m.group("dord"):
                value, unit = float(m.group("dord")[:-2]), "ordinal"
            elif m.group("decade"):
                d = m.group("decade").lower()
                value = float(_EN_DECADES[d]) if d in _EN_DECADES else float(re.sub(r"\D", "", d))
                unit, approx = None, True
            elif m.group("dozen"):
                value, approx, flaggable = 12.0, True, False
            elif m.group("vague"):
                value, approx = float(_VAGUE[m.group("vague").lower()]), True
            else:
                value, unit = float(_MONTHS[m.group("month")]), "month"
                # "December 20" / "December 20, 2013": the day after a month name
                d = re.match(r"\s+(\d{1,2})\b", sent[m.end():])
                if d:
                    s = off + m.end() + d.start(1)
                    out.append(Quantity(float(d.group(1)), "day", False, d.group(1), s, s + len(d.group(1))))
            if value == 1 and unit not in ("month", "day"):
                flaggable = False  # "one" is also "a", "the same"; January is not
            start, end = off + body_start, off + m.end()
            text = side.full_text[start:end]
            aside = sent.rfind("(", 0, body_start) > sent.rfind(")", 0, body_start)
            out.append(Quantity(value, unit, approx, text, start, end, flaggable, alts=alts, aside=aside,
                                explicit=explicit))
        for m in _EN_PAIR.finditer(sent):
            out.append(Quantity(2, None, False, m.group(), off + m.start(), off + m.end(), flaggable=False))
        for m in _EN_ROMAN.finditer(sent):  # "Pope Paul VI", "Kanzaburo NAKAMURA XVII": 6世, 17代目
            value = _roman(m.group(1))
            if value:
                s = off + m.start(1)
                out.append(Quantity(float(value), "ordinal", False, m.group(1), s, s + len(m.group(1))))
    # a day number already taken by "December 20" is not also a bare 20
    seen: set[tuple[int, float]] = set()
    dedup = []
    for q in sorted(out, key=lambda q: (q.start, q.unit is None)):
        if (q.start, q.value) in seen:
            continue
        seen.add((q.start, q.value))
        dedup.append(q)
    return dedup


# --- matching ---------------------------------------------------------------------------------


def _values(q: Quantity) -> set[float]:
    return {q.value, *q.alts}


def _units_agree(a: Quantity, b: Quantity) -> bool:
    if a.unit is None or b.unit is None or a.unit == b.unit:
        return True
    if _same_measure(a, b):
        return True
    pair = {a.unit, b.unit}
    # an ordinal renders any counted thing (９日 "the 9th", ６年目 "the sixth year", 15世紀
    # "the 15th century"); an age is counted in years (27歳 "27-year-old"); month names and
    # month counts are confused often enough in vague contexts to let through
    return "ordinal" in pair or pair <= {"age", "year"} or pair <= {"month", "month-count"}


def _compatible(a: Quantity, b: Quantity) -> bool:
    if _same_measure(a, b):  # 3尺 is not "3 meters"; it is "91 cm"
        return _converted(a, b) or _converted(b, a)
    return bool(_values(a) & _values(b)) and _units_agree(a, b)


def _same_measure(a: Quantity, b: Quantity) -> bool:
    """A traditional unit and a metric unit of the same measure (尺 and m, 匁 and g, 割 and %)."""
    for t, m in ((a, b), (b, a)):
        if t.unit in _TRADITIONAL and m.unit is not None and m.unit not in _TRADITIONAL:
            metric = _TRADITIONAL[t.unit][0]
            return m.unit == metric or m.unit in _METRIC.get(metric, {})
    return False


def _converted(a: Quantity, b: Quantity) -> bool:
    """``a`` in a traditional unit (寸, 尺, 間, 里, 匁, 割 …) and ``b``
    its metric conversion (or the bare number of it), within 12 %."""
    if a.unit not in _TRADITIONAL:
        return False
    metric, factor = _TRADITIONAL[a.unit]
    scales = {metric: 1.0, **_METRIC.get(metric, {})}
    if b.unit is not None and b.unit not in scales:
        return False
    want = a.value * factor * scales.get(b.unit or metric, 1.0)
    return want > 0 and abs(b.value - want) <= 0.12 * want


def quantities(view: BeadView) -> tuple[list[Quantity], list[Quantity]]:
    """The quantities of the Japanese and the English side of the bead."""
    return ja_quantities(view, view.ja), en_quantities(view.en)


def _unmatched(mine: list[Quantity], theirs: list[Quantity]) -> list[Quantity]:
    matched_groups = {q.group for q in mine if q.group is not None and any(_compatible(q, t) for t in theirs)}
    out, reported_groups = [], set()
    for q in mine:
        if not q.flaggable or any(_compatible(q, t) for t in theirs):
            continue
        if q.group is not None:
            if q.group in matched_groups or q.group in reported_groups:
                continue
            reported_groups.add(q.group)
        out.append(q)
    return out


@register(kinds=("number",), directions=BOTH)
def numbers(view: BeadView):
    """Numbers, dates, durations and units that differ after normalization."""
    if view.ja.empty or view.en.empty:
        return []
    ja_q, en_q = quantities(view)
    # Before 1873 Japan counted months and days by the lunisolar calendar, and translators
    # often give the Gregorian (or, before 1582, Julian) date: 天文22年9月 is "October 1553".
    # A lunisolar month falls one or two months later in the solar calendar, so those months
    # match; the day can be anything, so a day that differs is undecided unless the English
    # keeps the Japanese month (then the date was not converted and the day must agree). A
    # bead without a year (同年5月) takes the era of its document.
    years = [min(_values(q)) for q in ja_q if q.unit == "year"] + [
        q.value for q in en_q if q.unit in ("year", None) and 500 <= q.value <= 2100 and q.value == int(q.value)
        and re.fullmatch(r"\d{3,4}", q.text.strip(",. "))]
    lunisolar = any(y < 1873 for y in years) or (not years and _document_lunisolar(view))
    if lunisolar:
        ja_q = [_lunisolar_month(q) if q.unit == "month" else q for q in ja_q]
    # the English keeps the Japanese month, and the Japanese gives no converted date of its own
    unconverted = not any(q.aside for q in ja_q if q.unit in ("month", "day")) and any(
        q.value == t.value for q in ja_q if q.unit == "month" for t in en_q if t.unit == "month")
    src_q, tgt_q = (ja_q, en_q) if view.ja_is_source else (en_q, ja_q)
    src_un = _unmatched(src_q, tgt_q)
    tgt_un = _unmatched(tgt_q, src_q)
    out = []
    used: set[int] = set()
    for q in src_un:
        partner = None
        for i, t in enumerate(tgt_un):
            if i not in used and _units_agree(q, t):
                partner = i
                break
        if partner is not None:
            used.add(partner)
            t = tgt_un[partner]
            expl = (f"The source says {q.text!r} ({q.describe()}); the translation says {t.text!r} "
                    f"({t.describe()}).")
            # Two explicit numbers of the same kind that differ: the strongest evidence there is.
            # Of different kinds (9月 against "5 times"), the pairing itself is a guess; a bare
            # number against a counted one (9月 against "two") is weaker than two of a kind.
            units = {q.unit, t.unit}
            year_end = lunisolar and "year" in units and units <= {"year", None} and abs(q.value - t.value) == 1 \
                and _year_end_month(ja_q, en_q)
            if year_end:
                confidence = 0.4  # 文明14年（1482年）12月 is January 1483 in the Gregorian calendar
            elif _same_measure(q, t):
                confidence = 0.6  # 3尺 against "3 meters": a conversion gone wrong, or a misreading
            elif None not in units and len(units) > 1:
                confidence = 0.45
            elif None in units and len(units) > 1 and not _same_magnitude(q.value, t.value):
                confidence = 0.45  # 第二次 paired with "1960": two leftovers, not one number changed
            elif None in units and len(units) > 1:
                confidence = 0.6  # 552年 against "522", 2860円 against "2680"
            elif lunisolar and q.unit == "day" and not unconverted:
                confidence = 0.4  # a lunisolar day converted: any day of the solar month
            elif q.unit is None or q.unit == "day":
                # two bare numbers left over in a long sentence (37帖 … "17 quires") are not
                # always one number changed; a day moved by one (3月31日をもって "after April 1")
                # is often a paraphrase
                confidence = 0.6
            else:
                confidence = 0.9 if q.explicit and t.explicit else 0.7
        else:
            t = None
            expl = f"The source quantity {q.text!r} ({q.describe()}) has no matching number in the translation."
            # A number left out is often a style choice (a year given once, a conversion or a
            # reading in parentheses dropped, 2回目以降 "later"): minor only for an explicit
            # quantity with a unit, info for asides and bare numbers.
            # A month or day left out of a date whose year is kept ("1953:" for 昭和28年3月) is
            # mostly a choice of precision: undecided.
            dated = q.unit in ("month", "day")
            confidence = 0.3 if q.aside else 0.55 if q.explicit and q.unit in _MEASURES and not dated else 0.4
            if view.ja_is_source and q.unit == "year" and _relative_year(view, q):
                confidence = 0.3  # 翌昭和10年 "in the next year": the year is given by the context
        out.append(_div(view, q, t, expl, confidence))
    for i, t in enumerate(tgt_un):
        if i in used:
            continue
        expl = f"The translation's {t.text!r} ({t.describe()}) has no matching number in the source."
        # Translations add what the source implies (the Gregorian year of an era date, a
        # count of the things listed, the end of a range): undecided
        # (the tuning half's judged sample: none worth a look).
        confidence = 0.3 if t.aside else 0.4
        out.append(_div(view, None, t, expl, confidence))
    return out


# Quantities whose loss changes what the text says: dates, people, money, measures. An ordinal
# or a count of times (2回目以降 "later", 2回 "twice") is mostly reworded.
_MEASURES = frozenset(
    "year month day person yen dollar percent km km2 m m2 cm mm kg g t hour minute second week century country".split())


_EN_RELATIVE_YEAR = re.compile(r"\b(?:next|following|same|that) year\b|\bthe year after\b", re.IGNORECASE)


def _relative_year(view: BeadView, q: Quantity) -> bool:
    """A Japanese year given relative to the one before (翌昭和10年, 同年) that the English gives
    relatively too ("the next year")."""
    before = view.ja.full_text[max(0, q.start - 1):q.start]
    return before in ("翌", "同") and bool(_EN_RELATIVE_YEAR.search(view.en.text))


def _same_magnitude(a: float, b: float) -> bool:
    """As many digits, or both large (10万 against "10 million" is a slip of scale)."""
    return len(str(int(abs(a)))) == len(str(int(abs(b)))) or min(abs(a), abs(b)) >= 10_000


def _lunisolar_month(q: Quantity) -> Quantity:
    from dataclasses import replace

    m = int(q.value)
    return replace(q, alts=q.alts + tuple(float((m + k - 1) % 12 + 1) for k in (1, 2)))


_DOC_YEAR = re.compile(r"(?<![0-9０-９])([0-9０-９]{3,4})年")


def _document_lunisolar(view: BeadView) -> bool:
    """Whether most years the Japanese document names are before 1873."""
    key = "numbers.lunisolar"
    if key not in view.shared:
        from .calendar import era_dates

        text = view.ja.full_text
        years = [int(unicodedata.normalize("NFKC", m.group(1))) for m in _DOC_YEAR.finditer(text)]
        years += [e.gregorian[-1] for e in era_dates(text)]
        view.shared[key] = bool(years) and sum(y < 1873 for y in years) > len(years) / 2
    return view.shared[key]


def _year_end_month(ja_q: list[Quantity], en_q: list[Quantity]) -> bool:
    """A lunisolar 11th or 12th month, or a Gregorian January or February: the Gregorian year
    may be the next one."""
    return any(q.unit == "month" and q.value >= 11 for q in ja_q) or any(
        q.unit == "month" and q.value <= 2 for q in en_q)


def _div(view: BeadView, src: Quantity | None, tgt: Quantity | None, explanation: str, confidence: float):
    ja, en = (src, tgt) if view.ja_is_source else (tgt, src)
    return view.divergence(
        kind="number", confidence=confidence, check="numbers", explanation=explanation,
        ja_span=(ja.start, ja.end) if ja else None, en_span=(en.start, en.end) if en else None,
        evidence={
            "japanese": ja.describe() if ja else None,
            "english": en.describe() if en else None,
            "all_japanese": [q.describe() for q in ja_quantities(view, view.ja)],
            "all_english": [q.describe() for q in en_quantities(view.en)],
        },
    )
