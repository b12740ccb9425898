"""Compile `.proto` files into a FileDescriptorSet in process with grpcio-tools' protoc.

No `protoc` binary and no network: grpcio-tools ships protoc as a Python extension and the
well-known types (google/protobuf/*.proto). protoc's errors become findings with file, line
and column, and a `ProtoCompileError` carrying all of them.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from accord.errors import ContractError, ToolError
from accord.report import Finding, Severity

if TYPE_CHECKING:
    from google.protobuf.descriptor_pb2 import FileDescriptorSet

__all__ = [
    "ProtoBuild",
    "ProtoCompileError",
    "build_protos",
    "compile_protos",
    "default_root",
    "well_known_root",
]

# protoc prints `name:line:column: message` (1-based) or `name: message` when it has no place.
_PLACED = re.compile(r"^(?P<name>[^:\n]+?):(?P<line>\d+):(?P<column>\d+): (?P<message>.+)$")
_UNPLACED = re.compile(r"^(?P<name>[^:\n]+?): (?P<message>.+)$")
_WARNING = re.compile(r"^warning: ", re.IGNORECASE)
# The rule of a protoc message, first match wins: what a user searches for in a report.
_RULES = (
    (re.compile(r"File not found|was not found or had errors|Import .* not found"), "proto.import-not-found"),
    (
        re.compile(r"is not defined|is not a message type|is not a type|seems to be defined in"),
        "proto.unknown-type",
    ),
    (re.compile(r"is already defined|already used by|conflicts with"), "proto.duplicate"),
    (re.compile(r"(?i)unused"), "proto.unused-import"),
)
_LOCK = threading.Lock()  # protoc writes to file descriptor 2: one compilation at a time


class ProtoCompileError(ContractError):
    """protoc refused the files; `findings` holds every error it reported."""

    def __init__(self, findings: Sequence[Finding]) -> None:
        first = findings[0]
        more = len(findings) - 1
        message = first.message + (f" (and {more} more error{'s' if more > 1 else ''})" if more else "")
        super().__init__(
            message,
            file=first.file,
            line=first.line,
            column=first.column,
            hint="fix the .proto file; imports resolve against the import roots "
            "(accord.yaml: services.NAME.grpc.import_roots) and the well-known types",
        )
        self.findings = tuple(findings)


@dataclass(frozen=True)
class ProtoBuild:
    """Compiled `.proto` files: the descriptor set (imports included, with source info), the
    names protoc knows the given files by, where each name was read from, and protoc's warnings."""

    descriptor_set: FileDescriptorSet
    names: tuple[str, ...]
    sources: dict[str, Path]
    warnings: tuple[Finding, ...] = ()

    def source_of(self, name: str) -> str:
        """The file a descriptor came from, as reports name it."""
        path = self.sources.get(name)
        return str(path) if path is not None else name


@cache
def well_known_root() -> Path:
    """The folder of google/protobuf/*.proto that grpcio-tools ships."""
    from importlib import resources

    return Path(str(resources.files("grpc_tools").joinpath("_proto")))


def compile_protos(files: Sequence[Path], import_roots: Sequence[Path] = ()) -> FileDescriptorSet:
    """Compile `files` (imports resolved against `import_roots`, then the well-known types) into
    one FileDescriptorSet holding them and everything they import, with source info."""
    return build_protos(files, import_roots).descriptor_set


def build_protos(files: Sequence[Path], import_roots: Sequence[Path] = ()) -> ProtoBuild:
    """Compile like `compile_protos`, keeping the names, the sources and protoc's warnings.

    Without import roots each file's root is `default_root(file)`. Raises `ProtoCompileError` with a
    finding for every error protoc reports.
    """
    if not files:
        raise ContractError(
            "no .proto files to compile", hint="name .proto files or a folder that holds some"
        )
    roots = [Path(root).resolve() for root in import_roots] or _parents(files)
    names = [_name_in_roots(Path(file), roots) for file in files]
    sources = {name: Path(file) for name, file in zip(names, files, strict=True)}
    with tempfile.TemporaryDirectory(prefix="accord-proto-") as scratch:
        output = Path(scratch) / "set.pb"
        arguments = [
            "protoc",
            *(f"--proto_path={root}" for root in [*roots, well_known_root()]),
            f"--descriptor_set_out={output}",
            "--include_imports",
            "--include_source_info",
            *dict.fromkeys(names),
        ]
        code, messages = _run_protoc(arguments)
        findings = [_finding(line, sources, roots) for line in messages.splitlines() if _reported(line)]
        errors = [f for f in findings if f.severity is Severity.error]
        if code != 0 or errors:
            raise ProtoCompileError(errors or [_unexplained(code, names, sources)])
        data = output.read_bytes()
    from google.protobuf.descriptor_pb2 import FileDescriptorSet

    descriptor_set = FileDescriptorSet.FromString(data)
    known = {file.name for file in descriptor_set.file}
    sources.update({name: path for name in known if name not in sources for path in _found(name, roots)})
    warnings = tuple(f for f in findings if f.severity is not Severity.error)
    return ProtoBuild(descriptor_set, tuple(dict.fromkeys(names)), sources, warnings)


