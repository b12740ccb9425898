"""Helpers for the pact tests: run the example's consumer tests for real, in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ROOT

PACT_FIXTURES = FIXTURES / "pact"


def run_consumer_tests(
    system: Path, *paths: str, extra: tuple[str, ...] = ()
) -> subprocess.CompletedProcess[str]:
    """`pytest` on consumer tests of a copy of the example system, as a user would run it."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "PACT_DO_NOT_TRACK": "true"}
    targets = [str(system / p) for p in paths] or [str(system / "services")]
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "--rootdir",
            str(system),
            *extra,
            *targets,
        ],
        cwd=system,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def pact_fixtures(monkeypatch: pytest.MonkeyPatch) -> Path:
    """The pact fixture folder, importable (broken providers, provider hooks)."""
    monkeypatch.syspath_prepend(str(PACT_FIXTURES))
    return PACT_FIXTURES
