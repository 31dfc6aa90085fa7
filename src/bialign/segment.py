"""Sentences with character offsets into the original text.

Segmentation is lossless: every non-whitespace character of the input lies in exactly one
:class:`Sentence`, in order, and ``text[s.start:s.end] == s.text`` for every sentence. Only
the whitespace between sentences belongs to none. Later stages (alignment, comparison,
reports) use these offsets to point at the exact characters a user sees.

Three rule sets, chosen by language:

- **Japanese** (``ja``) and Chinese (``zh``): boundaries after 。！？!? (and a ． that is not a
  decimal point, and an ellipsis … that ends a clause), never inside matched brackets or
  quotes 「」『』（）()“”【】; closing brackets and quotes right after the final mark stay with
  their sentence. A quotation that ends in 。 and closes (「…。」) ends the sentence only when
  what follows is not a particle or auxiliary (と, って, という...): for Japanese this is
  decided by the fugashi + unidic-lite tagger, since 「…。」と述べた continues while
  「…。」彼は述べた starts anew.
- **English** and the other languages pysbd knows (de, fr, es, it, nl, pl, ru, ar ...): pysbd's
  rules (abbreviations, initials, decimals, ellipses), corrected for its known slips: a stray
  extra period ("newspaper..") split off as a sentence of its own, and closing quotes split
  from their sentence.
- **Other languages** of the embedded encoder (ko, pt, th, tr): a generic rule, a boundary
  after . ! ? (with closing quotes) followed by a space and an upper-case letter, digit or
  opening quote, unless the word before the period is a single letter (an initial).

In every language a line break ends a paragraph (``paragraphs="line"``, the default), and a
line without final punctuation (a title, a byline, a date, a list item) is a sentence of its
own. For hard-wrapped text, ``paragraphs="blank"`` makes only blank lines end a paragraph;
:func:`hard_wrapped` tells such text apart (and :func:`bialign.align` uses it by default).

Where things are: this module holds everything the segmenter runs on a text (the paragraphs,
the three rule sets, pysbd's repairs), which is also what ``tests/test_segment_linear.py``
counts the work of, bytecode by bytecode, in this file; keep new per-text code here or
extend that count. The language codes and the swapped-files check are in
:mod:`bialign.languages`, :func:`hard_wrapped` in :mod:`bialign.wrapping`, and
:func:`boundary_scores` (scoring against a gold segmentation) in :mod:`bialign.segment_eval`;
all are importable from here, as before the split.

>>> [s.text for s in segment("「寒い。」と彼は言った。外は雪だった。", "ja")]
['「寒い。」と彼は言った。', '外は雪だった。']
"""

from __future__ import annotations

import bisect
import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal, get_args

from .languages import _CJK_LANGUAGES, _PYSBD_LANGUAGES, SUPPORTED_LANGUAGES, check_language, check_script
# segment_eval and wrapping are re-exported for old imports (``from bialign.segment import boundary_scores``).
from .segment_eval import BoundaryScores, boundary_scores  # noqa: F401
from .text import is_japanese_char
from .wrapping import _LINE_CLOSERS, _LINE_END, _WRAP_BREAKS, _WRAP_FILL, _WRAP_SHARE, _WRAP_WIDTH, hard_wrapped  # noqa: F401

logger = logging.getLogger(__name__)

__all__ = ["SUPPORTED_LANGUAGES", "ParagraphMode", "Segmenter", "Sentence", "hard_wrapped", "presplit_lines",
           "segment"]

