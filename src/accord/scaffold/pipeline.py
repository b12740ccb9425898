"""`accord scaffold service`: one pipeline, read top to bottom in `scaffold_service`.

resolve template -> collect answers -> render to a run folder in .accord/tmp -> check -> stage the
service, its base and the gateway files -> install them (renames) -> register in accord.yaml (the
commit, one atomic rename). Every check happens before the first write; the installs are undone
if a later step fails, and by the next run if the process was killed (see transaction.py).
"""

from __future__ import annotations

from dataclasses import KW_ONLY, dataclass, field
from pathlib import Path
from typing import Any

from accord.errors import ConfigError
from accord.manifest import Workspace
from accord.scaffold import steps, transaction
from accord.scaffold.answers import collect_answers
from accord.scaffold.names import check_service_name
from accord.scaffold.render import render_template
from accord.scaffold.rules import without_credentials
from accord.scaffold.target import plan_target
from accord.scaffold.templates import Template, resolve_template

__all__ = ["ScaffoldRequest", "ScaffoldResult", "scaffold_service"]


@dataclass(frozen=True)
class ScaffoldRequest:
    """What the user asked for; unset options fall back to the manifest and the template's defaults."""

    name: str
    _: KW_ONLY  # everything after the name by keyword
    template: str | None = None
    values: dict[str, str] = field(default_factory=dict)
    no_input: bool = True
    broker: str | None = None
    api: str | None = None  # http | grpc | http,grpc (templates with an `api` variable)
    gateway: str | None = None
    subscribes: tuple[str, ...] = ()
    port: int | None = None
    output: Path | None = None
    force: bool = False
    trust: bool = False
    checkout: str | None = None


@dataclass(frozen=True)
class ScaffoldResult:
    name: str
    path: Path
    template: str
    template_version: str
    answers: dict[str, Any]
    manifest_path: Path
    gateway_files: tuple[Path, ...] = ()


def scaffold_service(workspace: Workspace, request: ScaffoldRequest) -> ScaffoldResult:
    name = check_service_name(request.name)
    _check_gateway_kind(request.gateway)
    target = plan_target(workspace, request.name, request.output, force=request.force)
    steps.check_state_dirs(workspace, name)
    transaction.clean_stale(steps.scratch_dir(workspace))
    template = resolve_template(
        request.template, workspace.manifest.templates, workspace.root, checkout=request.checkout
    )
    answers = collect_answers(
        template, _initial_values(workspace, request, template), no_input=request.no_input
    )
    run = transaction.Run(transaction.run_folder(steps.scratch_dir(workspace)), workspace.manifest_path)
    with transaction.guarded(run):
        rendering = render_template(template, answers, run.folder, trust=request.trust)
        steps.check_rendering(rendering, answers)
        entry = steps.manifest_entry(workspace, rendering, target, answers, template)
        manifest_text, planned = steps.plan_manifest(workspace, name, entry, request.gateway, run.folder)
        gateway = steps.plan_gateway(planned, request.gateway, name, rendering)
        steps.record_answers(rendering.path, template.source, template.version, answers)
        written = steps.stage(run, rendering.path, target, steps.base_dir(workspace, name), planned, gateway)
        run.name, run.manifest_sha = name, transaction.sha(manifest_text)
        run.registered_before = name in workspace.manifest.services
        transaction.pause_point("staged", run.folder)
        run.install()
        transaction.pause_point("register", run.folder)
        steps.write_manifest(workspace, manifest_text)  # the commit: one atomic rename
        (run.folder / transaction.COMMITTED).touch()
        transaction.pause_point("registered", run.folder)
    return ScaffoldResult(
        name=name,
        path=target,
        template=template.name,
        template_version=template.version,
        answers=answers,
        manifest_path=workspace.manifest_path,
        gateway_files=tuple(written),
    )


def _check_gateway_kind(kind: str | None) -> None:
    """Said of the option, before the manifest is edited (a check of the edited copy would name
    a file in .accord/tmp the user never wrote)."""
    from accord.scaffold.gateways import GATEWAY_KINDS

    if kind is not None and kind != "none" and kind not in GATEWAY_KINDS:
        raise ConfigError(
            f"--gateway: unknown gateway kind {kind!r}",
            hint=f"use one of: {', '.join(GATEWAY_KINDS)}, none",
        )


def _initial_values(workspace: Workspace, request: ScaffoldRequest, template: Template) -> dict[str, str]:
    """Answers accord knows from the manifest and options; only for variables the template has."""
    manifest = workspace.manifest
    broker = request.broker or manifest.broker.kind
    replaced = manifest.services.get(request.name)
    # A replaced service keeps its port: the gateway, its callers and its deployment point at it.
    port = request.port or (replaced.port if replaced is not None else None) or steps.next_port(manifest)
    known: dict[str, str] = {
        "service_name": request.name,
        "route": f"/{request.name}",
        "port": str(port),
        "broker": broker,
        "subscribes": ",".join(request.subscribes),
    }
    if broker == manifest.broker.kind and manifest.broker.url:
        known["broker_url"] = without_credentials(manifest.broker.url)  # the service reads BROKER_URL
    variables = template.defaults()
    values = {key: value for key, value in known.items() if key in variables}
    if "broker" in values and values["broker"] not in variables["broker"]:
        values.pop("broker")
        if request.broker:
            raise ConfigError(
                f"template {template.name} has no broker {request.broker!r}",
                hint=f"choose one of: {', '.join(variables['broker'])}",
            )
    if request.api is not None:
        choices = variables.get("api")
        wanted = ",".join(part.strip() for part in request.api.split(","))
        if not isinstance(choices, list) or wanted not in choices:
            raise ConfigError(
                f"template {template.name} has no api {request.api!r}",
                hint=f"choose one of: {', '.join(choices)}" if isinstance(choices, list) else None,
            )
        values["api"] = wanted
    values.update(request.values)
    return values
