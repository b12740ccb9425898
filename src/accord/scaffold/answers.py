"""Collect a template's answers: `--set key=value` first, then prompts (or defaults with --no-input)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from accord.errors import ConfigError
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
    """Every variable of the template, rendered (defaults may use earlier answers), as a plain dict."""
    from collections import OrderedDict

    from cookiecutter.generate import generate_context
    from cookiecutter.prompt import prompt_for_config

    variables = template.defaults()
    unknown = sorted(set(given) - set(variables))
    if unknown:
        raise ConfigError(
            f"template {template.name} has no variable {unknown[0]!r}",
            hint=f"its variables: {', '.join(variables)}",
        )
    extra = {key: str(value) for key, value in given.items()}
    try:
        context = generate_context(
            context_file=str(template.path / "cookiecutter.json"),
            default_context=OrderedDict(),
            extra_context=OrderedDict(extra),
        )
    except ValueError as exc:
        # cookiecutter says this for a value that is not one of a choice variable's options.
        raise ConfigError(f"template {template.name}: {exc}", hint=_choices_hint(variables)) from None
    try:
        answered: dict[str, Any] = dict(prompt_for_config(context, no_input))
    except Exception as exc:  # cookiecutter raises bare UndefinedVariableInTemplate and friends
        raise ConfigError(f"template {template.name}: cannot render its variables: {exc}") from None
    return {key: value for key, value in answered.items() if not key.startswith("_")}


def _choices_hint(variables: Mapping[str, Any]) -> str:
    choices = [
        f"{key}: {' | '.join(map(str, value))}" for key, value in variables.items() if isinstance(value, list)
    ]
    return "; ".join(choices) or "check the --set values"