ParagraphMode = Literal["line", "blank"]


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of a text.

    ``start`` and ``end`` are character offsets into the text that was segmented, so that
    ``text[s.start:s.end] == s.text`` always holds. ``paragraph`` counts paragraphs from 0.
    """

    text: str
    start: int
    end: int
    paragraph: int = 0


class Segmenter:
    """A reusable sentence segmenter for one language.

    Expensive setup (pysbd rules, the Japanese tagger) happens once, on first use; calling
    the segmenter is cheap.

    >>> Segmenter("en")("U.S. officials said. The talks ended.")[1].text
    'The talks ended.'
    """

    def __init__(self, lang: str, *, paragraphs: ParagraphMode = "line") -> None:
        self.lang = check_language(lang)
        if paragraphs not in get_args(ParagraphMode):
            raise ValueError(f"paragraphs must be one of {list(get_args(ParagraphMode))}, got {paragraphs!r}")
        self.paragraphs = paragraphs
        self._pysbd = None
        self._tagger = None
        self._n_context: int | None = None

    def __repr__(self) -> str:
        return f"Segmenter({self.lang!r}, paragraphs={self.paragraphs!r})"

    def __call__(self, text: str) -> list[Sentence]:
        if not isinstance(text, str):
            raise TypeError(f"segment() takes a str, got {type(text).__name__}")
        check_script(text, self.lang)
        sentences: list[Sentence] = []
        for number, (p_start, p_end) in enumerate(_paragraphs(text, self.paragraphs)):
            # Line breaks inside a "blank"-mode paragraph are spaces to the rules below; the
            # substitution keeps every offset.
            para = re.sub(r"[\r\n\u2028\u2029\x0b\x0c\x85]", " ", text[p_start:p_end])
            for s, e in self._split(para):
                s, e = _trim(para, s, e)
                if s < e:
                    sentences.append(Sentence(text[p_start + s : p_start + e], p_start + s, p_start + e, number))
        return sentences

    def _split(self, para: str) -> list[tuple[int, int]]:
        if self.lang in _CJK_LANGUAGES:
            continues = self._continues_japanese if self.lang == "ja" else _continues_by_char
            return _split_cjk(para, continues)
        if self.lang in _PYSBD_LANGUAGES:
            return self._split_pysbd(para)
        return _split_generic(para)

    # -- pysbd ---------------------------------------------------------------------------
    def _split_pysbd(self, para: str) -> list[tuple[int, int]]:
        if self._pysbd is None:
            import pysbd

            self._pysbd = pysbd.Segmenter(language=self.lang, clean=False)
        spans: list[tuple[int, int]] = []
        # pysbd slows down more than linearly on long paragraphs, so a long one is cut at
        # boundaries no rule would dispute and each piece is segmented on its own.
        for c_start, c_end in _safe_chunks(para):
            chunk = para[c_start:c_end]
            spans += [(c_start + s, c_start + e) for s, e in _spans_of_pieces(chunk, self._pieces(chunk))]
        return _repair_pysbd(para, spans)

    def _pieces(self, chunk: str) -> list[str]:
        # pysbd's rules without its Segmenter.segment(), whose search for each sentence's
        # offsets starts over from the beginning of the text (quadratic in the number of
        # sentences: ". " repeated); _spans_of_pieces maps the pieces back in linear time.
        return self._pysbd.processor(chunk).process()

    # -- Japanese tokens -----------------------------------------------------------------
    def _continues_japanese(self, rest: str) -> bool:
        """True when ``rest`` (the text after a closing quote) continues the sentence."""
        if self._tagger is None:
            from .tokenize import japanese_tagger

            self._tagger = japanese_tagger()
        # Tagged after a closed quotation, as it stands in the text: on its own, a leading と is
        # read as a filler (と彼は言った), after 「…。」 as the quoting particle.
        words = self._tagger(_QUOTE_CONTEXT + rest[:16])[self._context_tokens():]
        if not words:
            return False
        return words[0].feature.pos1 in ("助詞", "助動詞") or rest.startswith(("って", "っ", "とい"))

    def _context_tokens(self) -> int:
        if self._n_context is None:
            self._n_context = len(self._tagger(_QUOTE_CONTEXT))
        return self._n_context


@lru_cache(maxsize=32)
def _cached_segmenter(lang: str, paragraphs: ParagraphMode) -> Segmenter:
    return Segmenter(lang, paragraphs=paragraphs)


def segment(text: str, lang: str, *, paragraphs: ParagraphMode = "line") -> list[Sentence]:
    """Split ``text`` into sentences with character offsets (see the module docs for the rules).

    ``lang`` is an ISO 639-1 code from :data:`SUPPORTED_LANGUAGES`. Raises :class:`ValueError`
    for an unsupported code, or when ``lang="ja"`` text has no Japanese script in it (the
    usual sign of swapped files).

    >>> [(s.text, s.start, s.end) for s in segment("日本は晴れ。ロシアは雪。", "ja")]
    [('日本は晴れ。', 0, 6), ('ロシアは雪。', 6, 12)]
    """
    return _cached_segmenter(check_language(lang), paragraphs)(text)


def presplit_lines(text: str) -> list[Sentence]:
    """Pre-split text: one sentence per line; blank lines separate paragraphs (soft anchors for
    the aligner). Each sentence's offsets are those of its own line (``0, len(line)``)."""
    sentences: list[Sentence] = []
    paragraph = 0
    for line in text.splitlines():
        if not line.strip():
            paragraph += 1 if sentences and sentences[-1].paragraph == paragraph else 0
            continue
        sentences.append(Sentence(line, 0, len(line), paragraph))
    return sentences


