"""Polarity and time: a statement turned around, a time reference moved.

- :func:`polarity`: a clause negated on one side whose counterpart on the other side is not.
  The negations of each side, with the word each negates, come from :mod:`.negation` (UniDic
  tokens and JMdict on the Japanese side: the auxiliary ない/ず/ぬ, the adjective 無い, なし,
  the prefixes 不/未/無/非, with lexicalised negatives such as 無料 "free", 未満 "under", 非常
  "very" left out by their glosses; double negatives, しか…ない, 〜なければならない and the
  like count as *weak*: they may explain a negation on the other side, never make a flag).
  Both sides are cut into clauses (Japanese at 。, joining particles and a comma after a
  predicate; English at punctuation and clause words: and, but, which, that, because …), and
  the chunk pairs of :mod:`.chunks` say which clause renders which. Each negation is paired
  with one of the other side, closest evidence first: a negation near the counterpart of the
  negated word (its chunk's anchors), then one anywhere in the counterpart clauses. A negation
  left without a partner is reported when its negated word is rendered on the other side
  (本堂は焼失しなかったが、山門は再建されなかった → "…was not destroyed…, and the gate was
  rebuilt": the second なかっ against "rebuilt"), unless a word of negative meaning is there
  ("lost", "few", "less", "exempt"; 廃, 欠, 誤, 省), a negation of the other side is left
  unpaired too (most likely each other's rendering, a clause apart), or the words are a name
  in both scripts (おしず "Oshizu"). A lexical negative is reported only when the other side
  says its opposite, as JMdict reads it (不明 "unknown" against "known", "unknown" against
  知られる). Spans: the negation word on the negated side, the counterpart word on the other.

  Confidence: 0.55 (minor) for an unpaired negation whose negated word is rendered, 0.6 for a
  lexical negative against its opposite; info (0.3–0.45) when the negated word has no
  counterpart, inside parentheses, a contrast (AではなくB) or next to a word of negative meaning,
  and (at most 0.4) when the negated side has no more negations than the other, a word of
  negative meaning in the English ("scarcely", "exempt") counting as one: the pairing then
  most likely missed which clause renders which.

  What was measured on the Kyoto tuning half (never-revised sentences flagged by polarity,
  minor and major; a probe that deletes "not" after an auxiliary in 120 tuning sentences, and
  one that inserts "not" after was/is in 120 others):

  | version | never-revised flagged | "not" deleted found | "not" inserted found |
  |---|---|---|---|
  | bead level (a negation on one side, none on the other) | 1 | 11/120 | 43/120 |
  | clause regions by the chunk pairs, any negation near counts | 0 | 27/120 | 50/120 |
  | + one-to-one pairing of negations, closest first (kept) | 0 | 46/120 | 50/120 |
  | clause regions, and minor for a clause pair that renders only each other with the negated word unanchored (not kept) | 5 | 33/120 | 57/120 |

  Also tried and not kept: raising an undecided Japanese negation to minor when the English
  negates nothing at all (安定しない "tuning is stable"): 3 more of the 11 negation edits of the
  tuning challenge set, but 12 new flags on the tuning half's articles and drafts, 2 of them
  worth a look (後を絶たない "remains great", 珍しくない "often", 余儀なくされ "was forced to").

- :func:`time_reference`: a relative time reference whose opposite is on the other side:
  翌年 "the following year" against "the previous year", 晩年 "in his later years" against
  "in his youth", 前半 "the first half" against "the latter half", 午前 against "evening",
  現在 "at present" against "formerly". A reference that is dropped is not reported (the
  context usually carries it); one that is turned into its opposite is.

Both run in both directions.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from . import severity_for
from ._common import BeadView, JaToken, in_parentheses, jmdict, romaji, stem
from .chunks import _JA_LIGHT
from .negation import en_negations, gloss_is_negative, ja_negations
from .registry import BOTH, register

# --- polarity ---------------------------------------------------------------------------------

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
        for n in self.ja_negs:
            for e in self.en_negs:
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


def _en_stems(text: str) -> dict[str, tuple[int, int]]:
    out = {}
    for m in re.finditer(r"[A-Za-z]+(?:-[A-Za-z]+)*", text):
        out.setdefault(stem(m.group()), (m.start(), m.end()))
    return out


def _ja_region_glosses(view: BeadView, clauses_span: list[tuple[int, int]]):
    """Stems of the JMdict glosses of the content words in the spans, each with its token: those
    of affirmative glosses ("change") and those of negative ones ("without change")."""
    pos: dict[str, JaToken] = {}
    neg: dict[str, JaToken] = {}
    for t in view.ja_tokens:
        if t.pos1 in ("動詞", "名詞", "形容詞", "形状詞") and any(a <= t.start < b for a, b in clauses_span) \
                and t.lemma.split("-")[0] not in _JA_LIGHT and len(t.surface) >= 2:
            for word in dict.fromkeys((t.lemma.split("-")[0], t.surface)):
                for e in jmdict(word)[:4]:
                    for sense in e.senses[:8]:
                        for g in sense.glosses:
                            into = neg if gloss_is_negative(g) else pos
                            for w in re.findall(r"[A-Za-z]{3,}", re.sub(r"\([^)]*\)", " ", g)):
                                into.setdefault(stem(w), t)
    return pos, neg


def _romanized_in(ja: str, en: str) -> bool:
    """Whether the romanized ``ja`` (four letters at least) is in the English letters."""
    from .chunks import _letters

    key = _letters(romaji(ja))[0]
    return len(key) >= 4 and key in _letters(en)[0]


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


def _ja_side_flags(sides: _Sides) -> list:
    view = sides.view
    out = []
    full_ja, full_en = view.ja.full_text, view.en.full_text
    en_any = any(n.strength != "weak" for n in sides.en_negs)
    for n in sides.ja_negs:
        if n.strength == "weak":
            continue
        k = sides.ja_clause(n.start)
        region = set(sides.ja_to_en.get(k, set()))
        near, _loose = sides.near(n)
        near_text = sides.region_text("en", near) if near else ""
        stems = _en_stems(near_text)
        said = full_ja[n.scope_start:n.scope_end]
        core = (sides.pred_region("ja", n.scope_start, n.end) or region) | near
        core_text = sides.region_text("en", core) if core else ""
        if id(n) in sides.matched or any(sides.en_clause(e.start) in near for e in sides.en_negs) or (
                n.glosses and n.glosses & stems.keys()) or _LEXICAL_NEG["en"].search(core_text):
            continue  # rendered with a negation, a dictionary rendering or a word of negative meaning
        if any(id(e) not in sides.matched for e in sides.en_negs if e.strength == "strong"):
            continue  # an English negation is left unpaired too: most likely each other's rendering
        en_span = None
        if _romanized_in(said, view.en.text):
            continue  # おしず "Oshizu", てんなう "tennau": a name or a word quoted, not a negation
        if n.strength == "lexical":
            flipped = sorted(n.positives & stems.keys())
            if not flipped:
                continue  # 不便 "inconvenient": a negative prefix the English may say in one word
            w = flipped[0]
            loc = next((s0 for k2 in sorted(region) for s0 in [_find_stem(full_en, sides.en_clause_span(k2), w)] if s0), None)
            confidence = 0.6
            explanation = (f"The Japanese {n.text} is a negative ({', '.join(sorted(n.glosses)[:3]) or 'JMdict'}); the "
                           f"English clause that renders it says the opposite ({full_en[slice(*loc)] if loc else w!r}) "
                           "with no negation.")
            en_span = loc
        else:
            anchored = _ja_rendered(sides, n.scope_start, n.end)
            if region and anchored:
                confidence = 0.55
                en_span = _anchor_en_span(sides, n.scope_start, n.end)
            elif region:
                # the negated word has no anchor, but its clause and one English clause render
                # only each other: likelier than a clause with no pairing, still undecided
                confidence = 0.45 if sides.one_to_one("ja", k) else 0.35
            elif not en_any:
                confidence = 0.3
            else:
                continue
            if _LEXICAL_NEG["en"].search(near_text) or n.note == "contrast":
                confidence = min(confidence, 0.4)  # a word of negative meaning elsewhere may render it
            if in_parentheses(full_ja, n.start):
                confidence = min(confidence, 0.3)
            where = f" ({full_en[slice(*en_span)]!r})" if en_span else ""
            explanation = (f"The Japanese negates {said}; the English clause that renders it{where} has no "
                           "negation, so the statement may have been turned around." if region else
                           f"The Japanese negates {said}; the English has no negation anywhere in the bead.")
        out.append(view.divergence(
            kind="polarity", confidence=confidence, check="polarity", explanation=explanation,
            ja_span=(n.start, n.end), en_span=en_span,
            evidence={"negated_side": "japanese", "negation": n.text, "negated": said, "strength": n.strength,
                      "note": n.note, "english_clauses": [full_en[slice(*sides.en_clause_span(x))] for x in sorted(region)],
                      "english_negations": [e.text for e in sides.en_negs]},
        ))
    return out


def _masked(sides: _Sides, clauses: set[int], negated: str) -> str:
    """The Japanese clauses' text without the words that render the negated English words: 退位
    renders "abdicate" in "did not abdicate", so its 退 is no word of negative meaning there."""
    from .chunks import _en_stem, _stems_match

    if not clauses:
        return ""
    targets = [_en_stem(w) for w in re.findall(r"[A-Za-z]{3,}", negated)]
    text = sides.region_text("ja", clauses)
    for t in sides.view.ja_tokens:
        if t.surface in text and t.pos1 in ("動詞", "名詞", "形容詞", "形状詞"):
            # the head word of the first gloss only: 退位 "abdication" is "abdicate"; 休演
            # "suspension of performance" is not "performed", it is "not performed"
            entries = jmdict(t.lemma.split("-")[0])
            first = entries[0].senses[0].glosses[0] if entries and entries[0].senses and entries[0].senses[0].glosses else ""
            words = re.findall(r"[A-Za-z]{3,}", re.sub(r"\([^)]*\)", " ", first).replace("to ", "", 1))
            stems = frozenset({_en_stem(words[0])}) if words else frozenset()
            if any(_stems_match(x, stems) for x in targets):
                text = text.replace(t.surface, "・" * len(t.surface))
    return text


def _find_stem(text: str, span: tuple[int, int], st: str) -> tuple[int, int] | None:
    for m in re.finditer(r"[A-Za-z]+(?:-[A-Za-z]+)*", text[span[0]:span[1]]):
        if stem(m.group()) == st:
            return span[0] + m.start(), span[0] + m.end()
    return None


def _en_side_flags(sides: _Sides) -> list:
    view = sides.view
    out = []
    full_ja, full_en = view.ja.full_text, view.en.full_text
    ja_any = any(n.strength != "weak" for n in sides.ja_negs)
    for n in sides.en_negs:
        if n.strength == "weak":
            continue
        k = sides.en_clause(n.start)
        region = set(sides.en_to_ja.get(k, set()))
        near, loose = sides.near(n)
        spans = [sides.ja_clause_span(x) for x in sorted(loose)]
        core = sides.pred_region("en", n.start, n.scope_end) or region
        # the neighbouring clauses too (これは誤りである → "it is not true"), except those whose
        # own negation is rendered already (天皇は退位せず: 退 there renders "did not abdicate")
        core = core | {x for x in _widen(core, len(sides.ja_starts))
                       if not any(sides.ja_clause(j.start) == x and id(j) in sides.matched for j in sides.ja_negs)}
        if id(n) in sides.matched or any(sides.ja_clause(j.start) in near for j in sides.ja_negs) or \
                _LEXICAL_NEG["ja"].search(_masked(sides, core, full_en[n.end:n.scope_end])):
            continue
        if any(id(j) not in sides.matched for j in sides.ja_negs if j.strength == "strong"):
            continue  # a Japanese negation is left unpaired too: most likely each other's rendering
        said = full_en[n.scope_start:n.scope_end]
        ja_span = None
        if n.strength == "lexical":
            pos_glosses, neg_glosses = _ja_region_glosses(view, spans)
            if n.glosses & (pos_glosses.keys() | neg_glosses.keys()) or n.positives & neg_glosses.keys():
                continue  # "unknown" is the gloss of a word of the Japanese; そのまま "without change"
            flipped = sorted(n.positives & pos_glosses.keys())
            if not flipped:
                continue
            t = pos_glosses[flipped[0]]
            ja_span = (t.start, t.end)
            confidence = 0.6
            explanation = (f"The English {n.text!r} is a negative; the Japanese clause that it renders says "
                           f"{t.surface} ({n.text[2:] if n.text.lower().startswith('un') else 'the opposite'}) "
                           "with no negation.")
        else:
            anchored = _en_rendered(sides, n.end, n.scope_end)
            if region and anchored:
                confidence = 0.55 if n.text.lower() in ("not", "never", "n't", "cannot", "no", "nothing", "none",
                                                         "nobody", "no one", "failed to") else 0.45
                ja_span = _anchor_ja_span(sides, n.end, n.scope_end)
            elif region:
                confidence = 0.45 if sides.one_to_one("en", k) else 0.35
            elif not ja_any:
                confidence = 0.3
            else:
                continue
            if _LEXICAL_NEG["ja"].search(_masked(sides, near, full_en[n.end:n.scope_end])):
                confidence = min(confidence, 0.4)
            if in_parentheses(full_en, n.start):
                confidence = min(confidence, 0.3)  # "(young people Not in Education)": a gloss added on purpose
            where = f" ({full_ja[slice(*ja_span)]})" if ja_span else ""
            explanation = (f"The English negates ({said!r}); the Japanese clause it renders{where} has no "
                           "negation, so the statement may have been turned around." if region else
                           f"The English negates ({said!r}); the Japanese has no negation anywhere in the bead.")
        out.append(view.divergence(
            kind="polarity", confidence=confidence, check="polarity", explanation=explanation,
            ja_span=ja_span, en_span=(n.start, n.end),
            evidence={"negated_side": "english", "negation": n.text, "negated": said, "strength": n.strength,
                      "note": n.note, "japanese_clauses": [full_ja[slice(*sides.ja_clause_span(x))] for x in sorted(region)],
                      "japanese_negations": [j.text for j in sides.ja_negs]},
        ))
    return out


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


@register(kinds=("polarity",), directions=BOTH)
def polarity(view: BeadView):
    """A clause negated on one side whose counterpart clause on the other is not (〜なかった → "was")."""
    if view.ja.empty or view.en.empty:
        return []
    # the chunk correspondence costs most of the check: built only for a bead with a negation
    # that could make a flag
    ja_negs = ja_negations(view.ja_tokens, view.ja_readings)
    en_negs = [n for off, sent in view.en.sentences() for n in en_negations(sent, off)]
    if all(n.strength == "weak" for n in [*ja_negs, *en_negs]):
        return []
    sides = _Sides(view, ja_negs, en_negs)
    return [_balanced(d, ja_negs, en_negs, view.en.text) for d in _ja_side_flags(sides) + _en_side_flags(sides)]


# English words whose meaning carries a negation a Japanese ない often becomes: "scarcely
# built" (ほとんど築かれなかった), "exempt from" (こそしない), "for fear that it should roll
# up" (丸まらないように), "became rare" (使われなくなった).
_EN_NEGATIVE_MEANING = re.compile(
    r"\b(?:scarcely|hardly|rarely|rare|seldom|barely|exempt\w*|lack\w*|absen\w*|unable|prohibit\w*|forb[ia]d\w*|"
    r"banned|refus\w*|den(?:y|ied|ies)|avoid\w*|prevent\w*|for fear|lest|less common|ceas\w*|abolish\w*)\b",
    re.IGNORECASE)


def _balanced(d, ja_negs: list, en_negs: list, en_text: str):
    """Undecided (info) when the flagged side has no more negations than the other side: the
    negation is then most likely rendered in another clause than the pairing found (three
    ではなく/なかった against "was not", "didn't", "was not" with one left over). A word of
    negative meaning in the English ("scarcely", "exempt") counts as one negation."""
    own, other = (ja_negs, en_negs) if d.evidence["negated_side"] == "japanese" else (en_negs, ja_negs)
    lexical = d.evidence["negated_side"] == "japanese" and bool(_EN_NEGATIVE_MEANING.search(en_text))
    n_other = sum(n.strength != "weak" for n in other) + lexical
    if sum(n.strength != "weak" for n in own) > n_other:
        return d
    return replace(d, confidence=min(d.confidence, 0.4), severity=severity_for(min(d.confidence, 0.4)),
                   evidence={**d.evidence, "balanced": True})


_LEXICAL_NEG = {
    "ja": re.compile(
        r"[無非不未否廃欠稀希禁拒断失止辞反絶消滅減免休退却捨漏略除抜離逃喪損誤薄省低]|難し|間違|以前|がた[いく]|づら[いく]|にく[いく]|"
        r"以外|やめ|止め|少な|わずか|僅か|のみ|だけ|しか|まで|前に|うちに|忘|避け|防|外れ|外さ|空[いき]|なく|なし|"
        r"留ま|とどま|ばかり|ほとんど|殆ど|ほぼ|限[りら]|別|異な|違"),
    "en": re.compile(
        r"\b(?:few|little|hardly|rarely|seldom|scarcely|barely|only|solely|merely|just|except|excluding|"
        r"other than|rather than|instead|until|till|before|lost|lose|loses|losing|refus\w*|den(?:y|ied|ies)|"
        r"prohibit\w*|ban(?:s|ned)?|forb[ia]d\w*|prevent\w*|avoid\w*|ceas\w*|stop\w*|ended|abolish\w*|"
        r"absen\w*|free|fail\w*|halt\w*|miss\w*|vacant|empty|difficult\w*|hard to|less|fewer|unlike|as opposed to|wrong\w*|false\w*|beyond|indispensable|essential|"
        r"inevitabl[ey]|necessar\w*|away|gone|disappear\w*|vanish\w*|extinct|"
        r"discontinu\w*|abandon\w*|out of|exempt\w*|omit\w*|leave out|left out|different|differ\w*|"
        r"contrary|opposite|against|reject\w*|decline\w*|neither|nor|unless|unable|inability|invalid\w*|"
        r"insufficient|inadequate|illegal|irregular|dissolv\w*|disband\w*|dismiss\w*|"
        r"(?:un|in|im|ir|il|dis)(?:appropriate|possibl|convenien|known|clear|certain|able|complete|finish|"
        r"usual|common|necessar|related|changed|fortunate|success|proper|correct|accurate|valid|regular|"
        r"likely|avoidabl|sufficient|adequate|agree|appear|continu|satisf|honest|similar)\w*)\b|\w{3,}less(?:ly|ness)?\b|\bnon-?\w{3,}|\bun\w{4,}",
        re.IGNORECASE),
}


# --- time references --------------------------------------------------------------------------

# Gloss words too general to say which time is meant.
_TIME_GLOSS_STOP = frozenset("period periods time times day days year years half part stage term the of a an one's "
                             "in on at to life era age".split())


@lru_cache(maxsize=8192)
def _gloss_words(surface: str) -> frozenset[str]:
    """The words of ``surface``'s JMdict glosses (first three entries), general time words left out."""
    return frozenset({w.lower() for e in jmdict(surface)[:3] for sense in e.senses[:6] for g in sense.glosses
            for w in re.findall(r"[A-Za-z]+", re.sub(r"\([^)]*\)", " ", g))}) - _TIME_GLOSS_STOP


