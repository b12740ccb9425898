"""A failing hook of a trusted template is one clear line (exit 2), not the hook's traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.scaffold.conftest import TEMPLATES, snapshot


def test_failing_hook_is_one_line_naming_the_hook_and_its_error(system: Path) -> None:
    before = snapshot(system)
    options = ["--template", str(TEMPLATES / "raising-hook"), "--trust", "--no-input", "--gateway", "none"]
    done = subprocess.run(
        [sys.executable, "-m", "accord", "scaffold", "service", "orders", "-w", str(system), *options],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    error = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert error == [
        "error: hook hooks/post_gen_project.py of template raising-hook failed: "
        "RuntimeError: cannot reach the registry at 127.0.0.1:9"
    ]
    assert snapshot(system) == before
