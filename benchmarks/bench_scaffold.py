"""Scaffolding one service (render, check, register, gateway) vs plain cookiecutter on the same template."""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

RUNS = 5


def _accord_once(root: Path, index: int) -> float:
    from accord.manifest import find_workspace, init_manifest
    from accord.scaffold import ScaffoldRequest, scaffold_service

    folder = root / f"accord-{index}"
    init_manifest(folder, "bench")
    start = time.perf_counter()
    scaffold_service(find_workspace(explicit=folder), ScaffoldRequest("orders", broker="rabbitmq"))
    return time.perf_counter() - start


def _cookiecutter_once(root: Path, index: int) -> float:
    from cookiecutter.main import cookiecutter

    from accord.scaffold.templates import builtin_root

    out = root / f"cc-{index}"
    start = time.perf_counter()
    cookiecutter(
        str(builtin_root() / "python-service"),
        no_input=True,
        output_dir=str(out),
        extra_context={"service_name": "orders", "broker": "rabbitmq"},
        accept_hooks=False,  # render only: the template's hook reads accord's answers file
    )
    return time.perf_counter() - start


def main() -> str:
    root = Path(tempfile.mkdtemp(prefix="bench-scaffold-"))
    try:
        _accord_once(root, -1), _cookiecutter_once(root, -1)  # warm imports for both
        accord = [_accord_once(root, i) for i in range(RUNS)]
        plain = [_cookiecutter_once(root, i) for i in range(RUNS)]
    finally:
        shutil.rmtree(root, ignore_errors=True)
    a, c = statistics.median(accord), statistics.median(plain)
    return (
        "Scaffold one service (`python-service`, broker rabbitmq, in process, imports warm; "
        f"median of {RUNS}).\n\n"
        "| tool | what it does | median | ratio |\n| --- | --- | --- | --- |\n"
        f"| accord scaffold service | render + check + answers + register + nginx.conf "
        f"| {a * 1000:.0f} ms | {a / c:.2f}x |\n"
        f"| cookiecutter | render only | {c * 1000:.0f} ms | 1.00x |\n\n"
        f"Goal: <= 1 s per service: {'met' if a <= 1 else 'NOT met'}.\n"
    )


if __name__ == "__main__":
    print(main())
