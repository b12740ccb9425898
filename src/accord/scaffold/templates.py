"""Find templates: built-in ones (package data), the manifest's `templates:` and folders or git URLs."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from accord.errors import ConfigError

__all__ = ["DEFAULT_TEMPLATE", "Template", "list_templates", "resolve_template"]

DEFAULT_TEMPLATE = "python-service"
META_FILE = "accord-template.yaml"


@dataclass(frozen=True)
class Template:
    """A cookiecutter template folder on disk and what accord knows about it."""

    name: str
    source: str
    path: Path
    builtin: bool
    version: str
    description: str = ""
    options: dict[str, str] = field(default_factory=dict)

    def defaults(self) -> dict[str, Any]:
        """The variables of cookiecutter.json with their defaults (choices: the list)."""
        data: dict[str, Any] = json.loads((self.path / "cookiecutter.json").read_text("utf-8"))
        return {key: value for key, value in data.items() if not key.startswith("_")}


def builtin_root() -> Path:
    return Path(str(resources.files("accord.templates")))


def _builtin_names() -> list[str]:
    return sorted(p.name for p in builtin_root().iterdir() if (p / "cookiecutter.json").is_file())


def list_templates(configured: dict[str, str] | None = None, base: Path | None = None) -> list[Template]:
    """Built-in templates, then those the manifest names (`templates:`), by name."""
    found = [resolve_template(name) for name in _builtin_names()]
    for name, source in (configured or {}).items():
        found.append(_load(name, source, _local_path(source, base), builtin=False))
    return found


def resolve_template(
    spec: str | None = None,
    configured: dict[str, str] | None = None,
    base: Path | None = None,
    *,
    checkout: str | None = None,
) -> Template:
    """A template by built-in name, manifest name, folder, or git URL (cloned to a temp folder)."""
    spec = spec or DEFAULT_TEMPLATE
    configured = configured or {}
    if spec in configured:
        return _load(spec, configured[spec], _source_path(configured[spec], base, checkout), builtin=False)
    if spec in _builtin_names():
        return _load(spec, spec, builtin_root() / spec, builtin=True)
    if _is_git(spec) or (base is not None and (base / spec).is_dir()) or Path(spec).is_dir():
        return _load(
            Path(spec).name.removesuffix(".git"), spec, _source_path(spec, base, checkout), builtin=False
        )
    known = ", ".join([*_builtin_names(), *configured]) or "none"
    raise ConfigError(
        f"no template {spec!r} (known: {known})",
        hint="pass a built-in name, a name from `templates:` in accord.yaml, a folder or a git URL",
    )


def _is_git(spec: str) -> bool:
    return spec.startswith(("git@", "git+", "https://", "http://", "ssh://")) or spec.endswith(".git")


def _local_path(source: str, base: Path | None) -> Path:
    return (base / source).resolve() if base is not None else Path(source).resolve()


def _source_path(source: str, base: Path | None, checkout: str | None) -> Path:
    if not _is_git(source):
        return _local_path(source, base)
    import atexit
    import logging
    import shutil
    import subprocess
    import tempfile

    from cookiecutter.exceptions import CookiecutterException
    from cookiecutter.vcs import clone

    # cookiecutter logs a failed clone with its traceback; the ConfigError below says it in one line.
    quiet = logging.getLogger("cookiecutter.vcs")
    quiet.addHandler(logging.NullHandler())
    quiet.propagate = False
    target = Path(tempfile.mkdtemp(prefix="accord-template-"))
    # The clone is read until the command ends (rendering, then the three-way merge's base).
    atexit.register(shutil.rmtree, target, ignore_errors=True)
    try:
        return Path(clone(source.removeprefix("git+"), checkout=checkout, clone_to_dir=target, no_input=True))
    except subprocess.CalledProcessError as exc:
        shutil.rmtree(target, ignore_errors=True)
        output = exc.output.decode(errors="replace") if isinstance(exc.output, bytes) else str(exc.output)
        last = [line for line in output.splitlines() if line.strip()][-1:] or [
            f"exit status {exc.returncode}"
        ]
        raise ConfigError(f"cannot clone template {source}: {last[0]}") from None
    except (CookiecutterException, OSError) as exc:
        shutil.rmtree(target, ignore_errors=True)
        raise ConfigError(f"cannot clone template {source}: {exc}") from None


def _load(name: str, source: str, path: Path, *, builtin: bool) -> Template:
    if not (path / "cookiecutter.json").is_file():
        raise ConfigError(
            f"template {source!r} has no cookiecutter.json",
            file=path,
            hint="a template is a cookiecutter template: cookiecutter.json and a {{cookiecutter.*}} folder",
        )
    meta: dict[str, Any] = {}
    if (path / META_FILE).is_file():
        from accord.documents.loader import load_document

        meta = load_document(path / META_FILE).data
    version = str(meta.get("version") or _content_hash(path))
    return Template(
        name=str(meta.get("name") or name),
        source=source,
        path=path,
        builtin=builtin,
        version=version,
        description=str(meta.get("description") or "").strip(),
        options={str(k): str(v) for k, v in (meta.get("options") or {}).items()},
    )


def _content_hash(path: Path) -> str:
    """A version for templates without metadata: the hash of their files."""
    digest = hashlib.sha256()
    for file in sorted(p for p in path.rglob("*") if p.is_file() and ".git" not in p.parts):
        digest.update(str(file.relative_to(path)).encode())
        # A link counts by where it points: its target may lie outside the template.
        digest.update(str(file.readlink()).encode() if file.is_symlink() else file.read_bytes())
    return f"sha256:{digest.hexdigest()[:16]}"
