"""Import and serve the ASGI apps of services: `module:attribute` specs and uvicorn on a free port.

Used by `pact verify --app`, `contracts test --app`, the mock servers and tests.
"""

from __future__ import annotations

import contextlib
import importlib
import socket
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from accord.errors import ConfigError, ToolError

__all__ = ["free_port", "load_app", "serve_app"]


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port that was free a moment ago (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        port: int = sock.getsockname()[1]
        return port


def load_app(spec: str, search_path: Path | None = None) -> Any:
    """Import `module:attribute` (e.g. `orders_service.app:app`), with `search_path` first on sys.path."""
    module_name, _, attribute = spec.partition(":")
    if not module_name or not attribute:
        raise ConfigError(
            f"{spec!r} is not an app spec", hint="write it as module:attribute, e.g. orders_service.app:app"
        )
    if search_path is not None and str(search_path) not in sys.path:
        sys.path.insert(0, str(search_path))
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        where = f" (searched {search_path} first)" if search_path else ""
        raise ConfigError(f"cannot import {module_name!r} for app {spec!r}: {exc}{where}") from exc
    app = module
    for part in attribute.split("."):
        try:
            app = getattr(app, part)
        except AttributeError:
            raise ConfigError(f"module {module_name!r} has no attribute {attribute!r}") from None
    return app


@contextlib.contextmanager
def serve_app(
    app: Any, *, host: str = "127.0.0.1", port: int | None = None, log_level: str = "warning"
) -> Iterator[str]:
    """Serve an ASGI app with uvicorn in a background thread; yields its base URL."""
    import uvicorn

    port = port or free_port(host)
    config = uvicorn.Config(app, host=host, port=port, log_level=log_level, lifespan="auto")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name=f"accord-serve-{port}", daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if not thread.is_alive():
            raise ToolError(f"the app could not be served on {host}:{port} (is the port taken?)")
        if time.monotonic() > deadline:
            server.should_exit = True
            raise ToolError(f"the app did not start on {host}:{port} within 15 s")
        time.sleep(0.02)
    try:
        yield f"http://{host}:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
