"""The mock server's own speed: against a constant-answer uvicorn app, the cost of the fault layer
when no fault is configured (against the same source with its per-request checks taken out),
and how exactly an injected latency is kept at 64 connections (wrk).

Needs `wrk` (apt). The "before" of the fault timing is accord's source at TIMING_BASE (git archive).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Callable
from pathlib import Path

import httpx
from bench_mocks import ROOT, SPEC, Load, free_port, stop, wait_ready

TIMING_BASE = "9e31c9f"  # the last commit before delays counted from the request's arrival
SPEED_BASE = "59d7c8d"  # the last commit before routing by segment index and cheaper validation
DURATION = int(os.environ.get("BENCH_SECONDS", "10"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "32"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
LATENCY_MS = 200
URL_PATH = "/payments/p-1"
NEW_PATH_EACH_TIME = (
    'n = 0\nrequest = function()\n  n = n + 1\n  return wrk.format(nil, "/payments/p-" .. n)\nend\n'
)

CONSTANT_APP = """
import sys, uvicorn
body = open(sys.argv[2], "rb").read()
headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
async def app(scope, receive, send):
    if scope["type"] != "http":
        return
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": body})
options = {}
if sys.argv[3] == "accord-protocol":  # the mock server's protocol: request deadline, one write per answer
    from uvicorn.protocols.http.auto import AutoHTTPProtocol
    from accord.mocks.guard import ServerLimits, guarded_protocol
    options = {"http": guarded_protocol(AutoHTTPProtocol, ServerLimits()), "proxy_headers": False}
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning", access_log=False,
            lifespan="off", **options)
"""
IN_PROCESS = """
import asyncio, logging, sys, time
from pathlib import Path
from accord.mocks.openapi_app import load_mock
logging.basicConfig(level=logging.INFO, stream=open(sys.argv[3], "w"), format="%(asctime)s %(message)s")
mock = load_mock(Path(sys.argv[1]), name="payments")
def scope(n):
    path = "/payments/p-1" if sys.argv[2] == "repeat" else f"/payments/p-{n}"
    return {"type": "http", "method": "GET", "path": path, "query_string": b"",
            "headers": [(b"host", b"127.0.0.1"), (b"accept", b"*/*")]}
async def receive():
    return {"type": "http.request", "body": b"", "more_body": False}
async def send(message):
    pass
async def run(first, n):
    for i in range(first, first + n):
        await mock(scope(i), receive, send)
    mock.request_log.flush()
asyncio.run(run(0, 2000))
began = time.process_time()
asyncio.run(run(10**6, 20000))
print((time.process_time() - began) / 20000 * 1e6)
"""
TIMED_SERVE = """
import asyncio, atexit, json, sys
import accord.mocks.openapi_app as app
from accord.mocks.fault_delivery import ARRIVED_KEY
late = []
deliver = app.deliver
async def timed(mock, decision, request, asgi):
    outcome = await deliver(mock, decision, request, asgi)
    late.append(asyncio.get_running_loop().time() - asgi[0][ARRIVED_KEY] - decision.delay)
    return outcome
app.deliver = timed
out = sys.argv.pop()
atexit.register(lambda: open(out, "w").write(json.dumps(late)))
from accord.cli import main
sys.argv = ["accord", "mocks", "serve", *sys.argv[1:]]
main()
"""
# What the fault layer does to every request when no fault is configured; taken out for the comparison.
FAULT_CHECKS = {
    "accord/mocks/openapi_app.py": [
        ('if self.faults is None and "prefer" not in headers:', "if True:"),
        ("if self.faults is None and self.store is None else None", "if self.store is None else None"),
    ],
    "accord/mocks/guard.py": [
        ("self.scope[TRANSPORT_KEY] = self.transport", "pass"),
        ("self.scope[ARRIVED_KEY] = self.loop.time()", "pass"),
    ],
}


def _python(code: str, *args: str, src: Path, stderr: object = subprocess.DEVNULL) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=stderr,
    )


def _accord(
    *args: str, src: Path = ROOT / "src", stderr: object = subprocess.DEVNULL
) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    command = [sys.executable, "-m", "accord", "mocks", "serve", str(SPEC), *args]
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=stderr)


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def _wrk(url: str, *, seconds: int, connections: int, script: str = "") -> tuple[Load, dict[int, float]]:
    """wrk's result and its latency percentiles (ms)."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write(script)
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", lua.name, url]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    Path(lua.name).unlink()
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}
    found = re.findall(r"^\s+(\d+)%\s+([\d.]+)(us|ms|s)$", out, re.MULTILINE)
    percentiles = {int(p): float(v) * scale[u] for p, v, u in found}
    high = re.search(r"Latency\s+\S+\s+\S+\s+([\d.]+)(us|ms|s)", out)
    if high:
        percentiles[100] = float(high.group(1)) * scale[high.group(2)]
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    load = Load(
        rps=float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),  # type: ignore[union-attr]
        p99_ms=percentiles.get(99, float("nan")),
        requests=int(re.search(r"(\d+) requests in", out).group(1)),  # type: ignore[union-attr]
        non_2xx=int(non_2xx.group(1)) if non_2xx else 0,
        errors=errors,
    )
    return load, percentiles


