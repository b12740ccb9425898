"""pytest fixtures for consumer pact tests (loaded through accord's pytest plugin).

    def test_charges_an_order(accord_pact):
        pact = accord_pact("payments")            # consumer: the service the test lives in
        pact.upon_receiving("a request to charge an order")...
        with accord_pact.serve(pact) as url:
            ...                                   # point the client at url

Pacts of passing tests are written to the manifest's pacts folder when the session ends.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import pytest

from accord.contracts.pact.consumer import PactRecorder, deliver_messages, mock_server
from accord.errors import ConfigError
from accord.manifest import Workspace, find_workspace

__all__ = ["ConsumerPacts", "accord_pact", "accord_pact_recorders"]


class _Recorders:
    """One recorder per workspace met in the session, committed when it ends."""

    def __init__(self, merge: bool) -> None:
        self.merge = merge
        self.by_root: dict[Path, PactRecorder] = {}

    def for_workspace(self, workspace: Workspace) -> PactRecorder:
        if workspace.root not in self.by_root:
            self.by_root[workspace.root] = PactRecorder(workspace, merge=self.merge)
        return self.by_root[workspace.root]

    def commit(self) -> list[Path]:
        written: list[Path] = []
        for recorder in self.by_root.values():
            written += recorder.commit()
        return written


def _runs_a_selection(config: pytest.Config) -> bool:
    """A run of some tests only (-k, -m, --lf, node ids) must not drop the others' interactions."""
    option = config.option
    selected = bool(getattr(option, "keyword", "") or getattr(option, "markexpr", ""))
    selected = selected or bool(getattr(option, "lf", False))
    return selected or any("::" in str(arg) for arg in config.args)


@pytest.fixture(scope="session")
def accord_pact_recorders(request: pytest.FixtureRequest) -> Iterator[_Recorders]:
    """The session's pact recorders; pacts are written into the pacts folders at the end."""
    recorders = _Recorders(merge=_runs_a_selection(request.config))
    yield recorders
    recorders.commit()


class ConsumerPacts:
    """The `accord_pact` fixture: new pacts for the test's service, and servers for them."""

    def __init__(self, recorder: PactRecorder, consumer: str | None) -> None:
        self.recorder = recorder
        self.consumer = consumer
        self.pacts: list[Any] = []

    def __call__(self, provider: str, *, consumer: str | None = None, specification: str = "V4") -> Any:
        name = consumer or self.consumer
        if name is None:
            raise ConfigError(
                "cannot tell which service this test belongs to",
                hint="pass consumer=NAME, or keep the test under the service's `path`",
            )
        pact = self.recorder.new_pact(name, provider, specification=specification)
        self.pacts.append(pact)
        return pact

    def serve(self, pact: Any) -> AbstractContextManager[str]:
        """A pact mock server on 127.0.0.1 (a free port), yielding its base URL."""
        return mock_server(pact)

    def deliver(self, pact: Any, handler: Callable[[Any, dict[str, Any]], object]) -> None:
        """Feed each message of the pact to the consumer's handler (JSON bodies decoded)."""
        deliver_messages(pact, handler)


def _service_of(workspace: Workspace, test_file: Path) -> str | None:
    for service in workspace.manifest.services.values():
        if service.path and test_file.is_relative_to(workspace.resolve(service.path)):
            return service.name
    return None


@pytest.fixture
def accord_pact(request: pytest.FixtureRequest, accord_pact_recorders: _Recorders) -> Iterator[ConsumerPacts]:
    """Create pacts for the service this test belongs to; recorded if the test passes."""
    test_file = Path(request.path).resolve()
    workspace = find_workspace(test_file.parent)
    recorder = accord_pact_recorders.for_workspace(workspace)
    pacts = ConsumerPacts(recorder, _service_of(workspace, test_file))
    failed_before = request.session.testsfailed
    yield pacts
    # The call phase has been reported by now: a failure there counts in testsfailed.
    passed = request.session.testsfailed == failed_before
    for pact in pacts.pacts:
        if passed:
            recorder.record(pact)
        else:
            recorder.discard(pact.consumer, pact.provider)
