"""The HTML side-by-side report: both texts bead by bead, with the divergences marked.

:func:`render_html` returns one self-contained HTML file (inline CSS and a few lines of
JavaScript, no external resources) that shows, for every bead, its number, type and score
and the source and target sentences side by side:

- beads scoring below ``low_score`` are tinted and badged "low", so a reader checks them first;
- beads out of the target text's order (:attr:`~bialign.align.Alignment.moved`) are badged "moved";
- every divergence (a *flag*) is highlighted in both languages (its ``src_span`` and
  ``tgt_span``), coloured by severity; hovering shows the explanation, and clicking (or Enter
  on the focused mark) opens a side panel with the kind, the check, the explanation and the
  evidence in words, and outlines the matching span on the other side. The panel has a close
  button (and Esc); while it is open the table narrows, so it never covers a bead. A
  divergence whose target span is empty (nothing renders the source) gets a small "∅" mark
  where the translation is silent;
- for long documents, a toolbar that stays at the top filters the flags by severity and
  kind (with their counts), can hide the beads without a flag shown, and steps to the next
  or previous flag (buttons, or the keys ``n``/``j`` and ``p``/``k``), counting "flag 3 of 235";
- a legend explains every mark; the provenance is folded away under "How this report was made";
- a list of all divergences follows the table, so nothing depends on JavaScript or hovering;
- with ``chunks=True`` (Japanese-English only), the phrases that the chunk correspondence of
  :mod:`bialign.compare.chunks` links are outlined on hover: hovering a chunk of one side
  highlights the chunks of the other side that render it.


Evidence keys are shown in words (:data:`EVIDENCE_LABELS`; a key not in it, from a new check,
is shown with its underscores as spaces and ja/en spelt out), lists as comma-separated items
and missing values as "none".

All text is escaped (a sentence containing ``<script>`` shows as text; a bidirectional
control such as U+202E RIGHT-TO-LEFT OVERRIDE shows as a red "U+202E" mark instead of
reversing what follows), and a
Content-Security-Policy with the hashes of the report's own style and script blocks keeps any
other script from running even if escaping were ever wrong.

>>> html = render_html(alignment, bialign.compare(alignment))  # doctest: +SKIP
"""

from __future__ import annotations

import base64
import hashlib
import html
import os
from typing import Any, Iterable, Sequence

from .aligner import Alignment, translation_warning
from .compare import Divergence
from .text import show_bidi_controls

__all__ = ["EVIDENCE_LABELS", "render_html", "write_html"]

#: How each evidence key of the compare checks reads in the report.
EVIDENCE_LABELS: dict[str, str] = {
    "all_english": "all numbers in the English", "all_japanese": "all numbers in the Japanese",
    "bead_type": "bead type", "change": "change", "class": "word class", "compared": "compared",
    "compound": "compound", "en_markers": "English markers", "en_name": "English name",
    "en_profile": "hedges and stance in the English", "en_quotations": "quotations in the English",
    "en_speaker": "speaker in the English", "en_title": "title in the English", "english": "in the English",
    "english_class": "English word class", "english_connotation": "connotation of the English idiom",
    "english_idiom": "English idiom", "english_markers": "English markers",
    "english_meaning": "meaning of the English idiom", "english_negations": "negations in the English",
    "english_span": "English span", "glosses": "dictionary glosses", "head": "head noun", "idiom": "idiom",
    "ja_first_person": "first-person words in the Japanese", "ja_markers": "Japanese markers",
    "ja_name_romaji": "Japanese name, romanised", "ja_profile": "hedges and stance in the Japanese",
    "ja_speaker": "speaker in the Japanese", "ja_title": "title in the Japanese", "japanese": "in the Japanese",
    "japanese_class": "Japanese word class", "japanese_markers": "Japanese markers",
    "japanese_negations": "negations in the Japanese", "jmdict": "JMdict headword", "literal": "literal parts",
    "literal_glosses": "literal glosses", "literal_words": "literal words found in the English",
    "mad": "median absolute deviation", "measure": "measure", "median": "median of the document",
    "n_beads": "beads compared", "name": "name", "negated_side": "negated side",
    "other_side_classes": "word classes on the other side", "quotation": "quotation", "romaji": "romanisation",
    "rule": "rule", "sentences": "sentences", "shared_meaning": "meaning shared with the English idiom",
    "shared_words": "gloss words found in the English", "source": "lexicon source",
    "source_markers": "markers in the source", "source_quotations": "quotations in the source",
    "status": "status", "tgt_sentences": "target sentences", "threshold": "threshold",
    "translation_quotations": "quotations in the translation", "value": "value", "verdict": "verdict",
    "word": "word",
}
_WORDS = {"ja": "Japanese", "en": "English", "src": "source", "tgt": "target", "n": "number of"}

