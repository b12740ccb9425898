"""The rules of `pact check`: one small function per way a pact can disagree with an OpenAPI.

Each rule gets the interaction and the operation it aims at, and yields problems with a
JSON pointer into the pact file (relative to the interaction).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import Enum
from typing import Any

from accord.contracts.openapi.operations import Media, Operation, Response
from accord.contracts.pact.exchange import NO_BODY, Exchange
from accord.contracts.pact.linear_regex import linear_validator, patterns_in, unsupported
from accord.contracts.pact.operations import Lookup, Provider
from accord.contracts.pact.schemas import (
    MatchingRules,
    consumer_view,
    inline_defs,
    json_path,
    regex_conflicts,
    schema_at,
    schema_problems,
    undeclared_fields,
)
from accord.contracts.registry import Registry
from accord.documents.loader import Document
from accord.report import Severity

__all__ = ["CHECKS", "CheckContext", "Problem"]


@dataclass(frozen=True)
class Problem:
    """One incompatibility: what, and where in the interaction (a pointer below it)."""

    message: str
    pointer: str = ""


@dataclass(frozen=True)
class CheckContext:
    """An HTTP interaction of a pact and the provider contract it is checked against."""

    exchange: Exchange
    provider: Provider
    lookup: Lookup

    @property
    def operation(self) -> Operation | None:
        return self.lookup.operation

    def schema(self, raw: Any, document: Document, direction: str) -> Any:
        """A schema of the contract as JSON Schema for one direction, its `$ref`s inlined."""
        return inline_defs(self.provider.compile(raw, document, direction))

    @property
    def validator(self) -> Any:
        import jsonschema

        return linear_validator(jsonschema.Draft202012Validator)

    def response(self) -> Response | None:
        """The response the contract declares for the pact's status (exact, range, default)."""
        assert self.operation is not None
        responses = self.operation.responses
        status = str(self.exchange.status)
        return next((responses[k] for k in (status, f"{status[0]}XX", "DEFAULT") if k in responses), None)


Check = Callable[[CheckContext], Iterator[Problem]]
CHECKS: Registry[Check] = Registry("pact check")


def _media(content: dict[str, Media], media_type: str | None, *, swagger: bool) -> Media | None:
    """The contract's media type entry for a pact body's type (exact, then wildcards).

    A 2.0 contract lists its types once for every body (`consumes`/`produces`), often loosely:
    its schema is the same for each, so the first stands in when none is named alike."""
    if not content:
        return None
    if media_type is None:
        return next((m for k, m in content.items() if "json" in k), next(iter(content.values())))
    base = media_type.split(";")[0].strip().lower()
    for key in (base, f"{base.split('/')[0]}/*", "*/*"):
        for declared, value in content.items():
            if declared.split(";")[0].strip().lower() == key:
                return value
    return next(iter(content.values())) if swagger else None


@CHECKS.rule("pact-check.path", Severity.error, "the provider must have the path the consumer calls")
def unknown_path(ctx: CheckContext) -> Iterator[Problem]:
    if ctx.lookup.path_template is None:
        yield Problem(f"{ctx.exchange.path} matches no path of the provider's contract", "/request/path")


@CHECKS.rule("pact-check.method", Severity.error, "the provider must accept the method the consumer uses")
def unknown_method(ctx: CheckContext) -> Iterator[Problem]:
    if ctx.lookup.path_template is not None and ctx.operation is None:
        methods = ", ".join(m.upper() for m in ctx.lookup.methods) or "none"
        yield Problem(
            f"{ctx.exchange.method} {ctx.lookup.path_template} is not an operation of the provider "
            f"(it declares: {methods})",
            "/request/method",
        )


