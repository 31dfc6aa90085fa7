"""Translation comparison: divergences between a source text and its translation.

(Skeleton: the checks land with issue 4.)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, Mapping

Severity = Literal["info", "minor", "major"]


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
