"""The lint engine: configuration, path and inline ignores, $ref'd files, real contracts."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from accord.contracts.collect import collect_contracts
from accord.contracts.findings_cache import cache_dir
from accord.contracts.lint import LINT_RULES, LintConfig, lint_config, lint_contract, lint_paths
from accord.contracts.lint.engine import lint_workspace_or_paths
from accord.contracts.model import load_contract
from accord.errors import ConfigError, InputError
from accord.manifest import find_workspace
from accord.report import Severity
from tests.conftest import FIXTURES

LINT = FIXTURES / "lint"


def _with_lint_section(system: Path, name: str) -> Path:
    manifest = system / "accord.yaml"
    manifest.write_text(manifest.read_text() + "\n" + (LINT / "config" / name).read_text())
    return manifest


def test_findings_in_a_referenced_file_point_at_that_file_and_line() -> None:
    findings = lint_contract(load_contract(LINT / "external" / "openapi.yaml"))
    where = {(f.rule, Path(f.file or "").name, f.line) for f in findings}
    assert where == {
        ("schema-property-description", "pet.yaml", 6),
        ("schema-property-description", "pet.yaml", 13),
        ("array-items", "pet.yaml", 18),
    }


def test_inline_ignores_silence_an_object_and_its_children_and_the_root_the_file() -> None:
    findings = lint_contract(load_contract(LINT / "inline-ignore.yaml"))
    assert [(f.rule, f.line) for f in findings] == [("operation-summary", 25)]


def test_example_system_has_no_errors_nor_warnings(example_system: Path) -> None:
    workspace = find_workspace(example_system)
    report = lint_paths(workspace.contracts())
    assert len(report.checked) == 5
    assert [f for f in report.findings if f.severity is not Severity.info] == []


def test_severity_overrides_and_off(example_system: Path) -> None:
    _with_lint_section(example_system, "severities.yaml")
    workspace = find_workspace(example_system)
    known = set(LINT_RULES.ids())
    config = lint_config(
        workspace.manifest.lint, known=known, root=workspace.root, manifest=workspace.manifest_path
    )
    assert config.severity("info-license", Severity.info) is None
    assert config.severity("operation-summary", Severity.warning) is Severity.error
    path = example_system / "services" / "orders" / "openapi.yaml"
    text = path.read_text().replace("      summary: List orders\n", "")
    path.write_text(text)
    findings = lint_paths([path], config).findings
    assert {f.rule for f in findings} == {"operation-summary"}
    assert findings[0].severity is Severity.error
    assert lint_paths([path]).findings != findings  # without the config: info findings as well


def test_path_ignores_by_glob(example_system: Path) -> None:
    _with_lint_section(example_system, "ignore-paths.yaml")
    report = lint_workspace_or_paths([], workspace=find_workspace(explicit=example_system))
    by_file: dict[str, set[str]] = {}
    for finding in report.findings:
        by_file.setdefault(
            Path(finding.file or "").parent.name + "/" + Path(finding.file or "").name, set()
        ).add(finding.rule)
    assert "info-license" not in by_file["orders/openapi.yaml"]
    assert "info-license" not in by_file["orders/asyncapi.yaml"]
    assert "schema-property-description" in by_file["orders/openapi.yaml"]
    assert "payments/openapi.yaml" not in by_file  # every rule ignored
    assert "info-license" in by_file["payments/asyncapi.yaml"]


@pytest.mark.parametrize(("name", "line"), [("unknown-rule.yaml", 3), ("unknown-ignored-rule.yaml", 4)])
def test_unknown_rule_ids_in_config_name_the_line(example_system: Path, name: str, line: int) -> None:
    manifest = _with_lint_section(example_system, name)
    offset = len(manifest.read_text().splitlines()) - len((LINT / "config" / name).read_text().splitlines())
    with pytest.raises(ConfigError) as caught:
        lint_workspace_or_paths([], workspace=find_workspace(explicit=example_system))
    assert caught.value.line == offset + line
    assert "unknown rule" in caught.value.message
    if name == "unknown-rule.yaml":
        assert "info-license" in (caught.value.hint or "")


@pytest.mark.parametrize(
    "name", ["not-a-contract.yaml", "bad-yaml.yaml", "empty.yaml", "tabs.yaml", "missing.yaml"]
)
def test_broken_files_are_input_errors(name: str) -> None:
    with pytest.raises(InputError) as caught:
        lint_paths([LINT / "broken" / name])
    assert caught.value.file and caught.value.file.endswith(name)


def test_folders_are_searched_for_contracts_only(tmp_path: Path) -> None:
    shutil.copytree(LINT / "external", tmp_path / "api")
    shutil.copy(LINT / "broken" / "not-a-contract.yaml", tmp_path / "api" / "settings.yaml")
    (tmp_path / "api" / "node_modules").mkdir()
    shutil.copy(LINT / "clean" / "oas3.yaml", tmp_path / "api" / "node_modules" / "x.yaml")
    (tmp_path / ".accord").mkdir()
    shutil.copy(LINT / "clean" / "oas3.yaml", tmp_path / ".accord" / "openapi.yaml")
    assert collect_contracts([tmp_path]) == [tmp_path / "api" / "openapi.yaml"]


def test_explicit_paths_without_a_manifest_use_the_defaults(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    report = lint_workspace_or_paths(
        [LINT / "rules" / "no-ref-siblings" / "fail.yaml"], fail_on=Severity.warning
    )
    assert [f.rule for f in report.findings] == ["no-ref-siblings"]
    assert report.exit_code == 1


@pytest.mark.parametrize(
    "relative",
    [
        "stripe/spec3-2023-09-12.yaml",
        "oai/petstore.yaml",
        "oai/petstore-expanded.yaml",
        "oai/uspto.yaml",
        "oai/callback-example.yaml",
        "oai/link-example.yaml",
    ],
)
def test_real_contracts_lint_without_crashing(corpus: Path, relative: str) -> None:
    report = lint_paths([corpus / relative], LintConfig())
    assert report.checked
    assert all(f.line for f in report.findings)


def test_real_multi_file_and_asyncapi_corpus(corpus: Path) -> None:
    asyncapi = sorted((corpus / "asyncapi").rglob("*.yml"))[:30]
    digitalocean = next((corpus / "digitalocean").rglob("DigitalOcean-public.v2.yaml"))
    report = lint_paths([*asyncapi, digitalocean])
    files = {f.file for f in report.findings}
    assert any("digitalocean" in (name or "") and "DigitalOcean-public" not in (name or "") for name in files)


def test_parts_of_the_wrong_shape_are_linted_without_crashing() -> None:
    findings = lint_contract(load_contract(LINT / "odd-shapes.yaml"))
    rules = {f.rule for f in findings}
    assert {"info-contact", "operation-tags", "response-success", "path-params-snake-or-camel"} <= rules
    assert all(f.line for f in findings)


def test_findings_are_cached_by_content_hash_of_every_file_read(tmp_path: Path) -> None:
    shutil.copytree(LINT / "external", tmp_path / "api")
    (tmp_path / "accord.yaml").write_text(
        "version: 1\nsystem: pets\nservices:\n  pets:\n    openapi: api/openapi.yaml\n"
    )
    first = lint_workspace_or_paths([], workspace=find_workspace(explicit=tmp_path))
    [entry] = cache_dir().iterdir()
    assert first.findings
    # Prove the second run reads the cache: what it reports is what the entry says.
    entry.write_text(entry.read_text().replace("has no description", "(from the cache)"))
    second = lint_workspace_or_paths([], workspace=find_workspace(explicit=tmp_path))
    assert [f.message for f in second.findings if "(from the cache)" in f.message]
    assert [(f.rule, f.file, f.line) for f in second.findings] == [
        (f.rule, f.file, f.line) for f in first.findings
    ]
    assert (
        lint_workspace_or_paths([], workspace=find_workspace(explicit=tmp_path), cache=False).findings
        == first.findings
    )
    # A change in a $ref'd file, not only in the contract itself, misses the cache.
    schemas = tmp_path / "api" / "schemas" / "pet.yaml"
    schemas.write_text(schemas.read_text().replace("    tags: {type: array, description: Labels.}\n", ""))
    third = lint_workspace_or_paths([], workspace=find_workspace(explicit=tmp_path))
    assert "array-items" not in {f.rule for f in third.findings}
    assert not [f for f in third.findings if "(from the cache)" in f.message]
    # So does a change of configuration.
    with (tmp_path / "accord.yaml").open("a") as manifest:
        manifest.write("lint:\n  rules:\n    schema-property-description: 'off'\n")
    assert lint_workspace_or_paths([], workspace=find_workspace(explicit=tmp_path)).findings == []
