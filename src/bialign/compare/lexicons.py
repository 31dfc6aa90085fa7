"""The curated lexicons of ``bialign/data/`` (hedges, intensifiers, status words, …): loading,
compiling, and finding their patterns on one side of a bead.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .view import Side

@lru_cache(maxsize=None)
def lexicon(name: str) -> tuple[dict[str, Any], ...]:
    """The entries of ``bialign/data/<name>.json`` (a list of objects under ``"entries"``)."""
    try:
        raw = resources.files("bialign.data").joinpath(f"{name}.json").read_text(encoding="utf-8")
    except FileNotFoundError as exc:  # pragma: no cover - packaging error
        raise RuntimeError(
            f"bundled lexicon {name}.json is missing from bialign/data; reinstall bialign"
        ) from exc
    data = json.loads(raw)
    return tuple(data["entries"])


@dataclass(frozen=True)
class Marker:
    """A lexicon pattern found in a text: its span, the surface found and the lexicon entry."""

    start: int
    end: int
    text: str
    entry: dict[str, Any]


@lru_cache(maxsize=None)
def _compiled(name: str, lang: str) -> tuple[tuple[re.Pattern[str], dict[str, Any]], ...]:
    entries = [e for e in lexicon(name) if e["lang"] == lang]
    # Longest patterns first, so that と言わざるを得ない wins over ざるを得ない.
    entries.sort(key=lambda e: -len(e["pattern"]))
    flags = re.IGNORECASE if lang == "en" else 0
    out = []
    for e in entries:
        pat = e["pattern"]
        if lang == "en" and e.get("case_sensitive"):
            out.append((re.compile(pat), e))
        else:
            out.append((re.compile(pat, flags), e))
    return tuple(out)


def find_markers(
    name: str, side: Side, *, skip_questions: bool = False, token_starts: set[int] | None = None
) -> list[Marker]:
    """All non-overlapping matches of lexicon ``name`` on ``side``, longest match first.

    With ``skip_questions``, sentences that end in a question mark are ignored: in "How could
    Russia possibly...?" or あり得るのだろうか the modal words ask, they do not hedge. With
    ``token_starts`` (Japanese), a match must begin where a token begins, so that やや is not
    found inside 冷ややか.
    """
    candidates: list[Marker] = []
    for off, sent in side.sentences():
        if skip_questions and sent.rstrip().rstrip("」』”\")）)").endswith(("?", "？")):
            continue
        for pattern, entry in _compiled(name, side.lang):
            for m in pattern.finditer(sent):
                s, e = m.start() + off, m.end() + off
                if token_starts is not None and s not in token_starts:
                    continue
                candidates.append(Marker(s, e, m.group(), entry))
    candidates.sort(key=lambda m: (-(m.end - m.start), m.start))
    found: list[Marker] = []
    for m in candidates:
        if any(m.start < f.end and f.start < m.end for f in found):
            continue
        found.append(m)
    found.sort(key=lambda m: m.start)
    return found
