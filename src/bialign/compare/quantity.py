"""The quantity both sides are reduced to before the numbers check compares them.

A :class:`Quantity` is a value with a unit (or none), whether it is approximate, and where
it is; :mod:`.numbers_ja` and :mod:`.numbers_en` read them, :mod:`.numbers` matches them.
Its own module so that both readers and the check share it without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Quantity:
    """A normalized quantity found in a text: value, unit, approximate?, where."""

    value: float
    unit: str | None
    approx: bool
    text: str
    start: int
    end: int
    flaggable: bool = True
    #: Other values that render the same quantity (an era year's number: 永禄10年 is 1567, or
    #: "Eiroku 10").
    alts: tuple[float, ...] = ()
    #: Quantities with the same group stand for one thing written twice (1567年（永禄10年）):
    #: when one is matched, all are.
    group: int | None = None
    #: Inside parentheses: a reading, a conversion, an aside (never major).
    aside: bool = False
    #: Written in digits (or an era year): explicit enough to call a mismatch major.
    explicit: bool = True

    def describe(self) -> str:
        v = int(self.value) if self.value == int(self.value) else self.value
        return f"{'~' if self.approx else ''}{v}{' ' + self.unit if self.unit else ''}"


def _values(q: Quantity) -> set[float]:
    """Every value that stands for ``q``: its own and its alternatives (an era year's number)."""
    return {q.value, *q.alts}
