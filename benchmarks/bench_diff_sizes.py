"""accord contracts diff on generated contracts of 1 MB to 50 MB: time and peak memory against
the input size, beside a bare parse of the same two files.

Each pair is a generated contract and its next release (benchmarks/generate_contract.py:
every tenth resource changed, so findings grow with the size), as pretty-printed JSON.
Whole processes (`accord contracts diff OLD NEW -f json`), CPU time (user + system: the
machine's cores are shared) and peak RSS. Goals: peak memory under 10x the input (both
files), time linear in the size, and at most 2x the bare parse of both files.
ACCORD_BENCH_SIZES="1 5" measures other sizes (MB).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from generate_contract import write_contract

ROOT = Path(__file__).resolve().parent.parent
SIZES = [float(s) for s in os.environ.get("ACCORD_BENCH_SIZES", "1 5 10 25 50").split()]
TIMEOUT = 1800


def _run(command: list[str], env: dict[str, str]) -> tuple[float, float, float, str]:
    """Wall seconds, CPU seconds, peak RSS (MB) and the last line of stdout."""
    start = time.perf_counter()
    done = subprocess.run(
        ["/usr/bin/time", "-f", "%U %S %M", *command],
        capture_output=True,
        text=True,
        env=env,
        timeout=TIMEOUT,
        check=False,
    )
    wall = time.perf_counter() - start
    user, system, peak = done.stderr.strip().splitlines()[-1].split()
    if done.returncode not in (0, 1):
        raise RuntimeError(f"{command[:4]} exited {done.returncode}: {done.stderr[-500:]}")
    return wall, float(user) + float(system), int(peak) * 1024 / 1e6, done.stdout[-300:]


def main() -> str:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    python = sys.executable
    lines = [
        "| size (MB, both files) | findings | diff wall (s) | diff CPU (s) | CPU per MB (s) "
        "| peak RSS (MB) | peak / input | bare parse CPU (s) | diff / bare parse |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    with tempfile.TemporaryDirectory() as tmp:
        # Not counted: the first run of a fresh checkout compiles accord's modules to byte code.
        warm = [
            write_contract(Path(tmp) / name, 0.1, changed=changed)
            for name, changed in (("a.json", False), ("b.json", True))
        ]
        _run([python, "-m", "accord", "contracts", "diff", *map(str, warm), "-f", "json"], env)
        for size in SIZES:
            old = write_contract(Path(tmp) / "old.json", size)
            new = write_contract(Path(tmp) / "new.json", size, changed=True)
            total = (old.stat().st_size + new.stat().st_size) / 1e6
            command = [python, "-m", "accord", "contracts", "diff", str(old), str(new), "-f", "json"]
            wall, cpu, peak, tail = _run(command, env)
            found = tail.rsplit('"error": ', 1)[-1].split(",", 1)[0] if '"error": ' in tail else "?"
            bare = [python, str(Path(__file__).with_name("bare_parse.py")), str(old), str(new)]
            _, parse_cpu, _, _ = _run(bare, env)
            lines.append(
                f"| {total:.1f} | {found} errors | {wall:.1f} | {cpu:.1f} | {cpu / total:.2f} | {peak:.0f} "
                f"| {peak / total:.1f}x | {parse_cpu:.2f} | {cpu / parse_cpu:.1f}x |"
            )
            old.unlink()
            new.unlink()
    return "\n".join(lines)


if __name__ == "__main__":
    print(main())
