"""Run accord as a user would (a new process, a CPU budget) on hostile files in a temporary workspace.

Special files that git cannot hold (FIFOs) are made by `make_special`; everything else is a
real file under tests/fixtures/hostile/.
"""

from __future__ import annotations

import hashlib
import os
import resource
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

HOSTILE = Path(__file__).resolve().parents[1] / "fixtures" / "hostile"
# The budget of one run, in CPU seconds: wall time on a machine shared with other test runs
# says more about them than about accord. A run that blocks (on a FIFO, say) uses no CPU and
# is caught by the wall-clock WAIT instead.
DEADLINE = 10.0
WAIT = 60.0
_ONE_AT_A_TIME = threading.Lock()  # CPU time of children is only known for all of them at once


@dataclass(frozen=True)
class Run:
    code: int | None  # None: still running after WAIT seconds (then stopped)
    output: str
    seconds: float  # CPU time of the accord process


def copy_fixture(name: str, into: Path) -> Path:
    """A copy of tests/fixtures/hostile/NAME under `into`; its path."""
    target = into / name
    shutil.copytree(HOSTILE / name, target, symlinks=True)
    return target


def make_special(path: Path, kind: str) -> Path:
    """A file git cannot store: `fifo`, or `loop` (a symbolic link to itself)."""
    path.unlink(missing_ok=True)
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "loop":
        path.symlink_to(path.name)
    else:
        raise ValueError(kind)
    return path


def accord(args: list[str], cwd: Path, *, wait: float = WAIT, env: dict[str, str] | None = None) -> Run:
    """`python -m accord ARGS` in `cwd`; a run still going after `wait` seconds is stopped (code None)."""
    environment = {k: v for k, v in os.environ.items() if k != "ACCORD_DEBUG"}
    environment.update(env or {})
    with _ONE_AT_A_TIME:
        before = _children_cpu()
        code, out = _run(args, cwd, wait, environment)
        return Run(code, out, _children_cpu() - before)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run(args: list[str], cwd: Path, wait: float, environment: dict[str, str]) -> tuple[int | None, str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "accord", *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        env=environment,
    )
    try:
        out, _ = process.communicate(timeout=wait)
        code: int | None = process.returncode
    except subprocess.TimeoutExpired:
        process.kill()
        out, _ = process.communicate()
        code = None
    return code, out.decode("utf-8", "replace")


def file_digests(folder: Path) -> dict[str, str]:
    """Every regular file below `folder` (hidden folders such as .accord/ left out) and its sha256."""
    digests = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts) or path.is_symlink() or not path.is_file():
            continue
        digests[relative.as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return digests