@CHECKS.rule(
    "pact-check.parameter", Severity.error, "path and query values must be ones the provider accepts"
)
def parameters(ctx: CheckContext) -> Iterator[Problem]:
    if ctx.operation is None:
        return
    given = {("path", k): [v] for k, v in ctx.lookup.path_values.items()}
    given.update({("query", k): v for k, v in ctx.exchange.query.items()})
    declared = {(p.location, p.name): p for p in ctx.operation.parameters}
    for (where, name), param in declared.items():
        if param.required and (where, name) not in given and where in ("path", "query"):
            yield Problem(f"the required {where} parameter {name!r} is missing", "/request/query")
    for (where, name), values in given.items():
        found = declared.get((where, name))
        pointer = "/request/path" if where == "path" else "/request/query"
        if found is None:
            if where == "query":
                yield Problem(f"the query parameter {name!r} is not declared by the provider", pointer)
            continue
        schema = ctx.schema(found.schema, found.document, "request")
        for value in values:
            for problem in schema_problems(ctx.validator, schema, _coerce(value, schema), MatchingRules({})):
                yield Problem(f"{where} parameter {name!r} = {value!r}: {problem.message}", pointer)


def _coerce(value: str, schema: Any) -> Any:
    """Path and query values are text; read them as the type the schema declares."""
    kind = schema.get("type") if isinstance(schema, dict) else None
    kinds = set(kind) if isinstance(kind, list) else {kind}
    try:
        if "integer" in kinds:
            return int(value)
        if "number" in kinds:
            return float(value)
    except ValueError:
        return value
    if "boolean" in kinds and value in ("true", "false"):
        return value == "true"
    return value


class NoSchema(Enum):
    """Why a body has no schema to check against."""

    none = "the operation declares no such body"
    unsupported = "the body's media type is not one the provider declares"
    unspecified = "the provider declares a body but says nothing of its content"


def _request_media(ctx: CheckContext) -> Media | NoSchema:
    """The media type entry of the operation's request body for the pact's body."""
    assert ctx.operation is not None
    body = ctx.operation.body
    if body is None:
        return NoSchema.none
    if not body.media:
        return NoSchema.unspecified
    found = _media(body.media, ctx.exchange.request_type, swagger=ctx.provider.swagger)
    return NoSchema.unsupported if found is None else found


@CHECKS.rule("pact-check.request-body", Severity.error, "the request body must be one the provider accepts")
def request_body(ctx: CheckContext) -> Iterator[Problem]:
    if ctx.operation is None:
        return
    media = _request_media(ctx)
    body = ctx.exchange.request_body
    if body is NO_BODY:
        if ctx.operation.body is not None and ctx.operation.body.required:
            yield Problem("the provider requires a request body; the pact sends none", "/request")
        return
    if media is NoSchema.none:
        yield Problem(
            "the pact sends a request body; the provider's operation declares none", "/request/body"
        )
        return
    if media is NoSchema.unsupported:
        yield Problem(f"the provider does not accept a {ctx.exchange.request_type} body", "/request/body")
        return
    if isinstance(media, NoSchema):
        return
    schema = ctx.schema(media.schema, media.document, "request")
    for problem in schema_problems(ctx.validator, schema, body, MatchingRules({})):
        yield Problem(f"request body {problem.path}: {problem.message}", "/request/body")


@CHECKS.rule("pact-check.status", Severity.error, "the provider must declare the status the consumer expects")
def status(ctx: CheckContext) -> Iterator[Problem]:
    if ctx.operation is None:
        return
    if ctx.response() is None:
        codes = ", ".join(c.lower() if c == "DEFAULT" else c for c in ctx.operation.responses) or "none"
        yield Problem(
            f"status {ctx.exchange.status} is not declared for {ctx.operation.method} "
            f"{ctx.operation.template} (declared: {codes})",
            "/response/status",
        )


def _response_media(ctx: CheckContext) -> Media | NoSchema:
    """The declared media type entry for the pact's response body."""
    response = ctx.response()
    if response is None:
        return NoSchema.none
    media = _media(response.media, ctx.exchange.response_type, swagger=ctx.provider.swagger)
    if media is None:
        if response.media or ctx.exchange.response_body is not NO_BODY:
            return NoSchema.unsupported
        return NoSchema.none
    return media


