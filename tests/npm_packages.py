"""npm packages the tests install once and keep between runs: the Gateway API validators, buf.

The one cache the tests keep on purpose (an npm install takes a minute): $ACCORD_TEST_NPM_CACHE,
default ~/.cache/accord-test-npm, one folder per set of pinned packages. Read at import, before
the autouse fixture points XDG_CACHE_HOME at a temporary folder.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

NPM_CACHE = Path(os.environ.get("ACCORD_TEST_NPM_CACHE") or Path.home() / ".cache" / "accord-test-npm")


def npm_folder(packages: tuple[str, ...]) -> Path:
    """The cache folder of a set of pinned packages (`@scope/name@1.0` -> `name@1.0`)."""
    return NPM_CACHE / "-".join(re.sub(r"^@[^/]+/", "", package) for package in packages)


def npm_installed(packages: tuple[str, ...]) -> Path:
    """The folder holding node_modules with `packages`, installed on first use (a failed install
    fails the test: a check that needs a tool never skips silently)."""
    folder = npm_folder(packages)
    if not (folder / "installed").exists():
        folder.parent.mkdir(parents=True, exist_ok=True)
        # Install beside, then rename: a half-done or concurrent install is never taken as complete.
        staging = Path(tempfile.mkdtemp(dir=folder.parent, prefix=".install-"))
        command = ["npm", "install", "--prefix", str(staging), "--no-save", "--no-audit", "--no-fund"]
        done = subprocess.run([*command, "--loglevel=error", *packages], capture_output=True, text=True)
        if done.returncode != 0:
            shutil.rmtree(staging, ignore_errors=True)
            pytest.fail(f"npm install {' '.join(packages)} failed:\n{done.stderr}")
        (staging / "installed").touch()
        try:
            staging.rename(folder)
        except OSError:  # another run got there first
            shutil.rmtree(staging, ignore_errors=True)
    return folder
