"""What the Istio and Linkerd renderers share: object metadata, the ServiceAccount, one file per service."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from accord.mesh.model import MeshService
from accord.mesh.registry import MeshContext

__all__ = ["Resource", "files_per_service", "metadata"]

Resource = dict[str, Any]


def metadata(name: str, context: MeshContext) -> dict[str, Any]:
    return {
        "name": name,
        "namespace": context.namespace,
        "labels": {"app.kubernetes.io/part-of": context.system},
    }


def _service_account(service: MeshService, context: MeshContext) -> Resource:
    """The identity the service runs as: the one the authorization policies name."""
    return {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": metadata(service.name, context)}


def files_per_service(
    context: MeshContext, mesh: str, resources_of: Callable[[MeshService, MeshContext], list[Resource]]
) -> dict[str, str]:
    """`SERVICE.yaml` for every service: its ServiceAccount, then the mesh's resources for it."""
    import yaml

    # libyaml's emitter when PyYAML has it: the pure-Python one takes most of the time.
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    files = {}
    for service in context.services:
        resources = [_service_account(service, context), *resources_of(service, context)]
        header = (
            f"# {mesh} policies of {service.name} ({context.system}, namespace {context.namespace}, "
            f"environment {context.environment}); written by `accord mesh render`.\n"
        )
        files[f"{service.name}.yaml"] = header + yaml.dump_all(resources, Dumper=dumper, sort_keys=False)
    return files
