"""One severity policy: every check has a default level, and accord.yaml (`diff.levels`) or
`--level CHECK=LEVEL` may set another for any check; an unknown check id is a usage error."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from accord.contracts.diff.model import Change
from accord.errors import ConfigError
from accord.report import Severity

__all__ = ["apply_levels", "levels_from_manifest", "levels_from_options"]

_LEVELS = ", ".join(s.value for s in Severity)


def _known() -> list[str]:
    from accord.contracts.diff.engine import list_checks

    return [check_id for check_id, _, _ in list_checks()]


def _unknown(check_id: str, where: str, file: Path | None = None, line: int | None = None) -> ConfigError:
    from difflib import get_close_matches

    close = get_close_matches(check_id, _known(), n=3, cutoff=0.6)
    hint = f"did you mean {' or '.join(repr(c) for c in close)}? " if close else ""
    return ConfigError(
        f"{where}: unknown diff check {check_id!r}",
        file=file,
        line=line,
        hint=hint + "`accord contracts diff --list-checks` lists the checks",
    )


def _severity(value: object, where: str, file: Path | None = None, line: int | None = None) -> Severity:
    try:
        return Severity(str(value))
    except ValueError:
        raise ConfigError(f"{where}: level {value!r} is not one of {_LEVELS}", file=file, line=line) from None


def levels_from_options(options: Iterable[str]) -> dict[str, Severity]:
    """`--level CHECK=LEVEL`, repeated."""
    levels: dict[str, Severity] = {}
    known = set(_known())
    for option in options:
        check_id, sep, value = option.partition("=")
        check_id = check_id.strip()
        if not sep or not check_id:
            raise ConfigError(
                f"--level {option!r}: expected CHECK=LEVEL",
                hint="e.g. --level request-max-length-set=warning",
            )
        if check_id not in known:
            raise _unknown(check_id, "--level")
        levels[check_id] = _severity(value.strip(), f"--level {check_id}")
    return levels


def levels_from_manifest(settings: Mapping[str, object], manifest: Path) -> dict[str, Severity]:
    """`diff.levels` of accord.yaml: check id -> level, each id checked against the catalogue."""
    raw = settings.get("levels") or {}
    if not isinstance(raw, dict):
        raise ConfigError("diff.levels: expected a mapping of check id -> level", file=manifest)
    from accord.documents.loader import load_document

    document = load_document(manifest, require_mapping=False)
    known = set(_known())
    levels: dict[str, Severity] = {}
    for check_id, value in raw.items():
        line = document.locate(f"/diff/levels/{check_id}").line
        if str(check_id) not in known:
            raise _unknown(str(check_id), "diff.levels", manifest, line)
        levels[str(check_id)] = _severity(value, f"diff.levels.{check_id}", manifest, line)
    return levels


def apply_levels(changes: list[Change], levels: Mapping[str, Severity]) -> list[Change]:
    """The changes with the level set for their check (the default where none is set)."""
    if not levels:
        return changes
    return [c._replace(severity=levels[c.check]) if c.check in levels else c for c in changes]
