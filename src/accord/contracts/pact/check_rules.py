"""The rules of `pact check`: one small function per way a pact can disagree with an OpenAPI.

Each rule gets the interaction and the operation it aims at, and yields problems with a
JSON pointer into the pact file (relative to the interaction).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from accord.contracts.model import Contract, ContractKind
from accord.contracts.pact.exchange import NO_BODY, Exchange
from accord.contracts.pact.linear_regex import linear_validator, patterns_in, unsupported
from accord.contracts.pact.operations import Lookup, Operation
from accord.contracts.pact.schemas import (
    MatchingRules,
    consumer_view,
    inline_schema,
    json_path,
    regex_conflicts,
    schema_at,
    schema_problems,
    undeclared_fields,
)
from accord.contracts.registry import Registry
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
    contract: Contract
    lookup: Lookup

    @property
    def operation(self) -> Operation | None:
        return self.lookup.operation

    def schema(self, raw: Any) -> Any:
        assert self.operation is not None
        nullable = self.contract.kind is not ContractKind.openapi31
        return inline_schema(raw, self.operation.document, self.contract.resolver, nullable=nullable)

    @property
    def validator(self) -> Any:
        import jsonschema

        if self.contract.kind is ContractKind.openapi31:
            return linear_validator(jsonschema.Draft202012Validator)
        return linear_validator(jsonschema.Draft4Validator)

    def response(self) -> tuple[str, dict[str, Any]] | None:
        """The response the contract declares for the pact's status (exact, range, default)."""
        assert self.operation is not None
        responses = self.operation.spec.get("responses") or {}
        status = str(self.exchange.status)
        for key in (status, f"{status[0]}XX", f"{status[0]}xx", "default"):
            if key in responses:
                value, _ = self.contract.resolver.deref(responses[key], self.operation.document)
                return key, value if isinstance(value, dict) else {}
        return None


# Swagger 2.0 parameters carry their schema keywords inline.
_INLINE_SCHEMA = ("type", "enum", "pattern", "minimum", "maximum", "format")

Check = Callable[[CheckContext], Iterator[Problem]]
CHECKS: Registry[Check] = Registry("pact check")


def _media(content: dict[str, Any], media_type: str | None) -> tuple[str, Any] | None:
    """The contract's media type entry for a pact body's type (exact, then wildcards)."""
    if not content:
        return None
    if media_type is None:
        key = next((k for k in content if "json" in k), next(iter(content)))
        return key, content[key]
    base = media_type.split(";")[0].strip().lower()
    for key in (base, f"{base.split('/')[0]}/*", "*/*"):
        for declared, value in content.items():
            if declared.split(";")[0].strip().lower() == key:
                return declared, value
    return None


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
    given = {("path", k): [v] for k, v in ctx.operation.path_values.items()}
    given.update({("query", k): v for k, v in ctx.exchange.query.items()})
    declared = {(p.get("in"), p.get("name")): p for p in ctx.operation.parameters}
    for (where, name), param in declared.items():
        if param.get("required") and (where, name) not in given and where in ("path", "query"):
            yield Problem(f"the required {where} parameter {name!r} is missing", "/request/query")
    for (where, name), values in given.items():
        found = declared.get((where, name))
        pointer = "/request/path" if where == "path" else "/request/query"
        if found is None:
            if where == "query":
                yield Problem(f"the query parameter {name!r} is not declared by the provider", pointer)
            continue
        schema = ctx.schema(found.get("schema") or {k: v for k, v in found.items() if k in _INLINE_SCHEMA})
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


def _request_body(ctx: CheckContext) -> tuple[Any, str | None] | None:
    """(schema, media type) of the operation's request body, or None if it declares none."""
    assert ctx.operation is not None
    if ctx.contract.kind is ContractKind.swagger2:
        body = next((p for p in ctx.operation.parameters if p.get("in") == "body"), None)
        return (body.get("schema") or {}, None) if body else None
    raw = ctx.operation.spec.get("requestBody")
    if raw is None:
        return None
    body, _ = ctx.contract.resolver.deref(raw, ctx.operation.document)
    media = _media(body.get("content") or {}, ctx.exchange.request_type)
    if media is None:
        return {}, "unsupported"
    return (media[1] or {}).get("schema") or {}, media[0]


