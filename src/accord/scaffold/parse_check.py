"""Every generated Python, TOML, YAML and JSON file must parse before the service is moved into place."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from accord.errors import ConfigError
from accord.scaffold.rules import redact

__all__ = ["check_parses"]


def _python(text: str) -> int | None:
    import ast

    try:
        ast.parse(text)
    except SyntaxError as exc:
        return exc.lineno or 0
    return None


def _toml(text: str) -> int | None:
    import re
    import tomllib

    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"line (\d+)", str(exc))
        return int(found.group(1)) if found else 0
    return None


def _yaml(text: str) -> int | None:
    import yaml

    try:
        list(yaml.load_all(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return mark.line + 1 if mark is not None else 0
    return None


def _json(text: str) -> int | None:
    import json

    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        return exc.lineno
    return None


_PARSERS: dict[str, Callable[[str], int | None]] = {
    ".py": _python,
    ".toml": _toml,
    ".yaml": _yaml,
    ".yml": _yaml,
    ".json": _json,
}


def check_parses(folder: Path, answers: dict[str, Any]) -> None:
    """Refuse the rendering if a file does not parse; the message names the file and the answers in it."""
    for path in sorted(folder.rglob("*")):
        parser = _PARSERS.get(path.suffix)
        if parser is None or path.is_symlink() or not path.is_file():
            continue
        text = path.read_text("utf-8", errors="replace")
        line = parser(text)
        if line is None:
            continue
        rel = path.relative_to(folder).as_posix()
        culprits = _answers_on_line(text, line, answers) or _answers_in(text, answers)
        raise ConfigError(
            f"the template rendered {rel}, which is not valid {path.suffix.lstrip('.').upper()} "
            f"(line {line}) with the answer {culprits}",
            file=rel,
            line=line or None,
            hint="change that answer (--set KEY=VALUE); nothing was written",
        )


def _answers_on_line(text: str, line: int, answers: dict[str, Any]) -> str:
    lines = text.splitlines()
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    return _listed({k: v for k, v in answers.items() if str(v) and _appears(v, here)})


def _answers_in(text: str, answers: dict[str, Any]) -> str:
    return (
        _listed({k: v for k, v in answers.items() if str(v) and _appears(v, text)})
        or "(none of the answers is in it)"
    )


def _appears(value: Any, text: str) -> bool:
    value = str(value)
    return value in text or any(part.strip() and part.strip() in text for part in value.split(","))


def _listed(answers: dict[str, Any]) -> str:
    return ", ".join(f"{key}={redact(str(value))!r}" for key, value in answers.items())
