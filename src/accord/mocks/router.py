"""Find the operation of a request: literal paths by dictionary, templated ones by compiled regex."""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass

from accord.contracts.openapi.operations import Operation

__all__ = ["Match", "Router"]


@dataclass(frozen=True)
class Match:
    """The operation found (None when the path exists but not the method) and its path parameters."""

    operation: Operation | None
    params: dict[str, str]
    allowed: tuple[str, ...]


@dataclass(frozen=True)
class _Path:
    """The operations of one path template, and the methods an Allow header lists (sorted once)."""

    methods: dict[str, Operation]
    allowed: tuple[str, ...]


@dataclass(frozen=True)
class _Template:
    pattern: re.Pattern[str]
    names: dict[str, str]  # regex group -> the template's parameter name (which may be any text)
    path: _Path
    literal_chars: int


class Router:
    """Routes `(method, path)` to an operation; literal segments win over templated ones."""

    def __init__(self, operations: list[Operation], base_path: str = "") -> None:
        self.base_path = base_path.rstrip("/")
        self._literal: dict[str, _Path] = {}
        by_template: dict[str, dict[str, Operation]] = {}
        for op in operations:
            by_template.setdefault(op.template, {})[op.method] = op
        templated = []
        for template, methods in by_template.items():
            path = _Path(methods, tuple(sorted(methods)))
            if "{" in template:
                pattern, names, chars = _compile(template)
                templated.append(_Template(pattern, names, path, chars))
            else:
                self._literal[_normal(template)] = path
        # the most literal template first: /users/me before /users/{id}
        self._templated = sorted(templated, key=lambda t: -t.literal_chars)

    def match(self, method: str, path: str) -> Match | None:
        found = self._find(path)
        if found is None and self.base_path and path.startswith(self.base_path):
            found = self._find(path[len(self.base_path) :] or "/")
        if found is None:
            return None
        route, params = found
        return Match(route.methods.get(method.upper()), params, route.allowed)

    def _find(self, path: str) -> tuple[_Path, dict[str, str]] | None:
        key = _normal(path)
        route = self._literal.get(key)
        if route is not None:
            return route, {}
        for template in self._templated:
            hit = template.pattern.fullmatch(key)
            if hit:
                params = {
                    template.names[g]: urllib.parse.unquote(v) if "%" in v else v
                    for g, v in hit.groupdict().items()
                }
                return template.path, params
        return None


def _normal(path: str) -> str:
    return path.rstrip("/") or "/"


def _compile(template: str) -> tuple[re.Pattern[str], dict[str, str], int]:
    parts = re.split(r"\{([^{}]+)\}", _normal(template))
    regex = ""
    names: dict[str, str] = {}
    for index, part in enumerate(parts):
        if index % 2 == 0:
            regex += re.escape(part)
        else:
            group = f"p{len(names)}"
            names[group] = part
            regex += f"(?P<{group}>[^/]+)"
    return re.compile(regex), names, sum(len(p) for p in parts[::2])
