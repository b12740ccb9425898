"""The `emits:` of a service in accord.yaml, checked against its OpenAPI: which events its mock
publishes after answering which operation (like `x-accord-emits` on the operation itself)."""

from __future__ import annotations

from accord.contracts.model import load_contract
from accord.contracts.openapi.operations import read_operations
from accord.errors import ConfigError
from accord.manifest import Service, Workspace

__all__ = ["declared_emits"]


def declared_emits(workspace: Workspace, service: Service) -> dict[str, tuple[str, ...]]:
    """operationId -> events, for every `emits:` entry of `service`; ConfigError naming the line
    of an entry that is no operation of its OpenAPI contract."""
    if not service.emits:
        return {}
    if not service.openapi:
        raise _refusal(workspace, service, None, f"services.{service.name} has `emits:` but no `openapi:`")
    contract = load_contract(workspace.resolve(service.openapi))
    operations = read_operations(contract)
    by_key = {op.operation_id: op.operation_id for op in operations}
    by_key.update({f"{op.method} {op.template}": op.operation_id for op in operations})
    found: dict[str, tuple[str, ...]] = {}
    for written, events in service.emits.items():
        method, _, path = written.partition(" ")
        key = f"{method.upper()} {path}" if path else written
        if key not in by_key:
            known = ", ".join(sorted(op.operation_id for op in operations))
            message = (
                f"services.{service.name}.emits names {written!r}, which is not an operation of "
                f"{service.openapi} (its operations: {known})"
            )
            raise _refusal(workspace, service, written, message)
        operation = by_key[key]
        found[operation] = tuple(dict.fromkeys((*found.get(operation, ()), *events)))
    return found


def _refusal(workspace: Workspace, service: Service, key: str | None, message: str) -> ConfigError:
    from accord.documents.loader import child_pointer, load_document

    pointer = f"/services/{service.name}/emits"
    if key is not None:
        pointer = child_pointer(pointer, key)
    location = load_document(workspace.manifest_path, require_mapping=False).locate(pointer)
    return ConfigError(
        message,
        file=workspace.manifest_path,
        line=location.line,
        column=location.column,
        hint="name an operation by its operationId or as 'METHOD /path', as the contract writes it",
    )