def _time_accounted(view: BeadView, ja_span: tuple[int, int], word: str, en_span: tuple[int, int], eword: str) -> bool:
    """Whether a reversal is a word-level mismatch only: the English word that looks opposite
    renders another Japanese word (幕末 "the end of Edo", 今は "now": a JMdict gloss of a word or
    two-word compound outside the flagged one), or the flagged word is rendered by one of its
    own glosses elsewhere in the English (前期 "the former Kamakura period")."""
    toks = [t for t in view.ja_tokens if t.end <= ja_span[0] or t.start >= ja_span[1]]
    target = eword.lower().split()[-1]
    for i, t in enumerate(toks):
        if t.pos1 not in ("名詞", "副詞", "接尾辞", "接頭辞", "形容詞", "連体詞"):
            continue
        words = [t.surface] + ([t.surface + toks[i + 1].surface] if i + 1 < len(toks)
                               and toks[i + 1].start == t.end else [])
        if any(target in _gloss_words(w) for w in words):
            return True
    en = view.en.full_text
    outside = en[view.en.start:en_span[0]] + " " + en[en_span[1]:view.en.end]
    en_words = {w.lower() for w in re.findall(r"[A-Za-z]+", outside)}
    return bool(_gloss_words(word) & en_words)


# class -> (Japanese pattern, English pattern); OPPOSITE pairs the classes.
_TIME = {
    "after": (r"翌[年月日朝週]|その後|以後|後年|のちに|後に", r"\b(?:following|next|later|after(?:wards?)?|subsequent(?:ly)?)\b"),
    "before": (r"前年|前日|前月|以前|かつて|先立|前に", r"\b(?:previous|preceding|before|earlier|prior|former(?:ly)?|once|used to)\b"),
    "early": (r"初期|前期|前半|上旬|初頭|初め|はじめ|早期|当初", r"\b(?:early|first half|beginning|start|initial(?:ly)?|earliest)\b"),
    "late": (r"末期|後期|後半|下旬|末年|末頃|晩期|終わり", r"\b(?:late|latter|second half|end|final|last years)\b"),
    "old": (r"晩年|老年|老後", r"\b(?:later years|old age|late in (?:his|her|their) life|last years|final years)\b"),
    "young": (r"若い頃|若年|幼少|少年|少女|幼い|若き|青年", r"\b(?:young|youth|childhood|boyhood|girlhood|early years|as a child|as a boy)\b"),
    "now": (r"現在|今日|現存|現行|今も|いまも|今なお|今では", r"\b(?:now|present|presently|current(?:ly)?|today|existing)\b"),
    "past": (r"かつて|当時|元は|もとは|昔", r"\b(?:formerly|used to|former|at that time|in the past)\b"),
    "morning": (r"午前|朝|早朝|明け方", r"\b(?:morning|a\.m\.|am|dawn|daybreak)\b"),
    "evening": (r"午後|夕方|夕刻|夜|晩", r"\b(?:afternoon|evening|night|p\.m\.|pm|dusk)\b"),
}
_OPPOSITE = {"after": "before", "before": "after", "early": "late", "late": "early", "old": "young",
             "young": "old", "now": "past", "past": "now", "morning": "evening", "evening": "morning"}


