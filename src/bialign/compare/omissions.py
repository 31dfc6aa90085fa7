"""Omissions and additions inside a bead: a phrase of one side that nothing on the other renders.

Built on the chunk correspondence of :mod:`.chunks`. A Japanese bunsetsu with content words
(nouns, verbs, adjectives, adverbs; not particles, formal nouns or light verbs) of which no
word is anchored in the English (no JMdict gloss shares a stem with an English word, no
romanized reading or loanword origin is in the English letters, no kanji kept) is a phrase
the English may leave out; an English phrase whose content words no Japanese word explains
is one it may add. Neighbouring such chunks are reported as one span.

- :func:`omission`: a chunk of the source with no counterpart in the translation (原の松蔭寺
  → "Shoin-ji Temple": 原の is left out).
- :func:`addition`: a chunk of the translation with no counterpart in the source.

The evidence: ``words`` (the run's content words), ``unmatched_words`` (those that count:
Japanese dictionary words, not names or one-kanji pieces of a compound; English lower-case
words), ``names``, ``aside`` (inside parentheses or a reading), ``other_side_unexplained_words``
(content words of the other side that nothing explains) and ``coverage`` (the share of the rest
of the side's content words that are rendered).

Both run in both directions (the source may be either language). Names are the ``names``
check's business and numbers the ``numbers`` check's: a chunk of only names or numbers is not
reported here.

**Severity: info, always.** A word-level anchor misses free renderings (a synonym JMdict does
not list, a clause rendered by its sense), and professional translations are full of them.
Judged on the tuning half of the Kyoto sample (``benchmarks/data/judged_chunks_tuning.jsonl``:
45 omissions and 45 additions drawn at random from the chunks with three or more unmatched
dictionary words, the rule that was to make them minor, each read against both sentences):
2 of 45 omissions and 0 of 45 additions were worth a translator's time. The rest were
renderings the dictionary does not link (艶やか "luster" is, 罵る "reviled" is not; 財政事情が
芳しくない "in serious fiscal shape") and, for additions, the explanatory glosses translators
add on purpose ("yorishiro (a spiritualistic medium)"). Narrower rules (nothing unexplained on
the other side, every other chunk rendered) found mostly single words (呼ぶ, 多く) dropped by
a free rendering. So the flags are info: they show where the two sides have no lexical link,
for a reader who asks, and the confidence grades the evidence (more unmatched dictionary
words, fewer unexplained words on the other side, not an aside) within info.

**Opt-in.** Even as info, a free translation gives several such chunks a sentence (about 3
on the ESUJ article), which would bury the other checks' findings, so :func:`bialign.compare`
runs these two only when named: ``checks=[*default_checks("ja-en"), "omission", "addition"]``.
"""

from __future__ import annotations

from ._common import BeadView
from .chunks import BeadChunks, Chunk, _gloss_stems, bead_chunks
from .registry import BOTH, register


def _ja_token(view: BeadView, span: tuple[int, int]):
    for t in view.ja_tokens:
        if (t.start, t.end) == span:
            return t
    return None


def _in_compound(view: BeadView, t) -> bool:
    """Whether a noun, prefix or suffix token touches ``t`` on either side (清 in 清宝寺)."""
    key = "omissions.noun_edges"
    if key not in view._cache:
        nouns = [x for x in view.ja_tokens if x.pos1 in ("名詞", "接尾辞", "接頭辞")]
        view._cache[key] = ({x.end for x in nouns}, {x.start for x in nouns})
    ends, starts = view._cache[key]
    return t.start in ends or t.end in starts


def _runs(chunks: tuple[Chunk, ...]) -> list[list[Chunk]]:
    """Maximal runs of unrendered chunks with content; a chunk without content (は, ため)
    between two of them does not break the run."""
    runs: list[list[Chunk]] = []
    cur: list[Chunk] = []
    pending: list[Chunk] = []
    for c in chunks:
        if c.has_content and not c.rendered:
            cur.extend(pending + [c] if cur else [c])
            pending = []
        elif not c.has_content and cur:
            pending.append(c)
        else:
            if cur:
                runs.append(cur)
            cur, pending = [], []
    if cur:
        runs.append(cur)
    return runs


def _in_parentheses(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 300):start]
    opened = max(before.rfind("（"), before.rfind("("))
    return opened > max(before.rfind("）"), before.rfind(")"))


