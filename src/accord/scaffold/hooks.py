"""Run the hooks of a trusted template (cookiecutter's hooks/pre_gen_project.*, post_gen_project.*).

A hook is rendered in the sandbox like any template file, then run in the rendered project folder
with its output captured. It can read the answers as data from the JSON file named by the
environment variable ACCORD_ANSWERS instead of having them pasted into its source. A failing hook
is one line: its name and the last line it printed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from accord.errors import ToolError
from accord.scaffold.sandbox import render_text, sandboxed_environment
from accord.scaffold.templates import Template

__all__ = ["ANSWERS_ENV", "has_hooks", "run_hook"]

ANSWERS_ENV = "ACCORD_ANSWERS"
HOOK_TIMEOUT = 600


def _hook_files(template: Template) -> list[Path]:
    folder = template.path / "hooks"
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.endswith("~"))


def has_hooks(template: Template) -> bool:
    return bool(_hook_files(template))


def run_hook(template: Template, name: str, project: Path, answers: dict[str, Any], staging: Path) -> None:
    """Run hooks/NAME.* (if the template has one) in `project`; scripts are written under `staging`."""
    for hook in _hook_files(template):
        if hook.stem == name:
            _run(template, hook, project, answers, staging)


def _run(template: Template, hook: Path, project: Path, answers: dict[str, Any], staging: Path) -> None:
    where = f"hooks/{hook.name}"
    env = sandboxed_environment(template.path)
    text = render_text(env, hook.read_text("utf-8"), {"cookiecutter": answers}, file=where)
    script = staging / f".hook-{hook.name}"
    script.write_text(text, "utf-8")
    script.chmod(0o700)
    answers_file = staging / ".answers.json"
    answers_file.write_text(json.dumps(answers), "utf-8")
    command = [sys.executable, str(script)] if hook.suffix == ".py" else [str(script)]
    try:
        done = subprocess.run(
            command,
            cwd=project,
            env={**os.environ, ANSWERS_ENV: str(answers_file)},
            capture_output=True,
            text=True,
            errors="replace",
            timeout=HOOK_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ToolError(f"hook {where} of template {template.name} could not run: {exc}") from None
    if done.returncode != 0:
        raise ToolError(
            f"hook {where} of template {template.name} failed: {_last_line(done)}",
            hint="nothing was written",
        )


def _last_line(done: subprocess.CompletedProcess[str]) -> str:
    for output in (done.stderr, done.stdout):
        lines = [line.strip() for line in output.splitlines() if line.strip()]
        if lines:
            return lines[-1]
    return f"exit status {done.returncode}"
