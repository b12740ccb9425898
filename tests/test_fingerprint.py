"""The code fingerprint that cache keys carry: it moves when accord's code or a library changes."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from accord.fingerprint import code_fingerprint


@pytest.fixture
def package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "rulespkg"
    folder.mkdir()
    (folder / "__init__.py").write_text("")
    (folder / "rules.py").write_text("SEVERITY = 'error'\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    code_fingerprint.cache_clear()
    yield folder
    code_fingerprint.cache_clear()


def test_an_edited_rule_changes_the_fingerprint_without_a_new_version(package: Path) -> None:
    before = code_fingerprint("rulespkg")
    (package / "rules.py").write_text("SEVERITY = 'warning'\n")
    code_fingerprint.cache_clear()
    assert code_fingerprint("rulespkg") != before


def test_an_upgraded_library_changes_the_fingerprint(package: Path) -> None:
    before = code_fingerprint("accord.fingerprint", ("rulespkg",))
    init = package / "__init__.py"
    init.write_text("__version__ = '2'\n")
    os.utime(init, ns=(1, 1))
    code_fingerprint.cache_clear()
    assert code_fingerprint("accord.fingerprint", ("rulespkg",)) != before


def test_an_unchanged_tree_keeps_its_fingerprint(package: Path) -> None:
    first = code_fingerprint("rulespkg", ("yaml", "not_installed_anywhere"))
    code_fingerprint.cache_clear()
    assert code_fingerprint("rulespkg", ("yaml", "not_installed_anywhere")) == first
