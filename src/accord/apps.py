"""Import and serve the ASGI apps of services: `module:attribute` specs and uvicorn on a free port.

Used by `pact verify --app`, `contracts test --app`, the mock servers and tests. An app is served
in a thread of this process (`serve_app`) or, when it must not share this process' modules and
event loops with an app under test, in a process of its own (`serve_app_process`).
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from accord.errors import ConfigError, ToolError

__all__ = [
    "free_port",
    "load_app",
    "serve_app",
    "serve_app_process",
    "split_spec",
    "startup_failure",
    "stop_process",
]


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port that was free a moment ago (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        port: int = sock.getsockname()[1]
        return port


def load_app(spec: str, search_path: Path | None = None) -> Any:
    """Import `module:attribute` (e.g. `orders_service.app:app`), with `search_path` first on sys.path."""
    module_name, attribute = split_spec(spec)
    if search_path is not None:
        _search_first(search_path, module_name)
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        where = f" (searched {search_path} first)" if search_path else ""
        raise ConfigError(f"cannot import {module_name!r} for app {spec!r}: {exc}{where}") from exc
    except SyntaxError as exc:
        raise ConfigError(
            f"cannot import {module_name!r} for app {spec!r}: {exc.msg}",
            file=exc.filename,
            line=exc.lineno,
            column=exc.offset,
        ) from None
    except Exception as exc:  # the app's own code failed while it was imported: not accord's bug
        raise ConfigError(
            f"importing {module_name!r} for app {spec!r} raised {type(exc).__name__}: {exc}",
            hint=f"`python -c 'import {module_name}'` in the service's folder shows the traceback",
        ) from exc
    app = module
    for part in attribute.split("."):
        try:
            app = getattr(app, part)
        except AttributeError:
            raise ConfigError(f"module {module_name!r} has no attribute {attribute!r}") from None
    return app


def split_spec(
    spec: str, *, what: str = "an app spec", example: str = "orders_service.app:app"
) -> tuple[str, str]:
    """`module:attribute` as its two parts; ConfigError when either is missing."""
    module_name, _, attribute = spec.partition(":")
    if not module_name or not attribute:
        raise ConfigError(f"{spec!r} is not {what}", hint=f"write it as module:attribute, e.g. {example}")
    return module_name, attribute


def _search_first(search_path: Path, module_name: str) -> None:
    """Put `search_path` first on sys.path, and forget a module of the same name imported from
    elsewhere (another workspace's `payments.app` must not answer for this one's)."""
    folder = str(search_path)
    if folder in sys.path:
        sys.path.remove(folder)
    sys.path.insert(0, folder)
    top = module_name.split(".")[0]
    if not ((search_path / top).is_dir() or (search_path / f"{top}.py").is_file()):
        return  # this folder has no module of that name: the one imported already is the one meant
    loaded = sys.modules.get(top)
    places = [getattr(loaded, "__file__", None), *getattr(loaded, "__path__", [])]
    places = [Path(place).resolve() for place in places if place]
    if not places or any(place.is_relative_to(search_path.resolve()) for place in places):
        return  # not imported yet, built in, or imported from this very folder
    for name in [n for n in sys.modules if n == top or n.startswith(top + ".")]:
        del sys.modules[name]
    importlib.invalidate_caches()


@contextlib.contextmanager
def serve_app(
    app: Any, *, host: str = "127.0.0.1", port: int | None = None, log_level: str = "error"
) -> Iterator[str]:
    """Serve an ASGI app with uvicorn in a background thread (its own event loop); yields its base URL.

    uvicorn logs errors only: the apps served here are fuzzed, and a malformed request is the test
    doing its job, not news for the terminal ("Invalid HTTP request received." on every run)."""
    import uvicorn

    port = port or free_port(host)
    config = uvicorn.Config(app, host=host, port=port, log_level=log_level, lifespan="auto")
    server = uvicorn.Server(config)
    errors = _ErrorRecords()
    uvicorn_log = logging.getLogger("uvicorn.error")
    uvicorn_log.addHandler(errors)
    try:
        thread = threading.Thread(target=_run, args=(server,), name=f"accord-serve-{port}", daemon=True)
        thread.start()
        deadline = time.monotonic() + 15
        while not server.started:
            if not thread.is_alive():
                cause = startup_failure("\n".join(errors.messages))
                raise ToolError(f"the app could not be served on {host}:{port}: {cause}")
            if time.monotonic() > deadline:
                server.should_exit = True
                raise ToolError(f"the app did not start on {host}:{port} within 15 s")
            time.sleep(0.02)
    finally:
        uvicorn_log.removeHandler(errors)
    try:
        yield f"http://{host}:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def _run(server: Any) -> None:
    # uvicorn exits (SystemExit) when the app fails to start; the cause is in its error log.
    with contextlib.suppress(SystemExit):
        server.run()


class _ErrorRecords(logging.Handler):
    """The error messages uvicorn logs while an app starts (a failed lifespan logs its traceback)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextlib.contextmanager
def serve_app_process(
    spec: str,
    search_path: Path,
    *,
    env: Mapping[str, str],
    log_file: Path,
    host: str = "127.0.0.1",
    timeout: float = 30.0,
) -> Iterator[str]:
    """Serve `module:attribute` with uvicorn in a process of its own; its output goes to `log_file`.

    Yields the base URL once the app has started; a start-up failure raises a ToolError with the
    app's own error.
    """
    port = free_port(host)
    command = [sys.executable, "-m", "uvicorn", spec, "--app-dir", str(search_path)]
    command += ["--host", host, "--port", str(port), "--log-level", "warning"]
    log_file.parent.mkdir(parents=True, exist_ok=True)
    with log_file.open("wb") as log:
        process = subprocess.Popen(
            command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=dict(env)
        )
    try:
        _wait_until_listening(process, spec, (host, port), timeout, log_file)
        yield f"http://{host}:{port}"
    finally:
        stop_process(process)


def stop_process(process: subprocess.Popen[bytes], timeout: float = 10.0) -> None:
    """Ask a process to stop (SIGTERM: uvicorn shuts the app down), kill it if it does not."""
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _wait_until_listening(
    process: subprocess.Popen[bytes], spec: str, address: tuple[str, int], timeout: float, log_file: Path
) -> None:
    """uvicorn binds its port after the app's start-up: a connection means the app is up."""
    host, port = address
    deadline = time.monotonic() + timeout
    while process.poll() is None:
        with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=0.5):
            return
        if time.monotonic() > deadline:
            raise ToolError(
                f"the app did not start on {host}:{port} within {timeout:.0f} s",
                hint=f"its output: {log_file}",
            )
        time.sleep(0.05)
    cause = startup_failure(log_file.read_text(errors="replace"))
    raise ToolError(f"{spec} did not start: {cause}", hint=f"its whole output: {log_file}")


_EXCEPTION_LINE = re.compile(r"^[A-Za-z_][\w.]*(Error|Exception|Exit|Interrupt|Failure)\b")


def startup_failure(output: str) -> str:
    """The real cause in an app's start-up output: the last exception line, else the last error line."""
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    exceptions = [line for line in lines if _EXCEPTION_LINE.match(line)]
    if exceptions:
        return exceptions[-1]
    errors = [line.removeprefix("ERROR:").strip() for line in lines if line.startswith("ERROR:")]
    errors = [line for line in errors if "startup failed" not in line]
    if errors:
        return errors[-1]
    return lines[-1] if lines else "it exited without saying why"
