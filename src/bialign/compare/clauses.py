"""Clauses of a bead, which clause renders which, and the negations paired across them.

The machinery of the :func:`~bialign.compare.polarity.polarity` check, apart from the check
that decides what to report. Both sides are cut into clauses (Japanese at 。, joining
particles and a comma after a predicate; English at punctuation and clause words: and, but,
which, that, because …); the chunk pairs of :mod:`.chunks` say which clause renders which;
:class:`_Sides` holds the negations of each side (from :mod:`.negation`) and pairs each with
one of the other side, closest evidence first: a negation near the counterpart of the negated
word (its chunk's anchors), then one anywhere in the counterpart clauses. The helpers after it
say whether a word is rendered on the other side (a chunk anchor) and by which word.
"""

from __future__ import annotations

import re

from ._common import BeadView, in_parentheses
from .negation import en_negations, ja_negations


# Japanese clauses end at 。, at a joining particle (が, ので, から, けれど, ば, し, ながら,
# ても, のに), and at a comma after a predicate or a particle of one (行き、 / 行って、 /
# であり、); a topic's comma (寺は、) ends none.
_JA_JOINING = frozenset("が ので から けれど けれども けど ば し ながら ても でも のに つつ".split())
_EN_CLAUSE_OPENERS = frozenset(
    "and but which who whom whose that because although though while whereas when where if unless so since or "
    "however".split())
_EN_CLAUSE_CUT = re.compile(r"[,;:()\[\]\"“”]|(?<![A-Z][a-z])\.\s|\s[-–—]\s")


def _ja_clause_starts(toks) -> list[int]:
    """Start offsets of the Japanese clauses (the first at the first token)."""
    starts = [toks[0].start] if toks else []
    for i, t in enumerate(toks[:-1]):
        nxt = toks[i + 1]
        end = False
        if t.pos1 == "補助記号" and t.surface in ("。", "！", "？", "!", "?"):
            end = True
        elif t.pos2 == "接続助詞" and (t.surface in _JA_JOINING or nxt.surface == "、"):
            end = True
        elif t.surface == "、" and i and (toks[i - 1].pos1 in ("動詞", "助動詞", "形容詞")
                                          or i > 1 and toks[i - 2].surface + toks[i - 1].surface == "ものの"):
            end = True  # 行き、 / であり、 / しないものの、
        if end:
            starts.append(nxt.start)
    return starts


def _en_clause_starts(view: BeadView) -> list[int]:
    starts: list[int] = []
    for off, sent in view.en.sentences():
        starts.append(off)
        for m in _EN_CLAUSE_CUT.finditer(sent):
            starts.append(off + m.end())
        for m in re.finditer(r"\b([A-Za-z]+)\b", sent):
            if m.group(1).lower() in _EN_CLAUSE_OPENERS and m.start() > 0:
                starts.append(off + m.start())
    return sorted(set(starts))


_FINITE = re.compile(r"\b(?:is|was|were|are|be|been|has|have|had|did|does|do|will|would|can|could|may|might|"
                     r"must|should|shall)\b|n't\b", re.IGNORECASE)


def _clause_of(starts: list[int], pos: int) -> int:
    k = 0
    for i, s in enumerate(starts):
        if s <= pos:
            k = i
        else:
            break
    return k


