"""A system for the mesh tests, built from an empty folder with accord itself.

orders (routed) calls payments (routed; a plain name, so the system's `resilience:` defaults)
and stock (internal; timeout, retries and a circuit breaker declared); audit (internal) is
called by nobody.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from accord.manifest import Workspace, find_workspace, init_manifest
from accord.scaffold import ScaffoldRequest, scaffold_service

# Who may call whom, as the manifest below declares it ("gateway": the routed services).
DECLARED_CALLERS = {
    "orders": {"gateway"},
    "payments": {"orders", "gateway"},
    "stock": {"orders"},
    "audit": set(),
}

ORDERS_POLICY = """\
    timeout: 3s
    depends_on:
      - payments
      - service: stock
        timeout: 800ms
        retries: 2
        retry_on: [503, reset]
        circuit_breaker: {consecutive_errors: 5, eject: 30s, max_connections: 50}
"""


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1))


@pytest.fixture(scope="session")
def mesh_system(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder of the system (scaffolded once per session: the tests only read it)."""
    folder = tmp_path_factory.mktemp("mesh") / "shop"
    init_manifest(folder, "shop")
    for name in DECLARED_CALLERS:
        scaffold_service(find_workspace(explicit=folder), ScaffoldRequest(name, gateway="none"))
    manifest = folder / "accord.yaml"
    _edit(manifest, "\nservices:\n", "\nresilience: {timeout: 2s, retries: 1, retry_on: [5xx]}\nservices:\n")
    _edit(manifest, "    publishes: [orders.created]\n", "    publishes: [orders.created]\n" + ORDERS_POLICY)
    for internal in ("stock", "audit"):
        _edit(manifest, f"    route: /{internal}\n", "")
    return folder


@pytest.fixture
def mesh_workspace(mesh_system: Path) -> Workspace:
    return find_workspace(explicit=mesh_system)
