"""pytest setup of the example shop: accord's fixtures, and each service's code importable."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
for service in ("orders", "payments", "notifications"):
    path = str(HERE / "services" / service)
    if path not in sys.path:
        sys.path.insert(0, path)


def pytest_configure(config: pytest.Config) -> None:
    # accord's fixtures (accord_pact, accord_mock); an installed accord registers them itself.
    from accord.pytest_plugin import ensure_registered

    ensure_registered(config)