# Pairs specific enough to stand on their own (晩年 against "youth", 午前 against "evening");
# before/after, now/past and early/late words turn up in many clauses of one sentence.
_SPECIFIC = frozenset({"old", "young", "morning", "evening"})
# "formerly", "now" as adverbs of the clause; "former" and "present" modify a noun (跡 "the
# former site", 現正則学園 "the present Seisoku school") and are status_words' business.
_TIME_ADVERBS = frozenset("formerly now today currently presently nowadays".split()) | {"used to", "in the past"}
_PERIOD_PARTS = frozenset("初期 前期 前半 上旬 初頭 末期 後期 後半 下旬".split())  # 江戸時代前期 "the early Edo period"


def _time_classes(text: str, lang: str, offset: int,
                  bounds: tuple[set[int], set[int]] | None = None) -> dict[str, tuple[int, int, str]]:
    """The first reference of each class. With ``bounds`` (Japanese token starts and ends), a
    match must cover whole tokens: 前に is not found in 名前に, 朝 not in 朝廷, 後に not in 最後に."""
    found: dict[str, tuple[int, int, str]] = {}
    for cls, (ja, en) in _TIME.items():
        pattern = re.compile(ja if lang == "ja" else en, 0 if lang == "ja" else re.IGNORECASE)
        for m in pattern.finditer(text):
            s, e = offset + m.start(), offset + m.end()
            if bounds is None or (s in bounds[0] and e in bounds[1]):
                found[cls] = (s, e, m.group())
                break
    return found


