"""accord's proto breaking-change verdicts equal `buf breaking`'s, pair by pair and category by
category (WIRE, WIRE_JSON, FILE = accord's wire, wire-json, source), except where accord is
stricter on purpose (the pairs with an `accord:` verdict; the README says why)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from accord.contracts.diff import diff_paths, list_checks
from accord.report import Severity
from tests.conftest import FIXTURES
from tests.npm_packages import npm_installed

BUF_NPM = ("@bufbuild/buf@1.75.0",)
PAIRS: list[dict[str, Any]] = yaml.safe_load((FIXTURES / "proto/breaking/pairs.yaml").read_text())["pairs"]
CATEGORIES = {"wire": "WIRE", "wire-json": "WIRE_JSON", "source": "FILE"}


@pytest.fixture(scope="session")
def buf() -> Path:
    """The buf binary of the npm package @bufbuild/buf (installed once into the test npm cache)."""
    return npm_installed(BUF_NPM) / "node_modules" / ".bin" / "buf"


def write_pair(pair: dict[str, Any], folder: Path) -> tuple[Path, Path]:
    packages = pair.get("package", ["acme.demo.v1", "acme.demo.v1"])
    for side, package in zip(("old", "new"), packages, strict=True):
        (folder / side).mkdir(parents=True)
        (folder / side / "demo.proto").write_text(f'syntax = "proto3";\npackage {package};\n{pair[side]}')
    return folder / "old", folder / "new"


def buf_breaks(buf: Path, old: Path, new: Path, category: str) -> bool:
    config = json.dumps({"version": "v2", "breaking": {"use": [category]}})
    against = ["--against", str(old), "--against-config", config]
    done = subprocess.run(
        [str(buf), "breaking", str(new), "--config", config, *against],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode in (0, 100), done.stderr  # 100: breaking changes found
    return done.returncode == 100


def accord_breaks(old: Path, new: Path, category: str) -> bool:
    changes = diff_paths(old / "demo.proto", new / "demo.proto", category=category).changes
    return any(change.severity is Severity.error for change in changes)


@pytest.mark.integration
@pytest.mark.slow
@pytest.mark.parametrize("pair", PAIRS, ids=[p["name"] for p in PAIRS])
def test_the_verdict_equals_buf_breaking(pair: dict[str, Any], buf: Path, tmp_path: Path) -> None:
    old, new = write_pair(pair, tmp_path)
    theirs = [buf_breaks(buf, old, new, category) for category in CATEGORIES.values()]
    ours = [accord_breaks(old, new, category) for category in CATEGORIES]
    if "accord" in pair:
        assert ours == pair["accord"], "accord's own verdict (wire, wire-json, source)"
        assert ours != theirs, "buf agrees now: drop the `accord:` verdict and the README's difference"
    else:
        assert ours == theirs, f"(wire, wire-json, source): accord {ours}, buf {theirs}"


def test_the_pairs_have_unique_names() -> None:
    names = [pair["name"] for pair in PAIRS]
    assert len(names) == len(set(names))


def test_every_proto_check_fires_on_some_pair(tmp_path: Path) -> None:
    fired: set[str] = set()
    for pair in PAIRS:
        old, new = write_pair(pair, tmp_path / pair["name"])
        fired |= {c.check for c in diff_paths(old / "demo.proto", new / "demo.proto").changes}
    checks = {check_id for check_id, _, _ in list_checks() if check_id.startswith("proto-")}
    assert checks - fired == {"proto-file-removed"}  # a two-file diff is one file: test_proto_diff has it