class _Sides:
    """Negations, clauses and the clause correspondence of one bead (built on the chunk pairs)."""

    def __init__(self, view: BeadView, ja_negs: list | None = None, en_negs: list | None = None):
        from .chunks import bead_chunks

        self.view = view
        self.bc = bead_chunks(view)
        self.ja_negs = ja_negs if ja_negs is not None else ja_negations(view.ja_tokens, view.ja_readings)
        self.en_negs = en_negs if en_negs is not None else [
            n for off, sent in view.en.sentences() for n in en_negations(sent, off)]
        self.ja_starts = _ja_clause_starts(view.ja_tokens)
        self.en_starts = _en_clause_starts(view)
        self.ja_to_en: dict[int, set[int]] = {}
        self.en_to_ja: dict[int, set[int]] = {}
        for p in self.bc.pairs:
            j, e = self.ja_clause(p.ja.start), self.en_clause(p.en.start)
            self.ja_to_en.setdefault(j, set()).add(e)
            self.en_to_ja.setdefault(e, set()).add(j)
        self.matched = self._match()

    def near(self, n) -> tuple[set[int], set[int]]:
        """(close, loose): the other side's clauses where ``n``'s counterpart negation may be.
        Close: around the counterpart of the negated word (its chunk's anchors) when it has
        one; loose: around the counterparts of the whole clause."""
        if n.lang == "ja":
            k, fwd, size = self.ja_clause(n.start), self.ja_to_en, len(self.en_starts)
            pred = self.pred_region("ja", n.scope_start, n.end) if _ja_rendered(self, n.scope_start, n.end) else set()
            widen = self.widen_en
        else:
            k, fwd, size = self.en_clause(n.start), self.en_to_ja, len(self.ja_starts)
            pred = self.pred_region("en", n.start, n.scope_end) if _en_rendered(self, n.end, n.scope_end) else set()
            widen = lambda c: set(c)  # noqa: E731 - Japanese clauses are long enough as they are
        region = fwd.get(k, set())
        return widen(pred or region), _widen(region, size)

    def widen_en(self, clauses: set[int]) -> set[int]:
        """English clauses and, for a clause with no verb of its own ("or the sacred pillar
        installed at the centre"), the one before it, past blank and parenthetical ones: the
        negation there may govern it ("has no veranda (a narrow passage …) or the pillar")."""
        full = self.view.en.full_text
        out = set(clauses)
        for c in clauses:
            if _FINITE.search(full[slice(*self.en_clause_span(c))]):
                continue
            x = c - 1
            while x >= 0:
                out.add(x)
                text = full[slice(*self.en_clause_span(x))]
                if text.strip() and not in_parentheses(full, self.en_clause_span(x)[1] - 1):
                    break
                x -= 1
        return out

    def _match(self) -> set[int]:
        """Pair each negation with one of the other side (greedy, closest evidence first); the
        ids of the negations that found a partner. Weak negations pair last."""
        near_ja = {id(n): self.near(n) for n in self.ja_negs}
        near_en = {id(e): self.near(e) for e in self.en_negs}
        cands = []
        ja_full, en_full = self.view.ja.full_text, self.view.en.full_text
        for n in self.ja_negs:
            for e in self.en_negs:
                if in_parentheses(en_full, e.start) and not in_parentheses(ja_full, n.start):
                    continue  # "(commoners without rank)": a gloss the English adds renders no ない of the text
                ec, jc = self.en_clause(e.start), self.ja_clause(n.start)
                if ec in near_ja[id(n)][0] or jc in near_en[id(e)][0]:
                    score = 2
                elif ec in near_ja[id(n)][1] or jc in near_en[id(e)][1]:
                    score = 1
                else:
                    continue
                weak = (n.strength == "weak") + (e.strength == "weak")
                cands.append((-score, weak, n.start, e.start, n, e))
        matched: set[int] = set()
        for *_, n, e in sorted(cands, key=lambda c: c[:4]):
            if id(n) not in matched and id(e) not in matched:
                matched |= {id(n), id(e)}
        return matched

    def pred_region(self, lang: str, start: int, end: int) -> set[int]:
        """Clauses of the other side holding the counterparts of the chunks in ``start..end``
        of side ``lang`` (the negated word's chunk and the negation's)."""
        if lang == "ja":
            # the chunks of the negated word and of the negation, not the words between them
            # (召し抱えをあまり行わなく: あまり "too" is no counterpart of 召し抱え)
            return {self.en_clause(p.en.start) for p in self.bc.pairs
                    if p.ja.start <= start < p.ja.end or p.ja.start < end <= p.ja.end}
        return {self.ja_clause(p.ja.start) for p in self.bc.pairs if p.en.start < end and start < p.en.end}

    def one_to_one(self, lang: str, k: int) -> bool:
        """Whether clause ``k`` of side ``lang`` and one clause of the other side render only each other."""
        fwd, back = (self.ja_to_en, self.en_to_ja) if lang == "ja" else (self.en_to_ja, self.ja_to_en)
        other = fwd.get(k, set())
        return len(other) == 1 and back.get(next(iter(other)), set()) == {k}

    def ja_clause(self, pos: int) -> int:
        return _clause_of(self.ja_starts, pos)

    def en_clause(self, pos: int) -> int:
        return _clause_of(self.en_starts, pos)

    def ja_clause_span(self, k: int) -> tuple[int, int]:
        end = self.ja_starts[k + 1] if k + 1 < len(self.ja_starts) else self.view.ja.end
        return self.ja_starts[k], end

    def en_clause_span(self, k: int) -> tuple[int, int]:
        end = self.en_starts[k + 1] if k + 1 < len(self.en_starts) else self.view.en.end
        return self.en_starts[k], end

    def region_text(self, lang: str, clauses: set[int]) -> str:
        side = self.view.ja if lang == "ja" else self.view.en
        span = self.ja_clause_span if lang == "ja" else self.en_clause_span
        return " ".join(side.full_text[slice(*span(k))] for k in sorted(clauses))



def _widen(clauses: set[int], n: int) -> set[int]:
    """The clauses and their neighbours: a negation is often a clause away from the word it
    negates in the other language (回縁と御心柱はなく → "has no veranda … or the pillar")."""
    return {k for c in clauses for k in (c - 1, c, c + 1) if 0 <= k < n}


def _anchor_en_span(sides: _Sides, ja_start: int, ja_end: int) -> tuple[int, int] | None:
    """The English word an anchor ties to the Japanese words in ``ja_start..ja_end``."""
    full = sides.view.en.full_text
    for p in sides.bc.pairs:
        if p.ja.start <= ja_start < p.ja.end or ja_start <= p.ja.start < ja_end:
            for jw, ew, _how in p.anchors:
                k = full.find(ew, p.en.start, p.en.end)
                if k >= 0:
                    return k, k + len(ew)
    return None


def _ja_rendered(sides: _Sides, start: int, end: int) -> bool:
    """Whether the negated word (starting at ``start``) or a content word of the negation's
    chunk (ending at ``end``) is rendered in the English (a chunk anchor)."""
    for c in sides.bc.ja:
        if any(a == start or c.start < end <= c.end and start <= a for a, b in c.rendered):
            return True
    return False


def _en_rendered(sides: _Sides, start: int, end: int) -> bool:
    for c in sides.bc.en:
        if any(start <= a < end for a, b in c.rendered):
            return True
    return False


def _anchor_ja_span(sides: _Sides, en_start: int, en_end: int) -> tuple[int, int] | None:
    """The Japanese word an anchor ties to the English words in ``en_start..en_end``."""
    full = sides.view.ja.full_text
    for p in sides.bc.pairs:
        if p.en.start < en_end and en_start < p.en.end:
            for jw, ew, _how in p.anchors:
                k = sides.view.en.full_text.find(ew, p.en.start, p.en.end)
                if en_start <= k < en_end:
                    j = full.find(jw, p.ja.start, p.ja.end)
                    if j >= 0:
                        return j, j + len(jw)
    return None
