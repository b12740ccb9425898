"""Generate an OpenAPI 3.0 contract of a chosen size, for benchmarks at sizes no public one has.

    python benchmarks/generate_contract.py 20 big.json            # 20 MB of JSON
    python benchmarks/generate_contract.py 5 big.yaml --changed   # the next version of it

Each resource is a pair of paths (a collection and an item, five operations) with its own
component schemas, parameters, examples and descriptions, shaped like a real public API. A
`--changed` version differs in every tenth resource the way releases do: a property's type
changed, a required request property added, an operation removed, a new path: the diff has
findings in proportion to the size, as on a real release.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import yaml

__all__ = ["contract", "write_contract"]

Doc = dict[str, Any]


def _schema(i: int) -> Doc:
    return {
        "type": "object",
        "description": f"Resource number {i}: an entity with the fields a real API would carry.",
        "required": ["id", "name", "status"],
        "properties": {
            "id": {"type": "string", "format": "uuid", "description": "Unique identifier."},
            "name": {"type": "string", "maxLength": 200, "description": "Display name of the entity."},
            "status": {"type": "string", "enum": ["active", "suspended", "deleted"]},
            "created_at": {"type": "string", "format": "date-time"},
            "count": {"type": "integer", "minimum": 0, "maximum": 100000},
            "price": {"type": "number", "minimum": 0},
            "tags": {"type": "array", "items": {"type": "string"}, "maxItems": 20},
            "owner": {"$ref": f"#/components/schemas/Owner{i}"},
            "metadata": {"type": "object", "additionalProperties": {"type": "string"}},
        },
        "example": {"id": "7f1c9a3e-5b2d-4c1e-9f8a-1b2c3d4e5f60", "name": f"item {i}", "status": "active"},
    }


def _owner(i: int) -> Doc:
    return {
        "type": "object",
        "properties": {
            "id": {"type": "string"},
            "email": {"type": "string", "format": "email"},
            "team": {"type": "string", "description": f"Team owning resources of kind {i}."},
        },
    }


def _operations(i: int) -> dict[str, Doc]:
    ref = {"$ref": f"#/components/schemas/Item{i}"}
    ok = {"description": "The resource.", "content": {"application/json": {"schema": ref}}}
    listing = {
        "description": "A page of resources.",
        "content": {"application/json": {"schema": {"type": "array", "items": ref}}},
    }
    body = {"required": True, "content": {"application/json": {"schema": ref}}}
    item_id = {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
    limit = {"name": "limit", "in": "query", "schema": {"type": "integer", "maximum": 100, "default": 20}}
    errors = {"404": {"description": "Not found."}, "default": {"description": "Unexpected error."}}
    return {
        f"/resources{i}": {
            "get": {"operationId": f"list{i}", "parameters": [limit], "responses": {"200": listing}},
            "post": {"operationId": f"create{i}", "requestBody": body, "responses": {"201": ok, **errors}},
        },
        f"/resources{i}/{{id}}": {
            "parameters": [item_id],
            "get": {"operationId": f"get{i}", "responses": {"200": ok, **errors}},
            "put": {"operationId": f"update{i}", "requestBody": body, "responses": {"200": ok, **errors}},
            "delete": {"operationId": f"delete{i}", "responses": {"204": {"description": "Deleted."}}},
        },
    }


def contract(resources: int, changed: bool = False) -> Doc:
    """An OpenAPI 3.0 document of `resources` resources (the next release of it if `changed`)."""
    paths: Doc = {}
    schemas: Doc = {}
    for i in range(resources):
        paths.update(_operations(i))
        schemas[f"Item{i}"], schemas[f"Owner{i}"] = _schema(i), _owner(i)
        if changed and i % 10 == 0:
            schemas[f"Item{i}"]["properties"]["count"]["type"] = "string"
            schemas[f"Item{i}"]["required"].append("created_at")
            del paths[f"/resources{i}/{{id}}"]["delete"]
            paths[f"/resources{i}/search"] = {"get": paths[f"/resources{i}"]["get"]}
    return {
        "openapi": "3.0.3",
        "info": {"title": "Generated", "version": "2.0.0" if changed else "1.0.0"},
        "servers": [{"url": "https://api.example.com/v1"}],
        "paths": paths,
        "components": {"schemas": schemas},
    }


def _dump(doc: Doc, suffix: str) -> str:
    if suffix == ".json":
        return json.dumps(doc, indent=2)
    return yaml.dump(doc, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), sort_keys=False)


def write_contract(path: Path, megabytes: float, changed: bool = False) -> Path:
    """Write a contract of about `megabytes` MB (JSON or YAML by `path`'s suffix)."""
    sample = len(_dump(contract(20), path.suffix)) / 20
    resources = max(1, round(megabytes * 1_000_000 / sample))
    path.write_text(_dump(contract(resources, changed), path.suffix))
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("megabytes", type=float)
    parser.add_argument("output", type=Path)
    parser.add_argument("--changed", action="store_true", help="write the next release instead")
    args = parser.parse_args()
    written = write_contract(args.output, args.megabytes, args.changed)
    print(f"{written}: {written.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