Start = Callable[[int], subprocess.Popen[bytes]]


def _measure(start: Start, workloads: dict[str, str], found: dict[str, list[tuple[float, float]]]) -> None:
    """One server, each workload in turn: (req/s, server CPU µs per request) appended to `found`."""
    port = free_port()
    process = start(port)
    try:
        url = f"http://127.0.0.1:{port}{URL_PATH}"
        wait_ready(url, {}, process)
        _wrk(url, seconds=2, connections=CONNECTIONS)
        for name, script in workloads.items():
            before = _cpu_seconds(process.pid)
            load, _ = _wrk(url, seconds=DURATION, connections=CONNECTIONS, script=script)
            cpu = (_cpu_seconds(process.pid) - before) / max(load.requests, 1) * 1e6
            found.setdefault(name, []).append((load.rps, cpu))
    finally:
        stop(process)


def _row(label: str, runs: list[tuple[float, float]], reference: list[tuple[float, float]]) -> str:
    best, lowest = max(r for r, _ in runs), min(c for _, c in runs)
    median = statistics.median(r for r, _ in runs)
    ratio = best / max(r for r, _ in reference)
    cpu_ratio = min(c for _, c in reference) / lowest
    return f"| {label} | {best:,.0f} | {median:,.0f} | **{ratio:.2f}** | {lowest:.0f} | {cpu_ratio:.2f} |"


def against_uvicorn(log: Path) -> tuple[list[str], int]:
    body_file = Path(tempfile.mkdtemp()) / "body.json"
    port = free_port()
    probe = _accord("--port", str(port))
    try:
        wait_ready(f"http://127.0.0.1:{port}{URL_PATH}", {}, probe)
        body_file.write_bytes(httpx.get(f"http://127.0.0.1:{port}{URL_PATH}").content)
    finally:
        stop(probe)
    both = {"repeat": "", "new path": NEW_PATH_EACH_TIME}
    before = _tree(SPEED_BASE)
    found: dict[str, list[tuple[float, float]]] = {}

    def constant(protocol: str) -> Start:
        return lambda port: _python(CONSTANT_APP, str(port), str(body_file), protocol, src=ROOT / "src")

    with log.open("wb") as sink:
        servers: list[tuple[Start, dict[str, str]]] = [
            (constant("plain"), {f"constant {k}": v for k, v in both.items()}),
            (
                lambda port: _accord("--port", str(port), stderr=sink),
                {f"mock {k}": v for k, v in both.items()},
            ),
            (constant("accord-protocol"), {"constant, accord protocol": ""}),
            (
                lambda port: _accord("--port", str(port), src=before),  # logs to /dev/null
                {"mock before new path": NEW_PATH_EACH_TIME},
            ),
        ]
        for _ in range(ROUNDS):  # alternating, so every server sees the same neighbours on the machine
            for start, workloads in servers:
                _measure(start, workloads, found)
    lines = sum(1 for line in log.read_text().splitlines() if " -> 200" in line)
    reference, other = found["constant repeat"], found["constant new path"]
    labels = [
        ("constant-answer uvicorn app (raw ASGI, same body, no log)", "constant repeat", reference),
        (
            "the same app under the mock server's protocol (deadline timer, one write per answer)",
            "constant, accord protocol",
            reference,
        ),
        ("`accord mocks serve`, the same request repeated (from the memo), logged", "mock repeat", reference),
        ("constant-answer uvicorn app, a new path each request", "constant new path", other),
        (
            "`accord mocks serve`, a new path each request (routed, validated, built), logged",
            "mock new path",
            other,
        ),
        (f"the same, accord before ({SPEED_BASE})", "mock before new path", other),
    ]
    rows = [_row(label, found[key], against) for label, key, against in labels]
    rows.append(_throughput_goal(found))
    return rows, lines


