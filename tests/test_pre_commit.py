"""The hooks of .pre-commit-hooks.yaml, run for real by pre-commit on a temporary repository.

pre-commit clones a snapshot of this repository and installs accord into its own virtualenv
(`language: python`), as it would for a user; that needs the package index and takes a while.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import FIXTURES, ROOT

pytestmark = [pytest.mark.integration, pytest.mark.slow]
LINT = FIXTURES / "lint"


def _git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t"}
    env["GIT_COMMITTER_EMAIL"] = "t@t"
    done = subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True)
    return done.stdout.strip()


def _snapshot_of_this_repository(target: Path) -> str:
    """A one-commit copy of the working tree (committed or not), as pre-commit will clone it."""
    listed = _git(ROOT, "ls-files", "--cached", "--others", "--exclude-standard", "-z").split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file() and "/fixtures/" not in name:
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    _git(target, "init", "-q")
    _git(target, "add", "-A")
    _git(target, "commit", "-qm", "snapshot")
    return _git(target, "rev-parse", "HEAD")


def _hooks() -> dict[str, str]:
    """Hook id -> the name pre-commit prints for it."""
    hooks = {
        hook["id"]: hook["name"] for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    }
    assert list(hooks) == ["accord-validate", "accord-lint", "accord-contracts"]
    return hooks


def test_hooks_pass_a_good_contract_and_fail_a_bad_one(tmp_path: Path) -> None:
    accord_repo = tmp_path / "accord"
    accord_repo.mkdir()
    rev = _snapshot_of_this_repository(accord_repo)
    user = tmp_path / "user"
    (user / "api").mkdir(parents=True)
    _git(user, "init", "-q")
    shutil.copy(LINT / "clean" / "oas3.yaml", user / "api" / "openapi.yaml")
    shutil.copy(LINT / "rules" / "operation-id-unique" / "fail.yaml", user / "api" / "orders.openapi.yaml")
    shutil.copy(LINT / "rules" / "info-license" / "fail.yaml", user / "api" / "nolicense.openapi.yaml")
    (user / "api" / "settings.yaml").write_text("not: a contract\n")  # not picked by the hooks' `files`
    # The repository's accord.yaml configures the lint hook: a missing licence fails here.
    manifest = "version: 1\nsystem: user\nservices: {}\nlint:\n  rules:\n    info-license: error\n"
    (user / "accord.yaml").write_text(manifest)
    hooks = _hooks()
    config = {"repos": [{"repo": str(accord_repo), "rev": rev, "hooks": [{"id": hook} for hook in hooks]}]}
    (user / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config))
    _git(user, "add", "-A")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "PRE_COMMIT_COLOR": "never"}

    def run(*files: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "pre_commit", "run", "--files", *files]
        return subprocess.run(command, cwd=user, env=env, capture_output=True, text=True, timeout=900)

    good = run("api/openapi.yaml", "api/settings.yaml")
    assert good.returncode == 0, good.stdout + good.stderr
    assert all(name in good.stdout for name in hooks.values())
    bad = run("api/orders.openapi.yaml", "api/settings.yaml")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "operation-id-unique" in bad.stdout
    assert "api/orders.openapi.yaml" in bad.stdout
    assert "settings.yaml" not in bad.stdout
    configured = run("api/nolicense.openapi.yaml")
    assert configured.returncode == 1, configured.stdout + configured.stderr
    assert "info-license" in configured.stdout
    assert not (user / ".accord").exists()  # the hook writes no cache into the repository
