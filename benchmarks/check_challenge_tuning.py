"""Validate the hand-made TUNING challenge set (``data/challenge_tuning/``).

Checks, for ``edits.jsonl`` and ``controls.jsonl``:

- every item has its fields, ids are unique and well formed;
- every item comes from a *tuning*-half file (``_kyoto.split()[0]``) and its ``ja`` and ``en_orig``
  are verbatim the corpus Japanese and the final (checked) English version of that sentence;
- no sentence is used twice (within or across the two files);
- edits: ``en != en_orig``; ``ja_focus`` is a substring of ``ja`` (empty only for ``addition``);
  ``en_focus`` is a substring of ``en`` (empty only for ``omission``); 11 items per category;
- controls: ``untouched`` items keep ``en == en_orig``, rewordings change it; 50 untouched and 10 per
  rewording category.

Prints a summary table; exits with status 1 if anything is wrong.

    python benchmarks/check_challenge_tuning.py
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _kyoto  # noqa: E402

DATA = Path(__file__).resolve().parent / "data" / "challenge_tuning"

EDIT_CATEGORIES = [
    "number", "era_date", "time_reference", "name", "status_title", "hedge_dropped", "hedge_added",
    "negation", "modality", "attribution", "quotation", "omission", "addition", "degree", "idiom",
]
EDIT_PER_CATEGORY = 11
CONTROL_COUNTS = {
    "untouched": 50, "synonym": 10, "voice": 10, "clause_order": 10, "number_form": 10,
    "name_order": 10, "hedge_form": 10, "negation_form": 10,
}
EDIT_FIELDS = ["id", "category", "file", "sid", "ja", "en_orig", "en", "ja_focus", "en_focus", "note"]
CONTROL_FIELDS = ["id", "category", "file", "sid", "ja", "en_orig", "en", "note"]


def load(path: Path, errors: list[str]) -> list[dict]:
    items = []
    if not path.is_file():
        errors.append(f"{path.name}: missing")
        return items
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            items.append(json.loads(line))
        except json.JSONDecodeError as exc:
            errors.append(f"{path.name}:{n}: not JSON ({exc})")
    return items


def main() -> int:
    errors: list[str] = []
    tuning, held_out = _kyoto.split()
    tuning_set, held_set = set(tuning), set(held_out)
    edits = load(DATA / "edits.jsonl", errors)
    controls = load(DATA / "controls.jsonl", errors)

    seen_ids: set[str] = set()
    seen_sentences: dict[tuple[str, str], str] = {}

    def common(item: dict, fields: list[str], id_re: str, fname: str) -> bool:
        iid = item.get("id", "?")
        missing = [f for f in fields if f not in item]
        if missing:
            errors.append(f"{fname} {iid}: missing fields {missing}")
            return False
        extra = [f for f in item if f not in fields]
        if extra:
            errors.append(f"{fname} {iid}: unexpected fields {extra}")
        for f in fields:
            if not isinstance(item[f], str):
                errors.append(f"{fname} {iid}: field {f} is not a string")
                return False
        if not re.fullmatch(id_re, iid):
            errors.append(f"{fname} {iid}: malformed id")
        if iid in seen_ids:
            errors.append(f"{fname} {iid}: duplicate id")
        seen_ids.add(iid)
        if item["file"] in held_set:
            errors.append(f"{fname} {iid}: {item['file']} is a HELD-OUT file")
            return False
        if item["file"] not in tuning_set:
            errors.append(f"{fname} {iid}: {item['file']} is not a corpus file")
            return False
        key = (item["file"], item["sid"])
        if key in seen_sentences:
            errors.append(f"{fname} {iid}: sentence {key} already used by {seen_sentences[key]}")
        seen_sentences[key] = iid
        sents = {s.sid: s for s in _kyoto.article(item["file"])}
        sen = sents.get(item["sid"])
        if sen is None:
            errors.append(f"{fname} {iid}: no sentence {item['sid']} in {item['file']}")
            return False
        if item["ja"] != sen.ja:
            errors.append(f"{fname} {iid}: ja differs from the corpus")
        if item["en_orig"] != sen.final:
            errors.append(f"{fname} {iid}: en_orig differs from the corpus final version")
        if not item["note"].strip():
            errors.append(f"{fname} {iid}: empty note")
        if not item["en"].strip():
            errors.append(f"{fname} {iid}: empty en")
        return True

    for e in edits:
        if not common(e, EDIT_FIELDS, r"t-\d{3}", "edits"):
            continue
        iid, cat = e["id"], e["category"]
        if cat not in EDIT_CATEGORIES:
            errors.append(f"edits {iid}: unknown category {cat!r}")
        if e["en"] == e["en_orig"]:
            errors.append(f"edits {iid}: en equals en_orig")
        if e["ja_focus"]:
            if e["ja_focus"] not in e["ja"]:
                errors.append(f"edits {iid}: ja_focus not a substring of ja")
        elif cat != "addition":
            errors.append(f"edits {iid}: empty ja_focus outside 'addition'")
        if e["en_focus"]:
            if e["en_focus"] not in e["en"]:
                errors.append(f"edits {iid}: en_focus not a substring of en")
        elif cat != "omission":
            errors.append(f"edits {iid}: empty en_focus outside 'omission'")
        if cat == "omission" and len(e["en"]) >= len(e["en_orig"]):
            errors.append(f"edits {iid}: omission does not shorten the English")
        if cat == "addition" and len(e["en"]) <= len(e["en_orig"]):
            errors.append(f"edits {iid}: addition does not lengthen the English")

    for c in controls:
        if not common(c, CONTROL_FIELDS, r"tc-\d{3}", "controls"):
            continue
        iid, cat = c["id"], c["category"]
        if cat not in CONTROL_COUNTS:
            errors.append(f"controls {iid}: unknown category {cat!r}")
        elif cat == "untouched" and c["en"] != c["en_orig"]:
            errors.append(f"controls {iid}: untouched but en differs from en_orig")
        elif cat != "untouched" and c["en"] == c["en_orig"]:
            errors.append(f"controls {iid}: rewording leaves en unchanged")
        if cat == "untouched":
            sen = {s.sid: s for s in _kyoto.article(c["file"])}.get(c["sid"])
            if sen is not None and not sen.unchanged:
                errors.append(f"controls {iid}: untouched item is not an unrevised, uncommented sentence")

    ec = Counter(e.get("category") for e in edits)
    cc = Counter(c.get("category") for c in controls)
    for cat in EDIT_CATEGORIES:
        if ec[cat] != EDIT_PER_CATEGORY:
            errors.append(f"edits: {ec[cat]} items in {cat}, expected {EDIT_PER_CATEGORY}")
    for cat, want in CONTROL_COUNTS.items():
        if cc[cat] != want:
            errors.append(f"controls: {cc[cat]} items in {cat}, expected {want}")

    print(f"tuning-half files: {len(tuning)} (held-out: {len(held_out)})")
    print(f"{'edits':<16}{'n':>4}   {'controls':<16}{'n':>4}")
    rows = max(len(EDIT_CATEGORIES), len(CONTROL_COUNTS))
    ckeys = list(CONTROL_COUNTS)
    for i in range(rows):
        left = f"{EDIT_CATEGORIES[i]:<16}{ec[EDIT_CATEGORIES[i]]:>4}" if i < len(EDIT_CATEGORIES) else " " * 20
        right = f"{ckeys[i]:<16}{cc[ckeys[i]]:>4}" if i < len(ckeys) else ""
        print(f"{left}   {right}")
    print(f"{'total':<16}{len(edits):>4}   {'total':<16}{len(controls):>4}")
    files = {k[0] for k in seen_sentences}
    print(f"distinct sentences: {len(seen_sentences)} from {len(files)} tuning-half files")
    if errors:
        print(f"\n{len(errors)} problem(s):")
        for msg in errors:
            print("  " + msg)
        return 1
    print("\nOK: all checks passed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
