"""Fixtures of the scaffold tests: a fresh system made by `accord init`, and the fixture templates."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from accord.manifest import Workspace, find_workspace, init_manifest

TEMPLATES = Path(__file__).resolve().parent.parent / "fixtures" / "scaffold"


@pytest.fixture
def system(tmp_path: Path) -> Path:
    """An empty system folder with the accord.yaml of `accord init`."""
    folder = tmp_path / "shop"
    init_manifest(folder, "shop")
    return folder


def workspace(folder: Path) -> Workspace:
    return find_workspace(explicit=folder)


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under `folder` (relative path -> content hash), to prove nothing changed."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }
