"""Consumer side: new pacts for a consumer/provider pair of the manifest, and the files they go to.

pact-python merges each written pact into the file already on disk, so interactions a
consumer no longer has would survive forever. A `PactRecorder` therefore writes every pact
of a run into a private staging folder first, and only at the end replaces the files in the
manifest's pacts folder, each at once, and only for pairs whose tests all passed.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from accord.atomic import write_text_atomic
from accord.contracts.pact.files import pact_file_name, pacts_dir
from accord.contracts.pact.runtime import load_pact
from accord.errors import ConfigError, ToolError
from accord.manifest import Workspace

__all__ = ["PactRecorder", "deliver_messages", "mock_server", "recording"]

Pair = tuple[str, str]
_SERVER_ATTEMPTS = 3


class PactRecorder:
    """Collects the pacts of one test run and writes them into the pacts folder at the end.

    `merge=True` keeps interactions already on disk (for runs of a subset of the tests);
    by default each touched pact file holds exactly the interactions recorded in this run.
    """

    def __init__(self, workspace: Workspace, *, merge: bool = False) -> None:
        self.workspace = workspace
        self.merge = merge
        self._staging = Path(tempfile.mkdtemp(prefix="accord-pacts-"))
        self._recorded: set[Pair] = set()
        self._failed: set[Pair] = set()

    def new_pact(self, consumer: str, provider: str, *, specification: str = "V4") -> Any:
        """A `pact.Pact` between two services of the manifest (spec V4 unless told)."""
        for role, name in (("consumer", consumer), ("provider", provider)):
            if name not in self.workspace.manifest.services:
                known = ", ".join(sorted(self.workspace.manifest.services)) or "none"
                raise ConfigError(
                    f"the {role} {name!r} of a pact is not a service of the manifest (services: {known})",
                    file=self.workspace.manifest_path,
                    hint="pacts are named after the services in accord.yaml",
                )
        pact = load_pact().Pact(consumer, provider).with_specification(specification)
        pact.with_metadata("accord", {"system": self.workspace.manifest.system})
        return pact

    def record(self, pact: Any) -> None:
        """Merge a pact whose test passed into this run's staged file for its pair."""
        pair = (pact.consumer, pact.provider)
        if pair not in self._recorded and self.merge:
            existing = pacts_dir(self.workspace) / pact_file_name(*pair)
            if existing.is_file():
                shutil.copyfile(existing, self._staging / existing.name)
        self._recorded.add(pair)
        pact.write_file(self._staging, overwrite=False)

    def discard(self, consumer: str, provider: str) -> None:
        """A test of this pair failed: keep the pact on disk as it was."""
        self._failed.add((consumer, provider))

    def commit(self) -> list[Path]:
        """Replace the pact file of every pair recorded without failure; returns the files written."""
        target = pacts_dir(self.workspace)
        written: list[Path] = []
        for pair in sorted(self._recorded - self._failed):
            staged = self._staging / pact_file_name(*pair)
            if staged.is_file():
                path = target / staged.name
                write_text_atomic(path, staged.read_text("utf-8"))
                written.append(path)
        self.close()
        return written

    def close(self) -> None:
        shutil.rmtree(self._staging, ignore_errors=True)
        self._recorded.clear()


@contextlib.contextmanager
def recording(workspace: Workspace, *, merge: bool = False) -> Iterator[PactRecorder]:
    """A recorder that commits when the block ends without an exception, and discards otherwise."""
    recorder = PactRecorder(workspace, merge=merge)
    try:
        yield recorder
    except BaseException:
        recorder.close()
        raise
    recorder.commit()


@contextlib.contextmanager
def mock_server(pact: Any, *, host: str = "127.0.0.1") -> Iterator[str]:
    """Serve a pact's HTTP interactions on a port the OS picks; yields the base URL.

    Port 0 lets the core bind atomically (no find-then-bind race between parallel tests,
    pact-python issue 1541); a start that still fails is retried before giving up. On
    leaving the block, pact raises its MismatchesError if the consumer did not make
    exactly the requests it declared.
    """
    with contextlib.ExitStack() as stack:
        for attempt in range(_SERVER_ATTEMPTS):
            try:
                server = stack.enter_context(pact.serve(addr=host, port=0))
                break
            except RuntimeError as exc:
                if attempt == _SERVER_ATTEMPTS - 1:
                    raise ToolError(f"the pact mock server could not be started: {exc}") from exc
        yield str(server.url).rstrip("/")


def deliver_messages(pact: Any, handler: Callable[[Any, dict[str, Any]], object]) -> None:
    """Hand each message interaction of the pact to the consumer's handler, decoded.

    JSON bodies arrive parsed, other bodies as text; pact raises PactVerificationError
    naming every message the handler failed on.
    """

    def decoded(body: Any, metadata: dict[str, Any]) -> None:
        text = None if body is None else body if isinstance(body, bytes) else str(body)
        content_type = str(metadata.get("contentType") or metadata.get("content-type") or "")
        payload: Any = text
        if text is not None and ("json" in content_type or not content_type):
            with contextlib.suppress(ValueError):
                payload = json.loads(text)
        handler(payload, metadata)

    pact.verify(decoded, "Async")
