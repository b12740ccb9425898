"""The operations of an OpenAPI contract in one shape for 2.0, 3.0 and 3.1 (parameters, bodies, responses).

This is where path-level and operation-level parameters are merged (the operation's win, by
location and name) and where the HTTP methods of a path item are listed, for the mocks and
pact check alike. `$ref`s of parameters, bodies, responses, headers and examples are followed
here; schemas stay raw (with the document they live in) until `SchemaCompiler` turns them into
JSON Schema.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from accord.contracts.model import METHODS, Contract, ContractKind
from accord.documents.loader import Document
from accord.errors import ContractError

__all__ = [
    "METHODS",
    "Header",
    "Media",
    "Operation",
    "Parameter",
    "RequestBody",
    "Response",
    "read_operations",
]


class Media(NamedTuple):
    """One media type of a body: its schema and its examples (name -> value; '' = the single example)."""

    schema: Any
    document: Document
    examples: dict[str, Any]


class Parameter(NamedTuple):
    name: str
    location: str  # path | query | header | cookie
    required: bool
    schema: Any
    document: Document
    style: str
    explode: bool


class RequestBody(NamedTuple):
    required: bool
    media: dict[str, Media]


class Header(NamedTuple):
    name: str
    required: bool
    schema: Any
    document: Document
    example: Any = None


class Response(NamedTuple):
    status: str  # "200", "4XX", "default"
    media: dict[str, Media]
    headers: tuple[Header, ...]


class Operation(NamedTuple):
    method: str  # upper case
    template: str  # the path as the contract writes it
    operation_id: str
    parameters: tuple[Parameter, ...]
    body: RequestBody | None
    responses: dict[str, Response]
    security: tuple[dict[str, list[str]], ...]
    emits: tuple[str, ...] = ()  # `x-accord-emits`: events the real service publishes after answering


def read_operations(contract: Contract) -> list[Operation]:
    """Every operation of the contract; ContractError when there are none to serve."""
    if not contract.kind.is_openapi:
        raise ContractError(
            f"{contract.path} is an AsyncAPI contract: only OpenAPI contracts have HTTP operations",
            file=contract.path,
        )
    reader = _Reader(contract)
    paths = contract.data.get("paths") or {}
    if not isinstance(paths, dict):
        raise ContractError(
            "`paths` is not a mapping", file=contract.path, line=contract.locate("/paths").line
        )
    operations: list[Operation] = []
    for template, item in paths.items():
        item_value, item_doc = contract.resolver.deref(item, contract.document)
        if not isinstance(item_value, dict):
            continue
        for method in METHODS:
            if method not in item_value:
                continue
            # some contracts (DigitalOcean's) put whole operations in other files
            op, op_doc = contract.resolver.deref(item_value[method], item_doc)
            if isinstance(op, dict):
                operations.append(
                    reader.operation(str(template), method, (item_value, item_doc), (op, op_doc))
                )
    return operations


class _Reader:
    def __init__(self, contract: Contract) -> None:
        self.contract = contract
        self.swagger = contract.kind is ContractKind.swagger2
        data = contract.data
        self.consumes = data.get("consumes") or ["application/json"]
        self.produces = data.get("produces") or ["application/json"]
        self.security = data.get("security") or []

    def deref(self, value: Any, document: Document) -> tuple[Any, Document]:
        return self.contract.resolver.deref(value, document)

    def operation(
        self,
        template: str,
        method: str,
        item_at: tuple[dict[str, Any], Document],
        op_at: tuple[dict[str, Any], Document],
    ) -> Operation:
        (item, item_doc), (op, doc) = item_at, op_at
        params: dict[tuple[str, str], Parameter] = {}
        body: RequestBody | None = None
        raw_params = [(raw, item_doc) for raw in item.get("parameters") or []]
        raw_params += [(raw, doc) for raw in op.get("parameters") or []]
        for raw, where in raw_params:
            value, pdoc = self.deref(raw, where)
            if not isinstance(value, dict) or "name" not in value:
                continue
            if self.swagger and value.get("in") in ("body", "formData"):
                body = self._swagger_body(value, op, pdoc, body)
                continue
            param = self._parameter(value, pdoc)
            params[(param.location, param.name)] = param
        if not self.swagger and "requestBody" in op:
            value, bdoc = self.deref(op["requestBody"], doc)
            if isinstance(value, dict):
                body = RequestBody(bool(value.get("required", False)), self._content(value, bdoc))
        responses = {}
        for status, raw in (op.get("responses") or {}).items():
            value, rdoc = self.deref(raw, doc)
            if isinstance(value, dict):
                responses[str(status).upper()] = self._response(str(status).upper(), value, op, rdoc)
        security = op.get("security", self.security) or []
        return Operation(
            method=method.upper(),
            template=template,
            operation_id=str(op.get("operationId") or f"{method.upper()} {template}"),
            parameters=tuple(params.values()),
            body=body,
            responses=responses,
            security=tuple(s for s in security if isinstance(s, dict)),
            emits=tuple(str(e) for e in op.get("x-accord-emits") or [] if isinstance(e, str)),
        )

    def _parameter(self, value: dict[str, Any], doc: Document) -> Parameter:
        location = str(value.get("in", "query"))
        if self.swagger:
            schema = {k: v for k, v in value.items() if k not in ("name", "in", "required", "description")}
            fmt = value.get("collectionFormat", "csv")
            style = {
                "csv": "form" if location == "query" else "simple",
                "ssv": "spaceDelimited",
                "pipes": "pipeDelimited",
                "multi": "form",
            }.get(fmt, "simple")
            explode = fmt == "multi"
        else:
            schema = value.get("schema", {})
            if "content" in value and isinstance(value["content"], dict) and value["content"]:
                schema = next(iter(value["content"].values())).get("schema", {})
            style = str(value.get("style") or ("form" if location in ("query", "cookie") else "simple"))
            explode = bool(value.get("explode", style == "form"))
        return Parameter(
            name=str(value["name"]),
            location=location,
            required=bool(value.get("required", location == "path")),
            schema=schema,
            document=doc,
            style=style,
            explode=explode,
        )

    def _examples(self, media: dict[str, Any], doc: Document) -> dict[str, Any]:
        examples: dict[str, Any] = {}
        for name, raw in (media.get("examples") or {}).items():
            value, _ = self.deref(raw, doc)
            if isinstance(value, dict) and "value" in value:
                examples[str(name)] = value["value"]
        if "example" in media:
            examples[""] = media["example"]
        return examples

    def _content(self, holder: dict[str, Any], doc: Document) -> dict[str, Media]:
        media = {}
        for mime, spec in (holder.get("content") or {}).items():
            if isinstance(spec, dict):
                media[str(mime)] = Media(spec.get("schema", {}), doc, self._examples(spec, doc))
        return media

    def _swagger_body(
        self, param: dict[str, Any], op: dict[str, Any], doc: Document, body: RequestBody | None
    ) -> RequestBody | None:
        if param.get("in") == "formData":
            return body or RequestBody(False, {})  # form fields are not validated in 2.0 mocks
        consumes = op.get("consumes") or self.consumes
        schema = param.get("schema", {})
        return RequestBody(bool(param.get("required")), {str(m): Media(schema, doc, {}) for m in consumes})

    def _response(self, status: str, value: dict[str, Any], op: dict[str, Any], doc: Document) -> Response:
        if self.swagger:
            media = {}
            if "schema" in value:
                examples = value.get("examples") or {}
                for mime in op.get("produces") or self.produces:
                    found = {"": examples[mime]} if mime in examples else {}
                    media[str(mime)] = Media(value["schema"], doc, found)
        else:
            media = self._content(value, doc)
        headers = []
        for name, raw in (value.get("headers") or {}).items():
            hvalue, hdoc = self.deref(raw, doc)
            if not isinstance(hvalue, dict) or str(name).lower() == "content-type":
                continue
            schema = hvalue if self.swagger else hvalue.get("schema", {})
            example = hvalue.get("example")
            headers.append(Header(str(name), bool(hvalue.get("required", False)), schema, hdoc, example))
        return Response(status, media, tuple(headers))