def _parents(files: Sequence[Path]) -> list[Path]:
    return list(dict.fromkeys(default_root(Path(file)) for file in files))


_PACKAGE = re.compile(rb"^\s*package\s+([A-Za-z_][\w.]*)\s*;", re.MULTILINE)


def default_root(file: Path) -> Path:
    """The import root of a file given without one: the folder above its package's folders when
    it lies where the style guides put it (acme/orders/v1/x.proto for package acme.orders.v1),
    else its own folder."""
    folder = file.resolve().parent
    try:
        head = file.read_bytes()[:65536]
    except OSError:
        return folder
    found = _PACKAGE.search(head)
    if found is None:
        return folder
    parts = found.group(1).decode().split(".")
    if len(folder.parts) > len(parts) and list(folder.parts[-len(parts) :]) == parts:
        return folder.parents[len(parts) - 1]
    return folder


def _name_in_roots(file: Path, roots: Sequence[Path]) -> str:
    """The name protoc knows `file` by: its path below the first import root that holds it."""
    resolved = file.resolve()
    if not resolved.is_file():
        raise ContractError(
            "no such .proto file" if not resolved.exists() else "not a regular file",
            file=file,
            hint="name an existing .proto file or a folder that holds some",
        )
    for root in roots:
        try:
            return resolved.relative_to(root).as_posix()
        except ValueError:
            continue
    raise ContractError(
        f"the file is not inside any import root ({', '.join(str(r) for r in roots)})",
        file=file,
        hint="add the folder its imports are relative to as an import root "
        "(--import-root DIR, or services.NAME.grpc.import_roots in accord.yaml)",
    )


def _found(name: str, roots: Sequence[Path]) -> Iterator[Path]:
    """The first file of that name below the roots (the well-known types' own folder last)."""
    for root in [*roots, well_known_root()]:
        candidate = root / name
        if candidate.is_file():
            yield candidate
            return


def _run_protoc(arguments: list[str]) -> tuple[int, str]:
    try:
        from grpc_tools import _protoc_compiler
    except ImportError as exc:
        raise ToolError(
            f"reading .proto files needs grpcio-tools ({exc})",
            hint="install accord's gRPC extra: pip install 'accord[grpc]'",
        ) from None
    with _LOCK, _captured_stderr() as captured:
        code = int(_protoc_compiler.run_main([argument.encode() for argument in arguments]))
    return code, "".join(captured)


@contextmanager
def _captured_stderr() -> Iterator[list[str]]:
    """Send file descriptor 2 to a file while protoc runs: its messages are findings, not noise.
    The list yielded holds the text once the block is left."""
    captured: list[str] = []
    with tempfile.TemporaryFile() as sink:
        sys.stderr.flush()
        saved = os.dup(2)
        try:
            os.dup2(sink.fileno(), 2)
            yield captured
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            sink.seek(0)
            captured.append(sink.read().decode("utf-8", errors="replace"))


def _reported(line: str) -> bool:
    """Every line but protoc's bare `NAME: File not found.`: the import that names it says where."""
    return bool(line.strip()) and not line.endswith(": File not found.")


def _finding(text: str, sources: dict[str, Path], roots: Sequence[Path]) -> Finding:
    match = _PLACED.match(text) or _UNPLACED.match(text)
    name = match.group("name") if match else None
    message = match.group("message") if match else text
    severity = Severity.error
    if _WARNING.match(message):
        message, severity = _WARNING.sub("", message), Severity.warning
    placed = match is not None and "line" in match.groupdict()
    return Finding(
        rule=_rule(message, severity),
        severity=severity,
        message=message.strip(),
        file=_file_of(name, sources, roots),
        line=int(match.group("line")) if placed and match else None,
        column=int(match.group("column")) if placed and match else None,
    )


def _rule(message: str, severity: Severity) -> str:
    for pattern, rule in _RULES:
        if pattern.search(message):
            return rule
    return "proto.syntax" if severity is Severity.error else "proto.warning"


def _file_of(name: str | None, sources: dict[str, Path], roots: Sequence[Path]) -> str | None:
    if name is None:
        return None
    if name in sources:
        return str(sources[name])
    return next((str(path) for path in _found(name, roots)), name)


def _unexplained(code: int, names: Sequence[str], sources: dict[str, Path]) -> Finding:
    return Finding(
        rule="proto.syntax",
        severity=Severity.error,
        message=f"protoc failed (exit code {code}) without saying why",
        file=str(sources[names[0]]),
    )
