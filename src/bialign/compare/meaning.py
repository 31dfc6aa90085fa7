"""A phrase rendered with another meaning: a chunk pair far less similar than linked pairs are.

Built on the chunk correspondence of :mod:`.chunks`. A *candidate* is a Japanese chunk with
dictionary words that no English word renders, facing an English chunk whose content words no
Japanese word explains: the lexical anchors (JMdict glosses, readings, numbers, names) that tie
the rest of the bead together are missing on both sides at once. Which English chunk faces it
is the encoder's guess: among the English chunks with unexplained lower-case words, the one
closest to the Japanese chunk. A free rendering leaves the same gap, so the encoder then judges
the pair:

- ``similarity``: the cosine of the two chunks' vectors (USE v3 on one thread, one batch for
  the document's candidate chunks, each distinct phrase embedded once per process);
- ``expected`` and ``sd``: what chunk pairs that do render each other score: the mean and
  spread of the similarities of the pairs a gloss anchor confirms in this document (up to 1000
  of them, evenly spread), shrunk
  toward the figures of the Kyoto tuning half (0.45 ± 0.19 over 14968 such pairs) with the
  weight of 20 pairs, so that a one-sentence document is judged by the prior;
- ``z``: how many spreads below the expectation the candidate is; reported below -1.5;
- ``bead_coverage``: the share of the bead's other content words that are rendered; below 0.5
  the whole bead is a free rendering and a gap in one place says nothing.

Neighbouring Japanese chunks facing the same English chunk are one finding (弓の稽古を against
"cooked rice"). Both chunks are shown, with exact offsets on both sides.

>>> divs = compare(pair_alignment("僧侶たちは毎日経典を読誦した。", "The monks repaired the roofs every day."),
...                checks=["meaning"])                                       # doctest: +SKIP
>>> divs[0].src_text, divs[0].tgt_text, divs[0].evidence["similarity"]  # doctest: +SKIP
('読誦した', 'The monks repaired the roofs every day', 0.095)

**Severity: info, always; opt-in.** Measured on the Kyoto tuning half
(``benchmarks/compare_meaning.py``), counting info flags since no flag is more:

| what | figure |
|---|---|
| 誤訳 (mistranslation) revisions with a new flag on the erroneous version | 8/63 (0.13) |
| 訳漏れ (omission) revisions with a new flag | 7/69 (0.10) |
| never-revised sentences flagged | 212/3149 (0.07) |
| tuning challenge edits found (attribution, idiom, …) | 10/165; omission 1/11, addition 0/11, quotation 1/11, idiom 2/11 |
| tuning challenge faithful controls flagged | 16/120 (0.13) |
| flags on whole tuning articles | 12.7 per 100 sentences |
| judged samples of those (``benchmarks/data/judged_meaning_tuning.jsonl``, 30 of this version's flags) | 5/30 worth a translator's time |
| added cost of ``compare`` per 300 sentences, after warm-up (chunks and encoder) | 3.3–4.1 s |

Revisions are caught about as often as untouched sentences are flagged: the similarity of two
short phrases under a sentence encoder separates a wrong rendering from a free one only on
invented pairs (the tests' "cooked rice" for 弓の稽古), not on professional text, where most
candidates are a verb folded into the English syntax (呼び "It is called", 安置する "housed")
or a romanized term. Those worth a look were a real mistranslation (一定していない
"unauthorized"), a misread clause (不殺生の実践したが "after ahimsa"), a dropped hedge
(考えられている), an unrendered term (調合味噌) and a lost adjective (最も素朴な). So it runs
only when named: ``checks=[*default_checks("ja-en"), "meaning"]``.

What was tried and not kept (same measures, on intermediate versions; a rule must catch
revisions clearly more often than it flags controls to be worth keeping):

| change | measured effect |
|---|---|
| z below -1.0 / -2.0 instead of -1.5 | 17/63 mistranslations at 17% of controls / 0/63 at 1.5% |
| both chunks' best similarity to any chunk of the other side below 0.3 or 0.4 | 0–3/63 at 0.6–5% of controls |
| two or more unmatched dictionary words in the Japanese chunk | 0–1/63 at 0–0.3% of controls |
| the chunk against the whole other side, ranked within the bead (lowest 20–50%) | 2–14/63 at 2–13% of controls |
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from ._common import BeadView
from .chunks import BeadChunks, Chunk, _en_stem, _gloss_stems
from .omissions import _in_compound
from .registry import BOTH, register

if TYPE_CHECKING:
    from ..align import Alignment

# Anchored chunk pairs on the Kyoto tuning half (14968 pairs with a gloss anchor in the 3149 never-revised
# sentences): mean and standard deviation of their cosine under USE v3. A document's own figures replace these as it
# supplies anchored pairs (weight _PRIOR_WEIGHT pairs).
_PRIOR_MEAN = 0.45
_PRIOR_SD = 0.19
_PRIOR_WEIGHT = 20
_Z = -1.5
_MIN_COVERAGE = 0.5
_MAX_PAIRS = 1000


@dataclass(frozen=True)
class _Doc:
    """What the check computes once per alignment: chunks, candidates' words, the expectation."""

    chunks: dict[int, BeadChunks]
    #: bead -> (Japanese chunks with unmatched dictionary words, English chunks with
    #: unexplained words), as (chunk index, words); only beads that have both
    lexical: dict[int, tuple[list[tuple[int, list[str]]], list[tuple[int, list[str]]]]]
    mean: float
    sd: float
    n_anchored: int
    encoder: str


