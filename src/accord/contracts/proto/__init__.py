"""gRPC contracts: `.proto` files compiled in process (grpcio-tools) into descriptors that
validate, lint, diff, the gRPC mocks and conformance read."""

from accord.contracts.proto.loader import (
    ProtoBuild,
    ProtoCompileError,
    build_protos,
    compile_protos,
    default_root,
    well_known_root,
)
from accord.contracts.proto.sources import (
    ProtoSources,
    proto_files_in,
    proto_groups,
    service_proto_sources,
    workspace_proto_sources,
)

__all__ = [
    "ProtoBuild",
    "ProtoCompileError",
    "ProtoSources",
    "build_protos",
    "compile_protos",
    "default_root",
    "proto_files_in",
    "proto_groups",
    "service_proto_sources",
    "well_known_root",
    "workspace_proto_sources",
]
