"""accord contracts validate (and validate --lint) vs openapi-spec-validator, Spectral
(spectral:oas), Redocly CLI lint, and a bare parse of the same files.

Whole processes, as a user or CI runs them: wall time (median of 3), CPU time (user + system,
median) and peak RSS, on Stripe (one 4 MB file), DigitalOcean (~2,900 files reached through
`$ref`s), a generated 20 MB JSON contract (benchmarks/generate_contract.py) and petstore. The
machine's cores are shared, so CPU time is the steadier measure; the ratios use it. Spectral
and Redocly are found on PATH or in $ACCORD_BENCH_NPM_PREFIX (`npm i --prefix DIR
@stoplight/spectral-cli @redocly/cli`). Set ACCORD_BENCH_QUICK=1 to leave out Spectral and
openapi-spec-validator (minutes on the large inputs).
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

from bare_parse import files
from corpus_files import corpus_file
from generate_contract import write_contract

ROOT = Path(__file__).resolve().parent.parent
SPECS = {
    "Stripe (4 MB)": lambda _: corpus_file("stripe/spec3-2023-09-12.yaml"),
    "DigitalOcean (multi-file)": lambda _: corpus_file(
        "digitalocean/specification/DigitalOcean-public.v2.yaml"
    ),
    "generated 20 MB JSON": lambda workdir: write_contract(workdir / "generated.json", 20),
    "petstore": lambda _: corpus_file("oai/petstore.yaml"),
}
QUICK = bool(os.environ.get("ACCORD_BENCH_QUICK"))
RUNS = int(os.environ.get("ACCORD_BENCH_RUNS", "3"))
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
    bare = [python, str(Path(__file__).with_name("bare_parse.py")), *map(str, files(spec))]
    return {
        "bare parse (yaml_rs / json)": bare,
        "accord validate (no cache)": [*accord, "--no-cache"],
        "accord validate --lint (no cache)": [*accord, "--lint", "--no-cache"],
        "accord validate (cached, 2nd run)": accord,
        "openapi-spec-validator": [str(osv), str(spec)] if osv.exists() and not QUICK else None,
        "spectral lint (spectral:oas)": [spectral, "lint", "--ruleset", str(ruleset), str(spec)]
        if spectral and not QUICK
        else None,
        "redocly lint": [redocly, "lint", str(spec)] if redocly else None,
    }


def _measure(command: list[str], env: dict[str, str]) -> tuple[float, float, float, int]:
    """Median wall and CPU seconds, peak RSS (MiB) and the exit code of the last run."""
    walls, cpus, peaks, code = [], [], [], 0
    for _ in range(RUNS):
        start = time.perf_counter()
        done = subprocess.run(
            ["/usr/bin/time", "-f", "%U %S %M", *command],
            capture_output=True,
            text=True,
            env=env,
            timeout=TIMEOUT,
            check=False,
        )
        walls.append(time.perf_counter() - start)
        user, system, peak = done.stderr.strip().splitlines()[-1].split()
        cpus.append(float(user) + float(system))
        peaks.append(int(peak) / 1024)
        code = done.returncode
    return statistics.median(walls), statistics.median(cpus), max(peaks), code


def _table(spec: Path, workdir: Path, env: dict[str, str]) -> list[str]:
    lines = [
        "| tool | wall (s) | CPU (s) | peak RSS (MiB) | exit | CPU / bare parse | CPU / redocly |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    rows = []
    for name, command in _commands(spec, workdir).items():
        rows.append((name, _measure(command, env) if command else None))
    measured = {name: m for name, m in rows if m}
    parse = measured.get("bare parse (yaml_rs / json)")
    redocly = measured.get("redocly lint")
    for name, m in rows:
        if m is None:
            lines.append(f"| {name} | not measured | | | | | |")
            continue
        wall, cpu, rss, code = m
        by_parse = f"{cpu / parse[1]:.1f}x" if parse else ""
        by_redocly = f"{cpu / redocly[1]:.2f}x" if redocly else ""
        lines.append(f"| {name} | {wall:.2f} | {cpu:.2f} | {rss:.0f} | {code} | {by_parse} | {by_redocly} |")
    lint = measured.get("accord validate --lint (no cache)")
    if lint and parse and redocly:
        lines += ["", _goals(lint, parse, redocly)]
    return lines


Measured = tuple[float, float, float, int]  # wall s, CPU s, peak RSS MiB, exit code


def _goals(lint: Measured, parse: Measured, redocly: Measured) -> str:
    """The goals of `validate --lint`, each with its verdict."""
    checks = [
        ("CPU", lint[1] / redocly[1], 0.5, "Redocly's"),
        ("wall", lint[0] / redocly[0], 0.5, "Redocly's"),
        ("CPU", lint[1] / parse[1], 5, "the bare parse's"),
        ("peak RSS", lint[2] / parse[2], 3, "the bare parse's"),
    ]
    said = [
        f"{what} {ratio:.2f}x {whose} (goal at most {goal}x: {'met' if ratio <= goal else 'NOT met'})"
        for what, ratio, goal, whose in checks
    ]
    return "Goals of `validate --lint`: " + "; ".join(said) + "."


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
            f"Whole process, median of {RUNS} runs; peak RSS is the largest of the runs. Ratios "
            "are of CPU time (user + system): the cores are shared with other work, which "
            "stretches wall time by a varying factor.",
            "",
        ]
        for title, make in SPECS.items():
            spec = make(workdir)
            lines += [f"### {title}", "", *_table(spec, workdir, env), ""]
    lines.append(
        "Exit codes: accord exits 1 on DigitalOcean (its `$ref`s in tag descriptions and operations "
        "break OpenAPI 3.0); the linters' exit codes reflect their own style rules."
    )
    return "\n".join(lines)


if __name__ == "__main__":
    print(main())
