"""Shared machinery of the comparison checks: the bead view, tokens, lexicons, dictionaries.

Every check sees one bead at a time through a :class:`BeadView`, which knows which side is
Japanese and which is English whatever the direction of translation, caches the tokens of
each side, and turns spans found on the Japanese/English side back into source/target spans
of a :class:`~bialign.compare.Divergence`. The expensive resources (the fugashi tagger, the
JMdict/JMnedict SQLite database, cutlet) are created once, on first use, and every dictionary
lookup is cached, so that comparing a whole article costs well under a second after warm-up.
"""

from __future__ import annotations

import json
import logging
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources
from typing import Any, Iterable

from ..align import Alignment, Bead

logger = logging.getLogger(__name__)

# --- Japanese tokens --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class JaToken:
    """A UniDic token with offsets into the full source/target text (not the sentence).

    Beyond :class:`bialign.Token` it keeps the fields the checks need: ``pos3`` (人名, 地名,
    組織名 under 固有名詞), ``base_reading`` (the dictionary-form reading, e.g. カケル for
    かけ), and ``unknown`` (MeCab had no entry: usually a foreign name such as ラヴロフ).
    """

    surface: str
    start: int
    end: int
    lemma: str
    pos1: str
    pos2: str
    pos3: str
    reading: str
    base_reading: str
    unknown: bool

    @property
    def is_proper(self) -> bool:
        return self.pos2 == "固有名詞"


_READING = re.compile(r"[（(][\u3041-\u309f\u30a0-\u30ff・、，,\s]+[）)]| \([^()]{1,12}\)")
_KATAKANA_WORD = re.compile(r"[\u30a1-\u30fa\u30fc\u30fb\u30fd\u30fe]+")
_KANJI = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々]")


def is_katakana(text: str) -> bool:
    return bool(_KATAKANA_WORD.fullmatch(text))


def is_kanji(text: str) -> bool:
    return bool(text) and all(_KANJI.match(c) for c in text)


def _field(value: Any) -> str:
    return "" if value in (None, "*") else str(value)


def ja_tokens(text: str, offset: int = 0) -> tuple[JaToken, ...]:
    """Tokenize Japanese ``text`` with the shared tagger; offsets are shifted by ``offset``."""
    from ..tokenize import japanese_tagger

    tokens: list[JaToken] = []
    pos = 0
    for word in japanese_tagger()(text):
        surface = word.surface
        start = text.find(surface, pos)
        if start < 0:
            start = pos + len(word.white_space)
        pos = start + len(surface)
        f = word.feature
        lemma = _field(f.lemma) or surface
        reading = _field(f.kana) or (surface if is_katakana(surface) else "")
        base = _field(f.kanaBase) or reading
        tokens.append(
            JaToken(surface, start + offset, pos + offset, lemma, _field(f.pos1), _field(f.pos2),
                    _field(f.pos3), reading, base, bool(word.is_unk))
        )
    return tuple(tokens)


# --- English words ----------------------------------------------------------------------------

_EN_WORD = re.compile(r"[A-Za-z0-9]+(?:['’\-][A-Za-z0-9]+)*")


@dataclass(frozen=True, slots=True)
class EnWord:
    text: str
    start: int
    end: int

    @property
    def lower(self) -> str:
        return self.text.lower()


def en_words(text: str, offset: int = 0) -> tuple[EnWord, ...]:
    return tuple(EnWord(m.group(), m.start() + offset, m.end() + offset) for m in _EN_WORD.finditer(text))


def stem(word: str) -> str:
    """A crude English stem for matching dictionary glosses against a translation.

    Good enough to equate neighbor/neighbourly/neighborly, evade/evasive, hinders/hindering;
    it is only ever used to compare two words, never shown to a user.
    """
    w = word.lower().replace("our", "or")
    for suffix in ("ingly", "ation", "ively", "ness", "ment", "ing", "ive", "ed", "ly", "es", "s", "e"):
        if len(w) - len(suffix) >= 4 and w.endswith(suffix):
            w = w[: -len(suffix)]
            break
    return w[:6]


# --- NFKC with an offset map -----------------------------------------------------------------


def nfkc_with_map(text: str) -> tuple[str, list[int]]:
    """NFKC-normalize ``text`` character by character, keeping where each output char came from.

    Needed because NFKC changes lengths: the squared sign ㌔ becomes キロ (one character
    becomes two) and full-width ２ becomes 2. ``mapping[i]`` is the index in ``text`` of the
    character that produced output character ``i`` (plus a final entry for ``len(text)``).
    """
    out: list[str] = []
    mapping: list[int] = []
    for i, ch in enumerate(text):
        norm = unicodedata.normalize("NFKC", ch)
        out.append(norm)
        mapping.extend([i] * len(norm))
    mapping.append(len(text))
    return "".join(out), mapping


