"""A gRPC contract as the runtime sees it: the services and RPCs of compiled .proto files,
their message classes, built from a FileDescriptorSet (mocks and conformance read it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from accord.errors import ContractError

if TYPE_CHECKING:
    from google.protobuf.descriptor import Descriptor
    from google.protobuf.descriptor_pb2 import FileDescriptorSet
    from google.protobuf.descriptor_pool import DescriptorPool
    from google.protobuf.message import Message

__all__ = ["GrpcContract", "Rpc", "grpc_contract", "load_grpc_contract"]


@dataclass(frozen=True)
class Rpc:
    """One method of a service: `/package.Service/Method` on the wire."""

    service: str
    name: str
    input: Descriptor
    output: Descriptor
    client_streaming: bool
    server_streaming: bool

    @property
    def path(self) -> str:
        return f"/{self.service}/{self.name}"

    @property
    def kind(self) -> str:
        streams = (self.client_streaming, self.server_streaming)
        return {(False, False): "unary", (False, True): "server-streaming"}.get(
            streams, "client-streaming" if streams == (True, False) else "bidi-streaming"
        )


@dataclass(frozen=True)
class GrpcContract:
    """Every service of a set of .proto files, and a message class for each of their messages."""

    pool: DescriptorPool
    services: tuple[str, ...]
    rpcs: tuple[Rpc, ...]
    files: dict[str, Path] = field(default_factory=dict)  # protoc's name of each own file -> its path

    @property
    def sources(self) -> tuple[Path, ...]:
        return tuple(self.files.values())

    def source_of(self, rpc: Rpc) -> Path | None:
        """The .proto file that declares the RPC's service."""
        return self.files.get(self.pool.FindServiceByName(rpc.service).file.name)

    def message_class(self, descriptor: Descriptor) -> type[Message]:
        from google.protobuf import message_factory

        found: type[Message] = message_factory.GetMessageClass(descriptor)
        return found

    def rpc(self, path: str) -> Rpc:
        for rpc in self.rpcs:
            if rpc.path == path:
                return rpc
        raise KeyError(path)


def grpc_contract(files: FileDescriptorSet, own: dict[str, Path] | None = None) -> GrpcContract:
    """The contract of a compiled FileDescriptorSet (its files in dependency order); `own` names
    the files whose services are this contract's (default: every file)."""
    from google.protobuf import descriptor_pool

    pool = descriptor_pool.DescriptorPool()
    for proto in files.file:
        pool.Add(proto)
    services: list[str] = []
    rpcs: list[Rpc] = []
    for proto in files.file:
        if own is not None and proto.name not in own:
            continue  # an imported file: its services are not this contract's
        for service_proto in proto.service:
            prefix = f"{proto.package}." if proto.package else ""
            service = pool.FindServiceByName(prefix + service_proto.name)
            services.append(service.full_name)
            rpcs.extend(
                Rpc(
                    service.full_name,
                    method.name,
                    method.input_type,
                    method.output_type,
                    method.client_streaming,
                    method.server_streaming,
                )
                for method in service.methods
            )
    return GrpcContract(pool, tuple(services), tuple(rpcs), dict(own or {}))


def load_grpc_contract(protos: list[Path], import_roots: list[Path] | None = None) -> GrpcContract:
    """Compile .proto files (in process) into their runtime contract; ContractError if none has an RPC."""
    from accord.contracts.proto.loader import build_protos

    build = build_protos(protos, import_roots or [])
    contract = grpc_contract(build.descriptor_set, {name: build.sources[name] for name in build.names})
    if not contract.rpcs:
        names = ", ".join(str(p) for p in protos)
        raise ContractError(
            f"{names}: no service with an rpc", hint="a gRPC contract declares `service X {{ rpc ... }}`"
        )
    return contract
