"""`accord ci --changed-since REF` and `--shard I/N` on a system scaffolded by accord, in a real git
repository: which services are selected, why, and that only they are checked."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord.ci import CiOptions, run_ci
from accord.ci_select import Shard, select_services
from accord.cli.app import app
from accord.errors import ConfigError, InputError
from accord.manifest import find_workspace

GIT_ENV = {
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.com",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.com",
}


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *args], cwd=repo, capture_output=True, text=True, check=True, env={**os.environ, **GIT_ENV}
    )
    return done.stdout


@pytest.fixture(scope="module")
def scaffolded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """orders (publishes orders.created), billing (subscribes to it), web (depends_on orders), stock."""
    system = tmp_path_factory.mktemp("scaffolded") / "shop"
    runner = CliRunner()
    assert runner.invoke(app, ["init", str(system)]).exit_code == 0
    common = ["--workspace", str(system), "--no-input", "--broker", "rabbitmq"]
    for argv in (
        ["orders"],
        ["billing", "--subscribe", "orders.created"],
        ["web"],
        ["stock"],
    ):
        result = runner.invoke(app, ["scaffold", "service", *argv, *common])
        assert result.exit_code == 0, result.output
    manifest = system / "accord.yaml"
    text = manifest.read_text()
    assert "  web:\n" in text
    manifest.write_text(text.replace("  web:\n", "  web:\n    depends_on: [orders]\n", 1))
    git(system, "init", "-q", "-b", "main")
    git(system, "add", "-A")
    git(system, "commit", "-q", "-m", "four services")
    return system


@pytest.fixture
def system(scaffolded: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "shop"
    shutil.copytree(scaffolded, copy, symlinks=True)
    return copy


def touch_contract(system: Path, service: str) -> None:
    path = system / "services" / service / "openapi.yaml"
    path.write_text(path.read_text().replace("info:\n", "info:\n  x-touched: true\n", 1))


def test_the_scaffolded_system_has_the_edges_the_tests_rely_on(system: Path) -> None:
    services = find_workspace(explicit=system).manifest.services
    assert "orders.created" in services["orders"].publishes
    assert services["billing"].subscribes == ("orders.created",)
    assert services["web"].dependency_names == ("orders",)


def test_nothing_changed_selects_nothing_and_every_step_is_skipped(system: Path) -> None:
    workspace = find_workspace(explicit=system)
    selection = select_services(workspace, changed_since="main")
    assert selection.services == {} and selection.total == 4
    run = run_ci(workspace, CiOptions(selection=selection), ["validate", "lint", "pact-check"])
    assert [r.status for r in run.steps] == ["skipped", "skipped", "skipped"]


def test_a_changed_contract_selects_its_service_consumers_and_subscribers(system: Path) -> None:
    touch_contract(system, "orders")  # uncommitted
    selection = select_services(find_workspace(explicit=system), changed_since="main")
    assert list(selection.services) == ["orders", "billing", "web"]  # manifest order; stock untouched
    assert selection.services["orders"] == ("contract services/orders/openapi.yaml changed",)
    assert selection.services["web"] == ("consumer of orders, whose contract changed",)
    assert selection.services["billing"] == (
        "subscribes to orders.created of orders, whose contract changed",
    )


def test_a_code_change_selects_only_that_service(system: Path) -> None:
    git(system, "checkout", "-q", "-b", "feature")
    source = next((system / "services" / "stock").rglob("*.py"))
    source.write_text(source.read_text() + "\n# tuned\n")
    git(system, "commit", "-q", "-am", "tune stock")
    selection = select_services(find_workspace(explicit=system), changed_since="main")
    assert selection.services == {"stock": ("code changed under services/stock",)}


def test_a_changed_manifest_selects_everything(system: Path) -> None:
    manifest = system / "accord.yaml"
    manifest.write_text(manifest.read_text() + "# reviewed\n")
    selection = select_services(find_workspace(explicit=system), changed_since="main")
    assert list(selection.services) == ["orders", "billing", "web", "stock"]
    assert set(selection.services.values()) == {("accord.yaml changed",)}
    assert selection.describe() == [
        "selected 4 of 4 service(s) (changed since main), all because accord.yaml changed"
    ]


def test_a_new_pact_selects_its_consumer_and_provider(system: Path) -> None:
    pacts = system / "pacts"
    pacts.mkdir(exist_ok=True)
    pact = {"consumer": {"name": "web"}, "provider": {"name": "stock"}, "interactions": []}
    (pacts / "web-stock.json").write_text(json.dumps(pact))  # untracked
    selection = select_services(find_workspace(explicit=system), changed_since="main")
    assert selection.services == {
        "web": ("pact pacts/web-stock.json changed",),
        "stock": ("pact pacts/web-stock.json changed",),
    }


def test_only_the_selected_services_are_checked(system: Path) -> None:
    broken = system / "services" / "stock" / "openapi.yaml"
    broken.write_text(broken.read_text().replace("openapi:", "openapi_typo:", 1))
    git(system, "commit", "-q", "-am", "break stock on main")
    touch_contract(system, "orders")
    workspace = find_workspace(explicit=system)
    whole = run_ci(workspace, CiOptions(), ["validate"]).report()
    assert whole.exit_code == 1 and any("stock" in (f.file or "") for f in whole.findings)
    selection = select_services(workspace, changed_since="main")
    scoped = run_ci(workspace, CiOptions(selection=selection), ["validate"]).report()
    assert scoped.exit_code == 0, [f.message for f in scoped.findings]
    assert sorted({Path(c).parent.name for c in scoped.checked}) == ["billing", "orders", "web"]


def test_cli_reports_the_selection_in_json_and_in_human_output(system: Path) -> None:
    touch_contract(system, "orders")
    runner = CliRunner()
    args = ["ci", "-w", str(system), "--steps", "validate", "--changed-since", "main"]
    result = runner.invoke(app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    selection = json.loads(result.stdout)["summary"]["selection"]
    assert selection["changed_since"] == "main" and selection["of"] == 4 and selection["shard"] is None
    assert set(selection["services"]) == {"orders", "billing", "web"}
    assert selection["services"]["web"] == ["consumer of orders, whose contract changed"]
    human = runner.invoke(app, args)
    assert human.exit_code == 0
    # what was selected is said beside the report, on stderr, as the json report's stdout stays json
    assert "note: selected 3 of 4 service(s) (changed since main):" in human.stderr
    assert "web: consumer of orders, whose contract changed" in human.stderr


def test_an_unknown_ref_is_a_clear_error(system: Path) -> None:
    with pytest.raises(InputError, match="unknown git ref 'origin/nope'"):
        select_services(find_workspace(explicit=system), changed_since="origin/nope")
    result = CliRunner().invoke(app, ["ci", "-w", str(system), "--changed-since", "origin/nope"])
    assert result.exit_code == 2
    assert "unknown git ref 'origin/nope'" in result.output and "Traceback" not in result.output


def test_outside_a_git_repository_is_a_clear_error(system: Path) -> None:
    shutil.rmtree(system / ".git")
    with pytest.raises(InputError, match="not inside a git repository"):
        select_services(find_workspace(explicit=system), changed_since="main")


# --- shards -------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["0/2", "3/2", "x", "1/0", "2", "-1/2", "1/2/3"])
def test_bad_shards_are_config_errors(text: str) -> None:
    with pytest.raises(ConfigError, match="--shard"):
        Shard.parse(text)


def test_cli_rejects_a_bad_shard_with_exit_2(system: Path) -> None:
    result = CliRunner().invoke(app, ["ci", "-w", str(system), "--shard", "3/2"])
    assert result.exit_code == 2
    assert "--shard 3/2: the job number must be between 1 and 2" in result.output


def test_shards_split_the_services_evenly_without_overlap_or_loss() -> None:
    names = [f"service-{i:03}" for i in range(200)]
    for total in (1, 2, 3, 4, 7, 200, 300):
        parts = [Shard(i, total).pick(names) for i in range(1, total + 1)]
        assert sorted(n for part in parts for n in part) == names
        assert max(map(len, parts)) - min(map(len, parts)) <= 1, [len(p) for p in parts]


def test_adding_a_service_moves_at_most_one_service_per_boundary() -> None:
    names = [f"service-{i:03}" for i in range(60)]
    for new in ("aaa-new", "payments-refunds", "zzz"):
        before = {n: i for i in range(1, 5) for n in Shard(i, 4).pick(names)}
        after = {n: i for i in range(1, 5) for n in Shard(i, 4).pick([*names, new])}
        moved = [n for n in names if after[n] != before[n]]
        assert len(moved) <= 3, moved


def test_similar_names_are_spread_over_the_jobs() -> None:
    team = [f"payments-{i}" for i in range(8)]
    others = [f"svc-{i:03}" for i in range(32)]
    parts = [Shard(i, 4).pick([*team, *others]) for i in range(1, 5)]
    assert all(part & set(team) for part in parts)  # not one job with the whole team


def test_a_shard_of_the_whole_system_checks_only_its_services(system: Path) -> None:
    workspace = find_workspace(explicit=system)
    parts = [select_services(workspace, shard=Shard(i, 2)) for i in (1, 2)]
    assert sorted(n for p in parts for n in p.services) == ["billing", "orders", "stock", "web"]
    assert parts[0].describe() == [
        f"selected {len(parts[0].services)} of 4 service(s) (shard 1/2), all because the whole system is "
        "checked (no --changed-since)"
    ]
    for part in parts:
        report = run_ci(workspace, CiOptions(selection=part), ["validate"]).report()
        assert sorted({Path(c).parent.name for c in report.checked}) == sorted(part.services)


def test_sharded_jobs_merged_report_what_one_whole_run_reports(system: Path, tmp_path: Path) -> None:
    broken = system / "services" / "web" / "openapi.yaml"
    broken.write_text(broken.read_text().replace("  version: 0.1.0\n", "  version: [0, 1]\n", 1))
    runner = CliRunner()
    base = ["ci", "-w", str(system), "--steps", "validate,lint", "--format", "json"]
    whole = runner.invoke(app, [*base, "--shard", "1/1", "-o", str(tmp_path / "whole.json")])
    assert whole.exit_code == 1, whole.output
    jobs = []
    for index in (1, 2, 3):
        job = tmp_path / f"job{index}.json"
        result = runner.invoke(app, [*base, "--shard", f"{index}/3", "-o", str(job)])
        assert result.exit_code in (0, 1), result.output
        jobs.append(str(job))
    merged = runner.invoke(app, ["report", "merge", *jobs, "--format", "json"])
    assert merged.exit_code == 1, merged.output
    payload = json.loads(merged.stdout)
    expected = json.loads((tmp_path / "whole.json").read_text())
    assert payload["findings"] == expected["findings"]
    assert any(f["rule"].startswith("validate/") and "web" in f["file"] for f in payload["findings"])
    assert sorted(payload["summary"]["checked"]) == sorted(expected["summary"]["checked"])
    assert len(expected["summary"]["checked"]) == 8  # two contracts of each of the four services
    assert sorted(payload["summary"]["selection"]["services"]) == ["billing", "orders", "stock", "web"]


def test_a_changed_shared_schema_selects_the_contracts_that_ref_it(system: Path) -> None:
    shared = system / "common" / "problem.yaml"
    shared.parent.mkdir()
    shared.write_text("type: object\nproperties:\n  detail: {type: string}\n")
    web = system / "services" / "web" / "openapi.yaml"
    text = web.read_text()
    assert "{$ref: '#/components/schemas/Problem'}" in text
    web.write_text(
        text.replace("{$ref: '#/components/schemas/Problem'}", "{$ref: '../../common/problem.yaml'}")
    )
    git(system, "add", "-A")
    git(system, "commit", "-q", "-m", "a shared problem schema")
    shared.write_text(shared.read_text() + "  title: {type: string}\n")
    workspace = find_workspace(explicit=system)
    selection = select_services(workspace, changed_since="main")
    assert selection.services == {
        "web": ("contract services/web/openapi.yaml refers to changed common/problem.yaml",)
    }
    report = run_ci(workspace, CiOptions(selection=selection), ["validate"]).report()
    assert report.exit_code == 0 and {Path(c).parent.name for c in report.checked} == {"web"}


def test_the_diff_step_compares_only_the_selected_contracts(
    system: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    orders = system / "services" / "orders" / "openapi.yaml"
    orders.write_text(orders.read_text().replace("  /orders/items:\n", "  /orders/things:\n", 1))
    monkeypatch.chdir(system.parent)  # outside the repository, as with `accord ci -w shop`
    workspace = find_workspace(explicit=system)
    selection = select_services(workspace, changed_since="main")
    run = run_ci(workspace, CiOptions(base_ref="main", selection=selection), ["diff"])
    report = run.report()
    assert report.exit_code == 1
    files = {f.file for f in report.findings}
    assert files == {
        "main:services/orders/openapi.yaml",
        "shop/services/orders/openapi.yaml",
    }  # removed, added
    assert any("/orders/items" in f.message for f in report.findings)
    assert {Path(c).parent.name for c in report.checked} == {"orders", "billing", "web"}


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("markdown", "selected 3 of 4 service(s) (changed since main, shard 1/1):"),
        ("github", "::notice title=accord ci::selected 3 of 4 service(s)"),
        ("junit", '<property name="note" value="selected 3 of 4 service(s)'),
        ("sarif", '"shard": "1/1"'),
        ("json", '"changed_since": "main"'),
    ],
)
def test_every_format_says_what_was_selected(system: Path, fmt: str, expected: str) -> None:
    touch_contract(system, "orders")
    args = ["ci", "-w", str(system), "--steps", "validate", "--changed-since", "main", "--shard", "1/1"]
    result = CliRunner().invoke(app, [*args, "--format", fmt])
    assert result.exit_code == 0, result.output
    assert expected in result.stdout


def test_a_pact_too_broken_to_name_its_consumer_is_still_checked(system: Path) -> None:
    pacts = system / "pacts"
    pacts.mkdir(exist_ok=True)
    (pacts / "broken.json").write_text('{"consumer": {"name": "web"}, "interactions": [')
    workspace = find_workspace(explicit=system)
    selection = select_services(workspace, changed_since="main")
    assert selection.services == {}  # it names no service that could be selected
    run = run_ci(workspace, CiOptions(selection=selection), ["pact-check"])
    (finding,) = run.report().findings
    assert finding.rule == "pact-check/input-error" and finding.file is not None
    assert finding.file.endswith("broken.json")


@pytest.mark.slow
def test_a_shard_tests_its_providers_with_their_dependencies_from_other_shards(
    example_system: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # orders depends_on payments: the job that holds orders alone must still serve payments for it.
    monkeypatch.chdir(example_system)
    runner = CliRunner()
    base = ["ci", "-w", str(example_system), "--steps", "contracts-test", "--broker", "memory", "-f", "json"]
    tested = []
    for index in (1, 2):
        result = runner.invoke(app, [*base, "--shard", f"{index}/2"])
        assert result.exit_code == 0, result.output
        report = json.loads(result.stdout)
        assert [f for f in report["findings"] if f["severity"] == "error"] == []
        tested += report["summary"]["checked"]
    assert sorted(tested) == ["services/orders/openapi.yaml", "services/payments/openapi.yaml"]
