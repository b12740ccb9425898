"""Run every benchmark (benchmarks/bench_*.py) and assemble benchmarks/RESULTS.md.

Each bench module has `main() -> str` returning a markdown section (it measures accord and
the tools users would pick instead, in the same run, as ratios). Pass names to run some:
`python benchmarks/run.py validate diff`.
"""

from __future__ import annotations

import datetime
import importlib.util
import os
import platform
import sys
from pathlib import Path

from corpus_files import MissingInput

HERE = Path(__file__).resolve().parent


def machine() -> str:
    cpu = "unknown cpu"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    cores = os.cpu_count()
    python = platform.python_version()
    return f"{platform.system()} {platform.machine()}, {cores} cores ({cpu}), {mem:.0f} GiB, Python {python}"


def main(names: list[str]) -> None:
    results = HERE / "results"
    results.mkdir(exist_ok=True)
    for path in sorted(HERE.glob("bench_*.py")):
        name = path.stem.removeprefix("bench_")
        if names and name not in names:
            continue
        spec = importlib.util.spec_from_file_location(path.stem, path)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        print(f"== {name}", flush=True)
        try:
            spec.loader.exec_module(module)
            section = module.main()
        except MissingInput as missing:
            print(f"skipped {name}: {missing}", flush=True)
            continue
        stamp = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
        text = f"## {name}\n\nMeasured {stamp} on {machine()}.\n\n{section.strip()}\n"
        (results / f"{name}.md").write_text(text)
        print(text)
    parts = [
        "# Benchmark results\n",
        "Written by `nox -s bench` (benchmarks/run.py); one section per benchmark.\n",
    ]
    parts += [p.read_text() for p in sorted(results.glob("*.md"))]
    (HERE / "RESULTS.md").write_text("\n".join(parts))


if __name__ == "__main__":
    main(sys.argv[1:])
