"""Levels judged by the values each side accepts: the whole finding set of chosen pairs, so a
break reported under another name, or noise beside it, shows up."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

from accord.contracts.diff import diff_paths

PAIRS = Path(__file__).resolve().parent.parent / "fixtures" / "diff" / "checks"


def _found(folder: str, reverse: bool = False) -> set[tuple[str, str, str]]:
    old, new = PAIRS / folder / "old.yaml", PAIRS / folder / "new.yaml"
    changes = diff_paths(*((new, old) if reverse else (old, new))).changes
    return {(c.check, c.severity.value, c.message) for c in changes}


def _write(tmp_path: Path, old: dict[str, Any], new: dict[str, Any]) -> tuple[Path, Path]:
    (tmp_path / "old.yaml").write_text(yaml.safe_dump(old))
    (tmp_path / "new.yaml").write_text(yaml.safe_dump(new))
    return tmp_path / "old.yaml", tmp_path / "new.yaml"


def test_a_whole_path_of_retired_operations_removed_is_info() -> None:
    assert _found("deprecated-operation-removed@whole-path") == {
        ("deprecated-operation-removed", "info", "GET /pets/{petId}: deprecated operation removed")
    }
    assert _found("operation-removed-before-sunset@whole-path") == {
        (
            "operation-removed-before-sunset",
            "error",
            "GET /pets/{petId}: deprecated operation removed before its sunset 2999-01-01",
        )
    }


def test_a_schema_added_to_a_media_type_breaks_requests_not_responses(tmp_path: Path) -> None:
    assert ("request-body-schema-added", "error") in {c[:2] for c in _found("request-body-schema-added")}
    old = yaml.safe_load((PAIRS / "request-body-schema-added" / "new.yaml").read_text())
    new = copy.deepcopy(old)
    old["paths"]["/pets"]["post"]["responses"]["201"]["content"]["application/json"] = {}
    assert [c for c in diff_paths(*_write(tmp_path, old, new)).changes if c.severity.value != "info"] == []


def test_a_body_wrapped_in_overlapping_one_of_is_refused_and_disjoint_branches_are_not(
    tmp_path: Path,
) -> None:
    assert (
        "request-one-of-overlap",
        "error",
        "POST /pets: request body application/json $: oneOf branches 0 and 1 may both match one value, "
        "which is then refused",
    ) in _found("request-one-of-overlap@wrapped-body")
    old = yaml.safe_load((PAIRS / "request-one-of-overlap@wrapped-body" / "old.yaml").read_text())
    new = copy.deepcopy(old)
    body = new["paths"]["/pets"]["post"]["requestBody"]["content"]["application/json"]
    body["schema"] = {"oneOf": [{"$ref": "#/components/schemas/NewPet"}, {"type": "string"}]}
    checks = {c.check for c in diff_paths(*_write(tmp_path, old, new)).changes}
    assert checks == {"request-union-branch-added"}


def test_webhooks_judge_the_request_like_a_response() -> None:
    # A field of the request the API sends became nullable: subscribers meet null.
    assert _found("response-nullable-added@webhook-request") == {
        (
            "response-nullable-added",
            "error",
            "webhook petAdopted POST: request body application/json $.id: may now be null",
        )
    }
    # Undone, the API sends less: nothing breaks.
    assert {c[1] for c in _found("response-nullable-added@webhook-request", reverse=True)} <= {"info"}
    # The body made required: the API always sends one, subscribers already handled it.
    assert _found("webhook-request-body-became-required") == {
        (
            "webhook-request-body-became-required",
            "info",
            "webhook petAdopted POST: request body became required",
        )
    }


def test_a_subscriber_answer_is_judged_like_a_request() -> None:
    assert _found("request-property-type-changed@callback-response") == {
        (
            "request-property-type-changed",
            "error",
            "POST /pets callback onAdopted {$request.body#/callbackUrl} POST: response 200 "
            "application/json $.ok: type changed from boolean to string",
        )
    }


def test_a_constraint_under_then_or_prefix_items_is_compared() -> None:
    assert _found("request-property-added-required@then") == {
        (
            "request-property-added-required",
            "error",
            "POST /pets: request body application/json $.extra<then>.d: required property added",
        )
    }
    assert _found("request-min-length-increased@prefix-items") == {
        (
            "request-min-length-increased",
            "error",
            "POST /pets: request body application/json $.extra[0]: minLength changed from 1 to 3",
        )
    }


def test_keywords_of_the_wrong_kind_are_compared_without_a_crash() -> None:
    hostile = PAIRS.parent / "hostile"
    changes = diff_paths(hostile / "old.yaml", hostile / "new.yaml").changes
    assert sorted((c.check, c.where) for c in changes) == [
        ("request-default-changed", "request body application/json $"),
        ("request-enum-value-added", "request body application/json $<contains>"),
        ("request-enum-value-removed", "request body application/json $<contains>"),
        ("request-pattern-properties-added", "request body application/json $"),
        ("request-prefix-items-added", "request body application/json $"),
    ]


def test_a_required_list_that_is_not_a_list_requires_nothing(tmp_path: Path) -> None:
    doc = yaml.safe_load((PAIRS / "request-property-became-required" / "old.yaml").read_text())
    pet = doc["components"]["schemas"]["Pet"]
    pet["required"] = None
    new = copy.deepcopy(doc)
    new["components"]["schemas"]["Pet"]["properties"]["tag"] = {"type": "integer"}
    changes = diff_paths(*_write(tmp_path, doc, new)).changes
    assert {(c.check, c.message) for c in changes} == {
        (
            "response-property-type-changed",
            "POST /pets: response 201 application/json $.tag: type changed from string to integer",
        )
    }


def test_a_union_branch_written_the_same_is_paired_with_itself_when_moved(tmp_path: Path) -> None:
    # The new first branch has the same structure as the moved one (descriptions do not
    # count): pairing by structure first would call the moved branch new and pair it wrongly.
    moved = {"type": "string", "format": "uuid", "description": "the id"}
    look_alike = {"type": "string", "format": "uuid", "description": "a reference"}
    old = yaml.safe_load((PAIRS / "request-body-schema-added" / "new.yaml").read_text())
    new = copy.deepcopy(old)
    body = ["paths", "/pets", "post", "requestBody", "content", "application/json"]
    for doc, branches in ((old, [moved, {"type": "integer"}]), (new, [look_alike, moved])):
        media = doc
        for key in body:
            media = media[key]
        media["schema"] = {"anyOf": branches}
    found = {(c.check, c.pointer) for c in diff_paths(*_write(tmp_path, old, new)).changes}
    schema = "/paths/~1pets/post/requestBody/content/application~1json/schema"
    assert ("request-union-branch-added", f"{schema}/anyOf/0") in found
    assert ("request-union-branch-removed", f"{schema}/anyOf/1") in found
