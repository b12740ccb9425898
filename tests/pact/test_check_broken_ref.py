"""A provider contract with a broken `$ref` stops `pact check` naming its file and line."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from accord.cli.app import app
from tests.pact.conftest import catalog_with_a_pact

ITEM_REF = "schema: {$ref: '#/components/schemas/Item'}"


def test_a_broken_ref_in_the_providers_contract_names_its_line(tmp_path: Path) -> None:
    system = catalog_with_a_pact(tmp_path)
    contract = system / "services" / "catalog" / "openapi.yaml"
    lines = contract.read_text().splitlines(keepends=True)
    first = next(i for i, line in enumerate(lines) if ITEM_REF in line)
    lines[first] = lines[first].replace("'#/components/schemas/Item'", "'items.yaml#/Item'")
    contract.write_text("".join(lines))
    column = lines[first].index("{$ref") + 2
    result = CliRunner().invoke(app, ["pact", "check", "-w", str(system)])
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        f"error: {contract}:{first + 1}:{column}: "
        "$ref 'items.yaml#/Item': the file items.yaml does not exist\n"
        "  hint: `accord contracts validate` lists every broken $ref\n"
    )
