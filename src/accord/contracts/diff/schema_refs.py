"""The `$ref`s written inside a schema, each with where it is in the value a client sees: the
walk follows them from a schema whose text is the same in both versions, as what they point
at may still have changed."""

from __future__ import annotations

from typing import Any

from accord.documents.loader import escape_token

__all__ = ["holds_ref", "refs_within"]

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
    # Exact types and tokens escaped inline: it runs on every schema whose text is unchanged,
    # through every mapping of it (thousands on a large contract).
    if type(value) is dict:
        if isinstance(value.get("$ref"), str) or isinstance(value.get("$dynamicRef"), str):
            found.append((value, pointer, path))
            return
        for key, child in value.items():
            kind = type(child)
            if kind is dict and key == "properties":
                if "$ref" in child:
                    found.append((child, f"{pointer}/properties", None))
                    continue
                for name, prop in child.items():
                    token = name if "~" not in name and "/" not in name else escape_token(name)
                    _collect(prop, f"{pointer}/properties/{token}", f"{path}.{name}", found)
            elif kind is dict or kind is list:
                token = key if "~" not in key and "/" not in key else escape_token(key)
                _collect(child, f"{pointer}/{token}", path + _STEP.get(key, ""), found)
    elif type(value) is list:
        for index, child in enumerate(value):
            if type(child) is dict or type(child) is list:  # not into an enum's values
                _collect(child, f"{pointer}/{index}", path, found)


def holds_ref(value: Any) -> bool:
    """Whether a `$ref` or `$dynamicRef` key is anywhere in `value`, whatever it holds (asked
    about every pair of schemas written the same in both versions, most of them leaves)."""
    if type(value) is dict:
        if "$ref" in value or "$dynamicRef" in value:
            return True
        children: Any = value.values()
    elif type(value) is list:
        children = value
    else:
        return False
    # A loop, not any() over a generator: a generator per mapping costs more than the loop.
    for child in children:  # noqa: SIM110
        if (type(child) is dict or type(child) is list) and holds_ref(child):
            return True
    return False
