"""Checks on request bodies, media types, response status codes and response headers."""

from __future__ import annotations

from collections.abc import Iterator

from accord.contracts.diff.model import Hit, Side
from accord.contracts.diff.pairs import OperationPair
from accord.contracts.diff.registry import Scope, check
from accord.contracts.diff.shapes import Node, Response
from accord.documents.loader import escape_token
from accord.report import Severity

BREAKING, MAY_BREAK, CHANGE = Severity.error, Severity.warning, Severity.info


@check(Scope.operation, "request-body-added-required", BREAKING, "existing clients send no body")
def request_body_added_required(p: OperationPair) -> Iterator[Hit]:
    if p.old.body_node is None and p.new.body_node is not None and p.new.body_required:
        yield Hit("required request body added", p.new.body_node.document, p.new.body_node.pointer)


@check(Scope.operation, "request-body-became-required", BREAKING, "clients that sent no body are refused")
def request_body_became_required(p: OperationPair) -> Iterator[Hit]:
    if (
        p.old.body_node is not None
        and p.new.body_node is not None
        and p.new.body_required
        and not p.old.body_required
    ):
        yield Hit("request body became required", p.new.body_node.document, p.new.body_node.pointer)


@check(
    Scope.operation, "request-body-removed", MAY_BREAK, "clients still send a body the server no longer reads"
)
def request_body_removed(p: OperationPair) -> Iterator[Hit]:
    if p.old.body_node is not None and p.new.body_node is None:
        yield Hit("request body removed", p.old.body_node.document, p.old.body_node.pointer, Side.old)


def _media_pointer(body_node: Node | None, media: str, api_swagger: bool) -> str:
    if body_node is None:
        return ""
    return body_node.pointer if api_swagger else f"{body_node.pointer}/content/{escape_token(media)}"


@check(
    Scope.operation,
    "request-media-type-removed",
    BREAKING,
    "clients sending this content type are refused (415)",
)
def request_media_type_removed(p: OperationPair) -> Iterator[Hit]:
    if p.new.body_node is None:
        return
    for media in p.old.body.keys() - p.new.body.keys():
        node = p.old.body_node or p.old.node
        yield Hit(
            f"request media type {media} removed",
            node.document,
            _media_pointer(node, media, p.old_api.swagger),
            Side.old,
        )


@check(Scope.operation, "request-media-type-added", CHANGE, "clients may send another content type")
def request_media_type_added(p: OperationPair) -> Iterator[Hit]:
    if p.old.body_node is None:
        return
    for media in p.new.body.keys() - p.old.body.keys():
        node = p.new.body_node or p.new.node
        yield Hit(
            f"request media type {media} added", node.document, _media_pointer(node, media, p.new_api.swagger)
        )


def _success(code: str) -> bool:
    return code.startswith("2") or code == "DEFAULT"


def _common(p: OperationPair) -> Iterator[tuple[str, Response, Response]]:
    for code, new in p.new.responses.items():
        old = p.old.responses.get(code)
        if old is not None:
            yield code, old, new


@check(
    Scope.operation,
    "response-success-status-removed",
    BREAKING,
    "clients expecting this success status see another",
)
def response_success_status_removed(p: OperationPair) -> Iterator[Hit]:
    for code, old in p.old.responses.items():
        if code not in p.new.responses and _success(code):
            yield Hit(f"response {code} removed", old.site.document, old.site.pointer, Side.old)


@check(
    Scope.operation,
    "response-non-success-status-removed",
    MAY_BREAK,
    "clients handling this error status lose the case",
)
def response_non_success_status_removed(p: OperationPair) -> Iterator[Hit]:
    for code, old in p.old.responses.items():
        if code not in p.new.responses and not _success(code):
            yield Hit(f"response {code} removed", old.site.document, old.site.pointer, Side.old)


@check(Scope.operation, "response-status-added", CHANGE, "a documented new status; clients should handle it")
def response_status_added(p: OperationPair) -> Iterator[Hit]:
    for code, new in p.new.responses.items():
        if code not in p.old.responses:
            yield Hit(f"response {code} added", new.site.document, new.site.pointer)


