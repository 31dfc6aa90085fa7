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

A translation number left over is undecided (info) unless it is most likely a source number
changed (minor): a year a few years from a source year the translation does not give (819年
(弘仁10年) → "818 (Konin 10)"; not one year off beside a lunisolar date at the year's end), the
day of a date whose month the source gives with another day (8月15日 → "August 25"), or an
ordinal or count before the word that renders a numeral inside a Japanese word (三男 → "the
fourth son", 十三重塔 → "a nine-story pagoda").

The quantities are read by :mod:`.numbers_ja` (kanji numerals, counters, era years) and
:mod:`.numbers_en` (spelled-out numbers, month names, clock times) into the
:class:`~.quantity.Quantity` of :mod:`.quantity`; this module matches them and reports what
is left over. Both directions.
"""

from __future__ import annotations

import re
import unicodedata

from ._common import BeadView
from .numbers_en import en_quantities, parse_en_words  # noqa: F401 - parse_en_words re-exported
from .numbers_degree import contradicts, qualifier
from .numbers_ja import _METRIC, _TRADITIONAL, ja_quantities, parse_ja_number  # noqa: F401 - parse_ja_number re-exported
from .quantity import Quantity, _values
from .registry import BOTH, register

# --- matching ---------------------------------------------------------------------------------


def _units_agree(a: Quantity, b: Quantity) -> bool:
    if a.unit is None or b.unit is None or a.unit == b.unit:
        return True
    if _same_measure(a, b):
        return True
    pair = {a.unit, b.unit}
    # an ordinal renders any counted thing (９日 "the 9th", ６年目 "the sixth year", 15世紀
    # "the 15th century"); an age is counted in years (27歳 "27-year-old"); month names and
    # month counts are confused often enough in vague contexts to let through
    # キロ is a kilometre or a kilogram ("5キロあたり" is "per 5 kilograms")
    return "ordinal" in pair or pair <= {"age", "year"} or pair <= {"month", "month-count"} or pair <= {"kilo", "km", "kg"}


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


def _matched(q: Quantity, theirs: list[Quantity]) -> bool:
    """Whether a quantity of the other side renders ``q``. A metric figure that matches only as
    the conversion of a traditional unit, where the other side states that figure itself, is
    judged by the stated one: 4.5匁（16.7グラム） against "4.5 monme (18.7 grams)" (18.7 is
    within the conversion's tolerance of 4.5匁, but not 16.7)."""
    partners = [t for t in theirs if _compatible(q, t)]
    if not partners:
        return False
    if all(_same_measure(q, t) for t in partners):
        stated = [t for t in theirs if t.unit == q.unit and q.unit not in _TRADITIONAL]
        return not stated
    return True


def _unmatched(mine: list[Quantity], theirs: list[Quantity]) -> list[Quantity]:
    matched_groups = {q.group for q in mine if q.group is not None and _matched(q, theirs)}
    out, reported_groups = [], set()
    for q in mine:
        if not q.flaggable or _matched(q, theirs):
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
    lunisolar = _is_lunisolar(view, ja_q, en_q)
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
            confidence = _changed_confidence(q, t, ja_q, en_q, lunisolar, unconverted)
            if _days_of_month(view, q, t) and not lunisolar:
                confidence = 0.6  # 来月14日 against "the 4th of next month": another day
        else:
            t = None
            expl = f"The source quantity {q.text!r} ({q.describe()}) has no matching number in the translation."
            confidence = _dropped_confidence(view, q)
        out.append(_div(view, q, t, expl, confidence))
    for i, t in enumerate(tgt_un):
        if i in used:
            continue
        expl = f"The translation's {t.text!r} ({t.describe()}) has no matching number in the source."
        # Translations add what the source implies (the Gregorian year of an era date, a
        # count of the things listed, the end of a range): undecided
        # (the tuning half's judged sample: none worth a look).
        confidence = 0.3 if t.aside else 0.4
        word = _changed_numeral_word(view, t, ja_q, en_q) if view.ja_is_source else None
        if word is not None:
            # 三男 "the fourth son", 十三重塔 "a nine-story pagoda": a numeral inside a word that
            # counts or ranks, and the English gives another number where it renders it
            out.append(_div(view, word, t, f"The source says {view.ja.full_text[word.start:word.end + 1]!r}; "
                                           f"the translation says {t.text!r}.", 0.6))
            continue
        day = None if lunisolar else _changed_day(t, src_q, tgt_q)
        if day is not None:
            # 7月15日…8月15日 against "July 15 … August 25": the day of one date changed
            out.append(_div(view, day, t, f"The source says {day.text!r} for that month; the translation says "
                                          f"{t.text!r}.", 0.7))
            continue
        year = _near_year(t, src_q, tgt_q)
        if year is not None:
            # 1650年（慶安3年） against "1651": the era year matched, the Gregorian year was changed
            expl = (f"The translation's year {t.text!r} is not in the source, which gives {year:.0f} and the "
                    "translation does not: most likely that year changed.")
            confidence = 0.7
        out.append(_div(view, None, t, expl, confidence))
    return out + _degree_flags(view, ja_q, en_q)


# kanji after a numeral inside a word that ranks (三男 "third son", 十代 "tenth head", 従三位 "Third
# Rank") or count (十三重塔 "thirteen-story", 五間 "five bays"), and the English word the number
# of its rendering comes before
_RANKS = {"男": "sons?", "女": "daughters?", "代": "heads?|generations?|shoguns?|emperors?|lords?|masters?|abbots?|chiefs?",
          "世": "heads?|generations?|masters?|abbots?|chiefs?|patriarchs?|iemoto", "位": "ranks?"}
_COUNTS = {"重": "stor(?:y|ies|ied|eyed)|tier(?:s|ed)?|levels?", "間": "ken|bays?|spans?", "層": "stor(?:y|ies)|layers?|levels?"}


def _changed_numeral_word(view: BeadView, t: Quantity, ja_q: list[Quantity], en_q: list[Quantity]) -> Quantity | None:
    """The Japanese numeral inside a ranking or counting word that the unmatched English number
    ``t`` stands in for: the English gives a number of that kind, and not the Japanese one."""
    full = view.ja.full_text
    given = {v for x in en_q for v in (x.value, *x.alts)}
    for q in ja_q:
        if q.flaggable or q.explicit or q.value in given:
            continue
        after = full[q.end:q.end + 1]
        words = _RANKS.get(after) if t.unit == "ordinal" else _COUNTS.get(after) if t.unit is None else None
        if not words or t.value == q.value or t.value != int(t.value) or not 2 <= t.value <= 99:
            continue
        if re.match(r"[\s-]+(?:[A-Za-z]+\s+){0,2}?(?:" + words + r")\b", view.en.full_text[t.end:t.end + 40], re.IGNORECASE):
            return q
    return None


def _dates(qs: list[Quantity]) -> list[tuple[Quantity, Quantity]]:
    """(month, day) written together: 8月15日, "August 15"."""
    return [(a, b) for a, b in zip(qs, qs[1:]) if a.unit == "month" and b.unit == "day" and 0 <= b.start - a.end <= 1]


def _changed_day(t: Quantity, src_q: list[Quantity], tgt_q: list[Quantity]) -> Quantity | None:
    """The source day of the date whose month the unmatched day ``t`` follows, when the source
    gives that month with another day and the translation gives that date nowhere."""
    month = next((m for m, d in _dates(tgt_q) if d is t), None)
    if month is None:
        return None
    given = {(m.value, d.value) for m, d in _dates(tgt_q)}
    return next((d for m, d in _dates(src_q) if m.value == month.value and d.value != t.value
                 and (m.value, d.value) not in given), None)


def _years(qs: list[Quantity]) -> set[float]:
    """The Gregorian years a side gives, as numbers or as an era year's Gregorian value. Where a
    year is written twice (元亀3年（1571年）), the Gregorian year written is the one it gives,
    even when the era year converts to another (1572)."""
    def year(v: float) -> bool:
        return 300 <= v <= 2200 and v == int(v)

    written = {q.group for q in qs if q.group is not None and not q.alts and q.unit in (None, "year") and year(q.value)}
    return {v for q in qs if q.unit in (None, "year") and not (q.alts and q.group in written)
            for v in (q.value, *q.alts) if year(v)}


def _near_year(t: Quantity, src_q: list[Quantity], tgt_q: list[Quantity]) -> float | None:
    """A source year a few years from the unmatched translation year ``t`` that the translation
    does not give: ``t`` is most likely that year changed (818 for 弘仁10年 = 819)."""
    if t.unit not in (None, "year") or t.approx or not t.explicit or not (300 <= t.value <= 2200) \
            or t.value != int(t.value):
        return None
    given = _years(tgt_q)
    # 仁和四年十一月 against "January 889": a lunisolar date at the year's end converted
    year_end = any(q.unit == "month" and q.value >= 11 for q in src_q + tgt_q) or any(
        q.unit == "month" and q.value <= 2 for q in src_q + tgt_q)
    near = sorted((abs(y - t.value), y) for y in _years(src_q) - given
                  if 0 < abs(y - t.value) <= 30 and not (year_end and abs(y - t.value) == 1))
    return near[0][1] if near else None


def _degree_flags(view: BeadView, ja_q: list[Quantity], en_q: list[Quantity]) -> list:
    """A number both sides give, qualified in contradicting ways (:mod:`.numbers_degree`:
    約300人 "more than 300 people", 1億円余り "nearly 100 million yen")."""
    out, used = [], set()
    for q in ja_q:
        j = next((i for i, t in enumerate(en_q) if i not in used and _compatible(q, t)), None)
        if j is None:
            continue
        used.add(j)
        t = en_q[j]
        qa, ta = qualifier(view.ja.full_text, q, "ja"), qualifier(view.en.full_text, t, "en")
        if not (qa and ta and contradicts(qa[0], ta[0])):
            continue
        expl = (f"The Japanese says {q.text!r} with {qa[1]} ({qa[0]}); the English says {ta[1]} {t.text!r} "
                f"({ta[0]}): the number is qualified differently.")
        out.append(view.divergence(
            kind="number", confidence=0.6, check="numbers", explanation=expl,
            ja_span=(q.start, q.end), en_span=(t.start, t.end),
            evidence={"japanese": q.describe(), "english": t.describe(), "japanese_qualifier": list(qa),
                      "english_qualifier": list(ta), "change": "qualifier"}))
    return out


def _is_lunisolar(view: BeadView, ja_q: list[Quantity], en_q: list[Quantity]) -> bool:
    """Whether the bead's dates are before 1873, by its years or, without one, its document's."""
    # Before 1873 Japan counted months and days by the lunisolar calendar, and translators
    # often give the Gregorian (or, before 1582, Julian) date: 天文22年9月 is "October 1553".
    # A lunisolar month falls one or two months later in the solar calendar, so those months
    # match; the day can be anything, so a day that differs is undecided unless the English
    # keeps the Japanese month (then the date was not converted and the day must agree). A
    # bead without a year (同年5月) takes the era of its document.
    # an era year by its Gregorian year (令和7年 is 2025, its alternative 7 no year); a duration
    # (2年間) is no date
    years = [max(_values(q)) for q in ja_q if q.unit == "year" and max(_values(q)) >= 500] + [
        q.value for q in en_q if q.unit in ("year", None) and 500 <= q.value <= 2100 and q.value == int(q.value)
        and re.fullmatch(r"\d{3,4}", q.text.strip(",. "))]
    return any(y < 1873 for y in years) or (not years and _document_lunisolar(view))


def _days_of_month(view: BeadView, q: Quantity, t: Quantity) -> bool:
    """A Japanese day (14日) against an English day of the month written as an ordinal ("the
    4th"), which the English parser reads as a bare number."""
    ja, en = (q, t) if view.ja_is_source else (t, q)
    text = view.en.full_text
    return ja.unit == "day" and en.unit is None and 1 <= en.value <= 31 and en.value == int(en.value) \
        and bool(re.match(r"(?:st|nd|rd|th)\b", text[en.end:en.end + 3])) and text[max(0, en.start - 4):en.start] == "the "


def _changed_confidence(q: Quantity, t: Quantity, ja_q: list[Quantity], en_q: list[Quantity],
                        lunisolar: bool, unconverted: bool) -> float:
    """The confidence that source quantity ``q``, paired with the translation's ``t``, was changed."""
    # Two explicit numbers of the same kind that differ: the strongest evidence there is.
    # Of different kinds (9月 against "5 times"), the pairing itself is a guess; a bare
    # number against a counted one (9月 against "two") is weaker than two of a kind.
    units = {q.unit, t.unit}
    if "kilo" in units and units & {"km", "kg"}:
        units -= {"kilo"}  # キロ against "kilograms": one unit
    year_end = lunisolar and "year" in units and units <= {"year", None} and abs(q.value - t.value) == 1 \
        and _year_end_month(ja_q, en_q)
    if year_end:
        confidence = 0.4  # 文明14年（1482年）12月 is January 1483 in the Gregorian calendar
    elif _same_measure(q, t):
        confidence = 0.6  # 3尺 against "3 meters": a conversion gone wrong, or a misreading
    elif units == {"times", "ordinal"}:
        confidence = 0.6  # 回 counts times and the n-th: 九回 "the ninth inning" against "eighth"
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
    if q.aside or t.aside:
        confidence = min(confidence, 0.7)  # a reading or a conversion in parentheses: never major
    return confidence


def _dropped_confidence(view: BeadView, q: Quantity) -> float:
    """The confidence that source quantity ``q``, with no partner in the translation, was left out."""
    # A number left out is often a style choice (a year given once, a conversion or a
    # reading in parentheses dropped, 2回目以降 "later"): minor only for an explicit
    # quantity with a unit, info for asides and bare numbers.
    # A month or day left out of a date whose year is kept ("1953:" for 昭和28年3月) is
    # mostly a choice of precision: undecided.
    dated = q.unit in ("month", "day")
    confidence = 0.3 if q.aside else 0.55 if q.explicit and q.unit in _MEASURES and not dated else 0.4
    if view.ja_is_source and q.unit == "year" and _relative_year(view, q):
        confidence = 0.3  # 翌昭和10年 "in the next year": the year is given by the context
    return confidence


# Quantities whose loss changes what the text says: dates, people, money, measures. An ordinal
# or a count of times (2回目以降 "later", 2回 "twice") is mostly reworded.
_MEASURES = frozenset(
    "year month day person yen dollar percent km kilo km2 m m2 cm mm kg g t hour minute second week century country".split())


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