def _ja_runs(view: BeadView, bc: BeadChunks) -> list[dict]:
    out = []
    for run in _runs(bc.ja):
        words = [(_ja_token(view, sp), sp) for c in run for sp in c.content]
        words = [(t, sp) for t, sp in words if t is not None]
        names = [t for t, _ in words if t.is_proper or t.unknown]
        # A one-character word counts only on its own: inside a compound (清宝寺, 双水執流) it
        # is mostly a piece of a name UniDic splits.
        dict_words = [t for t, _ in words if not (t.is_proper or t.unknown) and _gloss_stems(t.lemma.split("-")[0])
                      and (len(t.surface) >= 2 or not _in_compound(view, t))]
        if not dict_words:
            continue  # only names or words with no dictionary entry: nothing to go on
        start, end = run[0].start, run[-1].end
        out.append({"start": start, "end": end, "words": [t.surface for t, _ in words],
                    "dict_words": [t.surface for t in dict_words], "names": [t.surface for t in names],
                    "aside": _in_parentheses(view.ja.full_text, start, end) or any(
                        a <= start < b for a, b in view.ja_readings)})
    return out


def _en_runs(view: BeadView, bc: BeadChunks) -> list[dict]:
    out = []
    text = view.en.full_text
    for run in _runs(bc.en):
        words = [text[s:e] for c in run for s, e in c.content]
        lower = [w for w in words if not w[:1].isupper() and not w.isdigit()]
        if not lower:
            continue  # capitalized words: names, the names check's business
        start, end = run[0].start, run[-1].end
        out.append({"start": start, "end": end, "words": words, "dict_words": lower,
                    "names": [w for w in words if w[:1].isupper()],
                    "aside": _in_parentheses(text, start, end)})
    return out


def _unexplained_other(bc: BeadChunks, lang: str) -> int:
    chunks = bc.en if lang == "en" else bc.ja
    return sum(len(c.unrendered) for c in chunks)


def _confidence(run: dict, other_unexplained: int) -> float:
    """Info only, graded by the evidence (see the module docstring for why never minor).

    More unmatched dictionary words make a gap likelier; each word of the other side that
    nothing explains may be this chunk's free rendering (喜び "overjoyed"), and an aside in
    parentheses is often a reading or a gloss a translator leaves out on purpose.
    """
    n = len(run["dict_words"])
    conf = 0.25 if n == 1 else 0.35 if n == 2 else 0.45
    if other_unexplained >= n:
        conf -= 0.15
    elif other_unexplained:
        conf -= 0.05
    if run["aside"]:
        conf = min(conf, 0.2)
    return max(0.05, round(conf, 2))


def _report(view: BeadView, *, source: bool, check: str):
    if view.ja.empty or view.en.empty:
        return []
    bc = bead_chunks(view)
    on_ja = view.ja_is_source == source
    runs = _ja_runs(view, bc) if on_ja else _en_runs(view, bc)
    other_unexplained = _unexplained_other(bc, "en" if on_ja else "ja")
    mine = bc.ja if on_ja else bc.en
    n_content = sum(len(c.content) for c in mine)
    n_rendered = sum(len(c.rendered) for c in mine)
    out = []
    lang, other = ("Japanese", "English") if on_ja else ("English", "Japanese")
    for run in runs:
        conf = _confidence(run, other_unexplained)
        span = (run["start"], run["end"])
        text = (view.ja if on_ja else view.en).full_text[span[0]:span[1]]
        words = ", ".join(run["dict_words"])
        if source:
            expl = (f"Nothing in the {other} renders the {lang} {text!r}: no word of it ({words}) "
                    f"has a dictionary gloss, reading or number on the {other} side.")
        else:
            expl = (f"The {lang} {text!r} has no counterpart in the {other}: none of its words "
                    f"({words}) is explained by a word of the {other} side.")
        out.append(view.divergence(
            kind="omission" if source else "addition", confidence=conf, check=check, explanation=expl,
            ja_span=span if on_ja else None, en_span=None if on_ja else span,
            evidence={"words": run["words"], "unmatched_words": run["dict_words"],
                      "names": run["names"], "aside": run["aside"],
                      "other_side_unexplained_words": other_unexplained,
                      "coverage": round(n_rendered / max(1, n_content - len(run["words"])), 2)},
        ))
    return out


@register(kinds=("omission",), directions=BOTH, default=False)
def omission(view: BeadView):
    """A phrase of the source with content that nothing in the translation renders."""
    return _report(view, source=True, check="omission")


@register(kinds=("addition",), directions=BOTH, default=False)
def addition(view: BeadView):
    """A phrase of the translation with content that nothing in the source renders."""
    return _report(view, source=False, check="addition")