_SEVERITY_RANK = {"info": 0, "minor": 1, "major": 2}

_CSS = """
.bidi { font-size: 0.7em; border: 1px solid #c00; color: #c00; padding: 0 0.2em; unicode-bidi: isolate; }
:root { --major: #f4a3a3; --minor: #f7d88a; --info: #b9d7f2; --low: #fff3e0; --panel: 30em; }
body { font-family: "Noto Sans CJK JP", "IPAexGothic", "Hiragino Sans", "Yu Gothic", sans-serif;
       margin: 0 1.5em 1.5em; color: #222; line-height: 1.6; }
body.panel-open { margin-right: calc(var(--panel) + 2.5em); }
h1 { font-size: 1.3em; margin-bottom: 0.2em; }
.meta { color: #555; font-size: 0.85em; }
details.provenance code { word-break: break-all; white-space: pre-wrap; }
.warning { background: #fff3cd; border-left: 4px solid #b58100; padding: 0.4em 0.6em; }
#toolbar { position: sticky; top: 0; z-index: 20; background: #f5f7fb; border-bottom: 1px solid #c5cae9;
           padding: 0.4em 0.6em; display: flex; flex-wrap: wrap; gap: 0.3em 1.2em; align-items: center;
           font-size: 0.85em; }
#toolbar fieldset { border: none; margin: 0; padding: 0; display: inline-flex; flex-wrap: wrap; gap: 0 0.6em; }
#toolbar legend { float: left; font-weight: bold; margin-right: 0.4em; padding: 0; }
#toolbar button { font: inherit; padding: 0.1em 0.6em; }
#position { min-width: 8em; display: inline-block; }
table { border-collapse: collapse; width: 100%; margin-top: 1em; }
th, td { border-bottom: 1px solid #ddd; padding: 0.35em 0.5em; vertical-align: top; text-align: left; }
thead th { position: sticky; top: var(--toolbar, 2.6em); background: #fff; z-index: 5; }
td.src, td.tgt { width: 43%; white-space: pre-wrap; }
td.num, td.score { white-space: nowrap; color: #555; font-size: 0.85em; }
tr.low { background: var(--low); }
tr.bead.hidden, li.hidden { display: none; }
.badge { display: inline-block; border-radius: 3px; padding: 0 0.3em; font-size: 0.8em; }
.badge.low { background: #e65100; color: white; }
.badge.moved { background: #4527a0; color: white; }
.badge.major { background: var(--major); } .badge.minor { background: var(--minor); } .badge.info { background: var(--info); }
.empty { color: #aaa; }
mark.div { position: relative; border-radius: 2px; cursor: pointer; padding: 0 1px; }
mark.major { background: var(--major); } mark.minor { background: var(--minor); } mark.info { background: var(--info); }
mark.div.off { background: transparent; cursor: auto; }
mark.gap { font-size: 0.8em; padding: 0 3px; }
mark.gap.off { display: none; }
mark.div.active { outline: 2px solid #1a237e; }
body.panel-open mark.div:focus-visible:not(:hover)::after { display: none; }
mark.div:not(.off):hover::after, mark.div:not(.off):focus-visible::after {
  content: attr(data-tip); position: absolute; left: 0; top: 1.6em; z-index: 10; width: max-content;
  max-width: 28em; white-space: normal; background: #263238; color: #fff; padding: 0.3em 0.5em;
  border-radius: 3px; font-size: 0.85em; font-weight: normal; }
#detail { position: fixed; right: 1em; top: 4.5em; width: var(--panel); max-height: calc(100vh - 6em);
          overflow: auto; background: #fff; border: 2px solid #1a237e; border-radius: 4px;
          padding: 0.6em 0.8em; box-shadow: 0 2px 8px rgba(0,0,0,.3); z-index: 30; box-sizing: border-box; }
#detail[hidden], .explain { display: none; }
#detail .explain { display: block; margin-top: 0.4em; }
#detail-close { float: right; font-size: 1.1em; line-height: 1; padding: 0.1em 0.4em; cursor: pointer; }
dl.evidence { margin: 0.3em 0 0; font-size: 0.85em; } dl.evidence dt { font-weight: bold; }
dl.evidence dd { margin: 0 0 0 1em; overflow-wrap: anywhere; }
.legend { font-size: 0.85em; color: #444; margin: 0.4em 0; }
.legend dt { display: inline-block; min-width: 5.5em; } .legend dd { display: inline; margin: 0; }
.legend div { margin: 0.1em 0; }
span.chunk.paired { background: #d7f0ec; outline: 1px dotted #00695c; }
"""

