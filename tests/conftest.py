"""Shared fixtures: paths to the fixture corpus, the example system and the shared corpus."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("PACT_DO_NOT_TRACK", "true")

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
EXAMPLE = ROOT / "examples" / "shop"
CORPUS = ROOT.parent / "shared" / "corpus"


@pytest.fixture(autouse=True)
def private_xdg_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test reads or writes the user's own cache (~/.cache): each gets an empty one."""
    folder = tmp_path_factory.mktemp("xdg-cache")
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    return folder


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def example_system(tmp_path: Path) -> Path:
    """A private copy of the example shop system, safe to modify."""
    target = tmp_path / "shop"
    shutil.copytree(EXAMPLE, target, ignore=shutil.ignore_patterns("__pycache__", ".accord"))
    return target


@pytest.fixture(scope="session")
def corpus() -> Path:
    """The shared corpus of real public contracts (read-only)."""
    if not CORPUS.is_dir():
        pytest.fail(f"the shared corpus is missing at {CORPUS}")
    return CORPUS
