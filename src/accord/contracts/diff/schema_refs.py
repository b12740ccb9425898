"""The `$ref`s written inside a schema, each with where it is in the value a client sees: the
walk follows them from a schema whose text is the same in both versions, as what they point
at may still have changed."""

from __future__ import annotations

from typing import Any

from accord.documents.loader import escape_token

__all__ = ["refs_within"]

# keyword -> how a JSON path shows a step through it
_STEP = {"properties": ".", "items": "[]", "additionalProperties": ".*"}

Found = list[tuple[Any, str, str | None]]


def refs_within(value: Any, pointer: str) -> Found:
    """(value holding the `$ref`, its pointer, its JSON path) for each `$ref` in `value`, not
    followed; the path is None for a `$ref` standing for a whole `properties` map, which only a
    full comparison can follow."""
    found: Found = []
    _collect(value, pointer, "", found)
    return found


def _collect(value: Any, pointer: str, path: str, found: Found) -> None:
    if isinstance(value, dict):
        if isinstance(value.get("$ref"), str) or isinstance(value.get("$dynamicRef"), str):
            found.append((value, pointer, path))
            return
        for key, child in value.items():
            if isinstance(child, (dict, list)):
                step = _STEP.get(key, "")
                if key == "properties" and isinstance(child, dict) and "$ref" in child:
                    found.append((child, f"{pointer}/properties", None))
                    continue
                if key == "properties" and isinstance(child, dict):
                    for name, prop in child.items():
                        here = f"{pointer}/properties/{escape_token(name)}"
                        _collect(prop, here, f"{path}.{name}", found)
                    continue
                _collect(child, f"{pointer}/{escape_token(key)}", path + step, found)
    elif isinstance(value, list):
        for index, child in enumerate(value):
            if isinstance(child, (dict, list)):  # not into an enum's values
                _collect(child, f"{pointer}/{index}", path, found)
