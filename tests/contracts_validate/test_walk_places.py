"""The walk visits each place of a contract once, however many `$ref`s lead to it and from
whichever file: a place is its document and its pointer."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from accord.contracts.model import load_contract
from accord.contracts.walk import walk_contract

ROOT = """\
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: 'parts.yaml#/components/schemas/Thing'}
  /b:
    post:
      requestBody:
        content:
          application/json:
            schema: {$ref: 'parts.yaml#/components/schemas/Thing'}
      responses:
        '204': {description: done}
components:
  schemas:
    Root:
      type: object
      properties:
        name: {type: string}
    Local: {$ref: 'parts.yaml#/components/schemas/Thing'}
    Thing:
      type: string
"""
PARTS = """\
components:
  schemas:
    Thing:
      type: object
      properties:
        back: {$ref: 'root.yaml#/components/schemas/Root'}
        again: {$ref: '#/components/schemas/Other'}
    Other:
      type: object
      properties:
        thing: {$ref: '#/components/schemas/Thing'}
"""


def test_each_place_is_walked_once_across_files(tmp_path: Path) -> None:
    (tmp_path / "root.yaml").write_text(ROOT)
    (tmp_path / "parts.yaml").write_text(PARTS)
    walk = walk_contract(load_contract(tmp_path / "root.yaml"))
    places = Counter((Path(node.document.name).name, node.pointer) for node in walk.nodes)
    assert [place for place, count in places.items() if count > 1] == []
    # reached by the tree and by a $ref from the other file
    assert places[("root.yaml", "/components/schemas/Root")] == 1
    # reached by three $refs of the root and one of its own file's; the root has a Thing too
    thing = "/components/schemas/Thing"
    assert places[("parts.yaml", thing)] == places[("root.yaml", thing)] == 1
    assert places[("parts.yaml", "/components/schemas/Other")] == 1
    assert places[("parts.yaml", thing + "/properties/back")] == 1
    # walked as schemas wherever they were first reached from
    schemas = {(Path(n.document.name).name, n.pointer) for n in walk.nodes if n.is_schema}
    other = "/components/schemas/Other"
    assert {("parts.yaml", thing), ("parts.yaml", other), ("root.yaml", thing)} <= schemas
    assert walk.problems == []
