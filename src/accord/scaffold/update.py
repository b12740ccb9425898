"""`accord scaffold update`: re-render a service with the current template and three-way merge it in.

base = the pristine rendering kept at generation (.accord/scaffold/NAME), ours = the service as
the user left it, theirs = the new rendering. `git merge-file` merges each file; with any conflict
nothing in the service changes and the conflicted merges are written for review instead.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from accord.atomic import write_text_atomic
from accord.errors import ConfigError, ToolError
from accord.manifest import Workspace
from accord.scaffold import steps
from accord.scaffold.render import ANSWERS_FILE, render_template
from accord.scaffold.templates import resolve_template

__all__ = ["UpdateResult", "update_service"]


@dataclass(frozen=True)
class UpdateResult:
    name: str
    old_version: str
    new_version: str
    updated: tuple[str, ...]
    conflicts: tuple[str, ...]
    conflict_dir: Path | None

    @property
    def exit_code(self) -> int:
        return 1 if self.conflicts else 0


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file() and p.name != ANSWERS_FILE and "__pycache__" not in p.parts
    }


def _merge(ours: bytes, base: bytes, theirs: bytes, scratch: Path) -> tuple[bytes, bool]:
    """git merge-file over three versions: (merged text, clean?)."""
    paths = []
    for label, data in (("ours", ours), ("base", base), ("theirs", theirs)):
        path = scratch / label
        path.write_bytes(data)
        paths.append(str(path))
    try:
        done = subprocess.run(
            ["git", "merge-file", "-p", "-L", "yours", "-L", "generated", "-L", "template", *paths],
            capture_output=True,
            check=False,
        )
    except FileNotFoundError:
        raise ToolError("git is needed to merge template updates", hint="install git") from None
    if done.returncode < 0 or done.returncode > 127:
        raise ToolError(f"git merge-file failed: {done.stderr.decode(errors='replace')}")
    return done.stdout, done.returncode == 0


def _read_record(service: Path) -> dict[str, Any]:
    from accord.contracts.loader import load_document

    path = service / ANSWERS_FILE
    if not path.is_file():
        raise ConfigError(f"{service} has no {ANSWERS_FILE}", hint="only scaffolded services can be updated")
    record: dict[str, Any] = load_document(path).data
    return record


def update_service(workspace: Workspace, name: str, *, trust: bool = False) -> UpdateResult:
    service = workspace.resolve(workspace.service(name).path or f"services/{name}")
    steps.check_state_dirs(workspace, name)
    record = _read_record(service)
    base_folder = steps.base_dir(workspace, name)
    if not base_folder.is_dir():
        raise ConfigError(
            f"the generated base of {name} is missing: {base_folder}", hint="commit .accord/scaffold"
        )
    template = resolve_template(str(record["template"]), workspace.manifest.templates, workspace.root)
    answers = dict(record["answers"])
    rendering = render_template(template, answers, steps.scratch_dir(workspace), trust=trust)
    try:
        return _apply(
            workspace, name, service, base_folder, rendering.path, record, template.version, answers
        )
    finally:
        rendering.discard()


def _apply(
    workspace: Workspace,
    name: str,
    service: Path,
    base_folder: Path,
    new_folder: Path,
    record: dict[str, Any],
    version: str,
    answers: dict[str, Any],
) -> UpdateResult:
    base, ours, theirs = _files(base_folder), _files(service), _files(new_folder)
    results: dict[str, bytes | None] = {}  # path -> new content (None: delete)
    conflicts: dict[str, bytes] = {}
    scratch = new_folder.parent
    for path in sorted(set(base) | set(theirs)):
        old, mine, new = base.get(path), ours.get(path), theirs.get(path)
        if old == new or mine == new:
            continue  # the template did not change it, or the user already has the new version
        if mine == old:
            results[path] = new  # untouched by the user: take the template's (None deletes)
        elif new is None or mine is None:
            conflicts[path] = mine or new or b""  # changed on one side, removed on the other
        else:
            merged, clean = _merge(mine, old or b"", new, scratch)
            (results if clean else conflicts)[path] = merged
    old_version = str(record.get("template_version", "?"))
    if conflicts:
        folder = steps.base_dir(workspace, name).with_name(f"{name}.conflicts")
        shutil.rmtree(folder, ignore_errors=True)
        for path, merged in conflicts.items():
            (folder / path).parent.mkdir(parents=True, exist_ok=True)
            (folder / path).write_bytes(merged)
        return UpdateResult(name, old_version, version, (), tuple(sorted(conflicts)), folder)
    for path, data in results.items():
        if data is None:
            (service / path).unlink(missing_ok=True)
        else:
            (service / path).parent.mkdir(parents=True, exist_ok=True)
            write_text_atomic(service / path, data.decode("utf-8"))
    steps.record_answers(service, str(record["template"]), version, answers)
    shutil.copy2(service / ANSWERS_FILE, new_folder / ANSWERS_FILE)
    steps.save_base(workspace, name, new_folder)
    return UpdateResult(name, old_version, version, tuple(sorted(results)), (), None)
