"""Shared fixtures: paths to the fixtures, the example system and the corpus of real public contracts."""

from __future__ import annotations

import gzip
import os
import shutil
import signal
import tarfile
from pathlib import Path
from typing import Any

import pytest

from accord.documents.loader import child_pointer

# A suite started in the background by a script (`python -m pytest &`) inherits SIGINT ignored,
# and so would every `accord mocks serve` the tests start and then stop with Ctrl-C's signal:
# Python's own handler here makes the children start with the default disposition again.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)

os.environ.setdefault("PACT_DO_NOT_TRACK", "true")

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
EXAMPLE = ROOT / "examples" / "shop"
CORPUS = FIXTURES / "corpus"


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
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus of real public contracts (tests/fixtures/corpus), unpacked once into a temp folder."""
    target = tmp_path_factory.mktemp("corpus")
    for source in sorted(CORPUS.iterdir()):
        if source.is_dir():
            _unpack_folder(source, target / source.name)
    return target


def _unpack_folder(source: Path, target: Path) -> None:
    """Copy a corpus folder, unpacking `*.gz` files and `*.tar.gz` archives beside the rest."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("*.gz"))
    for packed in source.glob("*.tar.gz"):
        with tarfile.open(packed) as archive:
            archive.extractall(target, filter="data")
    for packed in source.glob("*.gz"):
        if not packed.name.endswith(".tar.gz"):
            with gzip.open(packed) as data, open(target / packed.stem, "wb") as out:
                shutil.copyfileobj(data, out)


def every_pointer(value: Any, pointer: str = "") -> list[str]:
    """The JSON pointer of `value` and of every mapping member and list item inside it."""
    found = [pointer]
    if isinstance(value, dict):
        for key, child in value.items():
            found += every_pointer(child, child_pointer(pointer, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += every_pointer(child, child_pointer(pointer, index))
    return found