# --- paragraphs --------------------------------------------------------------------------

_LINE_BREAK = re.compile(r"\r\n|[\r\n\u2028\u2029\x0b\x0c\x1c\x1d\x1e\x85]")
_BLANK_LINE = re.compile(r"(?:\r\n|[\r\n\u2028\u2029\x0b\x0c\x1c\x1d\x1e\x85])[^\S\r\n\u2028\u2029\x0b\x0c\x1c\x1d\x1e\x85]*(?:\r\n|[\r\n\u2028\u2029\x0b\x0c\x1c\x1d\x1e\x85])|\u2029")


def _paragraphs(text: str, mode: ParagraphMode) -> list[tuple[int, int]]:
    """Spans of the non-blank paragraphs of ``text``, trimmed of surrounding whitespace."""
    splitter = _LINE_BREAK if mode == "line" else _BLANK_LINE
    spans, pos = [], 0
    for match in splitter.finditer(text):
        spans.append((pos, match.start()))
        pos = match.end()
    spans.append((pos, len(text)))
    out = []
    for s, e in spans:
        s, e = _trim(text, s, e)
        if s < e:
            out.append((s, e))
    return out


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    # Only whitespace is trimmed: other invisible characters (controls, zero-width joiners,
    # a BOM inside the text) are content the user gave us and stay in a sentence.
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


# --- CJK rules ---------------------------------------------------------------------------

_OPEN_CLOSE = {
    "「": "」", "『": "』", "（": "）", "(": ")", "“": "”", "‘": "’", "【": "】", "〈": "〉",
    "《": "》", "［": "］", "[": "]", "｛": "｝", "{": "}", "〔": "〕", "«": "»",
}
_CLOSERS = frozenset(_OPEN_CLOSE.values()) | {'"', "'", "＂", "’", "”"}
_OPENERS = frozenset(_OPEN_CLOSE) | {'"', "＂"}
# Only a closing quote can end a sentence by itself; a closing parenthesis never does.
_QUOTE_CLOSERS = frozenset("」』”’\"＂》〉")
_CJK_FINAL = frozenset("。！？!?｡")
_ELLIPSIS = frozenset("…‥")


