"""Every diff check, loaded in one place: importing a check module registers its checks.

The package imports this module (through the engine), so the registry is full before any
comparison asks it for the checks of a scope.
"""

from __future__ import annotations

from accord.contracts.diff import (  # noqa: F401 - imported for their registrations
    checks_async,
    checks_composition,
    checks_content,
    checks_keywords,
    checks_operations,
    checks_parameters,
    checks_properties,
    checks_proto,
    checks_schemas,
    checks_webhooks,
)
from accord.contracts.diff.registry import CHECKS

__all__ = ["CHECKS"]
