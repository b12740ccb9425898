"""What a mock checks before it listens: every `$ref` resolves, and every response body can
be generated. An unusable contract fails start-up (exit 2) instead of answering 500s later.

"Can be generated" is decided without generating (that costs minutes on Stripe's contract):
a schema has a finite example unless what the generator must always produce (required
properties, every `allOf` part, the branch of a union it falls back to, `minItems` items)
leads back to itself. The definitions that can end are found as a least fixed point.
"""

from __future__ import annotations

from typing import Any

from accord.contracts.model import Contract
from accord.contracts.openapi.operations import Media, Operation
from accord.contracts.walk import require_resolvable
from accord.documents.loader import child_pointer
from accord.errors import ContractError
from accord.mocks.responses import ResponseBuilder

__all__ = ["check_mock_contract"]

_DEF_PREFIX = "#/$defs/"


def check_mock_contract(contract: Contract, operations: list[Operation], responses: ResponseBuilder) -> None:
    """ContractError naming the line of the first `$ref` or response schema the mock cannot use."""
    require_resolvable(contract)
    bodies: list[tuple[Operation, str, str, dict[str, Any]]] = []
    definitions: dict[str, Any] = {}
    for op in operations:
        for status, response in op.responses.items():
            for mime, media in response.media.items():
                schema = _compiled(responses, media)
                if schema is not None:
                    bodies.append((op, status, mime, schema))
                    definitions.update(schema.get("$defs", {}))
    ending = _ending_definitions(definitions)
    for op, status, mime, schema in bodies:
        if not _ends(schema, ending):
            raise _endless(contract, op, status, mime)


def _compiled(responses: ResponseBuilder, media: Media) -> dict[str, Any] | None:
    if media.schema is None:
        return None
    try:
        return responses.schema(media)
    except RecursionError:
        return {"$ref": _DEF_PREFIX + "-"}  # no definition by that name: never ends


def _ending_definitions(definitions: dict[str, Any]) -> set[str]:
    ending: set[str] = set()
    changed = True
    while changed:
        changed = False
        for name, schema in definitions.items():
            if name not in ending and _ends(schema, ending):
                ending.add(name)
                changed = True
    return ending


def _ends(schema: Any, ending: set[str]) -> bool:
    """Whether the generator's forced path through `schema` reaches only definitions in `ending`."""
    if not isinstance(schema, dict):
        return True
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith(_DEF_PREFIX) and ref[len(_DEF_PREFIX) :] not in ending:
        return False
    if "const" in schema or schema.get("enum") or schema.get("examples") or "default" in schema:
        return True
    forced: list[Any] = list(schema.get("allOf") or [])
    for key in ("oneOf", "anyOf"):
        branches = schema.get(key)
        if isinstance(branches, list) and branches:
            flat = [b for b in branches if "$ref" not in str(b)]
            forced.append(flat[0] if flat else branches[0])
    raw_props = schema.get("properties")
    props: dict[str, Any] = raw_props if isinstance(raw_props, dict) else {}
    for name in schema.get("required") or []:
        if isinstance(name, str):
            forced.append(props.get(name, schema.get("additionalProperties", {})))
    if isinstance(schema.get("minItems"), int) and schema["minItems"] > 0:
        forced.append(schema.get("items", {}))
    return all(_ends(part, ending) for part in forced)


def _endless(contract: Contract, op: Operation, status: str, mime: str) -> ContractError:
    where = contract.locate(child_pointer("/paths", op.template, op.method.lower(), "responses", status))
    return ContractError(
        f"{op.method} {op.template}: the {status} response ({mime}) has no finite example: its schema "
        "refers to itself without end (a `$ref` cycle through allOf/anyOf/oneOf or required properties)",
        file=where.file,
        line=where.line,
        column=where.column,
        hint="make the recursive property optional, or break the cycle of `$ref`s",
    )
