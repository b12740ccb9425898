"""accord's pytest plugin (entry point `pytest11`): fixtures for mocks and pacts.

`accord_mock("payments")` mocks a dependency in process (respx) for one test and returns a
`MockedService` with its base URL, the calls it received and `override(...)` for single responses.
`accord_grpc_mock("payments")` serves the gRPC mock of a service's `grpc:` (or a .proto file) on
127.0.0.1 in this process and returns its `target` (host:port).
`accord_pact("payments")` records a consumer pact for the pacts folder of accord.yaml.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from accord.contracts.pact.fixtures import accord_pact, accord_pact_recorders

if TYPE_CHECKING:
    from accord.manifest import Workspace

__all__ = ["accord_grpc_mock", "accord_mock", "accord_pact", "accord_pact_recorders", "ensure_registered"]


def ensure_registered(config: pytest.Config) -> None:
    """Register this plugin from a conftest's `pytest_configure` when accord is not installed
    (the `pytest11` entry point registers it otherwise); safe to call more than once."""
    import accord.pytest_plugin as plugin

    if not config.pluginmanager.is_registered(plugin):
        config.pluginmanager.register(plugin, "accord")


def _workspace_for(target: str | Path, explicit: Path | None, test_file: Path) -> Workspace | None:
    """The workspace a fixture finds a service in: `workspace=` when given, else the one holding the
    test file. A file target needs none."""
    from accord.manifest import find_workspace

    if explicit is None and (Path(target).is_file() or str(target).lower().endswith(".proto")):
        return None
    return find_workspace(Path(test_file).parent, explicit=explicit)


@pytest.fixture
def accord_mock(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Callable[..., Any]]:
    """A factory: `accord_mock(spec_or_service, base_url=None, env=None, workspace=None, **options)`
    -> MockedService. A service is found in the accord.yaml above the test file (or in the folder
    `workspace=`). With `env="PAYMENTS_URL"` the variable is set to the mock's base URL for the test.
    """
    from accord.mocks.inprocess import mock_service

    with contextlib.ExitStack() as stack:

        def factory(
            spec_or_service: str | Path,
            base_url: str | None = None,
            *,
            env: str | None = None,
            workspace: Path | None = None,
            **options: Any,
        ) -> Any:
            ws = _workspace_for(spec_or_service, workspace, request.path)
            mocked = stack.enter_context(mock_service(spec_or_service, base_url, workspace=ws, **options))
            if env:
                monkeypatch.setenv(env, mocked.base_url)
            return mocked

        yield factory


@pytest.fixture
def accord_grpc_mock(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Callable[..., Any]]:
    """A factory: `accord_grpc_mock(proto_or_service, *, env=None, seed=0, workspace=None)` ->
    `RunningGrpcMock` (name, target). With `env="PAYMENTS_GRPC_TARGET"` the variable is set to
    the mock's host:port for the test. The servers stop when the test ends."""
    from accord.mocks.grpc.targets import running_grpc_mock

    with contextlib.ExitStack() as stack:

        def factory(
            proto_or_service: str | Path,
            *,
            env: str | None = None,
            seed: int = 0,
            workspace: Path | None = None,
        ) -> Any:
            ws = _workspace_for(proto_or_service, workspace, request.path)
            running = stack.enter_context(running_grpc_mock(proto_or_service, workspace=ws, seed=seed))
            if env:
                monkeypatch.setenv(env, running.target)
            return running

        yield factory
