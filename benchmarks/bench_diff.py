"""accord contracts diff on two released versions of Stripe's API (3.7 MB and 4.2 MB of YAML).

Measures the whole command (load both files, diff, render), the engine alone (after loading),
and the command in a fresh process. oasdiff, the tool users would pick instead, is measured
when an `oasdiff` binary is on PATH.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from corpus_files import corpus_file

ROOT = Path(__file__).resolve().parent.parent
OLD, NEW = corpus_file("stripe/spec3-2022-11-01.yaml"), corpus_file("stripe/spec3-2023-09-12.yaml")
RUNS = 5


def _best(samples: list[float]) -> str:
    return f"{min(samples):.3f} s (median {statistics.median(samples):.3f} s)"


def _in_process() -> tuple[list[float], list[float], list[float], list[float], list[float], int]:
    sys.path.insert(0, str(ROOT / "src"))
    from accord.contracts.diff import DiffResult, diff_contracts
    from accord.contracts.model import load_contract
    from accord.report import Format, render

    totals, loads, engine_wall, engine_cpu, renders = [], [], [], [], []
    found = 0
    for _ in range(RUNS):
        start = time.perf_counter()
        old, new = load_contract(OLD), load_contract(NEW)
        loaded = time.perf_counter()
        cpu = time.process_time()
        changes = diff_contracts(old, new)
        engine_cpu.append(time.process_time() - cpu)
        engine_wall.append(time.perf_counter() - loaded)
        diffed = time.perf_counter()
        render(DiffResult(changes, [str(NEW)]).report(), Format.json)
        renders.append(time.perf_counter() - diffed)
        totals.append(time.perf_counter() - start)
        loads.append(loaded - start)
        found = len(changes)
    return totals, loads, engine_wall, engine_cpu, renders, found


def _fresh_process(old: Path, new: Path) -> list[float]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    samples = []
    for _ in range(3):
        start = time.perf_counter()
        cmd = [sys.executable, "-m", "accord", "contracts", "diff", str(old), str(new), "-f", "json"]
        subprocess.run(cmd, env=env, capture_output=True, check=False)
        samples.append(time.perf_counter() - start)
    return samples


def _oasdiff() -> list[float] | None:
    binary = shutil.which("oasdiff")
    if binary is None:
        return None
    samples = []
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run([binary, "breaking", str(OLD), str(NEW)], capture_output=True, check=False)
        samples.append(time.perf_counter() - start)
    return samples


def main() -> str:
    totals, loads, engine_wall, engine_cpu, renders, found = _in_process()
    fresh = _fresh_process(OLD, NEW)
    unchanged = _fresh_process(NEW, NEW)  # what `ci --base-ref` meets most: a contract nobody touched
    oasdiff = _oasdiff()
    rows = [
        "| measurement | time |",
        "|---|---|",
        f"| accord, whole diff in process (load both + diff + render json) | {_best(totals)} |",
        f"| of which loading the two YAML files | {_best(loads)} |",
        f"| of which the diff engine (wall) | {_best(engine_wall)} |",
        f"| of which the diff engine (CPU time) | {_best(engine_cpu)} |",
        f"| of which the report (line numbers of each finding, json) | {_best(renders)} |",
        f"| accord, `accord contracts diff OLD NEW -f json` in a fresh process | {_best(fresh)} |",
        f"| accord, `contracts diff NEW NEW -f json` (nothing changed), fresh process | {_best(unchanged)} |",
    ]
    if oasdiff:
        rows.append(f"| oasdiff breaking OLD NEW | {_best(oasdiff)} |")
        ratio = f"accord / oasdiff (fresh process, best): {min(fresh) / min(oasdiff):.2f}x"
    else:
        ratio = (
            "oasdiff could not be measured on this machine: it is a Go program, the only Go in the "
            "Debian registry here is 1.19 (oasdiff 1.3x needs a newer toolchain), and the npm "
            "wrapper of the similar openapi-changes downloads its binary from GitHub at install "
            "time, which the registries-only network refuses. No comparison is claimed."
        )
    return "\n".join(
        [
            f"Stripe {OLD.name} -> {NEW.name}: {found} changes found. Best of {RUNS} runs "
            "(this machine's 2 cores are shared, so the median shows contention).",
            "",
            *rows,
            "",
            ratio,
            "",
            "Target: the whole diff of a Stripe-sized pair within 2 s. The engine's part is the "
            "line 'diff engine'; loading YAML and finding line numbers are the loader's part.",
        ]
    )


if __name__ == "__main__":
    print(main())
