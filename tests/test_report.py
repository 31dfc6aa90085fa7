"""The HTML report: structure and escaping in Python, then what a real browser shows."""

from __future__ import annotations

import dataclasses
import html
import re
import shutil

import pytest
from conftest import require_system

from bialign.align import Alignment, Bead
from bialign.compare import Divergence
from bialign.provenance import Provenance
from bialign.report import render_html, write_html
from bialign.segment import Sentence

JA = ["売上は3億円だった。", "彼は<script>alert('x')</script>と書いた。", "これは訳されていない。"]
EN = ["Sales were 30 million yen.", "He wrote <b>bold</b> & more.", "Extra sentence."]


def _sentences(texts: list[str], sep: str) -> tuple[str, tuple[Sentence, ...]]:
    out, pos = [], 0
    for t in texts:
        out.append(Sentence(t, pos, pos + len(t)))
        pos += len(t) + len(sep)
    return sep.join(texts), tuple(out)


def make_case() -> tuple[Alignment, list[Divergence]]:
    src_text, src = _sentences(JA, "")
    tgt_text, tgt = _sentences(EN, " ")
    beads = (Bead((0,), (0,), 0.91), Bead((1,), (1,), 0.62), Bead((2,), (), 0.2), Bead((), (2,), 0.1))
    alignment = Alignment(src_text, tgt_text, src, tgt, beads, "ja", "en", Provenance("test-encoder", {"k": 1}))
    n_src = src_text.index("3億円")
    n_tgt = tgt_text.index("30 million yen")
    omitted = src[2]
    divergences = [
        Divergence("number", "major", 0, (n_src, n_src + 3), (n_tgt, n_tgt + 14), "3億円", "30 million yen",
                   "3億円 is 300 million yen, not 30 million", "numbers",
                   {"src_value": 300_000_000, "tgt_value": 30_000_000}),
        Divergence("omission", "minor", 2, (omitted.start, omitted.end), (len(tgt_text), len(tgt_text)),
                   omitted.text, "", "this sentence has no translation <i>at all</i>", "coverage", {}),
    ]
    return alignment, divergences


def test_every_bead_is_a_row_with_both_sides():
    alignment, divs = make_case()
    page = render_html(alignment, divs)
    assert page.count('<tr id="bead-') == 4
    assert page.count('class="bead low"') == 2  # 0.2 and 0.1 are below the default 0.5
    assert render_html(alignment, divs, low_score=0.7).count('class="bead low"') == 3


def test_beads_out_of_target_order_are_badged_moved():
    alignment, divs = make_case()
    body = render_html(alignment, divs).split("<tbody>", 1)[1]
    assert "badge moved" not in body
    # Target sentence 0 translates the last source sentence: that bead is out of order.
    crossed = dataclasses.replace(alignment, beads=(Bead((0,), (1,), 0.9), Bead((1,), (2,), 0.9),
                                                    Bead((2,), (0,), 0.4)))
    assert crossed.moved == (2,)
    rows = re.findall(r'<tr id="bead-\d+".*?</tr>', render_html(crossed, []), flags=re.S)
    assert ["badge moved" in row for row in rows] == [False, False, True]


def test_texts_that_are_no_translation_get_a_warning():
    alignment, divs = make_case()
    translation = dataclasses.replace(alignment, beads=(Bead((0,), (0,), 0.9), Bead((1,), (1,), 0.8),
                                                        Bead((2,), (2,), 0.1)))
    assert 'class="warning"' not in render_html(translation, divs)
    unrelated = dataclasses.replace(alignment, beads=(Bead((0,), (0,), 0.04), Bead((1,), (1,), 0.02),
                                                      Bead((2,), (2,), 0.6)))
    page = render_html(unrelated, divs)
    assert page.count('class="warning"') == 1
    assert "do not look like translations of each other: the median score of their 3 paired beads is 0.04" in page


def test_text_is_escaped_everywhere():
    alignment, divs = make_case()
    page = render_html(alignment, divs, title="<title> & co")
    assert "<script>alert" not in page
    assert html.escape("<script>alert('x')</script>") in page
    assert "<b>bold</b>" not in page and "&lt;b&gt;bold&lt;/b&gt;" in page
    assert "<i>at all</i>" not in page
    assert "&lt;title&gt; &amp; co" in page
    # the only scripts are the report's own, allowed by hash in the CSP
    assert page.count("<script>") == 1 and "script-src 'sha256-" in page


def test_divergent_spans_are_marked_on_both_sides():
    alignment, divs = make_case()
    page = render_html(alignment, divs)
    marks = re.findall(r'<mark class="div ([a-z ]+)"[^>]*data-div="([0-9 ]+)"[^>]*>([^<]*)</mark>', page)
    assert ("major", "0", "3億円") in marks
    assert ("major", "0", "30 million yen") in marks
    assert ("minor", "1", "これは訳されていない。") in marks
    assert ("gap minor", "1", "∅") in marks  # the silent target side of the omission


def test_report_is_deterministic_and_self_contained():
    alignment, divs = make_case()
    page = render_html(alignment, divs)
    assert page == render_html(alignment, divs)
    assert not re.search(r'(src|href)="(https?:)?//', page)


def test_write_html_refuses_to_overwrite(tmp_path):
    alignment, divs = make_case()
    path = tmp_path / "r.html"
    write_html(alignment, divs, path)
    with pytest.raises(FileExistsError):
        write_html(alignment, divs, path)


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]


def test_report_in_a_real_browser(tmp_path):
    """Chromium shows the escaped script as text, the highlights, the hover tip and the click panel."""
    require_system(bool(shutil.which(CHROMIUM)), CHROMIUM, "apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    alignment, divs = make_case()
    path = tmp_path / "report.html"
    write_html(alignment, divs, path)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 800})
            dialogs, errors = [], []
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.goto(path.as_uri())

            # the sentence with <script> is shown as text and did not run
            src_cell = page.locator("#bead-1 td.src")
            assert src_cell.inner_text() == JA[1]
            assert page.locator("script").count() == 1
            assert dialogs == []

            # highlights in both languages, coloured (a real background, not transparent)
            src_mark = page.locator("#bead-0 td.src mark.div")
            tgt_mark = page.locator("#bead-0 td.tgt mark.div")
            assert src_mark.inner_text() == "3億円" and tgt_mark.inner_text() == "30 million yen"
            for mark in (src_mark, tgt_mark):
                assert mark.evaluate("m => getComputedStyle(m).backgroundColor") not in ("rgba(0, 0, 0, 0)", "")
            assert page.locator("tr.low").count() == 2

            # hover: the explanation appears as the mark's tooltip
            src_mark.hover()
            tip = src_mark.evaluate("m => getComputedStyle(m, '::after').content")
            assert "300 million yen, not 30 million" in tip

            # click: the detail panel opens with the evidence, the partner span is outlined
            assert page.locator("#detail").is_hidden()
            src_mark.click()
            detail = page.locator("#detail")
            assert detail.is_visible()
            assert "300000000" in detail.inner_text() and "check: numbers" in detail.inner_text()
            assert "active" in tgt_mark.get_attribute("class")

            # the omission's explanation keeps its markup as text
            page.locator("#bead-2 td.src mark.div").click()
            assert "no translation <i>at all</i>" in detail.inner_text()
            page.locator("#bead-0 td.src mark.div").hover()
            page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
            assert errors == [], errors  # includes Content-Security-Policy violations
        finally:
            browser.close()
    assert (tmp_path / "report.png").stat().st_size > 10_000
