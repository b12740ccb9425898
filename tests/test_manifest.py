"""accord.yaml: loading, schema errors that name the line, workspace discovery, init."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from accord.errors import ConfigError
from accord.manifest import find_workspace, init_manifest, load_manifest, load_workspace
from accord.manifest.model import Broker, FaultSpec, Gateway, Grpc, Manifest, Pacts, Service, Workspace
from accord.manifest.policy import CircuitBreaker, Dependency, Duration, Policy


def test_valid_manifest_loads_services_and_dependencies(fixtures: Path) -> None:
    manifest = load_manifest(fixtures / "manifests" / "valid.yaml")
    assert manifest.system == "demo"
    assert list(manifest.services) == ["orders", "payments"]
    assert manifest.services["orders"].dependency_names == ("payments",)
    assert manifest.services["orders"].depends_on == (Dependency("payments"),)


def test_every_key_of_a_manifest_is_read_as_written(fixtures: Path) -> None:
    defaults = Policy(
        timeout=Duration(2000),
        retries=1,
        retry_on=("5xx", "reset"),
        circuit_breaker=CircuitBreaker(consecutive_errors=3, eject=Duration(10_000), max_connections=50),
    )
    orders = Service(
        name="orders",
        path="services/orders",
        openapi="services/orders/openapi.yaml",
        asyncapi="services/orders/asyncapi.yaml",
        grpc=Grpc(("protos/orders.proto", "protos/common"), ("protos",)),
        route="/api/orders",
        port=8001,
        grpc_port=50051,
        url="http://127.0.0.1:8001",
        app="orders_service.main:app",
        upstreams={"local": "http://127.0.0.1:8001", "k8s": "http://orders.shop:80"},
        depends_on=(
            Dependency("payments", defaults),
            Dependency("stock", Policy(Duration(800), 2, (503,), defaults.circuit_breaker)),
        ),
        publishes=("order.placed", "order.cancelled"),
        emits={"POST /orders": ("order.placed",), "cancelOrder": ("order.cancelled",)},
        subscribes=("payment.settled",),
        template="python",
        pact_states="orders_service.states:setup",
        pact_messages="orders_service.messages:producers",
        broker=Broker("nats", "nats://127.0.0.1:4222"),
        mock_faults={"getOrder": FaultSpec(latency="50ms", faults=("hang",))},
        timeout=Duration(3000),
    )
    expected = Manifest(
        system="shop",
        services={
            "orders": orders,
            "payments": Service("payments", grpc=Grpc(("protos/payments.proto",))),
            "stock": Service("stock"),
        },
        gateway=Gateway("nginx", "deploy/gateway", 9090, "k8s"),
        broker=Broker("rabbitmq", "amqp://guest:guest@127.0.0.1:5672/"),
        pacts=Pacts("contracts/pacts", "https://pacts.example.com", "SHOP_PACT_TOKEN", "out/matrix.json"),
        lint={"rules": {"operation-id": "off"}},
        diff={"deprecation_days": 30},
        templates={"python": "./templates/python"},
        chaos_profiles={
            "flaky": FaultSpec("200ms..800ms", 0.25, 502, ("reset=0.1", "slow-body"), down=False),
            "gone": FaultSpec(down=True),
        },
        resilience=defaults,
    )

    assert load_manifest(fixtures / "manifests" / "complete.yaml") == expected


@pytest.mark.parametrize(
    ("name", "line", "text"),
    [
        ("unknown-key.yaml", 6, "unknown key 'depends'"),
        ("bad-service-name.yaml", 4, "not a valid name"),
        ("missing-dependency.yaml", 6, "'payments', which is not a service"),
        ("dependency-twice.yaml", 5, "'stock', which it already names"),
        ("dependency-on-itself.yaml", 5, "services.orders.depends_on names 'orders', itself"),
        ("wrong-version.yaml", 1, "version"),
        ("not-a-mapping.yaml", 1, "must be a mapping"),
        ("tabs.yaml", 4, "invalid YAML"),
        ("empty.yaml", None, "empty"),
    ],
)
def test_broken_manifests_name_the_line(fixtures: Path, name: str, line: int | None, text: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_manifest(fixtures / "manifests" / name)
    assert caught.value.line == line
    assert text in str(caught.value)
    assert caught.value.file is not None and caught.value.file.endswith(name)


def test_workspace_is_found_by_walking_up(example_system: Path) -> None:
    nested = example_system / "services" / "orders" / "orders_service"
    workspace = find_workspace(nested)
    assert workspace.root == example_system.resolve()
    assert workspace.contracts()[0] == (example_system / "services/orders/openapi.yaml").resolve()


def test_no_workspace_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="accord init"):
        find_workspace(tmp_path)


def test_init_writes_a_manifest_that_loads_and_never_overwrites(tmp_path: Path) -> None:
    path = init_manifest(tmp_path / "My Shop")
    assert load_manifest(path).system == "my-shop"
    path.write_text(path.read_text() + "# mine\n")
    with pytest.raises(ConfigError, match="already exists"):
        init_manifest(tmp_path / "My Shop")
    assert path.read_text().endswith("# mine\n")
    init_manifest(tmp_path / "My Shop", force=True)
    assert not path.read_text().endswith("# mine\n")


def test_example_system_manifest_is_valid() -> None:
    from tests.conftest import EXAMPLE

    manifest = load_manifest(EXAMPLE / "accord.yaml")
    assert set(manifest.services) == {"orders", "payments", "notifications"}


def test_written_files_get_ordinary_permissions(tmp_path: Path) -> None:
    from accord.atomic import write_text_atomic

    target = tmp_path / "report.json"
    write_text_atomic(target, "{}")
    assert target.stat().st_mode & 0o777 == 0o666 & ~_current_umask()
    target.chmod(0o640)
    write_text_atomic(target, "{}")
    assert target.stat().st_mode & 0o777 == 0o640  # an existing file keeps its mode


def _current_umask() -> int:
    import os

    mask = os.umask(0)
    os.umask(mask)
    return mask


def _manifest_with(tmp_path: Path, service: dict[str, object]) -> Path:
    path = tmp_path / "accord.yaml"
    path.write_text(yaml.safe_dump({"version": 1, "system": "shop", "services": {"orders": service}}))
    return path


@pytest.mark.parametrize(
    ("upstream", "port"),
    [
        ("http://127.0.0.1:8001", 8001),
        ("http://localhost:8001/api", 8001),
        ("http://[::1]:8001", 8001),
        ("http://orders:8001", 8001),  # the service's own name, as in a cluster
        ("http://localhost", 80),
        ("https://localhost", 443),
    ],
)
def test_an_upstream_to_the_service_itself_must_name_its_port(
    tmp_path: Path, upstream: str, port: int
) -> None:
    path = _manifest_with(tmp_path, {"port": 8005, "upstreams": {"local": upstream}})

    with pytest.raises(ConfigError) as caught:
        load_manifest(path)
    assert caught.value.message == (
        f"services.orders.upstreams.local ({upstream}) says port {port}, but services.orders.port is 8005"
    )
    assert (caught.value.file, caught.value.line) == (str(path), 5)
    assert caught.value.hint == (
        "delete the upstreams entry: the gateway derives 127.0.0.1:PORT and orders:PORT from port: "
        "(or make the two agree)"
    )
    assert load_manifest(_manifest_with(tmp_path, {"port": port, "upstreams": {"local": upstream}}))


@pytest.mark.parametrize(
    "service",
    [
        {"upstreams": {"local": "http://127.0.0.1:8001"}},  # no port: the upstream is the only word
        {"port": 8005, "upstreams": {"staging": "http://orders.staging.example.com:80"}},
        {"port": 443, "upstreams": {"local": "https://localhost/v1"}},
    ],
)
def test_upstreams_that_do_not_contradict_the_port_load(tmp_path: Path, service: dict[str, object]) -> None:
    manifest = load_manifest(_manifest_with(tmp_path, service))

    assert manifest.services["orders"].upstreams == service["upstreams"]


@pytest.mark.parametrize(
    ("service", "key", "value"),
    [
        ({"path": "../orders"}, "path", "../orders"),
        ({"openapi": "/etc/openapi.yaml"}, "openapi", "/etc/openapi.yaml"),
        ({"asyncapi": "events/../../a.yaml"}, "asyncapi", "events/../../a.yaml"),
        ({"grpc": "../protos"}, "grpc", "../protos"),
        ({"grpc": {"protos": ["protos", "../x.proto"]}}, "grpc/protos/1", "../x.proto"),
        ({"grpc": {"protos": ["protos"], "import_roots": ["../roots"]}}, "grpc/import_roots/0", "../roots"),
    ],
)
def test_a_service_path_outside_the_workspace_is_refused_at_its_line(
    tmp_path: Path, service: dict[str, object], key: str, value: str
) -> None:
    path = _manifest_with(tmp_path, {"path": "orders", **service})
    line = next(n for n, text in enumerate(path.read_text().splitlines(), 1) if text.endswith(value))

    with pytest.raises(ConfigError) as caught:
        load_manifest(path)
    assert caught.value.message == (
        f"services.orders.{key} is {value!r}, which leads outside the workspace {tmp_path.resolve()}"
    )
    assert (caught.value.file, caught.value.line) == (str(path), line)
    assert caught.value.hint == "keep services and their contracts inside the folder of accord.yaml"


@pytest.mark.parametrize(
    ("service", "broker"),
    [
        ("orders", Broker("rabbitmq", "amqp://guest:guest@127.0.0.1:5672/")),
        ("stock", Broker("rabbitmq", "amqp://guest:guest@127.0.0.1:5672/")),
        ("billing", Broker("rabbitmq", "amqp://billing:5672/")),
        ("shipping", Broker("nats", None)),
        ("payments", Broker("nats", "nats://127.0.0.1:4222")),
    ],
)
def test_a_service_is_on_its_own_broker_or_the_systems(fixtures: Path, service: str, broker: Broker) -> None:
    workspace = load_workspace(fixtures / "manifests" / "brokers.yaml")
    assert workspace.manifest.broker_of(workspace.service(service)) == broker


def test_a_service_is_looked_up_by_name_and_an_unknown_name_lists_the_known_ones(fixtures: Path) -> None:
    path = fixtures / "manifests" / "complete.yaml"
    workspace = load_workspace(path)
    assert workspace.service("stock") == Service("stock")

    with pytest.raises(ConfigError) as caught:
        workspace.service("billing")
    message = "no service named 'billing' in the manifest (services: orders, payments, stock)"
    assert caught.value.message == message
    assert caught.value.file == str(path.resolve())

    empty = Workspace(path.parent, path, Manifest("shop", {}))
    with pytest.raises(ConfigError) as caught:
        empty.service("orders")
    assert caught.value.message == "no service named 'orders' in the manifest (services: none)"


def test_a_dependency_edge_is_found_by_the_name_it_calls(fixtures: Path) -> None:
    orders = load_manifest(fixtures / "manifests" / "complete.yaml").services["orders"]
    stock = orders.dependency("stock")
    assert stock is not None and stock.policy.timeout == Duration(800) and stock.policy.retries == 2
    assert orders.dependency("payments") == orders.depends_on[0]
    assert orders.dependency("billing") is None


def test_an_empty_manifest_is_a_config_error_pointing_at_init(tmp_path: Path) -> None:
    (tmp_path / "accord.yaml").write_text("\n")
    with pytest.raises(ConfigError) as info:
        load_manifest(tmp_path / "accord.yaml")
    assert str(info.value) == (
        f"{tmp_path / 'accord.yaml'}: the file is empty\n  hint: run `accord init` to see a valid manifest"
    )
