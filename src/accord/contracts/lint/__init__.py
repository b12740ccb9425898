"""Style rules for OpenAPI and AsyncAPI contracts, configurable in accord.yaml.

Each rule is one function in a `rules_*.py` module, registered in `LINT_RULES`.
"""

from __future__ import annotations

from accord.contracts.lint.base import LINT_RULES, Hit, LintContext
from accord.contracts.lint.config import LintConfig, PathIgnore, lint_config
from accord.contracts.lint.engine import (
    IGNORE_KEY,
    contract_files,
    lint_contract,
    lint_paths,
    lint_workspace_or_paths,
)

LINT_RULES.load()

__all__ = [
    "IGNORE_KEY",
    "LINT_RULES",
    "Hit",
    "LintConfig",
    "LintContext",
    "PathIgnore",
    "contract_files",
    "lint_config",
    "lint_contract",
    "lint_paths",
    "lint_workspace_or_paths",
]