_ENCODER = None
_CACHE: dict[str, np.ndarray] = {}
_CACHE_MAX = 200_000


def _encoder():
    """USE v3 on one thread: phrases come in small batches, where more threads gain nothing
    and, on a busy machine, spin against other work (10 ms against 0.7 s for a sentence's
    chunks on this 2-core machine under load)."""
    global _ENCODER
    if _ENCODER is None:
        from ..embed import USEEncoder

        _ENCODER = USEEncoder(threads=1)
    return _ENCODER


def _embed(texts: list[str]) -> np.ndarray:
    """Unit vectors of ``texts``; each distinct phrase embedded once per process (の, "in the"
    and a document's names recur in every sentence)."""
    todo = list(dict.fromkeys(t for t in texts if t not in _CACHE))
    if todo:
        if len(_CACHE) + len(todo) > _CACHE_MAX:
            _CACHE.clear()
        for t, v in zip(todo, _encoder().encode(todo)):
            _CACHE[t] = v
    if not texts:
        return np.zeros((0, 512), dtype=np.float32)
    return np.stack([_CACHE[t] for t in texts])


def _document(view: BeadView) -> _Doc:
    if "meaning" in view.shared:
        return view.shared["meaning"]
    a: Alignment | None = view.alignment
    chunks: dict[int, BeadChunks] = {}
    if a is None:
        chunks[view.index] = view.chunks
        views = {view.index: view}
    else:
        from ._common import bead_views

        views = {v.index: v for v in bead_views(a) if not v.ja.empty and not v.en.empty}
        views[view.index] = view
        for i, v in views.items():
            chunks[i] = v.chunks
    # Only the phrases the rule can look at are embedded: Japanese chunks with unmatched
    # dictionary words, English chunks with unexplained words, in beads that have both, and
    # (for the expectation) up to _MAX_PAIRS of the gloss-anchored pairs, evenly spread.
    lexical: dict[int, tuple[list[tuple[int, list[str]]], list[tuple[int, list[str]]]]] = {}
    texts: list[str] = []
    anchored: list[tuple[str, str]] = []
    for i, bc in chunks.items():
        v = views[i]
        ja_open = [(j, w) for j, w in ((j, _dict_words(v, c)) for j, c in enumerate(bc.ja)) if w]
        en_open = [(k, w) for k, w in ((k, _en_words(v, c)) for k, c in enumerate(bc.en)) if w]
        if ja_open and en_open:
            lexical[i] = (ja_open, en_open)
            texts.extend(bc.ja[j].text for j, _ in ja_open)
            texts.extend(bc.en[k].text for k, _ in en_open)
        anchored.extend((p.ja.text, p.en.text) for p in bc.pairs if any(how == "gloss" for _, _, how in p.anchors))
    if len(anchored) > _MAX_PAIRS:
        step = len(anchored) / _MAX_PAIRS
        anchored = [anchored[int(k * step)] for k in range(_MAX_PAIRS)]
    _embed(texts + [t for pair in anchored for t in pair])
    sims = [float(x @ y) for x, y in zip(_embed([p[0] for p in anchored]), _embed([p[1] for p in anchored]))]
    n = len(sims)
    w = _PRIOR_WEIGHT
    if n:
        arr = np.asarray(sims)
        mean = (w * _PRIOR_MEAN + arr.sum()) / (w + n)
        var = (w * _PRIOR_SD ** 2 + ((arr - arr.mean()) ** 2).sum() + w * n / (w + n) * (arr.mean() - _PRIOR_MEAN) ** 2) / (w + n)
        sd = math.sqrt(var)
    else:
        mean, sd = _PRIOR_MEAN, _PRIOR_SD
    doc = _Doc(chunks, lexical, float(mean), float(sd), n, _encoder().id)
    view.shared["meaning"] = doc
    return doc


def _dict_words(view: BeadView, chunk: Chunk) -> list[str]:
    """The chunk's unrendered Japanese dictionary words: not names, and a one-character word
    only on its own (年 of 1890年, 堂 of 音楽堂 are pieces of a compound or a number)."""
    by_span = {(t.start, t.end): t for t in view.ja_tokens}
    en_stems = _bead_en_stems(view)
    out = []
    for sp in chunk.unrendered:
        t = by_span.get(sp)
        if t is None or t.is_proper or t.unknown:
            continue
        stems = _gloss_stems(t.lemma.split("-")[0])
        if not stems or len(t.surface) < 2 and _in_compound(view, t):
            continue
        if any(x in stems for x in en_stems):
            continue  # a gloss the chunk correspondence does not count (多く "many"): still a link
        out.append(t.surface)
    return out


