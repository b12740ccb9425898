"""The steps of the scaffold pipeline after rendering: check, plan, move into place, register."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from accord.atomic import write_text_atomic
from accord.errors import AccordError, ConfigError
from accord.manifest import Manifest, Workspace, load_workspace
from accord.scaffold.gateways import GatewayConfig, render_gateway
from accord.scaffold.names import check_inside
from accord.scaffold.parse_check import check_parses
from accord.scaffold.register import edit_manifest
from accord.scaffold.render import ANSWERS_FILE, Rendering
from accord.scaffold.rules import redact
from accord.scaffold.templates import Template
from accord.scaffold.transaction import Run

STATE_DIR = ".accord"
FIRST_PORT = 8001


def scratch_dir(workspace: Workspace) -> Path:
    """Temp folders live inside the workspace, so moving a rendering into place is one rename."""
    return workspace.root / STATE_DIR / "tmp"


def base_dir(workspace: Workspace, name: str) -> Path:
    """The pristine rendering of a service: the base of `scaffold update`'s three-way merge."""
    return workspace.root / STATE_DIR / "scaffold" / name


def check_state_dirs(workspace: Workspace, name: str) -> None:
    """`.accord/tmp` and `.accord/scaffold/NAME` resolve inside the workspace (no symlink out of it)."""
    for path in (scratch_dir(workspace), base_dir(workspace, name)):
        check_inside(workspace.root, path.relative_to(workspace.root), "the state folder")


def next_port(manifest: Manifest) -> int:
    ports = [s.port for s in manifest.services.values() if s.port]
    return max(ports) + 1 if ports else FIRST_PORT


def check_rendering(rendering: Rendering, answers: dict[str, Any]) -> None:
    """The rendering is a folder, and every contract in it loads."""
    from accord.contracts.model import load_contract

    if not rendering.path.is_dir():
        raise ConfigError(
            f"the template rendered {rendering.path.name}, not a folder", hint="nothing was written"
        )
    for contract in ("openapi.yaml", "asyncapi.yaml"):
        if (rendering.path / contract).is_file():
            try:
                load_contract(rendering.path / contract)
            except AccordError as exc:
                raise ConfigError(
                    f"the template rendered a broken {contract}: {exc.message}",
                    hint=f"check the answers ({_listed(answers)}); nothing was written",
                ) from None
    check_parses(rendering.path, answers)


def _listed(answers: dict[str, Any]) -> str:
    return redact(", ".join(f"{key}={value}" for key, value in answers.items()))


def _events(asyncapi: Path) -> tuple[list[str], list[str]]:
    """Addresses the service sends to and receives from, from its AsyncAPI 3 operations."""
    from accord.documents.loader import load_document

    data = load_document(asyncapi).data
    sends: list[str] = []
    receives: list[str] = []
    for operation in (data.get("operations") or {}).values():
        ref = str((operation.get("channel") or {}).get("$ref", ""))
        channel = (data.get("channels") or {}).get(ref.rsplit("/", 1)[-1], {})
        address = channel.get("address")
        if address:
            (sends if operation.get("action") == "send" else receives).append(str(address))
    return sends, receives


def manifest_entry(
    workspace: Workspace, rendering: Rendering, target: Path, answers: dict[str, Any], template: Template
) -> dict[str, Any]:
    """The service's entry in accord.yaml, from what was rendered."""
    rel = target.relative_to(workspace.root).as_posix()
    entry: dict[str, Any] = {"path": rel}
    if (rendering.path / "openapi.yaml").is_file():
        entry["openapi"] = f"{rel}/openapi.yaml"
    if (rendering.path / "asyncapi.yaml").is_file():
        entry["asyncapi"] = f"{rel}/asyncapi.yaml"
    if (rendering.path / "proto").is_dir():
        entry["grpc"] = f"{rel}/proto"
        if str(answers.get("grpc_port", "")).isdigit():
            entry["grpc_port"] = int(answers["grpc_port"])
    if answers.get("route"):
        entry["route"] = str(answers["route"])
    port = int(answers["port"]) if str(answers.get("port", "")).isdigit() else None
    if port:
        entry["port"] = port
    package = answers.get("package_name")
    if package and (rendering.path / str(package) / "app.py").is_file():
        entry["app"] = f"{package}.app:app"
    if "asyncapi" in entry:
        publishes, subscribes = _events(rendering.path / "asyncapi.yaml")
        if publishes:
            entry["publishes"] = publishes
        if subscribes:
            entry["subscribes"] = subscribes
    broker = str(answers.get("broker") or "none")
    if broker not in ("none", workspace.manifest.broker.kind):  # its own broker: say so in the manifest
        entry["broker"] = {
            "kind": broker,
            **({"url": answers["broker_url"]} if answers.get("broker_url") else {}),
        }
    entry["template"] = template.source
    return entry


