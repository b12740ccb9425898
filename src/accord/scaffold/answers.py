"""Collect a template's answers: `--set key=value` first, then prompts (or defaults with --no-input)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from accord.errors import ConfigError
from accord.scaffold.rules import check_answers
from accord.scaffold.sandbox import render_text, sandboxed_environment
from accord.scaffold.templates import Template

__all__ = ["collect_answers", "parse_assignments"]


def parse_assignments(pairs: Iterable[str]) -> dict[str, str]:
    """`key=value` strings (from `--set`) as a dict."""
    values: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise ConfigError(f"--set {pair!r} is not key=value", hint="e.g. --set port=8010")
        values[key.strip()] = value
    return values


def collect_answers(template: Template, given: Mapping[str, Any], *, no_input: bool) -> dict[str, Any]:
    """Every variable of the template, in order: given values as they are, else the default rendered.

    Given values (`--set`, the manifest) are data and are never rendered; only the template's own
    defaults are, in the sandbox, so they can refer to earlier answers.
    """
    variables = template.defaults()
    unknown = sorted(set(given) - set(variables))
    if unknown:
        raise ConfigError(
            f"template {template.name} has no variable {unknown[0]!r}",
            hint=f"its variables: {', '.join(variables)}",
        )
    env = sandboxed_environment()
    file = str(template.path / "cookiecutter.json")
    answers: dict[str, Any] = {}
    for key, raw in variables.items():
        if isinstance(raw, list):
            options = [render_text(env, str(o), {"cookiecutter": answers}, file=file, what=key) for o in raw]
            answers[key] = _choice(template, key, options, given, no_input=no_input)
        elif key in given:
            answers[key] = str(given[key])
        elif isinstance(raw, dict | bool):
            answers[key] = raw
        else:
            value = render_text(env, str(raw), {"cookiecutter": answers}, file=file, what=key)
            answers[key] = value if no_input else _ask(key, value)
    check_answers(template.name, answers)
    return answers


def _choice(
    template: Template, key: str, options: list[str], given: Mapping[str, Any], *, no_input: bool
) -> str:
    if key in given:
        if str(given[key]) not in options:
            raise ConfigError(
                f"template {template.name}: {key}={given[key]!r} is not one of its choices",
                hint=f"{key}: {' | '.join(options)}",
            )
        return str(given[key])
    if no_input or not options:
        return options[0] if options else ""
    from cookiecutter.prompt import read_user_choice

    try:
        return str(read_user_choice(key, options))
    except EOFError:
        raise _no_answer(key) from None


def _ask(key: str, default: str) -> str:
    from cookiecutter.prompt import read_user_variable

    try:
        return str(read_user_variable(key, default))
    except EOFError:
        raise _no_answer(key) from None


def _no_answer(key: str) -> ConfigError:
    """The input ended at a prompt (Ctrl-D, or a closed stdin)."""
    return ConfigError(
        f"no answer for {key!r}: the input ended",
        hint=f"pass --no-input to take the template's defaults, or --set {key}=VALUE",
    )
