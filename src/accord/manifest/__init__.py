"""The accord.yaml model: find it, load it, validate it against its published JSON Schema.

The schema lives in `accord/schemas/manifest.schema.json`; every schema error names the
line in accord.yaml. The CLI looks the workspace up once, with `find_workspace()`, which
walks up from the current directory (or starts at `--workspace DIR`), and hands the core a
`Workspace | None`.
"""

from accord.manifest.loading import find_workspace, load_manifest, load_workspace, manifest_schema
from accord.manifest.model import Broker, FaultSpec, Gateway, Grpc, Manifest, Pacts, Service, Workspace
from accord.manifest.template import init_manifest

__all__ = [
    "Broker",
    "FaultSpec",
    "Gateway",
    "Grpc",
    "Manifest",
    "Pacts",
    "Service",
    "Workspace",
    "find_workspace",
    "init_manifest",
    "load_manifest",
    "load_workspace",
    "manifest_schema",
]
