"""Bad input that used to end in "internal error" (exit 70) ends in a clear exit 2 or a finding."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from accord.mocks.runner import MockRunner, MockSpec
from tests.hostile.harness import HOSTILE, accord, copy_fixture, make_special

DEEP = HOSTILE / "deep"
CYCLES = HOSTILE / "cycles"


@pytest.mark.parametrize(
    "args",
    [
        ["contracts", "validate", "--no-cache", "loop.yaml"],
        ["contracts", "lint", "--no-cache", "loop.yaml"],
        ["contracts", "diff", "loop.yaml", "loop.yaml"],
        ["contracts", "test", "--contract", "loop.yaml", "--base-url", "http://127.0.0.1:9"],
        ["mocks", "serve", "loop.yaml"],
        ["graph", "--report", "loop.yaml"],
    ],
    ids=lambda args: " ".join(args[:2]),
)
def test_a_contract_that_is_a_symlink_loop(tmp_path: Path, args: list[str]) -> None:
    (tmp_path / "accord.yaml").write_text("version: 1\nsystem: loop\nservices: {}\n")
    make_special(tmp_path / "loop.yaml", "loop")

    run = accord(args, tmp_path)

    assert run.code == 2, run.output
    assert "loop.yaml" in run.output and "internal error" not in run.output


@pytest.mark.parametrize(
    "args", [["contracts", "validate", "--no-cache"], ["contracts", "lint", "--no-cache"]]
)
def test_a_number_of_5000_digits_is_refused_at_its_line(tmp_path: Path, args: list[str]) -> None:
    run = accord([*args, str(DEEP / "huge-maximum.yaml")], tmp_path)

    assert run.code == 2, run.output
    assert "huge-maximum.yaml:13:20: a number with more than 4,300 digits" in run.output


def test_diff_of_a_number_of_5000_digits(tmp_path: Path) -> None:
    old = DEEP / "huge-maximum.yaml"
    new = tmp_path / "new.yaml"
    new.write_text(old.read_text().replace("type: integer, maximum: 9", "type: integer, maximum: 8", 1))

    run = accord(["contracts", "diff", str(old), str(new)], tmp_path)

    assert run.code == 2, run.output
    assert "more than 4,300 digits" in run.output


@pytest.fixture
def deep_mock() -> Iterator[str]:
    with MockRunner([MockSpec("deep", "openapi", DEEP / "allof-190.yaml")]) as running:
        yield running[0].url


@pytest.mark.integration
def test_contracts_test_on_allof_nested_190_deep(tmp_path: Path, deep_mock: str) -> None:
    args = ["contracts", "test", "--contract", str(DEEP / "allof-190.yaml"), "--base-url", deep_mock]

    run = accord([*args, "--max-examples", "2"], tmp_path)

    assert run.code == 2, run.output
    assert "allof-190.yaml: schemathesis cannot test this contract: its schemas nest too deeply" in run.output


def test_graph_report_nested_10000_deep(tmp_path: Path) -> None:
    workspace = copy_fixture("special", tmp_path) / "ws"
    (workspace / "deep.json").write_text("[" * 10_000 + "]" * 10_000)

    run = accord(["graph", "--report", "deep.json"], workspace)

    assert run.code == 2, run.output
    assert "deep.json: not a json report: it is nested too deeply" in run.output


@pytest.mark.parametrize("name", ["allof-cycle.yaml", "required-cycle.yaml"])
def test_a_mock_refuses_to_start_on_a_schema_that_never_ends(tmp_path: Path, name: str) -> None:
    validate = accord(["contracts", "validate", "--no-cache", str(CYCLES / name)], tmp_path)
    serve = accord(["mocks", "serve", str(CYCLES / name)], tmp_path)

    assert validate.code == 0, validate.output  # legal OpenAPI: only a generator cannot finish it
    assert serve.code == 2, serve.output
    assert (
        f"{name}:8:9: GET /nodes: the 200 response (application/json) has no finite example" in serve.output
    )


@pytest.mark.slow
def test_diff_base_ref_in_a_repository_of_40000_json_files(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path / "repo"
    shutil.copytree(HOSTILE / "special" / "ws" / "api", repo)
    (repo / "openapi.yaml").write_text(
        (repo / "openapi.yaml").read_text().replace("pipe.yaml#/Pet", "pet.yaml")
    )
    (repo / "pet.yaml").write_text("type: object\n")
    _commit_with_many_json_files(repo, 40_000)

    run = accord(["contracts", "diff", "--base-ref", "HEAD", "openapi.yaml"], repo)

    assert run.code == 0, run.output
    assert "diff: passed" in run.output


def _commit_with_many_json_files(repo: Path, count: int) -> None:
    """A commit holding the working tree plus `count` JSON files, which exist only in git:
    one blob, many index entries (writing 40,000 files would take a minute here)."""

    def git(*args: str, stdin: str | None = None) -> str:
        done = subprocess.run(
            ["git", "-c", "user.email=t@example.com", "-c", "user.name=t", *args],
            cwd=repo,
            input=stdin,
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout.strip()

    git("init", "-q")
    git("add", "-A")
    blob = git("hash-object", "-w", "--stdin", stdin="{}\n")
    entries = "".join(f"100644 {blob}\tdata/file-{i:05d}.json\n" for i in range(count))
    git("update-index", "--index-info", stdin=entries)
    git("commit", "-q", "-m", "many json files")
    git("rm", "-q", "--cached", "-r", "data")
