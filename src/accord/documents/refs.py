"""Follow `$ref`s across a set of documents: local pointers, relative files, opt-in remote.

A local file must lie (symbolic links resolved) in the contract's workspace, or in the
contract's own folder when there is none; one outside is never opened (`RefOutsideRoot`)
unless the command was told `--allow-outside-refs`.

Recursive schemas are never expanded: a `$ref` is resolved one hop at a time, so a cycle
through real content is fine. A chain of `$ref`s that comes back to itself without
reaching content (`A: {$ref: '#/A'}`) is an error.
"""

from __future__ import annotations

import os
import urllib.parse
from pathlib import Path
from typing import Any, NamedTuple

from accord.documents.loader import Document, Location, load_document, parse_document, pointer_tokens
from accord.documents.reading import RealPaths, confinement_root, current_policy, real_path
from accord.errors import ContractError, InputError

__all__ = ["RefOutsideRoot", "RefResolver", "Resolved", "UnresolvedRef"]

REMOTE_TIMEOUT_SECONDS = 10.0
MAX_REMOTE_BYTES = 16 * 1024 * 1024


class Resolved(NamedTuple):
    """What a `$ref` points at: the value, and the document and pointer it lives at."""

    value: Any
    document: Document
    pointer: str

    def locate(self) -> Location:
        return self.document.locate(self.pointer)


class UnresolvedRef(ContractError):
    """A `$ref` that points nowhere; validators turn it into a finding."""


class RefOutsideRoot(UnresolvedRef):
    """A local `$ref` to a file outside the workspace: refused without opening the file."""


