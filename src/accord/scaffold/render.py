"""Render a cookiecutter template into a private temporary folder; nothing else is touched.

accord walks the template itself (instead of cookiecutter's generate_files) so that every name
and file is rendered in the sandbox, every output path stays inside the rendering, and a symlink
in the template is never followed: one pointing inside the project folder is kept as a link,
any other is refused.
"""

from __future__ import annotations

import fnmatch
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from accord.errors import ConfigError
from accord.scaffold.hooks import has_hooks, run_hook
from accord.scaffold.rules import check_answers
from accord.scaffold.sandbox import render_text, sandboxed_environment
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
    trusted = template.builtin or trust
    if has_hooks(template) and not trusted:
        raise ConfigError(
            f"template {template.source} has hooks (code that runs while rendering)",
            hint="read them in its hooks/ folder; pass --trust to run them",
        )
    check_answers(template.name, answers)
    extensions = _extensions(template, trusted)
    scratch.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".accord-render-{os.getpid()}-", dir=scratch))
    try:
        project = _render_files(template, answers, staging, extensions)
        if trusted:
            run_hook(template, "pre_gen_project", project, answers, staging)
            run_hook(template, "post_gen_project", project, answers, staging)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return Rendering(staging=staging, path=project)


def _extensions(template: Template, trusted: bool) -> tuple[str, ...]:
    """The template's own Jinja extensions (`_extensions`): Python code, so only when trusted."""
    import json

    data = json.loads((template.path / "cookiecutter.json").read_text("utf-8"))
    extensions = tuple(str(e) for e in data.get("_extensions") or ())
    if extensions and not trusted:
        raise ConfigError(
            f"template {template.source} loads Jinja extensions (Python code): {', '.join(extensions)}",
            file=template.path / "cookiecutter.json",
            hint="read them; pass --trust to load them",
        )
    return extensions


def _project_dir(template: Template) -> Path:
    for child in sorted(template.path.iterdir()):
        if "cookiecutter" in child.name and "{{" in child.name and "}}" in child.name and child.is_dir():
            return child
    raise ConfigError(
        f"template {template.source} has no {{{{cookiecutter.*}}}} folder",
        file=template.path,
        hint="a cookiecutter template renders one folder named after a variable",
    )


def _render_files(
    template: Template, answers: dict[str, Any], staging: Path, extensions: tuple[str, ...]
) -> Path:
    """Render the project folder into `staging`; returns the rendered project folder."""
    source = _project_dir(template)
    env = sandboxed_environment(template.path, extensions)
    context = {"cookiecutter": {**answers, "_template": template.source}}
    raw = _raw_patterns(template)
    project: Path | None = None
    for path in [source, *sorted(source.rglob("*"))]:
        rel = path.relative_to(template.path)
        name = _rendered_path(env, rel, context, staging)
        if name is None:
            continue
        out = staging / name
        if project is None:
            project = out
        if path.is_symlink():
            _copy_link(path, rel, out, source)
        else:
            _render_one(
                env, path, rel, out, context, raw=any(fnmatch.fnmatch(rel.as_posix(), p) for p in raw)
            )
    assert project is not None
    return project


def _rendered_path(env: Any, rel: Path, context: dict[str, Any], staging: Path) -> Path | None:
    """The output path of `rel` (None: a part rendered empty, so it is left out), inside `staging`."""
    parts = []
    for part in rel.parts:
        name = render_text(env, part, context, file=rel.as_posix(), what="the file name")
        if not name.strip():
            return None
        parts.append(name)
    out = Path(*parts)
    if (
        out.is_absolute()
        or ".." in out.parts
        or not (staging / out).resolve().is_relative_to(staging.resolve())
    ):
        raise ConfigError(
            f"template file {rel.as_posix()} would be written to {out}, outside the service",
            file=rel.as_posix(),
            hint="check the answers used in file names; nothing was written",
        )
    return out


def _render_one(env: Any, path: Path, rel: Path, out: Path, context: dict[str, Any], *, raw: bool) -> None:
    if path.is_dir():
        out.mkdir(parents=True, exist_ok=True)
    elif path.is_file():
        data = path.read_bytes()
        out.parent.mkdir(parents=True, exist_ok=True)
        if raw or b"\0" in data or not _is_utf8(data):
            out.write_bytes(data)
        else:
            text = data.decode("utf-8")
            out.write_bytes(render_text(env, text, context, file=rel.as_posix()).encode("utf-8"))
        shutil.copymode(path, out)


def _copy_link(path: Path, rel: Path, out: Path, root: Path) -> None:
    """A link is kept only when it is relative and points inside the template's project folder."""
    target = path.readlink()
    inside = not target.is_absolute() and (path.parent / target).resolve().is_relative_to(root.resolve())
    if not inside:
        raise ConfigError(
            f"template file {rel.as_posix()} is a symlink to {target}, outside the template",
            file=rel.as_posix(),
            hint="a template may link only to its own files; nothing was written",
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.symlink_to(target)


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _raw_patterns(template: Template) -> list[str]:
    """`_copy_without_render` globs of cookiecutter.json."""
    import json

    data = json.loads((template.path / "cookiecutter.json").read_text("utf-8"))
    return [str(p) for p in data.get("_copy_without_render") or ()]