_JS = """
(function () {
  var detail = document.getElementById('detail');
  var body = document.getElementById('detail-body');
  var position = document.getElementById('position');
  var marks = Array.prototype.slice.call(document.querySelectorAll('#beads mark.div'));
  var items = Array.prototype.slice.call(document.querySelectorAll('#divergences li'));
  var rows = Array.prototype.slice.call(document.querySelectorAll('tr.bead'));
  // the flags in reading order (the list is sorted by bead), with their kind and severity
  var order = items.map(function (li) { return Number(li.dataset.div); });
  var kinds = {};
  items.forEach(function (li) { kinds[Number(li.dataset.div)] = [li.dataset.kind, li.dataset.severity]; });
  var current = -1;
  function ids(m) { return m.dataset.div.split(' ').map(Number); }
  function checked(name) {
    var on = {};
    document.querySelectorAll('input[name="' + name + '"]').forEach(function (c) { on[c.value] = c.checked; });
    return on;
  }
  function visibleFlags() {
    var sev = checked('severity'), kind = checked('kind');
    return order.filter(function (k) { return sev[kinds[k][1]] && kind[kinds[k][0]]; });
  }
  function apply() {
    var shown = {};
    visibleFlags().forEach(function (k) { shown[k] = true; });
    marks.forEach(function (m) {
      var on = ids(m).some(function (k) { return shown[k]; });
      m.classList.toggle('off', !on);
      if (on) { m.setAttribute('tabindex', '0'); } else { m.removeAttribute('tabindex'); }
    });
    items.forEach(function (li) { li.classList.toggle('hidden', !shown[Number(li.dataset.div)]); });
    if (current >= 0 && !shown[current]) { close(); current = -1; }  // its flag is filtered out
    var only = document.getElementById('only-flagged').checked;
    rows.forEach(function (r) {
      var has = r.querySelector('mark.div:not(.off)') !== null;
      r.classList.toggle('hidden', only && !has);
    });
    count();
  }
  function count() {
    var flags = visibleFlags(), at = flags.indexOf(current);
    position.textContent = (at >= 0 ? 'flag ' + (at + 1) : '–') + ' of ' + flags.length;
  }
  function show(list) {
    marks.forEach(function (m) { m.classList.remove('active'); });
    body.replaceChildren();
    list.forEach(function (id) {
      marks.forEach(function (m) { if (ids(m).indexOf(id) >= 0) { m.classList.add('active'); } });
      var source = document.getElementById('explain-' + id);
      if (source) { var copy = source.cloneNode(true); copy.removeAttribute('id'); body.appendChild(copy); }
    });
    detail.hidden = false;
    document.body.classList.add('panel-open');
    measure();
    current = list[0];
    count();
  }
  function close() {
    detail.hidden = true;
    document.body.classList.remove('panel-open');
    measure();
    marks.forEach(function (m) { m.classList.remove('active'); });
  }
  function step(direction) {
    var flags = visibleFlags();
    if (!flags.length) { return; }
    var at = flags.indexOf(current);
    var next = at < 0 ? (direction > 0 ? 0 : flags.length - 1) : (at + direction + flags.length) % flags.length;
    show([flags[next]]);
    var mark = marks.filter(function (m) { return ids(m).indexOf(flags[next]) >= 0; })[0];
    if (mark) { mark.scrollIntoView({block: 'center'}); mark.focus({preventScroll: true}); }
  }
  marks.forEach(function (m) {
    m.addEventListener('click', function () { if (!m.classList.contains('off')) { show(ids(m)); } });
    m.addEventListener('keydown', function (e) { if (e.key === 'Enter') { show(ids(m)); } });
  });
  document.querySelectorAll('#toolbar input').forEach(function (c) { c.addEventListener('change', apply); });
  document.getElementById('next').addEventListener('click', function () { step(1); });
  document.getElementById('prev').addEventListener('click', function () { step(-1); });
  document.getElementById('detail-close').addEventListener('click', close);
  document.addEventListener('keydown', function (e) {
    if (e.target && e.target.tagName === 'INPUT' && e.target.type !== 'checkbox') { return; }
    if (e.ctrlKey || e.metaKey || e.altKey) { return; }
    if (e.key === 'Escape') { close(); }
    else if (e.key === 'n' || e.key === 'j') { step(1); }
    else if (e.key === 'p' || e.key === 'k') { step(-1); }
  });
  function measure() {  // the table header sticks just below the toolbar, whose height changes as it wraps
    var bar = document.getElementById('toolbar');
    document.documentElement.style.setProperty('--toolbar', bar.offsetHeight + 'px');
  }
  window.addEventListener('resize', measure);
  measure();
  apply();
  var chunks = document.querySelectorAll('span.chunk');
  function pair(c, on) {
    var ids = c.dataset.pair.split(' ');
    chunks.forEach(function (o) {
      if (o.dataset.pair.split(' ').some(function (id) { return ids.indexOf(id) >= 0; })) {
        o.classList.toggle('paired', on);
      }
    });
  }
  chunks.forEach(function (c) {
    c.addEventListener('mouseenter', function () { pair(c, true); });
    c.addEventListener('mouseleave', function () { pair(c, false); });
  });
})();
"""