class RefResolver:
    """Loads and caches the documents a root document refers to.

    `allow_remote` and `allow_outside` default to the running command's policy (`reading`);
    `confine_to` defaults to the workspace that holds the root document.
    """

    def __init__(
        self,
        root: Document,
        *,
        allow_remote: bool | None = None,
        allow_outside: bool | None = None,
        confine_to: Path | None = None,
    ) -> None:
        policy = current_policy()
        self.root = root
        self.allow_remote = policy.allow_remote if allow_remote is None else allow_remote
        self.allow_outside = policy.allow_outside if allow_outside is None else allow_outside
        self.confine_to = real_path(confine_to) if confine_to is not None else None
        if self.confine_to is None and "://" not in root.name:
            self.confine_to = confinement_root(root.path)
        # What a path inside `confine_to` starts with ("/ws/", or "/" for the root folder).
        self._confined_prefix = None if self.confine_to is None else str(self.confine_to).rstrip("/") + "/"
        self._real_paths = RealPaths()
        self._documents: dict[str, Document] = {self._key_for_path(root.path): root}
        self._paths: dict[tuple[str, str], str] = {}
        self._resolved: dict[tuple[str, str], Resolved] = {}

    @staticmethod
    def _key_for_path(path: Path) -> str:
        return str(real_path(path))

    @property
    def documents(self) -> list[Document]:
        return list(self._documents.values())

    def document_for(self, ref: str, base: Document) -> tuple[Document, str]:
        """The document a ref names (loading it on first use) and the pointer inside it."""
        target, _, fragment = ref.partition("#")
        pointer = urllib.parse.unquote(fragment)
        if not target:
            return base, pointer
        if target.startswith("file://"):
            target = urllib.parse.urlparse(target).path  # a local file, held to the same rules
        elif "://" in target:
            return self._remote(target, base), pointer
        if "://" in base.name:
            return self._remote(urllib.parse.urljoin(base.name, target), base), pointer
        key = self._local(ref, target, base)
        if key not in self._documents:
            path = Path(key)
            try:
                self._documents[key] = load_document(path, require_mapping=False)
            except InputError as exc:
                if not path.exists():
                    raise UnresolvedRef(f"$ref {ref!r}: the file {target} does not exist") from exc
                raise
        return self._documents[key], pointer

    def _local(self, ref: str, target: str, base: Document) -> str:
        """The real path a relative ref names, resolved and confined once per (file, target):
        a multi-file contract follows the same few refs hundreds of thousands of times."""
        place = (base.name, target)
        known = self._paths.get(place)
        if known is None:
            named = urllib.parse.unquote(target)
            folder = os.path.dirname(base.name)  # noqa: PTH120 - strings: once per file-to-file $ref
            joined = named if named.startswith("/") or not folder else f"{folder}/{named}"
            real = self._real_paths.of(joined)
            self._check_inside(ref, real)
            known = self._paths[place] = real
        return known

    def _check_inside(self, ref: str, path: str) -> None:
        # `path` is real already: resolving it again cost an lstat per component per hop.
        root = self._confined_prefix
        if self.allow_outside or root is None or path == root[:-1] or path.startswith(root):
            return
        raise RefOutsideRoot(
            f"$ref {ref!r} leads outside {self.confine_to} (to {path}); the file is not read",
            hint="keep referenced files inside the workspace, or pass --allow-outside-refs",
        )

    def _remote(self, url: str, base: Document) -> Document:
        if url in self._documents:
            return self._documents[url]
        if not self.allow_remote:
            raise UnresolvedRef(
                f"$ref to the remote document {url} is not fetched",
                hint="pass --allow-remote to fetch remote $refs",
            )
        if urllib.parse.urlparse(url).scheme not in ("http", "https"):
            raise UnresolvedRef(f"$ref to {url}: only http and https documents are fetched")
        from urllib.request import urlopen

        try:
            with urlopen(url, timeout=REMOTE_TIMEOUT_SECONDS) as response:  # noqa: S310
                raw = response.read(MAX_REMOTE_BYTES + 1)
        except OSError as exc:
            raise UnresolvedRef(f"cannot fetch {url}: {exc}") from exc
        if len(raw) > MAX_REMOTE_BYTES:
            raise UnresolvedRef(f"{url} is larger than {MAX_REMOTE_BYTES // (1024 * 1024)} MiB")
        from accord.documents.loader import decode_text

        doc = parse_document(decode_text(raw, Path(url)), Path(url), require_mapping=False)
        self._documents[url] = doc
        return doc

    def resolve(self, ref: str, base: Document) -> Resolved:
        """Follow one `$ref` (and any chain of bare `$ref`s it lands on) to content: once per
        (document, ref), as the walks of validate and lint follow each hundreds of times."""
        place = (base.name, ref)
        resolved = self._resolved.get(place)
        if resolved is None:
            resolved = self._resolved[place] = self._follow(ref, base)
        return resolved

    def _follow(self, ref: str, base: Document) -> Resolved:
        seen: list[tuple[str, str]] = []
        document, pointer = self.document_for(ref, base)
        while True:
            here = (document.name, pointer)
            if here in seen:
                chain = " -> ".join(f"{name}#{ptr}" for name, ptr in [*seen, here])
                raise ContractError(f"$ref cycle with no content: {chain}")
            seen.append(here)
            value = _walk(document, pointer, ref)
            if isinstance(value, dict) and isinstance(value.get("$ref"), str) and len(value) == 1:
                document, pointer = self.document_for(value["$ref"], document)
                continue
            return Resolved(value, document, pointer)

    def deref(self, value: Any, base: Document) -> tuple[Any, Document]:
        """The value itself, or what its `$ref` points at, with the document it lives in."""
        if isinstance(value, dict) and isinstance(value.get("$ref"), str):
            resolved = self.resolve(value["$ref"], base)
            return resolved.value, resolved.document
        return value, base


def _walk(document: Document, pointer: str, ref: str) -> Any:
    value = document.data
    for token in pointer_tokens(pointer):
        if isinstance(value, dict) and token in value:
            value = value[token]
        elif isinstance(value, list) and token.isdigit() and int(token) < len(value):
            value = value[int(token)]
        else:
            raise UnresolvedRef(f"$ref {ref!r} points at nothing: no {token!r} in {document.name}")
    return value