@CHECKS.rule("pact-check.request-body", Severity.error, "the request body must be one the provider accepts")
def request_body(ctx: CheckContext) -> Iterator[Problem]:
    if ctx.operation is None:
        return
    declared = _request_body(ctx)
    body = ctx.exchange.request_body
    required = bool((ctx.operation.spec.get("requestBody") or {}).get("required"))
    if body is NO_BODY:
        if declared is not None and required:
            yield Problem("the provider requires a request body; the pact sends none", "/request")
        return
    if declared is None:
        yield Problem(
            "the pact sends a request body; the provider's operation declares none", "/request/body"
        )
        return
    schema, media_type = declared
    if media_type == "unsupported":
        yield Problem(f"the provider does not accept a {ctx.exchange.request_type} body", "/request/body")
        return
    for problem in schema_problems(ctx.validator, ctx.schema(schema), body, MatchingRules({})):
        yield Problem(f"request body {problem.path}: {problem.message}", "/request/body")


@CHECKS.rule("pact-check.status", Severity.error, "the provider must declare the status the consumer expects")
def status(ctx: CheckContext) -> Iterator[Problem]:
    if ctx.operation is None:
        return
    declared = ctx.response()
    if declared is None:
        codes = ", ".join(str(c) for c in ctx.operation.spec.get("responses") or {}) or "none"
        yield Problem(
            f"status {ctx.exchange.status} is not declared for {ctx.operation.method.upper()} "
            f"{ctx.operation.template} (declared: {codes})",
            "/response/status",
        )


def _response_schema(ctx: CheckContext) -> tuple[Any, str | None] | None:
    declared = ctx.response()
    if declared is None:
        return None
    _, response = declared
    if ctx.contract.kind is ContractKind.swagger2:
        return (response.get("schema"), None) if response.get("schema") else None
    content = response.get("content") or {}
    media = _media(content, ctx.exchange.response_type)
    if media is None:
        return ({}, "undeclared") if content or ctx.exchange.response_body is not NO_BODY else None
    return (media[1] or {}).get("schema"), media[0]


@CHECKS.rule(
    "pact-check.response-body",
    Severity.error,
    "the body the consumer expects must be one the provider may send",
)
def response_body(ctx: CheckContext) -> Iterator[Problem]:
    if ctx.operation is None or ctx.exchange.response_body is NO_BODY:
        return
    declared = _response_schema(ctx)
    if declared is None:
        return
    schema, media_type = declared
    if media_type == "undeclared":
        kind = ctx.exchange.response_type or "body"
        yield Problem(
            f"the provider declares no {kind} response for status {ctx.exchange.status}", "/response/body"
        )
        return
    if schema is None:
        return
    # A pact lists only what the consumer reads: fields it leaves out are no incompatibility.
    inlined = consumer_view(ctx.schema(schema))
    for problem in schema_problems(
        ctx.validator, inlined, ctx.exchange.response_body, ctx.exchange.response_rules
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
    declared = _response_schema(ctx)
    if declared is None or declared[0] is None or declared[1] == "undeclared":
        return
    for path in undeclared_fields(ctx.schema(declared[0]), ctx.exchange.response_body):
        yield Problem(
            f"the consumer relies on {path}, which the provider's response schema does not declare",
            "/response/body",
        )


@CHECKS.rule("pact-check.matcher", Severity.error, "a matcher must accept values the provider declares")
def matchers(ctx: CheckContext) -> Iterator[Problem]:
    if ctx.operation is None or ctx.exchange.response_body is NO_BODY:
        return
    declared = _response_schema(ctx)
    if declared is None or declared[0] is None or declared[1] == "undeclared":
        return
    schema = ctx.schema(declared[0])
    for tokens, rules in ctx.exchange.response_rules.items():
        target = schema_at(schema, tokens)
        for rule in rules:
            if rule.get("match") == "regex" and isinstance(rule.get("regex"), str):
                conflict = regex_conflicts(target, rule["regex"])
                if conflict:
                    yield Problem(f"{json_path(tokens)}: {conflict}", "/response/matchingRules")
            if (
                rule.get("match") == "decimal"
                and isinstance(target, dict)
                and target.get("type") == "integer"
            ):
                yield Problem(
                    f"{json_path(tokens)}: the consumer expects decimals; the provider declares integers",
                    "/response/matchingRules",
                )


def _schemas_in_use(ctx: CheckContext) -> Iterator[Any]:
    if ctx.operation is None:
        return
    for param in ctx.operation.parameters:
        yield ctx.schema(param.get("schema") or {k: v for k, v in param.items() if k in _INLINE_SCHEMA})
    request = _request_body(ctx)
    if request is not None:
        yield ctx.schema(request[0])
    response = _response_schema(ctx)
    if response is not None and response[0] is not None:
        yield ctx.schema(response[0])


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
