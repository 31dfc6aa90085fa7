"""Score :func:`bialign.compare` against a hand annotation of real divergences.

An annotation file (JSON) names two texts, a hand-made bead list over their sentences (so
the score does not depend on the aligner), the divergences a careful reader finds, and the
faithful renderings that must not be flagged. Spans are given as *anchors*: substrings that
occur exactly once in their text, which keeps the file readable and robust to offset shifts::

    {"src_lang": "ja", "tgt_lang": "en", "src_file": "corpora/esuj/ja.txt", ...,
     "beads": [[[0], [0]], [[18], [18, 19]], ...],
     "divergences": [{"id": "goetsu", "kind": "idiom", "src": "呉越同舟", "tgt": "strange bedfellows"}],
     "faithful": [{"id": "date", "kind": "number", "src": "2013年 12月 20日", "tgt": "December 20, 2013"}]}

A flag matches an annotated divergence when the kinds agree and its source or target span
overlaps the anchor. Precision counts every flag (a flag matching nothing annotated is a
false positive); recall counts annotated divergences matched by at least one flag.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

from ..align import Alignment, Bead
from ..provenance import Provenance
from . import Divergence


@dataclass(frozen=True)
class Item:
    id: str
    kind: str
    src_span: tuple[int, int] | None
    tgt_span: tuple[int, int] | None
    note: str = ""


@dataclass(frozen=True)
class Annotation:
    alignment: Alignment
    divergences: tuple[Item, ...]
    faithful: tuple[Item, ...]


@dataclass
class Score:
    """Precision/recall overall and per kind, with the items behind them."""

    precision: float
    recall: float
    per_kind: dict[str, dict[str, float]]
    missed: list[Item] = field(default_factory=list)
    false_positives: list[Divergence] = field(default_factory=list)
    faithful_flagged: list[tuple[Item, Divergence]] = field(default_factory=list)
    n_flags: int = 0
    n_gold: int = 0


def _anchor(text: str, anchor: str | None, what: str) -> tuple[int, int] | None:
    if not anchor:
        return None
    first = text.find(anchor)
    if first < 0:
        raise ValueError(f"annotation anchor {anchor!r} ({what}) does not occur in the text; fix the anchor")
    if text.find(anchor, first + 1) >= 0:
        raise ValueError(f"annotation anchor {anchor!r} ({what}) occurs more than once; make it longer")
    return (first, first + len(anchor))


def load_annotation(path: str | Path, *, root: str | Path | None = None) -> Annotation:
    """Read an annotation file and build its hand-aligned :class:`~bialign.Alignment`.

    Texts are segmented with :func:`bialign.segment`; ``src_file``/``tgt_file`` are relative
    to ``root`` (default: the annotation's grandparent directory, i.e. the repository root for
    ``tests/data/x.json``).
    """
    from ..segment import segment

    path = Path(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    base = Path(root) if root is not None else path.resolve().parent.parent.parent
    src_text = (base / data["src_file"]).read_text(encoding="utf-8")
    tgt_text = (base / data["tgt_file"]).read_text(encoding="utf-8")
    src_lang, tgt_lang = data["src_lang"], data["tgt_lang"]
    src_sents = tuple(segment(src_text, src_lang))
    tgt_sents = tuple(segment(tgt_text, tgt_lang))
    beads = tuple(Bead(tuple(s), tuple(t), 1.0) for s, t in data["beads"])
    covered_s = [i for b in beads for i in b.src]
    covered_t = [i for b in beads for i in b.tgt]
    if covered_s != list(range(len(src_sents))) or covered_t != list(range(len(tgt_sents))):
        raise ValueError(
            f"{path}: the beads must cover sentences 0..{len(src_sents) - 1} (source) and "
            f"0..{len(tgt_sents) - 1} (target) in order, each once; check the bead list against "
            "bialign.segment() of the two files"
        )
    alignment = Alignment(
        src_text, tgt_text, src_sents, tgt_sents, beads, src_lang, tgt_lang,
        Provenance(encoder="none (hand-made beads)", settings={"annotation": path.name}),
    )

    def items(key: str) -> tuple[Item, ...]:
        out = []
        for d in data.get(key, []):
            out.append(Item(d["id"], d["kind"], _anchor(src_text, d.get("src"), d["id"]),
                            _anchor(tgt_text, d.get("tgt"), d["id"]), d.get("note", "")))
        return tuple(out)

    return Annotation(alignment, items("divergences"), items("faithful"))


def _overlap(a: tuple[int, int] | None, b: tuple[int, int] | None) -> bool:
    if a is None or b is None or a[0] == a[1] or b[0] == b[1]:
        return False
    return a[0] < b[1] and b[0] < a[1]


def matches(flag: Divergence, item: Item) -> bool:
    return flag.kind == item.kind and (_overlap(flag.src_span, item.src_span) or _overlap(flag.tgt_span, item.tgt_span))


def score(flags: Sequence[Divergence], annotation: Annotation) -> Score:
    gold = annotation.divergences
    hit_gold = [any(matches(f, g) for f in flags) for g in gold]
    good_flag = [any(matches(f, g) for g in gold) for f in flags]
    kinds = sorted({g.kind for g in gold} | {f.kind for f in flags})
    per: dict[str, dict[str, Any]] = defaultdict(dict)
    for k in kinds:
        fk = [ok for f, ok in zip(flags, good_flag) if f.kind == k]
        gk = [ok for g, ok in zip(gold, hit_gold) if g.kind == k]
        per[k] = {
            "flags": len(fk),
            "gold": len(gk),
            "precision": sum(fk) / len(fk) if fk else float("nan"),
            "recall": sum(gk) / len(gk) if gk else float("nan"),
        }
    faithful_flagged = []
    for item in annotation.faithful:
        for f, ok in zip(flags, good_flag):
            if not ok and (_overlap(f.src_span, item.src_span) or _overlap(f.tgt_span, item.tgt_span)):
                faithful_flagged.append((item, f))
    return Score(
        precision=sum(good_flag) / len(flags) if flags else 1.0,
        recall=sum(hit_gold) / len(gold) if gold else 1.0,
        per_kind=dict(per),
        missed=[g for g, ok in zip(gold, hit_gold) if not ok],
        false_positives=[f for f, ok in zip(flags, good_flag) if not ok],
        faithful_flagged=faithful_flagged,
        n_flags=len(flags),
        n_gold=len(gold),
    )


def pair_alignment(src: str, tgt: str, src_lang: str = "ja", tgt_lang: str = "en") -> Alignment:
    """A one-bead alignment of two sentences (or short passages), for comparing a single pair.

    >>> from bialign.compare import compare
    >>> divs = compare(pair_alignment("約2時間40分間話し合った。", "They talked for three hours."))
    >>> [d.kind for d in divs]
    ['number', 'number']
    """
    from ..segment import Sentence

    return Alignment(
        src, tgt, (Sentence(src, 0, len(src)),), (Sentence(tgt, 0, len(tgt)),),
        (Bead((0,), (0,), 1.0),), src_lang, tgt_lang,
        Provenance(encoder="none (one hand-made bead)"),
    )
