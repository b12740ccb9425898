"""The structure of a contract, checked against its specification's official JSON Schema.

OpenAPI uses the schemas openapi-spec-validator ships, AsyncAPI the ones bundled in
`accord/schemas/asyncapi/`; jsonschema-rs evaluates them, offline. Raw schema errors are
turned into `Violation`s: the deepest meaningful error of a `oneOf`, a readable message,
and a `$ref` placed where the specification allows none named as such.
"""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Iterator
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple

from accord.contracts.model import Contract, ContractKind
from accord.documents.loader import child_pointer

__all__ = ["Violation", "structure_violations"]

_MAX_MESSAGE = 240


class Violation(NamedTuple):
    """One place where the document breaks its specification's schema."""

    pointer: str
    message: str
    misplaced_ref: bool = False


def structure_violations(contract: Contract) -> list[Violation]:
    """Every structural problem of the root document, one per place, most specific first."""
    validator = _validator(contract.kind, _schema_version(contract))
    seen: set[tuple[str, str]] = set()
    ref_places: set[str] = set()
    found: list[Violation] = []
    for error in validator.iter_errors(contract.data):
        for violation in _explain(error):
            if violation.misplaced_ref:
                if violation.pointer in ref_places:
                    continue
                ref_places.add(violation.pointer)
            elif violation.pointer in ref_places:
                continue  # already said: the `$ref` here is the problem
            key = (violation.pointer, violation.message)
            if key not in seen:
                seen.add(key)
                found.append(violation)
    exclusive = {
        (v.pointer, f)
        for v in found
        if v.message.endswith("cannot be used together")
        for f in v.message.split("`")[1::2]
    }
    return [v for v in found if not _repeats_exclusive(v, exclusive)]


def _repeats_exclusive(violation: Violation, exclusive: set[tuple[str, str]]) -> bool:
    """`unevaluatedProperties` repeats a failed `not` as unknown fields; say it once."""
    if not violation.message.startswith("unknown field"):
        return False
    fields = violation.message.split(":")[0].split("`")[1::2]
    return all((violation.pointer, f) in exclusive for f in fields)


def _schema_version(contract: Contract) -> str:
    if contract.kind is ContractKind.asyncapi3:
        return "3.1.0" if contract.version.startswith("3.1") else "3.0.0"
    return "2.6.0" if contract.kind is ContractKind.asyncapi2 else ""


@cache
def _validator(kind: ContractKind, version: str) -> Any:
    import jsonschema_rs

    from accord.contracts.ecma_regex import is_ecma_regex

    schema = _asyncapi_schema(version) if kind.is_asyncapi else _openapi_schema(kind)
    # `pattern`s are ECMA-262 regexes (without the u flag), not whatever the validator's engine takes.
    return jsonschema_rs.validator_for(schema, offline=True, formats={"regex": is_ecma_regex})


def _openapi_schema(kind: ContractKind) -> dict[str, Any]:
    folder = {ContractKind.swagger2: "v2.0", ContractKind.openapi30: "v3.0", ContractKind.openapi31: "v3.1"}
    # Found without importing openapi_spec_validator: its import alone costs a second.
    spec = importlib.util.find_spec("openapi_spec_validator")
    if spec is None or not spec.submodule_search_locations:  # pragma: no cover - a declared dependency
        raise RuntimeError("openapi-spec-validator is not installed")
    base = Path(next(iter(spec.submodule_search_locations)))
    path = base / "resources" / "schemas" / folder[kind] / "schema.json"
    schema: dict[str, Any] = json.loads(path.read_text("utf-8"))
    if kind is ContractKind.openapi31:
        _patch_openapi31(schema)
    return schema


def _patch_openapi31(schema: dict[str, Any]) -> None:
    """Two known errata of the 2022-10-07 schema, fixed as the OpenAPI Initiative later did."""
    defs = schema["$defs"]
    link = defs["link"]["properties"]
    if "body" in link and "server" not in link:
        # The Link Object's field is `server`; the schema misspelled it `body`.
        link["server"] = link.pop("body")
    # `example` and `examples` are mutually exclusive (parameter, header, media type).
    defs["examples"].setdefault("not", {"required": ["example", "examples"]})


