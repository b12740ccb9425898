"""`accord report merge`: the json reports of several runs (the N jobs of `accord ci --shard I/N`)
as one report, so a pipeline ends with one verdict, one SARIF upload, one PR comment."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from accord.errors import ConfigError, InputError
from accord.report import Finding, Report, Severity

__all__ = ["merge_reports"]

HINT = "merge the files written by `accord ci --format json --output FILE` (or another check's json)"


@dataclass(frozen=True)
class _Loaded:
    path: Path
    tool: str
    findings: list[Finding]
    checked: list[str]
    selection: dict[str, Any] | None


def merge_reports(paths: Sequence[Path]) -> Report:
    """One report with every finding (identical ones once) and every file checked; a shard of
    the same `--shard I/N` series with no report among `paths` is an error finding."""
    if not paths:
        raise ConfigError("no reports to merge", hint="accord report merge a.json b.json ...")
    loaded = [_load(path) for path in paths]
    first = loaded[0]
    for other in loaded[1:]:
        if other.tool != first.tool:
            raise InputError(
                f"a {other.tool!r} report cannot be merged with the {first.tool!r} report {first.path}",
                file=other.path,
                hint="merge reports of the same command",
            )
    merged = Report(first.tool)
    for item in loaded:
        merged.checked += [name for name in item.checked if name not in merged.checked]
        merged.extend(f for f in item.findings if f not in merged.findings)
    merged.meta["checked"] = merged.checked  # so that a merged report merges again
    selections = [(item.path, item.selection) for item in loaded if item.selection is not None]
    if selections:
        selection = _merge_selections(selections, merged)
        merged.meta["selection"] = selection
        count = len(selection["services"])
        merged.notes.append(
            f"merged {len(loaded)} report(s): {count} of {selection['of']} service(s) selected"
        )
    return merged


def _merge_selections(selections: list[tuple[Path, dict[str, Any]]], merged: Report) -> dict[str, Any]:
    first_path, first = selections[0]
    services: dict[str, list[str]] = {}
    shards: dict[str, Path] = {}
    for path, selection in selections:
        if selection.get("changed_since") != first.get("changed_since"):
            raise InputError(
                f"selected changes since {selection.get('changed_since')!r}, but {first_path} since "
                f"{first.get('changed_since')!r}",
                file=path,
                hint="merge the jobs of one pipeline run",
            )
        shard = selection.get("shard")
        if shard is not None:
            if shard in shards:
                raise InputError(f"shard {shard} is also the shard of {shards[shard]}", file=path, hint=HINT)
            shards[shard] = path
        for name, reasons in selection["services"].items():
            services.setdefault(name, list(reasons))
    merged.extend(_missing_shards(shards))
    return {
        "changed_since": first.get("changed_since"),
        "shard": None,
        "shards": sorted(shards, key=lambda s: int(s.split("/")[0])),
        "of": first["of"],
        "services": services,
    }


def _missing_shards(shards: dict[str, Path]) -> list[Finding]:
    totals = {int(s.split("/")[1]) for s in shards}
    if len(totals) > 1:
        named = ", ".join(f"{s} ({p})" for s, p in shards.items())
        raise InputError(f"the reports come from splits into different numbers of jobs: {named}", hint=HINT)
    if not totals:
        return []
    total = totals.pop()
    present = {int(s.split("/")[0]) for s in shards}
    return [
        Finding(
            "merge.missing-shard",
            Severity.error,
            f"no report of shard {index}/{total} was merged: its services were not checked",
        )
        for index in range(1, total + 1)
        if index not in present
    ]


def _load(path: Path) -> _Loaded:
    try:
        data = json.loads(path.read_text("utf-8"))
    except OSError as exc:
        raise InputError(f"cannot read the report: {exc.strerror or exc}", file=path, hint=HINT) from None
    except UnicodeDecodeError:
        raise InputError("not a json report: the file is not UTF-8 text", file=path, hint=HINT) from None
    except json.JSONDecodeError as exc:
        raise InputError(
            f"not a json report: {exc.msg}", file=path, line=exc.lineno, column=exc.colno, hint=HINT
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("findings"), list):
        raise InputError("not an accord json report: no `findings` list", file=path, hint=HINT)
    summary = data.get("summary")
    if not isinstance(summary, dict) or not isinstance(summary.get("tool"), str):
        raise InputError("not an accord json report: no `summary.tool`", file=path, hint=HINT)
    checked = summary.get("checked", [])
    if not isinstance(checked, list) or not all(isinstance(c, str) for c in checked):
        raise InputError("`summary.checked` must be a list of file names", file=path, hint=HINT)
    findings = [_finding(path, index, item) for index, item in enumerate(data["findings"])]
    return _Loaded(path, summary["tool"], findings, checked, _selection(path, summary.get("selection")))


def _finding(path: Path, index: int, item: Any) -> Finding:
    where = f"findings[{index}]"
    if not isinstance(item, dict):
        raise InputError(f"{where} is not an object", file=path, hint=HINT)
    for key in ("rule", "message"):
        if not isinstance(item.get(key), str):
            raise InputError(f"{where}.{key} must be a string", file=path, hint=HINT)
    try:
        severity = Severity(str(item.get("severity")))
    except ValueError:
        known = ", ".join(s.value for s in Severity)
        raise InputError(
            f"{where}.severity {item.get('severity')!r} is not one of {known}", file=path, hint=HINT
        ) from None
    optional = {"file": str, "line": int, "column": int, "pointer": str}
    for key, kind in optional.items():
        value = item.get(key)
        if value is not None and (not isinstance(value, kind) or isinstance(value, bool)):
            raise InputError(f"{where}.{key} must be a {kind.__name__} or null", file=path, hint=HINT)
    return Finding(item["rule"], severity, item["message"], *(item.get(k) for k in optional))


def _selection(path: Path, selection: Any) -> dict[str, Any] | None:
    if selection is None:
        return None
    shard = selection.get("shard") if isinstance(selection, dict) else None
    ok = (
        isinstance(selection, dict)
        and isinstance(selection.get("services"), dict)
        and isinstance(selection.get("of"), int)
        and (shard is None or (isinstance(shard, str) and _is_shard(shard)))
    )
    if not ok:
        raise InputError("`summary.selection` is not a selection of `accord ci`", file=path, hint=HINT)
    return selection  # type: ignore[no-any-return]


def _is_shard(text: str) -> bool:
    index, _, total = text.partition("/")
    return index.isdigit() and total.isdigit() and 1 <= int(index) <= int(total)
