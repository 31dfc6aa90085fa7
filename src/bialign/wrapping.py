"""Hard-wrapped text: telling it apart from text with one paragraph per line (:func:`hard_wrapped`).

The segmenter reads a line break as the end of a paragraph (``paragraphs="line"``) or, for
text filled to a width, only a blank line (``paragraphs="blank"``); :func:`bialign.align`
asks :func:`hard_wrapped` which of the two a raw text needs (its ``paragraphs="auto"``). It
is importable from :mod:`bialign.segment` too.
"""

from __future__ import annotations

from .languages import _CJK_LANGUAGES

__all__ = ["hard_wrapped"]

# A line that ends with one of these (before closing quotes and brackets) ends a sentence.
_LINE_END = frozenset("。！？!?.…:;｡．")
_LINE_CLOSERS = "\"'”’」』）)]】〕》〉»"
# Hard-wrapped text: at least this many line breaks, this share of them inside a sentence,
# and the lines that end inside a sentence filled to a width (median length at least this
# share of the longest line, which is at least _WRAP_WIDTH characters: 20 for CJK text).
_WRAP_BREAKS, _WRAP_SHARE, _WRAP_FILL, _WRAP_WIDTH = 3, 0.5, 0.75, 40


def hard_wrapped(text: str, lang: str) -> tuple[int, int] | None:
    r"""``(breaks inside sentences, line breaks)`` if ``text`` looks hard-wrapped, else None.

    Hard-wrapped text (plain-text files filled to 70 or 80 columns) has a line break inside
    most sentences; read with ``paragraphs="line"``, each line would be a paragraph and each
    piece a sentence (English wrapped at 70 columns aligns with strict F1 0.03 that way, 1.0
    with ``"blank"``). A line break between two non-blank lines is *inside a sentence* when
    the line before it does not end with sentence punctuation. The text looks hard-wrapped
    when at least half of its line breaks (and 3) are inside sentences and those lines are
    filled to a width, as wrapping does: their median length is at least 3/4 of the longest
    line. One paragraph per line (titles and bylines without punctuation included) and lists
    of short items are not.

    >>> import textwrap
    >>> hard_wrapped(textwrap.fill("The two ministers met in Tokyo on Friday and talked for hours. " * 4, 40), "en")
    (6, 6)
    >>> hard_wrapped("Strategy and Tactics\nISHIGOOKA Ken\nThe talks were held in Tokyo.\n", "en") is None
    True
    """
    lines = text.splitlines()
    breaks = inside = 0
    ending_inside: list[int] = []
    for line, following in zip(lines, lines[1:]):
        stripped = line.rstrip().rstrip(_LINE_CLOSERS)
        if not stripped.strip() or not following.strip():
            continue
        breaks += 1
        if stripped[-1] not in _LINE_END:
            inside += 1
            ending_inside.append(len(line.strip()))
    if breaks < _WRAP_BREAKS or inside < max(_WRAP_BREAKS, _WRAP_SHARE * breaks):
        return None
    longest = max(len(line.strip()) for line in lines)
    width = _WRAP_WIDTH // 2 if lang in _CJK_LANGUAGES else _WRAP_WIDTH
    ending_inside.sort()
    if longest < width or ending_inside[len(ending_inside) // 2] < _WRAP_FILL * longest:
        return None
    return inside, breaks
