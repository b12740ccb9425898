"""Real public contracts: the OpenAPI Initiative's 3.1 test suite, Stripe, DigitalOcean, AsyncAPI, OAI."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord.contracts.validate import validate_contract, validate_paths

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"
OAS31 = CORPUS / "oas31-tests"


def _names(kind: str) -> list[str]:
    return sorted(p.name for p in (OAS31 / kind).glob("*.yaml"))


# The suite tests the schema; three of its "pass" files also hold real semantic mistakes.
SEMANTIC_IN_PASS = {
    ("operation-object-example.yaml", "path-params", 7),
    ("operation-object-example.yaml", "path-params", 13),
    ("security-scheme-object-examples.yaml", "unresolved-ref", 59),
}


@pytest.mark.parametrize("name", _names("pass"))
def test_oas31_suite_pass(corpus: Path, name: str) -> None:
    findings = validate_contract(corpus / "oas31-tests" / "pass" / name)
    got = {(name, f.rule, f.line) for f in findings}
    assert got == {item for item in SEMANTIC_IN_PASS if item[0] == name}


@pytest.mark.parametrize("name", _names("fail"))
def test_oas31_suite_fail(corpus: Path, name: str) -> None:
    findings = validate_contract(corpus / "oas31-tests" / "fail" / name)
    assert any(f.rule == "structure" and f.line for f in findings), findings


def test_oas31_suite_is_all_there(corpus: Path) -> None:
    assert len(_names("pass")) + len(_names("fail")) == 46


def test_classic_oai_examples_are_clean(corpus: Path) -> None:
    report = validate_paths([corpus / "oai"], use_cache=False)
    assert len(report.checked) == 6
    assert report.findings == []


@pytest.mark.slow
@pytest.mark.parametrize("name", ["spec3-2022-11-01.yaml", "spec3-2023-09-12.yaml"])
def test_stripe_is_valid(corpus: Path, name: str) -> None:
    assert validate_contract(corpus / "stripe" / name) == []


@pytest.mark.slow
def test_digitalocean_misplaced_refs_are_named_with_their_lines(corpus: Path) -> None:
    root = corpus / "digitalocean" / "specification" / "DigitalOcean-public.v2.yaml"
    findings = validate_contract(root)
    placement = [f for f in findings if f.rule == "ref-placement"]
    first = min(placement, key=lambda f: f.line or 0)
    assert (first.line, first.pointer) == (24, "/tags/0/description")
    assert "`description` must be a string written in place, not a `$ref`" in first.message
    # Operations written as `$ref`s: one finding each, no schema noise around them.
    assert {f.rule for f in findings if f.file == str(root)} == {"ref-placement"}
    assert not any(f.rule == "structure" for f in findings)
    # YAML 1.2 reads `3e-05` as a number, so gen-ai's example of it is valid (YAML 1.1 said text).
    assert not any("3e-05" in f.message for f in findings)
    # Findings inside the ~1,500 referenced files name those files and lines.
    elsewhere = {(Path(f.file or "").name, f.line, f.rule) for f in findings if f.file != str(root)}
    assert ("byoip_prefix_list.yml", 14, "example-invalid") in elsewhere


def test_asyncapi_examples_follow_the_schema(corpus: Path) -> None:
    report = validate_paths([corpus / "asyncapi"], use_cache=False)
    assert len(report.checked) == 24  # the shared fragments in social-media/common are not contracts
    assert not [f for f in report.findings if f.rule in ("structure", "unresolved-ref", "ref-placement")]
    # Real mistakes in the published examples: an integer example of a string, a string default.
    invalid = {(Path(f.file or "").name, f.line) for f in report.findings if f.severity == "error"}
    assert ("adeo-kafka-request-reply-asyncapi.yml", 217) in invalid
    assert ("operation-security-asyncapi.yml", 67) in invalid
