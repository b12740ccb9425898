"""Turn OpenAPI schemas (2.0/3.0/3.1, $refs across files) into self-contained JSON Schema 2020-12.

Every `$ref` target becomes one entry of `$defs`, so recursive schemas stay finite and the
result can be handed to jsonschema-rs for validation and to `datagen` for examples.
"""

from __future__ import annotations

import re
from typing import Any

from accord.contracts.model import Contract, ContractKind
from accord.documents.loader import Document

__all__ = ["SchemaCompiler"]

# Keywords whose value is one schema, a list of schemas, or a map of name -> schema.
_ONE = (
    "items",
    "additionalProperties",
    "not",
    "contains",
    "if",
    "then",
    "else",
    "propertyNames",
    "unevaluatedProperties",
    "unevaluatedItems",
    "additionalItems",
)
_MANY = ("allOf", "anyOf", "oneOf", "prefixItems")
_MAP = ("properties", "patternProperties", "dependentSchemas")
# Annotations of OpenAPI that JSON Schema does not know; dropped so validators stay strict-clean.
_OPENAPI_ONLY = frozenset(("nullable", "discriminator", "xml", "externalDocs", "example", "x-nullable"))
# Keys a schema's conversion looks at; a schema with none of them (a type, a format, limits:
# most schemas) is copied as it is.
_CONVERTED = frozenset((*_ONE, *_MANY, *_MAP, *_OPENAPI_ONLY))


# OpenAPI's integer formats are ranges: a value outside them is not a valid int32/int64.
_FORMAT_BOUNDS = {"int32": (-(2**31), 2**31 - 1), "int64": (-(2**63), 2**63 - 1)}


class SchemaCompiler:
    """Compiles schemas of one contract; `direction` drops readOnly (request) or writeOnly (response)
    from `required`; None (an example, a default) keeps both."""

    def __init__(self, contract: Contract, direction: str | None) -> None:
        self.contract = contract
        self.direction = direction
        self.legacy = contract.kind in (ContractKind.swagger2, ContractKind.openapi30)
        # What this direction drops from `required`.
        self._hidden = {"request": "readOnly", "response": "writeOnly"}.get(direction or "")
        self._names: dict[str, str] = {}
        self._defs: dict[str, Any] = {}
        self._deps: dict[str, set[str]] = {}

    def compile(self, schema: Any, document: Document | None = None) -> dict[str, Any]:
        """A standalone JSON Schema for `schema` (found in `document`, default the root)."""
        used: set[str] = set()
        root = self._convert(schema, document or self.contract.document, used)
        if not isinstance(root, dict):
            root = {} if root is True else {"not": {}}
        closure = self._closure(used)
        if closure:
            root = {**root, "$defs": {name: self._defs[name] for name in sorted(closure)}}
        return root

    def _closure(self, names: set[str]) -> set[str]:
        seen: set[str] = set()
        todo = list(names)
        while todo:
            name = todo.pop()
            if name not in seen:
                seen.add(name)
                todo.extend(self._deps.get(name, ()))
        return seen

    def _ref(self, ref: str, document: Document, used: set[str]) -> str:
        resolved = self.contract.resolver.resolve(ref, document)
        key = f"{resolved.document.name}#{resolved.pointer}"
        name = self._names.get(key)
        if name is None:
            base = re.sub(r"[^A-Za-z0-9_.-]", "_", resolved.pointer.rsplit("/", 1)[-1]) or "schema"
            name = f"{base}_{len(self._names)}"
            self._names[key] = name
            self._defs[name] = {}  # placeholder: a recursive schema refers to itself
            deps: set[str] = set()
            self._defs[name] = self._convert(resolved.value, resolved.document, deps)
            self._deps[name] = deps
        used.add(name)
        return name

    def _convert(self, schema: Any, document: Document, used: set[str]) -> Any:
        if not isinstance(schema, dict):
            return schema if isinstance(schema, bool) else {}
        ref = schema.get("$ref")
        if isinstance(ref, str):
            target = {"$ref": f"#/$defs/{self._ref(ref, document, used)}"}
            if self.legacy:
                return target  # siblings of $ref are ignored before 3.1
            rest = {k: v for k, v in schema.items() if k != "$ref"}
            return {**self._convert(rest, document, used), **target} if rest else target
        if _CONVERTED.isdisjoint(schema):
            return self._openapi_keywords(schema, dict(schema))
        out: dict[str, Any] = {}
        for key, value in schema.items():
            if key not in _CONVERTED:
                out[key] = value
            elif key == "items" and isinstance(value, list):
                out["prefixItems"] = [self._convert(item, document, used) for item in value]
            elif key in _ONE:
                out[key] = self._convert(value, document, used)
            elif key in _MANY and isinstance(value, list):
                out[key] = [self._convert(item, document, used) for item in value]
            elif key in _MAP and isinstance(value, dict):
                # a whole map may be given by reference (DigitalOcean's `properties: {$ref: ...}`)
                value, where = self.contract.resolver.deref(value, document)
                out[key] = {name: self._convert(item, where, used) for name, item in value.items()}
            elif key not in _OPENAPI_ONLY:  # a keyword of schemas whose value is not one: as written
                out[key] = value
        return self._openapi_keywords(schema, out)

    def _openapi_keywords(self, schema: dict[str, Any], out: dict[str, Any]) -> dict[str, Any]:
        # Each step asks first whether its keyword is there at all: this runs for every schema.
        if "example" in schema and "examples" not in schema:
            out["examples"] = [schema["example"]]
        if self.legacy:
            if "exclusiveMinimum" in out or "exclusiveMaximum" in out:
                for bound, flag in (("minimum", "exclusiveMinimum"), ("maximum", "exclusiveMaximum")):
                    if out.get(flag) is True and bound in out:
                        out[flag] = out.pop(bound)
                    elif isinstance(out.get(flag), bool):
                        del out[flag]
            if out.get("type") == "file":
                del out["type"]
        if "format" in out and out.get("type") == "integer":
            bounds = _FORMAT_BOUNDS.get(str(out["format"]))
            if bounds:
                out.setdefault("minimum", bounds[0]) if "exclusiveMinimum" not in out else None
                out.setdefault("maximum", bounds[1]) if "exclusiveMaximum" not in out else None
        if self.legacy and isinstance(out.get("items"), bool):
            del out["items"]
        hidden = self._hidden
        props = schema.get("properties") if hidden and "required" in out else None
        if isinstance(props, dict) and isinstance(out.get("required"), list):
            out["required"] = [
                name
                for name in out["required"]
                if not (isinstance(props.get(name), dict) and props[name].get(hidden) is True)
            ]
        if schema.get("nullable") is True or schema.get("x-nullable") is True:
            out = _nullable(out)
        return out


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    """OpenAPI 3.0 `nullable: true` as JSON Schema: null is one more allowed value."""
    # an `enum` still has to list null itself (the OpenAPI 3.0.3 clarification of `nullable`)
    kind = schema.get("type")
    if isinstance(kind, str):
        return {**schema, "type": [kind, "null"]}
    if isinstance(kind, list):
        return {**schema, "type": kind if "null" in kind else [*kind, "null"]}
    return {"anyOf": [schema, {"type": "null"}]}
