"""Quotation and attribution: direct speech removed or added, first person turned third.

Japanese quotes with 「」 (『』 inside, “” for emphasis), English with "…" or “…”. A quotation
that only wraps a name or a label (「コメルサント」, 「2+2」, "2-plus-2") is a typographic
convention, not reported speech, so it is left out of the counts.

- :func:`quotations`: the bead has more quotations on one side than on the other: direct
  speech turned into reported speech ("asking: Is there any reason…?" for 「一体、何のために
  …?」と), or words put in someone's mouth (呉越同舟の話し合いだった → it had been a case of
  "strange bedfellows"). Without translating, the check cannot tell which quotation
  corresponds to which, so the unmatched ones are picked by their relative position in the
  bead. Both directions.
- :func:`first_person_quotes`: a Japanese quotation in the first person (われわれ, 私, the
  volitional 〜たい "I want") whose English counterpart has no first-person pronoun: "we will
  never…" became "Russia would not…". Japanese→English only: Japanese drops pronouns freely,
  so an English "we" with no われわれ proves nothing.
"""

from __future__ import annotations

import re

from ._common import BeadView, Side, is_katakana
from .registry import BOTH, JA_EN, register

_PAIRS = {"「": "」", "『": "』", "“": "”", "（": "）"}
_LABEL = re.compile(r"^[\s\d０-９+＋\-‐plusPLUS.・/]+$")
_FIRST_PERSON_EN = re.compile(r"\b(?:I|we|me|us|my|our|ours|mine|myself|ourselves)\b", re.IGNORECASE)
_FIRST_PERSON_JA_LEMMAS = {"私", "我々", "我等", "僕", "俺", "我が", "わたし", "われわれ", "当方", "小生", "己"}


def _quotes_ja(side: Side) -> list[tuple[int, int, str]]:
    """Outermost 「…」/『…』/“…” quotations as (start, end, inner text), nesting respected."""
    out = []
    for off, sent in side.sentences():
        stack: list[tuple[str, int]] = []
        for i, ch in enumerate(sent):
            if ch in ("「", "『", "“"):
                stack.append((_PAIRS[ch], i))
            elif stack and ch == stack[-1][0]:
                _, start = stack.pop()
                if not stack:
                    out.append((off + start, off + i + 1, sent[start + 1 : i]))
    return out


_EN_QUOTE = re.compile(r'"([^"]+)"|“([^”]+)”')


def _quotes_en(side: Side) -> list[tuple[int, int, str]]:
    out = []
    for off, sent in side.sentences():
        for m in _EN_QUOTE.finditer(sent):
            out.append((off + m.start(), off + m.end(), m.group(1) or m.group(2)))
    return out


def _is_label(inner: str, lang: str) -> bool:
    inner = inner.strip().strip(".,!?。、")
    if not inner or _LABEL.match(inner):
        return True
    if lang == "ja":
        return is_katakana(inner.replace(" ", ""))
    words = inner.split()
    return all(w[:1].isupper() or w[:1].isdigit() for w in words) and len(words) <= 4 and not inner.endswith("?")


def _speech(view: BeadView, side: Side) -> list[tuple[int, int, str]]:
    quotes = _quotes_ja(side) if side.lang == "ja" else _quotes_en(side)
    return [q for q in quotes if not _is_label(q[2], side.lang)]


def _relative(side: Side, pos: int) -> float:
    length = max(1, side.end - side.start)
    return (pos - side.start) / length


@register(kinds=("quote",), directions=BOTH)
def quotations(view: BeadView):
    """Direct quotations present on one side only (quotation marks removed or added)."""
    if view.ja.empty or view.en.empty:
        return []
    src_q, tgt_q = _speech(view, view.src), _speech(view, view.tgt)
    if len(src_q) == len(tgt_q):
        return []
    more, fewer = (src_q, tgt_q) if len(src_q) > len(tgt_q) else (tgt_q, src_q)
    more_side, fewer_side = (view.src, view.tgt) if more is src_q else (view.tgt, view.src)
    # Greedily pair each quotation of the shorter list with the nearest one, by relative position.
    unmatched = list(more)
    for q in fewer:
        rel = _relative(fewer_side, q[0])
        best = min(unmatched, key=lambda u: abs(_relative(more_side, u[0]) - rel))
        unmatched.remove(best)
    out = []
    removed = more is src_q
    for start, end, inner in unmatched:
        on_ja = more_side is view.ja
        span = (start, end)
        if removed:
            expl = (f"The source quotes these words directly ({inner!r}); the translation has no "
                    f"quotation here: direct speech became reported speech or paraphrase.")
        else:
            expl = (f"The translation puts {inner!r} in quotation marks, but the source quotes "
                    f"nothing here: the words are presented as someone's own.")
        out.append(
            view.divergence(
                kind="quote", severity="minor", check="quotations", explanation=expl,
                ja_span=span if on_ja else None, en_span=None if on_ja else span,
                evidence={"change": "removed" if removed else "added", "quotation": inner,
                          "src_quotations": [q[2] for q in src_q], "tgt_quotations": [q[2] for q in tgt_q]},
            )
        )
    return out


@register(kinds=("quote",), directions=JA_EN)
def first_person_quotes(view: BeadView):
    """A first-person Japanese quotation (われわれ…, 〜たい) rendered without I/we/my/our."""
    if view.ja.empty or view.en.empty:
        return []
    en_q = _quotes_en(view.en)
    if any(_FIRST_PERSON_EN.search(q[2]) for q in en_q):
        return []
    out = []
    for start, end, inner in _quotes_ja(view.ja):
        markers = [
            t.surface
            for t in view.ja_tokens
            if start <= t.start < end
            and (t.lemma in _FIRST_PERSON_JA_LEMMAS or t.surface in _FIRST_PERSON_JA_LEMMAS
                 or (t.pos1 == "助動詞" and t.lemma == "たい"))
        ]
        if not markers:
            continue
        out.append(
            view.divergence(
                kind="quote", severity="minor", check="first_person_quotes",
                explanation=(
                    f"The Japanese quotes the speaker in the first person ({', '.join(markers)}); the "
                    "English has no first-person quotation here, so the speaker's own words became a "
                    "third-person report."
                ),
                ja_span=(start, end),
                en_span=(en_q[0][0], en_q[0][1]) if en_q else None,
                evidence={"ja_first_person": markers, "en_quotations": [q[2] for q in en_q]},
            )
        )
    return out
