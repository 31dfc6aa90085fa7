"""Loading and cleaning text: encodings, BOMs, scraped duplicates, script checks.

This is the first stage of the pipeline. It never changes a character silently: a BOM that is
dropped is logged, and :func:`remove_repeated_blocks` returns every block it removed with its
offsets in the original text, so a caller can show, undo or audit the cleaning.
"""

from __future__ import annotations

import codecs
import logging
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .io_safety import DEFAULT_MAX_INPUT_BYTES, read_input_bytes

logger = logging.getLogger(__name__)

__all__ = [
    "CleanedText",
    "Removal",
    "check_no_surrogates",
    "show_bidi_controls",
    "is_japanese_char",
    "japanese_ratio",
    "load_text",
    "paragraph_spans",
    "remove_repeated_blocks",
]

# Legacy Japanese encodings we recognise (and name in the error) when a file is not UTF-8.
_LEGACY_JAPANESE = (("shift_jis", "cp932"), ("euc-jp", "euc_jp"), ("iso-2022-jp", "iso2022_jp"))


def load_text(path: str | os.PathLike[str], *, encoding: str | None = None, option: str = "--encoding",
              max_bytes: int = DEFAULT_MAX_INPUT_BYTES) -> str:
    """Read a text file exactly as written, after checking that it is usable text.

    With ``encoding=None`` the file must be UTF-8 (a leading BOM is accepted, removed and
    logged). A file in Shift_JIS, EUC-JP or ISO-2022-JP is recognised and refused with a
    message naming the encoding, so that nothing is decoded by a guess: pass
    ``encoding="shift_jis"`` (CLI: ``--encoding shift_jis``, or ``--src-encoding`` /
    ``--tgt-encoding`` for one file; ``option`` names the flag in the messages) to read it.
    Each file is checked on its own: a file that is valid UTF-8 with non-ASCII text is refused
    when a legacy encoding is given for it, since decoding it so would garble it silently
    (the mojibake of a UTF-8 English file read as Shift_JIS). Line endings are kept as they
    are, so character offsets point into the text the user sees.

    Raises :class:`ValueError` naming the file for a missing file, a directory, a device,
    FIFO or socket (refused without reading: ``/dev/zero`` is not read whole), a file larger
    than ``max_bytes``, a binary file, an undecodable file, an empty file or a file of
    whitespace only.

    >>> load_text("corpora/esuj/ja.txt")[:4]  # doctest: +SKIP
    '戦略と戦術'
    """
    p = Path(path)
    data = read_input_bytes(p, max_bytes)
    text = decode_text(data, name=str(p), encoding=encoding, option=option)
    if not text.strip():
        what = "empty" if not text else "whitespace only"
        raise ValueError(f"{p} is {what}: there is nothing to align; check that it is the right file")
    return text


def decode_text(data: bytes, *, name: str = "<input>", encoding: str | None = None,
                option: str = "--encoding") -> str:
    """Decode bytes read from ``name`` (see :func:`load_text` for the rules)."""
    if encoding is not None:
        try:
            codec = codecs.lookup(encoding).name
        except LookupError:
            raise ValueError(f"unknown encoding {encoding!r} for {name}; try utf-8, shift_jis or euc-jp") from None
        if not codec.startswith("utf") and not data.isascii() and _is_utf8(data):
            raise ValueError(
                f"{name} is UTF-8, not {encoding}: decoding it as {encoding} would garble its text; "
                f"leave this file out of {option} (set the other file's with --src-encoding or --tgt-encoding)"
            )
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise ValueError(
                f"{name} is not valid {encoding} (byte {exc.start}); check the {option} value"
            ) from None
        return _strip_bom(text, name)
    if b"\x00" in data[:8192] and not _is_utf16(data):
        raise ValueError(f"{name} looks like a binary file (it contains NUL bytes); pass a UTF-8 text file")
    if _is_utf16(data):
        raise ValueError(f"{name} is UTF-16 text; convert it to UTF-8 or pass encoding='utf-16'")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        guess = _guess_legacy_japanese(data)
        if guess:
            raise ValueError(
                f"{name} is not UTF-8: it looks like {guess}; pass encoding={guess!r} "
                f"(CLI: {option} {guess}) or convert the file to UTF-8"
            ) from None
        raise ValueError(
            f"{name} is not UTF-8 text (invalid byte at offset {exc.start}); "
            "convert it to UTF-8 or pass its encoding"
        ) from None
    if _looks_binary(text):
        raise ValueError(f"{name} looks like a binary file (mostly control characters); pass a text file")
    return _strip_bom(text, name)


def _strip_bom(text: str, name: str) -> str:
    if text.startswith("\ufeff"):
        logger.info("%s: removed the byte order mark (U+FEFF) at the start", name)
        return text[1:]
    return text


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _is_utf16(data: bytes) -> bool:
    return data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))


def _guess_legacy_japanese(data: bytes) -> str | None:
    for label, codec in _LEGACY_JAPANESE:
        try:
            decoded = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if japanese_ratio(decoded) > 0.2:
            return label
    return None