def render_html(alignment: Alignment, divergences: Iterable[Divergence] = (), *, low_score: float = 0.5,
                title: str | None = None, chunks: bool = False) -> str:
    """A self-contained HTML report of ``alignment`` with ``divergences`` highlighted.

    ``low_score``: beads scoring below it are marked as low confidence. ``title`` defaults
    to "bialign report". ``chunks``: outline on hover which phrase of one side renders which
    of the other (:mod:`bialign.compare.chunks`; Japanese-English only, about a second per
    300 sentences). The result is deterministic: the same input gives the same bytes.
    """
    from .notices import alignment_notices

    divs = list(divergences)
    pairs = _chunk_ranges(alignment) if chunks else {}
    e = _escape

    def a(text: str) -> str:  # in an attribute or <title>, where no markup can go
        return _escape(text, attribute=True)

    title = title or "bialign report"
    low = sum(1 for b in alignment.beads if b.score < low_score)
    counts = {sev: sum(1 for d in divs if _severity(d) == sev) for sev in ("major", "minor", "info")}
    kinds: dict[str, int] = {}
    for d in divs:
        kinds[d.kind] = kinds.get(d.kind, 0) + 1
    notes = [n for n in (translation_warning(alignment), *alignment_notices(alignment)) if n]
    warning = "".join(f'<p class="warning" role="alert">Warning: {e(n)}.</p>\n' for n in notes)
    out = [
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n",
        f'<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        f"style-src '{_sha256(_CSS)}'; script-src '{_sha256(_JS)}'\">\n",
        f"<title>{a(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n",
        _toolbar(counts, kinds),
        f"<h1>{e(title)}</h1>\n",
        f'<p class="meta">{len(alignment.beads)} beads, {low} below {low_score:g} (low confidence); '
        f"{len(divs)} divergences ({counts['major']} major, {counts['minor']} minor, {counts['info']} info). "
        f"{e(alignment.src_lang)} → {e(alignment.tgt_lang)}</p>\n",
        '<details class="provenance meta"><summary>How this report was made (provenance)</summary>'
        f"<code>{e(alignment.provenance.signature())}</code></details>\n",
        warning,
        _legend(low_score),
        '<table id="beads">\n<thead><tr><th>bead</th><th>score</th>'
        f'<th lang="{a(alignment.src_lang)}">{e(alignment.src_lang)}</th>'
        f'<th lang="{a(alignment.tgt_lang)}">{e(alignment.tgt_lang)}</th></tr></thead>\n<tbody>\n',
    ]
    moved = set(alignment.moved)
    for i, bead in enumerate(alignment.beads):
        is_low = bead.score < low_score
        badge = ' <span class="badge low">low</span>' if is_low else ""
        if i in moved:
            badge += ' <span class="badge moved">moved</span>'
        out.append(
            f'<tr id="bead-{i}" class="bead{" low" if is_low else ""}">'
            f'<td class="num">{i}<br>{e(bead.type)}</td><td class="score">{bead.score:.3f}{badge}</td>'
            f'<td class="src" lang="{a(alignment.src_lang)}">'
            f"{_cell(alignment.src_text, alignment.src_sentences, bead.src, i, divs, 'src', pairs.get((i, 'src'), []))}</td>"
            f'<td class="tgt" lang="{a(alignment.tgt_lang)}">'
            f"{_cell(alignment.tgt_text, alignment.tgt_sentences, bead.tgt, i, divs, 'tgt', pairs.get((i, 'tgt'), []))}</td></tr>\n"
        )
    out.append("</tbody>\n</table>\n")
    out.append(_divergence_list(divs))
    out.append('<aside id="detail" role="dialog" aria-label="flag details" hidden>'
               '<button type="button" id="detail-close" aria-label="close" title="close (Esc)">×</button>'
               '<div id="detail-body" aria-live="polite"></div></aside>\n')
    out.append(f"<script>{_JS}</script>\n</body>\n</html>\n")
    return "".join(out)


