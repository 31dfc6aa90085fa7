from __future__ import annotations

import pytest

from bialign import load_text, remove_repeated_blocks
from bialign.text import japanese_ratio, paragraph_spans

JA = "日本とロシアは十一月初め、外務・防衛閣僚会議を初めて開いた。"


@pytest.mark.parametrize(
    "content, expected",
    [
        pytest.param(JA.encode("utf-8"), JA, id="utf8"),
        pytest.param(b"\xef\xbb\xbf" + JA.encode("utf-8"), JA, id="utf8-bom-removed"),
        pytest.param("a\r\nb\r\n".encode(), "a\r\nb\r\n", id="crlf-kept"),
    ],
)
def test_load_text_accepts(tmp_path, content, expected):
    path = tmp_path / "in.txt"
    path.write_bytes(content)
    assert load_text(path) == expected


@pytest.mark.parametrize(
    "content, message",
    [
        pytest.param(JA.encode("shift_jis"), "looks like shift_jis; pass encoding='shift_jis'", id="shift-jis"),
        pytest.param(JA.encode("euc_jp"), "looks like euc-jp", id="euc-jp"),
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file", id="binary"),
        pytest.param(b"", "is empty", id="empty"),
        pytest.param(b" \n\t\n", "whitespace only", id="whitespace-only"),
        pytest.param(JA.encode("utf-16"), "UTF-16", id="utf16"),
    ],
)
def test_load_text_refuses_with_a_reason(tmp_path, content, message):
    path = tmp_path / "in.txt"
    path.write_bytes(content)
    with pytest.raises(ValueError, match=message) as info:
        load_text(path)
    assert str(path) in str(info.value)


def test_load_text_honours_an_explicit_encoding(tmp_path):
    path = tmp_path / "sjis.txt"
    path.write_bytes(JA.encode("shift_jis"))
    assert load_text(path, encoding="shift_jis") == JA
    with pytest.raises(ValueError, match="unknown encoding 'klingon'"):
        load_text(path, encoding="klingon")


def test_load_text_missing_and_directory(tmp_path):
    with pytest.raises(ValueError, match="no such file"):
        load_text(tmp_path / "nope.txt")
    with pytest.raises(ValueError, match="is a directory"):
        load_text(tmp_path)


def test_remove_repeated_blocks_reports_what_it_removed():
    text = "Title\nP1 first.\nP2 second.\nP3 third.\nP2 second.\nP3 third.\nFooter\n"
    cleaned = remove_repeated_blocks(text)
    assert cleaned.text == "Title\nP1 first.\nP2 second.\nP3 third.\nFooter\n"
    (r,) = cleaned.removed
    assert r.text == "P2 second.\nP3 third." and r.paragraphs == 2
    assert text[r.start : r.end] == r.text
    assert text[r.original_start :].startswith("P2 second.")


def test_remove_repeated_blocks_keeps_short_legitimate_repeats():
    text = "* * *\nOne.\n* * *\nTwo.\n"
    assert remove_repeated_blocks(text).text == text
    assert remove_repeated_blocks(text).removed == ()


def test_remove_repeated_blocks_removes_one_long_repeated_paragraph():
    long = "This is a long paragraph. " * 10
    cleaned = remove_repeated_blocks(f"{long}\nOther.\n{long}\n")
    assert cleaned.text == f"{long.strip()}\nOther.\n"
    assert len(cleaned.removed) == 1


def test_paragraph_spans_and_script_ratio():
    assert paragraph_spans("  a \r\n\nb\u2028c") == [(2, 3), (7, 8), (9, 10)]
    assert japanese_ratio("Putin プーチン") == pytest.approx(4 / 9)
    assert japanese_ratio("1234") == 0.0


def test_a_utf8_file_is_not_decoded_with_a_legacy_encoding(tmp_path):
    path = tmp_path / "en.txt"
    path.write_text("\u201cSunny,\u201d he said at the caf\u00e9.\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"en\.txt is UTF-8, not shift_jis: decoding it as shift_jis would garble"):
        load_text(path, encoding="shift_jis")
    with pytest.raises(ValueError, match=r"leave this file out of --tgt-encoding"):
        load_text(path, encoding="euc-jp", option="--tgt-encoding")
    assert load_text(path, encoding="utf-8").startswith("\u201cSunny")
    ascii_path = tmp_path / "ascii.txt"
    ascii_path.write_text("Plain ASCII reads the same in any of them.\n", encoding="ascii")
    assert load_text(ascii_path, encoding="shift_jis").startswith("Plain ASCII")
