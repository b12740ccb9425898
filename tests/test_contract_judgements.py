"""Judgements a user sees, each pinned by one test that fails when the judgement changes.

Each test names the behaviour; together they hold the code that judges contracts (the
OpenAPI model, validate's rules, pact check, the mock's request validation, diff, lint) to
what it says, so that dropping a condition in it does not go unnoticed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from accord.contracts.diff import diff_paths
from accord.contracts.lint import lint_paths
from accord.contracts.model import load_contract
from accord.contracts.pact.check import check_pact
from accord.contracts.pact.files import load_pact_file
from accord.contracts.validate import validate_contract
from accord.mocks.http import MockRequest
from accord.mocks.openapi_app import OpenAPIMock

JSON = {"Content-Type": "application/json"}
THING = {
    "type": "object",
    "properties": {"id": {"type": "integer"}, "status": {"type": "string", "enum": ["open", "closed"]}},
}


def _openapi(paths: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"openapi": "3.0.3", "info": {"title": "things", "version": "1"}, "paths": paths, **extra}


def _write(folder: Path, name: str, document: dict[str, Any]) -> Path:
    path = folder / name
    path.write_text(yaml.safe_dump(document, sort_keys=False))
    return path


def _content(schema: dict[str, Any]) -> dict[str, Any]:
    return {"application/json": {"schema": schema}}


def _get_things(responses: dict[str, Any], parameters: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    operation: dict[str, Any] = {"operationId": "listThings", "responses": responses}
    if parameters:
        operation["parameters"] = parameters
    return {"/things": {"get": operation}}


def _pact_findings(
    folder: Path, contract: Path, request: dict[str, Any], response: dict[str, Any]
) -> list[Any]:
    pact = {
        "consumer": {"name": "web"},
        "provider": {"name": "things"},
        "interactions": [{"description": "a look at things", "request": request, "response": response}],
        "metadata": {"pactSpecification": {"version": "3.0.0"}},
    }
    path = folder / "web-things.json"
    path.write_text(json.dumps(pact))
    return check_pact(load_pact_file(path), load_contract(contract))


def _summary(findings: list[Any]) -> list[tuple[str, str]]:
    return [(f.rule, f.message.split(": ", 2)[-1]) for f in findings]


# pact check


def test_pact_check_a_type_matcher_excuses_a_value_outside_the_enum_but_not_its_absence(
    tmp_path: Path,
) -> None:
    contract = _write(
        tmp_path,
        "things.yaml",
        _openapi(_get_things({"200": {"description": "A thing.", "content": _content(THING)}})),
    )
    request = {"method": "GET", "path": "/things"}
    body = {"id": 1, "status": "whatever"}
    loose = {
        "status": 200,
        "headers": JSON,
        "body": body,
        "matchingRules": {"body": {"$.status": {"matchers": [{"match": "type"}]}}},
    }
    assert _pact_findings(tmp_path, contract, request, loose) == []
    exact = {"status": 200, "headers": JSON, "body": body}
    assert _summary(_pact_findings(tmp_path, contract, request, exact)) == [
        ("pact-check.response-body", "response body $.status: 'whatever' is not one of ['open', 'closed']")
    ]
    wrong_type = {**loose, "body": {"id": 1, "status": 7}}
    assert _summary(_pact_findings(tmp_path, contract, request, wrong_type)) == [
        ("pact-check.response-body", "response body $.status: 7 is not of type 'string'")
    ]


def test_pact_check_a_default_response_declares_every_status(tmp_path: Path) -> None:
    responses = {
        "200": {"description": "Things."},
        "default": {"description": "A problem.", "content": _content(THING)},
    }
    contract = _write(tmp_path, "things.yaml", _openapi(_get_things(responses)))
    request = {"method": "GET", "path": "/things"}
    assert (
        _pact_findings(tmp_path, contract, request, {"status": 503, "headers": JSON, "body": {"id": 1}}) == []
    )
    only_ok = _write(tmp_path, "only-ok.yaml", _openapi(_get_things({"200": {"description": "Things."}})))
    assert _summary(_pact_findings(tmp_path, only_ok, request, {"status": 503})) == [
        ("pact-check.status", "status 503 is not declared for GET /things (declared: 200)")
    ]


def test_pact_check_reports_a_missing_required_query_parameter(tmp_path: Path) -> None:
    limit = {"name": "limit", "in": "query", "required": True, "schema": {"type": "integer", "maximum": 50}}
    contract = _write(
        tmp_path, "things.yaml", _openapi(_get_things({"200": {"description": "Things."}}, [limit]))
    )
    response = {"status": 200}
    assert _summary(_pact_findings(tmp_path, contract, {"method": "GET", "path": "/things"}, response)) == [
        ("pact-check.parameter", "the required query parameter 'limit' is missing")
    ]
    given = {"method": "GET", "path": "/things", "query": {"limit": ["10"]}}
    assert _pact_findings(tmp_path, contract, given, response) == []
    too_many = {"method": "GET", "path": "/things", "query": {"limit": ["51"]}}
    assert _summary(_pact_findings(tmp_path, contract, too_many, response)) == [
        ("pact-check.parameter", "query parameter 'limit' = '51': 51 is greater than the maximum of 50")
    ]


# the mock's request validation


def _mock(tmp_path: Path, document: dict[str, Any]) -> OpenAPIMock:
    return OpenAPIMock(load_contract(_write(tmp_path, "things.yaml", document)))


def _get(mock: OpenAPIMock, query: str = "", **headers: str) -> tuple[int, Any]:
    answer = mock.handle(MockRequest("GET", "/things", query, headers, b""))
    return answer.status, answer.rule


def test_mock_refuses_a_request_without_a_required_query_parameter(tmp_path: Path) -> None:
    limit = {"name": "limit", "in": "query", "required": True, "schema": {"type": "integer"}}
    mock = _mock(tmp_path, _openapi(_get_things({"200": {"description": "Things."}}, [limit])))
    assert _get(mock) == (400, "missing-parameter")
    assert _get(mock, "limit=3") == (200, None)
    assert _get(mock, "limit=three") == (400, "invalid-parameter")


def test_mock_takes_only_the_declared_http_scheme(tmp_path: Path) -> None:
    schemes = {"securitySchemes": {"token": {"type": "http", "scheme": "bearer"}}}
    document = _openapi(
        _get_things({"200": {"description": "Things."}}), security=[{"token": []}], components=schemes
    )
    mock = _mock(tmp_path, document)
    assert _get(mock, authorization="Basic dXNlcjpwdw==")[0] == 401
    assert _get(mock)[0] == 401
    assert _get(mock, authorization="Bearer abc") == (200, None)


def test_mock_splits_pipe_delimited_arrays_on_pipes(tmp_path: Path) -> None:
    ids = {
        "name": "ids",
        "in": "query",
        "style": "pipeDelimited",
        "explode": False,
        "schema": {"type": "array", "items": {"type": "string", "enum": ["a", "b"]}},
    }
    mock = _mock(tmp_path, _openapi(_get_things({"200": {"description": "Things."}}, [ids])))
    assert _get(mock, "ids=a|b") == (200, None)
    assert _get(mock, "ids=a,b") == (400, "invalid-parameter")


# diff


def _body_schema_pair(
    tmp_path: Path, old: dict[str, Any], new: dict[str, Any], *, request: bool
) -> list[tuple[str, str]]:
    def document(schema: dict[str, Any]) -> dict[str, Any]:
        if request:
            operation = {
                "requestBody": {"content": _content(schema)},
                "responses": {"204": {"description": "Done."}},
            }
        else:
            operation = {"responses": {"200": {"description": "A thing.", "content": _content(schema)}}}
        return _openapi({"/things": {"post" if request else "get": {"operationId": "thing", **operation}}})

    before = _write(tmp_path, "old.yaml", document(old))
    after = _write(tmp_path, "new.yaml", document(new))
    return [(c.check, c.severity.value) for c in diff_paths(before, after).changes]


def test_diff_a_request_maximum_made_exclusive_is_a_breaking_change(tmp_path: Path) -> None:
    old = {"type": "integer", "maximum": 10}
    new = {"type": "integer", "maximum": 10, "exclusiveMaximum": True}
    assert _body_schema_pair(tmp_path, old, new, request=True) == [("request-maximum-decreased", "error")]
    assert _body_schema_pair(tmp_path, new, old, request=True) == []


def test_diff_a_write_only_property_made_optional_breaks_no_reader(tmp_path: Path) -> None:
    def schema(required: list[str]) -> dict[str, Any]:
        properties = {"id": {"type": "integer"}, "secret": {"type": "string", "writeOnly": True}}
        return {"type": "object", "required": required, "properties": properties}

    assert _body_schema_pair(tmp_path, schema(["id", "secret"]), schema(["id"]), request=False) == []
    assert _body_schema_pair(tmp_path, schema(["id", "secret"]), schema(["secret"]), request=False) == [
        ("response-property-became-optional", "error")
    ]


# validate


def test_validate_a_ref_between_files_to_the_same_pointer_is_no_cycle(tmp_path: Path) -> None:
    thing = {
        "components": {"schemas": {"Thing": {"type": "object", "properties": {"id": {"type": "integer"}}}}}
    }
    _write(tmp_path, "other.yaml", {**_openapi({}), **thing})
    main = _openapi(
        _get_things(
            {"200": {"description": "A thing.", "content": _content({"$ref": "#/components/schemas/Thing"})}}
        ),
        components={"schemas": {"Thing": {"$ref": "other.yaml#/components/schemas/Thing"}}},
    )
    assert validate_contract(_write(tmp_path, "main.yaml", main)) == []
    looped = {**main, "components": {"schemas": {"Thing": {"$ref": "main.yaml#/components/schemas/Thing"}}}}
    assert [f.rule for f in validate_contract(_write(tmp_path, "main.yaml", looped))] == ["ref-cycle"]


# lint


def test_lint_an_empty_tags_list_is_no_tags(tmp_path: Path) -> None:
    def operation_tags(tags: list[str]) -> list[str]:
        document = _openapi(
            {
                "/things": {
                    "get": {
                        "operationId": "listThings",
                        "tags": tags,
                        "responses": {"200": {"description": "Things."}},
                    }
                }
            }
        )
        findings = lint_paths([_write(tmp_path, "things.yaml", document)]).findings
        return [f.message for f in findings if f.rule == "operation-tags"]

    assert operation_tags([]) == ["GET /things has no tags"]
    assert operation_tags(["things"]) == []


def test_validate_required_properties_may_be_defined_by_all_any_and_one_of_parts(tmp_path: Path) -> None:
    part = {"type": "object", "properties": {"b": {"type": "string"}}}
    thing = {
        "type": "object",
        "required": ["a", "b", "c", "d"],
        "properties": {"a": {"type": "string"}},
        "allOf": [{"$ref": "#/components/schemas/Part"}],
        "oneOf": [{"properties": {"c": {"type": "string"}}}],
    }
    content = _content({"$ref": "#/components/schemas/Thing"})
    document = _openapi(
        _get_things({"200": {"description": "A thing.", "content": content}}),
        components={"schemas": {"Thing": thing, "Part": part}},
    )
    findings = validate_contract(_write(tmp_path, "things.yaml", document))
    assert [(f.rule, f.message, f.pointer) for f in findings] == [
        (
            "required-undefined",
            "`d` is required but not defined in `properties`",
            "/components/schemas/Thing/required/3",
        )
    ]
    thing["anyOf"] = [{"$ref": "#/components/schemas/Missing"}]  # parts that cannot be read: no guess
    assert [f.rule for f in validate_contract(_write(tmp_path, "things.yaml", document))] == [
        "unresolved-ref"
    ]


# pact check: how a consumer reads a response's oneOf


def test_pact_check_a_consumer_may_name_fields_of_one_of_several_object_branches(tmp_path: Path) -> None:
    by_id = {"properties": {"id": {"type": "integer"}}}
    by_number = {"properties": {"id": {"type": "number"}, "note": {"type": "string"}}}
    document = _openapi(
        _get_things({"200": {"description": "A thing.", "content": _content({"oneOf": [by_id, by_number]})}})
    )
    contract = _write(tmp_path, "things.yaml", document)
    request = {"method": "GET", "path": "/things"}

    def says(body: Any) -> list[tuple[str, str]]:
        return _summary(
            _pact_findings(tmp_path, contract, request, {"status": 200, "headers": JSON, "body": body})
        )

    assert says({"id": 1}) == []  # fits both branches: either is the provider's answer
    assert says({"id": 1.5, "note": "x"}) == []
    assert [rule for rule, _ in says({"id": "one"})] == ["pact-check.response-body"]
    assert [rule for rule, _ in says({"id": 1, "colour": "red"})] == [
        "pact-check.response-body",  # no branch has it
        "pact-check.undeclared-field",
    ]


def test_consumer_view_keeps_one_of_between_whole_values_and_closes_object_branches() -> None:
    from accord.contracts.pact.schemas import consumer_view

    scalars = {
        "oneOf": [{"type": "integer"}, {"enum": [1, 2]}, {"const": 3}, {"allOf": [{"type": "string"}]}]
    }
    assert consumer_view(scalars) == scalars
    assert consumer_view({"oneOf": [False, {"type": ["string", "null"]}]}) == {
        "oneOf": [False, {"type": ["string", "null"]}]
    }
    objects = {
        "required": ["a"],
        "oneOf": [
            {"required": ["a"], "properties": {"a": {"type": "string"}}},
            {"properties": {"b": {}}, "patternProperties": {"^x-": {}}},
            {"allOf": [{"type": "object"}]},
            True,
        ],
    }
    assert consumer_view(objects) == {
        "anyOf": [
            {"properties": {"a": {"type": "string"}}, "additionalProperties": False},
            {"properties": {"b": {}}, "patternProperties": {"^x-": {}}},
            {"allOf": [{"type": "object"}]},
            True,
        ]
    }
    both = consumer_view({"anyOf": [{"type": "object"}], "oneOf": [{"type": ["object", "null"]}]})
    assert both == {"anyOf": [{"type": "object"}], "allOf": [{"anyOf": [{"type": ["object", "null"]}]}]}


# the mock's parameters: serialisation styles


def test_mock_reads_each_parameter_style_as_its_schema_types(tmp_path: Path) -> None:
    numbers = {"type": "array", "items": {"type": "integer"}, "maxItems": 3}
    parameters = [
        {"name": "ids", "in": "query", "schema": {"$ref": "#/components/schemas/Ids"}, "explode": False},
        {"name": "tags", "in": "query", "style": "spaceDelimited", "explode": False, "schema": numbers},
        {
            "name": "range",
            "in": "query",
            "style": "deepObject",
            "explode": True,
            "schema": {
                "type": "object",
                "properties": {"min": {"type": "integer"}, "max": {"type": "number"}},
            },
        },
        {"name": "flag", "in": "query", "schema": {"type": "boolean"}},
    ]
    document = _openapi(
        _get_things({"200": {"description": "Things."}}, parameters), components={"schemas": {"Ids": numbers}}
    )
    mock = _mock(tmp_path, document)
    assert _get(mock, "ids=1,2,3&tags=4%205&range[min]=1&range[max]=2.5&flag=true") == (200, None)
    assert _get(mock, "ids=1,x") == (400, "invalid-parameter")
    assert _get(mock, "ids=1,2,3,4") == (400, "invalid-parameter")
    assert _get(mock, "tags=4,5") == (400, "invalid-parameter")
    assert _get(mock, "range[min]=one") == (400, "invalid-parameter")
    assert _get(mock, "flag=yes") == (400, "invalid-parameter")
    assert _get(mock, "ids=") == (200, None)  # an empty list


def test_mock_reads_parameters_typed_by_a_type_list_or_a_combinator(tmp_path: Path) -> None:
    parameters = [
        {"name": "limit", "in": "query", "schema": {"type": ["integer", "null"], "maximum": 9}},
        {"name": "page", "in": "query", "schema": {"allOf": [{"type": "integer"}, {"minimum": 1}]}},
        {"name": "ratio", "in": "query", "schema": {"oneOf": [{"type": "number"}, {"type": "boolean"}]}},
    ]
    document = {**_openapi(_get_things({"200": {"description": "Things."}}, parameters)), "openapi": "3.1.0"}
    mock = _mock(tmp_path, document)
    assert _get(mock, "limit=3&page=2&ratio=0.5") == (200, None)
    assert _get(mock, "limit=10") == (400, "invalid-parameter")
    assert _get(mock, "limit=x") == (400, "invalid-parameter")
    assert _get(mock, "page=0") == (400, "invalid-parameter")
    assert _get(mock, "ratio=half") == (400, "invalid-parameter")
