"""Fixtures of the mock tests: contracts to mock, and a real mock server on a free port."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

import pytest

from accord.mocks.runner import MockRunner, MockSpec


@pytest.fixture
def features(fixtures: Path) -> Path:
    return fixtures / "mocks" / "features.yaml"


@pytest.fixture
def serve_mock() -> Callable[..., AbstractContextManager[str]]:
    """`with serve_mock(path, stateful=True) as url:` — a mock on 127.0.0.1, stopped afterwards."""

    @contextmanager
    def serve(path: Path, *, kind: str = "openapi", **options: object) -> Iterator[str]:
        with MockRunner([MockSpec(path.stem, kind, path, **options)]) as running:  # type: ignore[arg-type]
            yield running[0].url

    return serve


def conforms(schema: dict[str, Any], value: Any) -> bool:
    """The oracle of generated data: python-jsonschema (formats checked), another implementation
    than the jsonschema-rs the generator uses to check itself; a schema it cannot read fails, and
    so does a format it would not check (python-jsonschema passes those silently)."""
    import jsonschema

    jsonschema.Draft202012Validator.check_schema(schema)
    checker = jsonschema.Draft202012Validator.FORMAT_CHECKER
    unchecked = _formats(schema) - set(checker.checkers)
    assert not unchecked, f"the oracle cannot check the formats {sorted(unchecked)}"
    return bool(jsonschema.Draft202012Validator(schema, format_checker=checker).is_valid(value))


def _formats(schema: Any) -> set[str]:
    if isinstance(schema, list):
        return set().union(*(_formats(item) for item in schema))
    if not isinstance(schema, dict):
        return set()
    found = {schema["format"]} if isinstance(schema.get("format"), str) else set()
    return found.union(*(_formats(item) for item in schema.values()))