def _toolbar(counts: dict[str, int], kinds: dict[str, int]) -> str:
    e = _escape
    severities = "".join(
        f'<label><input type="checkbox" name="severity" value="{sev}" checked> '
        f'<span class="badge {sev}">{sev}</span> {counts[sev]}</label>' for sev in ("major", "minor", "info"))
    kind_boxes = "".join(
        f'<label><input type="checkbox" name="kind" value="{e(kind, attribute=True)}" checked> {e(kind)} {n}</label>'
        for kind, n in sorted(kinds.items()))
    return ('<nav id="toolbar" aria-label="flags">'
            f'<fieldset><legend>severity</legend>{severities}</fieldset>'
            f'<fieldset><legend>kind</legend>{kind_boxes or "<span>none</span>"}</fieldset>'
            '<label><input type="checkbox" id="only-flagged"> only beads with a flag shown</label>'
            '<span><button type="button" id="prev" title="previous flag (p or k)">◀ previous</button> '
            f'<span id="position" aria-live="polite">– of {sum(kinds.values())}</span> '
            '<button type="button" id="next" title="next flag (n or j)">next ▶</button></span>'
            "</nav>\n")


def _legend(low_score: float) -> str:
    entries = (
        ('<mark class="major">major</mark>', "a divergence the check is sure of (confidence 0.8 or more): two "
         "numbers that differ, a name or hedge that was dropped"),
        ('<mark class="minor">minor</mark>', "likely worth a look (confidence 0.5 to 0.8)"),
        ('<mark class="info">info</mark>', "the check could not decide (under 0.5): glance at it"),
        ('<mark class="minor">∅</mark>', "the other side has nothing for the marked text: the mark "
         "stands where the translation (or the source) is silent"),
        ('<span class="empty">—</span>', "this side of the bead is empty: a sentence with no counterpart "
         "(a 1-0 or 0-1 bead)"),
        ('<span class="badge low">low</span>', f"the bead scores under {low_score:g}: the alignment itself "
         "may be wrong (the row is tinted)"),
        ('<span class="badge moved">moved</span>', "the target sentence stands elsewhere in its text "
         "(translated in another place)"),
        ("1-2, 0.953", "the bead's type (sentences on each side) and score: the chance that the pairing "
         "is right"),
        ("hover, click", "hover a mark for the explanation, click it (or Enter) for the evidence; n/j and p/k "
         "step through the flags, Esc closes the panel"),
    )
    rows = "".join(f"<div><dt>{mark}</dt> <dd>{text}</dd></div>" for mark, text in entries)
    return f'<dl class="legend" id="legend">{rows}</dl>\n'


