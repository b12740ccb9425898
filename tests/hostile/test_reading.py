"""The core of safe reading, called directly: what is refused, and where `$ref`s may lead."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from accord.documents.reading import confinement_root, read_regular_file, real_path
from accord.errors import InputError


def test_a_fifo_is_refused_before_it_is_opened(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)  # with no writer, opening it for reading would block forever

    with pytest.raises(InputError, match=r"named pipe \(FIFO\)"):
        read_regular_file(fifo)


def test_a_proc_file_reporting_size_zero_is_still_capped() -> None:
    environ = Path("/proc/self/environ")
    assert environ.stat().st_size == 0

    with pytest.raises(InputError, match="accord reads at most"):
        read_regular_file(environ, limit=8)


def test_a_file_at_the_cap_is_read(tmp_path: Path) -> None:
    path = tmp_path / "exact.yaml"
    path.write_bytes(b"x" * 64)

    assert read_regular_file(path, limit=64) == b"x" * 64
    with pytest.raises(InputError, match="accord reads at most"):
        read_regular_file(path, limit=63)


def test_a_loop_of_links_is_named(tmp_path: Path) -> None:
    loop = tmp_path / "loop.yaml"
    loop.symlink_to(loop.name)

    assert real_path(loop).name == "loop.yaml"  # no RuntimeError, unlike Path.resolve on Python 3.11
    with pytest.raises(InputError, match="loop of symbolic links"):
        read_regular_file(loop)


def test_refs_are_confined_to_the_workspace_else_the_contract_folder(tmp_path: Path) -> None:
    (tmp_path / "ws" / "api").mkdir(parents=True)
    (tmp_path / "ws" / "accord.yaml").write_text("version: 1\nsystem: s\nservices: {}\n")
    (tmp_path / "loose").mkdir()

    assert confinement_root(tmp_path / "ws" / "api" / "openapi.yaml") == real_path(tmp_path / "ws")
    assert confinement_root(tmp_path / "loose" / "openapi.yaml") == real_path(tmp_path / "loose")
