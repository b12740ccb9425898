"""Shell completion through the shell's own protocol: service names, templates, kinds."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def _complete(words: str, cwd: Path) -> list[str]:
    """What bash completion offers for the last word of `words` (a real `accord` process)."""
    env = {**os.environ, "_ACCORD_COMPLETE": "complete_bash", "COMP_WORDS": words}
    env["COMP_CWORD"] = str(len(words.split(" ")) - 1)
    done = subprocess.run(
        [sys.executable, "-c", "from accord.cli import main; main()"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return done.stdout.split()


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("accord contracts test ", ["orders", "payments", "notifications"]),
        ("accord mocks up p", ["payments"]),
        ("accord pact verify ", ["orders", "payments", "notifications"]),
        ("accord scaffold service x --broker n", ["nats", "none"]),
        ("accord scaffold service x --gateway k", ["kong", "krakend"]),
        ("accord scaffold service x --template py", ["python-service"]),
        ("accord gateway render --kind ca", ["caddy"]),
    ],
)
def test_completion_offers_what_the_manifest_and_accord_know(
    example_system: Path, words: str, expected: list[str]
) -> None:
    assert _complete(words, example_system) == expected


def test_completion_outside_a_system_offers_no_service_and_no_error(tmp_path: Path) -> None:
    (tmp_path / "accord.yaml").write_text("version: 1\nsystem: [broken\n")
    assert _complete("accord contracts test ", tmp_path) == []
