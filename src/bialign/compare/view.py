"""The bead view: one bead as a check sees it, Japanese side and English side, whatever the
direction of translation, with the tokens of each side computed once and a cache for the checks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from ..align import Alignment, Bead
from .lexicons import Marker, find_markers
from .tokens import EnWord, JaToken, en_words, ja_tokens

# A reading in parentheses (（うねびやまぐちじんじゃ）) or a Wikipedia disambiguator (" (日本)").
_READING = re.compile(r"[（(][\u3041-\u309f\u30a0-\u30ff・、，,\s]+[）)]| \([^()]{1,12}\)")


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


_CONTENT = frozenset("名詞 動詞 形容詞 副詞 形状詞 連体詞 助動詞".split())


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

    def glossed(self, word: str, outside: tuple[int, int] | None = None) -> bool:
        """Whether the English ``word`` ("gradually", "appears") is a JMdict gloss word of a
        Japanese content word of this bead outside the span ``outside`` (次第に, 見える): then it
        renders that word, not a hedge or a degree of its own."""
        from .dictionaries import gloss_words
        from .tokens import stem

        target = stem(word.lower())
        toks = self.ja_tokens
        for i, t in enumerate(toks):
            if t.pos1 not in _CONTENT or (outside and t.start < outside[1] and outside[0] < t.end):
                continue
            # こと, もの: formal nouns, whose glosses ("I believe") render nothing on their own
            formal = t.pos1 == "名詞" and not re.search(r"[一-鿿]", t.surface)
            forms = set() if formal else {t.lemma or t.surface, t.surface}
            if t.pos1 in ("名詞", "副詞") and i + 1 < len(toks) and toks[i + 1].start == t.end \
                    and toks[i + 1].pos1 == "助詞":
                forms.add(t.surface + toks[i + 1].surface)  # 次第 + に, いくら + か: one adverb
            if any(stem(g) == target for f in forms for g in gloss_words(f)):
                return True
        return False

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
