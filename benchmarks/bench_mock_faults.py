"""The mock server's own speed: against a constant-answer uvicorn app, the cost of the fault layer
when no fault is configured, and how exactly an injected latency is kept under load (wrk).

Needs `wrk` (apt). The "before" of the fault layer is accord's source at BASE (git archive).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import httpx
from bench_mocks import ROOT, SPEC, free_port, stop, wait_ready, wrk

BASE = "9b97d8f"  # the last commit before the fault layer
DURATION = int(os.environ.get("BENCH_SECONDS", "10"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "32"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
URL_PATH = "/payments/p-1"

CONSTANT_APP = """
import sys, uvicorn
body = open(sys.argv[2], "rb").read()
headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
async def app(scope, receive, send):
    if scope["type"] != "http":
        return
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": body})
port = int(sys.argv[1])
uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False, lifespan="off")
"""
IN_PROCESS = """
import asyncio, logging, sys, time
from pathlib import Path
from accord.mocks.openapi_app import load_mock
if sys.argv[2] == "log":
    logging.basicConfig(level=logging.INFO, stream=open(sys.argv[3], "w"), format="%(asctime)s %(message)s")
mock = load_mock(Path(sys.argv[1]), name="payments")
scope = {"type": "http", "method": "GET", "path": "/payments/p-1", "query_string": b"",
         "headers": [(b"host", b"127.0.0.1"), (b"accept", b"*/*")]}
async def receive():
    return {"type": "http.request", "body": b"", "more_body": False}
async def send(message):
    pass
async def run(n):
    for _ in range(n):
        await mock(scope, receive, send)
    if hasattr(mock, "request_log"):  # the batched log (the source before it logged each request)
        mock.request_log.flush()
asyncio.run(run(2000))
began = time.process_time()
asyncio.run(run(20000))
print((time.process_time() - began) / 20000 * 1e6)
"""


def _python(code: str, *args: str, src: Path, stderr: object = subprocess.DEVNULL) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=stderr,
    )


def _accord(*args: str, stderr: object) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    command = [sys.executable, "-m", "accord", "mocks", "serve", str(SPEC), *args]
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=stderr)


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def _measure(start: object, *, connections: int = CONNECTIONS) -> list[tuple[float, float]]:
    """(req/s, server CPU µs per request) of ROUNDS wrk runs against a server `start(port)` starts."""
    found = []
    for _ in range(ROUNDS):
        port = free_port()
        process = start(port)  # type: ignore[operator]
        try:
            url = f"http://127.0.0.1:{port}{URL_PATH}"
            wait_ready(url, {}, process)
            wrk(url, post=False, seconds=2, connections=connections)
            before = _cpu_seconds(process.pid)
            load = wrk(url, post=False, seconds=DURATION, connections=connections)
            cpu = (_cpu_seconds(process.pid) - before) / max(load.requests, 1) * 1e6
            found.append((load.rps, cpu))
        finally:
            stop(process)
    return found


def against_uvicorn(log: Path) -> tuple[list[str], int]:
    body_file = Path(tempfile.mkdtemp()) / "body.json"
    port = free_port()
    probe = _accord("--port", str(port), stderr=subprocess.DEVNULL)
    try:
        wait_ready(f"http://127.0.0.1:{port}{URL_PATH}", {}, probe)
        body_file.write_bytes(httpx.get(f"http://127.0.0.1:{port}{URL_PATH}").content)
    finally:
        stop(probe)
    with log.open("wb") as sink:
        mock = _measure(lambda p: _accord("--port", str(p), stderr=sink))
    constant = _measure(lambda p: _python(CONSTANT_APP, str(p), str(body_file), src=ROOT / "src"))
    lines = sum(1 for line in log.read_text().splitlines() if " -> 200" in line)
    rate_c, cpu_c = max(constant)[0], min(c for _, c in constant)
    rate_m, cpu_m = max(mock)[0], min(c for _, c in mock)
    rows = [
        f"| constant-answer uvicorn app (raw ASGI, same body, no log) | {rate_c:,.0f} | 1.00 | {cpu_c:.0f} |",
        f"| `accord mocks serve` (routing, validation, one log line per request) | {rate_m:,.0f} "
        f"| **{rate_m / rate_c:.2f}** | {cpu_m:.0f} |",
    ]
    return rows, lines


def fault_layer_cost() -> list[str]:
    """CPU time per request of the mock's ASGI app in process (no network, no wrk): before and after."""
    before = Path(tempfile.mkdtemp()) / "before"
    before.mkdir()
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", BASE, "src"], capture_output=True, check=True
    )
    subprocess.run(["tar", "-x", "-C", str(before)], input=archive.stdout, check=True)
    sink = str(Path(tempfile.mkdtemp()) / "log")
    times: dict[tuple[str, str], list[float]] = {}
    for _ in range(ROUNDS + 2):  # alternating, so both see the same neighbours on the machine
        for tree, src in (("before", before / "src"), ("after", ROOT / "src")):
            for log in ("nolog", "log"):
                env = {**os.environ, "PYTHONPATH": str(src)}
                command = [sys.executable, "-c", textwrap.dedent(IN_PROCESS), str(SPEC), log, sink]
                out = subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout
                times.setdefault((tree, log), []).append(float(out))
    best = {key: min(values) for key, values in times.items()}
    return [
        f"| no fault configured, log off | {best['before', 'nolog']:.1f} | {best['after', 'nolog']:.1f} "
        f"| **{best['after', 'nolog'] / best['before', 'nolog']:.2f}** |",
        f"| no fault configured, log on (INFO) | {best['before', 'log']:.1f} | {best['after', 'log']:.1f} "
        f"| **{best['after', 'log'] / best['before', 'log']:.2f}** |",
    ]


