"""Render a template with cookiecutter into a private temporary folder; nothing else is touched."""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from accord.errors import ConfigError, ToolError
from accord.scaffold.templates import Template

__all__ = ["ANSWERS_FILE", "Rendering", "render_template"]

ANSWERS_FILE = ".accord-answers.yaml"


@dataclass(frozen=True)
class Rendering:
    """A rendered service in `staging` (a temp folder beside the target) at `path`."""

    staging: Path
    path: Path

    def discard(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)


def render_template(template: Template, answers: dict[str, Any], scratch: Path, *, trust: bool) -> Rendering:
    """Render into a new folder under `scratch`; on any failure that folder is removed."""
    from cookiecutter.exceptions import CookiecutterException, FailedHookException
    from cookiecutter.generate import generate_files

    if _has_hooks(template) and not (template.builtin or trust):
        raise ConfigError(
            f"template {template.source} has hooks (code that runs while rendering)",
            hint="read them in its hooks/ folder; pass --trust to run them",
        )
    scratch.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".accord-render-", dir=scratch))
    context = {"cookiecutter": {**answers, "_template": template.source, "_output_dir": str(staging)}}
    try:
        result = generate_files(
            repo_dir=str(template.path),
            context=context,
            output_dir=str(staging),
            accept_hooks=template.builtin or trust,
        )
    except FailedHookException as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise ToolError(
            f"a hook of template {template.name} failed: {exc}", hint="nothing was written"
        ) from None
    except (CookiecutterException, OSError, ValueError) as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise ConfigError(
            f"cannot render template {template.name}: {exc}", hint="nothing was written"
        ) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return Rendering(staging=staging, path=Path(result))


def _has_hooks(template: Template) -> bool:
    hooks = template.path / "hooks"
    return hooks.is_dir() and any(p.is_file() for p in hooks.iterdir())
