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


# --------------------------------------------------------------------------- a long document

DATA = __import__("pathlib").Path(__file__).parent / "data"


def long_case(copies: int = 8) -> tuple[Alignment, list]:
    """The ESUJ article's gold alignment repeated ``copies`` times (8: 312 beads), with the flags
    that compare really finds in it; one bead in 17 scored low."""
    import bialign
    from bialign.evaluate import read_beads

    ja = (DATA / "esuj_ja.sentences.txt").read_text(encoding="utf-8").splitlines()
    en = (DATA / "esuj_en.sentences.txt").read_text(encoding="utf-8").splitlines()
    gold = read_beads(DATA / "esuj_gold.beads")

    def sentences(lines):
        out, pos, texts = [], 0, []
        for c in range(copies):
            for t in lines:
                out.append(Sentence(t, pos, pos + len(t), c))
                texts.append(t)
                pos += len(t) + 1
        return "\n".join(texts), tuple(out)

    (src_text, src), (tgt_text, tgt) = sentences(ja), sentences(en)
    beads = []
    for c in range(copies):
        for b in gold:
            k = len(beads)
            beads.append(Bead(tuple(i + c * len(ja) for i in b.src), tuple(j + c * len(en) for j in b.tgt),
                              0.31 if k % 17 == 5 else 0.93))
    alignment = Alignment(src_text, tgt_text, src, tgt, tuple(beads), "ja", "en",
                          Provenance("usem3-test", {"max_bead": 4, "long": "x" * 300}))
    return alignment, list(bialign.compare(alignment))


def test_long_report_has_filters_for_every_kind_and_severity_and_words_for_evidence():
    alignment, divs = long_case()
    assert len(alignment.beads) == 312 and len(divs) > 150
    page = render_html(alignment, divs)
    for kind in {d.kind for d in divs}:
        n = sum(d.kind == kind for d in divs)
        assert f'<input type="checkbox" name="kind" value="{kind}" checked> {kind} {n}</label>' in page
    for sev in ("major", "minor", "info"):
        assert f'name="severity" value="{sev}" checked>' in page
    # the evidence keys are in words: no raw key such as ja_markers or all_english is shown
    keys = {k for d in divs for k in d.evidence}
    assert keys and not [k for k in keys if f"<dt>{k}</dt>" in page and "_" in k]
    assert "<dd>null</dd>" not in page
    # the provenance is folded away
    assert re.search(r"<details class=\"provenance meta\"><summary>How this report was made", page)
    # every mark of the legend is explained
    for mark in ("∅", "—", "badge low", "badge moved", 'mark class="major"', 'mark class="minor"', 'mark class="info"'):
        assert mark in page.split('id="legend"', 1)[1].split("</dl>", 1)[0]


def test_unknown_evidence_keys_and_values_read_as_words():
    from bialign.report import evidence_label

    assert evidence_label("ja_all") == "Japanese all" and evidence_label("en_value") == "English value"
    assert evidence_label("ja_markers") == "Japanese markers"
    alignment, divs = make_case()
    odd = dataclasses.replace(divs[0], evidence={"src_value": None, "tgt_values": [1, 2], "flag_new": True})
    page = render_html(alignment, [odd])
    assert "<dt>source value</dt><dd>none</dd>" in page
    assert "<dt>target values</dt><dd>1, 2</dd>" in page and "<dt>flag new</dt><dd>yes</dd>" in page