def _asyncapi_schema(version: str) -> dict[str, Any]:
    text = resources.files("accord.schemas").joinpath(f"asyncapi/{version}.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    if version == "2.6.0":
        # One schema for every 2.x: 2.6 only added optional fields; the version is checked apart.
        schema["properties"]["asyncapi"] = {"type": "string", "pattern": r"^2\.\d+\.\d+"}
    return schema


# --- turning schema errors into violations -------------------------------------------------


def _explain(error: Any) -> Iterator[Violation]:
    pointer = _pointer(error.instance_path)
    kind = error.kind
    name = type(kind).__name__
    if _is_misplaced_ref(error.instance, name, kind):
        yield Violation(pointer, _misplaced_ref_message(error), misplaced_ref=True)
        return
    if name in ("OneOfNotValid", "AnyOf"):
        branch = _best_branch(error.instance, kind.context)
        if branch:
            for inner in branch:
                yield from _explain(inner)
            return
    yield Violation(pointer, _message(error, name, kind))


def _is_misplaced_ref(instance: Any, name: str, kind: Any) -> bool:
    """A `{$ref: ...}` where the schema wanted something else in place."""
    if not (isinstance(instance, dict) and isinstance(instance.get("$ref"), str)):
        return False
    if name == "AdditionalProperties" or name == "UnevaluatedProperties":
        return "$ref" in getattr(kind, "unexpected", [])
    return name in ("Type", "Required", "FalseSchema")


def _misplaced_ref_message(error: Any) -> str:
    schema_path = [str(t) for t in error.schema_path]
    marks = [i for i, t in enumerate(schema_path) if t in ("definitions", "$defs")]
    owner = schema_path[marks[-1] + 1] if marks and marks[-1] + 1 < len(schema_path) else None
    field = str(error.instance_path[-1]) if error.instance_path else "the root"
    if type(error.kind).__name__ == "Type":
        text = f"`{field}` must be {_types(error.kind)} written in place, not a `$ref`"
    else:
        what = f"the {owner} object" if owner else "this value"
        text = f"`$ref` is not allowed at `{field}`: {what} must be written in place"
    return text + " (the specification allows `$ref` only where it says a Reference Object may be)"


def _best_branch(instance: Any, branches: list[list[Any]]) -> list[Any] | None:
    """The branch of a `oneOf`/`anyOf` the author most likely meant: the one that got furthest."""
    has_ref = isinstance(instance, dict) and "$ref" in instance
    candidates = []
    for branch in branches:
        if not branch:
            return None
        # A branch that only asks for `$ref` is the Reference Object: not what a literal value meant.
        if not has_ref and all(
            type(e.kind).__name__ == "Required" and getattr(e.kind, "property", None) == "$ref"
            for e in branch
        ):
            continue
        depth = max(len(e.instance_path) for e in branch)
        candidates.append((-depth, len(branch), branch))
    if not candidates:
        return None
    candidates.sort(key=lambda item: (item[0], item[1]))
    return candidates[0][2]


def _message(error: Any, name: str, kind: Any) -> str:
    instance = error.instance
    if name == "Type":
        return f"expected {_types(kind)}, found {_json_type(instance)}"
    if name == "Required":
        return f"missing required field `{kind.property}`"
    if name in ("AdditionalProperties", "UnevaluatedProperties"):
        unexpected = ", ".join(f"`{u}`" for u in kind.unexpected)
        return f"unknown field {unexpected}: not allowed here"
    if name == "Enum":
        return f"{_short(instance)} is not one of {_short(kind.options)}"
    if name == "Constant":
        return f"must be {_short(kind.expected_value)}, found {_short(instance)}"
    if name in ("OneOfNotValid", "AnyOf"):
        return f"{_json_type(instance)} matches none of the allowed forms here"
    if name == "Not":
        required = kind.schema.get("required") if isinstance(kind.schema, dict) else None
        if required:
            return " and ".join(f"`{r}`" for r in required) + " cannot be used together"
    if name == "FalseSchema":
        return "this field is not allowed here"
    if name == "Pattern":
        return f"{_short(instance)} does not match the pattern {kind.pattern!r}"
    return _short_message(error.message, instance)


def _types(kind: Any) -> str:
    names = {"object": "an object", "array": "an array", "integer": "an integer", "null": "null"}
    types = [str(t) for t in (getattr(kind, "types", None) or [])]
    return " or ".join(names.get(t, f"a {t}") for t in types) or "another type"


def _json_type(value: Any) -> str:
    if isinstance(value, dict):
        return "an object" + (" with `$ref`" if "$ref" in value else "")
    if isinstance(value, list):
        return "an array"
    if isinstance(value, bool):
        return f"a boolean ({json.dumps(value)})"
    if value is None:
        return "null"
    if isinstance(value, int | float):
        return f"a number ({value})"
    return f"a string ({_short(value)})"


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 60 else text[:57] + "..."


def _short_message(message: str, instance: Any) -> str:
    serialized = json.dumps(instance, ensure_ascii=False, separators=(",", ":"), default=str)
    if len(serialized) > 60 and serialized in message:
        message = message.replace(serialized, _short(instance))
    return message if len(message) <= _MAX_MESSAGE else message[: _MAX_MESSAGE - 3] + "..."


def _pointer(path: list[str | int]) -> str:
    return child_pointer("", *path)
