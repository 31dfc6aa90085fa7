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


@pytest.fixture(scope="session", autouse=True)
def _encoder_cache_dir(tmp_path_factory):
    """The default encoder's model cache (bialign.use_cache) in a directory of this test session, not in
    the user's ~/.cache; subprocesses started by tests inherit it."""
    before = os.environ.get("BIALIGN_CACHE_DIR")
    os.environ["BIALIGN_CACHE_DIR"] = str(tmp_path_factory.mktemp("bialign-cache"))
    yield
    if before is None:
        os.environ.pop("BIALIGN_CACHE_DIR", None)
    else:
        os.environ["BIALIGN_CACHE_DIR"] = before
