"""Time references: a relative time reference turned into its opposite.

:func:`time_reference`: a relative time reference whose opposite is on the other side:
翌年 "the following year" against "the previous year", 晩年 "in his later years" against
"in his youth", 前半 "the first half" against "the latter half", 午前 against "evening",
現在 "at present" against "formerly", 近年 "in recent years" against "long ago", その後 against "he
had earlier …", 翌11月 against "the previous November". A reference that is dropped is not reported (the
context usually carries it); one that is turned into its opposite is.

Calendar-relative references (今週 against "last week") and days of the week (月曜日 against
"Tuesday"; a day left out is not reported) are compared here too, and the part of a period
(中期 against "late") by :mod:`.periods`, as part of this check.

Runs in both directions.
"""

from __future__ import annotations

import re

from ._common import BeadView
from .dictionaries import gloss_words
from .registry import BOTH, register

# Gloss words too general to say which time is meant.
_TIME_GLOSS_STOP = frozenset("period periods time times day days year years half part stage term the of a an one's "
                             "in on at to life era age".split())


def _gloss_words(surface: str) -> frozenset[str]:
    """The words of ``surface``'s JMdict glosses, general time words left out."""
    return gloss_words(surface) - _TIME_GLOSS_STOP


def _time_accounted(view: BeadView, ja_span: tuple[int, int], word: str, en_span: tuple[int, int], eword: str) -> bool:
    """Whether a reversal is a word-level mismatch only: the English word that looks opposite
    renders another Japanese word (幕末 "the end of Edo", 今は "now": a JMdict gloss of a word or
    two-word compound outside the flagged one), or the flagged word is rendered by one of its
    own glosses elsewhere in the English (前期 "the former Kamakura period")."""
    toks = [t for t in view.ja_tokens if t.end <= ja_span[0] or t.start >= ja_span[1]]
    target = eword.lower().split()[-1]
    for i, t in enumerate(toks):
        if t.pos1 not in ("名詞", "副詞", "接尾辞", "接頭辞", "形容詞", "連体詞"):
            continue
        words = [t.surface] + ([t.surface + toks[i + 1].surface] if i + 1 < len(toks)
                               and toks[i + 1].start == t.end else [])
        if any(target in _gloss_words(w) for w in words):
            return True
    en = view.en.full_text
    outside = en[view.en.start:en_span[0]] + " " + en[en_span[1]:view.en.end]
    en_words = {w.lower() for w in re.findall(r"[A-Za-z]+", outside)}
    return bool(_gloss_words(word) & en_words)


# class -> (Japanese pattern, English pattern); OPPOSITE pairs the classes.
_TIME = {
    "after": (r"翌[年月日朝週]|その後|以後|後年|のちに|後に", r"\b(?:following|next|later|after(?:wards?)?|subsequent(?:ly)?)\b"),
    "before": (r"前年|前日|前月|以前|かつて|先立|前に", r"\b(?:previous|preceding|before|earlier|prior|former(?:ly)?|once|used to)\b"),
    "early": (r"初期|前期|前半|上旬|初頭|初め|はじめ|早期|当初", r"\b(?:early|first half|beginning|start|initial(?:ly)?|earliest)\b"),
    "late": (r"末期|後期|後半|下旬|末年|末頃|晩期|終わり", r"\b(?:late|latter|second half|end|final|last years)\b"),
    "old": (r"晩年|老年|老後", r"\b(?:later years|old age|late in (?:his|her|their) life|last years|final years)\b"),
    "young": (r"若い頃|若年|幼少|少年|少女|幼い|若き|青年", r"\b(?:young|youth|childhood|boyhood|girlhood|early years|as a child|as a boy)\b"),
    "now": (r"現在|今日|現存|現行|今も|いまも|今なお|今では", r"\b(?:now|present|presently|current(?:ly)?|today|existing)\b"),
    "past": (r"かつて|当時|元は|もとは|昔", r"\b(?:formerly|used to|former|at that time|in the past)\b"),
    # "a.m." ends in a point, which no \b can follow; a bare "am" only after a digit (9am), not "I am"
    "recent": (r"近年|最近|近頃|昨今", r"\b(?:recent(?:ly)?|lately|of late|these days|in recent years)\b"),
    "long_ago": (r"古くは|古く|古来|往古|昔から|大昔", r"\b(?:long ago|long before|in ancient times|in antiquity|of old|"
                 r"(?:relatively |very )?long ago)\b"),
    "morning": (r"午前|朝|早朝|明け方", r"\b(?:morning|dawn|daybreak)\b|\ba\.m\.|(?<=\d)\s?am\b"),
    "evening": (r"午後|夕方|夕刻|夜|晩", r"\b(?:afternoon|evening|night|dusk)\b|\bp\.m\.|(?<=\d)\s?pm\b"),
}
_OPPOSITE = {"after": "before", "before": "after", "early": "late", "late": "early", "old": "young",
             "young": "old", "now": "past", "past": "now", "morning": "evening", "evening": "morning",
             "recent": "long_ago", "long_ago": "recent"}