# Calendar-relative references: which year, month, week or day, counted from the time of
# writing or from the story's time (昨年 "last year", 翌週 "the following week").
_UNITS = {"年": "year", "月": "month", "週": "week", "日": "day"}
_JA_RELATIVE = re.compile(r"(?P<prev>昨|去|前|先)(?P<u1>年|月|週|日)|(?P<this>今|本)(?P<u2>年|月|週|日)|(?P<next>来|翌|明)(?P<u3>年|月|週|日)")
_EN_RELATIVE = {
    "prev": r"\b(?:last|previous|preceding|past) {u}\b|\bthe {u} before\b|\b{u} earlier\b|\byesterday\b",
    "this": r"\bthis {u}\b|\bthe current {u}\b|\btoday\b",
    "next": r"\b(?:next|following|coming|subsequent) {u}\b|\bthe {u} after\b|\b{u} later\b|\btomorrow\b",
}
_WHICH = {"prev": "the previous one", "this": "the current one", "next": "the next one"}


def _en_relative(text: str, unit: str) -> dict[str, re.Match[str]]:
    found = {}
    for cls, pattern in _EN_RELATIVE.items():
        pat = pattern.format(u=unit)
        if unit != "day":
            pat = pat.replace("|\\byesterday\\b", "").replace("|\\btoday\\b", "").replace("|\\btomorrow\\b", "")
        m = re.search(pat, text, re.IGNORECASE)
        if m:
            found[cls] = m
    return found