def plan_manifest(
    workspace: Workspace, name: str, entry: dict[str, Any], gateway_kind: str | None, scratch: Path
) -> tuple[str, Workspace]:
    """The new accord.yaml text, validated by loading it from a temp file (nothing written yet)."""
    # `--gateway none` skips rendering; it does not switch the system's gateway off.
    kind = gateway_kind if gateway_kind != "none" else None
    text = edit_manifest(workspace.manifest_path, name, entry, gateway_kind=kind)
    with tempfile.TemporaryDirectory(dir=scratch) as folder:
        probe = Path(folder) / workspace.manifest_path.name
        probe.write_text(text, "utf-8")
        planned = load_workspace(probe)
    return text, Workspace(workspace.root, workspace.manifest_path, planned.manifest)


def plan_gateway(
    planned: Workspace, kind: str | None, name: str, rendering: Rendering
) -> GatewayConfig | None:
    if (kind or planned.manifest.gateway.kind) == "none":
        return None
    check_inside(planned.root, Path(planned.manifest.gateway.output), "gateway output")
    # The new service is not in place yet: a gateway made from contracts (krakend) reads the rendering.
    return render_gateway(_contracts_in_rendering(planned, name, rendering), kind)


def _contracts_in_rendering(planned: Workspace, name: str, rendering: Rendering) -> Workspace:

    service = planned.manifest.services[name]
    folder = Path(service.path or ".")

    def inside(value: str | None) -> str | None:
        return str(rendering.path / Path(value).relative_to(folder)) if value else None

    grpc = service.grpc
    if grpc is not None:  # the gRPC routes name the services its .proto files declare
        protos = tuple(str(inside(p)) for p in grpc.protos)
        grpc = grpc._replace(protos=protos, import_roots=tuple(str(inside(r)) for r in grpc.import_roots))
    moved = service._replace(openapi=inside(service.openapi), asyncapi=inside(service.asyncapi), grpc=grpc)
    services = {**planned.manifest.services, name: moved}
    return planned._replace(manifest=planned.manifest._replace(services=services))


def record_answers(folder: Path, source: str, version: str, answers: dict[str, Any]) -> None:
    """What `scaffold update` needs to render the same service again."""
    import yaml

    record = {"template": source, "template_version": version, "answers": answers}
    header = "# Written by `accord scaffold`; `accord scaffold update` reads it. Do not edit.\n"
    (folder / ANSWERS_FILE).write_text(header + yaml.safe_dump(record, sort_keys=False), "utf-8")


def stage(
    run: Run,
    service: Path,
    target: Path,
    base: Path,
    planned: Workspace,
    gateway: GatewayConfig | None,
) -> list[Path]:
    """Prepare in the run folder everything to install; returns the gateway files it will write."""
    staged = run.stage(target)
    service.rename(staged)
    shutil.copytree(staged, run.stage(base), symlinks=True)
    if gateway is None:
        return []
    folder = check_inside(planned.root, Path(planned.manifest.gateway.output), "gateway output")
    written = []
    for name, text in gateway.files.items():
        path = check_inside(planned.root, folder.relative_to(planned.root) / name, "gateway file")
        run.stage(path).write_text(text, "utf-8")
        written.append(path)
    return written


def write_manifest(workspace: Workspace, text: str) -> None:
    write_text_atomic(workspace.manifest_path, text)


def save_base(workspace: Workspace, name: str, service: Path) -> None:
    """Keep the pristine rendering, so later updates can tell template changes from the user's."""
    base = base_dir(workspace, name)
    fresh = base.with_name(f".{name}.new")
    shutil.rmtree(fresh, ignore_errors=True)
    shutil.copytree(service, fresh)
    shutil.rmtree(base, ignore_errors=True)
    fresh.rename(base)
