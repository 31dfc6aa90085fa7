"""Record a benchmark table in BENCHMARKS.md, with the machine and the date.

Each benchmark owns one section of BENCHMARKS.md, delimited by HTML comments, and replaces
it on every run, so the file always shows the latest measurement of each benchmark.
"""

from __future__ import annotations

import datetime as _dt
import os
import platform
import re
from pathlib import Path

BENCHMARKS_MD = Path(__file__).resolve().parent.parent / "BENCHMARKS.md"
_HEADER = "# Benchmarks\n\nEach section is written by the script it names; re-run the script to refresh it.\n"


def machine() -> str:
    """A one-line description of the machine: CPU, cores, memory, Python."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 2**20:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return f"{cpu}, {os.cpu_count()} cores{mem}, Python {platform.python_version()}"


def markdown_table(headers: list[str], rows: list[list[object]]) -> str:
    def cell(v: object) -> str:
        return f"{v:.3f}" if isinstance(v, float) else str(v)

    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def record(name: str, title: str, body: str, *, script: str) -> None:
    """Replace (or add) the section ``name`` of BENCHMARKS.md with ``body``."""
    today = _dt.date.today().isoformat()
    section = (
        f"<!-- begin:{name} -->\n## {title}\n\n"
        f"Measured {today} on {machine()} by `python {script}`.\n\n{body.strip()}\n"
        f"<!-- end:{name} -->\n"
    )
    text = BENCHMARKS_MD.read_text(encoding="utf-8") if BENCHMARKS_MD.exists() else _HEADER
    pattern = re.compile(rf"<!-- begin:{re.escape(name)} -->.*?<!-- end:{re.escape(name)} -->\n", re.S)
    if pattern.search(text):
        text = pattern.sub(lambda _: section, text)
    else:
        text = text.rstrip("\n") + "\n\n" + section
    BENCHMARKS_MD.write_text(text, encoding="utf-8")
