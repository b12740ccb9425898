"""Every rendered mesh resource against its published schema: Istio's through the models of
@kubernetes-models/istio (generated from Istio's CRDs) and, since those models let unknown
fields through, also against the CRDs' OpenAPI schemas with unknown fields refused, as
`kubectl apply --validate=strict` refuses them; Linkerd's against its CRDs' schemas the same
way (tests/fixtures/mesh/*, Apache-2.0); core resources through kubernetes-models.
Each check is shown to reject a broken resource."""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from accord.manifest import Workspace
from accord.mesh import render_mesh
from tests.conftest import FIXTURES
from tests.npm_packages import CORE_NPM, MODELS_SCRIPT, Checked, npm_script, run_node

ISTIO_NPM = ("@kubernetes-models/istio@3.0.1", *CORE_NPM)
CRDS = FIXTURES / "mesh"


@pytest.fixture(scope="session")
def istio_validator() -> Path:
    return npm_script(ISTIO_NPM, MODELS_SCRIPT)


@pytest.fixture(scope="session")
def core_validator() -> Path:
    return npm_script(CORE_NPM, MODELS_SCRIPT)


def all_files(workspace: Workspace, kind: str) -> str:
    return "---\n".join(render_mesh(workspace, kind).files.values())


def validate_istio(script: Path, text: str, tmp_path: Path) -> Checked:
    return run_node(script, text, tmp_path, "@kubernetes-models/istio", name="istio.yaml")


