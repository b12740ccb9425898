"""The diff of two contract versions: pick the walker for the kind, apply accepted changes,
and turn changes into findings that point at the line in the new (or, for removals, old) file."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from accord.contracts.diff.accepted import Acceptance, apply_accepted
from accord.contracts.diff.model import Change, Hit, Side
from accord.contracts.diff.normalize import Api
from accord.contracts.diff.proto_pair import Category
from accord.contracts.diff.registry import CHECKS, Scope, check
from accord.contracts.diff.sunset import Notice, file_date
from accord.contracts.diff.walk import Differ
from accord.contracts.model import Contract, load_contract
from accord.documents.loader import paused_gc
from accord.errors import InputError
from accord.report import Finding, Report, Severity

__all__ = ["DiffResult", "diff_contracts", "diff_paths", "proto_category"]

Rename = Callable[[str], str]


class DiffResult:
    """The changes found, with what was compared; `report()` gives the findings."""

    def __init__(
        self,
        changes: list[Change] | None = None,
        checked: list[str] | None = None,
        rename: Rename | None = None,
    ) -> None:
        self.changes = [] if changes is None else changes
        self.checked = [] if checked is None else checked
        self.rename = renamer({}) if rename is None else rename

    def __repr__(self) -> str:
        return f"DiffResult({len(self.changes)} change(s), checked={self.checked!r})"

    def extend(self, other: DiffResult) -> None:
        self.changes.extend(other.changes)
        self.checked.extend(other.checked)

    def finding(self, change: Change) -> Finding:
        location = change.document.locate(change.pointer)
        message = change.message
        severity = change.severity
        if change.accepted is not None:
            message, severity = f"accepted ({change.accepted}): {message}", Severity.info
        return Finding(
            change.check,
            severity,
            message,
            self.rename(location.file),
            location.line,
            location.column,
            change.pointer or "/",
        )

    def report(self, fail_on: Severity = Severity.error) -> Report:
        with paused_gc():  # locating findings builds line indexes and node trees: no cycles
            findings = [self.finding(c) for c in self.changes]
        return Report("diff", findings, [self.rename(c) for c in self.checked], fail_on)

    def accept(self, acceptances: Iterable[Acceptance]) -> None:
        self.changes = apply_accepted(self.changes, list(acceptances))


def diff_contracts(old: Contract, new: Contract, notice: Notice | None = None) -> list[Change]:
    """Every change from `old` to `new` (both OpenAPI, or both AsyncAPI); `notice` is the
    deprecation period of operations deprecated without an `x-sunset`."""
    if old.kind.is_openapi != new.kind.is_openapi:
        raise InputError(
            f"cannot compare {old.kind.value} ({old.name}) with {new.kind.value}",
            file=new.path,
            hint="compare two versions of the same contract",
        )
    differ = Differ(Api(old), Api(new), notice)
    # The walk keeps every node and view it makes until the end, and makes no cycles: the
    # cyclic collector would only re-scan them (a fifth of the walk's time on Stripe's).
    with paused_gc():
        if new.kind.is_openapi:
            return differ.diff_openapi()
        from accord.contracts.diff.asyncapi import diff_asyncapi

        diff_asyncapi(differ)
        return differ.changes


def diff_paths(
    old: Path, new: Path, deprecation_days: int | None = None, *, category: str = "source"
) -> DiffResult:
    """Load two contract files (or two folders of `.proto` files) and diff them; a deprecation's
    notice counts from OLD's date; `category` (wire, wire-json, source) says what a `.proto`
    change may not break."""
    from accord.contracts.diff.proto import diff_proto_paths, is_proto_input

    old_proto, new_proto = is_proto_input(old), is_proto_input(new)
    if old_proto != new_proto:
        raise InputError(
            f"cannot compare {old.name} with {new.name}: one is a .proto contract, the other is not",
            file=new,
            hint="compare two versions of the same contract",
        )
    if new_proto:
        return DiffResult(diff_proto_paths(old, new, proto_category(category)), [str(new)])
    since = file_date(old) if deprecation_days is not None and old.is_file() else None
    changes = diff_contracts(load_contract(old), load_contract(new), Notice(deprecation_days, since))
    return DiffResult(changes, [str(new)])


def proto_category(text: str) -> Category:
    """wire, wire-json or source; a usage error names the three."""
    from accord.errors import ConfigError

    try:
        return Category.parse(text)
    except KeyError:
        raise ConfigError(
            f"unknown compatibility category {text!r}",
            hint="--category wire (the encoding), wire-json (also the JSON mapping) or source "
            "(also generated code; the default)",
        ) from None


def contract_change(rule_id: str, contract: Contract) -> Change:
    rule = CHECKS.load().get(rule_id)
    (hit,) = rule.check(contract)
    return Change(rule.id, rule.severity, "", "", hit.detail, hit.document, hit.pointer, hit.side)


@check(Scope.contract, "contract-added", Severity.info, "a new contract is a new API")
def contract_added(contract: Contract) -> Iterable[Hit]:
    return [Hit(f"new contract ({contract.kind.value})", contract.document, "")]


@check(Scope.contract, "contract-removed", Severity.error, "every client of the contract loses its API")
def contract_removed(contract: Contract) -> Iterable[Hit]:
    return [Hit(f"contract removed ({contract.kind.value})", contract.document, "", Side.old)]


def renamer(prefixes: dict[str, str]) -> Rename:
    """File names of a snapshot folder shown as `REF:path`; others relative to the current
    folder when inside it (CI annotations need paths relative to the repository)."""
    here = str(Path.cwd().resolve()) + "/"

    def rename(name: str) -> str:
        for prefix, shown in prefixes.items():
            if name.startswith(prefix):
                return shown + name[len(prefix) :].lstrip("/")
        return name[len(here) :] if name.startswith(here) else name

    return rename


def list_checks() -> list[tuple[str, Severity, str]]:
    return [(rule.id, rule.severity, rule.rationale) for rule in CHECKS.load()]
