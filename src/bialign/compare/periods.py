"""The part of a period and its bounds: 江戸時代中期 "the mid-Edo period", 平安時代以降 "since
the Heian period".

Translators change which part of an era is meant (中期 → "late", 末期 → "early") or turn "since"
into "until". :func:`phase_flags` compares, within a bead, the phases the Japanese gives a
period (early 初期/前期/前半/初頭, middle 中期/中頃/中葉/半ば, late 後期/末期/後半/末) with the
English ones (early/beginning/first half, mid/middle, late/latter half/end), and a period's
"since" (以降, 以後) with an English "until". It is part of the ``time_reference`` check; a word
that check already reported is not reported twice.
"""

from __future__ import annotations

import re

from ._common import BeadView

# phase -> (Japanese, English); the Japanese must follow a period word (時代, 世紀, 年代, an era
# or a name: 江戸中期, 15世紀後半, 1870年代後半) and cover whole tokens.
_PHASES = {
    "early": (r"初期|前期|前半|初頭|早期", r"\b(?:early|beginning|start|first half|initial)\b"),
    "middle": (r"中期|中頃|中ごろ|中葉|半ば|中盤", r"\bmid\b|\bmid-|\bmiddle\b(?! ages)"),
    "late": (r"末期|後期|後半|末年|末頃|晩期|末", r"\b(?:late|latter|second half|end|final)\b"),
}
# Only "since" turned "until": まで is also "to" of a range and "even", and English "since"
# is also "because", so the other direction is a word-level guess.
_SINCE_JA = re.compile(r"以降|以後")
_UNTIL_EN = re.compile(r"\buntil\b|\btill\b|\bup to\b", re.IGNORECASE)
_SINCE_EN = re.compile(r"\bsince\b|\bonwards?\b|\bthereafter\b|\bafter\b|\blater\b", re.IGNORECASE)
_NEGATION_EN = re.compile(r"\b(?:no|not|never|none|nothing)\b|n't\b", re.IGNORECASE)
_PERIOD_BEFORE = re.compile(r"(?:時代|世紀|年代|年|朝|期|[一-龯ァ-ヶ]{2})\s?$")


def _ja_found(view: BeadView, table: dict, after_period: bool) -> dict[str, tuple[int, int, str]]:
    starts = {t.start for t in view.ja_tokens}
    ends = {t.end for t in view.ja_tokens}
    found: dict[str, tuple[int, int, str]] = {}
    text = view.ja.full_text
    for cls, (ja, _) in table.items():
        for m in re.finditer(ja, view.ja.text):
            s, e = view.ja.start + m.start(), view.ja.start + m.end()
            if s not in starts or e not in ends:
                continue
            if after_period and not _PERIOD_BEFORE.search(text[max(0, s - 4):s]):
                continue
            found.setdefault(cls, (s, e, m.group()))
    return found


def _en_found(view: BeadView, table: dict) -> dict[str, tuple[int, int, str]]:
    found: dict[str, tuple[int, int, str]] = {}
    for cls, (_, en) in table.items():
        m = re.search(en, view.en.text, re.IGNORECASE)
        if m:
            found[cls] = (view.en.start + m.start(), view.en.start + m.end(), m.group())
    return found


def phase_flags(view: BeadView, taken: set[str]) -> list:
    """Another part of a period, or "until" for "since": reported when the English gives a
    phase (bound) and none that the Japanese gives."""
    out = []
    ja, en = _ja_found(view, _PHASES, True), _en_found(view, _PHASES)
    if ja and en and not set(ja) & set(en):
        cls, (s, e, word) = next(iter(ja.items()))
        ecls, (es, ee, eword) = next(iter(en.items()))
        from .time_refs import _time_accounted

        if word not in taken and not _time_accounted(view, (s, e), word, (es, ee), eword):
            out.append(_flag(view, (s, e, word, cls), (es, ee, eword, ecls), "part of the period",
                             0.6 if len(ja) == 1 and len(en) == 1 else 0.45))
    # 平安時代以降 "until the Heian period": a clause that denies (no new city … until) is left out
    m, u = _SINCE_JA.search(view.ja.text), _UNTIL_EN.search(view.en.text)
    if m and u and not _SINCE_EN.search(view.en.text) and not _NEGATION_EN.search(view.en.text) \
            and not re.search(r"まで|迄", view.ja.text):  # 以降、近代に至るまで "from … until"
        s = view.ja.start + m.start()
        if _PERIOD_BEFORE.search(view.ja.full_text[max(0, s - 4):s]) and m.group() not in taken:
            out.append(_flag(view, (s, s + len(m.group()), m.group(), "since"),
                             (view.en.start + u.start(), view.en.start + u.end(), u.group(), "until"), "bound", 0.6))
    return out


def _flag(view: BeadView, ja: tuple, en: tuple, what: str, confidence: float):
    s, e, word, cls = ja
    es, ee, eword, ecls = en
    return view.divergence(
        kind="time", confidence=confidence, check="time_reference",
        explanation=f"The Japanese says {word} ({cls}); the English says {eword!r} ({ecls}): another {what} is meant.",
        ja_span=(s, e), en_span=(es, ee),
        evidence={"japanese": word, "english": eword, "japanese_class": cls, "english_class": ecls},
    )
