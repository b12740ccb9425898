"""The rule registry and contract kind detection."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord.contracts.model import ContractKind, load_contract
from accord.contracts.registry import Registry
from accord.errors import InputError
from accord.report import Severity
from tests.conftest import EXAMPLE


def test_registry_keeps_order_and_refuses_duplicates() -> None:
    registry: Registry = Registry("demo")

    @registry.rule("a-rule", Severity.warning, "why a")
    def a() -> None: ...

    @registry.rule("b-rule", Severity.error, "why b")
    def b() -> None: ...

    assert registry.ids() == ["a-rule", "b-rule"]
    assert registry.get("b-rule").severity is Severity.error
    with pytest.raises(ValueError, match="twice"):
        registry.rule("a-rule", Severity.info, "again")(a)


@pytest.mark.parametrize(
    ("relative", "kind"),
    [
        ("services/orders/openapi.yaml", ContractKind.openapi31),
        ("services/payments/openapi.yaml", ContractKind.openapi30),
        ("services/orders/asyncapi.yaml", ContractKind.asyncapi3),
    ],
)
def test_kind_is_detected(relative: str, kind: ContractKind) -> None:
    assert load_contract(EXAMPLE / relative).kind is kind


def test_unknown_document_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("title: not a contract\n")
    with pytest.raises(InputError, match="not an OpenAPI or AsyncAPI"):
        load_contract(path)


def test_unsupported_version_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("info: {}\nopenapi: 4.0.0\n")
    with pytest.raises(InputError) as caught:
        load_contract(path)
    assert caught.value.line == 2


def _requests_of_the_core() -> list[type]:
    """Every `...Options` and `...Request` class a command hands the core (not the HTTP
    request records of the mocks, which are data): dataclasses, or plain classes on the way
    to a first finding (see "Records" in the README's Working on accord)."""
    import importlib
    import pkgutil

    import accord

    found: list[type] = []
    for module in pkgutil.walk_packages(accord.__path__, "accord."):
        if (
            ".templates" in module.name
            or module.name.startswith("accord.cli")
            or module.name.endswith("__main__")
        ):
            continue
        for name, value in vars(importlib.import_module(module.name)).items():
            if (
                isinstance(value, type)
                and value.__module__ == module.name
                and name.endswith(("Options", "Request"))
                and name not in ("MockRequest", "DrivenRequest")
            ):
                found.append(value)
    return found


def test_request_objects_are_built_with_keywords() -> None:
    """A field added in the middle must not shift every positional caller: past a request's
    one leading name (a service's), every field is keyword-only."""
    import inspect

    requests = _requests_of_the_core()
    names = {cls.__name__ for cls in requests}
    assert {"DiffRequest", "PublishOptions", "ListenOptions", "CiOptions", "ScaffoldRequest"} <= names
    for cls in requests:
        parameters = inspect.signature(cls).parameters.values()
        positional = [p.name for p in parameters if p.kind is not inspect.Parameter.KEYWORD_ONLY]
        assert positional in ([], ["name"], ["service"]), (cls.__name__, positional)
