"""`accord events check`: publishers against subscribers, offline, from their AsyncAPI contracts."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord.cli.app import app
from accord.events.compat import compatibility_report
from accord.manifest import find_workspace
from tests.events.conftest import EventSystem

REQUIRES_TOTAL = (
    "    AnyEvent:\n      type: object\n      required: [total]\n"
    "      properties:\n        total: {type: number}"
)
ANY_EVENT = """    AnyEvent:
      type: object
      additionalProperties: true"""


@pytest.fixture
def copy(event_system: EventSystem, tmp_path: Path) -> Path:
    root = tmp_path / "copy"
    shutil.copytree(event_system.root, root, ignore=shutil.ignore_patterns(".accord"))
    return root


def subscriber_schema(root: Path, service: str, schema: str) -> Path:
    """Replace the schema of everything `service` receives (the scaffold accepts any object)."""
    contract = root / "services" / service / "asyncapi.yaml"
    text = contract.read_text()
    assert ANY_EVENT in text
    contract.write_text(text.replace(ANY_EVENT, schema))
    return contract


def check(root: Path, *args: str) -> tuple[int, dict[str, object], str]:
    result = CliRunner().invoke(app, ["events", "check", "--format", "json", "--workspace", str(root), *args])
    return result.exit_code, json.loads(result.stdout) if result.stdout.strip() else {}, result.stderr


def incompatible(report: dict[str, object]) -> list[dict[str, object]]:
    findings = report["findings"]
    assert isinstance(findings, list)
    return [f for f in findings if f["rule"] == "events.incompatible"]


def test_the_scaffolded_system_is_compatible(event_system: EventSystem) -> None:
    code, report, _ = check(event_system.root)
    assert code == 0
    assert incompatible(report) == []


def test_a_subscriber_requiring_a_field_the_publisher_does_not_declare(
    copy: Path, event_system: EventSystem
) -> None:
    billing = event_system.name("billing")
    contract = subscriber_schema(
        copy,
        billing,
        "    AnyEvent:\n      type: object\n      required: [id, total]\n"
        "      properties:\n        id: {type: string}\n        total: {type: number}",
    )

    code, report, _ = check(copy)

    assert code == 1
    (finding,) = incompatible(report)
    assert finding["severity"] == "error"
    assert str(finding["file"]).endswith(f"{billing}/asyncapi.yaml")
    assert contract.read_text().splitlines()[int(str(finding["line"])) - 1].strip().startswith("total:")
    message = str(finding["message"])
    assert "$.total: required property added" in message
    orders = event_system.name("orders")
    assert f"publisher: services/{orders}/asyncapi.yaml:" in message.replace(str(copy) + "/", "")
    assert f"subscriber: services/{billing}/asyncapi.yaml:" in message.replace(str(copy) + "/", "")


def test_a_type_and_an_enum_the_subscriber_does_not_take(copy: Path, event_system: EventSystem) -> None:
    subscriber_schema(
        copy,
        event_system.name("shipping"),
        "    AnyEvent:\n      type: object\n      properties:\n        id: {type: integer}\n"
        "        name: {type: string, enum: [small, large]}",
    )

    code, report, _ = check(copy)

    assert code == 1
    details = sorted(str(f["message"]).split(": ", 1)[1].split("\n")[0] for f in incompatible(report))
    assert len(details) == 2
    assert any("$.id: type changed from string to integer" in d for d in details)
    assert any("$.name" in d and "enum" in d for d in details)


def test_a_subscriber_on_a_channel_nobody_sends(copy: Path, event_system: EventSystem) -> None:
    contract = copy / "services" / event_system.name("billing") / "asyncapi.yaml"
    contract.write_text(
        contract.read_text().replace(
            f'address: "{event_system.event("orders")}"', 'address: "orders.cretaed"'
        )
    )

    code, report, _ = check(copy)

    assert code == 1
    findings = report["findings"]
    assert isinstance(findings, list)
    (unpublished,) = [f for f in findings if f["rule"] == "events.unpublished-channel"]
    assert "subscribes to orders.cretaed, which no service's AsyncAPI contract sends" in str(
        unpublished["message"]
    )


def test_the_ci_step_events_reports_incompatible_subscribers(copy: Path, event_system: EventSystem) -> None:
    subscriber_schema(copy, event_system.name("billing"), REQUIRES_TOTAL)
    result = CliRunner().invoke(
        app, ["ci", "--steps", "events", "--format", "json", "--workspace", str(copy)]
    )
    assert result.exit_code == 1, result.stdout
    assert "events.incompatible" in result.stdout


def test_only_the_selected_services_are_reported(copy: Path, event_system: EventSystem) -> None:
    subscriber_schema(copy, event_system.name("billing"), REQUIRES_TOTAL)
    workspace = find_workspace(explicit=copy)
    stock = {
        f.rule for f in compatibility_report(workspace, frozenset({event_system.name("stock")})).findings
    }
    assert "events.incompatible" not in stock
    rules = {
        f.rule for f in compatibility_report(workspace, frozenset({event_system.name("orders")})).findings
    }
    assert "events.incompatible" in rules


def test_a_broken_contract_is_exit_2_naming_it(copy: Path, event_system: EventSystem) -> None:
    contract = copy / "services" / event_system.name("shipping") / "asyncapi.yaml"
    contract.write_text(contract.read_text() + "\n  : [unclosed\n")
    code, _, err = check(copy)
    assert code == 2
    assert f"{event_system.name('shipping')}/asyncapi.yaml" in err
    assert "Traceback" not in err


def test_an_emits_entry_naming_no_operation_is_found_offline(copy: Path, event_system: EventSystem) -> None:
    """Before: only `mocks up` refused it, at start-up; validate, events check and ci passed."""
    orders = event_system.name("orders")
    manifest = copy / "accord.yaml"
    own = f"    publishes: [{orders}.created]\n"
    text = manifest.read_text()
    assert own in text
    manifest.write_text(text.replace(own, f'{own}    emits: {{"POST /nowhere": [{orders}.created]}}\n'))

    code, report, _ = check(copy)

    assert code == 1
    findings = report["findings"]
    assert isinstance(findings, list)
    (found,) = [f for f in findings if f["rule"] == "events.emits-unknown-operation"]
    assert str(found["message"]).startswith(
        f"services.{orders}.emits names 'POST /nowhere', which is not an operation"
    )
    lines = manifest.read_text().splitlines()
    assert "POST /nowhere" in lines[int(str(found["line"])) - 1]
    assert str(found["file"]).endswith("accord.yaml")

    manifest.write_text(
        text.replace(own, f'{own}    emits: {{"POST /{orders}/items": [{orders}.created]}}\n')
    )
    code, report, _ = check(copy)
    assert code == 0, report
