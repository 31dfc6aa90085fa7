"""Idioms and set phrases: is the English faithful to what the Japanese idiom means?

Japanese idioms are found in two shapes, both confirmed in JMdict (jamdict, offline):

- four-character idioms (四字熟語): four kanji, one token or several adjacent ones
  (UniDic splits 呉越同舟 into 呉越 + 同舟), whose JMdict entry is tagged ``yojijukugo``;
- noun + particle + verb phrases (期待に水をかけた → 水を掛ける, お茶を濁す), looked up with
  the verb in its dictionary form, kept when JMdict lists the phrase as an expression or an
  idiomatic expression. When JMdict separates a literal sense ("to splash water on") from an
  idiomatic one ("to throw cold water on"), the idiomatic glosses define the meaning and the
  literal ones define a literal rendering.

The English side of the bead gets one of four verdicts:

- **faithful**: a content word of a gloss occurs in the English ("neighborly cooperation"
  for 善隣友好 'neighborly friendship'), or the English uses an idiom of the curated lexicon
  ``bialign/data/en_idioms.json`` whose meaning words overlap the glosses ("putting a damper
  on" for 水をかける 'to hinder; to throw cold water on'). Not reported.
- **substituted**: the English uses a lexicon idiom whose meaning does not overlap the
  glosses: 呉越同舟 'bitter enemies in the same boat' → "strange bedfellows" 'unlikely
  allies'. Reported, major: the connotation changed.
- **literal**: the English has the literal meaning (a literal sense gloss, or the glosses of
  the idiom's parts: 水 water) but not the idiomatic one. Reported, minor.
- **dropped**: none of the above. Reported, minor (it may be a free paraphrase the check
  cannot see; the explanation says so).

Japanese→English only: the idiom is found through the Japanese dictionary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ._common import BeadView, DictEntry, content_words, is_kanji, jmdict, lexicon, romaji, stem
from .registry import JA_EN, register

_IDIOM_MISC = {"idiomatic expression", "yojijukugo", "proverb"}
_EXPRESSION_POS = "expressions (phrases, clauses, etc.)"
# Formal nouns make grammar, not idioms: ことになる "it turns out that", ようにする.
_FORMAL_NOUNS = {"事", "こと", "物", "もの", "所", "ところ", "訳", "わけ", "為", "ため", "様", "よう", "筈", "はず", "方", "時", "積もり"}
_PARTICLES = {"を", "が", "に", "で", "と", "の"}


@dataclass(frozen=True)
class Idiom:
    text: str
    start: int
    end: int
    headword: str
    figurative: tuple[str, ...]
    literal: tuple[str, ...]
    parts: tuple[str, ...]
    yojijukugo: bool


def _senses(entries: tuple[DictEntry, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    fig: list[str] = []
    lit: list[str] = []
    tagged = any(set(s.misc) & _IDIOM_MISC for e in entries for s in e.senses)
    for e in entries:
        for s in e.senses:
            if not tagged or set(s.misc) & _IDIOM_MISC:
                fig.extend(s.glosses)
            else:
                lit.extend(s.glosses)
    return tuple(fig), tuple(lit)


def find_idioms(view: BeadView) -> list[Idiom]:
    toks = view.ja_tokens
    out: list[Idiom] = []
    taken: set[int] = set()
    # four-character idioms, from 1 to 4 adjacent tokens
    for i in range(len(toks)):
        text = ""
        for j in range(i, min(i + 4, len(toks))):
            if j > i and toks[j].start != toks[j - 1].end:
                break
            text += toks[j].surface
            if len(text) > 4 or not is_kanji(text):
                break
            if len(text) == 4:
                # inside a longer word (一国一城令, 六波羅蜜寺) it is a name's part, not an idiom
                inside = (i > 0 and toks[i - 1].end == toks[i].start and is_kanji(toks[i - 1].surface)) or (
                    j + 1 < len(toks) and toks[j + 1].start == toks[j].end and is_kanji(toks[j + 1].surface))
                if inside:
                    break
                entries = jmdict(text)
                if any("yojijukugo" in s.misc for e in entries for s in e.senses):
                    fig, lit = _senses(entries)
                    parts = tuple(t.surface for t in toks[i : j + 1])
                    out.append(Idiom(text, toks[i].start, toks[j].end, text, fig, lit, parts, True))
                    taken.update(range(toks[i].start, toks[j].end))
                break
    # noun (+ お/ご) + particle + verb, verb in dictionary form
    for i, t in enumerate(toks):
        if t.pos1 != "動詞" or i < 2 or t.start in taken:
            continue
        particle = toks[i - 1]
        if particle.pos1 != "助詞" or particle.surface not in _PARTICLES:
            continue
        k = i - 2
        if toks[k].pos1 != "名詞" or toks[k].lemma in _FORMAL_NOUNS:
            continue
        first = k - 1 if k > 0 and toks[k - 1].pos1 == "接頭辞" else k
        lemma = t.lemma.split("-")[0]
        surfaces = "".join(x.surface for x in toks[first:i])
        candidates = [surfaces + lemma, "".join(x.surface for x in toks[k:i]) + lemma]
        if t.base_reading:
            kana = "".join(x.reading for x in toks[first:i]) + t.base_reading
            candidates.append(_hira(kana))
        for cand in dict.fromkeys(candidates):
            entries = tuple(
                e for e in jmdict(cand)
                if any(_EXPRESSION_POS in s.pos or set(s.misc) & _IDIOM_MISC for s in e.senses)
            )
            if entries:
                fig, lit = _senses(entries)
                start, end = toks[first].start, t.end
                # extend over auxiliaries (た, ない) for a readable span
                out.append(Idiom(view.ja.full_text[start:end], start, end, cand, fig, lit,
                                 (toks[k].lemma, lemma), False))
                break
    return out


def _squash(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.lower()).replace("ou", "o").replace("uu", "u").replace("oo", "o")


def _hira(kana: str) -> str:
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in kana)


@lru_cache(maxsize=1)
def _en_idioms() -> tuple[tuple[re.Pattern[str], dict], ...]:
    return tuple((re.compile(e["pattern"], re.IGNORECASE), e) for e in lexicon("en_idioms"))


_GENERIC = frozenset("thing things person people something someone situation way state matter one's oneself".split())


def _gloss_stems(glosses: tuple[str, ...]) -> set[str]:
    text = " ".join(re.sub(r"\([^)]*\)", " ", g) for g in glosses)
    return content_words(text, _GENERIC)


def _phrase_hits(phrases: list[str], glosses: tuple[str, ...]) -> list[str]:
    """Lexicon keywords (words or phrases) found in the glosses, compared by stems."""
    g_stems = _gloss_stems(glosses)
    g_text = " ".join(glosses).lower()
    hits = []
    for p in phrases:
        if " " in p:
            if p.lower() in g_text:
                hits.append(p)
        elif stem(p) in g_stems:
            hits.append(p)
    return hits


def judge(idiom: Idiom, english: str) -> tuple[str, dict]:
    """Verdict for one idiom against the English text of its bead, with the evidence."""
    en_stems = content_words(english, _GENERIC)
    fig_stems = _gloss_stems(idiom.figurative)
    evidence: dict = {"idiom": idiom.text, "jmdict": idiom.headword, "glosses": list(idiom.figurative[:6])}
    lit_stems = _gloss_stems(idiom.literal)
    part_glosses = tuple(g for p in idiom.parts for e in jmdict(p)[:1] for s in e.senses[:1] for g in s.glosses[:3])
    part_stems = _gloss_stems(part_glosses)
    # When JMdict separates a literal sense (水を掛ける 'to splash water on') from the idiomatic
    # one ('to throw cold water on'), the literal words (water) do not show the idiomatic sense.
    # A compositional 四字熟語 (善隣友好 = 善隣 'neighborliness' + 友好 'friendship') has no
    # literal sense, and its parts' words are its meaning.
    literal_only = (lit_stems | part_stems) if lit_stems else set()
    shared = sorted((fig_stems - literal_only) & en_stems)
    en_found = [(m, e) for pat, e in _en_idioms() for m in [pat.search(english)] if m]
    for m, e in en_found:
        hits = _phrase_hits(e["keywords"], idiom.figurative)
        if hits:
            evidence.update(english_idiom=e["idiom"], shared_meaning=hits)
            return "faithful", evidence
    if shared:
        evidence["shared_words"] = shared
        return "faithful", evidence
    if en_found:
        m, e = en_found[0]
        evidence.update(english_idiom=e["idiom"], english_span=(m.start(), m.end()),
                        english_meaning=e["meaning"], english_connotation=e["connotation"])
        return "substituted", evidence
    literal_shared = sorted((lit_stems | part_stems) & en_stems)
    if literal_shared:
        evidence.update(literal_words=literal_shared, literal_glosses=list(idiom.literal[:4] or part_glosses[:4]))
        return "literal", evidence
    return "dropped", evidence


@register(kinds=("idiom",), directions=JA_EN)
def idioms(view: BeadView):
    """Japanese idioms (四字熟語, 水をかける) whose English substitutes, literalizes or drops the meaning."""
    if view.ja.empty or view.en.empty:
        return []
    out = []
    english = view.en.text
    squashed = _squash(english)
    for idiom in find_idioms(view):
        verdict, ev = judge(idiom, english)
        if verdict == "faithful":
            continue
        reading = _squash(romaji("".join(t.reading for t in view.ja_tokens if idiom.start <= t.start < idiom.end)))
        if verdict != "substituted" and len(reading) >= 5 and reading in squashed:
            continue  # kept in romanization (尊皇攘夷 "Sonno Joi", 衣冠束帯 "ikan-sokutai")
        gloss = "; ".join(idiom.figurative[:3])
        en_span = None
        if verdict == "substituted":
            a, b = ev.pop("english_span")
            en_span = (view.en.start + a, view.en.start + b)
            expl = (f"{idiom.text} means '{gloss}' (JMdict); the English substitutes the idiom "
                    f"'{ev['english_idiom']}', which means {ev['english_meaning']} "
                    f"({ev['english_connotation']}): the connotation differs.")
            confidence = 0.85
        elif verdict == "literal":
            expl = (f"{idiom.text} means '{gloss}' (JMdict), but the English renders its literal words "
                    f"({', '.join(ev['literal_words'])}) rather than its idiomatic sense.")
            # a four-character idiom is often rendered by its parts' words (多種多様 "various"), and
            # a verb phrase matched as an idiom is often a plain phrase (中心とする "centred on"):
            # undecided
            confidence = 0.45
        else:
            expl = (f"{idiom.text} means '{gloss}' (JMdict); nothing in the English carries that meaning "
                    "(dropped, or paraphrased beyond what the dictionary glosses show).")
            # Mostly paraphrased beyond the glosses (情緒纏綿 "filled with an elegant sensibility",
            # 一部始終 "a very detailed account"; the tuning half's judged sample: none worth a
            # look), and the matcher can join words across a boundary (期にかけ): info.
            confidence = 0.4
        ev["verdict"] = verdict
        out.append(view.divergence(kind="idiom", confidence=confidence, check="idioms", explanation=expl,
                                   ja_span=(idiom.start, idiom.end), en_span=en_span, evidence=ev))
    return out
