"""The scaffold pipeline: a service rendered, registered with comments kept, refused safely, atomic."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from accord.errors import AccordError, ConfigError, ToolError
from accord.manifest import load_manifest
from accord.scaffold import ScaffoldRequest, scaffold_service
from tests.scaffold.conftest import TEMPLATES, snapshot, workspace


def test_service_is_rendered_registered_and_routed(system: Path) -> None:
    result = scaffold_service(workspace(system), ScaffoldRequest("orders", broker="rabbitmq"))
    service = system / "services" / "orders"
    assert result.path == service
    assert (service / "orders_service" / "app.py").is_file()
    assert (service / "asyncapi.yaml").is_file()
    orders = load_manifest(system / "accord.yaml").services["orders"]
    assert orders.route == "/orders"
    assert orders.port == 8001
    assert orders.app == "orders_service.app:app"
    assert orders.publishes == ("orders.created",)
    assert orders.upstreams == {}  # derived from port: by the gateway, never a second copy
    recorded = yaml.safe_load((service / ".accord-answers.yaml").read_text())
    assert recorded["template"] == "python-service"
    assert recorded["answers"]["broker"] == "rabbitmq"
    assert result.gateway_files == (
        system / "gateway" / "nginx.conf",
        system / "gateway" / "tmp" / ".gitignore",
    )
    assert 'location "/orders/"' in result.gateway_files[0].read_text()
    assert not list((system / ".accord" / "tmp").iterdir())


def test_second_service_gets_the_next_port_and_its_subscriptions(system: Path) -> None:
    scaffold_service(workspace(system), ScaffoldRequest("orders"))
    scaffold_service(workspace(system), ScaffoldRequest("billing", subscribes=("orders.created",)))
    billing = load_manifest(system / "accord.yaml").services["billing"]
    assert billing.port == 8002
    assert billing.subscribes == ("orders.created",)


def test_broker_none_leaves_out_the_event_files(system: Path) -> None:
    scaffold_service(workspace(system), ScaffoldRequest("plain", broker="none", values={"otel": "no"}))
    service = system / "services" / "plain"
    assert not (service / "asyncapi.yaml").exists()
    assert not (service / "plain_service" / "events.py").exists()
    assert not (service / "plain_service" / "telemetry.py").exists()
    assert load_manifest(system / "accord.yaml").services["plain"].asyncapi is None


def test_registration_keeps_comments_order_and_other_services(example_system: Path) -> None:
    before = (example_system / "accord.yaml").read_text()
    scaffold_service(workspace(example_system), ScaffoldRequest("audit", gateway="none"))
    after = (example_system / "accord.yaml").read_text()
    assert after.startswith(before.rstrip("\n"))  # every byte of the old manifest is kept, in order
    assert "# The manifest of a small shop" in after
    assert list(load_manifest(example_system / "accord.yaml").services) == [
        "orders",
        "payments",
        "notifications",
        "audit",
    ]


@pytest.mark.parametrize(
    ("request_", "message"),
    [
        (ScaffoldRequest("Orders"), "not a valid service name"),
        (ScaffoldRequest("orders_v2"), "not a valid service name"),
        (ScaffoldRequest("x" * 64), "not a valid service name"),
        (ScaffoldRequest("orders", output=Path("../elsewhere")), "outside the workspace"),
        (ScaffoldRequest("orders", output=Path("/tmp/abs")), "outside the workspace"),
        (ScaffoldRequest("orders", broker="carrier-pigeon"), "no broker"),
        (ScaffoldRequest("orders", values={"otel": "maybe"}), "otel"),
        (ScaffoldRequest("orders", values={"colour": "red"}), "no variable 'colour'"),
        (ScaffoldRequest("orders", template="no-such-template"), "no template"),
        (ScaffoldRequest("orders", gateway="apache"), "^--gateway: unknown gateway kind 'apache'\n"),
    ],
)
def test_refusals_write_nothing(system: Path, request_: ScaffoldRequest, message: str) -> None:
    before = snapshot(system.parent)
    with pytest.raises(ConfigError, match=message):
        scaffold_service(workspace(system), request_)
    assert snapshot(system.parent) == before


def test_existing_service_is_refused_without_force_and_replaced_with_it(system: Path) -> None:
    scaffold_service(workspace(system), ScaffoldRequest("orders"))
    (system / "services" / "orders" / "NOTES.md").write_text("mine")
    before = snapshot(system)
    with pytest.raises(ConfigError, match="already exists"):
        scaffold_service(workspace(system), ScaffoldRequest("orders"))
    assert snapshot(system) == before
    scaffold_service(workspace(system), ScaffoldRequest("orders", force=True, port=8100))
    assert not (system / "services" / "orders" / "NOTES.md").exists()
    assert load_manifest(system / "accord.yaml").services["orders"].port == 8100


@pytest.mark.parametrize(
    ("output", "message"),
    [
        ("services", "output path services overlaps the folder of service 'orders' (services/orders)"),
        ("services/orders", "output path services/orders overlaps the folder of service 'orders'"),
        ("services/orders/api", "output path services/orders/api overlaps the folder of service 'orders'"),
        ("accord.yaml", "output path accord.yaml is or holds accord.yaml"),
        (".git", "output path .git is or holds the git repository"),
        (".accord/tmp", "output path .accord/tmp is or holds accord's own folder .accord"),
        ("pacts", "output path pacts is or holds the pacts folder"),
        ("gateway", "output path gateway is or holds the gateway output"),
    ],
)
def test_force_never_replaces_another_service_or_the_manifest(
    system: Path, output: str, message: str
) -> None:
    scaffold_service(workspace(system), ScaffoldRequest("orders"))
    before = snapshot(system)
    request = ScaffoldRequest("billing", output=Path(output), force=True)
    with pytest.raises(ConfigError) as info:
        scaffold_service(workspace(system), request)
    assert info.value.message.startswith(message)
    assert info.value.hint == "use a folder of its own, e.g. services/NAME"
    assert snapshot(system) == before


def test_force_replaces_services_not_folders_of_other_files(system: Path) -> None:
    (system / "docs").mkdir()
    (system / "docs" / "design.md").write_text("mine")
    before = snapshot(system)
    with pytest.raises(ConfigError) as info:
        scaffold_service(workspace(system), ScaffoldRequest("orders", output=Path("docs"), force=True))
    assert info.value.message == (
        "output path docs holds files that are not a scaffolded service (no .accord-answers.yaml)"
    )
    assert snapshot(system) == before
    scaffold_service(workspace(system), ScaffoldRequest("orders", output=Path("apps/orders")))
    (system / "apps" / "orders" / "NOTES.md").write_text("mine")
    scaffold_service(workspace(system), ScaffoldRequest("orders", output=Path("apps/orders"), force=True))
    assert not (system / "apps" / "orders" / "NOTES.md").exists()  # its own folder: replaced


def test_a_replaced_service_keeps_its_port(system: Path) -> None:
    scaffold_service(workspace(system), ScaffoldRequest("orders"))
    scaffold_service(workspace(system), ScaffoldRequest("billing"))
    ports = {name: s.port for name, s in load_manifest(system / "accord.yaml").services.items()}
    scaffold_service(workspace(system), ScaffoldRequest("orders", force=True, broker="none"))
    after = {name: s.port for name, s in load_manifest(system / "accord.yaml").services.items()}
    assert after == ports == {"orders": 8001, "billing": 8002}
    assert "PORT=8001" in (system / "services" / "orders" / "Dockerfile").read_text()


def test_existing_folder_is_refused(system: Path) -> None:
    (system / "services" / "orders").mkdir(parents=True)
    (system / "services" / "orders" / "keep.txt").write_text("mine")
    with pytest.raises(ConfigError, match="not empty") as info:
        scaffold_service(workspace(system), ScaffoldRequest("orders"))
    assert info.value.hint == "choose another --into, or pass --force to replace it"
    assert (system / "services" / "orders" / "keep.txt").read_text() == "mine"


def test_broken_manifest_is_refused_before_anything(tmp_path: Path) -> None:
    shutil.copy(TEMPLATES / "broken-accord.yaml", tmp_path / "accord.yaml")
    with pytest.raises(ConfigError) as info:
        scaffold_service(workspace(tmp_path), ScaffoldRequest("billing"))
    assert info.value.line == 6
    assert sorted(p.name for p in tmp_path.iterdir()) == ["accord.yaml"]


def test_failing_hook_leaves_no_half_service(system: Path) -> None:
    before = snapshot(system)
    with pytest.raises(ToolError, match="hook"):
        scaffold_service(
            workspace(system), ScaffoldRequest("orders", template=str(TEMPLATES / "failing-hook"), trust=True)
        )
    assert not (system / "services").exists()
    assert snapshot(system) == before


def test_failed_manifest_write_rolls_the_service_back(system: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from accord.scaffold import steps

    def interrupted(*_: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(steps, "write_manifest", interrupted)
    before = snapshot(system)
    with pytest.raises(KeyboardInterrupt):
        scaffold_service(workspace(system), ScaffoldRequest("orders"))
    assert not (system / "services" / "orders").exists()
    assert snapshot(system) == before


def test_hooks_of_user_templates_need_trust(system: Path) -> None:
    hooked = ScaffoldRequest("orders", template=str(TEMPLATES / "hooked"), gateway="none")
    with pytest.raises(ConfigError, match="--trust"):
        scaffold_service(workspace(system), hooked)
    assert not (system / "services").exists()
    scaffold_service(workspace(system), ScaffoldRequest(**{**hooked.__dict__, "trust": True}))
    assert (system / "services" / "orders" / "HOOK_RAN").read_text() == "yes"


def test_user_template_from_a_folder(system: Path) -> None:
    result = scaffold_service(
        workspace(system),
        ScaffoldRequest(
            "orders", template=str(TEMPLATES / "plain-v1"), values={"greeting": "hi"}, gateway="none"
        ),
    )
    assert "hi from the orders service" in (result.path / "README.md").read_text()
    assert result.template_version.startswith("sha256:")


def test_errors_are_accord_errors_with_hints(system: Path) -> None:
    with pytest.raises(AccordError) as info:
        scaffold_service(workspace(system), ScaffoldRequest("9lives"))
    assert info.value.hint and "lower-case" in info.value.hint
