"""Helpers for the pact tests: run the example's consumer tests for real, in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ROOT

PACT_FIXTURES = FIXTURES / "pact"
# The pact a scaffolded `lending` wrote with accord_pact: one interaction catalog keeps, one it does not.
LENDING_PACT = PACT_FIXTURES / "scaffolded" / "lending-catalog.json"


def catalog_with_a_pact(tmp_path: Path) -> Path:
    """From an empty folder: init, scaffold catalog, and a consumer's pact naming it."""
    import shutil

    from accord.manifest import find_workspace, init_manifest
    from accord.scaffold import ScaffoldRequest, scaffold_service

    system = tmp_path / "lib"
    init_manifest(system, "lib")
    scaffold_service(
        find_workspace(explicit=system), ScaffoldRequest("catalog", broker="none", gateway="none")
    )
    (system / "pacts").mkdir()
    shutil.copy(LENDING_PACT, system / "pacts" / LENDING_PACT.name)
    return system


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
