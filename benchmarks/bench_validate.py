"""accord contracts validate vs openapi-spec-validator, Spectral (spectral:oas) and Redocly CLI lint.

Whole processes, as a user or CI runs them: wall time (median of 3) and peak RSS, on Stripe
(one 4 MB file), DigitalOcean (~1,500 files reached through `$ref`s) and petstore. Spectral
and Redocly are found on PATH or in $ACCORD_BENCH_NPM_PREFIX (`npm i --prefix DIR
@stoplight/spectral-cli @redocly/cli`).
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from corpus_files import corpus_file

ROOT = Path(__file__).resolve().parent.parent
SPECS = {
    "Stripe (4 MB)": corpus_file("stripe/spec3-2023-09-12.yaml"),
    "DigitalOcean (multi-file)": corpus_file("digitalocean/specification/DigitalOcean-public.v2.yaml"),
    "petstore": corpus_file("oai/petstore.yaml"),
}
RUNS = 3
TIMEOUT = 600


def _tool(name: str) -> str | None:
    prefix = os.environ.get("ACCORD_BENCH_NPM_PREFIX")
    if prefix and (Path(prefix) / "node_modules" / ".bin" / name).exists():
        return str(Path(prefix) / "node_modules" / ".bin" / name)
    return shutil.which(name)


def _commands(spec: Path, workdir: Path) -> dict[str, list[str] | None]:
    python = sys.executable
    accord = [python, "-m", "accord", "contracts", "validate", str(spec)]
    osv = Path(python).with_name("openapi-spec-validator")
    spectral, redocly = _tool("spectral"), _tool("redocly")
    ruleset = workdir / ".spectral.yaml"
    ruleset.write_text('extends: ["spectral:oas"]\n')
    return {
        "accord (no cache)": [*accord, "--no-cache"],
        "accord (cached, 2nd run)": accord,
        "openapi-spec-validator": [str(osv), str(spec)] if osv.exists() else None,
        "spectral lint (spectral:oas)": [spectral, "lint", "--ruleset", str(ruleset), str(spec)]
        if spectral
        else None,
        "redocly lint": [redocly, "lint", str(spec)] if redocly else None,
    }


def _measure(command: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """Median wall seconds, peak RSS (MiB) and the exit code of the last run."""
    walls, peaks, code = [], [], 0
    for _ in range(RUNS):
        start = time.perf_counter()
        done = subprocess.run(
            ["/usr/bin/time", "-f", "%M", *command],
            capture_output=True,
            text=True,
            env=env,
            timeout=TIMEOUT,
            check=False,
        )
        walls.append(time.perf_counter() - start)
        peaks.append(int(done.stderr.strip().splitlines()[-1]) / 1024)
        code = done.returncode
    return statistics.median(walls), max(peaks), code


def main() -> str:
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        env = {
            **os.environ,
            "PYTHONPATH": str(ROOT / "src"),
            "XDG_CACHE_HOME": str(workdir / "cache"),
            "REDOCLY_TELEMETRY": "off",
            "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true",
            "NO_UPDATE_NOTIFIER": "1",
        }
        lines = [
            f"Whole process, median of {RUNS} runs; peak RSS is the largest of the runs. "
            "Ratio = tool time / accord time (no cache); >1 means accord is faster.",
            "",
        ]
        for title, spec in SPECS.items():
            lines += [
                f"### {title}",
                "",
                "| tool | wall (s) | peak RSS (MiB) | exit | ratio |",
                "|---|---:|---:|---:|---:|",
            ]
            base = None
            for name, command in _commands(spec, workdir).items():
                if command is None:
                    lines.append(f"| {name} | not installed | | | |")
                    continue
                wall, rss, code = _measure(command, env)
                base = base or wall
                lines.append(f"| {name} | {wall:.2f} | {rss:.0f} | {code} | {wall / base:.1f}x |")
            lines.append("")
    lines.append(
        "Exit codes: accord exits 1 on DigitalOcean (its `$ref`s in tag descriptions and operations "
        "break OpenAPI 3.0); the linters' exit codes reflect their own style rules."
    )
    return "\n".join(lines)


if __name__ == "__main__":
    print(main())
