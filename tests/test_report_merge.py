"""`accord report merge`: the json reports of N CI jobs as one report and one exit code; broken or
incompatible files are exit 2 naming the file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord.cli.app import app
from accord.errors import AccordError, InputError
from accord.report import Format, render
from accord.report_merge import merge_reports
from tests.conftest import FIXTURES

MERGE = FIXTURES / "report_merge"
SHARDS = [MERGE / f"shard-{i}-of-3.json" for i in (1, 2, 3)]


def test_the_shards_merge_into_one_report_with_every_finding_and_file() -> None:
    report = merge_reports(SHARDS)
    assert report.tool == "ci"
    assert sorted(f.file or "" for f in report.findings) == [
        "pacts/broken.json",
        "services/orders/openapi.yaml",
        "services/stock/openapi.yaml",
        "services/web/openapi.yaml",
    ]
    assert report.checked == [
        "services/stock/openapi.yaml",
        "services/orders/openapi.yaml",
        "services/web/openapi.yaml",
        "pacts/broken.json",
    ]
    assert report.counts() == {"error": 2, "warning": 2, "info": 0}
    assert report.exit_code == 1
    selection = report.meta["selection"]
    assert selection["shards"] == ["1/3", "2/3", "3/3"] and selection["of"] == 9
    assert selection["services"]["web"] == ["consumer of stock, whose contract changed"]
    assert report.notes == ["merged 3 report(s): 3 of 9 service(s) selected"]


def test_clean_reports_merge_to_exit_0() -> None:
    report = merge_reports([MERGE / "lint-report.json", MERGE / "lint-report.json"])
    assert report.exit_code == 0 and report.findings == [] and report.tool == "lint"


def test_a_missing_shard_is_an_error_finding() -> None:
    report = merge_reports([MERGE / "shard-2-of-3-clean.json"])
    assert report.exit_code == 1  # shards 1/3 and 3/3 are missing
    assert [f.message for f in report.findings] == [
        "no report of shard 1/3 was merged: its services were not checked",
        "no report of shard 3/3 was merged: its services were not checked",
    ]


def test_identical_findings_of_two_jobs_are_reported_once(tmp_path: Path) -> None:
    again = tmp_path / "again.json"
    data = json.loads(SHARDS[0].read_text())
    del data["summary"]["selection"]
    again.write_text(json.dumps(data))
    report = merge_reports([again, again])
    assert len(report.findings) == 2


@pytest.mark.parametrize(
    ("files", "culprit", "message"),
    [
        (["shard-1-of-3.json", "truncated.json"], "truncated.json", "not a json report: Expecting"),
        (["not-a-report.json"], "not-a-report.json", "not an accord json report: no `findings` list"),
        (["sarif-instead.json"], "sarif-instead.json", "not an accord json report: no `findings` list"),
        (["bad-severity.json"], "bad-severity.json", "findings[0].severity 'fatal' is not one of"),
        (["binary.json"], "binary.json", "not a json report"),
        (["missing.json"], "missing.json", "cannot read the report"),
        (["shard-1-of-3.json", "lint-report.json"], "lint-report.json", "a 'lint' report cannot be merged"),
        (["shard-1-of-3.json", "shard-1-of-3.json"], "shard-1-of-3.json", "shard 1/3 is also the shard of"),
        (["shard-1-of-3.json", "shard-1-of-2.json"], None, "splits into different numbers of jobs"),
        (["shard-1-of-3.json", "other-base.json"], "other-base.json", "selected changes since 'v1.0'"),
    ],
)
def test_broken_or_incompatible_reports_are_input_errors(
    files: list[str], culprit: str | None, message: str
) -> None:
    with pytest.raises(InputError) as caught:
        merge_reports([MERGE / name for name in files])
    assert message in caught.value.message
    if culprit is not None:
        assert caught.value.file is not None and Path(caught.value.file).name == culprit


def test_cli_merges_to_sarif_and_exits_with_the_merged_verdict(tmp_path: Path) -> None:
    out = tmp_path / "merged.sarif"
    result = CliRunner().invoke(
        app, ["report", "merge", *map(str, SHARDS), "--format", "sarif", "-o", str(out)]
    )
    assert result.exit_code == 1, result.output
    run = json.loads(out.read_text())["runs"][0]
    assert len(run["results"]) == 4
    assert run["properties"]["selection"]["shards"] == ["1/3", "2/3", "3/3"]


def test_cli_names_the_broken_file_and_exits_2() -> None:
    result = CliRunner().invoke(app, ["report", "merge", str(SHARDS[0]), str(MERGE / "truncated.json")])
    assert result.exit_code == 2
    assert "truncated.json" in result.output and "not a json report" in result.output
    assert "Traceback" not in result.output


def test_no_reports_is_a_usage_error() -> None:
    with pytest.raises(AccordError, match="no reports to merge"):
        merge_reports([])


def test_a_merged_report_merges_again(tmp_path: Path) -> None:
    first = merge_reports(SHARDS)
    again = tmp_path / "merged.json"
    again.write_text(render(first, Format.json))
    second = merge_reports([again])
    assert second.sorted_findings() == first.sorted_findings()
    assert second.checked == first.checked
    assert second.meta["selection"]["services"] == first.meta["selection"]["services"]
