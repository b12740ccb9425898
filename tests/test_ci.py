"""`accord ci`: steps from the registry, run in parallel, merged into one report and one exit code."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord.ci import STEPS, CiOptions, run_ci
from accord.cli.app import app
from accord.contracts.schemathesis_run import EngineOptions
from accord.errors import ConfigError, InputError
from accord.manifest import find_workspace, init_manifest
from accord.report import Report
from accord.scaffold import ScaffoldRequest, scaffold_service
from tests.conftest import FIXTURES

CONFORMANCE = FIXTURES / "conformance"
FAST = CiOptions(conformance=EngineOptions(phases=("coverage",), max_examples=3, seed=1))


def test_contracts_test_findings_are_merged_with_the_step_as_prefix() -> None:
    run = run_ci(find_workspace(explicit=CONFORMANCE), FAST)
    report = run.report()
    assert report.exit_code == 1
    ours = [f for f in report.findings if f.rule.startswith("contracts-test/")]
    assert ours and all(f.rule.startswith("contracts-test/conformance.") for f in ours)
    assert all(f.rule.split("/")[0] in STEPS for f in report.findings)  # every finding names its step
    (row,) = [r for r in run.summary_rows() if r[0] == "contracts-test"]
    assert row[1] == "failed" and row[2] == sum(f.severity.value == "error" for f in ours)


def test_a_manifest_without_testable_services_skips_the_step() -> None:
    run = run_ci(find_workspace(explicit=CONFORMANCE / "broken" / "no-app.yaml"), FAST, ["contracts-test"])
    assert run.steps[0].status == "skipped"
    assert run.report().exit_code == 0


def test_a_step_that_raises_fails_alone_and_the_others_still_report(monkeypatch: pytest.MonkeyPatch) -> None:
    def unreadable(paths: list[Path], **_: object) -> Report:
        raise InputError("cannot read the contract", file="orders/openapi.yaml", line=3)

    import accord.contracts.validate

    monkeypatch.setattr(accord.contracts.validate, "validate_paths", unreadable)
    run = run_ci(find_workspace(explicit=CONFORMANCE), FAST)
    statuses = {r.name: r.status for r in run.steps}
    assert statuses["validate"] == "failed"
    assert statuses["contracts-test"] == "failed"  # the fixture provider breaks its contract
    rules = {f.rule for f in run.report().findings}
    assert "validate/input-error" in rules


def test_a_broken_contract_is_named_as_every_finding_names_its_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    system = tmp_path / "lib"
    init_manifest(system, "lib")
    scaffold_service(
        find_workspace(explicit=system), ScaffoldRequest("catalog", broker="none", gateway="none")
    )
    (system / "services" / "catalog" / "openapi.yaml").write_text("openapi: 3.1.0\ninfo: {title: x\n")
    monkeypatch.chdir(system)
    result = CliRunner().invoke(app, ["ci", "--steps", "validate,lint", "--format", "github"])
    assert result.exit_code == 1, result.output
    annotations = [line for line in result.stdout.splitlines() if line.startswith("::error")]
    assert annotations == [
        f"::error file=services/catalog/openapi.yaml,line=3,col=1,title={step}/input-error::"
        "invalid YAML: did not find expected ',' or '}'"
        for step in ("lint", "validate")
    ]


def test_unknown_steps_are_config_errors() -> None:
    with pytest.raises(ConfigError, match="unknown CI step 'deploy'"):
        run_ci(find_workspace(explicit=CONFORMANCE), FAST, ["deploy"])


def test_cli_prints_the_summary_and_writes_github_annotations() -> None:
    result = CliRunner().invoke(
        app, ["ci", "-w", str(CONFORMANCE), "--max-examples", "3", "--format", "github", "--base-ref", "HEAD"]
    )
    assert result.exit_code == 1
    assert "::error file=" in result.stdout
    assert "title=contracts-test/conformance." in result.stdout
    assert "contracts-test" in result.stderr and "failed" in result.stderr  # the summary table


def test_cli_json_report_and_bad_step() -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["ci", "-w", str(CONFORMANCE), "--max-examples", "3", "-f", "json"])
    assert result.exit_code == 1
    assert json.loads(result.stdout)["summary"]["tool"] == "ci"
    bad = runner.invoke(app, ["ci", "-w", str(CONFORMANCE), "--steps", "deploy"])
    assert bad.exit_code == 2 and "unknown CI step" in bad.stderr


def test_example_system_passes_validate_and_pact_check(example_system: Path) -> None:
    run = run_ci(find_workspace(explicit=example_system), FAST, ["validate", "lint", "pact-check"])
    assert {r.name: r.status for r in run.steps} == {
        "validate": "passed",
        "lint": "passed",
        "pact-check": "passed",
    }
    assert run.report().checked  # contracts and pacts were really read


def test_a_pact_the_provider_cannot_honour_fails_the_pact_check_step(example_system: Path) -> None:
    pact = example_system / "pacts" / "orders-payments.json"
    pact.write_text(pact.read_text().replace('"/payments"', '"/charges"', 1))
    run = run_ci(find_workspace(explicit=example_system), FAST, ["pact-check"])
    assert run.steps[0].status == "failed"
    assert any(f.rule.startswith("pact-check/") for f in run.report().findings)


def test_diff_step_compares_against_the_base_ref(example_system: Path) -> None:
    import subprocess

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=example_system, check=True, capture_output=True)

    git("init", "-q")
    git("add", "-A")
    git("-c", "user.email=ci@example.com", "-c", "user.name=ci", "commit", "-qm", "base")
    contract = example_system / "services" / "payments" / "openapi.yaml"
    text = contract.read_text()
    contract.write_text(text.replace("  /payments/{paymentId}:", "  /payments/{paymentId}/x:"))
    workspace = find_workspace(explicit=example_system)
    skipped = run_ci(workspace, FAST, ["diff"])
    assert skipped.steps[0].status == "skipped"  # no base ref, nothing to compare
    run = run_ci(workspace, CiOptions(base_ref="HEAD", conformance=FAST.conformance), ["diff"])
    assert run.steps[0].status == "failed"
    assert "diff/path-removed" in {f.rule for f in run.report().findings}


def test_every_step_names_the_modules_it_imports_before_the_threads_start() -> None:
    from accord.ci import _STEP_MODULES

    assert set(_STEP_MODULES) == set(STEPS.ids())


def test_ci_help_names_every_step() -> None:
    help_text = " ".join(CliRunner().invoke(app, ["ci", "--help"], env={"COLUMNS": "300"}).output.split())
    named = help_text.split("comma-separated:")[1].split("(default")[0]
    assert [step.strip() for step in named.split(",")] == STEPS.ids()


def test_a_skipped_step_says_why(tmp_path: Path) -> None:
    CliRunner().invoke(app, ["init", str(tmp_path), "--system", "empty"])
    run = run_ci(find_workspace(explicit=tmp_path), FAST, ["validate", "diff", "pact-check"])
    assert [row[1] for row in run.summary_rows()] == [
        "skipped: no contracts in accord.yaml",
        "skipped: no --base-ref to compare with",
        "skipped: no pacts in the pacts folder",
    ]


def test_an_app_that_does_not_import_fails_alone_and_the_other_providers_are_tested(tmp_path: Path) -> None:
    """A second service whose app has a syntax error: an input error at that line of its file,
    and the first service is still tested (its conformance findings are there)."""
    import shutil

    system = tmp_path / "system"
    shutil.copytree(CONFORMANCE, system, ignore=shutil.ignore_patterns("broken", "__pycache__"))
    (system / "ledger").mkdir()
    shutil.copy(CONFORMANCE / "inventory" / "openapi.yaml", system / "ledger" / "openapi.yaml")
    shutil.copy(FIXTURES / "apps" / "unparsable_app.py.txt", system / "ledger" / "unparsable_app.py")
    manifest = system / "accord.yaml"
    manifest.write_text(
        manifest.read_text()
        + "  ledger:\n    path: ledger\n    openapi: ledger/openapi.yaml\n    app: unparsable_app:app\n"
    )
    run = run_ci(find_workspace(explicit=system), FAST, ["contracts-test"])
    findings = run.report().findings
    (broken,) = [f for f in findings if f.rule == "contracts-test/input-error"]
    assert "cannot import 'unparsable_app' for app 'unparsable_app:app'" in broken.message
    assert broken.file is not None and broken.file.endswith("ledger/unparsable_app.py")
    assert broken.line == 3
    assert any(f.rule.startswith("contracts-test/conformance.") for f in findings)  # inventory was tested
