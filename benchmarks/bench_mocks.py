"""Mock servers: accord vs Prism (@stoplight/prism-cli) on the same contract, same load (wrk).

Throughput and p99 for a simple GET and for a POST whose body is validated, start-up on Stripe,
and a 64-connection load test of accord (errors, 5xx, memory at start and end).
Needs `wrk` (apt) and Node; Prism is installed into a temporary npm prefix.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

import httpx
from corpus_files import corpus_file

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "examples" / "shop" / "services" / "payments" / "openapi.yaml"
STRIPE = corpus_file("stripe/spec3-2023-09-12.yaml")
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "PACT_DO_NOT_TRACK": "true"}
BODY = '{"order_id": "o-1", "amount": {"value": 1999, "currency": "EUR"}}'
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "32"))
DURATION = int(os.environ.get("BENCH_SECONDS", "10"))
LOAD_SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", "60"))


class Load(NamedTuple):  # not a dataclass: benchmarks/run.py loads this file outside sys.modules
    rps: float
    p99_ms: float
    requests: int
    non_2xx: int
    errors: int


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def prism_binary() -> Path:
    prefix = Path(tempfile.gettempdir()) / "accord-bench-prism"
    binary = prefix / "node_modules" / ".bin" / "prism"
    if not binary.exists():
        subprocess.run(
            ["npm", "i", "--prefix", str(prefix), "@stoplight/prism-cli"], check=True, capture_output=True
        )
    return binary


def start(tool: str, spec: Path, port: int) -> subprocess.Popen[bytes]:
    if tool == "accord":
        command = [sys.executable, "-m", "accord", "mocks", "serve", str(spec), "--port", str(port)]
    else:
        command = [str(prism_binary()), "mock", str(spec), "-p", str(port), "-h", "127.0.0.1"]
    return subprocess.Popen(command, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def wait_ready(
    url: str, headers: dict[str, str], process: subprocess.Popen[bytes], timeout: float = 300
) -> float:
    began = time.monotonic()
    while time.monotonic() - began < timeout:
        if process.poll() is not None:
            raise RuntimeError(f"{url}: the server exited with {process.returncode}")
        try:
            if httpx.get(url, headers=headers, timeout=2).status_code < 500:
                return time.monotonic() - began
        except httpx.TransportError:
            pass
        time.sleep(0.05)
    raise RuntimeError(f"{url} not ready after {timeout} s")


def stop(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def wrk(url: str, *, post: bool, seconds: int, connections: int) -> Load:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        if post:
            script.write(
                f"wrk.method = \"POST\"\nwrk.body = '{BODY}'\n"
                'wrk.headers["Content-Type"] = "application/json"\n'
            )
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", script.name, url]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    Path(script.name).unlink()
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return Load(
        rps=float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),  # type: ignore[union-attr]
        p99_ms=float(p99.group(1)) * scale[p99.group(2)] if p99 else float("nan"),
        requests=int(re.search(r"(\d+) requests in", out).group(1)),  # type: ignore[union-attr]
        non_2xx=int(non_2xx.group(1)) if non_2xx else 0,
        errors=errors,
    )


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def throughput() -> list[str]:
    rows = []
    for label, post in (("GET /payments/p-1 (example)", False), ("POST /payments (body validated)", True)):
        results = {}
        for tool in ("accord", "prism"):
            port = free_port()
            process = start(tool, SPEC, port)
            try:
                wait_ready(f"http://127.0.0.1:{port}/payments/p-1", {}, process)
                path = "/payments" if post else "/payments/p-1"
                wrk(
                    f"http://127.0.0.1:{port}{path}", post=post, seconds=2, connections=CONNECTIONS
                )  # warm-up
                results[tool] = wrk(
                    f"http://127.0.0.1:{port}{path}", post=post, seconds=DURATION, connections=CONNECTIONS
                )
            finally:
                stop(process)
        a, p = results["accord"], results["prism"]
        rows.append(
            f"| {label} | {a.rps:,.0f} | {p.rps:,.0f} | **{a.rps / p.rps:.1f}x** "
            f"| {a.p99_ms:.1f} | {p.p99_ms:.1f} | {a.non_2xx + a.errors} / {p.non_2xx + p.errors} |"
        )
    return rows


STARTUP_TIMEOUT = float(os.environ.get("BENCH_STARTUP_TIMEOUT", "240"))


def startup() -> str:
    times: dict[str, float | None] = {}
    for tool in ("accord", "prism"):
        port = free_port()
        process = start(tool, STRIPE, port)
        try:
            url = f"http://127.0.0.1:{port}/v1/balance"
            times[tool] = wait_ready(url, {"Authorization": "Bearer sk_test"}, process, STARTUP_TIMEOUT)
        except RuntimeError as exc:
            times[tool] = None
            print(exc, file=sys.stderr)
        finally:
            stop(process)
    accord, prism = times["accord"], times["prism"]
    shown = {
        k: f"{v:.1f} s" if v is not None else f"no answer within {STARTUP_TIMEOUT:.0f} s"
        for k, v in times.items()
    }
    if accord is not None and prism is not None:
        ratio = f"**{prism / accord:.1f}x faster**"
    elif accord is not None:
        ratio = f"**more than {STARTUP_TIMEOUT / accord:.0f}x faster**"
    else:
        ratio = "-"
    label = "start-up on Stripe (4 MB, until the first answer)"
    return f"| {label} | {shown['accord']} | {shown['prism']} | {ratio} |"


def load_test() -> str:
    port = free_port()
    process = start("accord", SPEC, port)
    try:
        wait_ready(f"http://127.0.0.1:{port}/payments/p-1", {}, process)
        url = f"http://127.0.0.1:{port}/payments"
        wrk(url, post=True, seconds=3, connections=64)
        before = rss_mib(process.pid)
        result = wrk(url, post=True, seconds=LOAD_SECONDS, connections=64)
        after = rss_mib(process.pid)
    finally:
        stop(process)
    return (
        f"accord, POST /payments with body validation, 64 connections for {LOAD_SECONDS} s: "
        f"{result.requests:,} requests ({result.rps:,.0f}/s, p99 {result.p99_ms:.1f} ms), "
        f"{result.errors} socket errors, {result.non_2xx} non-2xx responses; "
        f"RSS {before:.1f} MiB after warm-up, {after:.1f} MiB at the end."
    )


def main() -> str:
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install -y wrk")
    rows = throughput()
    start_row = startup()
    load = load_test()
    return "\n".join(
        [
            f"Same contract (examples/shop payments, OpenAPI 3.0), same machine, `wrk -t2 -c{CONNECTIONS} "
            f"-d{DURATION}s` after a 2 s warm-up. accord: `accord mocks serve` (one process, uvicorn "
            "with uvloop and httptools); Prism: `prism mock` (@stoplight/prism-cli, Node 20). "
            "Both log every request. wrk repeats one request, which accord answers from its memo of "
            "built answers after the first (validation, routing and building run once); the "
            "`mock_faults` section measures a new path each request.",
            "",
            "| workload | accord req/s | Prism req/s | ratio | accord p99 ms | Prism p99 ms "
            "| errors (accord / Prism) |",
            "|---|---|---|---|---|---|---|",
            *rows,
            "",
            "| start-up | accord | Prism | ratio |",
            "|---|---|---|---|",
            start_row,
            "",
            f"Load test: {load}",
        ]
    )


if __name__ == "__main__":
    print(main())
