"""Attribution: the source a statement is credited to, changed or dropped in the translation.

Encyclopedic Japanese credits what it reports to a source: 『古事記』によれば ("according to
the Kojiki"), 縁起によると ("according to the temple history"), 野村総合研究所の調査によると
("according to a survey by Nomura Research Institute"), 『日本書紀』では ("in the Nihonshoki").
:func:`sources` finds these sources on the Japanese side and the sources the English credits
("according to Y", "in Y", "Y's", "by Y", "…, Y said") and reports a Japanese source the English does not
render:

- **minor** when the evidence is clear: no part of the source is rendered anywhere in the
  English (its title or institution by romanization, JMdict/JMnedict gloss or the readings of
  its characters; its common words, such as 縁起 or 系譜, by their glosses), and the English
  credits the statement to something else: a name no Japanese word explains ("according to
  the Nihonshoki" for 『古事記』, "Mitsubishi Research Institute" for 野村総合研究所), or a
  source whose words render none of the Japanese source's ("according to local legend" for
  『神社明細帳』);
- **info** when the English credits no source at all: the attribution may have been dropped,
  or moved to a neighbouring sentence.

A person as the source (村瀬義益『算学淵底記』, 黒板勝美が著した) is the names check's business:
a person's name put in another's place is reported there. Japanese→English only.

Tried and not kept: Xでは for any noun X (文献では, 当時では, 現在では are seldom sources); only
a title in 『』 before では counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ._common import BeadView, JaToken, content_words, is_kanji, is_katakana, kanjidic, nfkc_with_map, stem
from .name_matching import romanized_in
from .registry import JA_EN, register

# "according to", "in" (a title), "as recorded in": the English words that credit a source
_EN_SOURCE = re.compile(
    r"\b(?:[Aa]ccording to|[Aa]s (?:stated|recorded|written|described|mentioned) in|[Bb]ased on|[Ii]n(?= (?:the )?[\"“]))\s+")
_EN_TITLE_FIRST = re.compile(r'(?:the\s+)?(?:"[^"]*"|“[^”]*”)(?:\s*\([^)]*\))?')
# the news form: "…, police said." / "…, the ministry said." (the speaker closes the sentence)
_EN_SAID = re.compile(r",\s+(?P<who>(?:the\s+)?(?:[A-Za-z][\w'’\-]*\s+){0,3}?[A-Za-z][\w'’\-]*)\s+"
                      r"(?:said|says|reported|announced)(?=\s*(?:\.|,|$| on | in ))")
_CLAUSE_END = re.compile(r"[,;:.](?=\s|$)|\s(?:it|there|he|she|they|this|the\s+\w+\s+(?:was|is|were|had))\b")


@dataclass(frozen=True)
class Source:
    """A source the Japanese credits: its phrase, and the parts that name it."""

    start: int
    end: int
    text: str
    names: tuple[tuple[JaToken, ...], ...]  # titles in 『』 and proper-noun compounds
    words: tuple[JaToken, ...]  # common nouns that describe it (縁起, 系譜, 調査)


def _is_name(t: JaToken) -> bool:
    return (t.pos1 == "名詞" and t.pos2 == "固有名詞") or (
        t.unknown and t.pos1 == "名詞" and (is_katakana(t.surface) or is_kanji(t.surface)))


def _phrase_before(toks: tuple[JaToken, ...], i: int) -> list[JaToken]:
    """The noun phrase ending before ``toks[i]``: titles in 『』, noun compounds, parentheses,
    joined by の, with 等/など (延宝8年（1681年）の村瀬義益『算学淵底記』)."""
    out: list[JaToken] = []
    j = i - 1
    depth = 0
    while j >= 0 and len(out) < 24:
        t = toks[j]
        if t.surface in ("』", "）", ")"):
            depth += 1
        elif t.surface in ("『", "（", "("):
            depth -= 1
            if depth < 0:
                break
        elif depth == 0 and not (t.pos1 in ("名詞", "接尾辞", "接頭辞") or t.surface in ("の", "等", "など", "・")):
            break
        if out and t.end != out[0].start and depth == 0 and t.surface not in ("』", "）", ")"):
            break
        out.insert(0, t)
        j -= 1
    while out and out[0].surface in ("の", "・"):
        out.pop(0)
    return out


def _source(view: BeadView, phrase: list[JaToken]) -> Source | None:
    if not phrase:
        return None
    names: list[tuple[JaToken, ...]] = []
    words: list[JaToken] = []
    inside: list[JaToken] = []
    depth = 0
    people = 0
    run: list[JaToken] = []
    paren = 0
    for t in phrase + [None]:  # type: ignore[list-item]
        if t is not None and t.surface in ("（", "("):
            paren += 1
        if t is not None and t.surface in ("）", ")"):
            paren -= 1
            continue
        if paren > 0:
            continue  # an aside: 永弘進一郎（現・宮城工業高等専門学校）
        if t is not None and t.surface == "『":
            depth += 1
            continue
        if t is not None and t.surface == "』":
            depth -= 1
            if depth == 0 and inside:
                names.append(tuple(inside))
                inside = []
            continue
        if depth > 0 and t is not None:
            if t.surface not in ("「", "」", "（", "）"):
                inside.append(t)
            continue
        # outside titles: a compound with a proper noun in it is a name (野村総合研究所,
        # 朝鮮総督府); a person (UniDic 人名) is left to the names check
        if t is not None and t.pos1 in ("名詞", "接尾辞", "接頭辞") and t.pos2 != "数詞" and (
                not run or run[-1].end == t.start) and t.surface not in ("等", "など"):
            run.append(t)
            continue
        if run:
            if any(_is_name(x) for x in run):
                if all(_is_name(x) and x.pos3 == "人名" for x in run):
                    people += 1
                else:
                    names.append(tuple(run))
            else:
                words.extend(x for x in run if x.pos1 == "名詞" and x.pos2 not in ("数詞", "助数詞可能")
                             and (is_kanji(x.surface) or is_katakana(x.surface)))
        run = [t] if t is not None and t.pos1 in ("名詞",) and t.pos2 != "数詞" else []
    if not names and not words:
        return None
    text = view.ja.full_text[phrase[0].start:phrase[-1].end]
    return Source(phrase[0].start, phrase[-1].end, text, tuple(names), tuple(words))


def _ja_sources(view: BeadView) -> list[Source]:
    """Xによれば, Xによると, 『X』では, outside quotations."""
    toks = view.ja_tokens
    out = []
    depth = 0
    for i, t in enumerate(toks):
        if t.surface == "「":
            depth += 1
        elif t.surface == "」":
            depth = max(0, depth - 1)
        if depth:
            continue
        phrase = None
        if t.surface == "に" and i + 2 < len(toks) and toks[i + 1].surface in ("よれ", "よる") \
                and toks[i + 2].surface in ("ば", "と") and toks[i + 1].start == t.end:
            phrase = _phrase_before(toks, i)
        elif t.surface == "で" and i + 1 < len(toks) and toks[i + 1].surface == "は" and i > 0 \
                and toks[i - 1].surface == "』":
            phrase = _phrase_before(toks, i)
        if phrase:
            src = _source(view, phrase)
            if src:
                out.append(src)
    return out


@dataclass(frozen=True)
class EnSource:
    start: int
    end: int
    text: str


# an unnamed source (関係者, 消息筋, 政府筋) and the English words news uses for one
_UNNAMED_JA = re.compile(r"関係者|消息筋|筋$")
_UNNAMED_EN = re.compile(r"\b(?:sources?|officials?|insiders?|(?:people|persons|those) (?:familiar|close|involved|"
                         r"with knowledge|concerned))\b", re.IGNORECASE)


def _en_sources(view: BeadView) -> list[EnSource]:
    """The phrases the English credits: after "according to", "in" (a title or a name), "as
    recorded in", up to the end of the clause (quotations and parentheses kept whole)."""
    out = []
    for off, sent in view.en.sentences():
        for m in _EN_SOURCE.finditer(sent):
            rest = sent[m.end():]
            # mask quotations and parentheses so that their commas do not end the phrase
            masked = re.sub(r'"[^"]*"|“[^”]*”|\([^)]*\)', lambda q: "x" * len(q.group()), rest)
            e = _CLAUSE_END.search(masked)
            end = e.start() if e else len(rest)
            title = _EN_TITLE_FIRST.match(rest)
            if title:  # 'according to "Tamonin Nikki," it appears': the title is the source
                end = title.end()
            text = rest[:end].strip()
            if text:
                out.append(EnSource(off + m.end(), off + m.end() + len(text), text))
        for m in _EN_SAID.finditer(sent):
            out.append(EnSource(off + m.start("who"), off + m.end("who"), m.group("who")))
    return out


