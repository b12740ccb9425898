"""What each well-known template variable may hold: answers are data, checked before rendering.

An answer lands in Python, TOML, YAML and file names; a value that could break out of its place
(a quote, a path separator, code) is refused here rather than trusted to each template's escaping.
"""

from __future__ import annotations

import contextlib
import keyword
import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from accord.errors import AccordError, ConfigError
from accord.scaffold.names import check_service_name

__all__ = ["check_answers", "has_credentials", "redact", "redacting", "without_credentials"]

_ROUTE = re.compile(r"/[A-Za-z0-9._~/-]*")
_EVENT = re.compile(r"[A-Za-z0-9_.*>#-]+")
_URL = re.compile(r"[^\s\"'\\`{}<>]*")
_USERINFO = re.compile(r"(?<=://)[^/@\s]*@")


def redact(text: str) -> str:
    """`text` with the user-info of every URL in it (`user:pass@`) replaced by `***@`."""
    return _USERINFO.sub("***@", text)


@contextlib.contextmanager
def redacting() -> Iterator[None]:
    """Errors raised inside carry no credentials of URLs in their message or hint."""
    try:
        yield
    except AccordError as exc:
        exc.message = redact(exc.message)
        exc.hint = redact(exc.hint) if exc.hint else exc.hint
        exc.args = (exc.message,)
        raise


def has_credentials(url: str) -> bool:
    return bool(_USERINFO.search(url))


def without_credentials(url: str) -> str:
    """The URL without its user-info: `amqp://admin:pw@host:5672/` -> `amqp://host:5672/`."""
    return _USERINFO.sub("", url)


def _service_name(value: str) -> str | None:
    try:
        check_service_name(value)
    except ConfigError:
        return "a DNS label: lower-case letters, digits and single dashes, starting with a letter"
    return None


def _package_name(value: str) -> str | None:
    if value.isascii() and value.isidentifier() and not keyword.iskeyword(value):
        return None
    return "a Python identifier (letters, digits, underscores; not a keyword), e.g. orders_service"


def _route(value: str) -> str | None:
    if _ROUTE.fullmatch(value) and "//" not in value and ".." not in value.split("/"):
        return None
    return "a path of letters, digits and . _ ~ - / starting with /, e.g. /orders"


def _port(value: str) -> str | None:
    if value.isascii() and value.isdigit() and 1 <= int(value) <= 65535:
        return None
    return "a port number from 1 to 65535"


def _broker_url(value: str) -> str | None:
    if not _URL.fullmatch(value):
        return "a URL without spaces, quotes, backslashes or braces, e.g. amqp://127.0.0.1:5672/"
    if has_credentials(value):
        return "a URL without user:password@ (the service reads credentials from BROKER_URL at run time)"
    return None


def _subscribes(value: str) -> str | None:
    events = [event.strip() for event in value.split(",") if event.strip()]
    if all(_EVENT.fullmatch(event) for event in events):
        return None
    return "comma-separated event names of letters, digits and . _ - (e.g. orders.created,payments.settled)"


_RULES: dict[str, Callable[[str], str | None]] = {
    "service_name": _service_name,
    "package_name": _package_name,
    "route": _route,
    "port": _port,
    "grpc_port": _port,
    "broker_url": _broker_url,
    "subscribes": _subscribes,
}


def check_answers(template: str, answers: Mapping[str, Any]) -> None:
    """Refuse an answer that breaks its variable's rule, or that holds a control character."""
    for key, value in answers.items():
        text = str(value)
        rule = _RULES.get(key)
        problem = rule(text) if rule else None
        if problem is None and any(ord(ch) < 32 and ch not in "\t\n" for ch in text):
            problem = "text without control characters"
        if problem:
            raise ConfigError(
                f"template {template}: {key}={redact(text)!r} is not valid: {key} must be {problem}",
                hint=f"pass another value with --set {key}=...; nothing was written",
            )
