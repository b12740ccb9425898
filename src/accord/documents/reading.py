"""How accord opens the files it is given: regular files only, never more than a size cap, and
(for `$ref`s and manifest paths) never outside the workspace.

A FIFO, a device (`/dev/zero`), a folder or a socket is refused from `stat` alone, before any
`open`: reading one would block forever or never end. `/proc` files look regular but report
no size, so the read itself stops one byte past the cap.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from accord.errors import ConfigError, InputError

MANIFEST_NAME = "accord.yaml"  # the file that marks a workspace (accord.manifest reads it)

__all__ = [
    "MANIFEST_NAME",
    "LoadPolicy",
    "RealPaths",
    "confinement_root",
    "current_policy",
    "find_manifest",
    "is_inside",
    "read_regular_file",
    "real_path",
    "using_policy",
]

DEFAULT_MAX_FILE_MB = 64
MAX_FILE_ENV = "ACCORD_MAX_FILE_MB"
_MIB = 1024 * 1024


def _max_file_bytes_from_env() -> int:
    raw = os.environ.get(MAX_FILE_ENV, "").strip()
    if not raw:
        return DEFAULT_MAX_FILE_MB * _MIB
    try:
        megabytes = float(raw)
    except ValueError:
        raise InputError(
            f"{MAX_FILE_ENV}={raw!r} is not a number of MiB", hint=f"e.g. {MAX_FILE_ENV}=256"
        ) from None
    if megabytes <= 0:
        raise InputError(f"{MAX_FILE_ENV} must be a positive number of MiB, not {raw!r}")
    return int(megabytes * _MIB)


class LoadPolicy(NamedTuple):
    """What a command allows when it follows `$ref`s: network, files outside the workspace."""

    allow_remote: bool = False
    allow_outside: bool = False


_policy = LoadPolicy()


def current_policy() -> LoadPolicy:
    """The policy of the running command (the default one outside any `using_policy`)."""
    return _policy


@contextlib.contextmanager
def using_policy(*, allow_remote: bool = False, allow_outside: bool = False) -> Iterator[LoadPolicy]:
    """Apply the opt-ins of one command (`--allow-remote`, `--allow-outside-refs`) while it runs.

    A module-level value rather than a parameter threaded through every reader: the mock
    server, the pact check and the conformance run load contracts deep inside, in threads.
    """
    global _policy
    before = _policy
    _policy = before._replace(allow_remote=allow_remote, allow_outside=allow_outside)
    try:
        yield _policy
    finally:
        _policy = before


_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a directory"),
)


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def _stat(path: Path) -> os.stat_result:
    try:
        return path.stat()
    except FileNotFoundError:
        raise InputError("no such file", file=path, hint="check the path") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise InputError(
                "a loop of symbolic links: the path never reaches a file", file=path, hint="fix the link"
            ) from None
        raise InputError(f"cannot read the file: {exc.strerror}", file=path) from None


def _refuse_irregular(mode: int, path: Path) -> None:
    if stat.S_ISREG(mode):
        return
    kind = _kind(mode)
    if stat.S_ISDIR(mode):
        raise InputError("this is a directory, not a file", file=path)
    raise InputError(
        f"this is {kind}, not a regular file: accord does not read it",
        file=path,
        hint="give the path of a YAML or JSON file",
    )


def _too_large(size: int, limit: int, path: Path) -> InputError:
    what = f"{size // _MIB} MiB" if size > limit else f"over {limit // _MIB} MiB"
    return InputError(
        f"the file is {what}; accord reads at most {limit // _MIB} MiB",
        file=path,
        hint=f"raise the cap with {MAX_FILE_ENV}=N (MiB) if the file is really this large",
    )


def read_regular_file(path: Path, *, limit: int | None = None) -> bytes:
    """The bytes of a regular file of at most `limit` bytes (default: the configured cap).

    Anything else is an InputError naming the file; a FIFO is never opened.
    """
    cap = limit if limit is not None else _max_file_bytes_from_env()
    info = _stat(path)
    _refuse_irregular(info.st_mode, path)
    if info.st_size > cap:
        raise _too_large(info.st_size, cap, path)
    try:
        # O_NONBLOCK: should the path be swapped for a FIFO after the stat, open still returns.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror}", file=path) from None
    with os.fdopen(fd, "rb") as handle:
        opened = os.fstat(fd)
        _refuse_irregular(opened.st_mode, path)
        # Sized to the file: a read of the whole cap would allocate 64 MiB for every file.
        raw = handle.read(min(opened.st_size, cap) + 1)
        if len(raw) > opened.st_size:  # it grew since (or says 0, as /proc files do): the rest
            raw += handle.read(cap + 1 - len(raw))
    if len(raw) > cap:
        raise _too_large(len(raw), cap, path)
    return raw


def real_path(path: Path) -> Path:
    """`path` with symbolic links resolved; a loop of links is left as it stands (reading it
    then says so), where `Path.resolve` raises RuntimeError on Python 3.11."""
    return Path(os.path.realpath(path))


class RealPaths:
    """`real_path` for many paths that share folders (the files of a multi-file contract): a
    folder's symbolic link is looked up once, not once for every path through it, as
    `os.path.realpath` does (an lstat per component, in Python), and a folder's real path is
    remembered whole. Strings, not `Path`s: it runs for every file-to-file `$ref` (PTH)."""

    def __init__(self) -> None:
        self._known: dict[str, str] = {}  # a real folder + one name -> its real path
        self._folders: dict[str, str] = {}  # a folder as written -> its real path

    def of(self, path: str) -> str:
        """The real path of `path` (absolute, or relative to the current folder)."""
        absolute = path if path.startswith("/") else f"{os.getcwd()}/{path}"  # noqa: PTH109
        folder, _, name = absolute.rpartition("/")
        real_folder = self._folders.get(folder)
        if real_folder is None:
            real_folder = "/"
            for part in folder.split("/"):
                real_folder = self._step(real_folder, part)
            self._folders[folder] = real_folder
        return self._step(real_folder, name)

    def _step(self, current: str, part: str) -> str:
        """From the real folder `current` to its entry `part`, links followed."""
        if not part or part == ".":
            return current
        if part == "..":  # `current` is real: its parent is the real parent
            return current[: current.rfind("/")] or "/"
        candidate = f"{current}{part}" if current == "/" else f"{current}/{part}"
        known = self._known.get(candidate)
        if known is None:
            link = os.path.islink(candidate)  # noqa: PTH114
            known = self._known[candidate] = os.path.realpath(candidate) if link else candidate
        return known


def find_manifest(
    start: Path | None = None, *, explicit: Path | None = None, required: bool = True
) -> Path | None:
    """The accord.yaml in `explicit`, or in `start` (default: cwd) or a parent; None when there
    is none and it is not `required`. `explicit` is the user's own word: it must hold one.

    Apart from loading it (`accord.manifest.find_workspace`): a command given only files looks,
    and most often finds none, which needs none of the manifest's model."""
    if explicit is not None:
        candidate = explicit / MANIFEST_NAME if explicit.is_dir() else explicit
        if not _present(candidate):
            raise ConfigError(
                f"no {MANIFEST_NAME} in {explicit}",
                hint="run `accord init` there, or point --workspace at the folder that holds it",
            )
        return candidate
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / MANIFEST_NAME
        if _present(candidate):
            return candidate
    if not required:
        return None
    raise ConfigError(
        f"no {MANIFEST_NAME} found in {here} or any folder above it",
        hint="run `accord init` to create one, or pass --workspace DIR",
    )


def _present(path: Path) -> bool:
    """Whether something is named accord.yaml there (a folder or a broken link is a broken manifest)."""
    return os.path.lexists(path)


def confinement_root(contract: Path) -> Path:
    """The folder a contract's local `$ref`s must stay in: its workspace (the nearest folder
    above it holding accord.yaml), else the contract's own folder. Symbolic links resolved."""
    folder = contract.absolute().parent
    for candidate in (folder, *folder.parents):
        if (candidate / MANIFEST_NAME).is_file():
            return real_path(candidate)
    return real_path(folder)


def is_inside(path: Path, root: Path) -> bool:
    """Whether `path`, symbolic links resolved, lies in `root` (itself already resolved)."""
    return real_path(path).is_relative_to(root)
