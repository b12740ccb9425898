"""Start-up and pre-commit speed of accord, and lint against Spectral and Redocly CLI.

Every number is a whole process, as a shell, a hook or CI runs it: median wall time of
several runs and the peak resident memory of the process. Spectral (`spectral:oas`) and
Redocly CLI (its recommended rules) are installed from npm into a temporary prefix.
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
from typing import NamedTuple

from corpus_files import corpus_file

ROOT = Path(__file__).resolve().parent.parent
SMALL = ROOT / "examples" / "shop" / "services" / "orders" / "openapi.yaml"
STRIPE = corpus_file("stripe/spec3-2023-09-12.yaml")
NPM_PREFIX = Path(tempfile.gettempdir()) / "accord-bench-npm"
NPM_PACKAGES = ["@stoplight/spectral-cli@6", "@redocly/cli@2"]
# Python's byte code is cached, as in an installed package (pip compiles it): without it each
# run of accord first compiles its modules from source, which is most of a small run's time.
ENV = {
    **{key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"},
    "PYTHONPYCACHEPREFIX": str(Path(tempfile.gettempdir()) / "accord-bench-pycache"),
    "PYTHONPATH": str(ROOT / "src"),
    "REDOCLY_TELEMETRY": "off",  # nothing leaves the machine
    "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true",
    "NO_COLOR": "1",
}
ACCORD = [sys.executable, "-m", "accord"]


class Run(NamedTuple):  # not a dataclass: benchmarks/run.py loads this file without a module entry
    """Medians of wall and CPU (user + system) time in s, the highest peak RSS (MiB), exit codes."""

    seconds: float
    cpu: float
    rss_mib: float
    exit_codes: tuple[int, ...]


def measure(command: list[str], runs: int, cwd: Path = ROOT) -> Run:
    times: list[float] = []
    cpu: list[float] = []
    peaks: list[float] = []
    codes: list[int] = []
    for _ in range(runs):
        # /usr/bin/time reports the peak RSS of the command alone: a child forked from this
        # process would inherit this process's high-water mark in its own ru_maxrss.
        with tempfile.NamedTemporaryFile("r") as peak_file:
            start = time.perf_counter()
            process = subprocess.Popen(
                ["/usr/bin/time", "-f", "%M", "-o", peak_file.name, *command],
                cwd=cwd,
                env=ENV,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            _, status, usage = os.wait4(process.pid, 0)
            times.append(time.perf_counter() - start)
            peaks.append(int(peak_file.read().split()[-1]) / 1024)  # KiB
        cpu.append(usage.ru_utime + usage.ru_stime)
        codes.append(os.waitstatus_to_exitcode(status))
        process.returncode = codes[-1]
    if set(codes) - {0, 1}:  # 0 clean, 1 findings; anything else means the run measured a failure
        raise RuntimeError(f"{' '.join(command)} exited {codes}")
    return Run(statistics.median(times), statistics.median(cpu), max(peaks), tuple(sorted(set(codes))))


def npm_tools() -> tuple[Path, Path, str]:
    """spectral and redocly binaries (installed on first use) and their versions."""
    bin_dir = NPM_PREFIX / "node_modules" / ".bin"
    if not (bin_dir / "spectral").exists() or not (bin_dir / "redocly").exists():
        NPM_PREFIX.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", "--prefix", str(NPM_PREFIX), *NPM_PACKAGES],
            check=True,
            capture_output=True,
        )
    (NPM_PREFIX / ".spectral.yaml").write_text('extends: ["spectral:oas"]\n')
    versions = []
    for name in ("spectral", "redocly"):
        done = subprocess.run([str(bin_dir / name), "--version"], capture_output=True, text=True, env=ENV)
        versions.append(f"{name} {done.stdout.strip().splitlines()[0] if done.stdout.strip() else '?'}")
    return bin_dir / "spectral", bin_dir / "redocly", ", ".join(versions)


def has_validate() -> bool:
    done = subprocess.run([*ACCORD, "contracts", "validate", "--help"], env=ENV, capture_output=True)
    return done.returncode == 0


def row(name: str, run: Run, base: Run | None = None, goal: float | None = None) -> str:
    ratio = f"{run.seconds / base.seconds:.1f}x" if base else "1.0x"
    verdict = "" if goal is None else (" (goal met)" if run.seconds <= goal else " (goal missed)")
    codes = "/".join(str(c) for c in run.exit_codes)
    wall, cpu = f"{run.seconds * 1000:.0f} ms{verdict}", f"{run.cpu * 1000:.0f} ms"
    return f"| {name} | {wall} | {cpu} | {run.rss_mib:.0f} MiB | {ratio} | {codes} |"


HEADER = [
    "| command | median wall time | median CPU time | peak RSS | wall vs accord | exit |",
    "|---|---|---|---|---|---|",
]


def startup_section() -> list[str]:
    floor = measure([sys.executable, "-c", "pass"], 10)
    version = measure([*ACCORD, "--version"], 10)
    helps = measure([*ACCORD, "--help"], 10)
    return [
        "### Cold start (10 runs each, goal 150 ms)",
        "",
        "| command | median wall time | median CPU time | peak RSS | wall vs `python -c pass` | exit |",
        "|---|---|---|---|---|---|",
        row("`python -c pass` (the interpreter alone)", floor),
        row("`accord --version`", version, floor, 0.150),
        row("`accord --help`", helps, floor, 0.150),
    ]


def hook_section(spectral: Path, redocly: Path) -> list[str]:
    """As pre-commit runs a hook: from the repository root (with its accord.yaml), one file."""
    shop = ROOT / "examples" / "shop"
    small = str(SMALL.relative_to(shop))
    lint = [*ACCORD, "contracts", "lint", "--no-cache", small]  # a commit changes the file: no cache hit
    accord_hook = measure(lint, 10, cwd=shop)
    kib = SMALL.stat().st_size // 1024
    lines = [
        f"### A pre-commit hook on a small contract (examples/shop/{small}, {kib} KiB, goal 0.5 s)",
        "",
        *HEADER,
        row("`accord contracts lint`", accord_hook, goal=0.5),
    ]
    if has_validate():
        validate = measure([*ACCORD, "contracts", "validate", small], 10, cwd=shop)
        both = Run(
            validate.seconds + accord_hook.seconds,
            validate.cpu + accord_hook.cpu,
            max(validate.rss_mib, accord_hook.rss_mib),
            tuple(sorted({*validate.exit_codes, *accord_hook.exit_codes})),
        )
        lines.append(row("`accord contracts validate` + `lint` (two hooks)", both, goal=0.5))
        one = measure([*ACCORD, "contracts", "validate", "--lint", "--no-cache", small], 10, cwd=shop)
        lines.append(row("`accord contracts validate --lint` (one hook: accord-contracts)", one, goal=0.5))
    ruleset = str(NPM_PREFIX / ".spectral.yaml")
    spectral_run = measure([str(spectral), "lint", "-r", ruleset, small], 5, cwd=shop)
    lines.append(row("`spectral lint` (spectral:oas)", spectral_run, accord_hook))
    redocly_run = measure([str(redocly), "lint", small], 5, cwd=shop)
    lines.append(row("`redocly lint` (recommended)", redocly_run, accord_hook))
    return lines


def stripe_section(spectral: Path, redocly: Path) -> list[str]:
    size = STRIPE.stat().st_size / 2**20
    with tempfile.TemporaryDirectory() as folder:
        workspace = Path(folder)
        # Contracts must lie inside the workspace: a copy of Stripe's.
        shutil.copy(STRIPE, workspace / STRIPE.name)
        manifest = f"version: 1\nsystem: stripe\nservices:\n  stripe:\n    openapi: {STRIPE.name}\n"
        (workspace / "accord.yaml").write_text(manifest)
        accord_run = measure([*ACCORD, "contracts", "lint", "--no-cache"], 3, cwd=workspace)
        measure([*ACCORD, "contracts", "lint"], 1, cwd=workspace)  # fills .accord/cache
        cached = measure([*ACCORD, "contracts", "lint"], 3, cwd=workspace)
    spectral_run = measure([str(spectral), "lint", "-r", str(NPM_PREFIX / ".spectral.yaml"), str(STRIPE)], 2)
    redocly_run = measure([str(redocly), "lint", str(STRIPE)], 2)
    return [
        f"### Lint of a large real contract (Stripe {STRIPE.name}, {size:.1f} MiB, 3 runs accord, 2 others)",
        "",
        *HEADER,
        row("`accord contracts lint --no-cache`", accord_run),
        row("`accord contracts lint`, unchanged since the last run (cached)", cached, accord_run),
        row("`spectral lint` (spectral:oas)", spectral_run, accord_run),
        row("`redocly lint` (recommended)", redocly_run, accord_run),
    ]


def main() -> str:
    if shutil.which("npm") is None:
        raise SystemExit("npm is needed to install Spectral and Redocly CLI")
    spectral, redocly, versions = npm_tools()
    load_before = os.getloadavg()[0]
    sections = [
        *startup_section(),
        "",
        *hook_section(spectral, redocly),
        "",
        *stripe_section(spectral, redocly),
    ]
    load = f"{load_before:.1f} before, {os.getloadavg()[0]:.1f} after"
    lines = [
        "Whole processes, as a shell, pre-commit or CI start them; `accord` is "
        f"`{Path(sys.executable).name} -m accord` from the source tree, its byte code cached as an "
        f"install leaves it. Compared with {versions} "
        "(Node "
        + subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
        + "). "
        "Exit 1 means findings at the failing severity, which every tool reports on these contracts "
        "with its own rules (rule sets differ, so compare speed, not finding counts). "
        f"The machine was shared while measuring (1-minute load average {load} on "
        f"{os.cpu_count()} cores), which inflates wall times; CPU time is the steadier measure.",
        "",
        *sections,
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(main())
