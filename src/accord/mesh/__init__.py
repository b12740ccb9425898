"""Service-mesh policies from the manifest: Istio and Linkerd resources for every service and edge."""

from accord.mesh.model import Caller, Identity, MeshService, mesh_services
from accord.mesh.registry import MESH_KINDS, MeshConfig, render_mesh, write_mesh

__all__ = [
    "MESH_KINDS",
    "Caller",
    "Identity",
    "MeshConfig",
    "MeshService",
    "mesh_services",
    "render_mesh",
    "write_mesh",
]
