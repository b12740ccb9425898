"""Findings and the report that carries them, rendered as human, json, junit, sarif or github.

Every check of accord (validate, lint, diff, pact check, conformance) produces `Finding`s.
The json format is an interface: `{"findings": [...], "summary": {...}}` with the keys of
`Finding.to_dict` — keep it stable.
"""

from __future__ import annotations

import enum
import functools
import json
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, NamedTuple

from accord import __version__

__all__ = [
    "FORMATS",
    "Finding",
    "Format",
    "Report",
    "Severity",
    "display_path",
    "human_pieces",
    "render",
    "severity_at_least",
]


class Severity(enum.StrEnum):
    """How much a finding matters; `error` fails a check."""

    error = "error"
    warning = "warning"
    info = "info"

    @property
    def rank(self) -> int:
        return _RANKS[self]  # asked once per finding by every report: tens of thousands of times


_RANKS = {"error": 3, "warning": 2, "info": 1}


def display_path(path: str | Path) -> str:
    """How a report names a file: relative to the current folder when it lies below it
    (shorter, and what SARIF uploads and CI annotations need); otherwise as given."""
    return _display_path(str(path), str(Path.cwd()))


@functools.lru_cache(maxsize=4096)
def _display_path(path: str, here: str) -> str:
    # Asked once per finding, and resolving a path costs a system call per folder in it:
    # a multi-file contract's thousands of findings name a few hundred files.
    target = Path(path)
    if not target.is_absolute():
        return str(target)
    try:
        return target.resolve().relative_to(here).as_posix()
    except (ValueError, RuntimeError):  # RuntimeError: a loop of symbolic links
        return str(target)


def severity_at_least(severity: Severity, threshold: Severity) -> bool:
    return severity.rank >= threshold.rank


class Format(enum.StrEnum):
    """Output formats of the check commands."""

    human = "human"
    json = "json"
    junit = "junit"
    sarif = "sarif"
    github = "github"
    markdown = "markdown"


class Finding(NamedTuple):
    """One thing a check found, pointing at the place in the user's file."""

    rule: str
    severity: Severity
    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    pointer: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "message": self.message,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "pointer": self.pointer,
        }

    def where(self) -> str:
        parts = [self.file or "-"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file or "", self.line or 0, self.column or 0, self.rule)


class Report:
    """The findings of one command run, and what it looked at.

    `meta` is what the run covered beyond its files (e.g. `accord ci`'s selection of
    services): it joins the json summary and the SARIF run's properties; `notes` are lines
    for people."""

    def __init__(
        self,
        tool: str,
        findings: list[Finding] | None = None,
        checked: list[str] | None = None,
        fail_on: Severity = Severity.error,
        meta: dict[str, Any] | None = None,
        notes: list[str] | None = None,
    ) -> None:
        self.tool = tool
        self.findings = [] if findings is None else findings
        self.checked = [] if checked is None else checked
        self.fail_on = fail_on
        self.meta = {} if meta is None else meta
        self.notes = [] if notes is None else notes

    def __repr__(self) -> str:
        return f"Report({self.tool!r}, {len(self.findings)} finding(s), {len(self.checked)} file(s))"

    def extend(self, findings: Iterable[Finding]) -> None:
        self.findings.extend(findings)

    def sorted_findings(self) -> list[Finding]:
        return sorted(self.findings, key=Finding.sort_key)

    def counts(self) -> dict[str, int]:
        counter = Counter(f.severity.value for f in self.findings)
        return {s.value: counter.get(s.value, 0) for s in Severity}

    @property
    def failed(self) -> bool:
        failing = {s for s in Severity if severity_at_least(s, self.fail_on)}
        return any(f.severity in failing for f in self.findings)

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0

    def summary(self) -> dict[str, Any]:
        return {
            "tool": self.tool,
            "files": len(self.checked),
            **self.counts(),
            "failed": self.failed,
            **self.meta,
        }


# --- renderers ---------------------------------------------------------------------------


def pretty_json(value: Any) -> str:
    """`json.dumps(value, indent=2)`, byte for byte, at the speed of the C encoder: with an
    indent the standard library encodes in Python, a second per 50,000 findings."""
    out: list[str] = []
    _pretty(value, "\n", out)
    return "".join(out)


_SCALARS = (str, int, float, type(None))


@functools.cache
def _flat_encoder(newline: str) -> Callable[[Any], str]:
    """The C encoder (made once), its item separator carrying one level's newline and indent."""
    make = json.encoder.c_make_encoder  # type: ignore[attr-defined]
    if make is None:  # a Python without the C accelerator
        return json.JSONEncoder(separators=("," + newline, ": ")).encode
    encode = make(
        None, None, json.encoder.encode_basestring_ascii, None, ": ", "," + newline, False, False, True
    )
    return lambda value: "".join(encode(value, 0))


def _flat(value: Any) -> bool:
    return (
        isinstance(value, dict)
        and bool(value)
        and all(type(k) is str and isinstance(v, _SCALARS) for k, v in value.items())
    )


