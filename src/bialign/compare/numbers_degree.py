"""How a number is qualified, and a qualifier turned around: 約300人 "more than 300 people".

A number the two sides share can still be said differently: "about", "more than", "nearly".
Each side's qualifier is read from the words around the number and put in a class:

- *approx* — 約, およそ, 概ね, ほぼ, 前後, ほど, 程度; "about", "around", "approximately",
  "roughly", "some", "an estimated";
- *over* — 余り, 余, 超, 強, 以上, を超える, を上回る, を突破; "more than", "over", "at least",
  "upwards of", "in excess of", "or more";
- *under* — 近く, 近い, 弱, 未満, 足らず, 以下, を下回る; "nearly", "almost", "close to", "just under",
  "less than", "fewer than", "up to", "or less".

:func:`degree_changes` reports a pair whose classes contradict each other: *over* against
*approx* (約300人 "more than 300", 8割以上 "about 80 percent") or against *under* (1億円余り
"nearly 100 million yen", 10時間近く "more than 10 hours"). *approx* and *under* do not
contradict (ほぼ10年 "nearly ten years"), and a qualifier on one side only is not reported:
translators add and drop "about" as a matter of style.
"""

from __future__ import annotations

import re

from .quantity import Quantity

_JA_BEFORE = re.compile(r"(約|およそ|凡そ|概ね|おおむね|ほぼ|推定)\s*$")
_JA_LEADING = re.compile(r"^(約|およそ|凡そ|概ね|おおむね|ほぼ|推定)")  # inside the quantity's text: 約300人
# after the number, after a conversion in parentheses (6尺（180㎝）近く "close to six shaku") or
# after a counter the number's text does not hold (400か寺余り "over 400 temples")
_JA_AFTER = re.compile(r"^\s*(?:（[^（）]{0,16}）|\([^()]{0,16}\))?\s*[\u3040-\u30ff\u4e00-\u9fff]{0,3}?"
                       r"(余り|余|超|強|以上|を超え|を超す|超え|を上回|を突破|突破|近く|近い|弱|未満|足らず|以下|を下回|前後|ほど|程度)")
_JA_TRAILING = re.compile(r"(余り|以上)$")  # part of the quantity's text: 400か寺余り (8万余 "some 80,000" is fine)
_JA_CLASS = {
    **dict.fromkeys("約 およそ 凡そ 概ね おおむね ほぼ 推定 前後 ほど 程度".split(), "approx"),
    **dict.fromkeys("余り 余 超 強 以上 を超え を超す 超え を上回 を突破 突破".split(), "over"),
    **dict.fromkeys("近く 近い 弱 未満 足らず 以下 を下回".split(), "under"),
}
_EN_BEFORE = re.compile(
    r"\b(about|around|approximately|roughly|some|an estimated|more than|over|at least|upwards of|in excess of|"
    r"exceeding|nearly|almost|close to|just under|less than|fewer than|up to)\s+(?:\w+\s+)?$", re.IGNORECASE)
_EN_AFTER = re.compile(r"^(?:\s+[a-z]+){0,2}?\s+(or more|or over|or less|or fewer)\b", re.IGNORECASE)
_EN_CLASS = {
    **dict.fromkeys(["about", "around", "approximately", "roughly", "some", "an estimated"], "approx"),
    **dict.fromkeys(["more than", "over", "at least", "upwards of", "in excess of", "exceeding", "or more", "or over"],
                    "over"),
    **dict.fromkeys(["nearly", "almost", "close to", "just under", "less than", "fewer than", "up to", "or less",
                     "or fewer"], "under"),
}
_CONTRADICT = ({"over", "approx"}, {"over", "under"})
_WINDOW = 24


def qualifier(text: str, q: Quantity, lang: str) -> tuple[str, str] | None:
    """``(class, words)`` of the qualifier of ``q`` in ``text`` (the full text it points into)."""
    before, after = text[max(0, q.start - _WINDOW):q.start], text[q.end:q.end + _WINDOW]
    if lang == "ja":
        m = _JA_LEADING.match(q.text) or _JA_TRAILING.search(q.text) or _JA_BEFORE.search(before) \
            or _JA_AFTER.search(after)
        if m and m.group(1) in ("強", "弱") and before.endswith("震度"):
            return None  # 震度5強 is "upper 5", one step of the scale, not "over 5"
        return (_JA_CLASS[m.group(1)], m.group(1)) if m else None
    m = _EN_BEFORE.search(before) or _EN_AFTER.search(after)
    return (_EN_CLASS[m.group(1).lower()], m.group(1)) if m else None


def contradicts(a: str, b: str) -> bool:
    """Whether two qualifier classes say different things about the same number."""
    return {a, b} in _CONTRADICT
