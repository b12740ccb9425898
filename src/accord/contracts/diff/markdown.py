"""The diff as a change log for a pull-request comment: breaking, may break, changes, accepted."""

from __future__ import annotations

from collections import defaultdict

from accord.contracts.diff.engine import DiffResult
from accord.contracts.diff.model import Change
from accord.report import Severity

__all__ = ["render_changelog"]

_SECTIONS = (
    ("Breaking changes", Severity.error),
    ("May break", Severity.warning),
    ("Changes", Severity.info),
    ("Accepted breaking changes", None),
)


def _in_section(change: Change, level: Severity | None) -> bool:
    if level is None:
        return change.accepted is not None
    return change.accepted is None and change.severity is level


def render_changelog(result: DiffResult, fail_on: Severity = Severity.error) -> str:
    report = result.report(fail_on)
    verdict = "breaking changes found" if report.failed else "no breaking changes"
    out = [
        "### API changes",
        "",
        f"**{verdict}** - {_count(result, 0)} breaking, {_count(result, 1)} may break, "
        f"{_count(result, 2)} other change(s), {_count(result, 3)} accepted "
        f"in {len(report.checked)} contract(s)",
        "",
    ]
    for number, (title, level) in enumerate(_SECTIONS):
        changes = [c for c in result.changes if _in_section(c, level)]
        if not changes:
            continue
        out += [f"#### {title} ({_count(result, number)})", ""]
        for operation, items in _by_operation(changes).items():
            out.append(f"- **{_md(operation or 'contract')}**")
            for change in items:
                finding = result.finding(change)
                where = f"{_md(change.where)}: " if change.where else ""
                reason = f" - accepted: {_md(change.accepted)}" if change.accepted else ""
                out.append(f"  - {where}{_md(change.detail)} (`{change.check}`, `{finding.where()}`){reason}")
        out.append("")
    return "\n".join(out)


def _count(result: DiffResult, section: int) -> int:
    level = _SECTIONS[section][1]
    return sum(1 for c in result.changes if _in_section(c, level))


def _by_operation(changes: list[Change]) -> dict[str, list[Change]]:
    groups: dict[str, list[Change]] = defaultdict(list)
    for change in changes:
        groups[change.operation].append(change)
    return dict(groups)


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;").replace("\n", " ")
