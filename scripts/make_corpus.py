"""Regenerate corpora/esuj/ from the scraped ESUJ article in ../shared/seeds.

The scrape holds the English article, its footer, the Japanese article and its footer, with
paragraphs repeated. This script uses bialign's own cleaning: it removes the repeated blocks
(reporting each one), splits the paragraphs by script into Japanese and English, sets the
publisher footer line of each language aside into the metadata (reporting it), and writes

    corpora/esuj/ja.txt, corpora/esuj/en.txt   one paragraph per line, UTF-8
    corpora/esuj/metadata.json                 titles, author, date, publisher, provenance

Usage: python scripts/make_corpus.py [SEED_FILE]
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

from bialign.text import japanese_ratio, load_text, remove_repeated_blocks

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "corpora" / "esuj"
FOOTERS = {"en": "The English-Speaking Union of Japan", "ja": "一般社団法人 日本英語交流連盟"}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    seeds = sorted((ROOT.parent / "shared" / "seeds").glob("000_*.txt"))
    seed = Path(argv[0]) if argv else (seeds[0] if seeds else None)
    if seed is None:
        print("no seed file given and none found in ../shared/seeds", file=sys.stderr)
        return 1
    raw = load_text(seed)
    cleaned = remove_repeated_blocks(raw)
    for r in cleaned.removed:
        print(f"removed {r.paragraphs} repeated paragraphs at offset {r.start} "
              f"(repeat of offset {r.original_start}): {r.text[:50]!r}...", file=sys.stderr)

    paragraphs: dict[str, list[str]] = {"ja": [], "en": []}
    for line in cleaned.text.splitlines():
        paragraphs["ja" if japanese_ratio(line) > 0.5 else "en"].append(line)
    for lang, footer in FOOTERS.items():
        if paragraphs[lang][-1] != footer:
            print(f"expected the {lang} article to end with the footer {footer!r}", file=sys.stderr)
            return 1
        paragraphs[lang].pop()
        print(f"set aside the {lang} footer line {footer!r} (publisher, kept in metadata.json)",
              file=sys.stderr)

    OUT.mkdir(parents=True, exist_ok=True)
    for lang, paras in paragraphs.items():
        (OUT / f"{lang}.txt").write_text("\n".join(paras) + "\n", encoding="utf-8")
    metadata = {
        "id": "esuj-2013-12-20-ishigooka",
        "title": {"en": paragraphs["en"][0], "ja": paragraphs["ja"][0]},
        "author": {"en": "ISHIGOOKA Ken", "ja": "石郷岡 健"},
        "author_role": {"en": "Journalist", "ja": "ジャーナリスト"},
        "date": "2013-12-20",
        "publisher": FOOTERS,
        "original_language": "ja",
        "provenance": {
            "source_file": f"shared/seeds/{seed.name}",
            "source_sha256": hashlib.sha256(seed.read_bytes()).hexdigest(),
            "note": "Scraped page holding both language versions. Produced by scripts/make_corpus.py: "
                    "repeated paragraph blocks removed with bialign.text.remove_repeated_blocks, "
                    "paragraphs split by script, the publisher footer line of each language set "
                    "aside here. The text of every kept paragraph is unchanged.",
            "removed_blocks": [
                {"start": r.start, "end": r.end, "paragraphs": r.paragraphs, "repeat_of": r.original_start}
                for r in cleaned.removed
            ],
        },
    }
    (OUT / "metadata.json").write_text(json.dumps(metadata, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {OUT}/ja.txt ({len(paragraphs['ja'])} paragraphs), en.txt ({len(paragraphs['en'])}), metadata.json",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
