"""Generate the gRPC stubs of proto/ (grpcio-tools, in process): run by the build and by tests.

`python -m {{ cookiecutter.package_name }}.stubs` writes {{ cookiecutter.package_name }}/v1/*_pb2*.py.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROTO = ROOT / "proto"


def generate() -> None:
    from grpc_tools import protoc

    files = sorted(path.relative_to(PROTO).as_posix() for path in PROTO.rglob("*.proto"))
    well_known = resources.files("grpc_tools") / "_proto"
    arguments = [f"-I{PROTO}", f"-I{well_known}", f"--python_out={ROOT}", f"--pyi_out={ROOT}"]
    arguments.append(f"--grpc_python_out={ROOT}")
    if protoc.main(["grpc_tools.protoc", *arguments, *files]) != 0:
        raise RuntimeError(f"protoc could not compile {', '.join(files)}")


if __name__ == "__main__":
    generate()
