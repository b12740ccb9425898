"""accord: contracts, mocks, pacts and scaffolding for microservice systems, from one manifest."""

from __future__ import annotations

from accord.errors import AccordError, ConfigError, ContractError, InputError, ToolError

__version__ = "0.1.0"

__all__ = [
    "AccordError",
    "ConfigError",
    "ContractError",
    "InputError",
    "ToolError",
    "__version__",
]
