"""The languages bialign segments and embeds, and the checks that a text is in the one it is given as.

:data:`SUPPORTED_LANGUAGES` are the languages of the embedded encoder (USE v3), each of which
the segmenter has rules for (:mod:`bialign.segment`: its own rules for Japanese and Chinese,
pysbd's for the languages pysbd knows, a generic rule for the rest). :func:`check_language`
turns a user's code (``"JA"``, ``"en_US"``, ``"zh-Hant-TW"``) into one of them or says which
are valid; :func:`check_script` catches the usual mistake of swapped source and target files
before any work is done. Both are importable from :mod:`bialign.segment` too.

>>> check_language("ja-JP")
'ja'
"""

from __future__ import annotations

from .text import japanese_ratio

__all__ = ["SUPPORTED_LANGUAGES", "check_language", "check_script"]

#: Languages of the embedded multilingual encoder (USE v3), all of which can be segmented.
SUPPORTED_LANGUAGES: tuple[str, ...] = (
    "ar", "de", "en", "es", "fr", "it", "ja", "ko", "nl", "pl", "pt", "ru", "th", "tr", "zh",
)
_PYSBD_LANGUAGES = frozenset({"ar", "de", "en", "es", "fr", "it", "nl", "pl", "ru"})
_CJK_LANGUAGES = frozenset({"ja", "zh"})


def check_script(text: str, lang: str, *, name: str = "the input") -> None:
    """Raise ValueError when ``text`` is plainly not in ``lang``'s script (swapped files).

    ``lang="ja"`` text with no Japanese script at all, or text given as a non-CJK language that
    is mostly Japanese script, is refused; ``name`` (a file name) is put in the message. Texts
    with fewer than 20 letters are not judged.
    """
    if sum(ch.isalpha() for ch in text) < 20:
        return
    ratio = japanese_ratio(text)
    if lang == "ja" and ratio == 0.0:
        raise ValueError(
            f"no Japanese text found in {name}, given as lang='ja': did you swap the source and "
            "target, or is the language code wrong?"
        )
    if lang not in _CJK_LANGUAGES and ratio > 0.5:
        raise ValueError(
            f"{name}, given as lang={lang!r}, is mostly Japanese script: did you swap the source "
            "and target, or is the language code wrong?"
        )


def check_language(lang: str) -> str:
    """Return ``lang`` normalised, or raise a ValueError listing the choices.

    Case and ``_`` are normalised (``"JA"`` → ``"ja"``), and a BCP-47 tag is reduced to its
    language (``"ja-JP"``, ``"en_US"``, ``"zh-Hant-TW"`` → ``"ja"``, ``"en"``, ``"zh"``): the
    segmenter and the encoder do not depend on the region or script.
    """
    if not isinstance(lang, str):
        raise TypeError(f"a language code must be a str such as 'ja' or 'en', got {type(lang).__name__}")
    code = lang.strip().lower().replace("_", "-")
    if code not in SUPPORTED_LANGUAGES and "-" in code:
        code = code.split("-", 1)[0]
    if code not in SUPPORTED_LANGUAGES:
        raise ValueError(
            f"unsupported language code {lang!r}; supported: {', '.join(SUPPORTED_LANGUAGES)}"
        )
    return code
