"""Sharing pacts: publish to a Pact Broker and ask can-i-deploy, with Pact's own `pact` CLI.

The `pact` binary (PyPI `pact-python-cli`) speaks the broker's HTTP API; accord passes the
token through the environment (never on a command line, never printed). Without a
broker, can-i-deploy answers from the local verification matrix.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sysconfig
from dataclasses import dataclass
from pathlib import Path

from accord.contracts.pact.files import load_pact_file, pact_paths, pacts_dir
from accord.contracts.pact.matrix import DeployDecision, can_i_deploy_local
from accord.contracts.pact.runtime import DEFAULT_TIMEOUT, git_output, redact_credentials
from accord.errors import ConfigError, ToolError
from accord.manifest import Workspace

__all__ = ["Published", "can_i_deploy", "publish_pacts"]


@dataclass(frozen=True)
class Published:
    """What was published: the pacts, as which consumer version, on which branch."""

    pacts: tuple[str, ...]
    version: str
    branch: str | None
    broker: str


def pact_binary() -> str:
    """The `pact` CLI bundled by pact-python-cli (beside this Python first, then on PATH)."""
    beside = Path(sysconfig.get_path("scripts")) / "pact"
    found = str(beside) if beside.is_file() else shutil.which("pact")
    if not found:
        raise ToolError(
            "the `pact` command is not installed", hint="pip install 'accord[pact]' (pact-python-cli)"
        )
    return found


def _broker(workspace: Workspace) -> tuple[str, dict[str, str]]:
    pacts = workspace.manifest.pacts
    if not pacts.broker_url:
        raise ConfigError(
            "no Pact Broker configured",
            file=workspace.manifest_path,
            hint="set pacts.broker_url in accord.yaml",
        )
    env = {**os.environ, "PACT_DO_NOT_TRACK": "true"}
    env.pop("PACT_BROKER_TOKEN", None)
    token = os.environ.get(pacts.broker_token_env)
    if token:
        env["PACT_BROKER_TOKEN"] = token
    return pacts.broker_url, env


def _run_pact(
    args: list[str],
    env: dict[str, str],
    cwd: Path,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    answers_on_failure: bool = False,
) -> subprocess.CompletedProcess[str]:
    """Run `pact broker ...`; `answers_on_failure` when exit 1 still carries a JSON answer.

    Nothing it prints reaches the user with the broker URL's user-info or the token in it.
    """
    try:
        done = subprocess.run(
            [pact_binary(), "broker", *args],
            env=env,
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise ToolError(
            f"`pact broker {args[0]}` did not answer within {timeout:g} s",
            hint="is the Pact Broker up? pass --timeout SECONDS to wait longer",
        ) from None
    if done.returncode != 0 and not (answers_on_failure and done.stdout.lstrip().startswith("{")):
        token = env.get("PACT_BROKER_TOKEN")
        detail = (done.stderr or done.stdout).strip()
        if token:
            detail = detail.replace(token, "***")
        raise ToolError(f"`pact broker {args[0]}` failed: {redact_credentials(detail)[-800:]}")
    return done


def publish_pacts(
    workspace: Workspace,
    *,
    version: str | None = None,
    branch: str | None = None,
    tags: tuple[str, ...] = (),
    timeout: float = DEFAULT_TIMEOUT,
) -> Published:
    """Publish every pact of the pacts folder as the consumer's version (default: git sha and branch)."""
    url, env = _broker(workspace)
    paths = pact_paths(pacts_dir(workspace))
    if not paths:
        raise ConfigError(
            f"no pacts to publish in {pacts_dir(workspace)}", hint="run the consumer tests first"
        )
    for path in paths:
        load_pact_file(path)  # refuse broken pacts before anything is sent
    version = version or git_output(["rev-parse", "--short", "HEAD"], workspace.root)
    if not version:
        raise ConfigError("cannot tell the consumer version (not a git repository)", hint="pass --version V")
    branch = branch or git_output(["branch", "--show-current"], workspace.root)
    args = ["publish", *[str(p) for p in paths], "--consumer-app-version", version, "--broker-base-url", url]
    if branch:
        args += ["--branch", branch]
    for tag in tags:
        args += ["--tag", tag]
    _run_pact(args, env, workspace.root, timeout=timeout)
    return Published(tuple(p.name for p in paths), version, branch, redact_credentials(url))


def can_i_deploy(
    workspace: Workspace,
    pacticipant: str,
    version: str,
    *,
    to_environment: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> DeployDecision:
    """Ask the broker's matrix (when configured) or the local matrix whether a version may deploy."""
    if not version.strip():
        raise ConfigError(
            "--version is empty: can-i-deploy needs the version you mean to deploy",
            hint="e.g. --version $(git rev-parse --short HEAD)",
        )
    if not workspace.manifest.pacts.broker_url:
        decision = can_i_deploy_local(workspace, pacticipant, version)
        if to_environment:
            note = f"the local matrix knows no environments: {to_environment!r} was not considered"
            return DeployDecision(
                decision.pacticipant, version, decision.deployable, (*decision.reasons, note)
            )
        return decision
    url, env = _broker(workspace)
    args = ["can-i-deploy", "--pacticipant", pacticipant, "--version", version, "--broker-base-url", url]
    if to_environment:
        args += ["--to-environment", to_environment]
    done = _run_pact(
        [*args, "--output", "json"], env, workspace.root, timeout=timeout, answers_on_failure=True
    )
    try:
        answer = json.loads(done.stdout)
        summary = answer["summary"]
    except (ValueError, KeyError, TypeError):
        answer_text = redact_credentials(done.stdout[:300])
        raise ToolError(f"the broker's can-i-deploy answer is not understood: {answer_text}") from None
    reasons = [str(summary.get("reason", ""))] + [
        str(n.get("text")) for n in answer.get("notices") or [] if n.get("text") != summary.get("reason")
    ]
    return DeployDecision(
        pacticipant,
        version,
        bool(summary.get("deployable")),
        tuple(redact_credentials(r) for r in reasons if r),
        redact_credentials(url),
    )