@pytest.mark.integration
def test_istio_resources_pass_the_published_schemas(
    mesh_workspace: Workspace, istio_validator: Path, tmp_path: Path
) -> None:
    checked = validate_istio(istio_validator, all_files(mesh_workspace, "istio"), tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    kinds = sorted({line.rsplit(": ", 1)[1].split("/")[0] for line in checked.stdout.splitlines()})
    assert kinds == [
        "AuthorizationPolicy",
        "DestinationRule",
        "PeerAuthentication",
        "ServiceAccount",
        "VirtualService",
    ]
    assert len(checked.stdout.splitlines()) == 4 * 4 + 1  # four resources per service, one breaker


@pytest.mark.integration
@pytest.mark.parametrize(
    ("breakage", "broken", "complaint"),
    [
        (
            "mode: STRICT",
            "mode: STRICTER",
            "PeerAuthentication/orders: /spec/mtls/mode must be equal to one of",
        ),
        ("action: ALLOW", "action: [ALLOW]", "AuthorizationPolicy/orders: /spec/action must be string"),
        (
            "attempts: 2",
            "attempts: two",
            "VirtualService/stock: /spec/http/0/retries/attempts must be integer",
        ),
        (
            "consecutive5xxErrors: 5",
            "consecutive5xxErrors: -5",
            "DestinationRule/stock-from-orders: /spec/trafficPolicy/outlierDetection/consecutive5xxErrors "
            "must be >= 0",
        ),
        ("kind: ServiceAccount", "kind: ServiceAcount", "no v1 ServiceAcount model"),
    ],
)
def test_the_istio_check_rejects_broken_resources_so_it_is_real(
    mesh_workspace: Workspace,
    istio_validator: Path,
    tmp_path: Path,
    breakage: str,
    broken: str,
    complaint: str,
) -> None:
    text = all_files(mesh_workspace, "istio")
    assert breakage in text
    checked = validate_istio(istio_validator, text.replace(breakage, broken, 1), tmp_path)
    assert checked.returncode == 1
    assert complaint in checked.stdout, checked.stdout


@cache
def crd_schemas(mesh: str) -> dict[tuple[str, str], dict[str, Any]]:
    """(apiVersion, kind) -> the CRD's schema, strict, with the fields every resource has."""
    found = {}
    for path in sorted((CRDS / mesh).glob("*.json")):
        crd = json.loads(path.read_text())
        schema = strict(copy.deepcopy(crd["openAPIV3Schema"]))
        schema["properties"] |= {
            "apiVersion": {"const": crd["apiVersion"]},
            "kind": {"const": crd["kind"]},
            "metadata": {
                "type": "object",
                "required": ["name"],
                "properties": {
                    "name": {"type": "string"},
                    "namespace": {"type": "string"},
                    "labels": {"type": "object"},
                },
                "additionalProperties": False,
            },
        }
        schema["required"] = sorted({*schema.get("required", []), "apiVersion", "kind", "metadata"})
        found[(crd["apiVersion"], crd["kind"])] = schema
    return found


def strict(schema: Any) -> Any:
    """Refuse fields a schema does not name (where it does not preserve unknown fields)."""
    if isinstance(schema, dict):
        for value in schema.values():
            strict(value)
        preserved = schema.get("x-kubernetes-preserve-unknown-fields")
        if "properties" in schema and "additionalProperties" not in schema and not preserved:
            schema["additionalProperties"] = False
    elif isinstance(schema, list):
        for value in schema:
            strict(value)
    return schema


def crd_errors(mesh: str, text: str) -> list[str]:
    """`Kind/name: /pointer: message` for every resource that breaks its CRD's schema."""
    errors = []
    for document in yaml.safe_load_all(text):
        key = (document.get("apiVersion"), document.get("kind"))
        if key == ("v1", "ServiceAccount"):
            continue  # a core resource: checked through kubernetes-models
        label = f"{document.get('kind')}/{document.get('metadata', {}).get('name')}"
        schema = crd_schemas(mesh).get(key)
        if schema is None:
            errors.append(f"{label}: no schema for {key}")
            continue
        for error in jsonschema.Draft7Validator(schema).iter_errors(document):
            errors.append(f"{label}: /{'/'.join(map(str, error.absolute_path))}: {error.message}")
    return errors


def test_linkerd_resources_pass_the_crd_schemas(mesh_workspace: Workspace) -> None:
    text = all_files(mesh_workspace, "linkerd")
    assert crd_errors("linkerd", text) == []
    kinds = {document["kind"] for document in yaml.safe_load_all(text)}
    assert kinds == {
        "ServiceAccount",
        "ServiceProfile",
        "Server",
        "AuthorizationPolicy",
        "MeshTLSAuthentication",
    }
    assert {kind for _, kind in crd_schemas("linkerd")} == kinds - {"ServiceAccount"}


@pytest.mark.integration
def test_linkerd_service_accounts_pass_the_core_schema(
    mesh_workspace: Workspace, core_validator: Path, tmp_path: Path
) -> None:
    accounts = [
        d for d in yaml.safe_load_all(all_files(mesh_workspace, "linkerd")) if d["kind"] == "ServiceAccount"
    ]
    checked = run_node(core_validator, yaml.safe_dump_all(accounts), tmp_path, "kubernetes-models")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert len(checked.stdout.splitlines()) == 4
    broken = run_node(
        core_validator,
        yaml.safe_dump_all(accounts).replace("name: audit", "name: [audit]"),
        tmp_path,
        "kubernetes-models",
    )
    assert broken.returncode == 1 and "ServiceAccount" in broken.stdout, broken.stdout


@pytest.mark.parametrize(
    ("mesh", "breakage", "broken", "complaint"),
    [
        (
            "linkerd",
            "isRetryable: true",
            "isRetryable: 'yes'",
            "ServiceProfile/orders.shop.svc.cluster.local: /spec/routes/0/isRetryable: "
            "'yes' is not of type 'boolean'",
        ),
        ("linkerd", "    condition:\n", "    conditions:\n", "'condition' is a required property"),
        (
            "linkerd",
            "  port: http\n",
            "  ports: http\n",
            "Server/orders: /spec: Additional properties are not allowed ('ports' was unexpected)",
        ),
        (
            "linkerd",
            "  - kind: ServiceAccount\n",
            "  - kinds: ServiceAccount\n",
            "MeshTLSAuthentication/orders-callers: /spec/identityRefs/0: 'kind' is a required property",
        ),
        (
            "linkerd",
            "  requiredAuthenticationRefs:\n",
            "  requiredAuthentication:\n",
            "AuthorizationPolicy/orders: /spec: 'requiredAuthenticationRefs' is a required property",
        ),
        (
            "linkerd",
            "apiVersion: policy.linkerd.io/v1beta3",
            "apiVersion: policy.linkerd.io/v9",
            "Server/orders: no schema",
        ),
        (
            "istio",
            "perTryTimeout:",
            "perTryTimout:",
            "VirtualService/payments: /spec/http/0/retries: Additional properties",
        ),
        (
            "istio",
            "baseEjectionTime:",
            "baseEjection:",
            "DestinationRule/stock-from-orders: /spec/trafficPolicy/outlierDetection",
        ),
        (
            "istio",
            "mode: STRICT",
            "mode: STRICTER",
            "PeerAuthentication/orders: /spec/mtls/mode: 'STRICTER' is not one of",
        ),
        (
            "istio",
            "  - from:\n",
            "  - form:\n",
            "AuthorizationPolicy/orders: /spec/rules/0: Additional properties",
        ),
    ],
)
def test_the_crd_checks_reject_broken_resources_so_they_are_real(
    mesh_workspace: Workspace, mesh: str, breakage: str, broken: str, complaint: str
) -> None:
    text = all_files(mesh_workspace, mesh)
    assert breakage in text
    errors = crd_errors(mesh, text.replace(breakage, broken, 1))
    assert any(complaint in error for error in errors), errors


def test_istio_resources_pass_the_crd_schemas_with_unknown_fields_refused(mesh_workspace: Workspace) -> None:
    text = all_files(mesh_workspace, "istio")
    assert crd_errors("istio", text) == []
    kinds = {document["kind"] for document in yaml.safe_load_all(text)}
    assert {kind for _, kind in crd_schemas("istio")} == kinds - {"ServiceAccount"}
