"""The one reading of an OpenAPI document that validate, the mocks and pact check share.

`SchemaCompiler` turns a schema of any OpenAPI version into self-contained JSON Schema
2020-12 for one direction (request, response, or none for examples): `nullable` and
`x-nullable` (an enum still has to list null), 3.0's boolean exclusive bounds, readOnly and
writeOnly, the integer formats' ranges.
"""

from __future__ import annotations

from accord.contracts.openapi.json_schema import SchemaCompiler

__all__ = ["SchemaCompiler"]
