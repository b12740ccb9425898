"""The gRPC mock's unary RPCs per second against a hand-written grpcio server that returns a
constant message (the ceiling a mock can reach), the same Python grpcio client driving both.

Both servers are grpcio asyncio servers in their own process: `accord mocks serve orders.proto`,
and a script with a generic handler that decodes the request and answers one prebuilt
GetOrderResponse. The client is one process with several channels, each with many calls in
flight. Runs alternate between the two servers; the best run of each counts.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROTO_ROOT = ROOT / "tests" / "fixtures" / "grpc"
PROTO = PROTO_ROOT / "shop" / "v1" / "orders.proto"
METHOD = "/shop.v1.OrdersService/GetOrder"
CHANNELS, IN_FLIGHT, SECONDS, ROUNDS = 4, 16, 5.0, 3
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src")}

CEILING = textwrap.dedent(
    """
    import asyncio, sys
    from pathlib import Path
    import grpc
    from accord.contracts.grpc_model import load_grpc_contract
    from accord.mocks.grpc import grpc_mock

    contract = load_grpc_contract([Path(sys.argv[1])], [Path(sys.argv[2])])
    rpc = contract.rpc(sys.argv[3])
    request_type = contract.message_class(rpc.input)
    # The same message the mock answers, built once: what a hand-written constant server returns.
    answer = contract.message_class(rpc.output).FromString(grpc_mock("x", contract).answers[rpc.path][0])

    async def get_order(request, context):
        return answer

    async def main():
        server = grpc.aio.server()
        handler = grpc.unary_unary_rpc_method_handler(
            get_order, request_deserializer=request_type.FromString,
            response_serializer=lambda message: message.SerializeToString())
        generic = grpc.method_handlers_generic_handler(rpc.service, {rpc.name: handler})
        server.add_generic_rpc_handlers((generic,))
        server.add_insecure_port("127.0.0.1:" + sys.argv[4])
        await server.start()
        await server.wait_for_termination()

    asyncio.run(main())
    """
)

CLIENT = textwrap.dedent(
    """
    import asyncio, sys, time
    import grpc

    target, method, channels, in_flight, seconds = sys.argv[1], sys.argv[2], *map(float, sys.argv[3:6])

    async def worker(call, until, counts):
        while time.perf_counter() < until:
            await call(b"")
            counts[0] += 1

    async def main():
        opened = [grpc.aio.insecure_channel(target) for _ in range(int(channels))]
        calls = [channel.unary_unary(method) for channel in opened]
        for call in calls:
            await call(b"", timeout=10)
        warm = [0]
        await asyncio.gather(*(worker(c, time.perf_counter() + 1.0, warm) for c in calls for _ in range(8)))
        counts = [0]
        start = time.perf_counter()
        until = start + seconds
        await asyncio.gather(*(worker(c, until, counts) for c in calls for _ in range(int(in_flight))))
        print(counts[0] / (time.perf_counter() - start))
        for channel in opened:
            await channel.close()

    asyncio.run(main())
    """
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve(kind: str, port: int) -> subprocess.Popen[bytes]:
    if kind == "accord":
        command = [sys.executable, "-m", "accord", "mocks", "serve", str(PROTO), "--port", str(port)]
    else:
        command = [sys.executable, "-c", CEILING, str(PROTO), str(PROTO_ROOT), METHOD, str(port)]
    return subprocess.Popen(command, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def wait_ready(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args[:4]} exited with {process.returncode}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listens on {port}")


def measure(kind: str) -> float:
    port = free_port()
    process = serve(kind, port)
    try:
        wait_ready(port, process)
        arguments = [f"127.0.0.1:{port}", METHOD, str(CHANNELS), str(IN_FLIGHT), str(SECONDS)]
        done = subprocess.run(
            [sys.executable, "-c", CLIENT, *arguments], env=ENV, capture_output=True, text=True, timeout=120
        )
        if done.returncode != 0:
            raise RuntimeError(done.stderr[-2000:])
        return float(done.stdout.strip())
    finally:
        process.terminate()
        process.wait(timeout=10)


def main() -> str:
    runs: dict[str, list[float]] = {"accord": [], "ceiling": []}
    for _ in range(ROUNDS):
        for kind in runs:
            runs[kind].append(measure(kind))
    best = {kind: max(values) for kind, values in runs.items()}
    ratio = best["accord"] / best["ceiling"]
    load = os.getloadavg()[0]
    shown = {kind: ", ".join(f"{v:,.0f}" for v in values) for kind, values in runs.items()}
    return "\n".join(
        [
            f"Unary RPC `GetOrder` of tests/fixtures/grpc/shop/v1/orders.proto (a 190-byte answer with "
            f"nested, repeated, map, enum and Timestamp fields). Client: one Python process, grpcio "
            f"asyncio, {CHANNELS} channels x {IN_FLIGHT} calls in flight, {SECONDS:.0f} s after a 1 s "
            f"warm-up; {ROUNDS} rounds alternating the servers, best run counts. Server and client "
            f"share the machine's cores (1-minute load average {load:.1f} at the end).",
            "",
            "| server | RPC/s (best) | runs |",
            "|---|---|---|",
            f"| `accord mocks serve orders.proto` | {best['accord']:,.0f} | {shown['accord']} |",
            f"| hand-written grpcio server, constant message (the ceiling) | {best['ceiling']:,.0f} "
            f"| {shown['ceiling']} |",
            "",
            f"accord reaches {ratio:.0%} of the ceiling (goal: at least 70%).",
        ]
    )


if __name__ == "__main__":
    print(main())
