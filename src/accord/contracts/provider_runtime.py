"""What surrounds a provider under test: the broker its app uses, the apps it depends on, its output.

A generated service reads `BROKER_MODE`: `memory` runs FastStream's in-memory broker, so the app
answers and publishes without a broker server. Dependencies are served each in a process of its
own (their modules and event loops must not mix with the app under test), and every app's output
is kept in a log file, never on stdout, where the report goes.
"""

from __future__ import annotations

import contextlib
import enum
import logging
import os
import socket
import sys
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from accord.manifest import Broker

__all__ = ["BrokerMode", "Dependency", "RuntimeOptions", "Surroundings", "broker_unreachable", "surroundings"]

MODE_VARIABLE = "BROKER_MODE"
URL_VARIABLE = "BROKER_URL"
DEFAULT_PORTS = {"amqp": 5672, "amqps": 5671, "kafka": 9092, "nats": 4222, "tls": 4222, "redis": 6379}


@dataclass(frozen=True)
class Dependency:
    """An HTTP provider the tested service calls, found by the service through `env` (e.g. PAYMENTS_URL)."""

    env: str
    app: str | None = None
    search_path: Path | None = None
    url: str | None = None
    name: str = "dependency"
    broker: Broker | None = None  # the broker its app connects to


class BrokerMode(enum.StrEnum):
    """Which broker the apps under test use."""

    auto = "auto"  # the configured broker when it answers, else the in-memory one
    real = "real"
    memory = "memory"


@dataclass(frozen=True, kw_only=True)
class RuntimeOptions:
    broker: BrokerMode = BrokerMode.auto
    log_dir: Path | None = None  # where the apps' output is kept; None: stderr


@dataclass
class Surroundings:
    """What was arranged for one provider: lines worth telling the user, and the apps' log files."""

    notes: list[str] = field(default_factory=list)
    logs: list[Path] = field(default_factory=list)


@contextlib.contextmanager
def surroundings(
    name: str, broker: Broker | None, dependencies: Sequence[Dependency], options: RuntimeOptions
) -> Iterator[Surroundings]:
    """Serve the dependencies, choose the app's broker, and capture its output, for one provider run."""
    found = Surroundings()
    with contextlib.ExitStack() as stack:
        log_dir = options.log_dir or Path(stack.enter_context(tempfile.TemporaryDirectory()))
        urls = {d.env: _serve(d, f"{name}--{d.name}", log_dir, options, found, stack) for d in dependencies}
        mode = _broker_mode(broker, options.broker, found.notes)
        stack.enter_context(
            _environment({k: v for k, v in urls.items() if v} | _broker_variables(broker, mode))
        )
        log_file = options.log_dir / f"{name}.log" if options.log_dir else None
        if log_file is not None:
            found.logs.insert(0, log_file)
        stack.enter_context(_captured_output(log_file))
        yield found


def _serve(
    dependency: Dependency,
    label: str,
    log_dir: Path,
    options: RuntimeOptions,
    found: Surroundings,
    stack: contextlib.ExitStack,
) -> str | None:
    """The URL the app under test reaches `dependency` at; a variable the user set wins (e.g. a mock)."""
    from accord.apps import serve_app_process

    if os.environ.get(dependency.env) is not None:
        return None
    if not dependency.app:
        return dependency.url
    mode = _broker_mode(dependency.broker, options.broker, found.notes)
    env = {**os.environ, **_broker_variables(dependency.broker, mode), "PYTHONUNBUFFERED": "1"}
    log_file = log_dir / f"{label}.log"
    if options.log_dir is not None:
        found.logs.append(log_file)
    search_path = dependency.search_path or Path.cwd()
    return stack.enter_context(serve_app_process(dependency.app, search_path, env=env, log_file=log_file))


def _broker_mode(broker: Broker | None, mode: BrokerMode, notes: list[str]) -> str | None:
    """The BROKER_MODE to give an app using `broker`, or None to leave the app's own setting alone."""
    if broker is None or broker.kind == "none":
        return None
    if mode is not BrokerMode.auto:
        return mode.value
    url = os.environ.get(URL_VARIABLE) or broker.url
    if os.environ.get(MODE_VARIABLE) or not url:
        return None
    problem = broker_unreachable(broker.kind, url)
    if problem is None:
        return None
    note = f"{broker.kind} broker at {url} unreachable ({problem}); the apps use the in-memory broker"
    if note not in notes:
        notes.append(note)
    return BrokerMode.memory.value


def _broker_variables(broker: Broker | None, mode: str | None) -> dict[str, str]:
    """BROKER_MODE as chosen and, on a real broker, BROKER_URL: the app uses the broker accord
    probed and listens on (accord.yaml's), not the default it was generated with, unless the
    user set BROKER_URL."""
    variables = {MODE_VARIABLE: mode} if mode else {}
    real = mode != BrokerMode.memory.value and broker is not None and broker.kind != "none"
    if real and broker is not None and broker.url and not os.environ.get(URL_VARIABLE):
        variables[URL_VARIABLE] = broker.url
    return variables


def broker_unreachable(kind: str, url: str) -> str | None:
    """Why nothing accepts a connection at the broker's address, or None when something does."""
    first = url.split(",")[0].strip()
    parts = urlsplit(first if "://" in first else f"{kind}://{first}")
    try:
        port = parts.port or DEFAULT_PORTS.get(parts.scheme)
    except ValueError:
        return f"{url!r} has no valid port"
    if not parts.hostname or not port:
        return f"{url!r} names no host and port"
    try:
        with socket.create_connection((parts.hostname, port), timeout=2.0):
            return None
    except OSError as exc:
        return exc.strerror or str(exc)


@contextlib.contextmanager
def _environment(values: Mapping[str, str]) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@contextlib.contextmanager
def _captured_output(log_file: Path | None) -> Iterator[None]:
    """The app's stdout (its JSON logs) into `log_file` (stderr without one); its logging set back after."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    with contextlib.ExitStack() as stack:
        if log_file is not None:
            log_file.parent.mkdir(parents=True, exist_ok=True)
        target = stack.enter_context(log_file.open("w")) if log_file is not None else sys.stderr
        stack.enter_context(contextlib.redirect_stdout(target))
        try:
            yield
        finally:
            root.handlers[:] = handlers
            root.setLevel(level)
