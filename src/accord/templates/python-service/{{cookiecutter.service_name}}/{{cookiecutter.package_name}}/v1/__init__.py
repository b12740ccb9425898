"""Stubs generated from proto/ at build time; a checkout that was not built generates them here."""

from pathlib import Path

if not (Path(__file__).resolve().parent / "items_pb2_grpc.py").is_file():
    from {{ cookiecutter.package_name }}.stubs import generate

    generate()