def _match_brackets(para: str) -> list[int]:
    """Depth of matched brackets at each character (unmatched brackets count for nothing).

    The depth at an opening bracket is already the inner depth; at its closing bracket too.
    """
    pairs: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    # How many entries of the stack wait for each closer: a closer nobody waits for is skipped
    # at once instead of searching the whole stack (linear time on "((((…」」」」").
    waiting: dict[str, int] = {}

    def push(closer: str, i: int) -> None:
        stack.append((closer, i))
        waiting[closer] = waiting.get(closer, 0) + 1

    def pop_to(k: int) -> None:
        for closer, _ in stack[k:]:
            waiting[closer] -= 1
        del stack[k:]

    for i, ch in enumerate(para):
        if ch in ('"', "＂"):
            # A straight double quote opens when none is open, and closes the open one.
            if stack and stack[-1][0] == ch:
                pairs.append((stack[-1][1], i))
                pop_to(len(stack) - 1)
            else:
                push(ch, i)
        elif ch in _OPEN_CLOSE:
            push(_OPEN_CLOSE[ch], i)
        elif ch in _CLOSERS and waiting.get(ch):
            for k in range(len(stack) - 1, -1, -1):
                if stack[k][0] == ch:
                    pairs.append((stack[k][1], i))
                    pop_to(k)
                    break
    delta = [0] * (len(para) + 1)
    for o, c in pairs:
        delta[o] += 1
        delta[c + 1] -= 1
    depth, level = [], 0
    for i in range(len(para)):
        level += delta[i]
        depth.append(level)
    return depth


def _is_cjk_final(para: str, i: int, run_end: list[int] | None = None) -> bool:
    """True when ``para[i]`` ends a sentence; ``run_end`` (see :func:`_run_ends`) saves rescanning runs."""
    ch = para[i]
    if ch in _CJK_FINAL:
        return True
    if ch == "．":
        # ３．１４ and Ver．2 are not boundaries: the full-width stop sits between alphanumerics.
        before = para[i - 1] if i else ""
        after = para[i + 1] if i + 1 < len(para) else ""
        return not (before.isalnum() and after.isalnum() and not is_japanese_char(after))
    if ch in _ELLIPSIS:
        # An ellipsis ends a sentence when nothing but space, a closing mark or an opening
        # quote follows it; inside a clause (……と言った) it does not.
        if run_end is not None:
            j = run_end[i]
        else:
            j = i + 1
            while j < len(para) and (para[j] in _ELLIPSIS or para[j] in _CLOSERS):
                j += 1
        return j == len(para) or para[j].isspace() or para[j] in _OPENERS
    return False


def _run_ends(para: str) -> list[int]:
    """For each ``i``, the first index after ``i`` that is not an ellipsis or a closer (right to left, linear)."""
    n = len(para)
    ends = [n] * (n + 1)
    for i in range(n - 2, -1, -1):
        nxt = para[i + 1]
        ends[i] = ends[i + 1] if nxt in _ELLIPSIS or nxt in _CLOSERS else i + 1
    return ends


_NOT_SPACE = re.compile(r"\S")
# A closed quotation the text after a closing quote is tagged behind (see _continues_japanese).
_QUOTE_CONTEXT = "「あ。」"
# The most characters a "continues the sentence" test looks at after a closing quote.
_LOOKAHEAD = 32


def _continues_by_char(rest: str) -> bool:
    # Chinese: a comma, or 的/地/说/道 right after a closing quote carries the sentence on.
    return rest.startswith(("，", "、", "的", "地", "说", "道"))


def _split_cjk(para: str, continues) -> list[tuple[int, int]]:
    depth = _match_brackets(para)
    run_end = _run_ends(para)
    bounds: list[int] = []
    i, n = 0, len(para)
    while i < n:
        ch = para[i]
        if depth[i] == 0 and _is_cjk_final(para, i, run_end):
            j = i + 1
            while j < n and (para[j] in _CJK_FINAL or para[j] in _ELLIPSIS or para[j] == "．"
                             or (para[j] in _CLOSERS and depth[j] == 0)):
                j += 1
            bounds.append(j)
            i = j
            continue
        if (ch in _QUOTE_CLOSERS and depth[i] == 1 and i > 0
                and (_is_cjk_final(para, i - 1, run_end) or para[i - 1] in _CLOSERS)):
            # A quotation closing on a final mark: 「…。」 ends the sentence unless the text
            # goes on with a particle (と, って) or an auxiliary.
            inner = i - 1
            while inner > 0 and para[inner] in _CLOSERS and i - inner < _LOOKAHEAD:
                inner -= 1
            if _is_cjk_final(para, inner, run_end) or para[inner] in _ELLIPSIS:
                j = i + 1
                while j < n and para[j] in _CLOSERS and depth[j] <= 1:
                    j += 1
                # Only the next few characters matter: never copy the rest of the paragraph.
                m = _NOT_SPACE.search(para, j)
                rest = para[m.start() : m.start() + _LOOKAHEAD] if m else ""
                if j < n and (not rest or rest[0] in _OPENERS or not continues(rest)):
                    bounds.append(j)
                i = j
                continue
        i += 1
    return _spans_from_bounds(bounds, n)