def _name_rendered(view: BeadView, tokens: tuple[JaToken, ...]) -> bool:
    """Whether a title or institution is rendered anywhere in the English: by the names
    machinery (romanization, glosses, readings of its characters), or, for a title, by the
    glosses of more than half of its words."""
    from .chunks import _gloss_stems, _stems_match
    from .name_matching import _match

    if _match(view, list(tokens))[0] is not None:
        return True
    surface = "".join(t.surface for t in tokens)
    en_stems = content_words(view.en.text)
    if any(_stems_match(s, en_stems) for s in _gloss_stems(surface)):
        return True
    parts = [t for t in tokens if t.pos1 == "名詞" and not _is_name(t)]
    if any(_is_name(t) for t in tokens):
        return False  # a title with a name in it (『郷土史八木』): the name must be there
    hits = sum(any(_stems_match(s, en_stems) for s in _gloss_stems(t.lemma.split("-")[0]) | _gloss_stems(t.surface))
               for t in parts)
    return bool(parts) and 2 * hits > len(parts)


def _word_stems(t: JaToken) -> frozenset[str]:
    """Gloss stems of a word; for a word JMdict lacks (寺伝, 社伝), its characters' KANJIDIC
    meanings (寺 "temple", 社 "shrine")."""
    from .chunks import _gloss_stems

    out = _gloss_stems(t.lemma.split("-")[0]) | _gloss_stems(t.surface)
    if not out and is_kanji(t.surface):
        for ch in t.surface:
            entry = kanjidic(ch)
            if entry is not None:
                out |= {stem(w) for m in entry.meanings for w in m.split() if len(w) > 2}
    return frozenset(out)


