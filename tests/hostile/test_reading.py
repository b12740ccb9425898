"""The core of safe reading, called directly: what is refused, and where `$ref`s may lead."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from accord.documents.reading import RealPaths, confinement_root, read_regular_file, real_path
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


def test_a_proc_file_reporting_size_zero_is_read_whole() -> None:
    """Files are read in a size taken from their stat: one that says 0 is still read to its end."""
    cpuinfo = Path("/proc/cpuinfo")
    assert cpuinfo.stat().st_size == 0

    assert read_regular_file(cpuinfo) == cpuinfo.read_bytes()
    assert len(read_regular_file(cpuinfo)) > 1


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


def test_real_paths_agree_with_realpath_through_links_and_dot_dots(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """RealPaths looks each folder up once; it must still see every link as realpath does."""
    (tmp_path / "real" / "deep").mkdir(parents=True)
    (tmp_path / "real" / "deep" / "a.yaml").write_text("a: 1\n")
    (tmp_path / "other").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real" / "deep")  # absolute link to a folder
    (tmp_path / "real" / "up").symlink_to("deep/..")  # relative link through a dot-dot
    (tmp_path / "other" / "file.yaml").symlink_to("../real/deep/a.yaml")  # relative link to a file
    monkeypatch.chdir(tmp_path / "other")
    paths = [
        f"{tmp_path}/link/a.yaml",
        f"{tmp_path}/link/../other",  # ".." after a link: the link's real parent, not tmp_path
        f"{tmp_path}/real/up/deep/a.yaml",
        f"{tmp_path}/other/file.yaml",
        f"{tmp_path}/./real//deep/missing.yaml",
        "file.yaml",
        "../link/a.yaml",
        "/",
    ]
    real = RealPaths()
    for path in paths * 2:  # the second round answers from what the first looked up
        assert real.of(path) == os.path.realpath(path), path
