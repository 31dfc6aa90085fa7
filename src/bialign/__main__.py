"""``python -m bialign``: the same command line as ``bialign`` (see :mod:`bialign.cli`)."""

from __future__ import annotations

import sys

from .cli import main

sys.exit(main())