_SCALAR_TYPES = frozenset({str, int, float, bool, type(None)})


def _all_flat(items: list[Any]) -> bool:
    """Every item a non-empty mapping of text keys to scalars (set-built: 100,000 findings)."""
    if not all(type(item) is dict and item for item in items):
        return False
    return {type(k) for item in items for k in item} == {str} and {
        type(v) for item in items for v in item.values()
    } <= _SCALAR_TYPES


def _pretty(value: Any, newline: str, out: list[str]) -> None:
    """Containers of scalars (a finding), and lists of them, each in one call of the C encoder;
    the only raw newlines in its output are the separators', so they can be re-indented."""
    inner = newline + "  "
    if isinstance(value, list) and value and _all_flat(value):
        deeper = inner + "  "
        text = _flat_encoder(deeper)(value)[2:-2]
        out.append("[" + inner + "{" + deeper)
        out.append(text.replace("}," + deeper + "{", inner + "}," + inner + "{" + deeper))
        out.append(inner + "}" + newline + "]")
    elif isinstance(value, dict) and value and all(type(k) is str for k in value):
        if _flat(value):
            out.append("{" + inner + _flat_encoder(inner)(value)[1:-1] + newline + "}")
            return
        out.append("{")
        for index, (key, item) in enumerate(value.items()):
            out.append(("," if index else "") + inner + json.dumps(key) + ": ")
            _pretty(item, inner, out)
        out.append(newline + "}")
    elif isinstance(value, list) and value:
        out.append("[")
        for index, item in enumerate(value):
            out.append(("," if index else "") + inner)
            _pretty(item, inner, out)
        out.append(newline + "]")
    else:  # scalars, empty and unusual containers: the standard encoder (its newlines re-indented)
        out.append(json.dumps(value, indent=2).replace("\n", newline))


Renderer = Callable[[Report], str]


def render_json(report: Report) -> str:
    payload = {
        "findings": [f.to_dict() for f in report.sorted_findings()],
        "summary": report.summary(),
    }
    return pretty_json(payload) + "\n"


def render_github(report: Report) -> str:
    """GitHub Actions workflow commands: one annotation per finding."""
    level = {Severity.error: "error", Severity.warning: "warning", Severity.info: "notice"}
    lines = []
    for f in report.sorted_findings():
        file, line, column, message = _annotated_at(f)
        props = []
        if file:
            props.append(f"file={_gh_escape_prop(file)}")
        if line:
            props.append(f"line={line}")
        if column:
            props.append(f"col={column}")
        props.append(f"title={_gh_escape_prop(f.rule)}")
        lines.append(f"::{level[f.severity]} {','.join(props)}::{_gh_escape_data(message)}")
    lines += [f"::notice title=accord {report.tool}::{_gh_escape_data(note)}" for note in report.notes]
    return "\n".join(lines) + ("\n" if lines else "")


def _annotated_at(finding: Finding) -> tuple[str | None, int | None, int | None, str]:
    """Where GitHub (annotations, code scanning) shows a finding. One in an earlier version of a
    file (`REF:path`, from `contracts diff --base-ref`: a removed path, say) goes on the file as
    it is now, without a line, which is the old version's: the message says where it was.
    GitHub places nothing on a file name that is not in the checkout (and in SARIF, `main:` would
    read as a URI scheme)."""
    file = finding.file or ""
    ref, colon, path = file.partition(":")
    earlier = colon and ref and path and not path.startswith(("/", "\\")) and " " not in ref
    if not earlier or Path(file).exists():
        return finding.file, finding.line, finding.column, finding.message
    where = f"in {ref}" + (f", line {finding.line}" if finding.line else "")
    return path, None, None, f"{finding.message} ({where})"


def _gh_escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_escape_prop(text: str) -> str:
    return _gh_escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_junit(report: Report) -> str:
    """JUnit XML: one test case per file checked, failing with its error findings."""
    from xml.sax.saxutils import escape, quoteattr  # imports urllib.request: keep it off start-up

    by_file: dict[str, list[Finding]] = {name: [] for name in report.checked}
    for f in report.sorted_findings():
        by_file.setdefault(f.file or "-", []).append(f)
    failures = sum(
        1 for items in by_file.values() if any(severity_at_least(f.severity, report.fail_on) for f in items)
    )
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<testsuites name={quoteattr("accord " + report.tool)} tests="{len(by_file)}" '
        f'failures="{failures}">',
        f'  <testsuite name={quoteattr(report.tool)} tests="{len(by_file)}" failures="{failures}">',
    ]
    if report.notes:
        out.append("    <properties>")
        out += [f'      <property name="note" value={quoteattr(note)}/>' for note in report.notes]
        out.append("    </properties>")
    for name, items in by_file.items():
        out.append(f"    <testcase classname={quoteattr(report.tool)} name={quoteattr(name)}>")
        failing = [f for f in items if severity_at_least(f.severity, report.fail_on)]
        if failing:
            body = "\n".join(f"{f.where()}: {f.severity.value} [{f.rule}] {f.message}" for f in failing)
            message = f"{len(failing)} finding(s)"
            out.append(f"      <failure message={quoteattr(message)}>{escape(body)}</failure>")
        others = [f for f in items if f not in failing]
        if others:
            body = "\n".join(f"{f.where()}: {f.severity.value} [{f.rule}] {f.message}" for f in others)
            out.append(f"      <system-out>{escape(body)}</system-out>")
        out.append("    </testcase>")
    out += ["  </testsuite>", "</testsuites>", ""]
    return "\n".join(out)


