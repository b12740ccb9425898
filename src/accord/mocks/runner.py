"""Run many mocks in one process: one uvicorn server listening on every OpenAPI mock's port
(dispatching by the port a request came in on), plus a Pact mock server per pact mock.
"""

from __future__ import annotations

import errno
import socket
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from accord.errors import ToolError
from accord.mocks.faults import FaultInjector, FaultPlan
from accord.mocks.guard import ServerLimits, guarded_protocol
from accord.mocks.openapi_app import OpenAPIMock, load_mock

if TYPE_CHECKING:
    from accord.mocks.pact_server import PactServer

__all__ = ["MockRunner", "MockSpec", "RunningMock", "ServerLimits"]


@dataclass(frozen=True)
class MockSpec:
    """A mock to start: from an OpenAPI contract (`kind="openapi"`) or a pact file (`kind="pact"`)."""

    name: str
    kind: str
    source: Path
    port: int | None = None
    seed: int = 0
    stateful: bool = False
    max_resources: int = 10_000  # with stateful: the oldest stored resource goes beyond this
    faults: FaultPlan | None = None  # for every operation (pact mocks take no faults)
    operation_faults: Mapping[str, FaultPlan] = field(default_factory=dict)  # operationId -> plan
    emits: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # accord.yaml `emits:`

    def injector(self) -> FaultInjector | None:
        if self.faults is None and not self.operation_faults:
            return None
        return FaultInjector(self.faults, self.operation_faults, self.seed)


@dataclass(frozen=True)
class RunningMock:
    name: str
    kind: str
    source: Path
    url: str


class _PortDispatch:
    """One ASGI app for many ports: the local port of the connection picks the mock."""

    def __init__(self, mocks: dict[int, OpenAPIMock]) -> None:
        self.mocks = mocks

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            await next(iter(self.mocks.values()))(scope, receive, send)
            return
        server = scope.get("server") or ("", 0)
        await self.mocks[int(server[1])](scope, receive, send)


class MockRunner:
    """Start with `with MockRunner(specs, host) as running:`; everything stops on exit."""

    def __init__(
        self,
        specs: list[MockSpec],
        host: str = "127.0.0.1",
        limits: ServerLimits | None = None,
        on_emit: Callable[[str, Any], None] | None = None,  # events of `x-accord-emits`
    ) -> None:
        self.specs = specs
        self.on_emit = on_emit
        self.host = host
        self.limits = limits or ServerLimits()
        self.running: list[RunningMock] = []
        self._server: Any = None
        self._thread: threading.Thread | None = None
        self._pacts: list[PactServer] = []
        self._mocks: list[OpenAPIMock] = []  # the OpenAPI mocks served, in spec order

    def __enter__(self) -> list[RunningMock]:
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.stop()

    def start(self) -> list[RunningMock]:
        from accord.mocks.pact_server import serve_pacts

        apps: dict[int, OpenAPIMock] = {}
        sockets: list[socket.socket] = []
        for spec in self.specs:
            if spec.kind == "pact":
                pact = serve_pacts([spec.source], self.host, spec.port or 0)
                self._pacts.append(pact)
                port = pact.port
            elif spec.faults is not None and spec.faults.down:
                port = spec.port or _free_port(self.host)  # nothing listens: connections are refused
            else:
                mock = load_mock(
                    spec.source,
                    seed=spec.seed,
                    stateful=spec.stateful,
                    name=spec.name,
                    max_resources=spec.max_resources,
                    faults=spec.injector(),
                    emits=spec.emits,
                )
                mock.on_emit = self.on_emit
                sock = _bind(self.host, spec.port or 0)
                sockets.append(sock)
                port = sock.getsockname()[1]
                apps[port] = mock
                self._mocks.append(mock)
            url = f"http://{self.host}:{port}"
            self.running.append(RunningMock(spec.name, spec.kind, spec.source, url))
        if apps:
            self._serve(_PortDispatch(apps), sockets)
        return self.running

    def _serve(self, app: _PortDispatch, sockets: list[socket.socket]) -> None:
        # one mock needs no dispatch by port; proxy headers mean nothing to a mock (no client address read)
        import uvicorn
        from uvicorn.protocols.http.auto import AutoHTTPProtocol

        config = uvicorn.Config(
            next(iter(app.mocks.values())) if len(app.mocks) == 1 else app,
            log_level="warning",
            proxy_headers=False,
            access_log=False,
            lifespan="off",
            loop="auto",
            http=guarded_protocol(AutoHTTPProtocol, self.limits),
            timeout_keep_alive=self.limits.keep_alive,
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": sockets}, name="accord-mocks", daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + 15
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise ToolError("the mock server did not start")
            time.sleep(0.01)

    def served(self) -> dict[str, OpenAPIMock]:
        """The OpenAPI mocks being served, by name (to watch the requests they get)."""
        return {mock.name: mock for mock in self._mocks}

    def wait(self) -> None:
        """Block until Ctrl-C (or until the OpenAPI mocks' server stops)."""
        while self._thread is None or self._thread.is_alive():
            time.sleep(0.2)

    def stop(self) -> None:
        for mock in self._mocks:
            mock.hangs.release()  # a hanging request must not hold the server open
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)
        for mock in self._mocks:
            mock.request_log.flush()
        for pact in self._pacts:
            pact.stop()
        self._pacts.clear()


def _bind(host: str, port: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        # A port in use is the usual cause; a host that is no address of this machine the other.
        in_use = exc.errno in (errno.EADDRINUSE, errno.EACCES)
        hint = "pick another --port" if in_use else "pass a --host that is an address of this machine"
        raise ToolError(f"cannot listen on {host}:{port}: {exc.strerror}", hint=hint) from exc
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def _free_port(host: str) -> int:
    from accord.apps import free_port

    return free_port(host)