def _response_schema(ctx: CheckContext) -> Any:
    """The provider's response schema for the pact's body (JSON Schema, inlined), or None."""
    media = _response_media(ctx)
    if isinstance(media, NoSchema):
        return None
    return ctx.schema(media.schema, media.document, "response")


@CHECKS.rule(
    "pact-check.response-body",
    Severity.error,
    "the body the consumer expects must be one the provider may send",
)
def response_body(ctx: CheckContext) -> Iterator[Problem]:
    if ctx.operation is None or ctx.exchange.response_body is NO_BODY:
        return
    media = _response_media(ctx)
    if media is NoSchema.unsupported:
        kind = ctx.exchange.response_type or "body"
        yield Problem(
            f"the provider declares no {kind} response for status {ctx.exchange.status}", "/response/body"
        )
        return
    schema = _response_schema(ctx)
    if schema is None:
        return
    # A pact lists only what the consumer reads: fields it leaves out are no incompatibility.
    for problem in schema_problems(
        ctx.validator, consumer_view(schema), ctx.exchange.response_body, ctx.exchange.response_rules
    ):
        yield Problem(f"response body {problem.path}: {problem.message}", "/response/body")


@CHECKS.rule(
    "pact-check.undeclared-field",
    Severity.error,
    "every field the consumer relies on must be declared by the provider",
)
def undeclared_field(ctx: CheckContext) -> Iterator[Problem]:
    if ctx.operation is None or ctx.exchange.response_body is NO_BODY:
        return
    schema = _response_schema(ctx)
    if schema is None:
        return
    for path in undeclared_fields(schema, ctx.exchange.response_body):
        yield Problem(
            f"the consumer relies on {path}, which the provider's response schema does not declare",
            "/response/body",
        )


@CHECKS.rule("pact-check.matcher", Severity.error, "a matcher must accept values the provider declares")
def matchers(ctx: CheckContext) -> Iterator[Problem]:
    if ctx.operation is None or ctx.exchange.response_body is NO_BODY:
        return
    schema = _response_schema(ctx)
    if schema is None:
        return
    for tokens, rules in ctx.exchange.response_rules.items():
        target = schema_at(schema, tokens)
        for rule in rules:
            if rule.get("match") == "regex" and isinstance(rule.get("regex"), str):
                conflict = regex_conflicts(target, rule["regex"])
                if conflict:
                    yield Problem(f"{json_path(tokens)}: {conflict}", "/response/matchingRules")
            if rule.get("match") == "decimal" and _types(target) == {"integer"}:
                yield Problem(
                    f"{json_path(tokens)}: the consumer expects decimals; the provider declares integers",
                    "/response/matchingRules",
                )


def _types(schema: Any) -> set[str]:
    """The types a schema declares, null aside."""
    kind = schema.get("type") if isinstance(schema, dict) else None
    kinds = set(kind) if isinstance(kind, list) else {kind} if isinstance(kind, str) else set()
    return kinds - {"null"}


def _schemas_in_use(ctx: CheckContext) -> Iterator[Any]:
    if ctx.operation is None:
        return
    for param in ctx.operation.parameters:
        yield ctx.schema(param.schema, param.document, "request")
    request = _request_media(ctx)
    if not isinstance(request, NoSchema):
        yield ctx.schema(request.schema, request.document, "request")
    response = _response_schema(ctx)
    if response is not None:
        yield response


@CHECKS.rule(
    "pact-check.regex",
    Severity.warning,
    "a provider pattern that cannot run in linear time is not checked, and the user must know",
)
def unrunnable_patterns(ctx: CheckContext) -> Iterator[Problem]:
    seen: set[str] = set()
    for schema in _schemas_in_use(ctx):
        for pattern in patterns_in(schema):
            reason = unsupported(pattern)
            if reason is not None and pattern not in seen:
                seen.add(pattern)
                yield Problem(
                    f"the provider's pattern {pattern!r} was not checked: it needs a backtracking "
                    f"regex engine ({reason}), which hostile input can stall",
                    "/response",
                )
