"""`accord scaffold update`: re-render a service with the current template and three-way merge it in.

base = the pristine rendering kept at generation (.accord/scaffold/NAME), ours = the service as
the user left it, theirs = the new rendering. `git merge-file` merges each file; with any conflict
nothing in the service changes and the conflicted merges are written for review instead.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from accord.atomic import write_text_atomic
from accord.errors import ConfigError, ToolError
from accord.manifest import Workspace
from accord.scaffold import steps, transaction
from accord.scaffold.names import check_inside
from accord.scaffold.render import ANSWERS_FILE, render_template
from accord.scaffold.templates import resolve_template

__all__ = ["UpdateResult", "conflict_dir", "update_service"]

_MARKER = re.compile(rb"^(<{7}|>{7})( |$)", re.MULTILINE)


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
    from accord.documents.loader import load_document

    path = service / ANSWERS_FILE
    if not path.is_file():
        raise ConfigError(f"{service} has no {ANSWERS_FILE}", hint="only scaffolded services can be updated")
    record: dict[str, Any] = load_document(path).data
    return record


def update_service(
    workspace: Workspace, name: str, *, trust: bool = False, resolved: bool = False
) -> UpdateResult:
    """Merge the current template into the service; `resolved`: the user settled the conflicts by hand."""
    steps.check_state_dirs(workspace, name)
    transaction.clean_stale(steps.scratch_dir(workspace))
    folder = Path(workspace.service(name).path or f"services/{name}")
    service = check_inside(workspace.root, folder, "the service folder")
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
        results, conflicts = _plan(
            _files(base_folder), _files(service), _files(rendering.path), rendering.staging
        )
        old_version = str(record.get("template_version", "?"))
        folder = conflict_dir(workspace, name)
        if conflicts and resolved:
            _check_resolved(service, folder, conflicts)
        elif conflicts:
            _write_conflicts(folder, conflicts)
            return UpdateResult(name, old_version, template.version, (), tuple(sorted(conflicts)), folder)
        _write(service, results)
        steps.record_answers(service, str(record["template"]), template.version, answers)
        shutil.copy2(service / ANSWERS_FILE, rendering.path / ANSWERS_FILE)
        steps.save_base(workspace, name, rendering.path)
        shutil.rmtree(folder, ignore_errors=True)
        return UpdateResult(name, old_version, template.version, tuple(sorted(results)), (), None)
    finally:
        rendering.discard()


def conflict_dir(workspace: Workspace, name: str) -> Path:
    """Where the merges with conflict markers are written for the user to review."""
    return steps.base_dir(workspace, name).with_name(f"{name}.conflicts")


def _plan(
    base: dict[str, bytes], ours: dict[str, bytes], theirs: dict[str, bytes], scratch: Path
) -> tuple[dict[str, bytes | None], dict[str, bytes]]:
    """(path -> new content, None deletes) for clean changes, and (path -> merge with markers)."""
    results: dict[str, bytes | None] = {}
    conflicts: dict[str, bytes] = {}
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
    return results, conflicts


def _check_resolved(service: Path, folder: Path, conflicts: dict[str, bytes]) -> None:
    """With --resolved the user's version of each conflicted file wins, once its markers are gone."""
    marked = [
        path
        for path in sorted(conflicts)
        if (service / path).is_file() and _MARKER.search((service / path).read_bytes())
    ]
    if marked:
        raise ConfigError(
            f"{', '.join(marked)} still hold conflict markers (<<<<<<< / >>>>>>>)",
            file=service / marked[0],
            hint=f"finish resolving them (the merges are in {folder}), then run update --resolved again",
        )


def _write_conflicts(folder: Path, conflicts: dict[str, bytes]) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    for path, merged in conflicts.items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_bytes(merged)


def _write(service: Path, results: dict[str, bytes | None]) -> None:
    for path, data in results.items():
        if data is None:
            (service / path).unlink(missing_ok=True)
        else:
            (service / path).parent.mkdir(parents=True, exist_ok=True)
            write_text_atomic(service / path, data.decode("utf-8"))
