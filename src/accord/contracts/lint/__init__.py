"""Style rules for OpenAPI and AsyncAPI contracts and `.proto` files, configurable in accord.yaml.

Each rule is one function in a `rules_*.py` module, registered in `LINT_RULES`.
"""

from __future__ import annotations

from accord.contracts.lint.base import LINT_RULES, Hit, LintContext
from accord.contracts.lint.config import LintConfig, PathIgnore, lint_config
from accord.contracts.lint.engine import (
    IGNORE_KEY,
    lint_contract,
    lint_paths,
    lint_workspace_or_paths,
)
from accord.contracts.lint.proto_base import PROTO_LINT_RULES

LINT_RULES.load()
PROTO_LINT_RULES.load()

__all__ = [
    "IGNORE_KEY",
    "LINT_RULES",
    "PROTO_LINT_RULES",
    "Hit",
    "LintConfig",
    "LintContext",
    "PathIgnore",
    "lint_config",
    "lint_contract",
    "lint_paths",
    "lint_workspace_or_paths",
]
