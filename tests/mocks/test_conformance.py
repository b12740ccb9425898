"""Every mock conforms to its own contract: schemathesis (all checks, positive and negative data)
against mocks of the test contracts, the example system and real public contracts.

Known exceptions, each for a reason outside the mock:
- `ignored_auth` is never run: a mock checks that credentials are present, not that they are valid.
- callback-example and link-example document no error response at all, so the rejection of an
  invalid request (which the negative checks demand) cannot have a documented status.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from accord.contracts.model import load_contract
from accord.mocks.runner import MockRunner, MockSpec
from tests.mocks.bundling import bundle

ROOT = Path(__file__).resolve().parents[2]
FAILURE = re.compile(r"❌ (ST\d+) ([^:\n]+): (\d+)")
GENERATED = re.compile(r"(\d+) generated")


def schemathesis(
    contract: Path,
    *,
    served: Path | None = None,
    examples: int = 10,
    phases: str = "examples,coverage,fuzzing",
    include_paths: str | None = None,
    exclude: tuple[str, ...] = (),
) -> tuple[dict[str, int], int, str]:
    """Serve a mock of `served` (default: `contract`) and run schemathesis from `contract` against it."""
    exe = Path(sys.executable).parent / "schemathesis"
    # schemathesis keeps a crash cache in its working folder: keep it out of the repository.
    with (
        MockRunner([MockSpec("mock", "openapi", served or contract)]) as running,
        tempfile.TemporaryDirectory() as cwd,
    ):
        done = subprocess.run(
            [
                str(exe),
                "run",
                str(contract),
                "--url",
                running[0].url,
                "--checks",
                "all",
                "--exclude-checks",
                ",".join(("ignored_auth", *exclude)),
                "--mode",
                "all",
                "--max-examples",
                str(examples),
                "--phases",
                phases,
                *(["--include-path-regex", include_paths] if include_paths else []),
                "--seed",
                "1",
                "--no-shrink",
                "--workers",
                "1",
                "--header",
                "Authorization: Bearer test",
                "--header",
                "X-Api-Key: test",
            ],
            capture_output=True,
            text=True,
            timeout=600,
            cwd=cwd,
        )
    output = done.stdout + done.stderr
    failures = {code: int(count) for code, _, count in FAILURE.findall(output)}
    generated = sum(int(n) for n in GENERATED.findall(output))
    return failures, generated, output


CONTRACTS = {
    "features": ROOT / "tests/fixtures/mocks/features.yaml",
    "swagger": ROOT / "tests/fixtures/mocks/swagger.yaml",
    "orders": ROOT / "examples/shop/services/orders/openapi.yaml",
    "payments": ROOT / "examples/shop/services/payments/openapi.yaml",
}
OAI = ["petstore", "petstore-expanded", "uspto", "api-with-examples", "callback-example", "link-example"]
NO_ERROR_RESPONSES = {"callback-example", "link-example"}


@pytest.mark.integration
@pytest.mark.parametrize("name", sorted(CONTRACTS))
def test_mocks_of_the_test_and_example_contracts_conform(name: str) -> None:
    failures, generated, output = schemathesis(CONTRACTS[name])

    assert generated > 20, output[-3000:]
    assert failures == {}, output[-6000:]


@pytest.mark.integration
@pytest.mark.parametrize("name", OAI)
def test_mocks_of_the_openapi_examples_conform(corpus: Path, name: str) -> None:
    exclude = ("status_code_conformance",) if name in NO_ERROR_RESPONSES else ()

    failures, generated, output = schemathesis(
        corpus / "oai" / f"{name}.yaml", examples=5, phases="examples,fuzzing", exclude=exclude
    )

    assert generated > 0, output[-3000:]
    assert failures == {}, output[-6000:]


@pytest.mark.integration
@pytest.mark.slow
def test_a_bounded_run_on_stripe(corpus: Path) -> None:
    failures, generated, output = schemathesis(
        corpus / "stripe" / "spec3-2023-09-12.yaml",
        examples=1,
        phases="fuzzing",
        include_paths="^/v1/(customers|charges|products|prices|invoices)",
    )

    assert generated > 50, output[-3000:]
    # URLs of many kilobytes are refused by the HTTP server itself (plain text 400), before the mock
    oversized = output.count("Invalid HTTP request received.")
    assert sum(failures.values()) <= oversized, output[-6000:]
    assert set(failures) <= {"ST105"}, output[-6000:]


@pytest.mark.integration
@pytest.mark.slow
def test_a_bounded_run_on_digitalocean(corpus: Path, tmp_path: Path) -> None:
    # the mock serves the real multi-file contract; schemathesis, which does not follow $refs of
    # whole operations, reads the same contract bundled into one file
    root = corpus / "digitalocean" / "specification" / "DigitalOcean-public.v2.yaml"
    bundled = tmp_path / "digitalocean.json"
    bundled.write_text(json.dumps(bundle(load_contract(root))))

    failures, generated, output = schemathesis(
        bundled,
        served=root,
        examples=1,
        phases="examples,fuzzing",
        include_paths="^/v2/(droplets|volumes|domains|apps)",
    )

    assert generated > 50, output[-3000:]
    assert failures == {}, output[-6000:]
