"""English quantities: digits, spelled-out numbers, ordinals, decades, month names, clock times.

"two hours and forty minutes", "December 20, 2013", "the 1960s", "thousands of", "10 a.m.",
Roman numerals after a name ("Pope Paul VI"); codes and labels ("F-15", "2+2") are left out.
Read into :class:`~.quantity.Quantity` values for :mod:`.numbers`.
"""

from __future__ import annotations

import re

from ._common import Side
from .quantity import Quantity

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
    # a temperature converted for American readers: "2.1 C (35.8 F)"
    "f": "fahrenheit", "°f": "fahrenheit", "degrees fahrenheit": "fahrenheit", "fahrenheit": "fahrenheit",
}
_WORDNUM = "|".join(sorted(list(_EN_SMALL) + list(_EN_TENS) + list(_EN_SCALES), key=len, reverse=True))
_EN_NUM = re.compile(
    r"(?P<approx>\b(?i:about|around|approximately|roughly|some|nearly|almost|over|more than|up to)\s+)?"
    r"(?:(?P<clock>\b\d{1,2}(?::\d{2})?\s*(?:[ap]\.m\.|[ap]m\b|AM\b|PM\b)|\b\d{1,2}:\d{2}\b)"
    r"|(?P<digits>\$?\d(?:[\d,]*\d)?(?:\.\d+)?)(?:\s*(?P<dscale>hundred|thousand|million|billion|trillion)\b)?"
    r"|(?P<cord>\b(?i:" + "|".join(_EN_TENS) + r")[- ](?i:" + "|".join(list(_EN_ORD)[:9]) + r")\b)"
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


def _en_clock(m: re.Match[str], sent: str, off: int, out: list[Quantity]) -> tuple[float, str, tuple[float, ...]]:
    """``(value, unit, alts)`` of a clock time or a race time; the parts that render a Japanese
    number of their own (40分 of 午後11時40分, 6秒21 of 2分6秒21) go to ``out``, never reported alone."""
    clock = m.group("clock")
    if re.match(r"\d{1,2}:\d{2}$", clock) and re.match(r"\.\d{1,2}\b", sent[m.end():]):
        # a race time, "2:06.21": minutes, and seconds with hundredths (2分6秒21)
        secs = clock.split(":")[1] + re.match(r"\.\d{1,2}", sent[m.end():]).group()
        ss = off + m.start("clock") + clock.index(":") + 1
        out.append(Quantity(float(secs), "second", False, secs, ss, ss + len(secs), flaggable=False))
        return float(clock.split(":")[0]), "minute", ()
    hour = float(re.match(r"\d+", clock).group())
    minute = re.search(r":(\d{2})", clock)
    alts = (hour + 12,) if re.search(r"p|P", clock) else (hour - 12,) if hour > 12 else ()
    # 1000～1700 in a timetable is "10:00 to 17:00"
    alts += (hour * 100 + (float(minute.group(1)) if minute else 0),)
    if minute:  # the minutes of "11:40 p.m." render 午後11時40分's 40分
        ms = off + m.start("clock") + minute.start(1)
        out.append(Quantity(float(minute.group(1)), "minute", False, minute.group(1), ms, ms + 2, flaggable=False))
    return hour, "hour", alts


_EN_NOON = re.compile(r"\b(?:midnight|noon|midday)\b", re.IGNORECASE)


def _ordinal(unit: str | None) -> str:
    """The unit of an ordinal: "the seventeenth century" is a century (18世紀), else an ordinal."""
    return "century" if unit == "century" else "ordinal"


def en_quantities(side: Side) -> list[Quantity]:
    """The quantities of the English ``side``: numbers, ordinals, dates, clock times, pairs ("both")
    and Roman numerals, one per place, in text order."""
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
                value, unit, alts = _en_clock(m, sent, off, out)
            elif m.group("digits"):
                value = float(m.group("digits").lstrip("$").replace(",", ""))
                if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", m.group("digits")):
                    alts += (float(m.group("digits").replace(".", "")),)  # "30.000 koku": a European 30,000
                if m.group("dscale"):
                    value *= _EN_SCALES[m.group("dscale")]
            elif m.group("cord"):  # "twenty-first", "forty-fifth"
                tens, ones = re.split(r"[- ]", m.group("cord").lower())  # "twenty-sixth", "twenty sixth"
                value, unit, explicit = float(_EN_TENS[tens] + _EN_ORD[ones]), _ordinal(unit), False
            elif m.group("words"):
                value = parse_en_words(m.group("words"))
                if value is None:
                    continue
                explicit = False
            elif m.group("ord"):
                value, unit = float(_EN_ORD[m.group("ord").lower()]), _ordinal(unit)
                # "first" and "second" also mean "earlier", "the latter", "another"
                flaggable = value > 2
            elif m.group("dord"):
                value, unit = float(m.group("dord")[:-2]), _ordinal(unit)
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
            if unit is None and re.search(r"\b(?:at the age of|aged|age)\s+$", sent[:body_start], re.IGNORECASE):
                unit = "age"  # "at the age of eighteen" is an age as 18歳 is
            if value == 1 and unit not in ("month", "day"):
                flaggable = False  # "one" is also "a", "the same"; January is not
            if unit == "fahrenheit":
                flaggable = False  # a conversion the Japanese does not give
            start, end = off + body_start, off + m.end()
            text = side.full_text[start:end]
            aside = sent.rfind("(", 0, body_start) > sent.rfind(")", 0, body_start)
            out.append(Quantity(value, unit, approx, text, start, end, flaggable, alts=alts, aside=aside,
                                explicit=explicit))
        for m in _EN_PAIR.finditer(sent):
            out.append(Quantity(2, None, False, m.group(), off + m.start(), off + m.end(), flaggable=False))
        for m in _EN_NOON.finditer(sent):  # 午前0時 "midnight", 正午 / 午後0時 "noon"
            midnight = m.group().lower() == "midnight"
            out.append(Quantity(0.0 if midnight else 12.0, "hour", False, m.group(), off + m.start(), off + m.end(),
                                alts=(24.0,) if midnight else (), explicit=False))
        for m in _EN_HOUR_PART.finditer(sent):  # 約15分 "roughly a quarter of an hour"
            minutes = next(v for k, v in _HOUR_PARTS if re.fullmatch(k, m.group(), re.IGNORECASE))
            approx = bool(re.search(r"\b(?:about|around|approximately|roughly|some|nearly|almost)\s+$", sent[:m.start()],
                                    re.IGNORECASE))
            out.append(Quantity(float(minutes), "minute", approx, m.group(), off + m.start(), off + m.end(),
                                alts=(minutes / 60,), explicit=False))
        out.extend(_en_roman(sent, off))
    return _one_per_place(out)


# parts of an hour in words, as minutes
_HOUR_PARTS = ((r"(?:a|one) quarter of an hour|a quarter[- ]hour", 15), (r"(?:a )?half an hour|a half[- ]hour", 30),
               (r"three[- ]quarters of an hour", 45), (r"an hour and a half|(?:one|an) and a half hours", 90))
_EN_HOUR_PART = re.compile(r"\b(?:" + "|".join(k for k, _ in _HOUR_PARTS) + r")\b", re.IGNORECASE)


def _en_roman(sent: str, off: int) -> list[Quantity]:
    """The Roman numerals after a name in ``sent``, as ordinals."""
    out: list[Quantity] = []
    for m in _EN_ROMAN.finditer(sent):  # "Pope Paul VI", "Kanzaburo NAKAMURA XVII": 6世, 17代目
        value = _roman(m.group(1))
        if value:
            s = off + m.start(1)
            out.append(Quantity(float(value), "ordinal", False, m.group(1), s, s + len(m.group(1))))
    return out


def _one_per_place(out: list[Quantity]) -> list[Quantity]:
    """The quantities in text order, one per start and value (a counted one before a bare one)."""
    # a day number already taken by "December 20" is not also a bare 20
    seen: set[tuple[int, float]] = set()
    dedup = []
    for q in sorted(out, key=lambda q: (q.start, q.unit is None)):
        if (q.start, q.value) in seen:
            continue
        seen.add((q.start, q.value))
        dedup.append(q)
    return dedup