def _relative_flags(view: BeadView) -> list:
    """今週 → "last week": a calendar-relative reference pointing at another year, month, week
    or day. Words of one token only (今日 "today", 先月; not 前日 inside 前日本代表)."""
    out = []
    bounds = ({t.start for t in view.ja_tokens}, {t.end for t in view.ja_tokens})
    for off, sent in view.ja.sentences():
        for m in _JA_RELATIVE.finditer(sent):
            s, e = off + m.start(), off + m.end()
            if s not in bounds[0] or e not in bounds[1]:
                continue
            cls = next(k for k in ("prev", "this", "next") if m.group(k))
            unit = _UNITS[m.group("u1") or m.group("u2") or m.group("u3")]
            en = _en_relative(view.en.text, unit)
            others = [c for c in en if c != cls]
            if others and cls not in en:
                em = en[others[0]]
                out.append(view.divergence(
                    kind="time", confidence=0.65, check="time_reference",
                    explanation=(f"The Japanese says {m.group()} ({_WHICH[cls]} {unit}); the English says "
                                 f"{em.group()!r} ({_WHICH[others[0]]}): another {unit} is meant."),
                    ja_span=(s, e), en_span=(view.en.start + em.start(), view.en.start + em.end()),
                    evidence={"japanese": m.group(), "english": em.group(), "japanese_class": cls,
                              "english_class": others[0], "unit": unit},
                ))
    return out