# --- the bead view ----------------------------------------------------------------------------


@dataclass
class Side:
    """One side of a bead: its language, the full text, and the sentences' span in it."""

    lang: str
    full_text: str
    start: int
    end: int
    sentence_spans: tuple[tuple[int, int], ...]

    @property
    def text(self) -> str:
        return self.full_text[self.start : self.end]

    def sentences(self) -> list[tuple[int, str]]:
        """``(offset, text)`` of each sentence of the bead."""
        return [(s, self.full_text[s:e]) for s, e in self.sentence_spans]

    @property
    def empty(self) -> bool:
        return not self.sentence_spans


@dataclass
class BeadView:
    """A bead seen by a check: the Japanese side and the English side, wherever they come from."""

    index: int
    bead: Bead
    src: Side
    tgt: Side
    _cache: dict[str, Any] = field(default_factory=dict)
    #: The whole alignment, for checks that judge a bead against the document (similarity).
    alignment: Alignment | None = None
    #: One dict shared by every view of the same :func:`bead_views` call: document-level
    #: results computed once (e.g. the median bead similarity), keyed by the check's name.
    shared: dict[str, Any] = field(default_factory=dict)

    @property
    def direction(self) -> str:
        return f"{self.src.lang}-{self.tgt.lang}"

    @property
    def ja(self) -> Side:
        return self.src if self.src.lang == "ja" else self.tgt

    @property
    def en(self) -> Side:
        return self.src if self.src.lang == "en" else self.tgt

    @property
    def ja_is_source(self) -> bool:
        return self.src.lang == "ja"

    @cached_property
    def ja_tokens(self) -> tuple[JaToken, ...]:
        toks: list[JaToken] = []
        for off, sent in self.ja.sentences():
            toks.extend(ja_tokens(sent, off))
        return tuple(toks)

    @cached_property
    def ja_readings(self) -> tuple[tuple[int, int], ...]:
        """Spans of the Japanese side's asides that add no content of their own: a reading in
        parentheses (畝火山口神社（うねびやまぐちじんじゃ）, 保食神（うけもちのかみ）) and
        Wikipedia's link disambiguators (貞観 (日本)4年, 南区 (京都市)): a space, then
        half-width parentheses."""
        out = []
        for off, sent in self.ja.sentences():
            for m in _READING.finditer(sent):
                out.append((off + m.start(), off + m.end()))
        return tuple(out)

    @cached_property
    def ja_token_starts(self) -> set[int]:
        return {t.start for t in self.ja_tokens}

    def markers(self, name: str, side: Side, *, skip_questions: bool = False) -> list[Marker]:
        """:func:`find_markers` on one side of this bead (token-aligned on the Japanese side)."""
        starts = self.ja_token_starts if side.lang == "ja" else None
        return find_markers(name, side, skip_questions=skip_questions, token_starts=starts)

    @cached_property
    def en_words(self) -> tuple[EnWord, ...]:
        words: list[EnWord] = []
        for off, sent in self.en.sentences():
            words.extend(en_words(sent, off))
        return tuple(words)

    @property
    def chunks(self):
        """The sub-sentence correspondence of this bead (:func:`bialign.compare.chunks.bead_chunks`):
        the chunks of both sides and which renders which, cached."""
        from .chunks import bead_chunks

        return bead_chunks(self)

    def bead_span(self, side: Side) -> tuple[int, int]:
        return (side.start, side.end) if not side.empty else (side.start, side.start)

    def divergence(
        self,
        *,
        kind: str,
        check: str,
        explanation: str,
        severity: str | None = None,
        confidence: float | None = None,
        ja_span: tuple[int, int] | None = None,
        en_span: tuple[int, int] | None = None,
        evidence: dict[str, Any] | None = None,
    ):
        """Build a Divergence from spans on the Japanese/English sides.

        Give ``confidence`` (the severity follows it) or ``severity`` (the confidence is the
        middle of its band). A missing span becomes an empty span at the start of that side's
        bead: "nothing here renders it".
        """
        from . import Divergence, severity_for

        if severity is None:
            if confidence is None:
                raise TypeError("divergence() needs a confidence or a severity")
            severity = severity_for(confidence)

        def resolve(side: Side, span: tuple[int, int] | None) -> tuple[int, int]:
            if span is None:
                return (side.start, side.start)
            return span

        ja = resolve(self.ja, ja_span)
        en = resolve(self.en, en_span)
        src_span, tgt_span = (ja, en) if self.ja_is_source else (en, ja)
        return Divergence(
            kind=kind,
            severity=severity,  # type: ignore[arg-type]
            bead=self.index,
            src_span=src_span,
            tgt_span=tgt_span,
            src_text=self.src.full_text[src_span[0] : src_span[1]],
            tgt_text=self.tgt.full_text[tgt_span[0] : tgt_span[1]],
            explanation=explanation,
            check=check,
            evidence=dict(evidence or {}),
            confidence=confidence,
        )


