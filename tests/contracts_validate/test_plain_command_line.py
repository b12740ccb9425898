"""`accord contracts validate FILE...`, `lint FILE...` and `diff OLD NEW` with only paths and
on/off flags run without typer (`accord.cli.direct`): the same output, the same exit codes,
as through the command tree."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import accord
from accord.cli.direct import run_plain_command

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
GOOD = FIXTURES / "validate" / "good"
BAD = FIXTURES / "validate" / "bad"
HOSTILE = FIXTURES / "hostile"
DIFF = FIXTURES / "diff"
# The processes run in a temporary folder (no accord.yaml above it): this checkout's code.
ENV = {**os.environ, "PYTHONPATH": str(Path(accord.__file__).resolve().parent.parent)}


def _accord(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**ENV, "XDG_CACHE_HOME": str(cwd / "cache")}
    return subprocess.run(
        [sys.executable, "-m", "accord", *args], capture_output=True, text=True, cwd=cwd, env=env, check=False
    )


def _pair(folder: Path) -> list[str]:
    return [str(folder / "old.yaml"), str(folder / "new.yaml")]


@pytest.mark.parametrize(
    "args",
    [
        ["diff", *_pair(DIFF / "checks" / "operation-removed")],
        ["diff", *_pair(DIFF / "same" / "renamed-component"), "--allow-outside-refs"],
        ["diff", str(DIFF / "broken" / "bad-yaml.yaml"), str(GOOD / "openapi30.yaml")],
        ["diff", str(GOOD / "openapi30.yaml")],
        ["validate", str(GOOD / "openapi30.yaml")],
        ["lint", "--no-cache", str(GOOD / "openapi30.yaml"), str(BAD / "example-invalid.yaml")],
        ["lint", str(GOOD / "asyncapi2.yaml"), "--allow-outside-refs"],
        ["lint", "--no-cache", str(HOSTILE / "binary.yaml")],
        ["validate", "--lint", "--no-cache", str(GOOD / "openapi31.yaml"), str(GOOD / "asyncapi3.yaml")],
        ["validate", "--no-cache", str(BAD / "example-invalid.yaml"), "--lint"],
        ["validate", str(BAD / "unresolved-ref.yaml"), "--no-cache", "--allow-outside-refs"],
        ["validate", "--no-cache", str(HOSTILE / "bad-version.yaml")],
        ["validate", "--no-cache", str(HOSTILE / "binary.yaml")],
        ["validate", "--no-cache", "no-such-file.yaml"],
        ["validate", str(GOOD / "multi")],
    ],
)
def test_a_plain_command_line_answers_as_the_command_tree_does(args: list[str], tmp_path: Path) -> None:
    plain = _accord(["contracts", *args], tmp_path)
    # `--debug` before the command is not a plain command line: this one goes through typer.
    through_typer = _accord(["--debug", "contracts", *args], tmp_path)
    assert (plain.returncode, plain.stdout, plain.stderr) == (
        through_typer.returncode,
        through_typer.stdout,
        through_typer.stderr,
    )
    assert "Traceback" not in plain.stderr


@pytest.mark.parametrize(
    "argv",
    [
        ["contracts", "validate"],  # every contract of accord.yaml
        ["contracts", "validate", "--format", "json", "a.yaml"],
        ["contracts", "validate", "-w", "here", "a.yaml"],
        ["contracts", "validate", "--", "a.yaml"],
        ["contracts", "validate", "--help"],
        ["contracts", "validate", ""],
        ["contracts", "lint", "--format", "sarif", "a.yaml"],
        ["contracts", "lint"],
        ["contracts", "test", "a.yaml"],
        ["contracts", "diff", "--base-ref", "main"],
        ["contracts", "diff", "--format", "markdown", "old.yaml", "new.yaml"],
        ["contracts", "diff", "--lint", "old.yaml", "new.yaml"],
        ["--debug", "contracts", "validate", "a.yaml"],
    ],
)
def test_anything_else_is_left_to_typer(argv: list[str]) -> None:
    assert run_plain_command(argv) is None


@pytest.mark.parametrize(
    "argv",
    [
        ["validate", "--lint", "--no-cache", str(GOOD / "openapi30.yaml")],
        ["lint", "--no-cache", str(BAD / "example-invalid.yaml")],
        ["diff", *_pair(DIFF / "checks" / "operation-removed")],
    ],
)
def test_the_plain_command_line_imports_neither_typer_nor_pydantic(argv: list[str], tmp_path: Path) -> None:
    """Nor, outside a workspace, the model of accord.yaml: there is none to load. Nor
    dataclasses: importing it (it imports inspect) and making a class with it cost 0.5 ms a
    class, a quarter of these commands' start-up before their records became named tuples
    and plain classes."""
    probe = (
        "import sys\n"
        "from accord.cli.direct import run_plain_command\n"
        f"code = run_plain_command(['contracts', *{argv!r}])\n"
        "heavy = {'typer', 'click', 'pydantic', 'rich', 'dataclasses', 'inspect'}\n"
        "loaded = sorted({m.split('.')[0] for m in sys.modules} & heavy)\n"
        "print(code, loaded, 'accord.cli.app' in sys.modules, 'accord.manifest' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=tmp_path, env=ENV, check=False
    )
    code, _, rest = done.stdout.strip().splitlines()[-1].partition(" ")
    assert code in ("0", "1")
    assert rest == "[] False False"


@pytest.mark.parametrize(
    "argv",
    [["validate", "--lint", "--no-cache", "api.yaml"], ["lint", "api.yaml"], ["validate", "api.yaml"]],
)
def test_a_hook_in_a_workspace_imports_neither_jsonschema_nor_dataclasses(
    argv: list[str], tmp_path: Path
) -> None:
    """Where pre-commit runs a hook, beside an accord.yaml: the manifest is read and judged
    (by jsonschema_rs: jsonschema's import alone cost 80 ms) and its records made without
    dataclasses."""
    (tmp_path / "api.yaml").write_bytes((GOOD / "openapi30.yaml").read_bytes())
    (tmp_path / "accord.yaml").write_text(
        "version: 1\nsystem: probe\nservices:\n  api:\n    openapi: api.yaml\n    port: 8001\n"
        "    depends_on: [{service: other, timeout: 2s, circuit_breaker: {consecutive_errors: 3}}]\n"
        "  other:\n    port: 8002\n"
    )
    probe = (
        "import sys\n"
        "from accord.cli.direct import run_plain_command\n"
        f"code = run_plain_command(['contracts', *{argv!r}])\n"
        "heavy = {'typer', 'click', 'pydantic', 'rich', 'dataclasses', 'inspect', 'jsonschema'}\n"
        "loaded = sorted({m.split('.')[0] for m in sys.modules} & heavy)\n"
        "print(code, loaded, 'accord.manifest' in sys.modules)\n"
    )
    env = {**ENV, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=tmp_path, env=env, check=False
    )
    assert done.stdout.strip().splitlines()[-1] in ("0 [] True", "1 [] True"), done.stdout + done.stderr


def test_a_diff_of_two_openapi_files_imports_neither_git_nor_the_asyncapi_diff(tmp_path: Path) -> None:
    """The pre-commit hook's diff: `--base-ref` (git, .proto snapshots) and AsyncAPI are for others."""
    argv = ["contracts", "diff", *_pair(DIFF / "checks" / "operation-removed")]
    heavy = [f"accord.contracts.diff.{name}" for name in ("against_ref", "gitbase", "asyncapi")]
    probe = (
        "import sys\n"
        "from accord.cli.direct import run_plain_command\n"
        f"code = run_plain_command({argv!r})\n"
        f"print(code, [m for m in {heavy!r} if m in sys.modules])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=tmp_path, env=ENV, check=False
    )
    assert done.stdout.strip().splitlines()[-1] == "1 []", done.stderr
