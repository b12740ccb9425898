"""Only regular files are read, and only up to a size cap: a FIFO, a device, /proc or a folder
given as a contract, a `$ref`, a report or a manifest path ends in a clear exit 2, fast."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hostile.harness import DEADLINE, accord, copy_fixture, make_special

PIPE = "named pipe (FIFO)"


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """The `special` workspace: api/openapi.yaml refers to api/pipe.yaml, a FIFO; fifo.yaml is one too."""
    root = copy_fixture("special", tmp_path) / "ws"
    make_special(root / "api" / "pipe.yaml", "fifo")
    make_special(root / "fifo.yaml", "fifo")
    return root


@pytest.mark.parametrize(
    "args",
    [
        ["contracts", "validate", "--no-cache", "fifo.yaml"],
        ["contracts", "lint", "--no-cache", "fifo.yaml"],
        ["contracts", "diff", "fifo.yaml", "api/openapi.yaml"],
        ["pact", "check", "--openapi", "fifo.yaml", "fifo.yaml"],
        ["graph", "--report", "fifo.yaml"],
        ["contracts", "validate", "--no-cache"],  # the $ref to api/pipe.yaml
        ["mocks", "serve", "api/openapi.yaml"],
    ],
    ids=lambda args: " ".join(args[:3]),
)
def test_a_fifo_is_refused_without_being_opened(workspace: Path, args: list[str]) -> None:
    run = accord(args, workspace)

    assert run.code == 2, run.output
    assert PIPE in run.output and "Traceback" not in run.output
    assert run.seconds < DEADLINE


def test_ci_reports_the_fifo_as_a_finding_of_its_step(workspace: Path) -> None:
    run = accord(["ci", "--steps", "validate"], workspace)

    assert run.code == 1, run.output
    assert PIPE in run.output and "validate/input-error" in run.output


def test_contracts_test_refuses_a_fifo_contract(workspace: Path) -> None:
    run = accord(
        ["contracts", "test", "--contract", "fifo.yaml", "--base-url", "http://127.0.0.1:9"], workspace
    )

    assert run.code == 2, run.output
    assert "fifo.yaml" in run.output and "Traceback" not in run.output


def test_a_manifest_contract_that_is_a_fifo(workspace: Path) -> None:
    make_special(workspace / "api" / "openapi.yaml", "fifo")

    run = accord(["contracts", "test", "api"], workspace)
    validate = accord(["contracts", "validate", "--no-cache"], workspace)

    assert run.code == 2 and "Traceback" not in run.output, run.output
    assert validate.code == 2 and PIPE in validate.output, validate.output


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("/dev/zero", "character device"),
        ("/dev/urandom", "character device"),
        ("/proc/self/environ", "binary"),
    ],
)
def test_devices_and_proc_files_as_contracts(tmp_path: Path, path: str, words: str) -> None:
    run = accord(["contracts", "validate", "--no-cache", path], tmp_path)

    assert run.code == 2, run.output
    assert words in run.output


def test_a_ref_to_a_device_is_refused_even_when_outside_refs_are_allowed(tmp_path: Path) -> None:
    workspace = copy_fixture("special", tmp_path) / "ws"
    contract = workspace / "api" / "openapi.yaml"
    contract.write_text(contract.read_text().replace("pipe.yaml#/Pet", "/dev/zero"))

    run = accord(["contracts", "validate", "--no-cache", "--allow-outside-refs"], workspace)

    assert run.code == 2, run.output
    assert "/dev/zero: this is a character device, not a regular file" in run.output


def test_a_ref_to_a_folder(tmp_path: Path) -> None:
    workspace = copy_fixture("special", tmp_path) / "ws"
    (workspace / "api" / "pipe.yaml").mkdir()

    run = accord(["contracts", "validate", "--no-cache"], workspace)

    assert run.code == 2, run.output
    assert "directory, not a file" in run.output


def test_the_size_cap_is_configurable(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_text("openapi: 3.0.3\n" + "# padding\n" * 200_000)  # 2 MB

    capped = accord(
        ["contracts", "validate", "--no-cache", str(big)], tmp_path, env={"ACCORD_MAX_FILE_MB": "1"}
    )
    default = accord(["contracts", "validate", "--no-cache", str(big)], tmp_path)

    assert capped.code == 2 and "accord reads at most 1 MiB" in capped.output, capped.output
    assert "ACCORD_MAX_FILE_MB" in capped.output
    assert "MiB" not in default.output