# Pairs specific enough to stand on their own (晩年 against "youth", 午前 against "evening");
# before/after, now/past and early/late words turn up in many clauses of one sentence.
_SPECIFIC = frozenset({"old", "young", "morning", "evening", "recent", "long_ago"})
# Adverbs of sequence that say "after that" or "before that" of the clause itself (その後 against
# "he had earlier devoted himself"), not a relation to some other event ("before the war"):
# specific enough as a pair.
_SEQUENCE = {"after": (frozenset("その後 のちに 後に 後年 以後".split()), frozenset("earlier previously beforehand".split())),
             "before": (frozenset("以前 かつて 前に".split()), frozenset("later afterwards afterward subsequently".split()))}
# "formerly", "now" as adverbs of the clause; "former" and "present" modify a noun (跡 "the
# former site", 現正則学園 "the present Seisoku school") and are status_words' business.
_TIME_ADVERBS = frozenset("formerly now today currently presently nowadays".split()) | {"used to", "in the past"}
_PERIOD_PARTS = frozenset("初期 前期 前半 上旬 初頭 末期 後期 後半 下旬".split())  # 江戸時代前期 "the early Edo period"


def _time_classes(text: str, lang: str, offset: int,
                  bounds: tuple[set[int], set[int]] | None = None) -> dict[str, tuple[int, int, str]]:
    """The first reference of each class. With ``bounds`` (Japanese token starts and ends), a
    match must cover whole tokens: 前に is not found in 名前に, 朝 not in 朝廷, 後に not in 最後に."""
    found: dict[str, tuple[int, int, str]] = {}
    for cls, (ja, en) in _TIME.items():
        pattern = re.compile(ja if lang == "ja" else en, 0 if lang == "ja" else re.IGNORECASE)
        for m in pattern.finditer(text):
            s, e = offset + m.start(), offset + m.end()
            if bounds is None or (s in bounds[0] and e in bounds[1]):
                found[cls] = (s, e, m.group())
                break
    return found


# Calendar-relative references: which year, month, week or day, counted from the time of
# writing or from the story's time (昨年 "last year", 翌週 "the following week").
_UNITS = {"年": "year", "月": "month", "週": "week", "日": "day"}
# 度 of a fiscal or school year (来年度, 再来年度) is part of the word
_JA_RELATIVE = re.compile(r"(?:(?P<prev>昨|去|前の?|先)(?P<u1>年|月|週|日)|(?P<this>今|本)(?P<u2>年|月|週|日)|"
                          r"(?P<next>来|翌|明)(?:(?<=翌)[0-9０-９]{1,2}(?=月))?(?P<u3>年|月|週|日)|(?P<next2>再来|明後)(?P<u4>年|月|週|日))(?:(?<=年)度)?")
_CLASSES = ("prev", "this", "next", "next2")
# "next fiscal year" for 来年度, "this school year" for 今年度
_KIND = r"(?:fiscal |financial |academic |school )?"
_EN_RELATIVE = {
    "prev": r"\b(?:last|previous|preceding|past) " + _KIND + r"{u}\b|\bthe {u} before\b(?! last)|\b{u} earlier\b|\byesterday\b",
    "this": r"\bthis " + _KIND + r"{u}\b|\bthe current " + _KIND + r"{u}\b|\btoday\b",
    "next": r"\b(?:next|following|coming|subsequent) " + _KIND + r"{u}\b(?! after next)|\bthe {u} after\b(?! next)|"
            r"\b{u} later\b|\btomorrow\b",
    "next2": r"\b{u} after next\b|\bthe day after tomorrow\b",
}
_WHICH = {"prev": "the previous one", "this": "the current one", "next": "the next one", "next2": "the one after next"}


_MONTH_NAMES = "January|February|March|April|May|June|July|August|September|October|November|December"


def _en_relative(text: str, unit: str) -> dict[str, re.Match[str]]:
    found = {}
    for cls, pattern in _EN_RELATIVE.items():
        # 翌11月 "the following November": a month by its name too
        pat = pattern.format(u=f"(?:month|{_MONTH_NAMES})" if unit == "month" else unit)
        if unit != "day":
            pat = pat.replace("|\\byesterday\\b", "").replace("|\\btoday\\b", "").replace("|\\btomorrow\\b", "").replace("|\\bthe day after tomorrow\\b", "")
        m = re.search(pat, text, re.IGNORECASE)
        if m:
            found[cls] = m
    return found


