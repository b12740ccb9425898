"""The fast path of the loader (Rust parser + text line index) agrees with the careful path
(libyaml node tree) on data and on every location, over real contracts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from accord.documents import loader
from accord.documents.loader import _NOT_PARSED, Document, _fast_yaml, _parse_yaml
from accord.documents.yaml_features import needs_careful_path
from accord.errors import InputError
from tests.conftest import CORPUS, EXAMPLE, every_pointer


def _contracts() -> list[Path]:
    files = sorted(EXAMPLE.glob("services/*/*.yaml"))
    files += sorted((CORPUS / "oai").glob("*.yaml"))
    files += sorted((CORPUS / "asyncapi").rglob("*.yml"))
    files += sorted((CORPUS / "oas31-tests").rglob("*.yaml"))
    return files


@pytest.mark.parametrize("path", _contracts(), ids=lambda p: p.name)
def test_fast_and_careful_paths_agree(path: Path) -> None:
    text = path.read_text(encoding="utf-8-sig")
    fast = _fast_yaml(text)
    careful = _parse_yaml(text, path)
    if fast is _NOT_PARSED:
        return  # tags, merge keys or several documents: only the careful path reads it
    assert fast == careful.data
    indexed = Document(path, fast, text)
    for pointer in every_pointer(fast):
        a, b = indexed.locate(pointer), careful.locate(pointer)
        assert (a.line, a.column) == (b.line, b.column), pointer


def test_line_index_points_at_keys_in_a_large_real_contract(corpus: Path) -> None:
    path = corpus / "stripe" / "spec3-2023-09-12.yaml"
    document = loader.load_document(path)
    lines = path.read_text().splitlines()
    location = document.locate("/paths/~1v1~1customers/get/parameters/0")
    assert location.line is not None
    assert lines[location.line - 1].strip().startswith("- ")
    parent = document.locate("/paths/~1v1~1customers")
    assert parent.line is not None
    assert lines[parent.line - 1].strip() == "/v1/customers:"


def test_yaml_12_scalars_read_the_same_on_both_paths(tmp_path: Path) -> None:
    text = "a: yes\nb: on\nc: 017\nd: 1e3\ne: 0o17\nf: 0x1F\ng: ~\nh: 2020-01-01\n"
    careful = _parse_yaml(text, tmp_path / "x.yaml").data
    assert _fast_yaml(text) == careful
    assert careful == {
        "a": "yes",
        "b": "on",
        "c": 17,
        "d": 1000.0,
        "e": 15,
        "f": 31,
        "g": None,
        "h": "2020-01-01",
    }


def test_number_keys_become_strings_on_both_paths(tmp_path: Path) -> None:
    text = "codes:\n  200: ok\n  404: missing\n"
    assert (
        _fast_yaml(text)
        == _parse_yaml(text, tmp_path / "x.yaml").data
        == {"codes": {"200": "ok", "404": "missing"}}
    )


@pytest.mark.parametrize(
    ("text", "careful"),
    [
        ("a: 1\n", False),
        ("base: &b {x: 1}\nderived:\n  <<: *b\n", True),  # a merge key
        ("derived:\n  << : {x: 1}\n", True),
        ("a: '<<'\nb: <x>\nc: a < b << c\n", False),  # "<<" that is no key
        ("a: 1\n...\n", True),  # a document end marker
        ("a: 1\n... \n", True),
        ("a: see ...\nb: 'x\n  ...y'\n", False),  # dots that end no document
        ("---\na: 1\n", False),  # one document, opened
        ("# comment\n%YAML 1.2\n---\na: 1\n", False),
        ("a: 1\n---\nb: 2\n", True),  # content before the marker: a second document
        ("---\na: 1\n---\nb: 2\n", True),
        ("---\n---\n", True),  # two markers, the first on the first line
        ("---\na: 1\n...\n", True),  # a document opened and ended
        ("...\na: 1\n", False),  # dots on the first line end no document
        ("a: '|---|---|'\nb: x---y\n", False),  # dashes inside text
        ("a: !!str 1\n", True),  # a tag
        ("a: Hello!\n", False),
    ],
)
def test_text_the_parsers_read_differently_takes_the_careful_path(text: str, careful: bool) -> None:
    assert needs_careful_path(text) is careful
    assert (_fast_yaml(text) is _NOT_PARSED) is careful


# JSON: duplicate keys are found without reading key by key unless the text has more places
# that look like a key's end than the parsed mappings hold entries.
@pytest.mark.parametrize(
    ("text", "key", "line"),
    [
        ('{"a": 1,\n "a": 2}', "a", 2),
        ('{"a" : 1,\n "b": {"c": 1,\n "c"\n : 2}}', "c", 3),
        # A string holding `":` makes the count of key ends larger; the duplicate is still found.
        ('{"a": "x\\":",\n "b": [{"d": 1,\n "d": 2}]}', "d", 3),
        ('{"a": ":", "e": 1,\n "e": 2}', "e", 2),
    ],
)
def test_a_json_key_written_twice_is_refused_at_its_line(
    tmp_path: Path, text: str, key: str, line: int
) -> None:
    path = tmp_path / "dup.json"
    path.write_text(text)
    with pytest.raises(InputError) as info:
        loader.load_document(path)
    assert info.value.message == f"duplicate key {key!r}"
    assert info.value.line == line


@pytest.mark.parametrize(
    "text",
    [
        '{"a": "x\\": y", "b": ":"}',
        '{"a"\t:\n1, "b": [{"a": 1}, {"a": 2}], "c": {}}',
        "[]",
        '{"k": "\\":\\":"}',
    ],
)
def test_json_with_strings_that_look_like_key_ends_loads(tmp_path: Path, text: str) -> None:
    path = tmp_path / "ok.json"
    path.write_text(text)
    assert loader.parse_document(text, path, require_mapping=False).data == json.loads(text)
