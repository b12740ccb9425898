"""Find the operation of a request: literal paths by dictionary, templated ones by one compiled regex."""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass

from accord.contracts.openapi.operations import Operation

__all__ = ["Match", "Router"]


@dataclass(slots=True)
class Match:
    """The operation found (None when the path exists but not the method) and its path parameters.

    Not frozen: one is built for every request, and a frozen dataclass costs three times as much
    to build; nothing changes a match after the router returns it.
    """

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
    pattern: re.Pattern[str]  # parameters in groups 1, 2, ... in order
    names: tuple[str, ...]  # the parameter names (which may be any text), in order
    segments: tuple[str | None, ...]  # each segment's text, None where a parameter is part of it
    path: _Path
    literal_chars: int


class Router:
    """Routes `(method, path)` to an operation; literal segments win over templated ones.

    Templates are tried most literal first, the first to match wins. Which ones can match is
    known before any regex runs: a template matches only paths with as many segments, and
    each of its literal segments must be the path's. So per number of segments and position,
    a dictionary maps a segment's text to the set of templates (bits of an int) it allows; the
    regexes of those left run in order, the first usually matching, however many templates.
    """

    def __init__(self, operations: list[Operation], base_path: str = "") -> None:
        self.base_path = base_path.rstrip("/")
        self._literal: dict[str, _Path] = {}
        by_template: dict[str, dict[str, Operation]] = {}
        for op in operations:
            by_template.setdefault(op.template, {})[op.method] = op
        templated: list[_Template] = []
        for template, methods in by_template.items():
            path = _Path(methods, tuple(sorted(methods)))
            if "{" in template:
                templated.append(_template(template, path))
            else:
                self._literal[_normal(template)] = path
        # the most literal template first: /users/me before /users/{id}
        self._templated = sorted(templated, key=lambda t: -t.literal_chars)
        self._index = _Index(self._templated)

    def match(self, method: str, path: str) -> Match | None:
        found = self._find(path)
        if found is None and self.base_path and path.startswith(self.base_path):
            found = self._find(path[len(self.base_path) :] or "/")
        if found is None:
            return None
        route, params = found
        return Match(route.methods.get(method.upper()), params, route.allowed)

    def _find(self, path: str) -> tuple[_Path, dict[str, str]] | None:
        key = path.rstrip("/") or "/"
        route = self._literal.get(key)
        if route is not None:
            return route, {}
        candidates = self._index.candidates(key)
        while candidates:
            lowest = candidates & -candidates
            template = self._templated[lowest.bit_length() - 1]
            hit = template.pattern.fullmatch(key)
            if hit:
                params = {}
                for name, value in zip(template.names, hit.groups(), strict=True):
                    params[name] = urllib.parse.unquote(value) if "%" in value else value
                return template.path, params
            candidates ^= lowest
        return None


class _Index:
    """The templates that can match a path, from its segments: an int whose bit i is template i."""

    def __init__(self, templates: list[_Template]) -> None:
        # by number of segments: per position, the templates a segment's text allows, and those any
        # text allows; and all of them, sent as they are when there is only one (no lookup pays)
        self._by_count: dict[int, tuple[list[dict[str, int]], list[int], int]] = {}
        for index, template in enumerate(templates):
            bit, count = 1 << index, len(template.segments)
            texts, wild, every = self._by_count.get(count) or ([{} for _ in range(count)], [0] * count, 0)
            for position, segment in enumerate(template.segments):
                if segment is None:
                    wild[position] |= bit
                else:
                    texts[position][segment] = texts[position].get(segment, 0) | bit
            self._by_count[count] = (texts, wild, every | bit)

    def candidates(self, path: str) -> int:
        found = self._by_count.get(path.count("/") + 1)
        if found is None:
            return 0
        texts, wild, every = found
        if every & (every - 1) == 0:  # one template: its regex decides
            return every
        allowed = every
        for position, segment in enumerate(path.split("/")):
            allowed &= texts[position].get(segment, 0) | wild[position]
            if not allowed:
                return 0
        return allowed


def _normal(path: str) -> str:
    return path.rstrip("/") or "/"


def _template(template: str, path: _Path) -> _Template:
    parts = re.split(r"\{([^{}]+)\}", _normal(template))
    regex = "".join(re.escape(part) if i % 2 == 0 else "([^/]+)" for i, part in enumerate(parts))
    segments = tuple(None if "{" in segment else segment for segment in _normal(template).split("/"))
    literal_chars = sum(len(part) for part in parts[::2])
    return _Template(re.compile(regex), tuple(parts[1::2]), segments, path, literal_chars)
