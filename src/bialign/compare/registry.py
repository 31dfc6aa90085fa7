"""The registry of comparison checks: each check is a named function of one bead.

A check takes a :class:`~bialign.compare._common.BeadView` and returns the divergences it
finds there. It is registered with the kinds it can report and the translation directions it
supports; :func:`bialign.compare` runs every check that supports the alignment's direction
(or the ones named in ``checks=``).

>>> from bialign.compare import available_checks
>>> sorted(available_checks("en-ja"))[:3]
['evidentials', 'intensifiers', 'modality']
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Iterable

if TYPE_CHECKING:
    from . import Divergence


@dataclass(frozen=True)
class Check:
    """A registered check: its name, the function, what it reports and where it applies."""

    name: str
    function: Callable[..., Iterable["Divergence"]]
    kinds: tuple[str, ...]
    directions: tuple[str, ...]
    summary: str
    default: bool = True

    def supports(self, direction: str) -> bool:
        return direction in self.directions


CHECKS: dict[str, Check] = {}

BOTH = ("ja-en", "en-ja")
JA_EN = ("ja-en",)


def register(*, kinds: tuple[str, ...], directions: tuple[str, ...] = BOTH, default: bool = True):
    """Decorator: add the function to :data:`CHECKS` under its own name.

    The first line of its docstring becomes the check's summary (shown by the CLI and in
    errors), so write it for a reader who sees a divergence and asks "what looked for this?".
    ``default=False`` registers an opt-in check: :func:`bialign.compare` runs it only when it
    is named in ``checks=``.
    """

    def deco(fn):
        doc = (fn.__doc__ or "").strip().splitlines()
        CHECKS[fn.__name__] = Check(fn.__name__, fn, kinds, directions, doc[0] if doc else "", default)
        return fn

    return deco
