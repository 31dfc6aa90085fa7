"""How a result was made: the signature that travels with every alignment and export.

Like sacrebleu's ``Signature``, a :class:`Provenance` names everything needed to reproduce a
number: the bialign version, the encoder, the Japanese tokenizer dictionary and the aligner
settings. Exports write it into their header, comment or properties.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from typing import Any, Mapping


def bialign_version() -> str:
    """The installed bialign version (``"0+unknown"`` when running from a bare source tree)."""
    try:
        return version("bialign")
    except PackageNotFoundError:  # pragma: no cover - only in an uninstalled checkout
        return "0+unknown"


@dataclass(frozen=True)
class Provenance:
    """The recipe of a result.

    ``settings`` holds the options that change the output (aligner parameters, languages,
    segmenter), as a mapping of plain JSON values.
    """

    encoder: str
    settings: Mapping[str, Any] = field(default_factory=dict)
    version: str = field(default_factory=bialign_version)

    def as_dict(self) -> dict[str, Any]:
        return {"bialign": self.version, "encoder": self.encoder, **dict(self.settings)}

    def signature(self) -> str:
        """A one-line, sorted, reproducible description: ``bialign=0.1.0|encoder=...|...``."""
        items = self.as_dict()
        return "|".join(f"{k}={_plain(items[k])}" for k in sorted(items))


def _plain(value: Any) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, sort_keys=True, ensure_ascii=False)
