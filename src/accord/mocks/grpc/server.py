"""The gRPC mock: a grpcio asyncio server per contract on 127.0.0.1, with server reflection and the
standard health service, answering every RPC from examples or generated messages.

Metadata `x-accord-status: NOT_FOUND` (any status code name) answers with that status instead,
as the HTTP mock's `Prefer: code=404` does. The answers are serialized once at start: a mock
does the same work per call as a hand-written server returning a constant.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from accord.errors import ToolError
from accord.mocks.grpc.messages import Examples, load_examples, response_messages

if TYPE_CHECKING:
    import grpc

    from accord.contracts.grpc_model import GrpcContract, Rpc

__all__ = ["STATUS_HEADER", "GrpcMock", "GrpcMockServer", "examples_beside", "grpc_mock"]

STATUS_HEADER = "x-accord-status"


@dataclass(frozen=True)
class GrpcMock:
    """A contract's answers, ready to serve: RPC path -> serialized messages."""

    name: str
    contract: GrpcContract
    answers: dict[str, list[bytes]]


def examples_beside(protos: tuple[Path, ...]) -> Examples:
    """The `NAME.examples.yaml` (or .yml/.json) beside each .proto, merged; none is fine."""
    merged = Examples()
    for proto in protos:
        for suffix in (".examples.yaml", ".examples.yml", ".examples.json"):
            path = proto.with_name(proto.stem + suffix)
            if path.is_file():
                found = load_examples(path)
                merged = Examples(
                    path, {**merged.messages, **found.messages}, {**merged.lines, **found.lines}
                )
    return merged


def grpc_mock(
    name: str, contract: GrpcContract, *, seed: int = 0, examples: Examples | None = None
) -> GrpcMock:
    """Serialize every RPC's answers once (examples from the files beside the protos by default)."""
    chosen = examples if examples is not None else examples_beside(contract.sources)
    answers = {rpc.path: response_messages(contract, rpc, chosen, seed) for rpc in contract.rpcs}
    return GrpcMock(name, contract, answers)


def _requested_status(context: Any) -> grpc.StatusCode | None:
    import grpc

    for key, value in context.invocation_metadata() or ():
        if key == STATUS_HEADER:
            code = getattr(grpc.StatusCode, str(value).strip().upper(), None)
            if code is None or code is grpc.StatusCode.OK:
                return grpc.StatusCode.INVALID_ARGUMENT if code is None else None
            return code  # type: ignore[no-any-return]
    return None


async def _abort_if_asked(context: Any) -> None:
    code = _requested_status(context)
    if code is not None:
        await context.abort(code, f"{STATUS_HEADER} asked for {code.name}")


def _method_handler(rpc: Rpc, contract: GrpcContract, answers: list[bytes]) -> grpc.RpcMethodHandler:
    import grpc

    decode = contract.message_class(rpc.input).FromString
    first = answers[0] if answers else b""

    async def unary_unary(request: Any, context: Any) -> bytes:
        await _abort_if_asked(context)
        return first

    async def unary_stream(request: Any, context: Any) -> AsyncIterator[bytes]:
        await _abort_if_asked(context)
        for answer in answers:
            yield answer

    async def stream_unary(requests: AsyncIterator[Any], context: Any) -> bytes:
        await _abort_if_asked(context)
        async for _ in requests:
            pass
        return first

    async def stream_stream(requests: AsyncIterator[Any], context: Any) -> AsyncIterator[bytes]:
        await _abort_if_asked(context)
        index = 0
        async for _ in requests:
            yield answers[index % len(answers)]
            index += 1

    make, behaviour = {
        "unary": (grpc.unary_unary_rpc_method_handler, unary_unary),
        "server-streaming": (grpc.unary_stream_rpc_method_handler, unary_stream),
        "client-streaming": (grpc.stream_unary_rpc_method_handler, stream_unary),
        "bidi-streaming": (grpc.stream_stream_rpc_method_handler, stream_stream),
    }[rpc.kind]
    return make(behaviour, request_deserializer=decode, response_serializer=None)  # type: ignore[operator]


class GrpcMockServer:
    """Serve mocks (one port each) from one event loop in a thread: `with GrpcMockServer(...) as ports:`."""

    def __init__(self, mocks: list[tuple[GrpcMock, int | None]], host: str = "127.0.0.1") -> None:
        self.mocks = mocks
        self.host = host
        self.ports: list[int] = []
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="accord-grpc-mocks", daemon=True)
        self._servers: list[Any] = []

    def __enter__(self) -> list[int]:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()

    def start(self) -> list[int]:
        self._thread.start()
        for mock, port in self.mocks:
            future = asyncio.run_coroutine_threadsafe(self._serve(mock, port or 0), self._loop)
            try:
                self.ports.append(future.result(timeout=30))
            except BaseException:
                self.stop()
                raise
        return self.ports

    async def _serve(self, mock: GrpcMock, port: int) -> int:
        import grpc
        from grpc_health.v1 import health, health_pb2, health_pb2_grpc
        from grpc_reflection.v1alpha import reflection

        server = grpc.aio.server()
        by_service: dict[str, dict[str, grpc.RpcMethodHandler]] = {}
        for rpc in mock.contract.rpcs:
            handler = _method_handler(rpc, mock.contract, mock.answers[rpc.path])
            by_service.setdefault(rpc.service, {})[rpc.name] = handler
        for service, handlers in by_service.items():
            server.add_generic_rpc_handlers((grpc.method_handlers_generic_handler(service, handlers),))
        checker = health.aio.HealthServicer()
        health_pb2_grpc.add_HealthServicer_to_server(checker, server)
        for service in (*mock.contract.services, ""):
            await checker.set(service, health_pb2.HealthCheckResponse.SERVING)
        names = (*mock.contract.services, health.SERVICE_NAME, reflection.SERVICE_NAME)
        reflection.enable_server_reflection(names, server, pool=mock.contract.pool)
        bound = server.add_insecure_port(f"{self.host}:{port}")
        if bound == 0:
            raise ToolError(
                f"cannot listen on {self.host}:{port} for the gRPC mock of {mock.name}",
                hint="pick another --port",
            )
        await server.start()
        self._servers.append(server)
        return int(bound)

    def wait(self) -> None:
        """Block until Ctrl-C."""
        self._thread.join()

    def stop(self) -> None:
        if not self._thread.is_alive():
            return
        for server in self._servers:
            asyncio.run_coroutine_threadsafe(server.stop(0.5), self._loop).result(timeout=10)
        self._servers.clear()
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