@check(
    Scope.operation,
    "response-media-type-removed",
    BREAKING,
    "clients that accept only this content type get 406",
)
def response_media_type_removed(p: OperationPair) -> Iterator[Hit]:
    for code, old, new in _common(p):
        for media in old.content.keys() - new.content.keys():
            pointer = (
                old.node.pointer if p.old_api.swagger else f"{old.node.pointer}/content/{escape_token(media)}"
            )
            yield Hit(f"response {code} media type {media} removed", old.node.document, pointer, Side.old)


@check(
    Scope.operation, "response-media-type-added", CHANGE, "the server may answer with another content type"
)
def response_media_type_added(p: OperationPair) -> Iterator[Hit]:
    for code, old, new in _common(p):
        for media in new.content.keys() - old.content.keys():
            pointer = (
                new.node.pointer if p.new_api.swagger else f"{new.node.pointer}/content/{escape_token(media)}"
            )
            yield Hit(f"response {code} media type {media} added", new.node.document, pointer)


def _header_required(header: Node) -> bool:
    return isinstance(header.value, dict) and header.value.get("required") is True


@check(
    Scope.operation,
    "response-required-header-removed",
    BREAKING,
    "clients reading the header find it missing",
)
def response_required_header_removed(p: OperationPair) -> Iterator[Hit]:
    for code, old, new in _common(p):
        for name, header in old.headers.items():
            if name not in new.headers and (_header_required(header) or p.old_api.swagger):
                yield Hit(
                    f"response {code} header {name!r} removed", header.document, header.pointer, Side.old
                )


@check(Scope.operation, "response-optional-header-removed", MAY_BREAK, "clients that used the header lose it")
def response_optional_header_removed(p: OperationPair) -> Iterator[Hit]:
    for code, old, new in _common(p):
        for name, header in old.headers.items():
            if name not in new.headers and not (_header_required(header) or p.old_api.swagger):
                yield Hit(
                    f"response {code} header {name!r} removed", header.document, header.pointer, Side.old
                )


@check(
    Scope.operation,
    "response-header-became-optional",
    BREAKING,
    "clients relying on the header may not get it",
)
def response_header_became_optional(p: OperationPair) -> Iterator[Hit]:
    for code, old, new in _common(p):
        for name, header in new.headers.items():
            before = old.headers.get(name)
            if before is not None and _header_required(before) and not _header_required(header):
                yield Hit(f"response {code} header {name!r} became optional", header.document, header.pointer)


@check(Scope.operation, "response-header-added", CHANGE, "a new response header is a new feature")
def response_header_added(p: OperationPair) -> Iterator[Hit]:
    for code, old, new in _common(p):
        for name, header in new.headers.items():
            if name not in old.headers:
                yield Hit(f"response {code} header {name!r} added", header.document, header.pointer)


def _open(schema: Node | None) -> bool:
    """No schema, or one that accepts anything (`{}`, `true`)."""
    return schema is None or schema.value in ({}, True)


@check(
    Scope.operation,
    "request-body-schema-added",
    BREAKING,
    "a media type without a schema accepted any body; bodies clients send today may not match the new one",
)
def request_body_schema_added(p: OperationPair) -> Iterator[Hit]:
    for media, schema in p.new.body.items():
        if media in p.old.body and _open(p.old.body[media]) and not _open(schema):
            assert schema is not None
            yield Hit(f"request media type {media} now has a schema", schema.document, schema.pointer)


@check(
    Scope.operation,
    "response-body-schema-removed",
    MAY_BREAK,
    "the response body is no longer described: any value may come back",
)
def response_body_schema_removed(p: OperationPair) -> Iterator[Hit]:
    for code, old, new in _common(p):
        for media, schema in old.content.items():
            if media in new.content and not _open(schema) and _open(new.content[media]):
                assert schema is not None
                yield Hit(
                    f"response {code} media type {media} no longer has a schema",
                    schema.document,
                    schema.pointer,
                    Side.old,
                )
