"""Every real contract of the corpus diffed against itself: no change, no crash."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from accord.contracts.diff import diff_contracts
from accord.contracts.model import load_contract
from accord.documents.reading import using_policy
from accord.errors import AccordError

# OpenAPI and AsyncAPI contracts; the Pact test cases are not contracts, and the OAS 3.1
# `fail/` cases are invalid on purpose.
FOLDERS = ("stripe", "digitalocean/specification", "oai", "oas31-tests/pass", "asyncapi")
ROOTS = {"digitalocean/specification": "DigitalOcean-public.v2.yaml"}


def _contracts(corpus: Path) -> list[Path]:
    found: list[Path] = []
    for folder in FOLDERS:
        root = corpus / folder
        if folder in ROOTS:
            found.append(root / ROOTS[folder])
            continue
        found.extend(p for p in sorted(root.rglob("*")) if p.suffix in {".yaml", ".yml", ".json"})
    return found


@pytest.mark.slow
def test_each_contract_against_itself_reports_nothing(corpus: Path) -> None:
    compared, refused = 0, []
    for path in _contracts(corpus):
        try:
            # A trusted corpus: AsyncAPI's social-media example refers to its sibling folders.
            with using_policy(allow_outside=True):
                contract = load_contract(path)
                changes = diff_contracts(contract, contract)
        except AccordError as exc:  # refused with a message (a fragment, a remote `$ref`)
            refused.append(f"{path.name}: {exc.message}")
            continue
        assert [c.message for c in changes] == [], path
        compared += 1
    assert compared >= 40, refused
    reasons = ("remote document", "not an OpenAPI or AsyncAPI document")
    assert [r for r in refused if not any(reason in r for reason in reasons)] == []


# Consecutive released versions kept in the corpus (oldest first).
VERSIONS = {"stripe": ("spec3-2022-11-01.yaml", "spec3-2023-09-12.yaml")}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(VERSIONS))
def test_consecutive_versions_diff_both_ways_with_every_finding_located(corpus: Path, name: str) -> None:
    from accord.contracts.diff import DiffResult
    from accord.report import Format, render

    versions = [load_contract(corpus / name / file) for file in VERSIONS[name]]
    for old, new in itertools.pairwise(versions):
        for before, after in ((old, new), (new, old)):
            result = DiffResult(diff_contracts(before, after), [after.name])
            report = result.report()
            assert report.findings, f"{before.name} -> {after.name} found nothing"
            assert [f for f in report.findings if f.line is None] == []
            assert render(report, Format.sarif).startswith("{")