def bead_views(alignment: Alignment) -> list[BeadView]:
    views = []
    shared: dict[str, Any] = {}
    src_pos = tgt_pos = 0
    for i, bead in enumerate(alignment.beads):
        src = _side(alignment.src_lang, alignment.src_text, [alignment.src_sentences[k] for k in bead.src], src_pos)
        tgt = _side(alignment.tgt_lang, alignment.tgt_text, [alignment.tgt_sentences[k] for k in bead.tgt], tgt_pos)
        src_pos, tgt_pos = src.end, tgt.end
        views.append(BeadView(i, bead, src, tgt, alignment=alignment, shared=shared))
    return views


def _side(lang: str, text: str, sentences: list, here: int) -> Side:
    """A bead side; an empty side sits where the previous bead ended (``here``), so that an
    omission points at the place in the translation where the sentence is missing."""
    spans = tuple((s.start, s.end) for s in sentences)
    if spans:
        return Side(lang, text, spans[0][0], spans[-1][1], spans)
    return Side(lang, text, here, here, ())


# --- lexicons ---------------------------------------------------------------------------------


@lru_cache(maxsize=None)
def lexicon(name: str) -> tuple[dict[str, Any], ...]:
    """The entries of ``bialign/data/<name>.json`` (a list of objects under ``"entries"``)."""
    try:
        raw = resources.files("bialign.data").joinpath(f"{name}.json").read_text(encoding="utf-8")
    except FileNotFoundError as exc:  # pragma: no cover - packaging error
        raise RuntimeError(
            f"bundled lexicon {name}.json is missing from bialign/data; reinstall bialign"
        ) from exc
    data = json.loads(raw)
    return tuple(data["entries"])


@dataclass(frozen=True)
class Marker:
    """A lexicon pattern found in a text: its span, the surface found and the lexicon entry."""

    start: int
    end: int
    text: str
    entry: dict[str, Any]


@lru_cache(maxsize=None)
def _compiled(name: str, lang: str) -> tuple[tuple[re.Pattern[str], dict[str, Any]], ...]:
    entries = [e for e in lexicon(name) if e["lang"] == lang]
    # Longest patterns first, so that と言わざるを得ない wins over ざるを得ない.
    entries.sort(key=lambda e: -len(e["pattern"]))
    flags = re.IGNORECASE if lang == "en" else 0
    out = []
    for e in entries:
        pat = e["pattern"]
        if lang == "en" and e.get("case_sensitive"):
            out.append((re.compile(pat), e))
        else:
            out.append((re.compile(pat, flags), e))
    return tuple(out)


def find_markers(
    name: str, side: Side, *, skip_questions: bool = False, token_starts: set[int] | None = None
) -> list[Marker]:
    """All non-overlapping matches of lexicon ``name`` on ``side``, longest match first.

    With ``skip_questions``, sentences that end in a question mark are ignored: in "How could
    Russia possibly...?" or あり得るのだろうか the modal words ask, they do not hedge. With
    ``token_starts`` (Japanese), a match must begin where a token begins, so that やや is not
    found inside 冷ややか.
    """
    candidates: list[Marker] = []
    for off, sent in side.sentences():
        if skip_questions and sent.rstrip().rstrip("」』”\")）)").endswith(("?", "？")):
            continue
        for pattern, entry in _compiled(name, side.lang):
            for m in pattern.finditer(sent):
                s, e = m.start() + off, m.end() + off
                if token_starts is not None and s not in token_starts:
                    continue
                candidates.append(Marker(s, e, m.group(), entry))
    candidates.sort(key=lambda m: (-(m.end - m.start), m.start))
    found: list[Marker] = []
    for m in candidates:
        if any(m.start < f.end and f.start < m.end for f in found):
            continue
        found.append(m)
    found.sort(key=lambda m: m.start)
    return found


# --- JMdict / JMnedict ------------------------------------------------------------------------


@dataclass(frozen=True)
class Sense:
    glosses: tuple[str, ...]
    misc: tuple[str, ...]
    pos: tuple[str, ...]


@dataclass(frozen=True)
class DictEntry:
    forms: tuple[str, ...]
    senses: tuple[Sense, ...]


@lru_cache(maxsize=1)
def _jamdict():
    try:
        from jamdict import Jamdict
    except ImportError as exc:  # pragma: no cover - install requirement
        raise RuntimeError(f"the idiom and name checks need jamdict and jamdict-data ({exc}); "
                           "pip install jamdict jamdict-data") from exc
    return Jamdict()