def _words_rendered(words: tuple[JaToken, ...], text: str, taken: frozenset[str] = frozenset()) -> bool:
    """Whether some common word of the source (縁起 "history", 調査 "survey") has a gloss in
    ``text``, not counting the English words in ``taken`` (those another Japanese word renders)."""
    from .chunks import _stems_match

    stems = {w for w in content_words(text) if w not in taken}
    return any(_stems_match(s, stems) for t in words for s in _word_stems(t))


def _rendered_elsewhere(view: BeadView, src: "Source") -> frozenset[str]:
    """The English content words that a Japanese noun outside the source glosses exactly ("fire"
    for 火事 beside 消防によると: no rendering of 消防 "fire department"). The source's own
    words said again elsewhere (正倉院文書 twice) are the source's."""
    from .chunks import _gloss_stems, _stems_match

    en = content_words(view.en.text)
    out: set[str] = set()
    for t in view.ja_tokens:
        if t.pos1 == "名詞" and (t.end <= src.start or t.start >= src.end) and t.surface not in src.text:
            glossed = _gloss_stems(t.lemma.split("-")[0]) | _gloss_stems(t.surface)
            # matched as the source's own words are (関連 "relation" renders "related")
            out |= {w for w in en if _stems_match(w, glossed)}
    return frozenset(out)


def _phrase_rendered(phrase: str, english: str, taken: frozenset[str] = frozenset()) -> bool:
    """Whether the source phrase as one word has a JMdict gloss in the English: 気象庁 "Japan
    Meteorological Agency", 関係者 "people involved" ("people familiar with the matter"), 美術館
    "art museum" (UniDic splits them: 気象 + 庁, 関係 + 者), 同社 "the company"."""
    from .chunks import _gloss_stems, _stems_match

    stems = {w for w in content_words(english) if w not in taken}
    glossed = _gloss_stems(phrase)
    if phrase.startswith("同") and len(phrase) > 1:
        glossed |= _gloss_stems(phrase[1:])  # 同社 "the company", 同省 "the ministry": 同 is "the said"
    return any(_stems_match(s, stems) for s in glossed)