def _bead_en_stems(view: BeadView) -> set[str]:
    """Stems of every English word of the bead, the stopwords the chunks leave out included."""
    key = "meaning.en_stems"
    if key not in view._cache:
        view._cache[key] = {_en_stem(w.text) for w in view.en_words}
    return view._cache[key]


def _en_words(view: BeadView, chunk: Chunk) -> list[str]:
    text = view.en.full_text
    return [text[s:e] for s, e in chunk.unrendered if not text[s:e][:1].isupper() and not text[s:e].isdigit()]


def candidates(view: BeadView) -> list[dict[str, Any]]:
    """Every candidate pair of the bead with its evidence (also those the rule does not report)."""
    if view.ja.empty or view.en.empty:
        return []
    doc = _document(view)
    if view.index not in doc.lexical:
        return []
    bc = doc.chunks[view.index]
    ja_open, en_open = doc.lexical[view.index]
    n_content = sum(len(c.content) for c in (*bc.ja, *bc.en))
    n_rendered = sum(len(c.rendered) for c in (*bc.ja, *bc.en))
    vj = _embed([bc.ja[j].text for j, _ in ja_open])
    ve = _embed([bc.en[k].text for k, _ in en_open])
    out = []
    for (j, words), row in zip(ja_open, vj @ ve.T):
        c = bc.ja[j]
        best = int(np.argmax(row))
        k, en_words = en_open[best]
        e = bc.en[k]
        sim = float(row[best])
        others = n_content - len(c.content) - len(e.content)
        others_rendered = n_rendered - len(c.rendered) - len(e.rendered)
        coverage = others_rendered / others if others > 0 else 0.0
        z = (sim - doc.mean) / doc.sd
        out.append({"j": j, "ja": c, "en": e, "ja_words": words, "en_words": en_words, "similarity": sim,
                    "z": z, "coverage": coverage, "expected": doc.mean, "sd": doc.sd,
                    "n_anchored": doc.n_anchored})
    return out


def _confidence(cand: dict[str, Any]) -> float:
    conf = 0.3 + 0.05 * min(3, len(cand["ja_words"]) - 1) + 0.05 * min(2, len(cand["en_words"]) - 1)
    conf += 0.05 * min(2.0, max(0.0, _Z - cand["z"]))
    return round(min(conf, 0.45), 2)


def _merged(flagged: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Neighbouring Japanese chunks that face the same English chunk, as one finding (弓の稽古を
    against "cooked rice"): the lowest similarity, the words of both."""
    out: list[dict[str, Any]] = []
    for cand in flagged:
        last = out[-1] if out else None
        if last is not None and last["en"] == cand["en"] and cand["j"] == last["j_end"] + 1:
            last.update(j_end=cand["j"], ja_end=cand["ja"].end, ja_text_parts=last["ja_text_parts"] + 1,
                        ja_words=last["ja_words"] + cand["ja_words"])
            if cand["z"] < last["z"]:
                last.update(similarity=cand["similarity"], z=cand["z"])
            continue
        out.append({**cand, "j_end": cand["j"], "ja_end": cand["ja"].end, "ja_text_parts": 1})
    return out


@register(kinds=("meaning",), directions=BOTH, default=False)
def meaning(view: BeadView):
    """A phrase pair far less similar than anchored pairs are, with no word of either side linked (opt-in)."""
    flagged = [c for c in candidates(view) if c["z"] < _Z and c["coverage"] >= _MIN_COVERAGE]
    out = []
    for cand in _merged(flagged):
        c, e = cand["ja"], cand["en"]
        ja_span = (c.start, cand["ja_end"])
        ja_text = view.ja.full_text[ja_span[0]:ja_span[1]]
        conf = _confidence(cand)
        sim, expected, sd = (round(cand[k], 3) for k in ("similarity", "expected", "sd"))
        expl = (f"The Japanese {ja_text!r} and the English {e.text!r} stand where one should render the "
                f"other, but no word of either is linked to the other side ({', '.join(cand['ja_words'])} / "
                f"{', '.join(cand['en_words'])}) and the encoder puts them far apart: similarity "
                f"{sim:.2f}, where phrase pairs linked by the dictionary score "
                f"{expected:.2f} ± {sd:.2f}. Check whether the English says what the "
                "Japanese says here.")
        out.append(view.divergence(
            kind="meaning", check="meaning", confidence=conf, explanation=expl,
            ja_span=ja_span, en_span=(e.start, e.end),
            evidence={"similarity": sim, "expected": expected, "sd": sd, "z": round(cand["z"], 2), "threshold_z": _Z,
                      "ja_words": cand["ja_words"], "en_words": cand["en_words"],
                      "bead_coverage": round(cand["coverage"], 2), "anchored_pairs": cand["n_anchored"],
                      "encoder": _document(view).encoder},
        ))
    return out
