"""When a deprecated operation may be removed: after its declared sunset.

The sunset is the operation's `x-sunset` date; an operation marked `deprecated` without one
gets the manifest's `diff.deprecation_days` of notice, counted from the old version's date
(the `--base-ref` commit, or the old file's modification time). Both dates are the latest the
deprecation can have been published, so the sunset found is never earlier than the real one.
Without that setting, a deprecation without a date promises nothing and its sunset has passed.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import NamedTuple

from accord.contracts.diff.shapes import Operation

__all__ = ["Notice", "file_date", "retired", "sunset_of"]


class Notice(NamedTuple):
    """`diff.deprecation_days` and the date of the old version it is counted from."""

    days: int | None = None
    since: datetime.date | None = None

    @property
    def counted(self) -> bool:
        return self.days is not None and self.since is not None


def today() -> datetime.date:
    return datetime.datetime.now(datetime.UTC).date()


def file_date(path: Path) -> datetime.date:
    return datetime.datetime.fromtimestamp(path.stat().st_mtime, datetime.UTC).date()


def declared_sunset(op: Operation) -> datetime.date | None:
    value = op.data.get("x-sunset")
    try:
        return datetime.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def sunset_of(op: Operation, notice: Notice) -> datetime.date | None:
    """The declared sunset, else the notice period's end, else None (no promise made)."""
    declared = declared_sunset(op)
    if declared is not None or not notice.counted:
        return declared
    assert notice.since is not None and notice.days is not None
    return notice.since + datetime.timedelta(days=notice.days)


def retired(op: Operation, notice: Notice) -> bool | None:
    """None while the operation is live (not deprecated); True once it is deprecated and its
    sunset has passed (or none was promised); False before its sunset."""
    if not op.data.get("deprecated"):
        return None
    sunset = sunset_of(op, notice)
    return sunset is None or sunset <= today()
