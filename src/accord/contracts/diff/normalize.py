"""Both versions of a contract in one comparable shape: operations keyed by path shape, with
parameters, bodies, responses and security resolved through `$ref`s (OpenAPI 2.0 and 3.x)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from accord.contracts.diff.schema_refs import refs_within
from accord.contracts.diff.shapes import Node, Operation, Response
from accord.contracts.model import METHODS
from accord.documents.loader import child_pointer, escape_token
from accord.documents.refs import UnresolvedRef
from accord.errors import ContractError

if TYPE_CHECKING:
    from accord.contracts.diff.schemas import SchemaView
    from accord.contracts.model import Contract

__all__ = ["Api", "path_shape"]

_TEMPLATE = re.compile(r"\{[^}/]*\}")


def path_shape(path: str) -> str:
    """`/pets/{id}` and `/pets/{petId}` have the same shape: `/pets/{}`."""
    return _TEMPLATE.sub("{}", path.rstrip("/") or "/")


class Api:
    """One version of a contract, with memoized `$ref` resolution and schema views."""

    def __init__(self, contract: Contract) -> None:
        self.contract = contract
        self.root = Node(contract.data, contract.document, "")
        self.swagger = contract.kind.value == "openapi-2.0"
        self.views: dict[tuple[str, str], SchemaView] = {}
        self.fingerprints: dict[tuple[tuple[str, str], int], int] = {}
        self._resolved: dict[tuple[str, str], Node] = {}
        self._targets: dict[tuple[str, str], Node] = {}
        self._refs: dict[tuple[str, str], list[tuple[Node, str | None]]] = {}
        self._operations: dict[tuple[str, str], Operation] | None = None
        self._root_security: tuple[Node | None, list[dict[str, frozenset[str]]]] | None = None

    def resolve(self, node: Node) -> Node:
        """The node itself, or the content its `$ref` chain points at."""
        value = node.value
        if not isinstance(value, dict) or ("$ref" not in value and "$dynamicRef" not in value):
            return node  # most nodes: asked for before every comparison, so answered first
        cached = self._resolved.get(node.key)
        if cached is not None:
            return cached
        ref = reference(node)
        if ref is None:
            return node
        if len(value) == 1:  # a bare `$ref`: the same target wherever it is written in a file
            place = (node.document.name, ref)
            resolved = self._targets.get(place)
            if resolved is None:
                resolved = self._targets[place] = self._target(node, ref)
        else:
            resolved = self._target(node, ref)
            if isinstance(resolved.value, dict):
                # OpenAPI 3.1 allows keywords beside `$ref`; they apply on top of the target.
                siblings = {k: v for k, v in value.items() if k not in ("$ref", "$dynamicRef")}
                resolved = Node({**resolved.value, **siblings}, resolved.document, resolved.pointer)
        self._resolved[node.key] = resolved
        return resolved

    def _target(self, node: Node, ref: str) -> Node:
        try:
            target = self.contract.resolver.resolve(ref, node.document)
        except UnresolvedRef as exc:
            where = node.document.locate(node.pointer + "/$ref")
            raise ContractError(exc.message, file=where.file, line=where.line, hint=exc.hint) from None
        return Node(target.value, target.document, target.pointer)

    def refs_under(self, node: Node) -> list[tuple[Node, str | None]]:
        """Every `$ref` inside a schema, with the JSON path to it (`.name`, `[]`, `.*`); None for
        a `$ref` standing for a whole `properties` map, which only a full comparison can follow."""
        cached = self._refs.get(node.key)
        if cached is None:
            document = node.document
            found = refs_within(node.value, node.pointer)
            cached = self._refs[node.key] = [(Node(v, document, at), path) for v, at, path in found]
        return cached

    def operations(self) -> dict[tuple[str, str], Operation]:
        """Every operation under `paths`, keyed by (path shape, method); built once (callbacks
        are found under them too)."""
        if self._operations is None:
            found: dict[tuple[str, str], Operation] = {}
            paths = self.root.child("paths")
            for path, item in paths.items() if paths else []:
                shape = path_shape(path)
                for op in self._path_item(path, item):
                    found[(shape, op.method)] = op
            self._operations = found
        return self._operations

    def reversed_operations(self) -> dict[tuple[str, str], Operation]:
        """Webhooks (3.1) and callbacks (3.x): requests the API sends, keyed like operations
        by (`webhook NAME` or `OPERATION callback NAME EXPRESSION`, method)."""
        found: dict[tuple[str, str], Operation] = {}
        hooks = self.root.child("webhooks")
        for name, item in hooks.items() if hooks else []:
            for op in self._path_item(f"webhook {name}", item, reverse=True):
                found[(op.path, op.method)] = op
        for owner in self.operations().values():
            callbacks = owner.node.child("callbacks")
            for name, callback in callbacks.items() if callbacks else []:
                for expression, item in self.resolve(callback).items():
                    where = f"{owner.label} callback {name} {expression}"
                    for op in self._path_item(where, item, reverse=True):
                        found[(op.path, op.method)] = op
        return found

    def _path_item(self, path: str, item: Node, reverse: bool = False) -> list[Operation]:
        item = self.resolve(item)
        value, document = item.value, item.document
        if not isinstance(value, dict):
            return []
        found = []
        for method in METHODS:
            if method not in value:
                continue
            # an operation may itself live in another file
            op_node = self.resolve(Node(value[method], document, f"{item.pointer}/{method}"))
            if isinstance(op_node.value, dict):
                found.append(Operation(method, path, op_node, reverse=reverse, item=item, fill=self._details))
        return found

    def _details(self, op: Operation) -> None:
        """What `op` takes and returns: parameters (its path item's, then its own), body,
        responses and security."""
        names = [m.group(0)[1:-1] for m in _TEMPLATE.finditer(op.path)]
        assert op.item is not None
        listed = {**self._parameters(op.item, names), **self._parameters(op.node, names)}
        op.parameters = {key: param for key, (param, _) in listed.items()}
        op.parameter_sites = {key: site for key, (_, site) in listed.items()}
        op.body, op.body_node, op.body_required, op.responses = {}, None, False, {}
        self._body(op)
        self._responses(op)
        self._security(op)

    def _parameters(self, owner: Node, names: list[str]) -> dict[tuple[str, str], tuple[Node, Node]]:
        """Parameters by key, each resolved and with the place the operation lists it; `names`
        are the path's template names, in order."""
        params: dict[tuple[str, str], tuple[Node, Node]] = {}
        listed = owner.value.get("parameters") if isinstance(owner.value, dict) else None
        if not isinstance(listed, list):
            return params
        document, base = owner.document, f"{owner.pointer}/parameters"
        for index, entry in enumerate(listed):
            site = Node(entry, document, f"{base}/{index}")
            param = self.resolve(site)
            data = param.value if isinstance(param.value, dict) else {}
            where, name = str(data.get("in", "")), str(data.get("name", ""))
            if where == "body":
                params[("body", "")] = (param, site)
            elif where == "path":
                # Path parameters are positional: renaming one is not removing it.
                params[("path", str(names.index(name)) if name in names else name)] = (param, site)
            else:
                params[(where, name.lower() if where == "header" else name)] = (param, site)
        return params

    def param_schema(self, param: Node) -> Node | None:
        """The schema of a parameter or header (2.0 keeps the keywords on the object itself)."""
        if self.swagger:
            return param
        schema = param.child("schema")
        if schema is not None:
            return schema
        content = param.child("content")
        for _, media in content.items() if content else []:
            return media.child("schema")
        return None

    def _body(self, op: Operation) -> None:
        if self.swagger:
            body = op.parameters.pop(("body", ""), None)
            op.parameter_sites.pop(("body", ""), None)
            if body is None:
                return
            types = op.data.get("consumes") or self.root.value.get("consumes") or ["application/json"]
            op.body = {str(t): body.child("schema") for t in types}
            op.body_node, op.body_required = body, bool(body.value.get("required"))
            return
        node = op.node.child("requestBody")
        if node is None:
            return
        node = self.resolve(node)
        op.body_node, op.body_required = node, bool(node.value.get("required"))
        op.body = _schemas(node, node.value.get("content"))

    def _responses(self, op: Operation) -> None:
        responses = op.node.value.get("responses")
        if not isinstance(responses, dict):
            return
        document, base = op.node.document, f"{op.node.pointer}/responses"
        for key, value in responses.items():
            code = str(key)
            if not code.startswith("x-"):
                site = Node(value, document, child_pointer(base, code))
                op.responses[code.upper()] = self._response(op, site)

    def _response(self, op: Operation, site: Node) -> Response:
        node = self.resolve(site)
        data = node.value if isinstance(node.value, dict) else {}
        header_map = data.get("headers")
        headers: dict[str, Node] = {}
        if isinstance(header_map, dict):
            base = f"{node.pointer}/headers"
            for name, header in header_map.items():
                headers[str(name).lower()] = self.resolve(
                    Node(header, node.document, child_pointer(base, name))
                )
        if self.swagger:
            types = op.data.get("produces") or self.root.value.get("produces") or ["application/json"]
            schema = node.child("schema")
            content: dict[str, Node | None] = {str(t): schema for t in types} if schema else {}
        else:
            content = _schemas(node, data.get("content"))
        return Response(node, headers, content, site)

    def _security(self, op: Operation) -> None:
        node = op.node.child("security")
        if node is None:  # the contract's own, read once for every operation that has none
            if self._root_security is None:
                found = self.root.child("security")
                self._root_security = (found, _alternatives(found))
            op.security_node, op.security = self._root_security
            return
        op.security_node, op.security = node, _alternatives(node)

    def security_schemes(self) -> Node | None:
        if self.swagger:
            return self.root.child("securityDefinitions")
        return self.root.child("components", "securitySchemes")


def _alternatives(node: Node | None) -> list[dict[str, frozenset[str]]]:
    """Security requirements: each alternative, scheme -> scopes (one without any when none)."""
    if node is None or not isinstance(node.value, list):
        return [{}]
    alternatives = [
        {str(k): frozenset(map(str, v or [])) for k, v in alt.items()}
        for alt in node.value
        if isinstance(alt, dict)
    ]
    return alternatives or [{}]


def _schemas(owner: Node, content: Any) -> dict[str, Node | None]:
    """The schema of each media type of the `content` map of `owner` (None where a media type
    has none)."""
    if not isinstance(content, dict):
        return {}
    document, base = owner.document, f"{owner.pointer}/content"
    found: dict[str, Node | None] = {}
    for key, media in content.items():
        found[str(key)] = (
            Node(media["schema"], document, f"{child_pointer(base, key)}/schema")
            if isinstance(media, dict) and "schema" in media
            else None
        )
    return found


def reference(node: Node) -> str | None:
    """The `$ref` of a schema, or its `$dynamicRef` read statically: a JSON pointer as is, an
    anchor name as the schema of this document that declares it (`$dynamicAnchor`/`$anchor`)."""
    value = node.value
    if not isinstance(value, dict):
        return None
    if isinstance(value.get("$ref"), str):
        return str(value["$ref"])
    dynamic = value.get("$dynamicRef")
    if not isinstance(dynamic, str):
        return None
    head, _, fragment = dynamic.partition("#")
    if head or not fragment or fragment.startswith("/"):
        return dynamic
    pointer = _anchor(node.document.data, fragment, "")
    if pointer is None:
        where = node.document.locate(node.pointer)
        raise ContractError(
            f"$dynamicRef {dynamic!r}: no schema of this document declares $dynamicAnchor {fragment!r}",
            file=where.file,
            line=where.line,
            hint="add the anchor, or point at the schema with a JSON pointer (#/$defs/...)",
        )
    return f"#{pointer}"


def _anchor(value: Any, name: str, pointer: str) -> str | None:
    if isinstance(value, dict):
        if name in (value.get("$dynamicAnchor"), value.get("$anchor")):
            return pointer
        children: Any = value.items()
    elif isinstance(value, list):
        children = enumerate(value)
    else:
        return None
    for key, child in children:
        found = _anchor(child, name, f"{pointer}/{escape_token(str(key))}")
        if found is not None:
            return found
    return None
