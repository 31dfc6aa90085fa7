from __future__ import annotations

import os

import pytest


def require_system(available: bool, what: str, install: str) -> None:
    """Skip a test whose system package is missing on a developer's machine; fail it in CI.

    The README's two commands work on a fresh machine without root; CI (``CI`` set, as
    ``.ci/run`` runs) installs the Debian packages, so there a missing one is an error.
    """
    if available:
        return
    message = f"{what} is not installed: {install}"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)
