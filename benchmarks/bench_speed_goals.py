"""The speed goals of `validate --lint` and `diff`, checked against a bare parse of the same
files (benchmarks/bare_parse.py) and Redocly CLI, in one run, the tools alternating.

Whole processes, CPU time (user + system, from the kernel's wait4) and peak RSS (from
/usr/bin/time); each row is the median of its runs, after one run of each tool that is not
counted. Python's byte code is cached, as in an installed package (pip compiles it):
PYTHONDONTWRITEBYTECODE is dropped and PYTHONPYCACHEPREFIX points into a temporary folder, for
every tool alike (without it, each run of accord first compiles its sixty modules from source:
about 0.04 s).

Set ACCORD_BENCH_BEFORE=DIR (the `src` folder of an earlier accord, e.g. unpacked with
`git archive REF src`) to measure it beside this one. Redocly is found as bench_validate
finds it (PATH or $ACCORD_BENCH_NPM_PREFIX); without it, that goal is not measured.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from bare_parse import files
from bench_validate import _tool
from corpus_files import corpus_file
from generate_contract import write_contract

ROOT = Path(__file__).resolve().parent.parent
RUNS = int(os.environ.get("ACCORD_BENCH_RUNS", "5"))
BARE = Path(__file__).with_name("bare_parse.py")
READ = Path(__file__).with_name("accord_read.py")
Command = list[str]
Sample = tuple[float, float]  # CPU s, peak RSS MiB
Tools = dict[str, tuple[Command, dict[str, str]]]  # name -> (command line, environment)


def _environment(workdir: Path, **more: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    return {**env, "PYTHONPYCACHEPREFIX": str(workdir / "pycache"), **more}


def _sample(command: Command, env: dict[str, str]) -> Sample:
    """CPU time and peak RSS of one process. The CPU time is the kernel's account of it (wait4:
    microseconds, where /usr/bin/time rounds to 10 ms, a tenth of a bare parse of 0.1 s), taken
    through /usr/bin/time, whose own part (well under a millisecond) every tool pays alike; the
    peak RSS is /usr/bin/time's, read from a process forked from a small one (a child forked
    from this one would be charged this process's own peak)."""
    child = subprocess.Popen(
        ["/usr/bin/time", "-f", "%M", *command],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert child.stderr is not None
    report = child.stderr.read()
    _, _, usage = os.wait4(child.pid, 0)
    child.returncode = 0  # reaped here: Popen must not wait for it again
    return usage.ru_utime + usage.ru_stime, int(report.strip().splitlines()[-1]) / 1024


def _accord(workdir: Path, src: Path, *args: str) -> tuple[Command, dict[str, str]]:
    # The cache mirrors each file's absolute path: two source trees never share an entry.
    return [sys.executable, "-m", "accord", *args], _environment(workdir, PYTHONPATH=str(src))


def _reading(workdir: Path, *contracts: Path) -> tuple[Command, dict[str, str]]:
    """accord reading the files and stopping there (accord_read.py): parse, bounds, imports."""
    command = [sys.executable, str(READ), *map(str, contracts)]
    return command, _environment(workdir, PYTHONPATH=str(ROOT / "src"))


def _rows(tools: Tools, runs: int) -> dict[str, tuple[float, float]]:
    samples: dict[str, list[Sample]] = {name: [] for name in tools}
    for command, env in tools.values():  # not counted: byte code compiled, files in the page cache
        _sample(command, env)
    for _ in range(runs):  # alternating: the machine's load falls on every tool alike
        for name, (command, env) in tools.items():
            samples[name].append(_sample(command, env))
    return {
        name: (statistics.median(c for c, _ in got), statistics.median(r for _, r in got))
        for name, got in samples.items()
    }


def _table(
    title: str, tools: dict[str, tuple[Command, dict[str, str]]], runs: int
) -> tuple[list[str], dict[str, tuple[float, float]]]:
    measured = _rows(tools, runs)
    bare_cpu, bare_rss = measured["bare parse"]
    redocly = measured.get("redocly lint")
    head = "| tool | CPU (s) | peak RSS (MiB) | CPU / bare parse | RSS / bare parse |"
    rule = "|---|---:|---:|---:|---:|"
    if redocly:
        head, rule = head + " CPU / Redocly |", rule + "---:|"
    lines = [f"#### {title} (median of {runs}, 1-min load {os.getloadavg()[0]:.1f})", "", head, rule]
    for name, (cpu, rss) in measured.items():
        row = f"| {name} | {cpu:.3f} | {rss:.0f} | {cpu / bare_cpu:.1f}x | {rss / bare_rss:.1f}x |"
        lines.append(row + (f" {cpu / redocly[0]:.2f}x |" if redocly else ""))
    return [*lines, ""], measured


def _verdict(what: str, ratio: float, goal: float, whose: str) -> str:
    return f"{what} {ratio:.2f}x {whose} (goal at most {goal}x: {'met' if ratio <= goal else 'NOT met'})"


def _validate_tables(workdir: Path, before: str | None, lines: list[str], goals: list[str]) -> None:
    redocly = _tool("redocly")
    inputs: dict[str, tuple[Callable[[], Path], int]] = {
        "Stripe (4 MB)": (lambda: corpus_file("stripe/spec3-2023-09-12.yaml"), RUNS),
        "DigitalOcean (multi-file)": (
            lambda: corpus_file("digitalocean/specification/DigitalOcean-public.v2.yaml"),
            max(1, RUNS - 2),
        ),
        # Three runs: a single one put the bare parse anywhere from 0.34 to 0.44 s.
        "generated 20 MB JSON": (lambda: write_contract(workdir / "generated.json", 20), max(1, RUNS - 2)),
    }
    for title, (make, runs) in inputs.items():
        spec = make()
        command = ("contracts", "validate", "--lint", "--no-cache", str(spec))
        tools = {"bare parse": ([sys.executable, str(BARE), *map(str, files(spec))], _environment(workdir))}
        tools["accord, reading only"] = _reading(workdir, *files(spec))
        if before:
            tools["accord before"] = _accord(workdir, Path(before), *command)
        tools["accord"] = _accord(workdir, ROOT / "src", *command)
        if redocly:
            quiet = {"REDOCLY_TELEMETRY": "off", "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true"}
            tools["redocly lint"] = ([redocly, "lint", str(spec)], _environment(workdir, **quiet))
        table, got = _table(f"validate --lint, {title}", tools, runs)
        lines += table
        (cpu, rss), (bare_cpu, bare_rss) = got["accord"], got["bare parse"]
        said = _verdict("CPU", cpu / bare_cpu, 5, "the bare parse's")
        said += "; " + _verdict("peak RSS", rss / bare_rss, 3, "the bare parse's")
        if "redocly lint" in got:
            said += "; " + _verdict("CPU", cpu / got["redocly lint"][0], 0.5, "Redocly's")
        goals.append(f"| `validate --lint`, {title} | {said} |")


def _diff_tables(workdir: Path, before: str | None, lines: list[str], goals: list[str]) -> None:
    pairs = {
        "Stripe pair": (
            corpus_file("stripe/spec3-2022-11-01.yaml"),
            corpus_file("stripe/spec3-2023-09-12.yaml"),
            RUNS,
        ),
        "generated 5 MB JSON pair": (
            write_contract(workdir / "old.json", 5),
            write_contract(workdir / "new.json", 5, changed=True),
            max(1, RUNS - 2),
        ),
    }
    for title, (old, new, runs) in pairs.items():
        tools = {"bare parse": ([sys.executable, str(BARE), str(old), str(new)], _environment(workdir))}
        tools["accord, reading only"] = _reading(workdir, old, new)
        if before:
            tools["accord before"] = _accord(workdir, Path(before), "contracts", "diff", str(old), str(new))
        tools["accord"] = _accord(workdir, ROOT / "src", "contracts", "diff", str(old), str(new))
        table, got = _table(f"diff, {title}", tools, runs)
        lines += table
        (cpu, rss), (bare_cpu, bare_rss) = got["accord"], got["bare parse"]
        said = _verdict("CPU", cpu / bare_cpu, 2, "the bare parse's of both files")
        said += "; " + _verdict("peak RSS", rss / bare_rss, 3, "the bare parse's")
        goals.append(f"| `diff`, {title} | {said} |")


def main() -> str:
    before = os.environ.get("ACCORD_BENCH_BEFORE")
    lines: list[str] = []
    goals: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        _validate_tables(Path(tmp), before, lines, goals)
        _diff_tables(Path(tmp), before, lines, goals)
    return "\n".join(["| goal | this run |", "|---|---|", *goals, "", *lines])


if __name__ == "__main__":
    print(main())
