"""Lint rules about OpenAPI path templates: their shape, their words, their parameters."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from accord.contracts.lint.base import LINT_RULES, Hit, LintContext
from accord.documents.loader import child_pointer
from accord.report import Severity

KEBAB = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
SNAKE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
CAMEL = re.compile(r"^[a-z][a-zA-Z0-9]*$")
TEMPLATE = re.compile(r"\{([^{}]*)\}")
# Words that make a path an RPC call; `:verb` custom methods (Google AIP-136) are allowed.
VERBS = frozenset(
    [
        "get",
        "list",
        "create",
        "add",
        "insert",
        "update",
        "modify",
        "change",
        "set",
        "delete",
        "remove",
        "destroy",
        "fetch",
        "retrieve",
        "find",
        "make",
        "do",
        "execute",
        "run",
        "perform",
        "save",
        "put",
        "post",
        "patch",
        "edit",
    ]
)


def _paths(ctx: LintContext) -> Iterator[tuple[str, str]]:
    """(path, pointer) pairs of the contract's path templates."""
    paths: Any = ctx.data.get("paths") if ctx.is_openapi else None
    for path in paths if isinstance(paths, dict) else {}:
        yield str(path), child_pointer("/paths", path)


def _static_segments(path: str) -> Iterator[str]:
    for segment in path.split("?")[0].split("/"):
        segment = segment.split(":")[0]  # AIP-136 custom method suffix
        if segment and not TEMPLATE.search(segment) and not segment.startswith("."):
            yield segment


@LINT_RULES.rule(
    "path-kebab-case", Severity.warning, "Path segments are lower-case words joined by hyphens (Zalando 129)."
)
def path_kebab_case(ctx: LintContext) -> Iterator[Hit]:
    for path, pointer in _paths(ctx):
        bad = [s for s in _static_segments(path) if not KEBAB.match(s)]
        if bad:
            yield Hit(f"path {path}: segment {bad[0]!r} is not kebab-case", pointer)


@LINT_RULES.rule(
    "no-trailing-slash", Severity.warning, "/pets and /pets/ are different URLs to many servers and proxies."
)
def no_trailing_slash(ctx: LintContext) -> Iterator[Hit]:
    for path, pointer in _paths(ctx):
        if len(path) > 1 and path.endswith("/"):
            yield Hit(f"path {path} ends with a slash", pointer)


@LINT_RULES.rule(
    "no-query-in-path", Severity.error, "Query parameters are declared as parameters, not in the path key."
)
def no_query_in_path(ctx: LintContext) -> Iterator[Hit]:
    for path, pointer in _paths(ctx):
        if "?" in path or "#" in path:
            yield Hit(f"path {path} holds a query string or fragment", pointer)


@LINT_RULES.rule(
    "path-params-snake-or-camel",
    Severity.warning,
    "Path parameter names are snake_case or camelCase, one style per contract.",
)
def path_params_snake_or_camel(ctx: LintContext) -> Iterator[Hit]:
    first: dict[str, str] = {}
    for path, pointer in _paths(ctx):
        for name in TEMPLATE.findall(path):
            if not (SNAKE.match(name) or CAMEL.match(name)):
                yield Hit(f"path parameter {{{name}}} is neither snake_case nor camelCase", pointer)
            elif "_" in name or any(c.isupper() for c in name):
                style = "snake_case" if "_" in name else "camelCase"
                if style not in first and first:
                    other = next(iter(first.items()))
                    yield Hit(
                        f"path parameter {{{name}}} is {style}, but {{{other[1]}}} is {other[0]}: "
                        "pick one style",
                        pointer,
                    )
                first.setdefault(style, name)


@LINT_RULES.rule(
    "no-path-verbs",
    Severity.warning,
    "Paths name resources; the HTTP method is the verb (Zalando 138, Google AIP-131).",
)
def no_path_verbs(ctx: LintContext) -> Iterator[Hit]:
    for path, pointer in _paths(ctx):
        for segment in _static_segments(path):
            word = re.split(r"[-_]|(?<=[a-z])(?=[A-Z])", segment)[0].lower()
            if word in VERBS:
                yield Hit(
                    f"path {path}: segment {segment!r} is a verb; name the resource instead",
                    pointer,
                )
                break
