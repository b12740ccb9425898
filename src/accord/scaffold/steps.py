"""The steps of the scaffold pipeline after rendering: check, plan, move into place, register."""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from accord.atomic import write_text_atomic
from accord.errors import AccordError, ConfigError
from accord.manifest import Manifest, Workspace, load_workspace
from accord.scaffold.gateways import GatewayConfig, render_gateway, write_gateway
from accord.scaffold.register import edit_manifest
from accord.scaffold.render import ANSWERS_FILE, Rendering
from accord.scaffold.templates import Template

STATE_DIR = ".accord"
FIRST_PORT = 8001


def scratch_dir(workspace: Workspace) -> Path:
    """Temp folders live inside the workspace, so moving a rendering into place is one rename."""
    return workspace.root / STATE_DIR / "tmp"


def base_dir(workspace: Workspace, name: str) -> Path:
    """The pristine rendering of a service: the base of `scaffold update`'s three-way merge."""
    return workspace.root / STATE_DIR / "scaffold" / name


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


def _listed(answers: dict[str, Any]) -> str:
    return ", ".join(f"{key}={value}" for key, value in answers.items())


def _events(asyncapi: Path) -> tuple[list[str], list[str]]:
    """Addresses the service sends to and receives from, from its AsyncAPI 3 operations."""
    from accord.contracts.loader import load_document

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
    if answers.get("route"):
        entry["route"] = str(answers["route"])
    port = int(answers["port"]) if str(answers.get("port", "")).isdigit() else None
    if port:
        entry["port"] = port
    package = answers.get("package_name")
    if package and (rendering.path / str(package) / "app.py").is_file():
        entry["app"] = f"{package}.app:app"
    if port:
        name = target.name
        entry["upstreams"] = {"local": f"http://127.0.0.1:{port}", "k8s": f"http://{name}:{port}"}
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
    workspace: Workspace, name: str, entry: dict[str, Any], gateway_kind: str | None
) -> tuple[str, Workspace]:
    """The new accord.yaml text, validated by loading it from a temp file (nothing written yet)."""
    # `--gateway none` skips rendering; it does not switch the system's gateway off.
    kind = gateway_kind if gateway_kind != "none" else None
    text = edit_manifest(workspace.manifest_path, name, entry, gateway_kind=kind)
    scratch = scratch_dir(workspace)
    scratch.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=scratch) as folder:
        probe = Path(folder) / workspace.manifest_path.name
        probe.write_text(text, "utf-8")
        planned = load_workspace(probe)
    return text, Workspace(workspace.root, workspace.manifest_path, planned.manifest)


def plan_gateway(planned: Workspace, kind: str | None) -> GatewayConfig | None:
    if (kind or planned.manifest.gateway.kind) == "none":
        return None
    return render_gateway(planned, kind)


def record_answers(folder: Path, source: str, version: str, answers: dict[str, Any]) -> None:
    """What `scaffold update` needs to render the same service again."""
    import yaml

    record = {"template": source, "template_version": version, "answers": answers}
    header = "# Written by `accord scaffold`; `accord scaffold update` reads it. Do not edit.\n"
    (folder / ANSWERS_FILE).write_text(header + yaml.safe_dump(record, sort_keys=False), "utf-8")


@contextlib.contextmanager
def moved_into_place(
    source: Path, target: Path, workspace: Workspace, *, replace: bool
) -> Iterator[Callable[[], None]]:
    """Rename `source` to `target`; undone unless the body calls `commit()` and returns."""
    target.parent.mkdir(parents=True, exist_ok=True)
    backup: Path | None = None
    if target.exists() and replace:
        backup = Path(tempfile.mkdtemp(prefix=".accord-replaced-", dir=scratch_dir(workspace))) / target.name
        target.rename(backup)
    elif target.exists():
        target.rmdir()  # an empty folder (checked by the pipeline)
    source.rename(target)
    committed = False

    def commit() -> None:
        nonlocal committed
        committed = True

    try:
        yield commit
    finally:
        if not committed:
            shutil.rmtree(target, ignore_errors=True)
            if backup is not None:
                backup.rename(target)
        if backup is not None:
            shutil.rmtree(backup.parent, ignore_errors=True)


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


def write_gateway_files(planned: Workspace, gateway: GatewayConfig | None) -> list[Path]:
    return [] if gateway is None else write_gateway(planned, gateway)
