"""Check a value (an example, a default) against a schema of the contract, in its dialect.

OpenAPI schemas of every version are read by the one converter the mocks and pact check use
(`accord.contracts.openapi.SchemaCompiler`), so all of accord gives one answer. AsyncAPI
schemas are JSON Schema draft 7: every document of the contract is registered under its
file URI, so `$ref`s between files resolve offline, as they do for the contract itself.
"""

from __future__ import annotations

import json
import math
from collections import OrderedDict
from pathlib import Path
from typing import Any

from accord.contracts.model import Contract, ContractKind
from accord.documents.loader import Document
from accord.errors import AccordError

__all__ = ["SchemaChecker"]


# Validators kept for reuse: a schema's examples are checked together, and each compiled
# validator holds kilobytes outside Python (a 20 MB contract's 7,854 held 57 MB at once).
_KEPT_VALIDATORS = 1024


class SchemaChecker:
    """Validates values against schema nodes of one contract (the last validators used are
    kept)."""

    def __init__(self, contract: Contract) -> None:
        self.contract = contract
        self._registry: Any = None
        self._compilers: dict[str | None, Any] = {}
        self._validators: OrderedDict[tuple[str, str, str | None], Any] = OrderedDict()

    def problem(
        self, instance: Any, document: Document, pointer: str, direction: str | None = None
    ) -> str | None:
        """Why `instance` does not match the schema at `pointer`, or None if it does (or cannot tell)."""
        schema = self._schema_at(document, pointer)
        if _plainly_valid(schema, instance):
            return None
        validator = self._validator(document, pointer, direction, _leaf_text(schema))
        if validator is None:
            return None
        for error in validator.iter_errors(instance):
            where = "".join(f"/{t}" for t in error.instance_path)
            return f"at {where}: {_shorten(error.message)}" if where else _shorten(error.message)
        return None

    def _schema_at(self, document: Document, pointer: str) -> Any:
        try:
            return self.contract.resolver.resolve(f"#{pointer}", document).value
        except AccordError:
            return None  # the validator's compilation says why, if anyone asks

    def _validator(
        self, document: Document, pointer: str, direction: str | None, leaf: str | None = None
    ) -> Any:
        # A leaf schema is the same validator wherever it is written (a `limit` parameter on
        # every list operation): keyed by its text, it is compiled once.
        key = (
            (document.name, pointer, direction)
            if leaf is None or self.contract.kind.is_asyncapi
            else ("", leaf, direction)
        )
        validators = self._validators
        if key in validators:
            validators.move_to_end(key)
            return validators[key]
        validator = validators[key] = self._compile(document, pointer, direction)
        if len(validators) > _KEPT_VALIDATORS:
            validators.popitem(last=False)
        return validator

    def _compile(self, document: Document, pointer: str, direction: str | None) -> Any:
        import jsonschema_rs

        if not self.contract.kind.is_asyncapi:
            return self._compile_openapi(document, pointer, direction)
        validator_cls = _validator_cls(_draft(self.contract.kind))
        try:
            return validator_cls(
                {"$ref": f"{_uri(document)}#{pointer}"},
                registry=self._get_registry(),
                validate_formats=True,
                offline=True,
            )
        except (ValueError, jsonschema_rs.ReferencingError):
            # A schema that cannot be compiled (an unresolved `$ref`, a bad regex) is reported
            # by its own rule; its examples cannot be judged.
            return None

    def _compile_openapi(self, document: Document, pointer: str, direction: str | None) -> Any:
        import jsonschema_rs

        from accord.contracts.openapi import SchemaCompiler

        compiler = self._compilers.get(direction)
        if compiler is None:
            compiler = self._compilers[direction] = SchemaCompiler(self.contract, direction)
        try:
            target = self.contract.resolver.resolve(f"#{pointer}", document)
            schema = compiler.compile(target.value, target.document)
            return jsonschema_rs.Draft202012Validator(schema, validate_formats=True)
        except (ValueError, AccordError, jsonschema_rs.ReferencingError):
            # An unresolved `$ref` or a bad regex is reported by its own rule; the value cannot be judged.
            return None

    def _get_registry(self) -> Any:
        if self._registry is None:
            import jsonschema_rs

            resources = [(_uri(doc), doc.data) for doc in self.contract.resolver.documents]
            self._registry = jsonschema_rs.Registry(resources, draft=_draft(self.contract.kind))
        return self._registry


# A schema that only names a type and documents itself: a value plainly of that type is valid
# in every dialect and direction, with no validator compiled (half of a multi-file contract's
# examples sit on such leaves). Anything else, and any value that is not plainly of the type,
# goes to the compiled validator, which also words the problem.
_ANNOTATIONS = frozenset(
    {"type", "description", "title", "example", "examples", "default", "deprecated"}
    | {"readOnly", "writeOnly", "externalDocs"}
)
_INT64 = (-(2**63), 2**64 - 1)


def _plainly_valid(schema: Any, instance: Any) -> bool:
    if not isinstance(schema, dict) or not _ANNOTATIONS.issuperset(schema):
        return False
    kind, value = schema.get("type"), type(instance)
    if kind == "string":
        return value is str
    if kind == "boolean":
        return value is bool
    if kind == "integer" or (kind == "number" and value is int):
        return value is int and _INT64[0] <= instance <= _INT64[1]
    return kind == "number" and value is float and math.isfinite(instance)


_SCALAR_TYPES = frozenset({str, int, float, bool, type(None)})
_REFERENCES = frozenset({"$ref", "$dynamicRef", "$recursiveRef"})
# What a value is never judged by: left out of a leaf's text, so that leaves that differ only
# in their words or examples share a validator.
_NOT_JUDGED = frozenset({"description", "title", "example", "examples", "default", "deprecated", "$comment"})


def _leaf_text(schema: Any) -> str | None:
    """The canonical text of what a schema that holds no other schema and no reference judges
    (its keywords hold scalars or lists of them), or None: such a schema means the same
    wherever it is written."""
    if not isinstance(schema, dict) or not _REFERENCES.isdisjoint(schema):
        return None
    judged = {}
    for name, value in schema.items():
        if name in _NOT_JUDGED:
            continue
        if type(value) not in _SCALAR_TYPES and not (
            type(value) is list and all(type(item) in _SCALAR_TYPES for item in value)
        ):
            return None
        judged[name] = value
    return json.dumps(judged, sort_keys=True)


def _draft(kind: ContractKind) -> int:
    import jsonschema_rs

    if kind is ContractKind.openapi31:
        return int(jsonschema_rs.Draft202012)
    if kind.is_asyncapi:
        return int(jsonschema_rs.Draft7)
    return int(jsonschema_rs.Draft4)


def _validator_cls(draft: int) -> Any:
    import jsonschema_rs

    return {
        int(jsonschema_rs.Draft4): jsonschema_rs.Draft4Validator,
        int(jsonschema_rs.Draft7): jsonschema_rs.Draft7Validator,
        int(jsonschema_rs.Draft202012): jsonschema_rs.Draft202012Validator,
    }[draft]


def _uri(document: Document) -> str:
    name = document.name
    if "://" in name:
        return name
    return Path(name).resolve().as_uri()


def _shorten(message: str) -> str:
    if len(message) <= 200:
        return message
    return message[:197] + "..."
