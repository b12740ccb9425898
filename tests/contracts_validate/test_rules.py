"""Each validation rule against fixtures that break it (exact file and line) and fixtures that pass."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord.contracts.validate import validate_contract, validate_paths
from accord.contracts.validation_rules import RULES
from accord.report import Severity

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "validate"
GOOD = sorted([*(FIXTURES / "good").glob("*.yaml"), FIXTURES / "good" / "multi" / "openapi.yaml"])

# fixture -> every (rule, file the finding names, line) it must give, and nothing else
BAD: dict[str, set[tuple[str, str, int]]] = {
    "structure.yaml": {("structure", "structure.yaml", 2), ("structure", "structure.yaml", 6)},
    "asyncapi3-structure.yaml": {("structure", "asyncapi3-structure.yaml", 13)},
    "ref-placement.yaml": {("ref-placement", "ref-placement.yaml", 7)},
    "unresolved-ref.yaml": {
        ("unresolved-ref", "unresolved-ref.yaml", 14),
        ("unresolved-ref", "unresolved-ref.yaml", 23),
        ("unresolved-ref", "unresolved-ref.yaml", 32),
    },
    "ref-outside-root.yaml": {
        ("ref-outside-root", "ref-outside-root.yaml", 13),
        ("ref-outside-root", "ref-outside-root.yaml", 22),
    },
    "ref-cycle.yaml": {("ref-cycle", "ref-cycle.yaml", 20)},
    "ref-self.yaml": {("ref-cycle", "ref-self.yaml", 9)},
    "example-invalid.yaml": {
        ("example-invalid", "example-invalid.yaml", 12),
        ("example-invalid", "example-invalid.yaml", 21),
        ("example-invalid", "example-invalid.yaml", 29),
        ("example-invalid", "example-invalid.yaml", 31),
    },
    "example-invalid-31.yaml": {("example-invalid", "example-invalid-31.yaml", 11)},
    "default-invalid.yaml": {
        ("default-invalid", "default-invalid.yaml", 11),
        ("default-invalid", "default-invalid.yaml", 12),
    },
    "path-params.yaml": {("path-params", "path-params.yaml", 7), ("path-params", "path-params.yaml", 14)},
    "duplicate-operation-id.yaml": {("duplicate-operation-id", "duplicate-operation-id.yaml", 12)},
    "duplicate-parameter.yaml": {("duplicate-parameter", "duplicate-parameter.yaml", 13)},
    "required-undefined.yaml": {("required-undefined", "required-undefined.yaml", 10)},
    "multi/openapi.yaml": {("example-invalid", "thing.yaml", 6), ("unresolved-ref", "thing.yaml", 10)},
}


@pytest.mark.parametrize("path", GOOD, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_good_contracts_have_no_findings(path: Path) -> None:
    assert validate_contract(path) == []


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_contract_findings_point_at_the_line(name: str) -> None:
    findings = validate_contract(FIXTURES / "bad" / name)
    got = {(f.rule, Path(f.file or "").name, f.line) for f in findings}
    assert got == BAD[name]
    for finding in findings:
        assert finding.column is not None and finding.pointer and finding.message


def test_every_rule_has_a_failing_fixture() -> None:
    failing = {rule for expected in BAD.values() for rule, _, _ in expected}
    assert failing == set(RULES.ids())


def test_every_rule_passes_somewhere() -> None:
    # The good fixtures exercise what each rule looks at (examples, defaults, path
    # parameters, operationIds, `$ref`s across files, recursion, required) without a finding.
    texts = "\n".join(p.read_text() for p in FIXTURES.joinpath("good").rglob("*.yaml"))
    for needle in ("example:", "examples:", "default:", "in: path", "operationId:", "$ref:", "required:"):
        assert needle in texts


def test_findings_in_referenced_files_name_that_file() -> None:
    findings = validate_contract(FIXTURES / "bad" / "multi" / "openapi.yaml")
    example = next(f for f in findings if f.rule == "example-invalid")
    assert example.file is not None and example.file.endswith("schemas/thing.yaml")
    assert example.pointer == "/properties/size/example"
    assert '"big" is not of type "integer"' in example.message


def test_remote_ref_hint_names_the_option() -> None:
    findings = validate_contract(FIXTURES / "bad" / "unresolved-ref.yaml")
    remote = next(f for f in findings if "remote" in f.message)
    assert "--allow-remote" in remote.message


def test_misplaced_ref_is_named_not_buried_in_schema_noise() -> None:
    findings = validate_contract(FIXTURES / "bad" / "ref-placement.yaml")
    assert [f.rule for f in findings] == ["ref-placement"]
    assert "`description` must be a string" in findings[0].message


def test_structure_messages_are_readable() -> None:
    messages = {f.message for f in validate_contract(FIXTURES / "bad" / "structure.yaml")}
    assert messages == {
        "missing required field `version`",
        "missing required field `responses`",
        "unknown field `response`: not allowed here",
    }


def test_required_undefined_is_a_warning_so_the_report_passes() -> None:
    report = validate_paths([FIXTURES / "bad" / "required-undefined.yaml"], use_cache=False)
    assert [f.severity for f in report.findings] == [Severity.warning]
    assert report.exit_code == 0


def test_nullable_in_3_0_accepts_null_only_where_declared() -> None:
    findings = validate_contract(FIXTURES / "bad" / "example-invalid.yaml")
    assert any("null is not of type" in f.message for f in findings)
    assert validate_contract(FIXTURES / "good" / "openapi30.yaml") == []


def test_a_pattern_no_ecma_262_engine_accepts_is_a_structure_error(tmp_path: Path) -> None:
    contract = tmp_path / "python-only.yaml"
    contract.write_text(
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n"
        "components:\n  schemas:\n    A: {type: string, pattern: '(?P<name>a)'}\n"
    )
    findings = validate_contract(contract)
    assert [(f.rule, f.line, f.pointer) for f in findings] == [
        ("structure", 6, "/components/schemas/A/pattern")
    ]
    assert "(?P<name>a)" in findings[0].message