def _throughput_goal(found: dict[str, list[tuple[float, float]]]) -> str:
    def best(key: str) -> float:
        return max(r for r, _ in found[key])

    repeat = best("mock repeat") / best("constant repeat")
    new = best("mock new path") / best("constant new path")
    extra = min(c for _, c in found["mock new path"]) - min(c for _, c in found["constant new path"])
    return (
        f"\nGoal (the mock at 0.8x a constant-answer uvicorn app or more, its log kept): "
        f"{_verdict(repeat >= 0.8)} on the repeated GET ({repeat:.2f}x); {_verdict(new >= 0.8)} with a new "
        f"path each request ({new:.2f}x), where the memo does not apply and routing, validation and "
        f"building the answer cost {extra:.0f} µs of server CPU per request more than the constant app."
    )


def _verdict(met: bool) -> str:
    return "**met**" if met else "**not met**"


def _tree(commit: str | None) -> Path:
    """accord's source: at `commit` (git archive), or now with the fault layer's per-request checks out."""
    where = Path(tempfile.mkdtemp())
    if commit is not None:
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", commit, "src"], capture_output=True, check=True
        )
        subprocess.run(["tar", "-x", "-C", str(where)], input=archive.stdout, check=True)
        return where / "src"
    shutil.copytree(ROOT / "src", where / "src")
    for name, edits in FAULT_CHECKS.items():
        path = where / "src" / name
        text = path.read_text()
        for old, new in edits:
            if old not in text:
                raise SystemExit(f"{name} no longer has {old!r}: update FAULT_CHECKS")
            text = text.replace(old, new)
        path.write_text(text)
    return where / "src"


def fault_layer_cost() -> list[str]:
    """The mock with the fault layer idle against the same source with its checks taken out, alternating."""
    trees = {"idle": ROOT / "src", "bypassed": _tree(None)}
    sink = str(Path(tempfile.mkdtemp()) / "log")
    times: dict[tuple[str, str], list[float]] = {}
    served: dict[str, list[tuple[float, float]]] = {}
    for _ in range(ROUNDS + 2):
        for tree, src in trees.items():
            for workload in ("repeat", "new"):
                command = [sys.executable, "-c", textwrap.dedent(IN_PROCESS), str(SPEC), workload, sink]
                env = {**os.environ, "PYTHONPATH": str(src)}
                out = subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout
                times.setdefault((tree, workload), []).append(float(out))
    for _ in range(ROUNDS):
        for tree, src in trees.items():
            _measure(lambda p, s=src: _accord("--port", str(p), src=s), {tree: ""}, served)  # type: ignore[misc]
    best = {key: min(values) for key, values in times.items()}
    rows = [
        f"| in process, the same request repeated, µs | {best['bypassed', 'repeat']:.2f} "
        f"| {best['idle', 'repeat']:.2f} | **{best['idle', 'repeat'] / best['bypassed', 'repeat']:.3f}** |",
        f"| in process, a new path each request, µs | {best['bypassed', 'new']:.2f} "
        f"| {best['idle', 'new']:.2f} | **{best['idle', 'new'] / best['bypassed', 'new']:.3f}** |",
    ]
    rate = {tree: max(r for r, _ in runs) for tree, runs in served.items()}
    cpu = {tree: min(c for _, c in runs) for tree, runs in served.items()}
    rows += [
        f"| served (wrk), best req/s | {rate['bypassed']:,.0f} | {rate['idle']:,.0f} "
        f"| **{rate['idle'] / rate['bypassed']:.3f}** |",
        f"| served (wrk), server CPU per request, µs | {cpu['bypassed']:.1f} | {cpu['idle']:.1f} "
        f"| **{cpu['idle'] / cpu['bypassed']:.3f}** |",
    ]
    ratios = [
        best["idle", "repeat"] / best["bypassed", "repeat"],
        best["idle", "new"] / best["bypassed", "new"],
        cpu["idle"] / cpu["bypassed"],
    ]
    worst = max(ratios)
    rows.append(
        f"\nGoal (the idle fault layer costs 5% or less): {_verdict(worst <= 1.05)} in CPU per request, "
        f"at most {(worst - 1) * 100:+.1f}%; served req/s idle / bypassed "
        f"{rate['idle'] / rate['bypassed']:.3f} "
        "(req/s on the shared cores swing by more than 5% from run to run, CPU per request much less)."
    )
    return rows