def write_html(alignment: Alignment, divergences: Iterable[Divergence], path: str | os.PathLike[str], *,
               overwrite: bool = False, low_score: float = 0.5, title: str | None = None,
               chunks: bool = False) -> None:
    """Write :func:`render_html` to ``path`` atomically (refusing to replace a file unless ``overwrite``)."""
    from .formats import atomic_writer

    text = render_html(alignment, divergences, low_score=low_score, title=title, chunks=chunks)
    with atomic_writer(path, overwrite=overwrite) as fh:
        fh.write(text)


def _chunk_ranges(alignment: Alignment) -> dict[tuple[int, str], list[tuple[int, int, str]]]:
    """``(start, end, pair ids)`` of the linked chunks of each bead side: ids ``"<bead>-<n>"``
    shared by a Japanese chunk and the English chunks that render it."""
    from .compare._common import bead_views
    from .compare.chunks import bead_chunks

    if {alignment.src_lang, alignment.tgt_lang} != {"ja", "en"}:
        raise ValueError(f"chunks=True needs a Japanese-English alignment; this one is "
                         f"{alignment.src_lang!r} -> {alignment.tgt_lang!r}: drop chunks=True")
    out: dict[tuple[int, str], list[tuple[int, int, str]]] = {}
    for view in bead_views(alignment):
        if view.ja.empty or view.en.empty:
            continue
        ids: dict[tuple[str, int, int], list[str]] = {}
        for n, p in enumerate(bead_chunks(view).pairs):
            for c in (p.ja, p.en):
                ids.setdefault((c.lang, c.start, c.end), []).append(f"{view.index}-{n}")
        ja_side, en_side = ("src", "tgt") if view.ja_is_source else ("tgt", "src")
        for (lang, start, end), pair_ids in sorted(ids.items(), key=lambda kv: kv[0][1]):
            out.setdefault((view.index, ja_side if lang == "ja" else en_side), []).append(
                (start, end, " ".join(pair_ids)))
    return out


def _cell(text: str, sentences: Sequence[Any], ids: Sequence[int], bead_index: int, divs: list[Divergence],
          side: str, chunks: Sequence[tuple[int, int, str]] = ()) -> str:
    """The HTML of one side of one bead: its text from the first to the last sentence, with marks
    (and, with ``chunks``, each linked chunk's pieces in a ``span.chunk`` naming its pairs)."""
    if not ids:
        gaps = [(k, d) for k, d in enumerate(divs) if d.bead == bead_index and _span(d, side, len(text))[0] ==
                _span(d, side, len(text))[1]]
        return '<span class="empty">—</span>' + "".join(_gap_mark(k, d) for k, d in gaps)
    start, end = sentences[ids[0]].start, sentences[ids[-1]].end
    ranges: list[tuple[int, int, int]] = []  # (start, end, divergence index), clipped to the cell
    gaps: list[tuple[int, int]] = []  # (position, divergence index) of empty spans
    for k, d in enumerate(divs):
        s, t = _span(d, side, len(text))
        if s == t:
            if d.bead == bead_index:
                gaps.append((min(max(s, start), end), k))
        elif s < end and t > start:
            ranges.append((max(s, start), min(t, end), k))
    chunks = [(max(s, start), min(t, end), ids_) for s, t, ids_ in chunks if s < end and t > start]
    cuts = sorted({start, end, *(p for r in ranges for p in r[:2]), *(g[0] for g in gaps),
                   *(p for c in chunks for p in c[:2])})
    out = []
    for n, a in enumerate(cuts):
        out.extend(_gap_mark(k, divs[k]) for pos, k in gaps if pos == a)
        if n + 1 == len(cuts):
            break
        b = cuts[n + 1]
        covering = [k for s, t, k in ranges if s <= a and b <= t]
        piece = _escape(text[a:b])
        if covering:
            worst = max((divs[k] for k in covering), key=lambda d: _SEVERITY_RANK.get(d.severity, 0))
            tip = " | ".join(f"{divs[k].kind} ({divs[k].severity}): {divs[k].explanation}" for k in covering)
            piece = (f'<mark class="div {_escape(_severity(worst))}" tabindex="0" '
                     f'data-div="{" ".join(str(k) for k in covering)}" data-tip="{_escape(tip, attribute=True)}">'
                     f'{piece}</mark>')
        chunk = next((c for c in chunks if c[0] <= a and b <= c[1]), None)
        if chunk is not None:
            piece = f'<span class="chunk" data-pair="{_escape(chunk[2], attribute=True)}">{piece}</span>'
        out.append(piece)
    return "".join(out)


