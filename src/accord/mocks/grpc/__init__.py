"""gRPC mocks: a real grpcio server answering every RPC of .proto contracts."""

from accord.mocks.grpc.messages import Examples, generated_message, load_examples
from accord.mocks.grpc.server import STATUS_HEADER, GrpcMock, GrpcMockServer, examples_beside, grpc_mock

__all__ = [
    "STATUS_HEADER",
    "Examples",
    "GrpcMock",
    "GrpcMockServer",
    "examples_beside",
    "generated_message",
    "grpc_mock",
    "load_examples",
]
