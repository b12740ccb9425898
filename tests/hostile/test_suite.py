"""The hostile-input suite: every hostile file, as the contract of a service, through every command.

Data-driven: a file added to tests/fixtures/hostile/ (or to its deep/ and cycles/ folders), a
kind added to SPECIALS or a command added to COMMANDS is a new case. Each run must end in
0, 1 or 2 within its CPU budget, print no traceback, create nothing outside its temporary
workspace and change none of the workspace's files.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.hostile.harness import DEADLINE, HOSTILE, WAIT, Run, accord, file_digests, make_special

FILES = sorted(
    [p for p in HOSTILE.iterdir() if p.is_file() or p.name == "directory.yaml"]
    + sorted((HOSTILE / "deep").iterdir())
    + sorted((HOSTILE / "cycles").iterdir())
)
SPECIALS = {"fifo": "fifo", "symlink-loop": "loop"}  # made at run time: git cannot hold them
CASES = [p.relative_to(HOSTILE).as_posix() for p in FILES] + [f"special:{kind}" for kind in SPECIALS]
CONTRACT = "api/openapi.yaml"
MOCK_WAIT = 20.0  # a mock that starts serves until stopped: this long, then it is
COMMANDS = [
    ["contracts", "validate", "--no-cache", CONTRACT],
    ["contracts", "lint", "--no-cache", CONTRACT],
    ["contracts", "diff", CONTRACT, CONTRACT],
    ["graph", "--report", CONTRACT],
    ["pact", "check"],
    ["mocks", "serve", CONTRACT],
    ["contracts", "test", "api"],
    ["ci"],
]
MANIFEST = """\
version: 1
system: hostile
services:
  api:
    path: api
    openapi: api/openapi.yaml
    url: http://127.0.0.1:9
"""
PACT = (HOSTILE / "outside" / "ws" / "pacts" / "web-api.json").read_text()


def _workspace(root: Path, case: str) -> Path:
    workspace = root / "ws"
    (workspace / "api").mkdir(parents=True)
    (workspace / "pacts").mkdir()
    (workspace / "accord.yaml").write_text(MANIFEST)
    (workspace / "pacts" / "web-api.json").write_text(PACT)
    contract = workspace / CONTRACT
    if case.startswith("special:"):
        make_special(contract, SPECIALS[case.removeprefix("special:")])
    elif (HOSTILE / case).is_dir():
        shutil.copytree(HOSTILE / case, contract)
    else:
        shutil.copyfile(HOSTILE / case, contract)
    return workspace


def _acceptable(args: list[str], run: Run) -> bool:
    if run.code is None:  # only a mock that started may still be running at the deadline
        return args[0] == "mocks" and "listening on" in run.output
    return run.code in (0, 1, 2) and run.seconds < DEADLINE


@pytest.mark.slow
@pytest.mark.integration
@pytest.mark.parametrize("case", CASES)
def test_every_command_survives_the_hostile_file(tmp_path: Path, case: str) -> None:
    workspace = _workspace(tmp_path, case)
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    before = file_digests(workspace)
    env = {"TMPDIR": str(scratch), "HOME": str(tmp_path / "home")}

    runs = [
        accord(args, workspace, wait=MOCK_WAIT if args[0] == "mocks" else WAIT, env=env) for args in COMMANDS
    ]

    for args, run in zip(COMMANDS, runs, strict=True):
        where = f"accord {' '.join(args)} on {case}: exit {run.code} in {run.seconds:.1f} s\n{run.output}"
        assert _acceptable(args, run), where
        assert "Traceback" not in run.output and "internal error" not in run.output, where
    assert file_digests(workspace) == before
    assert {p.name for p in tmp_path.iterdir()} <= {"ws", "tmp", "home"}
    assert not any(scratch.iterdir()), sorted(scratch.rglob("*"))