def _gap_mark(k: int, d: Divergence) -> str:
    tip = f"{d.kind} ({d.severity}): {d.explanation}"
    return (f'<mark class="div gap {_escape(_severity(d))}" tabindex="0" data-div="{k}" '
            f'data-tip="{_escape(tip, attribute=True)}">∅</mark>')


def _divergence_list(divs: list[Divergence]) -> str:
    if not divs:
        return '<h2>Divergences</h2>\n<p class="meta">none found</p>\n'
    items, templates = [], []
    # reading order: by bead, then where the flag starts in the source, then as the checks gave them
    ordered = sorted(range(len(divs)), key=lambda k: (divs[k].bead, _span(divs[k], "src", 1 << 62)[0], k))
    for k in ordered:
        d = divs[k]
        body = _explain_body(d)
        items.append(f'<li data-div="{k}" data-kind="{_escape(d.kind, attribute=True)}" data-severity="{_severity(d)}">'
                     f'<a href="#bead-{d.bead}">bead {d.bead}</a> {body}</li>\n')
    for k, d in enumerate(divs):
        templates.append(f'<div class="explain" id="explain-{k}">{_explain_body(d)}</div>\n')
    return ('<h2>Divergences</h2>\n<ol id="divergences">\n' + "".join(items) + "</ol>\n"
            + '<div id="explanations">\n' + "".join(templates) + "</div>\n")


def _explain_body(d: Divergence) -> str:
    e = _escape
    evidence = "".join(f"<dt>{e(evidence_label(str(key)))}</dt><dd>{e(_plain(value))}</dd>"
                       for key, value in d.evidence.items())
    return (f'<strong>{e(d.kind)}</strong> <span class="badge {e(_severity(d))}">{e(d.severity)}</span> '
            f"<span class=\"meta\">check: {e(d.check)}</span><br>{e(d.explanation)}<br>"
            f"<q>{e(d.src_text)}</q> → <q>{e(d.tgt_text) if d.tgt_text else '(nothing)'}</q>"
            + (f'<dl class="evidence">{evidence}</dl>' if evidence else ""))


def evidence_label(key: str) -> str:
    """An evidence key in words: :data:`EVIDENCE_LABELS`, else the key with ja/en/src/tgt spelt out."""
    if key in EVIDENCE_LABELS:
        return EVIDENCE_LABELS[key]
    return " ".join(_WORDS.get(part, part) for part in key.replace("-", "_").split("_") if part) or key


def _span(d: Divergence, side: str, length: int) -> tuple[int, int]:
    s, t = d.src_span if side == "src" else d.tgt_span
    s, t = max(0, min(int(s), length)), max(0, min(int(t), length))
    return (s, max(s, t))


def _severity(d: Divergence) -> str:
    return d.severity if d.severity in _SEVERITY_RANK else "info"


def _plain(value: Any) -> str:
    """An evidence value in words: none, yes/no, comma-separated items, "key: value" pairs."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        return value or "(empty)"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=str) if isinstance(value, (set, frozenset)) else list(value)
        return ", ".join(_plain(v) for v in items) if items else "none"
    if isinstance(value, dict):
        return "; ".join(f"{evidence_label(str(k))}: {_plain(v)}" for k, v in value.items()) or "none"
    return str(value)


def _escape(text: str, *, attribute: bool = False) -> str:
    """HTML-escaped ``text``; bidirectional controls (U+202E ...) are shown as marks, not applied."""
    escaped = html.escape(text, quote=True)
    if attribute:
        return show_bidi_controls(escaped, "[U+{code:04X}]")
    return show_bidi_controls(escaped, '<span class="bidi" title="{name}: shown, not applied">U+{code:04X}</span>')


def _sha256(source: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii")