def test_long_report_in_a_real_browser(tmp_path):
    """Chromium: filter by kind and severity, step through the flags with the keyboard and the buttons,
    the panel beside (never over) the bead, its close button; screenshots of a 312-bead report."""
    require_system(bool(shutil.which(CHROMIUM)), CHROMIUM, "apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    alignment, divs = long_case()
    path = tmp_path / "long.html"
    write_html(alignment, divs, path)
    total = len(divs)
    order = sorted(range(total), key=lambda k: (divs[k].bead, divs[k].src_span[0], k))
    shots = tmp_path / "shots"
    shots.mkdir()

    def overlap(a, b):
        return not (a["x"] + a["width"] <= b["x"] or b["x"] + b["width"] <= a["x"]
                    or a["y"] + a["height"] <= b["y"] or b["y"] + b["height"] <= a["y"])

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            errors = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.goto(path.as_uri())
            position = page.locator("#position")
            assert position.inner_text() == f"– of {total}"
            assert not page.locator("details.provenance").evaluate("d => d.open")
            assert not page.locator("details.provenance code").is_visible()
            page.screenshot(path=str(shots / "1-top.png"))

            # keyboard: n opens the first flag in reading order, beside its bead
            panel = page.locator("#detail")
            for step in range(12):
                page.keyboard.press("n")
                assert position.inner_text() == f"flag {step + 1} of {total}"
                active = page.locator("#beads mark.div.active").first
                assert active.get_attribute("data-div").split(" ").count(str(order[step])) == 1
                assert panel.is_visible()
                mark_box, panel_box = active.bounding_box(), panel.bounding_box()
                assert not overlap(mark_box, panel_box), (step, mark_box, panel_box)
                assert 0 <= mark_box["y"] <= 800  # scrolled into view
                row = page.locator(f"#bead-{divs[order[step]].bead}")
                assert not overlap(row.bounding_box(), panel_box)
            page.screenshot(path=str(shots / "2-flag-12-panel.png"))
            page.keyboard.press("p")
            assert position.inner_text() == f"flag 11 of {total}"
            page.locator("#next").click()
            page.locator("#next").click()
            assert position.inner_text() == f"flag 13 of {total}"
            page.locator("#prev").click()
            assert position.inner_text() == f"flag 12 of {total}"
            # evidence in words in the panel
            terms = panel.locator("dt").all_inner_texts()
            assert all("_" not in t for t in terms), terms

            # the close button (and Esc) close the panel; the table takes the whole width again
            narrow = page.locator("#beads").bounding_box()["width"]
            page.locator("#detail-close").click()
            assert panel.is_hidden()
            assert page.locator("#beads").bounding_box()["width"] > narrow + 200
            page.keyboard.press("n")
            assert panel.is_visible()
            page.keyboard.press("Escape")
            assert panel.is_hidden()

            # filters: severity, then kind; the count and the stepping follow
            page.locator('input[name="severity"][value="minor"]').uncheck()
            page.locator('input[name="severity"][value="info"]').uncheck()
            majors = [k for k in order if divs[k].severity == "major"]
            assert position.inner_text().endswith(f"of {len(majors)}")
            assert page.locator("#divergences li:not(.hidden)").count() == len(majors)
            page.keyboard.press("n")
            assert page.locator("#beads mark.div.active").first.get_attribute("data-div").split(" ").count(
                str(majors[0])) == 1
            # a mark is coloured by its worst flag: minor and info marks hold no major flag, so all are off
            assert page.locator("#beads mark.div.minor:not(.off), #beads mark.div.info:not(.off)").count() == 0
            assert page.locator("#beads mark.div.major:not(.off)").count() > 0
            page.locator('input[name="severity"][value="minor"]').check()
            page.locator('input[name="severity"][value="info"]').check()
            for box in page.locator('input[name="kind"]').all():
                if box.get_attribute("value") != "hedge":
                    box.uncheck()
            hedges = [k for k in order if divs[k].kind == "hedge"]
            assert position.inner_text().endswith(f"of {len(hedges)}")
            assert panel.is_hidden()  # the flag it showed (a major one) is filtered out
            page.locator("#only-flagged").check()
            rows_shown = page.locator("tr.bead:not(.hidden)").count()
            assert rows_shown == len({divs[k].bead for k in hedges})
            page.screenshot(path=str(shots / "3-hedges-only.png"))
            assert errors == [], errors
        finally:
            browser.close()
    for shot in shots.iterdir():
        assert shot.stat().st_size > 20_000
    import os

    if os.environ.get("BIALIGN_SCREENSHOTS"):  # keep them for a person to look at
        shutil.copytree(shots, os.environ["BIALIGN_SCREENSHOTS"], dirs_exist_ok=True)
