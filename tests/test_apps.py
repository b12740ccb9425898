"""Importing service apps by spec and serving them on a real port."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import httpx
import pytest

from accord.apps import load_app, serve_app, serve_app_process
from accord.errors import ConfigError, ToolError
from tests.conftest import EXAMPLE, FIXTURES


def test_example_payments_app_is_served_on_a_free_port() -> None:
    app = load_app("payments_service.app:app", EXAMPLE / "services" / "payments")
    with serve_app(app) as base_url:
        created = httpx.post(
            f"{base_url}/payments", json={"order_id": "o-1", "amount": {"value": 5, "currency": "EUR"}}
        )
        assert created.status_code == 201
        assert httpx.get(f"{base_url}{created.headers['location']}").json()["order_id"] == "o-1"


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("no_colon", "not an app spec"),
        ("no_such_module_x:app", "cannot import"),
        ("json:nothing", "no attribute"),
    ],
)
def test_bad_app_specs_are_config_errors(spec: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_app(spec)


def test_an_app_that_does_not_parse_is_a_config_error_at_its_line(tmp_path: Path) -> None:
    # Kept as .txt in the fixtures: the linters parse every .py file of the repository.
    shutil.copy(FIXTURES / "apps" / "unparsable_app.py.txt", tmp_path / "unparsable_app.py")
    with pytest.raises(ConfigError) as raised:
        load_app("unparsable_app:app", tmp_path)
    assert raised.value.message == (
        "cannot import 'unparsable_app' for app 'unparsable_app:app': '(' was never closed"
    )
    assert (raised.value.file, raised.value.line) == (str(tmp_path / "unparsable_app.py"), 3)


def test_an_app_that_raises_as_it_is_imported_is_a_config_error() -> None:
    with pytest.raises(ConfigError) as raised:
        load_app("raising_import:app", FIXTURES / "apps")
    assert raised.value.message == (
        "importing 'raising_import' for app 'raising_import:app' raised "
        "KeyError: 'ACCORD_TEST_NO_SUCH_SETTING'"
    )
    assert (
        raised.value.hint == "`python -c 'import raising_import'` in the service's folder shows the traceback"
    )


def test_an_app_whose_start_up_fails_is_reported_with_its_own_error() -> None:
    app = load_app("failing_startup:app", FIXTURES / "apps")
    with pytest.raises(ToolError) as raised, serve_app(app):
        pass
    assert (
        "ConnectionRefusedError: the database at 127.0.0.1:1 refused the connection" in raised.value.message
    )
    assert "port" not in raised.value.message.split(":")[0]


def test_an_app_served_in_its_own_process_reports_its_start_up_error(tmp_path: Path) -> None:
    log = tmp_path / "logs" / "failing.log"
    with (
        pytest.raises(ToolError) as raised,
        serve_app_process("failing_startup:app", FIXTURES / "apps", env=os.environ, log_file=log),
    ):
        pass
    assert raised.value.message == (
        "failing_startup:app did not start: "
        "ConnectionRefusedError: the database at 127.0.0.1:1 refused the connection"
    )
    assert raised.value.hint == f"its whole output: {log}"
    assert "Traceback" in log.read_text()


def test_an_app_served_in_its_own_process_answers(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": ""}
    log = tmp_path / "payments.log"
    with serve_app_process(
        "payments_service.app:app", EXAMPLE / "services" / "payments", env=env, log_file=log
    ) as base_url:
        assert httpx.get(f"{base_url}/payments/none").status_code == 404


def test_an_app_of_the_same_name_in_another_folder_is_imported_afresh(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    for folder, answer in ((first, "first"), (second, "second")):
        (folder / "samename_svc").mkdir(parents=True)
        (folder / "samename_svc" / "__init__.py").write_text("")
        (folder / "samename_svc" / "app.py").write_text(f"app = {answer!r}\nstate = []\n")
    try:
        assert load_app("samename_svc.app:app", first) == "first"
        load_app("samename_svc.app:state", first).append("left over")
        assert load_app("samename_svc.app:app", second) == "second"
        assert load_app("samename_svc.app:state", second) == []
        # The same folder again keeps the module (and its state) it already imported.
        load_app("samename_svc.app:state", second).append("kept")
        assert load_app("samename_svc.app:state", second) == ["kept"]
    finally:
        for name in [n for n in sys.modules if n.startswith("samename_svc")]:
            del sys.modules[name]
