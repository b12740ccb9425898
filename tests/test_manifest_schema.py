"""Every rule of the manifest schema has a broken manifest under tests/fixtures/manifests/ that breaks it,
and each broken manifest of schema/ is refused with its line and what is wrong."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from accord.errors import ConfigError
from accord.manifest import load_manifest, manifest_schema
from tests.conftest import FIXTURES

MANIFESTS = FIXTURES / "manifests"
BROKEN = sorted((MANIFESTS / "schema").glob("*.yaml"))
RULES = {"type", "enum", "const", "pattern", "minimum", "maximum", "maxLength", "required", "uniqueItems"}


def expectation(path: Path) -> tuple[int, str]:
    """The `# expect: LINE: TEXT` comment of a broken manifest."""
    found = re.search(r"^# expect: (\d+): (.+)$", path.read_text(), re.MULTILINE)
    assert found, f"{path.name} has no `# expect: LINE: TEXT` comment"
    return int(found.group(1)), found.group(2)


@pytest.mark.parametrize("path", BROKEN, ids=[p.name for p in BROKEN])
def test_a_broken_manifest_is_refused_with_its_line(path: Path) -> None:
    line, text = expectation(path)
    with pytest.raises(ConfigError) as caught:
        load_manifest(path)
    assert text in caught.value.message
    assert caught.value.line == line, caught.value.message
    assert caught.value.file == str(path)


def rule_sites(node: Any, where: str = "") -> Iterator[tuple[int, str, str]]:
    """(id of the subschema, keyword, pointer) of every rule in the schema; an `if` is a
    condition that picks `then` or `else`, never a rule a manifest breaks."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "if":
                continue
            if key in RULES or (key == "additionalProperties" and value is False):
                yield id(node), key, f"{where}/{key}"
            yield from rule_sites(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from rule_sites(value, f"{where}/{index}")


def broken_rules(error: jsonschema.ValidationError) -> Iterator[tuple[int, str]]:
    yield id(error.schema), str(error.validator)
    for child in error.context or ():
        yield from broken_rules(child)


def test_every_schema_rule_is_broken_by_some_fixture() -> None:
    schema = manifest_schema()
    validator = jsonschema.Draft202012Validator(schema)
    broken: set[tuple[int, str]] = set()
    for path in sorted(MANIFESTS.rglob("*.yaml")):
        try:
            data = yaml.safe_load(path.read_text())
        except yaml.YAMLError:
            continue
        for error in validator.iter_errors(data):
            broken.update(broken_rules(error))
    missing = [where for node, key, where in rule_sites(schema) if (node, key) not in broken]
    assert not missing, "rules no fixture breaks:\n" + "\n".join(missing)


def test_the_quick_validator_and_jsonschema_agree_on_every_manifest() -> None:
    """accord.yaml is judged by jsonschema_rs first (jsonschema is imported only to word what is
    wrong): the two must give the same verdict, or a broken manifest would pass unseen."""
    import jsonschema_rs

    quick = jsonschema_rs.Draft202012Validator(manifest_schema())
    careful = jsonschema.Draft202012Validator(manifest_schema())
    manifests = [
        *sorted(MANIFESTS.rglob("*.yaml")),
        FIXTURES.parent.parent / "examples" / "shop" / "accord.yaml",
    ]
    verdicts = {True: 0, False: 0}
    for path in manifests:
        try:
            data = yaml.safe_load(path.read_text())
        except yaml.YAMLError:
            continue  # broken before the schema is asked
        if not isinstance(data, dict):
            continue
        valid = next(careful.iter_errors(data), None) is None
        assert quick.is_valid(data) == valid, path
        verdicts[valid] += 1
    assert verdicts[True] >= 10 and verdicts[False] >= 100, verdicts
