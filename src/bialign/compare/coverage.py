"""Omissions and additions: sentences with no counterpart, and words inside a bead that the
other side does not support.

- :func:`unaligned_sentences`: a 1-0 bead is a source sentence the translation leaves out;
  a 0-1 bead is a sentence the translation adds. Both directions.
- :func:`moved_sentences`: a bead out of the target text's order
  (:attr:`bialign.Alignment.moved`): the translation renders the sentence in another place.
- :func:`intensifiers`: degree words (``bialign/data/intensifiers.json``) present on one side
  only: 決して "never" rendered as a plain "would not", もっとも大きな "the biggest" as "bigger",
  an added "somewhat" or "quite". A word is supported by any word of the same class on the
  other side (amplifier, downtoner, superlative, emphatic). Both directions; entries marked
  ``support_only`` are never reported missing (see the lexicon for why).
- :func:`status_words`: a word of status in time ("former", "incumbent", "the late"; 元, 前,
  現, 故) in the translation that nothing in the source supports: 専門編集委員 → "former
  special editor" changes what the text claims about its author. Both directions. A status
  word the translation leaves out is not reported (translators drop a "former" the context
  already gave).
"""

from __future__ import annotations

from ._common import BeadView
from .registry import BOTH, register

_LANG = {"ja": "Japanese", "en": "English"}


@register(kinds=("omission", "addition"), directions=BOTH)
def unaligned_sentences(view: BeadView):
    """Sentences with no counterpart at all (1-0 and 0-1 beads)."""
    if view.src.empty == view.tgt.empty:
        return []
    if view.tgt.empty:
        kind, side, expl = "omission", view.src, "This source sentence has no counterpart in the translation."
    else:
        kind, side, expl = "addition", view.tgt, "This sentence of the translation has no counterpart in the source."
    span = (side.start, side.end)
    is_ja = side is view.ja
    return [
        view.divergence(
            kind=kind, severity="major", check="unaligned_sentences", explanation=expl,
            ja_span=span if is_ja else None, en_span=None if is_ja else span,
            evidence={"bead_type": view.bead.type, "sentences": len(side.sentence_spans)},
        )
    ]


@register(kinds=("reordering",), directions=BOTH)
def moved_sentences(view: BeadView):
    """A sentence translated in another place (a bead out of the target text's order)."""
    if view.alignment is None:
        return []
    shared = view.shared.get("moved_sentences")
    if shared is None:
        beads = view.alignment.beads
        shared = view.shared["moved_sentences"] = (
            set(view.alignment.moved), {j: b for b in beads for j in b.tgt})
    moved, bead_of_tgt = shared
    if view.index not in moved:
        return []
    t = view.bead.tgt[0]
    before = bead_of_tgt.get(t - 1)  # what the translation has just before it
    near = f", right after its rendering of source sentence {before.src[-1] + 1}" if before and before.src else ""
    return [
        view.divergence(
            kind="reordering", severity="minor", check="moved_sentences",
            explanation=(f"The translation renders this sentence in another place: as sentence {t + 1} of the "
                         f"translation{near}, out of the source's order."),
            ja_span=(view.ja.start, view.ja.end), en_span=(view.en.start, view.en.end),
            evidence={"tgt_sentences": [j + 1 for j in view.bead.tgt]},
        )
    ]


@register(kinds=("omission", "addition"), directions=BOTH)
def intensifiers(view: BeadView):
    """Degree words (very, somewhat, most, never / 非常に, やや, 最も, 決して) on one side only."""
    if view.ja.empty or view.en.empty:
        return []
    ja_m = view.markers("intensifiers", view.ja)
    en_m = view.markers("intensifiers", view.en)
    ja_classes = {m.entry["class"] for m in ja_m}
    en_classes = {m.entry["class"] for m in en_m}
    out = []
    for markers, other_classes, is_ja in ((ja_m, en_classes, True), (en_m, ja_classes, False)):
        is_src = is_ja == view.ja_is_source
        for m in markers:
            if m.entry.get("support_only") or m.entry["class"] in other_classes:
                continue
            lang, other = (_LANG["ja"], _LANG["en"]) if is_ja else (_LANG["en"], _LANG["ja"])
            cls = m.entry["class"]
            if is_src:
                kind = "omission"
                expl = f"The {lang} {cls} {m.text!r} has no counterpart in the {other}: the emphasis is lost."
            else:
                kind = "addition"
                expl = f"The {lang} {cls} {m.text!r} has no counterpart in the {other}: the translation adds it."
            span = (m.start, m.end)
            out.append(
                view.divergence(
                    kind=kind, severity="minor", check="intensifiers", explanation=expl,
                    ja_span=span if is_ja else None, en_span=None if is_ja else span,
                    evidence={"word": m.text, "class": cls, "source": m.entry["source"],
                              "other_side_classes": sorted(other_classes)},
                )
            )
    return out


@register(kinds=("addition",), directions=BOTH)
def status_words(view: BeadView):
    """Status words ("former", 元, 現) in the translation that the source does not support."""
    if view.ja.empty or view.en.empty:
        return []
    src_m = view.markers("status_words", view.src)
    tgt_m = view.markers("status_words", view.tgt)
    supported = {m.entry["status"] for m in src_m}
    out = []
    for m in tgt_m:
        status = m.entry["status"]
        if status in supported:
            continue
        span = (m.start, m.end)
        tgt_is_ja = view.tgt.lang == "ja"
        out.append(
            view.divergence(
                kind="addition", severity="major", check="status_words",
                explanation=(
                    f"The translation calls this {status} ({m.text!r}), but nothing in the source "
                    f"marks that status: the claim about the person or office changed."
                ),
                ja_span=span if tgt_is_ja else None, en_span=None if tgt_is_ja else span,
                evidence={"word": m.text, "status": status, "source_markers": [x.text for x in src_m]},
            )
        )
    return out