def _spans_from_bounds(bounds: list[int], n: int) -> list[tuple[int, int]]:
    spans, start = [], 0
    for b in bounds:
        if b > start:
            spans.append((start, b))
            start = b
    if start < n:
        spans.append((start, n))
    return spans


# --- pysbd and its repairs ---------------------------------------------------------------


def _spans_of_pieces(para: str, pieces: list[str]) -> list[tuple[int, int]]:
    """Map pysbd's sentence strings back to offsets by counting non-space characters.

    Counting only non-whitespace characters keeps the mapping right even where pysbd changes
    spacing, and the last span always runs to the end, so nothing is ever lost.
    """
    spans: list[tuple[int, int]] = []
    pos, n = 0, len(para)
    for piece in pieces:
        need = sum(not c.isspace() for c in piece)
        if not need:
            continue
        while pos < n and para[pos].isspace():
            pos += 1
        start = pos
        while pos < n and need:
            if not para[pos].isspace():
                need -= 1
            pos += 1
        if pos > start:
            spans.append((start, pos))
    if spans:
        spans[-1] = (spans[-1][0], n)
    elif n:
        spans.append((0, n))
    return spans


# A candidate cut; _safe_cut keeps it when the word before is lower case and the next is
# capitalised, in any script with case (Latin, Cyrillic, Greek), not only in ASCII.
_SAFE_CUT = re.compile(r"(?<=\w{4}[.!?])\s+(?=\w\w)")
# Fallback cuts for text with no undisputed sentence end in a long stretch (a run of
# abbreviations, a line of dots): a space after a final mark, else any space.
_WEAK_CUT = re.compile(r"(?<=[.!?…])[\"'”’»)\]]*\s+")
_ANY_SPACE = re.compile(r"\s+")


