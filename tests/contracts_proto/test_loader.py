"""`.proto` files compile in process into descriptors; protoc's errors become findings with
their file, line and column, and nothing reaches the terminal."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from accord.contracts.proto.loader import ProtoCompileError, build_protos, compile_protos
from accord.contracts.proto.sources import service_proto_sources
from accord.errors import ConfigError, ContractError
from accord.manifest import Grpc, load_workspace
from accord.report import Severity
from tests.conftest import FIXTURES

LOADER = FIXTURES / "proto" / "loader"
GOOD = LOADER / "good"
BROKEN = LOADER / "broken"


def test_a_proto_with_imports_and_well_known_types_compiles_with_source_info() -> None:
    orders = GOOD / "acme/orders/v1/orders.proto"
    descriptors = compile_protos([orders], [GOOD])
    names = [file.name for file in descriptors.file]
    assert names[-1] == "acme/orders/v1/orders.proto"
    assert {"acme/common/v1/money.proto", "google/protobuf/timestamp.proto"} <= set(names)
    compiled = descriptors.file[-1]
    assert compiled.service[0].method[0].input_type == ".acme.orders.v1.GetOrderRequest"
    comments = [loc.leading_comments for loc in compiled.source_code_info.location]
    assert " Places and reads orders.\n" in comments


def test_a_build_knows_where_every_file_came_from() -> None:
    build = build_protos([GOOD / "acme/orders/v1/orders.proto"], [GOOD])
    assert build.names == ("acme/orders/v1/orders.proto",)
    assert build.sources["acme/common/v1/money.proto"] == GOOD / "acme/common/v1/money.proto"
    assert build.source_of("google/protobuf/timestamp.proto").endswith("google/protobuf/timestamp.proto")
    assert build.warnings == ()


@pytest.mark.parametrize(
    ("name", "rule", "line", "column", "text"),
    [
        ("syntax.proto", "proto.syntax", 7, 1, 'Expected ";"'),
        ("imports.proto", "proto.import-not-found", 5, 1, 'Import "acme/nowhere/v1/missing.proto"'),
        ("types.proto", "proto.unknown-type", 6, 3, '"Nowhere" is not defined'),
    ],
)
def test_protoc_errors_become_findings_with_file_line_and_column(
    name: str, rule: str, line: int, column: int, text: str, capfd: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(ProtoCompileError) as caught:
        compile_protos([BROKEN / name])
    first = caught.value.findings[0]
    assert (first.rule, first.line, first.column, first.file) == (rule, line, column, str(BROKEN / name))
    assert text in first.message
    assert caught.value.line == line and caught.value.file == str(BROKEN / name)
    assert capfd.readouterr().err == "", "protoc's messages are findings, never printed"


def test_every_error_of_a_file_is_a_finding() -> None:
    with pytest.raises(ProtoCompileError) as caught:
        compile_protos([BROKEN / "types.proto"])
    assert [(f.line, f.rule) for f in caught.value.findings] == [
        (6, "proto.unknown-type"),
        (7, "proto.unknown-type"),
    ]
    assert "(and 1 more error)" in caught.value.message


def test_protoc_warnings_are_kept_beside_the_descriptors() -> None:
    build = build_protos([BROKEN / "unused.proto"])
    [warning] = build.warnings
    assert warning.severity is Severity.warning
    assert (warning.rule, warning.line) == ("proto.unused-import", 5)


def test_a_missing_file_or_one_outside_the_roots_is_refused_by_name(tmp_path: Path) -> None:
    with pytest.raises(ContractError, match=r"no such \.proto file"):
        compile_protos([tmp_path / "absent.proto"])
    with pytest.raises(ContractError, match="not inside any import root"):
        compile_protos([GOOD / "acme/orders/v1/orders.proto"], [BROKEN])
    with pytest.raises(ContractError, match=r"no \.proto files"):
        compile_protos([])


def test_a_service_names_its_protos_by_folder_or_by_files_and_roots(tmp_path: Path) -> None:
    shutil.copytree(GOOD, tmp_path / "proto")
    (tmp_path / "accord.yaml").write_text(
        "version: 1\nsystem: shop\nservices:\n"
        "  orders:\n    grpc: proto\n"
        "  billing:\n    grpc:\n      protos: [proto/acme/orders/v1/orders.proto]\n"
        "      import_roots: [proto]\n"
    )
    workspace = load_workspace(tmp_path / "accord.yaml")
    assert workspace.manifest.services["orders"].grpc == Grpc(("proto",))
    folder = service_proto_sources(workspace, workspace.service("orders"))
    assert folder is not None
    assert [p.name for p in folder.files] == ["money.proto", "orders.proto"]
    assert folder.import_roots == (workspace.resolve("proto"),)
    files = service_proto_sources(workspace, workspace.service("billing"))
    assert files is not None
    assert compile_protos(files.files, files.import_roots).file[-1].package == "acme.orders.v1"


def test_a_service_naming_a_missing_proto_is_refused(tmp_path: Path) -> None:
    (tmp_path / "accord.yaml").write_text("version: 1\nsystem: shop\nservices:\n  orders:\n    grpc: proto\n")
    workspace = load_workspace(tmp_path / "accord.yaml")
    with pytest.raises(ConfigError, match=r"services\.orders\.grpc names 'proto', which does not exist"):
        service_proto_sources(workspace, workspace.service("orders"))


def test_grpc_paths_outside_the_workspace_are_refused(tmp_path: Path) -> None:
    (tmp_path / "accord.yaml").write_text(
        "version: 1\nsystem: shop\nservices:\n  orders:\n    grpc:\n"
        "      protos: [proto]\n      import_roots: [../elsewhere]\n"
    )
    with pytest.raises(ConfigError, match="leads outside the workspace") as caught:
        load_workspace(tmp_path / "accord.yaml")
    assert caught.value.line == 7
