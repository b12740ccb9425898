"""Every lint rule against its failing and passing fixture (tests/fixtures/lint/rules/RULE/).

In a failing fixture, each line that must carry a finding of the rule ends with `# expect`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from accord.contracts.lint import LINT_RULES, lint_contract
from accord.contracts.model import load_contract
from tests.conftest import FIXTURES

RULES = FIXTURES / "lint" / "rules"


def _lines(path: Path, rule: str) -> list[int]:
    findings = lint_contract(load_contract(path))
    return sorted(f.line or 0 for f in findings if f.rule == rule)


def test_every_rule_has_fixtures_and_every_fixture_a_rule() -> None:
    assert len(LINT_RULES) >= 20
    assert sorted(p.name for p in RULES.iterdir()) == sorted(LINT_RULES.ids())
    for rule in LINT_RULES.ids():
        assert (RULES / rule / "fail.yaml").is_file() and (RULES / rule / "pass.yaml").is_file(), rule


FAILING = sorted(RULES.glob("*/fail*.yaml"))
PASSING = sorted(RULES.glob("*/pass*.yaml"))


def _name(path: Path) -> str:
    return f"{path.parent.name}/{path.stem}"


@pytest.mark.parametrize("path", FAILING, ids=_name)
def test_failing_fixture_is_flagged_on_the_marked_lines(path: Path) -> None:
    rule = path.parent.name
    expected = [i for i, line in enumerate(path.read_text().splitlines(), 1) if line.endswith("# expect")]
    assert expected, "the fixture marks no line"
    assert _lines(path, rule) == expected


@pytest.mark.parametrize("path", PASSING, ids=_name)
def test_passing_fixture_is_clean(path: Path) -> None:
    assert _lines(path, path.parent.name) == []


@pytest.mark.parametrize("name", ["oas3", "async3", "async2", "swagger"])
def test_clean_contracts_have_no_findings_at_all(name: str) -> None:
    findings = lint_contract(load_contract(FIXTURES / "lint" / "clean" / f"{name}.yaml"))
    assert [f"{f.rule}:{f.line}" for f in findings] == []


def test_rules_have_rationale_and_kebab_ids() -> None:
    for rule in LINT_RULES:
        assert rule.rationale.endswith(".") and len(rule.rationale) < 120, rule.id
        assert rule.id == rule.id.lower() and " " not in rule.id
