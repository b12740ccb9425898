"""The one Jinja environment templates are rendered in: sandboxed, so no template reaches Python.

cookiecutter renders with a plain Jinja environment, where `{{ cycler.__init__.__globals__.os }}`
is the `os` module. accord renders names, files, defaults and hooks of every template (built in,
trusted or not) in Jinja's immutable sandbox instead; a template that tries is refused.
"""

from __future__ import annotations

import weakref
from pathlib import Path
from typing import TYPE_CHECKING, Any

from accord.errors import ConfigError

if TYPE_CHECKING:
    from jinja2 import Environment, Template

__all__ = ["DEFAULT_EXTENSIONS", "render_text", "sandboxed_environment"]

# cookiecutter's own extensions (filters such as jsonify and slugify, the `now` tag): no I/O.
DEFAULT_EXTENSIONS = (
    "cookiecutter.extensions.JsonifyExtension",
    "cookiecutter.extensions.RandomStringExtension",
    "cookiecutter.extensions.SlugifyExtension",
    "cookiecutter.extensions.TimeExtension",
    "cookiecutter.extensions.UUIDExtension",
)


_MARKERS = ("{{", "{%", "{#")
_CACHE: weakref.WeakKeyDictionary[Environment, dict[str, Template]] = weakref.WeakKeyDictionary()


def _compiled(env: Environment, text: str) -> Template:
    """`env.from_string(text)`, compiled once per environment (file names repeat in every path)."""
    cache = _CACHE.setdefault(env, {})
    if text not in cache:
        cache[text] = env.from_string(text)
    return cache[text]


def sandboxed_environment(template_dir: Path | None = None, extensions: tuple[str, ...] = ()) -> Environment:
    """A strict (undefined variables fail), immutable sandboxed environment loading from `template_dir`."""
    from jinja2 import FileSystemLoader, StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    loader = FileSystemLoader(str(template_dir), followlinks=False) if template_dir else None
    try:
        return ImmutableSandboxedEnvironment(
            loader=loader,
            undefined=StrictUndefined,
            keep_trailing_newline=True,
            extensions=[*DEFAULT_EXTENSIONS, *extensions],
        )
    except ImportError as exc:
        raise ConfigError(f"cannot load a Jinja extension of the template: {exc}") from None


def render_text(env: Environment, text: str, context: dict[str, Any], *, file: str, what: str = "") -> str:
    """`text` rendered; a sandbox violation or a template error is a ConfigError naming `file`."""
    from jinja2 import TemplateError
    from jinja2.exceptions import SecurityError

    if not any(marker in text for marker in _MARKERS):
        return text  # nothing to render (most file names, many files): skip compiling it
    subject = f"{what} in {file}" if what else file
    try:
        return _compiled(env, text).render(**context)
    except SecurityError as exc:
        raise ConfigError(
            f"{subject} tries to reach Python internals from Jinja ({exc})",
            file=file,
            hint="the template is not safe to render; nothing was written",
        ) from None
    except TemplateError as exc:
        raise ConfigError(
            f"{subject} cannot be rendered: {exc.message or type(exc).__name__}",
            file=file,
            line=getattr(exc, "lineno", None),
            hint="nothing was written",
        ) from None
