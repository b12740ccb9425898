"""The one reading of an OpenAPI document that validate, lint, diff, the mocks and pact check share.

- `METHODS`: the operations a path item can hold.
- `read_operations`: every operation in one shape for 2.0, 3.0 and 3.1, with path-level and
  operation-level parameters merged, bodies and responses by media type.
- `SchemaCompiler` turns a schema of any OpenAPI version into self-contained JSON Schema
  2020-12 for one direction (request, response, or none for examples): `nullable` and
  `x-nullable` (an enum still has to list null), 3.0's boolean exclusive bounds, readOnly and
  writeOnly, the integer formats' ranges.
"""

from __future__ import annotations

from accord.contracts.openapi.json_schema import SchemaCompiler
from accord.contracts.openapi.operations import (
    METHODS,
    Header,
    Media,
    Operation,
    Parameter,
    RequestBody,
    Response,
    read_operations,
)

__all__ = [
    "METHODS",
    "Header",
    "Media",
    "Operation",
    "Parameter",
    "RequestBody",
    "Response",
    "SchemaCompiler",
    "read_operations",
]