@lru_cache(maxsize=8192)
def jmdict(query: str) -> tuple[DictEntry, ...]:
    """Exact JMdict lookup of ``query`` (kanji or kana form), cached. Empty if not a word."""
    if not query:
        return ()
    try:
        result = _jamdict().lookup(query, strict_lookup=True, lookup_chars=False, lookup_ne=False)
    except Exception as exc:  # pragma: no cover - a corrupt database
        logger.warning("JMdict lookup of %r failed: %s", query, exc)
        return ()
    entries = []
    for e in result.entries:
        forms = tuple(k.text for k in e.kanji_forms) + tuple(k.text for k in e.kana_forms)
        if query not in forms:
            continue
        senses = tuple(
            Sense(tuple(g.text for g in s.gloss), tuple(s.misc), tuple(s.pos)) for s in e.senses
        )
        entries.append(DictEntry(forms, senses))
    return tuple(entries)


@lru_cache(maxsize=8192)
def jmnedict(query: str) -> tuple[str, ...]:
    """English renderings of the proper name ``query`` in JMnedict, e.g. 毎日新聞 → Mainichi Shimbun."""
    if not query:
        return ()
    try:
        result = _jamdict().lookup(query, strict_lookup=True, lookup_chars=False, lookup_ne=True)
    except Exception as exc:  # pragma: no cover
        logger.warning("JMnedict lookup of %r failed: %s", query, exc)
        return ()
    out = []
    for n in result.names:
        forms = [k.text for k in n.kanji_forms] + [k.text for k in n.kana_forms]
        if query not in forms:
            continue
        for s in n.senses:
            for g in getattr(s, "gloss", []):
                out.append(g.text)
    return tuple(out)


# --- romanization -----------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _cutlet():
    try:
        import cutlet
    except ImportError as exc:  # pragma: no cover
        raise RuntimeError(f"the name check needs cutlet ({exc}); pip install cutlet") from exc
    return cutlet.Cutlet()


@lru_cache(maxsize=8192)
def romaji(kana_or_text: str) -> str:
    """Hepburn romanization (cutlet) of a word, lower-cased; ``""`` when it cannot be done."""
    try:
        return _cutlet().romaji(kana_or_text).lower()
    except Exception:  # cutlet raises on some symbols; a name we cannot romanize just won't match
        return ""


_VOWELS = set("aeiou")


def phonetic_key(word: str) -> str:
    """A rough key under which a katakana rendering and its Latin original coincide.

    Japanese adds vowels after consonants (ラヴロフ → ravurofu for Lavrov, コメルサント →
    komerusanto for Kommersant), merges l/r and v/b, and lengthens vowels (プーチン →
    puuchin). The key drops these differences: lower-case, l→r, v→b, f→b, doubled letters
    and long vowels merged, chi→ti, shi→si, and a u or o after a consonant dropped when
    another consonant or the end follows.
    """
    w = re.sub(r"[^a-z]", "", unicodedata.normalize("NFKD", word.lower()).encode("ascii", "ignore").decode())
    for a, b in (("ph", "f"), ("tch", "ch"), ("chi", "ti"), ("shi", "si"), ("sh", "s"), ("tsu", "tu"),
                 ("ck", "k"), ("c", "k"), ("q", "k"), ("x", "ks"), ("l", "r"), ("v", "b"), ("f", "b"),
                 ("w", "u"), ("y", "i"), ("j", "z"), ("ou", "o")):
        w = w.replace(a, b)
    w = re.sub(r"(.)\1+", r"\1", w)
    out = []
    for i, ch in enumerate(w):
        prev = w[i - 1] if i else ""
        nxt = w[i + 1] if i + 1 < len(w) else ""
        if ch in "uo" and prev and prev not in _VOWELS and (not nxt or nxt not in _VOWELS) and i > 1:
            continue
        out.append(ch)
    return "".join(out)


def name_similarity(a: str, b: str) -> float:
    """Similarity in [0, 1] of two romanized names under :func:`phonetic_key`."""
    from difflib import SequenceMatcher

    ka, kb = phonetic_key(a), phonetic_key(b)
    if not ka or not kb:
        return 0.0
    return SequenceMatcher(None, ka, kb).ratio()


def content_words(text: str, stop: Iterable[str] = ()) -> set[str]:
    """Stems of the content words of an English text (stopwords and short words removed)."""
    stops = _STOPWORDS | set(stop)
    return {stem(w) for w in re.findall(r"[A-Za-z]+", text) if len(w) > 2 and w.lower() not in stops}


_STOPWORDS = frozenset(
    """a an the of to in on at by for with from into onto over under up down out off about as and or
    but if then than so such that this these those there here it its it's be is are was were been being
    have has had do does did not no nor can could will would shall should may might must one ones
    someone something somebody anything own self oneself his her their them they he she we you i
    me my our your us who whom whose which what when where why how all any both each few more most
    other some very just also only even still yet again once (something) (someone) etc get got make
    made take put give go come""".split()
)