def latency_accuracy() -> str:
    port = free_port()
    process = _accord("--port", str(port), "--latency", "200ms", stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}{URL_PATH}"
        wait_ready(url, {}, process)
        wrk(url, post=False, seconds=2, connections=64)
        command = ["wrk", "-t2", "-c64", f"-d{DURATION}s", "--latency", url]
        out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    finally:
        stop(process)
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}
    found = {
        pct: float(value) * scale[unit]
        for pct, value, unit in re.findall(r"^\s+(\d+)%\s+([\d.]+)(us|ms|s)$", out, re.MULTILINE)
    }
    shown = ", ".join(f"p{pct} {ms:.1f} ms" for pct, ms in found.items())
    worst = max(abs(ms - 200) for ms in found.values())
    rate = re.search(r"Requests/sec:\s+([\d.]+)", out)
    return (
        f"`--latency 200ms`, `wrk -t2 -c64 -d{DURATION}s`: {shown} "
        f"({float(rate.group(1)) if rate else 0:,.0f} req/s); the farthest percentile is "
        f"**{worst:.1f} ms** from 200 ms (goal: within 10 ms)."
    )


def main() -> str:
    log = Path(tempfile.mkdtemp()) / "mock.log"
    rows, lines = against_uvicorn(log)
    cost = fault_layer_cost()
    timing = latency_accuracy()
    return "\n".join(
        [
            f"`wrk -t2 -c{CONNECTIONS} -d{DURATION}s GET {URL_PATH}` after a 2 s warm-up, best of {ROUNDS} "
            "runs each (a fresh server per run; the machine's 2 cores are shared with wrk and others). "
            "Same uvicorn (uvloop, httptools) for every server. CPU per request is the server process's "
            "user + system time over the measured run, divided by its requests.",
            "",
            "| server | best req/s | ratio to uvicorn | server CPU per request, µs (lowest) |",
            "|---|---|---|---|",
            *rows,
            "",
            f"The mock's log was kept: {lines:,} request lines written during its runs "
            "(batched: one write per tenth of a second).",
            "",
            "Cost of the fault layer when no fault is configured: CPU time per request of the mock's "
            f"ASGI app called in process (GET {URL_PATH}, 20,000 requests, best of {ROUNDS + 2} "
            f"alternating runs), accord's source before the fault layer ({BASE}) and now:",
            "",
            "| workload | before, µs | after, µs | after / before |",
            "|---|---|---|---|",
            *cost,
            "",
            f"Fault timing under load: {timing}",
        ]
    )


if __name__ == "__main__":
    print(main())