def render_sarif(report: Report) -> str:
    """SARIF 2.1.0, the format GitHub code scanning reads."""
    level = {Severity.error: "error", Severity.warning: "warning", Severity.info: "note"}
    rules = sorted({f.rule for f in report.findings})
    results = []
    for f in report.sorted_findings():
        file, line, column, message = _annotated_at(f)
        result: dict[str, Any] = {
            "ruleId": f.rule,
            "level": level[f.severity],
            "message": {"text": message},
        }
        if file:
            region: dict[str, int] = {}
            if line:
                region["startLine"] = line
            if column:
                region["startColumn"] = column
            location: dict[str, Any] = {"artifactLocation": {"uri": file}}
            if region:
                location["region"] = region
            result["locations"] = [{"physicalLocation": location}]
        if f.pointer:
            result["properties"] = {"pointer": f.pointer}
        results.append(result)
    sarif = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "accord",
                        "version": __version__,
                        "informationUri": "https://pypi.org/project/accord/",
                        "rules": [{"id": r, "name": r} for r in rules],
                    }
                },
                "results": results,
                **({"properties": report.meta} if report.meta else {}),
            }
        ],
    }
    return pretty_json(sarif) + "\n"


def render_markdown(report: Report) -> str:
    """A table fit for a pull-request comment."""
    counts = report.counts()
    out = [
        f"### accord {report.tool}",
        "",
        f"{counts['error']} error(s), {counts['warning']} warning(s), {counts['info']} info "
        f"in {len(report.checked)} file(s)",
        "",
        *(f"{note}\n" for note in report.notes),
    ]
    if report.findings:
        out += ["| severity | rule | where | message |", "|---|---|---|---|"]
        for f in report.sorted_findings():
            message = f.message.replace("|", "\\|").replace("\n", " ")
            out.append(f"| {f.severity.value} | `{f.rule}` | `{f.where()}` | {message} |")
        out.append("")
    return "\n".join(out)


def human_pieces(report: Report) -> list[tuple[str, str]]:
    """The human layout as (text, role) pieces: findings grouped by file, then the summary line.

    Roles (`file`, a severity's name, `rule`, `passed`, `failed`, or '' for plain text) let the
    terminal colour what `render_human` writes plain: both show this one layout.
    """
    pieces: list[tuple[str, str]] = []
    current: str | None = None
    for finding in report.sorted_findings():
        if finding.file != current or not pieces:
            current = finding.file
            pieces.append((f"{current or '-'}\n", "file"))
        severity = finding.severity
        pieces += [(f"  {_place(finding):>9}  ", ""), (_PADDED[severity], severity.value)]
        pieces += [(f"  {finding.message}  ", ""), (f"{finding.rule}\n", "rule")]
    pieces.append((summary_line(report) + "\n", "failed" if report.failed else "passed"))
    return pieces


def render_human(report: Report) -> str:
    """Plain text in the layout of `human_pieces`: each finding's line made in one step (not
    four pieces joined), as a large contract's lint has a hundred thousand."""
    lines: list[str] = []
    current: str | None = None
    for finding in report.sorted_findings():
        if finding.file != current or not lines:
            current = finding.file
            lines.append(f"{current or '-'}\n")
        where = _place(finding)
        lines.append(f"  {where:>9}  {_PADDED[finding.severity]}  {finding.message}  {finding.rule}\n")
    lines.append(summary_line(report) + "\n")
    return "".join(lines)


_PADDED = {severity: f"{severity.value:<7}" for severity in Severity}


def _place(finding: Finding) -> str:
    return f"{finding.line or '-'}:{finding.column or '-'}"


def summary_line(report: Report) -> str:
    counts = report.counts()
    status = "failed" if report.failed else "passed"
    return (
        f"{report.tool}: {status} - {len(report.checked)} file(s), {counts['error']} error(s), "
        f"{counts['warning']} warning(s), {counts['info']} info"
    )


FORMATS: dict[Format, Renderer] = {
    Format.human: render_human,
    Format.json: render_json,
    Format.junit: render_junit,
    Format.sarif: render_sarif,
    Format.github: render_github,
    Format.markdown: render_markdown,
}


def render(report: Report, fmt: Format) -> str:
    """The report as text in the given format."""
    return FORMATS[fmt](report)