def _relative_flags(view: BeadView) -> list:
    """今週 → "last week": a calendar-relative reference pointing at another year, month, week
    or day. Words of one token only (今日 "today", 先月; not 前日 inside 前日本代表)."""
    out = []
    bounds = ({t.start for t in view.ja_tokens}, {t.end for t in view.ja_tokens})
    # the classes the Japanese itself gives, per unit: 今年 … 昨年 "this year … last year"
    ja_classes = {(next(k for k in _CLASSES if m.group(k)),
                   _UNITS[m.group("u1") or m.group("u2") or m.group("u3") or m.group("u4")])
                  for m in _JA_RELATIVE.finditer(view.ja.text)}
    for off, sent in view.ja.sentences():
        for m in _JA_RELATIVE.finditer(sent):
            s, e = off + m.start(), off + m.end()
            if s not in bounds[0] or e not in bounds[1]:
                continue
            cls = next(k for k in _CLASSES if m.group(k))
            unit = _UNITS[m.group("u1") or m.group("u2") or m.group("u3") or m.group("u4")]
            en = _en_relative(view.en.text, unit)
            others = [c for c in en if c != cls and (c, unit) not in ja_classes]
            if others and cls not in en:
                em = en[others[0]]
                out.append(view.divergence(
                    kind="time", confidence=0.65, check="time_reference",
                    explanation=(f"The Japanese says {m.group()} ({_WHICH[cls]} {unit}); the English says "
                                 f"{em.group()!r} ({_WHICH[others[0]]}): another {unit} is meant."),
                    ja_span=(s, e), en_span=(view.en.start + em.start(), view.en.start + em.end()),
                    evidence={"japanese": m.group(), "english": em.group(), "japanese_class": cls,
                              "english_class": others[0], "unit": unit},
                ))
    return out


# Days of the week: 月曜日, 月曜, and the day in parentheses after a date (9日（月）).
_JA_WEEKDAY = re.compile(r"(?P<w1>[月火水木金土日])曜日?|(?<=日)[（(](?P<w2>[月火水木金土日])[）)]")
_WEEKDAYS = dict(zip("月火水木金土日", ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")))
_EN_WEEKDAY = re.compile(r"\b(mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(day)?s?\b", re.IGNORECASE)


def _en_weekdays(text: str) -> dict[str, re.Match[str]]:
    out = {}
    for m in _EN_WEEKDAY.finditer(text):
        word = m.group(1).lower()
        # an abbreviation only with a capital and a point ("Tue."): "sat" and "sun" are words
        if not m.group(2) and not (m.group()[0].isupper() and text[m.end():m.end() + 1] == "."):
            continue
        day = next(d for d in _WEEKDAYS.values() if d.startswith(word[:3]))
        out.setdefault(day, m)
    return out


def _weekday_flags(view: BeadView) -> list:
    """月曜日 → "Tuesday": the day of the week the English gives is none the Japanese gives. A
    day left out is not reported (the date carries it)."""
    en = _en_weekdays(view.en.text)
    if not en:
        return []
    bounds = {t.start for t in view.ja_tokens}
    ja = {}
    for m in _JA_WEEKDAY.finditer(view.ja.text):
        s = view.ja.start + m.start()
        if m.group("w1") and s not in bounds:
            continue  # 曜 inside another word
        ja.setdefault(_WEEKDAYS[m.group("w1") or m.group("w2")], (s, view.ja.start + m.end(), m.group()))
    if not ja or set(ja) & set(en):
        return []
    day, (s, e, word) = next(iter(ja.items()))
    em = next(iter(en.values()))
    return [view.divergence(
        kind="time", confidence=0.65, check="time_reference",
        explanation=f"The Japanese says {word} ({day.title()}); the English says {em.group()!r}: another day is meant.",
        ja_span=(s, e), en_span=(view.en.start + em.start(), view.en.start + em.end()),
        evidence={"japanese": word, "english": em.group(), "japanese_class": day, "english_class": "weekday"},
    )]


@register(kinds=("time",), directions=BOTH)
def time_reference(view: BeadView):
    """A relative time reference turned into its opposite (翌年 → "the previous year")."""
    if view.ja.empty or view.en.empty:
        return []
    toks = view.ja_tokens
    ja_c = _time_classes(view.ja.text, "ja", view.ja.start,
                         ({t.start for t in toks}, {t.end for t in toks}))
    en_c = _time_classes(view.en.text, "en", view.en.start)
    out = _relative_flags(view) + _weekday_flags(view)
    taken = {d.evidence["japanese"] for d in out}
    for cls, (s, e, word) in ja_c.items():
        if word in taken:
            continue
        opp = _OPPOSITE[cls]
        # Reported only when the English has the opposite and nothing of the same class: "the
        # following year" is not contradicted by an "earlier" elsewhere in a bead that also
        # says "later".
        if opp in en_c and cls not in en_c and opp not in ja_c:
            es, ee, eword = en_c[opp]
            if _time_accounted(view, (s, e), word, (es, ee), eword):
                continue
            out.append(view.divergence(
                # A word-level match of time words: the English word may render another word
                # (跡 "former site", 今は "now"); undecided.
                kind="time", confidence=0.6 if cls in _SPECIFIC or word in _PERIOD_PARTS or (
                    cls in ("now", "past") and eword.lower() in _TIME_ADVERBS) or (
                    cls in _SEQUENCE and word in _SEQUENCE[cls][0] and eword.lower() in _SEQUENCE[cls][1]) else 0.45,
                check="time_reference",
                explanation=(f"The Japanese says {word} ({cls}); the English says {eword!r} ({opp}): "
                             "the time reference is reversed."),
                ja_span=(s, e), en_span=(es, ee),
                evidence={"japanese": word, "english": eword, "japanese_class": cls, "english_class": opp},
            ))
    from .periods import phase_flags

    return out + phase_flags(view, {d.evidence["japanese"] for d in out})
