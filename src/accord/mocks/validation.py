"""Check a request against its operation: security, path/query/header/cookie parameters, body.

Parameters arrive as text; they are turned into the types their schema asks for (following
the common serialisation styles) before jsonschema-rs validates them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from accord.contracts.model import Contract
from accord.contracts.openapi import SchemaCompiler
from accord.contracts.openapi.operations import Operation, Parameter
from accord.mocks.datagen import validator
from accord.mocks.http import MockRequest, UnreadableBody, Violation, parse_json

__all__ = ["RequestValidator"]

_IGNORED_HEADERS = {"accept", "content-type", "authorization"}  # OpenAPI says these are not parameters
_DELIMITERS = {"spaceDelimited": " ", "pipeDelimited": "|"}


@dataclass(frozen=True)
class _Param:
    """A parameter with what checking it needs, worked out once: its schema, type and validator."""

    param: Parameter
    schema: dict[str, Any]
    kind: str
    check: Any  # a jsonschema-rs validator, or None for a schema it cannot compile
    where: str


@dataclass(frozen=True)
class _Compiled:
    params: tuple[_Param, ...]  # without the header parameters OpenAPI says to ignore
    bodies: dict[str, dict[str, Any]]
    cookies: bool  # whether any parameter is a cookie (the Cookie header is read only then)
    query: bool  # whether any parameter is in the query (the query string is parsed only then)


class RequestValidator:
    """Validates requests of one contract; compiled schemas are cached per operation."""

    def __init__(self, contract: Contract) -> None:
        self.compiler = SchemaCompiler(contract, "request")
        data = contract.data
        self.schemes: dict[str, Any] = (
            (data.get("components") or {}).get("securitySchemes") or data.get("securityDefinitions") or {}
        )
        self.contract = contract
        self._cache: dict[int, _Compiled] = {}

    def compiled(self, op: Operation) -> _Compiled:
        found = self._cache.get(id(op))
        if found is None:
            params = tuple(
                _param(p, self.compiler.compile(p.schema, p.document))
                for p in op.parameters
                if p.location != "header" or p.name.lower() not in _IGNORED_HEADERS
            )
            bodies = {}
            if op.body is not None:
                bodies = {
                    m: self.compiler.compile(media.schema, media.document)
                    for m, media in op.body.media.items()
                }
            cookies = any(p.location == "cookie" for p in op.parameters)
            query = any(p.location == "query" for p in op.parameters)
            found = self._cache[id(op)] = _Compiled(params, bodies, cookies, query)
        return found

    def check(self, op: Operation, path_params: dict[str, str], request: MockRequest) -> list[Violation]:
        if op.security:
            security = self._security(op, request)
            if security:
                return [security]
        compiled = self.compiled(op)
        violations: list[Violation] = []
        query = request.query if compiled.query else []
        cookies = request.cookies if compiled.cookies else {}
        for checked in compiled.params:
            param = checked.param
            if param.location == "path":  # the common case, read without a call
                raw: str | list[str] | dict[str, str] | None = path_params.get(param.name)
            else:
                raw = _raw(checked, path_params, query, request.headers, cookies)
            if raw is None:
                if param.required:
                    violations.append(
                        Violation("missing-parameter", checked.where, "required parameter is missing")
                    )
                continue
            if checked.kind == "string" and type(raw) is str:
                value: Any = raw  # text as it is: what `_coerce` would make of it
            else:
                value = _coerce(raw, param, checked.schema, checked.kind)
            if checked.check is not None and not checked.check.is_valid(value):
                violations += _errors(checked.schema, value, "invalid-parameter", checked.where)
        if op.body is not None:
            violations += self._body(op, compiled, request)
        return violations

    def _body(self, op: Operation, compiled: _Compiled, request: MockRequest) -> list[Violation]:
        assert op.body is not None
        empty_form = request.content_type == "application/x-www-form-urlencoded"  # an empty form is `{}`
        if not request.body and not empty_form:
            if op.body.required:
                return [Violation("missing-body", "body", "the request body is required")]
            return []
        if not compiled.bodies:
            return []
        media = _media_for(request.content_type, list(compiled.bodies))
        if media is None:
            allowed = ", ".join(compiled.bodies)
            got = request.content_type or "none"
            return [
                Violation("media-type", "header.content-type", f"content type {got} is not one of: {allowed}")
            ]
        schema = compiled.bodies[media]
        if media.lower() == "application/x-www-form-urlencoded":
            return _errors(schema, _form(request.body, schema), "invalid-body", "body")
        if "json" not in media:
            return []  # multipart and binary bodies are accepted as they are
        try:
            value = parse_json(request.body)
        except UnreadableBody as exc:
            return [Violation("malformed-body", "body", str(exc))]
        return _errors(compiled.bodies[media], value, "invalid-body", "body")

    def _security(self, op: Operation, request: MockRequest) -> Violation | None:
        if not op.security or any(not requirement for requirement in op.security):
            return None
        for requirement in op.security:
            if all(self._satisfied(name, request) for name in requirement):
                return None
        names = " or ".join("+".join(r) for r in op.security)
        return Violation("security", "header.authorization", f"credentials required: {names}")

    def _satisfied(self, name: str, request: MockRequest) -> bool:
        scheme, _ = self.contract.resolver.deref(self.schemes.get(name, {}), self.contract.document)
        if not isinstance(scheme, dict):
            return True
        kind = scheme.get("type")
        if kind == "apiKey":
            where, key = scheme.get("in"), str(scheme.get("name", ""))
            if where == "header":
                return key.lower() in request.headers
            if where == "query":
                return any(k == key for k, _ in request.query)
            return key in request.cookies
        auth = request.headers.get("authorization", "")
        if kind == "http":
            return auth.lower().startswith(str(scheme.get("scheme", "")).lower() + " ")
        if kind == "basic":
            return auth.lower().startswith("basic ")
        return bool(auth)  # oauth2, openIdConnect: any credentials


def _param(param: Parameter, schema: dict[str, Any]) -> _Param:
    return _Param(param, schema, _kind(schema), validator(schema), f"{param.location}.{param.name}")


def _media_for(content_type: str, declared: list[str]) -> str | None:
    for media in declared:
        if media.lower() == content_type or media == "*/*":
            return media
        major, _, minor = media.lower().partition("/")
        if minor == "*" and content_type.startswith(major + "/"):
            return media
    if not content_type:
        return declared[0] if len(declared) == 1 else None
    return None


def _form(body: bytes, schema: dict[str, Any]) -> dict[str, Any]:
    """A urlencoded form as the object its schema describes: `a[b]=1` nests, `a[]=x` appends, values typed."""
    import urllib.parse

    tree: dict[str, Any] = {}
    for key, value in urllib.parse.parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True):
        head, _, rest = key.partition("[")
        path = [head, *[part.rstrip("]") for part in rest.split("[")]] if rest else [head]
        node = tree
        for part in path[:-1]:
            child = node.get(part)
            if not isinstance(child, dict):
                child = node[part] = {}
            node = child
        last = path[-1]
        if last == "" or last in node:  # `a[]=x` and repeated fields collect into a list
            previous = node.get(last, [])
            node[last] = [*(previous if isinstance(previous, list) else [previous]), value]
        else:
            node[last] = value
    typed = _typed(tree, schema, schema)
    if not isinstance(typed, dict):
        return tree
    resolved = _resolve(schema)
    props = _branch_properties(resolved, schema)
    for name in resolved.get("required") or []:
        kind = _kind(props.get(name, {}), schema)
        if name not in typed and kind in ("object", "array"):
            typed[name] = {} if kind == "object" else []  # a form cannot carry an empty object or list
    return typed


def _typed(value: Any, schema: Any, root: dict[str, Any]) -> Any:
    """Form text as the types of its schema (objects, arrays, numbers, booleans)."""
    kind = _kind(schema, root)
    resolved = _resolve(schema, root) if isinstance(schema, dict) else {}
    if isinstance(value, dict):
        if "" in value and len(value) == 1:
            value = value[""]
        elif kind == "array" and all(k.isdigit() for k in value):
            value = [value[k] for k in sorted(value, key=int)]
    if isinstance(value, list):
        item = resolved.get("items", {}) if kind == "array" else schema
        typed = [_typed(v, item, root) for v in value]
        return typed if kind == "array" else typed[-1]
    if isinstance(value, dict):
        props = _branch_properties(resolved, root)
        return {k: _typed(v, props.get(k, {}), root) for k, v in value.items()}
    return (
        _scalar(value, kind) if kind != "array" else [_scalar(value, _kind(resolved.get("items", {}), root))]
    )


def _branch_properties(schema: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    props = dict(schema.get("properties") or {})
    for key in ("anyOf", "oneOf", "allOf"):
        for branch in schema.get(key) or []:
            props.update(_branch_properties(_resolve(branch, root) if isinstance(branch, dict) else {}, root))
    return props


def _errors(schema: dict[str, Any], value: Any, rule: str, where: str) -> list[Violation]:
    compiled = validator(schema)
    if compiled is None or compiled.is_valid(value):
        return []
    found = []
    for error in list(compiled.iter_errors(value))[:5]:
        path = "".join(f"/{p}" for p in error.instance_path)
        found.append(Violation(rule, where + path.replace("/", ".") if path else where, error.message))
    return found


def _raw(
    checked: _Param,
    path_params: dict[str, str],
    query: list[tuple[str, str]],
    headers: dict[str, str],
    cookies: dict[str, str],
) -> str | list[str] | dict[str, str] | None:
    param = checked.param
    if param.location == "path":
        return path_params.get(param.name)
    if param.location == "header":
        return headers.get(param.name.lower())
    if param.location == "cookie":
        return cookies.get(param.name)
    if param.style == "deepObject":
        prefix = param.name + "["
        found = {k[len(prefix) : -1]: v for k, v in query if k.startswith(prefix) and k.endswith("]")}
        return found or None
    if checked.kind == "object" and param.style == "form" and param.explode:
        # an exploded object is one query field per declared property (`?a=1&b=x`); sent as
        # `name=a,1,b,x` instead, or free-form (any field could be its own), it is read below
        props = _resolve(checked.schema).get("properties")
        found = {k: v for k, v in query if isinstance(props, dict) and k in props}
        if found:
            return found
    values = [v for k, v in query if k == param.name]
    if not values:
        return None
    return values if len(values) > 1 else values[0]


def _coerce(
    raw: str | list[str] | dict[str, str], param: Parameter, schema: dict[str, Any], kind: str
) -> Any:
    if kind == "array":
        items = raw if isinstance(raw, list) else _split(str(raw), param)
        item_schema = _resolve(schema).get("items", {})
        return [_scalar(str(item), _kind(item_schema, schema)) for item in items]
    if kind == "object" and isinstance(raw, str):
        raw = _object_text(raw, param)
    if kind == "object" and isinstance(raw, dict):
        props = _resolve(schema).get("properties") or {}
        return {k: _scalar(v, _kind(props.get(k, {}), schema)) for k, v in raw.items()}
    if isinstance(raw, list):
        raw = raw[-1]
    return _scalar(str(raw), kind) if not isinstance(raw, dict) else raw


def _object_text(text: str, param: Parameter) -> dict[str, str] | str:
    """An object in one value: `a,1,b,x`, or `a=1,b=x` when exploded; other text stays text."""
    items = _split(text, param)
    if param.explode and items and all("=" in item for item in items):
        return dict(item.split("=", 1) for item in items)
    if items and len(items) % 2 == 0:
        return dict(zip(items[::2], items[1::2], strict=True))
    return text


def _split(text: str, param: Parameter) -> list[str]:
    if text == "":
        return []
    return text.split(_DELIMITERS.get(param.style, ","))


def _resolve(schema: dict[str, Any], root: dict[str, Any] | None = None) -> dict[str, Any]:
    defs = (root or schema).get("$defs", {})
    seen = 0
    while isinstance(schema.get("$ref"), str) and seen < 16:
        schema = defs.get(schema["$ref"].rsplit("/", 1)[-1], {})
        seen += 1
    return schema


def _kind(schema: Any, root: dict[str, Any] | None = None) -> str:
    if not isinstance(schema, dict):
        return "string"
    schema = _resolve(schema, root)
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if isinstance(kind, str):
        return kind
    for key in ("anyOf", "oneOf", "allOf"):
        for branch in schema.get(key) or []:
            found = _kind(branch, root or schema)
            if found != "string":
                return found
    return "string"


_INTEGER = re.compile(r"-?(?:0|[1-9][0-9]*)")
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")


def _scalar(text: str, kind: str) -> Any:
    """Parameter text as its type, spelled as in JSON (`+5`, `05`, `1_000` stay text and fail the check)."""
    try:
        if kind == "integer" and _INTEGER.fullmatch(text):
            return int(text)
        if kind == "number" and _NUMBER.fullmatch(text):
            return int(text) if _INTEGER.fullmatch(text) else float(text)
    except ValueError:  # more digits than Python converts (sys.get_int_max_str_digits)
        return text
    if kind == "boolean":
        return {"true": True, "false": False}.get(text, text)
    if kind == "null" and text == "":
        return None
    return text