@register(kinds=("time",), directions=BOTH)
def time_reference(view: BeadView):
    """A relative time reference turned into its opposite (翌年 → "the previous year")."""
    if view.ja.empty or view.en.empty:
        return []
    toks = view.ja_tokens
    ja_c = _time_classes(view.ja.text, "ja", view.ja.start,
                         ({t.start for t in toks}, {t.end for t in toks}))
    en_c = _time_classes(view.en.text, "en", view.en.start)
    out = _relative_flags(view)
    taken = {d.evidence["japanese"] for d in out}
    for cls, (s, e, word) in ja_c.items():
        if word in taken:
            continue
        opp = _OPPOSITE[cls]
        # Reported only when the English has the opposite and nothing of the same class: "the
        # following year" is not contradicted by an "earlier" elsewhere in a bead that also
        # says "later".
        if opp in en_c and cls not in en_c and opp not in ja_c:
            es, ee, eword = en_c[opp]
            if _time_accounted(view, (s, e), word, (es, ee), eword):
                continue
            out.append(view.divergence(
                # A word-level match of time words: the English word may render another word
                # (跡 "former site", 今は "now"); undecided.
                kind="time", confidence=0.6 if cls in _SPECIFIC or word in _PERIOD_PARTS or (
                    cls in ("now", "past") and eword.lower() in _TIME_ADVERBS) else 0.45, check="time_reference",
                explanation=(f"The Japanese says {word} ({cls}); the English says {eword!r} ({opp}): "
                             "the time reference is reversed."),
                ja_span=(s, e), en_span=(es, ee),
                evidence={"japanese": word, "english": eword, "japanese_class": cls, "english_class": opp},
            ))
    from .periods import phase_flags

    return out + phase_flags(view, {d.evidence["japanese"] for d in out})
