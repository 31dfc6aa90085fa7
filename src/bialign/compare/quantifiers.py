"""How many: all, most, few, the only one. A translation that says "some of the four melodies"
for 4曲全て, "many monks" for 僧侶がほとんど or "one of the few ski resorts" for 唯一のスキー場
changes how much the sentence claims.

:func:`quantifiers` finds the quantity words of each side of a bead, sorted into classes:

- ``all``: 全て, すべて, 全部, 全員 (not after ほぼ), あらゆる, ことごとく; "all", "every", "each",
  "entire", "whole", "without exception";
- ``most``: ほとんど / 殆ど as a noun (ほとんどの, Xのほとんど, ほとんどが; without a negative after
  it), ほぼ全て, 大部分, 大半, 大多数; "most" (not "the most"), "almost all", "nearly all", "the
  majority", "mostly", "largely";
- ``few``: ほとんど … ない, わずか, 僅か, ごく一部, 少数; "few" (not "a few"), "hardly", "rarely",
  "scarcely", "very few", "only a few";
- ``only``: 唯一; "only", "sole", "unique", "the one";
- ``some``: English only ("some", "several", "many", "a few", "certain", "one of the").

A Japanese class is reported when the English has none of the classes that render it and has
one that contradicts it (全て against "some", 唯一 against "one of the", ほとんど against "many"
or "all"). Japanese to English only: Japanese leaves quantity to context so often that an
English "all" with no すべて proves nothing. With one class on each side of a short sentence
the flag is minor; when either side has several, or the sentence is long, which word answers
which is a guess (info).
"""

from __future__ import annotations

import re

from ._common import BeadView
from .registry import JA_EN, register

_NEG = r"[^。、]{0,14}?(?:ない|なかっ|無[いくかし]|ず|ぬ|ません)"
_JA = {
    "all": re.compile(r"(?<!ほぼ)(?<!殆ど)(?<!ほとんど)(?:全て|すべて|全部|全員)|あらゆる|ことごとく"),
    # ほとんど as a noun (ほとんどの寺院, 僧侶のほとんど, ほとんどが), not the adverb "almost"
    # (ほとんど同一 "almost identical", ほとんど完成 "nearly finished")
    "most": re.compile(r"(?:ほとんど|殆ど)(?=[のがはを])(?!" + _NEG + r")|(?<=の)(?:ほとんど|殆ど)(?!" + _NEG + r")|"
                       r"ほぼ(?:全て|すべて|全部|全員)|大部分|大半|大多数"),
    "few": re.compile(r"(?:ほとんど|殆ど)(?=" + _NEG + r")|わずか|僅か|ごく一部|少数"),
    "only": re.compile(r"唯一"),
}
_EN = {
    "all": re.compile(r"(?<!almost )(?<!nearly )(?<!virtually )(?<!not )\ball\b|\bevery\b|\beach\b|\bentire(?:ly)?\b|"
                      r"\bwhole\b|\bwithout exception\b|\bboth\b", re.IGNORECASE),
    "most": re.compile(r"(?<!the )(?<!one of the )\bmost (?:of\b|[a-z]+)|\b(?:almost|nearly|virtually) (?:all|every)\b|\bmajority\b|"
                       r"\bmostly\b|\blargely\b|\bmainly\b|\bpredominantly\b|\bthe bulk\b", re.IGNORECASE),
    "few": re.compile(r"(?<!a )\bfew\b|\bhardly\b|\brarely\b|\bscarcely\b|\bseldom\b|\blittle\b|\bbarely\b",
                      re.IGNORECASE),
    "only": re.compile(r"\bonly\b|\bsole(?:ly)?\b|\bunique(?:ly)?\b|\bexclusive(?:ly)?\b|\bthe one\b", re.IGNORECASE),
    "some": re.compile(r"\bsome\b|\bseveral\b|\bmany\b|\ba few\b|\bcertain\b|\bone of (?:the|a|his|her|its|their)\b",
                       re.IGNORECASE),
}
# which English classes render a Japanese class, and which contradict it
_RENDERS = {"all": {"all"}, "most": {"most"}, "few": {"few", "only"}, "only": {"only"}}
_CONTRADICTS = {"all": {"some", "most", "few"}, "most": {"all", "some", "few"}, "few": {"some", "most", "all"},
                "only": {"some"}}


def _find(table: dict, text: str, offset: int) -> dict[str, tuple[int, int, str]]:
    found = {}
    for cls, pattern in table.items():
        m = pattern.search(text)
        if m:
            found[cls] = (offset + m.start(), offset + m.end(), m.group())
    return found


@register(kinds=("degree",), directions=JA_EN)
def quantifiers(view: BeadView):
    """All, most, few or the only one in the Japanese, another quantity in the English."""
    if view.ja.empty or view.en.empty:
        return []
    ja = _find(_JA, view.ja.text, view.ja.start)
    if not ja:
        return []
    en = _find(_EN, view.en.text, view.en.start)
    out = []
    for cls, (s, e, word) in ja.items():
        if _RENDERS[cls] & set(en):
            continue
        against = [c for c in en if c in _CONTRADICTS[cls]]
        if not against:
            continue
        es, ee, eword = en[against[0]]
        # In a long sentence the contradicting word is often in another clause (大半の系統は …
        # "some circular routes"): undecided there too.
        confidence = 0.6 if len(ja) == 1 and len(against) == 1 and len(view.ja.text) <= 60 else 0.45
        out.append(view.divergence(
            kind="degree", confidence=confidence, check="quantifiers",
            explanation=(f"The Japanese says {word} ({cls}); the English says {eword!r} ({against[0]}): "
                         "the translation claims another quantity."),
            ja_span=(s, e), en_span=(es, ee),
            evidence={"japanese": word, "english": eword, "japanese_class": cls, "english_class": against[0],
                      "english_classes": sorted(en)},
        ))
    return out