def latency_accuracy() -> list[str]:
    """`--latency 200ms` at 64 connections: what wrk sees, before and now; and the server's own lateness."""
    trees = {f"before ({TIMING_BASE})": _tree(TIMING_BASE), "now": ROOT / "src"}
    rows = []
    lateness: list[float] = []
    seen: list[tuple[str, float]] = []
    for _ in range(2):
        for label, src in trees.items():
            port = free_port()
            late_file = Path(tempfile.mkdtemp()) / "late.json"
            args = ("--port", str(port), "--latency", f"{LATENCY_MS}ms")
            if label == "now":
                process = _python(TIMED_SERVE, str(SPEC), *args, str(late_file), src=src)
            else:
                process = _accord(*args, src=src)
            try:
                url = f"http://127.0.0.1:{port}{URL_PATH}"
                wait_ready(url, {}, process)
                _wrk(url, seconds=2, connections=64)
                load, found = _wrk(url, seconds=DURATION, connections=64)
            finally:
                stop(process)
            if label == "now":
                lateness += json.loads(late_file.read_text())
            worst = max(abs(found[p] - LATENCY_MS) for p in (50, 75, 90, 99))
            seen.append((label, worst))
            rows.append(
                f"| {label} | {found[50]:.1f} | {found[90]:.1f} | {found[99]:.1f} | {found[100]:.1f} "
                f"| {worst:.1f} | {load.rps:,.0f} | {os.getloadavg()[0]:.1f} |"
            )
    ordered = sorted(ms * 1000 for ms in lateness)
    pick = {p: ordered[min(len(ordered) - 1, int(len(ordered) * p / 100))] for p in (50, 99)}
    rows.append(
        f"\nThe server's own lateness (now), from the request's first bytes read to its answer written, "
        f"less {LATENCY_MS} ms, over {len(ordered):,} delayed answers (the event loop's clock counts whole "
        f"milliseconds): p50 {pick[50]:.0f} ms, p99 {pick[99]:.0f} ms, max {ordered[-1]:.0f} ms."
    )
    now = [found_p99 for label, found_p99 in seen if label == "now"]
    rows.append(
        f"\nGoal (within 10 ms at 64 connections): {_verdict(max(now) <= 10)} as wrk sees it (p50 to p99 "
        f"at most {max(now):.1f} ms from {LATENCY_MS} ms); {_verdict(pick[99] <= 10)} for the server's "
        f"own p99 lateness ({pick[99]:.0f} ms). What wrk sees beyond the server's lateness is the "
        "client's and the machine's: both wait for the shared cores at this load."
    )
    return rows


def main() -> str:
    log = Path(tempfile.mkdtemp()) / "mock.log"
    load_before = os.getloadavg()[0]
    rows, lines = against_uvicorn(log)
    cost = fault_layer_cost()
    timing = latency_accuracy()
    return "\n".join(
        [
            f"`wrk -t2 -c{CONNECTIONS} -d{DURATION}s` after a 2 s warm-up, {ROUNDS} rounds alternating the "
            "servers (a fresh server per round; the machine's 2 cores are shared with wrk and others; "
            f"load average {load_before:.1f} at the start, {os.getloadavg()[0]:.1f} at the end). "
            "Same uvicorn (uvloop, httptools) for every server. CPU per request is the server process's "
            "user + system time over the measured run, divided by its requests; the CPU ratio is the "
            "reference's CPU per request over this server's.",
            "",
            "| server, workload | best req/s | median req/s | ratio to uvicorn (best) | server CPU per "
            "request, µs (lowest) | CPU ratio |",
            "|---|---|---|---|---|---|",
            *rows,
            "",
            f"The mock's log was kept: {lines:,} request lines written during its runs "
            "(batched: one write per tenth of a second).",
            "",
            "Cost of the fault layer when no fault is configured: the mock now against the same source "
            "with the fault layer's per-request checks taken out (the Prefer and fault-plan checks, the "
            "transport and arrival time put in the scope), alternating. In process: CPU time per request "
            f"of the ASGI app (GET, 20,000 requests, log on, best of {ROUNDS + 2}); served: "
            f"`wrk -c{CONNECTIONS}` against `accord mocks serve`, best of {ROUNDS}.",
            "",
            "| measure | fault layer bypassed | fault layer idle | idle / bypassed |",
            "|---|---|---|---|",
            *cost,
            "",
            f"Fault timing: `accord mocks serve --latency {LATENCY_MS}ms`, `wrk -t2 -c64 -d{DURATION}s` "
            "(latencies as wrk sees them, in ms), two rounds alternating the source before delays counted "
            "from arrival and now:",
            "",
            "| source | p50 | p90 | p99 | max | farthest of p50 to p99 from 200 | req/s | load |",
            "|---|---|---|---|---|---|---|---|",
            *timing,
        ]
    )


if __name__ == "__main__":
    print(main())