def _safe_chunks(para: str, size: int = 2000) -> list[tuple[int, int]]:
    """Cut ``para`` into pieces of ``size`` to ``2 * size`` characters for pysbd.

    A cut goes after a lower-case word of four or more letters and a final mark, before a
    capitalised word ("said. The"): never after an abbreviation or an initial. pysbd's time
    grows with a piece's length times its number of periods, question and exclamation marks,
    so no piece is longer than ``2 * size``: where the stretch from ``size`` to ``2 * size``
    characters has no such cut (a table, a list, a run of abbreviations or of ". . ."), the
    piece ends at its last space after a final mark (else its last space, else anywhere) in
    the second half of the longest stretch whose length times marks stays within
    :data:`_PYSBD_BUDGET`: up to ``2 * size`` characters of sparse marks, about 900 of
    ". . .". Each character is looked at a bounded number of times, so cutting is linear in
    the paragraph.
    """
    n = len(para)
    if n <= size:
        return [(0, n)]
    limit = 2 * size
    chunks: list[tuple[int, int]] = []
    marks: list[int] | None = None  # offsets of the final marks, found when first needed
    start = 0
    while n - start > size:
        m = _safe_cut(para, start + size, start + limit)
        if m:
            cut, nxt = m.start(), m.end()
        elif n - start > limit:
            if marks is None:
                marks = [m.start() for m in _FINAL_MARK.finditer(para)]
            length = _budget_length(marks, start, limit, size // 4)
            cut, nxt = _fallback_cut(para, start + length // 2, start + length)
        else:
            break
        chunks.append((start, cut))
        start = nxt
    chunks.append((start, n))
    return [c for c in chunks if c[0] < c[1]]


# Length x final marks of a piece given to pysbd (40 marks per 1,000 characters over 4,000
# characters): what ordinary text stays under and what bounds pysbd's time per character.
_PYSBD_BUDGET = 4000 * 160
_FINAL_MARK = re.compile(r"[.!?…]")


def _budget_length(marks: list[int], start: int, limit: int, minimum: int) -> int:
    """The longest piece from ``start`` (at most ``limit``, at least ``minimum``) within the budget.

    ``marks``: the sorted offsets of the paragraph's final marks.
    """
    first = bisect.bisect_left(marks, start)
    length = limit
    while length > minimum and length * (bisect.bisect_left(marks, start + length) - first) > _PYSBD_BUDGET:
        length = max(minimum, length * 3 // 4)
    return length


def _safe_cut(para: str, lo: int, hi: int) -> re.Match[str] | None:
    """The first undisputed cut in ``para[lo:hi]``: "said. The", never "Mr. Smith" or "U.S. The"."""
    for m in _SAFE_CUT.finditer(para, lo, hi):
        before, after = para[m.start() - 5 : m.start() - 1], para[m.end() : m.end() + 2]
        if before.isalpha() and before.islower() and after[0].isupper() and after[1].islower():
            return m
    return None


def _fallback_cut(para: str, lo: int, hi: int) -> tuple[int, int]:
    """The last weak cut in ``para[lo:hi]`` as (end of this chunk, start of the next)."""
    for pattern in (_WEAK_CUT, _ANY_SPACE):
        last = None
        for m in pattern.finditer(para, lo, hi):
            last = m
        if last is not None and last.end() < hi:
            return last.start(), last.end()
    return hi, hi


_ONLY_PUNCT = re.compile(r"^[\s.!?…,;:)\]}\"'”’»]+$")
_STARTS_WITH_CLOSER = re.compile(r"^[\"'”’»)\]]+(?=\s|$)")


def _repair_pysbd(para: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Undo pysbd's known slips: punctuation-only pieces and closing quotes cut from their sentence."""
    out: list[tuple[int, int]] = []
    for s, e in spans:
        piece = para[s:e]
        if out and _ONLY_PUNCT.match(piece):
            out[-1] = (out[-1][0], e)  # "newspaper.." → one sentence, not "newspaper." + "."
            continue
        m = _STARTS_WITH_CLOSER.match(piece)
        if out and m and _unbalanced_quote(para[out[-1][0] : out[-1][1]]):
            cut = s + m.end()
            out[-1] = (out[-1][0], cut)
            if cut < e and para[cut:e].strip():
                out.append((cut, e))
            continue
        out.append((s, e))
    return out


def _unbalanced_quote(piece: str) -> bool:
    return piece.count('"') % 2 == 1 or piece.count("“") > piece.count("”") or piece.count("(") > piece.count(")")


# --- generic rule ------------------------------------------------------------------------

_GENERIC_BOUNDARY = re.compile(
    r"""(?<=[.!?…])["'”’»)\]]*(?=\s+["'“‘«(\[]*[\w])""",
)


def _split_generic(para: str) -> list[tuple[int, int]]:
    bounds = []
    for m in _GENERIC_BOUNDARY.finditer(para):
        end = m.end()
        nxt = _NOT_SPACE.search(para, end)
        if not nxt or not (nxt.group().isupper() or nxt.group().isdigit() or nxt.group() in "\"'“‘«(["):
            continue
        if para[m.start() - 1] == "." and _is_initial(para, m.start() - 1):
            continue  # an initial: "J. Smith"
        bounds.append(end)
    return _spans_from_bounds(bounds, len(para))


def _is_initial(para: str, period: int) -> bool:
    """True when the period at ``para[period]`` follows a word of one letter ("J." in "J. Smith")."""
    # Looks back over at most two characters, so the rule costs the same on any input.
    return period >= 1 and para[period - 1].isalpha() and (period == 1 or para[period - 2].isspace())
