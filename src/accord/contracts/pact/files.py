"""Pact files on disk: find them, load them (with line numbers), and see what they hold."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from accord.contracts.pact.spec import check_pact_schema
from accord.documents.loader import Document, load_document
from accord.errors import InputError
from accord.manifest import Workspace

__all__ = [
    "Interaction",
    "PactFile",
    "load_pact_file",
    "pact_file_name",
    "pact_paths",
    "pacts_dir",
    "pacts_for_provider",
]

HTTP = "http"
MESSAGE = "message"
SYNC_MESSAGE = "sync-message"
_V4_KINDS = {
    "Synchronous/HTTP": HTTP,
    "Asynchronous/Messages": MESSAGE,
    "Synchronous/Messages": SYNC_MESSAGE,
}


@dataclass(frozen=True)
class Interaction:
    """One interaction of a pact, with the JSON pointer it lives at."""

    pointer: str
    description: str
    kind: str
    states: tuple[str, ...]
    data: dict[str, Any]


@dataclass(frozen=True)
class PactFile:
    """A loaded pact: who consumes whom, and the interactions the consumer relies on."""

    path: Path
    consumer: str
    provider: str
    specification: str
    interactions: tuple[Interaction, ...]
    document: Document

    def line_of(self, pointer: str) -> int | None:
        return self.document.locate(pointer).line

    def interaction(self, description: str) -> Interaction | None:
        return next((i for i in self.interactions if i.description == description), None)

    @property
    def kinds(self) -> set[str]:
        return {i.kind for i in self.interactions}


def pact_file_name(consumer: str, provider: str) -> str:
    """The name pact writes a pact under (and accord looks for)."""
    return f"{consumer}-{provider}.json"


def pacts_dir(workspace: Workspace) -> Path:
    return workspace.resolve(workspace.manifest.pacts.dir)


def pact_paths(directory: Path) -> list[Path]:
    """Every `*.json` pact in a folder, by name; none when the folder does not exist."""
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.glob("*.json") if p.is_file())


def pacts_for_provider(workspace: Workspace, provider: str) -> list[PactFile]:
    """The pacts in the manifest's pacts folder in which `provider` is the provider."""
    pacts = [load_pact_file(path) for path in pact_paths(pacts_dir(workspace))]
    return [p for p in pacts if p.provider == provider]


def load_pact_file(path: Path) -> PactFile:
    """Load a pact file; a file that is not a pact, or breaks the Pact Specification's
    JSON Schema, raises InputError naming the line (and the interaction)."""
    document = load_document(path)
    data = document.data
    consumer = _pacticipant(document, "consumer")
    provider = _pacticipant(document, "provider")
    spec = _specification(data)
    check_pact_schema(document, spec)
    interactions: list[Interaction] = []
    for key in ("interactions", "messages"):
        items = data.get(key, [])
        if not isinstance(items, list):
            raise _broken(document, f"/{key}", f"`{key}` must be a list of interactions")
        interactions += [_interaction(document, key, index, item) for index, item in enumerate(items)]
    if "interactions" not in data and "messages" not in data:
        raise _broken(document, "", "not a pact: it has no `interactions`")
    return PactFile(Path(path), consumer, provider, spec, tuple(interactions), document)


def _pacticipant(document: Document, role: str) -> str:
    value = document.data.get(role)
    name = value.get("name") if isinstance(value, dict) else None
    if not isinstance(name, str) or not name:
        raise _broken(document, f"/{role}", f"not a pact: `{role}.name` is missing")
    return name


def _specification(data: dict[str, Any]) -> str:
    metadata = data.get("metadata")
    if not isinstance(metadata, dict):
        return "2.0.0"
    for key in ("pactSpecification", "pact-specification"):
        spec = metadata.get(key)
        if isinstance(spec, dict) and isinstance(spec.get("version"), str):
            return str(spec["version"])
    return "2.0.0"


def _interaction(document: Document, key: str, index: int, item: Any) -> Interaction:
    pointer = f"/{key}/{index}"
    if not isinstance(item, dict):
        raise _broken(document, pointer, "an interaction must be a mapping")
    description = item.get("description")
    if not isinstance(description, str):
        raise _broken(document, pointer, "an interaction has no `description`")
    kind = _V4_KINDS.get(str(item.get("type")), MESSAGE if key == "messages" or "contents" in item else HTTP)
    if kind == HTTP and not isinstance(item.get("request"), dict):
        raise _broken(document, pointer, f"interaction {description!r} has no `request`")
    return Interaction(pointer, description, kind, _states(item), item)


def _states(item: dict[str, Any]) -> tuple[str, ...]:
    states = item.get("providerStates")
    if isinstance(states, list):
        return tuple(str(s.get("name")) for s in states if isinstance(s, dict))
    state = item.get("providerState") or item.get("provider_state")
    return (str(state),) if state else ()


def _broken(document: Document, pointer: str, message: str) -> InputError:
    location = document.locate(pointer)
    return InputError(
        message,
        file=document.path,
        line=location.line,
        column=location.column,
        hint="pact files are written by pact's consumer tests; re-run them to regenerate it",
    )
