"""The public surface of accord, pinned: each public package exports exactly what it names.

A name a user can import from a package is either listed in its `__all__` or private
(`_name`); changing the surface is a visible change to this file.
"""

from __future__ import annotations
import __future__

import importlib
import types

import pytest

import accord

PUBLIC_PACKAGES = [
    "accord",
    "accord.contracts.diff",
    "accord.contracts.lint",
    "accord.contracts.openapi",
    "accord.graph",
    "accord.mocks",
    "accord.scaffold",
]


def test_the_top_level_surface_is_the_error_model_and_the_version() -> None:
    assert accord.__all__ == [
        "AccordError",
        "ConfigError",
        "ContractError",
        "InputError",
        "ToolError",
        "__version__",
    ]


@pytest.mark.parametrize("name", PUBLIC_PACKAGES)
def test_a_package_exports_what_it_names_and_names_what_it_exports(name: str) -> None:
    package = importlib.import_module(name)
    exported = set(package.__all__)
    public = {
        member
        for member, value in vars(package).items()
        if not member.startswith("_") and not isinstance(value, types.ModuleType) and _is_accords(value, name)
    }
    # Names a package imports on first use (its module `__getattr__`) are in `__all__` only.
    unlisted = exported - vars(package).keys()
    lazy = {member for member in unlisted if _is_accords(getattr(package, member), name)}
    assert exported - {"__version__"} == public | lazy, f"{name}: __all__ and its public names differ"
    assert all(hasattr(package, member) for member in exported)


def _is_accords(value: object, package: str) -> bool:
    """Defined in the package or one of its modules (not a helper imported from elsewhere)."""
    if isinstance(value, __future__._Feature):
        return False
    if not isinstance(value, type | types.FunctionType):
        return True  # a constant or a registry: public when the package holds it
    module = value.__module__
    return module == package or module.startswith(f"{package}.") or package == "accord"
