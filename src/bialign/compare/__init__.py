"""Translation comparison: divergences between a source text and its translation.

:func:`compare` walks the beads of an :class:`~bialign.Alignment` and runs a family of named
checks on each, one module per family:

- ``idioms``: four-character idioms (四字熟語) and idiomatic set phrases found with UniDic and
  JMdict; the English is judged faithful, a substituted English idiom with another
  connotation (呉越同舟 → "strange bedfellows"), literal, or dropped.
- ``numbers``: numerals, dates, durations and units normalized on both sides (漢数字,
  full-width digits, 万/億, 2013年12月20日, 2時間40分, ㌔, "two hours and forty minutes",
  "thousands of"); only mismatches are reported.
- ``names``: proper nouns matched across scripts by romanization, JMdict/JMnedict and fuzzy
  matching (ラヴロフ ↔ Lavrov); names with no counterpart, and names made common nouns.
- ``hedges``: evidentials (という, とされる ↔ reportedly, apparently) and epistemic stance
  (かもしれない, といってもよい, と言わざるを得ない, しかない ↔ may, no doubt, seem, must).
- ``quotes``: direct quotations removed or added, first-person quotations paraphrased, a
  statement attributed to another speaker (ラヴロフ外相は「…」と発言した → "Foreign Minister
  Kishida said"; names compared as in ``names``, titles such as 外相 = Foreign Minister).
- ``attribution``: a source the Japanese credits (『古事記』によれば, 縁起によると) that the
  English drops or credits to someone else ("according to the Nihonshoki").
- ``coverage``: unaligned sentences, intensifiers dropped or added, status words
  ("former") the source does not support.
- ``roles``: an office, rank or legal status rendered as another (会長 → "President",
  大関 → "Yokozuna", 参考人 → "suspect").
- ``similarity`` (opt-in, severity info): beads whose two sides are far less similar than the
  document's typical bead (sentence similarity from ``Alignment.similarity``, else the bead
  score; below median − 3 robust standard deviations). Name it in ``checks=`` to run it.
- ``omission``, ``addition``, ``meaning`` (opt-in, severity info): sub-sentence checks on the
  chunk correspondence (``chunks``): a phrase nothing on the other side renders, and a phrase
  pair the encoder puts far apart with no word of either linked (a possible mistranslation).

Every check works on any alignment, hand-made or from :func:`bialign.align`; a wrong bead
produces wrong comparisons, never an error. Checks whose evidence is one-sided (idioms,
first-person quotations, name-to-common-noun) run only Japanese→English; the others run in
both directions (see each module).

>>> divs = compare(alignment)                          # doctest: +SKIP
>>> [(d.kind, d.src_text, d.tgt_text) for d in divs][:1]  # doctest: +SKIP
[('idiom', '呉越同舟', 'strange bedfellows')]
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterable, Literal, Mapping

if TYPE_CHECKING:
    from ..align import Alignment

logger = logging.getLogger(__name__)

Severity = Literal["info", "minor", "major"]

__all__ = ["Divergence", "Severity", "compare", "available_checks", "default_checks", "severity_for"]


@dataclass(frozen=True)
class Divergence:
    """One place where the translation says something the source does not (or the reverse).

    Spans are ``(start, end)`` character offsets into ``Alignment.src_text`` and
    ``Alignment.tgt_text``; the target span is empty (``start == end``) when nothing renders
    the source. ``check`` names the function that produced it; ``evidence`` holds what it
    found (dictionary glosses, normalized numbers, romanized names, hedge words).
    """

    kind: str
    severity: Severity
    bead: int
    src_span: tuple[int, int]
    tgt_span: tuple[int, int]
    src_text: str
    tgt_text: str
    explanation: str
    check: str
    evidence: Mapping[str, Any] = field(default_factory=dict)
    #: How sure the check is that a translator should look here, in [0, 1]. The severity
    #: follows it (:func:`severity_for`): major from 0.8, minor from 0.5, info below. A
    #: divergence built without one takes the middle of its severity's band.
    confidence: float | None = None

    def __post_init__(self) -> None:
        if self.confidence is None:
            object.__setattr__(self, "confidence", _BAND_MIDDLE.get(self.severity, 0.25))
        elif not 0.0 <= self.confidence <= 1.0:
            raise ValueError(f"confidence must be in [0, 1], got {self.confidence!r}")


_BAND_MIDDLE = {"major": 0.9, "minor": 0.65, "info": 0.25}


def severity_for(confidence: float) -> Severity:
    """The severity a confidence earns: ``major`` from 0.8, ``minor`` from 0.5, else ``info``."""
    return "major" if confidence >= 0.8 else "minor" if confidence >= 0.5 else "info"


def _load_checks() -> None:
    # Importing the family modules registers their checks.
    from . import (attribution, coverage, hedges, idioms, meaning, names, numbers, omissions,  # noqa: F401
                   polarity, time_refs, quantifiers, quotes, roles, similarity)


def available_checks(direction: str | None = None) -> dict[str, str]:
    """Names and one-line summaries of the registered checks (for ``"ja-en"``/``"en-ja"`` only
    those that support that direction)."""
    _load_checks()
    from .registry import CHECKS

    return {n: c.summary for n, c in sorted(CHECKS.items()) if direction is None or c.supports(direction)}


def default_checks(direction: str = "ja-en") -> list[str]:
    """Names of the checks :func:`compare` runs when ``checks=`` is not given."""
    _load_checks()
    from .registry import CHECKS

    return sorted(n for n, c in CHECKS.items() if c.default and c.supports(direction))


def compare(alignment: "Alignment", *, checks: Iterable[str] | None = None) -> list[Divergence]:
    """Run the comparison checks on every bead of ``alignment``; divergences in text order.

    ``checks`` restricts the run to the named checks (see :func:`available_checks`); by
    default every check that supports the alignment's direction runs, except the opt-in ones
    (``similarity``: name it, e.g. ``checks=[*default_checks("ja-en"), "similarity"]``).
    Only Japanese–English pairs are supported, in either direction (``src_lang="ja",
    tgt_lang="en"`` or the reverse).

    Japanese note: dictionary and tagger work happens per bead and is cached, so the first
    call pays for loading UniDic, JMdict and cutlet (about a second) and later calls do not.
    """
    from ._common import bead_views
    from .registry import CHECKS

    _load_checks()
    src, tgt = alignment.src_lang, alignment.tgt_lang
    direction = f"{src}-{tgt}"
    if direction not in ("ja-en", "en-ja"):
        raise ValueError(
            f"compare() supports Japanese-English pairs only (src_lang/tgt_lang 'ja'/'en' in "
            f"either order); this alignment is {src!r} -> {tgt!r}"
        )
    if checks is None:
        selected = [c for c in CHECKS.values() if c.supports(direction) and c.default]
        skipped = [c.name for c in CHECKS.values() if not c.supports(direction)]
        if skipped:
            logger.debug("checks that do not run %s: %s", direction, ", ".join(skipped))
    else:
        if isinstance(checks, str):
            raise TypeError(f"checks= takes a list of check names, e.g. [{checks!r}], not a str")
        selected = []
        for name in checks:
            if name not in CHECKS:
                raise ValueError(f"unknown check {name!r}; available: {', '.join(sorted(CHECKS))}")
            check = CHECKS[name]
            if not check.supports(direction):
                raise ValueError(
                    f"check {name!r} does not run {direction} (it supports "
                    f"{', '.join(check.directions)}); drop it from checks="
                )
            selected.append(check)
    out: list[Divergence] = []
    for view in bead_views(alignment):
        for check in selected:
            out.extend(check.function(view))
    out.sort(key=lambda d: (d.bead, d.src_span, d.tgt_span, d.check))
    return out
