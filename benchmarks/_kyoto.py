"""The Kyoto Wikipedia development sample: articles, revisions, the tuning/held-out split.

Reads ``../shared/kyoto-dev/articles/*.xml`` (NICT Kyoto Wikipedia ja-en corpus 2.01, CC BY-SA
3.0; see that folder's README). Each sentence has the Japanese original and three English
versions, each followed by the comment of whoever wrote it; a comment on version k says what
changed from version k-1.

The split is by file name: the files sorted by name, even positions are the *tuning* half,
odd positions the *held-out* half. Sorting by name keeps the categories (the prefix of the
name) evenly spread over both halves. Nothing in ``src/`` is tuned on the held-out half, and
the hand-made challenge set is written on held-out sentences only.
"""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KYOTO = Path(os.environ.get("BIALIGN_KYOTO", ROOT.parent / "shared" / "kyoto-dev"))


@dataclass(frozen=True)
class Version:
    text: str
    comment: str


@dataclass(frozen=True)
class KSentence:
    file: str
    sid: str
    paragraph: str
    ja: str
    versions: tuple[Version, ...]  # trans 1, trans 2, check 1

    @property
    def final(self) -> str:
        return self.versions[-1].text

    @property
    def unchanged(self) -> bool:
        """The three versions are identical and no one commented beyond 'no change'."""
        texts = {v.text for v in self.versions}
        comments = [v.comment for v in self.versions[1:]]
        return len(texts) == 1 and all(c in ("", "修正なし") for c in comments) and self.versions[0].comment == ""


def files() -> list[str]:
    if not KYOTO.is_dir():
        raise SystemExit(f"Kyoto development data not found at {KYOTO}; set BIALIGN_KYOTO to the kyoto-dev folder")
    return sorted(p.name for p in (KYOTO / "articles").glob("*.xml"))


def split() -> tuple[list[str], list[str]]:
    """``(tuning, held_out)`` file names."""
    names = files()
    return names[0::2], names[1::2]


def _text(el) -> str:
    return re.sub(r"\s+", " ", "".join(el.itertext())).strip() if el is not None else ""


@lru_cache(maxsize=None)
def article(name: str) -> tuple[KSentence, ...]:
    tree = ET.parse(KYOTO / "articles" / name)
    out = []
    for par in tree.getroot().iter("par"):
        for sen in par.iter("sen"):
            ja = _text(sen.find("j"))
            versions: list[Version] = []
            children = list(sen)
            for i, el in enumerate(children):
                if el.tag == "e":
                    cmt = children[i + 1] if i + 1 < len(children) and children[i + 1].tag == "cmt" else None
                    versions.append(Version(_text(el), _text(cmt)))
            if ja and len(versions) == 3:
                out.append(KSentence(name, sen.get("id", ""), par.get("id", ""), ja, tuple(versions)))
    return tuple(out)
