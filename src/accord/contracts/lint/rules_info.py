"""Lint rules about the contract as a whole: info, servers and the tag list."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from accord.contracts.lint.base import LINT_RULES, Hit, LintContext
from accord.contracts.model import ContractKind
from accord.documents.loader import child_pointer
from accord.report import Severity

LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "0.0.0.0"}  # noqa: S104 - names, not a bind


def _info(ctx: LintContext) -> dict[str, Any]:
    info = ctx.data.get("info")
    return info if isinstance(info, dict) else {}


@LINT_RULES.rule(
    "info-contact", Severity.warning, "Consumers need to know who owns an API and how to reach them."
)
def info_contact(ctx: LintContext) -> Iterator[Hit]:
    contact = _info(ctx).get("contact")
    if not isinstance(contact, dict) or not (contact.get("email") or contact.get("url")):
        yield Hit("info.contact should give an email or url of the API's owners", "/info")


@LINT_RULES.rule("info-description", Severity.warning, "An API needs a sentence saying what it is for.")
def info_description(ctx: LintContext) -> Iterator[Hit]:
    if not str(_info(ctx).get("description") or "").strip():
        yield Hit("info.description is missing: say what this API is for", "/info")


@LINT_RULES.rule("info-license", Severity.info, "A public API should say under which licence it may be used.")
def info_license(ctx: LintContext) -> Iterator[Hit]:
    if not isinstance(_info(ctx).get("license"), dict):
        yield Hit("info.license is missing", "/info")


def _servers(ctx: LintContext) -> list[tuple[str, Any]]:
    """(pointer, server) pairs: a list in OpenAPI 3, a mapping in AsyncAPI."""
    servers = ctx.data.get("servers")
    if isinstance(servers, list):
        return [(f"/servers/{i}", s) for i, s in enumerate(servers)]
    if isinstance(servers, dict):
        return [(child_pointer("/servers", name), s) for name, s in servers.items()]
    return []


def _scheme_and_host(url: str) -> tuple[str, str]:
    """A URL's scheme and host name; empty for what is no URL (e.g. a broken IPv6 literal)."""
    try:
        parts = urlsplit(url)
        return parts.scheme, parts.hostname or ""
    except ValueError:
        return "", ""


def _server_url(ctx: LintContext, server: Any) -> str:
    if not isinstance(server, dict):
        return ""
    if ctx.kind is ContractKind.asyncapi3:
        return f"{server.get('protocol', 'x')}://{server.get('host', '')}{server.get('pathname', '')}"
    return str(server.get("url") or "")


@LINT_RULES.rule(
    "servers-defined", Severity.warning, "Clients and mock servers need to know where the API is served."
)
def servers_defined(ctx: LintContext) -> Iterator[Hit]:
    if ctx.kind is ContractKind.swagger2:
        if "host" not in ctx.data:
            yield Hit("no `host`: say where the API is served", "")
    elif "servers" not in ctx.data:
        yield Hit("no `servers`: say where the API is served", "")


@LINT_RULES.rule(
    "no-empty-servers", Severity.error, "An empty server list or URL leaves clients nowhere to go."
)
def no_empty_servers(ctx: LintContext) -> Iterator[Hit]:
    servers = ctx.data.get("servers")
    if isinstance(servers, list | dict) and not servers:
        yield Hit("`servers` is empty", "/servers")
    for pointer, server in _servers(ctx):
        if ctx.kind is ContractKind.asyncapi3:
            if isinstance(server, dict) and not str(server.get("host") or "").strip():
                yield Hit("this server has no host", pointer)
        elif isinstance(server, dict) and not str(server.get("url") or "").strip():
            yield Hit("this server has no url", pointer)


@LINT_RULES.rule(
    "no-http-in-servers", Severity.warning, "Public APIs are served over TLS; plain http is for localhost."
)
def no_http_in_servers(ctx: LintContext) -> Iterator[Hit]:
    for pointer, server in _servers(ctx):
        url = _server_url(ctx, server)
        scheme, host = _scheme_and_host(url)
        if scheme in ("http", "ws") and host not in LOCAL_HOSTS:
            where = f"{pointer}/host" if ctx.kind is ContractKind.asyncapi3 else pointer
            yield Hit(f"server {url} is not encrypted: use {scheme}s://", where)
    schemes = ctx.data.get("schemes")
    if ctx.kind is ContractKind.swagger2 and isinstance(schemes, list) and "http" in schemes:
        host = str(ctx.data.get("host") or "").split(":")[0]
        if host not in LOCAL_HOSTS:
            yield Hit("`schemes` offers plain http: use https", "/schemes")


@LINT_RULES.rule(
    "server-trailing-slash",
    Severity.warning,
    "A trailing slash on a server URL doubles the slash of every path.",
)
def server_trailing_slash(ctx: LintContext) -> Iterator[Hit]:
    for pointer, server in _servers(ctx):
        url = str(server.get("url") or "") if isinstance(server, dict) else ""
        if url.endswith("/") and url != "/":
            yield Hit(f"server url {url} ends with a slash", pointer)


@LINT_RULES.rule(
    "no-server-example-com",
    Severity.warning,
    "example.com server URLs are placeholders that were never replaced.",
)
def no_server_example_com(ctx: LintContext) -> Iterator[Hit]:
    for pointer, server in _servers(ctx):
        host = _scheme_and_host(_server_url(ctx, server))[1]
        if host == "example.com" or host.endswith(".example.com"):
            yield Hit(f"server {host} is a placeholder", pointer)


def _declared_tags(ctx: LintContext) -> dict[str, int]:
    tags = ctx.data.get("tags")
    if not isinstance(tags, list):
        return {}
    return {str(t["name"]): i for i, t in enumerate(tags) if isinstance(t, dict) and "name" in t}


@LINT_RULES.rule(
    "tags-declared",
    Severity.warning,
    "Tags used by operations belong in the top-level list, with a description.",
)
def tags_declared(ctx: LintContext) -> Iterator[Hit]:
    declared = _declared_tags(ctx)
    for operation in ctx.operations:
        tags = operation.value.get("tags")
        for index, tag in enumerate(tags if isinstance(tags, list) else []):
            if str(tag) not in declared:
                pointer = operation.node.child("tags", index)
                yield Hit(
                    f"tag {tag!r} is not declared in the top-level `tags`", pointer, operation.node.document
                )


@LINT_RULES.rule("tag-description", Severity.info, "A tag groups operations in docs; say what the group is.")
def tag_description(ctx: LintContext) -> Iterator[Hit]:
    tags = ctx.data.get("tags")
    for index, tag in enumerate(tags if isinstance(tags, list) else []):
        if isinstance(tag, dict) and not str(tag.get("description") or "").strip():
            yield Hit(f"tag {tag.get('name')!r} has no description", f"/tags/{index}")
