"""Serve pact files with Pact's own stub server (`pact stub`, the Rust binary of pact-python-cli).

accord never matches requests against pacts itself: the stub applies Pact's matching rules.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

from accord.documents.loader import load_document
from accord.errors import InputError, ToolError

__all__ = ["check_pact_file", "pact_binary", "start_stub", "wait_for_port"]


def pact_binary() -> Path:
    """The `pact` executable next to this Python (the venv's bin), else on PATH."""
    beside = Path(sys.executable).parent / "pact"
    if beside.is_file() and os.access(beside, os.X_OK):
        return beside
    found = shutil.which("pact") or shutil.which("pact-stub-server")
    if found is None:
        raise ToolError(
            "Pact's stub server is not installed (no `pact` executable)",
            hint="pip install pact-python-cli (or `pip install accord[pact]`)",
        )
    return Path(found)


def check_pact_file(path: Path) -> None:
    """InputError (with the line) unless `path` is a pact with HTTP interactions."""
    document = load_document(path)
    data = document.data
    interactions = data.get("interactions")
    if not isinstance(interactions, list):
        raise InputError(
            "not a pact file: no `interactions` list",
            file=path,
            line=1,
            hint="pass a pact written by a consumer test (pacts/<consumer>-<provider>.json)",
        )
    for index, interaction in enumerate(interactions):
        if not isinstance(interaction, dict) or not isinstance(interaction.get("request", {}), dict):
            where = document.locate(f"/interactions/{index}")
            raise InputError(
                f"interaction {index} is not an object with a request", file=path, line=where.line
            )


def start_stub(pact_files: list[Path], port: int, host: str = "127.0.0.1") -> subprocess.Popen[bytes]:
    """Start `pact stub` on host:port for the given pact files; waits until it answers."""
    for path in pact_files:
        check_pact_file(path)
    command = [str(pact_binary()), "stub", "--port", str(port), "--loglevel", "info"]
    for path in pact_files:
        command += ["--file", str(path)]
    env = {**os.environ, "PACT_DO_NOT_TRACK": "true"}
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_for_port(host, port, process)
    except ToolError:
        process.kill()
        process.wait()
        raise
    return process


def wait_for_port(host: str, port: int, process: subprocess.Popen[bytes], timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            detail = process.stderr.read().decode(errors="replace")[-2000:] if process.stderr else ""
            raise ToolError(f"pact stub exited with code {process.returncode}: {detail.strip()}")
        with socket.socket() as sock:
            sock.settimeout(0.2)
            if sock.connect_ex((host, port)) == 0:
                return
        time.sleep(0.05)
    raise ToolError(f"pact stub did not listen on {host}:{port} within {timeout:.0f} s")