def _unexplained_names(view: BeadView, en: EnSource) -> list[str]:
    """Capitalized words of an English source phrase that no Japanese word of the bead explains
    (Nihonshoki, Mitsubishi, Frois): names the Japanese does not have."""
    from .chunks import _gloss_stems, _stems_match
    from .name_matching import _TITLE_WORDS, _ja_names, _match, _romanizes_a_word

    key = "attribution.matched"
    if key not in view._cache:
        spans = [sp for run in _ja_names(view) if (sp := _match(view, run)[0])]
        stems: set[str] = set()
        for t in view.ja_tokens:
            if t.pos1 == "名詞":
                stems |= _gloss_stems(t.lemma.split("-")[0]) | _gloss_stems(t.surface)
        view._cache[key] = (spans, frozenset(stems))
    spans, stems = view._cache[key]
    latin = nfkc_with_map(view.ja.text)[0].lower()  # ＪＲ → jr
    out = []
    for m in re.finditer(r"[A-Z][A-Za-z'’\-]+", en.text):
        w = re.sub(r"['’]s$", "", m.group())
        s, e = en.start + m.start(), en.start + m.end()
        if w in _TITLE_WORDS or any(a < e and s < b for a, b in spans) or _romanizes_a_word(view, w):
            continue
        if re.search(rf"(?<![a-z]){re.escape(w.lower())}(?![a-z])", latin):
            continue  # in Latin letters in the Japanese too (JR東日本 "JR East")
        if _stems_match(stem(w), stems):
            continue  # "Research" for 研究, "Japan" for 日本: a translated word, not another name
        out.append(w)
    return out


@register(kinds=("attribution",), directions=JA_EN)
def sources(view: BeadView):
    """A source the Japanese credits (『古事記』によれば, 縁起によると) that the English drops or replaces."""
    if view.ja.empty or view.en.empty:
        return []
    ja_sources = _ja_sources(view)
    if not ja_sources:
        return []
    en_sources = _en_sources(view)
    out = []
    for src in ja_sources:
        if not src.names and _UNNAMED_JA.search(src.text) and _UNNAMED_EN.search(view.en.text):
            continue  # 関係者によると "according to sources": an unnamed source rendered as one
        if any(romanized_in(view, src.start, src.end, e.text) or not src.names and (
                _phrase_rendered(src.text, e.text) or _words_rendered(src.words, e.text)) for e in en_sources):
            continue  # rendered where the English credits its source ("people familiar with the matter")
        # elsewhere, an English word another Japanese word renders is none of the source's
        taken = _rendered_elsewhere(view, src)
        if any(_name_rendered(view, n) for n in src.names) or _phrase_rendered(src.text, view.en.text, taken):
            continue
        if src.words and not src.names and _words_rendered(src.words, view.en.text, taken):
            continue
        described = ", ".join(
            [f"『{''.join(t.surface for t in n)}』" if n and n[0].start > 0 and view.ja.full_text[n[0].start - 1] == "『"
             else "".join(t.surface for t in n) for n in src.names] + [t.surface for t in src.words])
        if not en_sources:
            out.append(view.divergence(
                kind="attribution", confidence=0.35, check="sources", ja_span=(src.start, src.end),
                explanation=(f"The Japanese credits this to {src.text} ({described}); the English names no "
                             "source here: the attribution may have been dropped, so that the statement "
                             "stands on no authority."),
                evidence={"ja_source": src.text, "en_source": None}))
            continue
        rel = (src.start - view.ja.start) / max(1, view.ja.end - view.ja.start)
        en = min(en_sources, key=lambda e: abs((e.start - view.en.start) / max(1, view.en.end - view.en.start) - rel))
        other = _unexplained_names(view, en)
        if src.names and not other and _words_rendered(tuple(t for n in src.names for t in n) + src.words, en.text):
            continue
        if not other and src.words and _words_rendered(src.words, en.text):
            continue
        why = (f"it names {', '.join(other)}, which nothing in the Japanese explains" if other else
               "none of its words renders the Japanese source's")
        out.append(view.divergence(
            kind="attribution", confidence=0.6, check="sources",
            ja_span=(src.start, src.end), en_span=(en.start, en.end),
            explanation=(f"The Japanese credits this to {src.text} ({described}), which the English does not "
                         f"render anywhere; the English credits it to {en.text!r}, and {why}. The source may "
                         "have been changed."),
            evidence={"ja_source": src.text, "ja_parts": described, "en_source": en.text, "en_names": other}))
    return out