def _looks_binary(text: str) -> bool:
    sample = text[:8192]
    if not sample:
        return False
    control = sum(1 for ch in sample if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f\v")
    return control / len(sample) > 0.1


_SURROGATE = re.compile("[\ud800-\udfff]")


def check_no_surrogates(text: str, name: str = "the text") -> None:
    """Raise :class:`ValueError` if ``text`` holds a lone surrogate (U+D800-U+DFFF), which is not a character.

    Such code points come from decoding bytes with ``errors="surrogateescape"``; no encoder,
    file format or UTF-8 output can carry them, so they are refused at the start, by position.
    """
    m = _SURROGATE.search(text)
    if m:
        raise ValueError(f"{name} contains a lone surrogate U+{ord(m.group()):04X} at character {m.start()}, "
                         "which is not text (usually from decoding with errors='surrogateescape'); decode the "
                         "input with its real encoding")


# The bidirectional formatting characters that reorder the text after them (embeddings,
# overrides, isolates and their terminators): a U+202E in a sentence shows the rest of a line
# reversed, so reports show them as visible marks instead of applying them.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def show_bidi_controls(text: str, mark: str = "<U+{code:04X}>") -> str:
    """``text`` with every bidirectional control character replaced by ``mark`` (e.g. ``<U+202E>``).

    For display only (reports, terminal output): the data itself is never changed.
    """
    return BIDI_CONTROLS.sub(lambda m: mark.format(code=ord(m.group()), name=unicodedata.name(m.group(), "")), text)


def is_japanese_char(ch: str) -> bool:
    """True for hiragana, katakana (full and half width), CJK ideographs and the iteration mark 々."""
    cp = ord(ch)
    return (
        0x3040 <= cp <= 0x30FF  # hiragana, katakana
        or 0x31F0 <= cp <= 0x31FF  # katakana phonetic extensions
        or 0x3400 <= cp <= 0x4DBF  # CJK extension A
        or 0x4E00 <= cp <= 0x9FFF  # CJK unified ideographs
        or 0xF900 <= cp <= 0xFAFF  # CJK compatibility ideographs
        or 0xFF66 <= cp <= 0xFF9F  # half-width katakana
        or 0x20000 <= cp <= 0x2FA1F  # CJK extensions B and later
        or ch == "々"
    )


def japanese_ratio(text: str) -> float:
    """The share of letters in ``text`` that are Japanese script (0.0 when it has no letters)."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return 0.0
    return sum(map(is_japanese_char, letters)) / len(letters)


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every non-blank line of ``text``, with surrounding whitespace trimmed.

    A paragraph here is one line: scraped articles, subtitles and most exported text put one
    paragraph per line. ``\\r\\n``, ``\\r`` and the Unicode line separators all end a line.
    """
    spans = []
    pos = 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped:
            start = pos + (len(line) - len(line.lstrip()))
            spans.append((start, start + len(stripped)))
        pos += len(line)
    return spans


@dataclass(frozen=True, slots=True)
class Removal:
    """A block of paragraphs removed because it repeats an earlier block word for word.

    ``start``/``end`` are character offsets of the removed block in the original text;
    ``original_start`` is where the block it repeats begins.
    """

    start: int
    end: int
    text: str
    original_start: int
    paragraphs: int


@dataclass(frozen=True, slots=True)
class CleanedText:
    """The result of :func:`remove_repeated_blocks`: the kept text and what was removed."""

    text: str
    removed: tuple[Removal, ...]


def remove_repeated_blocks(text: str, *, min_paragraphs: int = 2, min_chars: int = 200) -> CleanedText:
    """Remove exact repeats of earlier paragraph blocks, as left by scrapers that paginate.

    Paragraphs are lines (see :func:`paragraph_spans`). A run of paragraphs that equals an
    earlier run word for word is removed when it has at least ``min_paragraphs`` paragraphs
    or at least ``min_chars`` characters, so that a short line that legitimately recurs
    ("* * *", a repeated heading) is kept. Everything removed is returned in
    :attr:`CleanedText.removed` and logged. The cleaned text has one paragraph per line:
    blank lines and the whitespace around paragraphs are not kept (offsets in
    :attr:`Removal` refer to the original text).

    >>> cleaned = remove_repeated_blocks("a\\nb\\nc\\nb\\nc\\n")
    >>> cleaned.text, [r.text for r in cleaned.removed]
    ('a\\nb\\nc\\n', ['b\\nc'])
    """
    if min_paragraphs < 1:
        raise ValueError(f"min_paragraphs must be at least 1, got {min_paragraphs}")
    spans = paragraph_spans(text)
    paras = [text[s:e] for s, e in spans]
    first_seen: dict[str, list[int]] = {}
    keep = [True] * len(paras)
    removals: list[Removal] = []
    i = 0
    while i < len(paras):
        best_len, best_j = 0, -1
        for j in first_seen.get(paras[i], ()):
            k = 0
            while i + k < len(paras) and j + k < i and paras[j + k] == paras[i + k]:
                k += 1
            if k > best_len:
                best_len, best_j = k, j
        if best_len:
            chars = sum(len(p) for p in paras[i : i + best_len])
            if best_len >= min_paragraphs or chars >= min_chars:
                start, end = spans[i][0], spans[i + best_len - 1][1]
                removals.append(Removal(start, end, text[start:end], spans[best_j][0], best_len))
                for k in range(best_len):
                    keep[i + k] = False
                i += best_len
                continue
        first_seen.setdefault(paras[i], []).append(i)
        i += 1
    for r in removals:
        logger.info("removed %d repeated paragraph(s) at offset %d (repeat of offset %d)",
                    r.paragraphs, r.start, r.original_start)
    kept = "".join(p + "\n" for p, k in zip(paras, keep) if k)
    return CleanedText(kept, tuple(removals))
