"""Check a pact file against the Pact Specification's JSON Schema (v1-v4) before it is used.

The schemas are pact-schemas' own (src/accord/schemas/pact, with their licence), read with
two amendments that follow pact's robustness principle and what pact's core writes:
unknown attributes are allowed (`additionalProperties: false` is dropped), and a V4 body
may leave out `contentTypeHint`. A file that breaks the schema raises InputError naming
the file, the line and the interaction, so nothing malformed reaches the verifier.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator
from importlib import resources
from typing import Any

from accord.documents.loader import Document, child_pointer
from accord.errors import InputError

__all__ = ["check_pact_schema", "schema_version"]

_HINT = "pact files are written by pact's consumer tests; re-run them to regenerate it"


def schema_version(specification: str) -> int:
    """The major version of the Pact Specification (1-4) whose schema a pact is read with."""
    head = specification.strip().lstrip("vV").split(".")[0]
    return int(head) if head.isdigit() and 1 <= int(head) <= 4 else 2


def check_pact_schema(document: Document, specification: str) -> None:
    """Raise InputError at the first place the pact breaks its specification's JSON Schema."""
    version = schema_version(specification)
    if _fast_validator(version).is_valid(document.data):
        return
    errors = sorted(_leaves(_validator(version).iter_errors(document.data)), key=_depth, reverse=True)
    if not errors:  # pragma: no cover - the two validators disagree
        return
    error = errors[0]
    path = [str(p) for p in error.absolute_path]
    pointer = child_pointer("", *path)
    location = document.locate(pointer)
    where = "/".join(path) or "the file"
    message = f"does not follow the Pact Specification v{version}: at {where}: {_short(error.message)}"
    subject = _interaction_subject(document.data, path)
    raise InputError(
        f"{subject}: {message}" if subject else message,
        file=document.path,
        line=location.line,
        column=location.column,
        hint=_HINT,
    )


def _interaction_subject(data: Any, path: list[str]) -> str | None:
    if len(path) < 2 or path[0] not in ("interactions", "messages") or not path[1].isdigit():
        return None
    items = data.get(path[0]) if isinstance(data, dict) else None
    item = items[int(path[1])] if isinstance(items, list) and int(path[1]) < len(items) else None
    description = item.get("description") if isinstance(item, dict) else None
    name = repr(description) if isinstance(description, str) else f"#{path[1]}"
    return f"interaction {name}"


def _short(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _leaves(errors: Any) -> Iterator[Any]:
    """The innermost errors: an `anyOf` failure says little; its branches' errors say what."""
    for error in errors:
        if error.context:
            yield from _leaves(error.context)
        else:
            yield error


def _depth(error: Any) -> tuple[int, int]:
    # The deepest error is the most precise; a wrong value beats a missing key at one depth.
    return len(error.absolute_path), 0 if error.validator == "required" else 1


@functools.cache
def _schema(version: int) -> dict[str, Any]:
    name = f"pact/pact-schema-v{version}.json"
    schema = json.loads(resources.files("accord.schemas").joinpath(name).read_text("utf-8"))
    return _amended(schema)  # type: ignore[no-any-return]


def _amended(node: Any) -> Any:
    if isinstance(node, list):
        return [_amended(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {k: _amended(v) for k, v in node.items() if not (k == "additionalProperties" and v is False)}
    out.pop("$id", None)  # fragment-only ids ("#/definitions/x") are not valid draft-07 ids
    required = out.get("required")
    if isinstance(required, list) and "contentTypeHint" in required:
        out["required"] = [r for r in required if r != "contentTypeHint"]
    if required == ["match"] and "min" in out.get("properties", {}):
        # A V2 rule with only `min`/`max` means type matching (the specification's own test
        # cases use it, and Pact accepts it); the published schema requires `match`.
        out.pop("required")
    return out


@functools.cache
def _validator(version: int) -> Any:
    import jsonschema

    return jsonschema.Draft7Validator(_schema(version))


@functools.cache
def _fast_validator(version: int) -> Any:
    import jsonschema_rs

    return jsonschema_rs.Draft7Validator(_schema(version))
