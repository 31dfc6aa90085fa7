"""``python -m bialign``: the same command line as ``bialign`` (see :mod:`bialign.cli`)."""

from __future__ import annotations

import sys

from .cli import main

if __name__ == "__main__":  # not when a corpus worker process (spawn) imports this module
    sys.exit(main())
