"""npm packages the tests validate rendered resources with, installed once into a kept cache.

The one cache the tests keep between runs, on purpose (an npm install takes a minute):
$ACCORD_TEST_NPM_CACHE, default ~/.cache/accord-test-npm. Read at import, before the autouse
fixture points XDG_CACHE_HOME at a temporary folder.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from accord.atomic import write_text_atomic

Checked = subprocess.CompletedProcess[str]
# Validators generated from the CRDs' OpenAPI schemas (MIT; the CRDs are Apache-2.0), the core
# Kubernetes models (ServiceAccount) and a YAML reader: read by kubernetes-models-validate.mjs.
MODELS_SCRIPT = Path(__file__).resolve().parent / "fixtures" / "scaffold" / "kubernetes-models-validate.mjs"
CORE_NPM = ("kubernetes-models@5.1.0", "js-yaml@4.3.2")

NPM_CACHE = Path(os.environ.get("ACCORD_TEST_NPM_CACHE") or Path.home() / ".cache" / "accord-test-npm")


def npm_folder(packages: tuple[str, ...]) -> Path:
    """The cache folder of exactly these pinned packages."""
    return NPM_CACHE / "-".join(p.replace("@kubernetes-models/", "") for p in packages)


def npm_script(packages: tuple[str, ...], script: Path) -> Path:
    """`script` copied beside a node_modules with the pinned `packages` (installed once, then reused);
    bare imports resolve from the script's own folder, so it runs from inside the cache."""
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
    copied = folder / script.name
    write_text_atomic(copied, script.read_text())
    return copied


def run_node(script: Path, text: str, tmp_path: Path, *args: str, name: str = "resources.yaml") -> Checked:
    """Run a validating script with `args` on `text` (written to `name` under tmp_path)."""
    resources = tmp_path / name
    resources.write_text(text)
    return subprocess.run(
        ["node", str(script), *args, str(resources)], capture_output=True, text=True, timeout=60
    )
