"""gRPC contracts: `.proto` files compiled in process (grpcio-tools) into descriptors that
validate, lint, diff, the gRPC mocks and conformance read.

`loader` compiles (`build_protos`, `compile_protos`), `sources` finds the files of a folder or
of accord.yaml's services (`proto_groups`, `workspace_proto_sources`), `model` reads the
descriptors by full name. The package itself imports none of them: checking an OpenAPI
contract needs only `model`'s types, not the compiler.
"""
