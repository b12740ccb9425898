"""The HTTP API of {{ cookiecutter.service_name }}: FastAPI, serving the routes of openapi.yaml."""

from __future__ import annotations

{%- if cookiecutter.broker != "none" %}
import asyncio
import contextlib
{%- endif %}
import itertools
import logging
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from typing import Any

from fastapi import FastAPI, HTTPException, Request, Response
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from starlette.routing import Match

from {{ cookiecutter.package_name }} import __version__
{%- if cookiecutter.broker != "none" %}
from {{ cookiecutter.package_name }} import events
{%- endif %}
from {{ cookiecutter.package_name }}.dependencies import DependencyUnavailable
from {{ cookiecutter.package_name }}.log import configure_logging
from {{ cookiecutter.package_name }}.models import {% if cookiecutter.broker != "none" %}Item, ItemCreated, NewItem{% else %}Item, NewItem{% endif %}
from {{ cookiecutter.package_name }}.settings import get_settings

ROUTE = "{{ cookiecutter.route }}"
logger = logging.getLogger("{{ cookiecutter.package_name }}")

_items: dict[str, Item] = {}
_ids = itertools.count(1)
_state = {"ready": False}


@asynccontextmanager
async def lifespan(_: FastAPI) -> AsyncIterator[None]:
    settings = get_settings()
    configure_logging(settings.service_name, settings.log_level)
    async with AsyncExitStack() as stack:
        ready_at_once = True
{%- if cookiecutter.broker != "none" %}
        if settings.broker_mode == "memory":
            await stack.enter_async_context(events.in_memory())
        elif settings.broker_connect:
            # Connect in the background: /healthz answers at once, /readyz once connected.
            connecting = asyncio.create_task(_connect(settings.broker_connect_timeout))
            stack.push_async_callback(_disconnect, connecting)
            ready_at_once = False
{%- endif %}
{%- if "grpc" in cookiecutter.api %}
        from {{ cookiecutter.package_name }} import grpc_server

        server, app.state.grpc_port = await grpc_server.start(settings.grpc_port)
        stack.push_async_callback(server.stop, 1.0)
{%- endif %}
        _state["ready"] = ready_at_once
        logger.info("started", extra={"port": settings.port})
        yield
        _state["ready"] = False
{%- if cookiecutter.broker != "none" %}


async def _connect(timeout: float) -> None:
    """Connect to the broker, retrying with a growing pause while it is down or silent."""
    pause = 0.5
    while True:
        try:
            await asyncio.wait_for(events.broker.start(), timeout=timeout)
            # Some clients connect lazily: only an answer proves the broker is there.
            if not await asyncio.wait_for(events.broker.ping(timeout=timeout), timeout=timeout):
                raise ConnectionError(f"no answer to a ping within {timeout} s")
        except Exception as exc:  # refused, unknown host, or no answer within the timeout
            task = asyncio.current_task()
            if task is not None and task.cancelling():
                # Python 3.11's wait_for may hand back the inner error instead of the cancel
                # when both happen at once; shutting down must still stop this loop.
                raise asyncio.CancelledError from exc
            with contextlib.suppress(Exception):
                await events.broker.stop()
            cause = f"{type(exc).__name__}: {exc}".rstrip(": ") if str(exc) else type(exc).__name__
            logger.warning(
                "broker unreachable, retrying",
                extra={"broker": events.shown_url(), "cause": cause, "retry_in_s": pause},
            )
            await asyncio.sleep(pause)
            pause = min(pause * 2, 30.0)
        else:
            _state["ready"] = True
            logger.info("connected to the broker", extra={"broker": events.shown_url()})
            return


async def _disconnect(connecting: asyncio.Task[None]) -> None:
    connecting.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await connecting
    if connecting.cancelled() or connecting.exception() is None:
        with contextlib.suppress(Exception):
            await events.broker.stop()
{%- endif %}


app = FastAPI(title="{{ cookiecutter.service_name }}", version=__version__, lifespan=lifespan)
{%- if cookiecutter.otel == "yes" %}
if get_settings().otel_enabled:
    from {{ cookiecutter.package_name }}.telemetry import instrument

    instrument(app)
{%- endif %}


@app.exception_handler(DependencyUnavailable)
async def dependency_unavailable(_: Request, exc: DependencyUnavailable) -> Response:
    """A failing dependency is a declared 503 (with what failed), never a 500."""
    logger.warning("dependency unavailable", extra={"dependency": exc.service, "cause": exc.cause})
    return JSONResponse({"detail": f"{exc.service} is unavailable"}, status_code=503)


@app.middleware("http")
async def allow_all_methods_of_a_path(request: Request, call_next: Any) -> Response:
    """A 405 names every method of the path (Starlette names only those of the first route)."""
    response: Response = await call_next(request)
    if response.status_code == 405:
        methods = {
            method
            for route in app.routes
            if isinstance(route, APIRoute) and route.matches(request.scope)[0] is not Match.NONE
            for method in route.methods
        }
        response.headers["Allow"] = ", ".join(sorted(methods))
    return response


@app.get("/healthz", tags=["health"])
async def health() -> dict[str, str]:
    """Liveness: the process answers."""
    return {"status": "ok"}


@app.get("/readyz", tags=["health"], responses={503: {"description": "Not ready yet."}})
async def ready(response: Response) -> dict[str, str]:
    """Readiness: started{% if cookiecutter.broker != "none" %} and connected to the broker{% endif %}."""
    if not _state["ready"]:
        response.status_code = 503
        return {"status": "starting"}
    return {"status": "ready"}


def store_item(name: str) -> Item:
    """Keep a new item (the HTTP and gRPC APIs share one store)."""
    item = Item(id=str(next(_ids)), name=name)
    _items[item.id] = item
    return item


def find_item(item_id: str) -> Item | None:
    return _items.get(item_id)


def all_items() -> list[Item]:
    return list(_items.values())


def is_ready() -> bool:
    return bool(_state["ready"])
{%- if "http" in cookiecutter.api %}


@app.get(f"{ROUTE}/items", tags=["items"])
async def list_items() -> list[Item]:
    return all_items()


@app.post(
    f"{ROUTE}/items",
    status_code=201,
    tags=["items"],{% if cookiecutter.broker != "none" %}
    responses={503: {"description": "Not connected to the broker yet."}},{% endif %}
)
async def create_item(body: NewItem) -> Item:
{%- if cookiecutter.broker != "none" %}
    if not _state["ready"]:
        raise HTTPException(status_code=503, detail="not connected to the broker yet")
{%- endif %}
    item = store_item(body.name)
{%- if cookiecutter.broker != "none" %}
    await events.publish_item_created(ItemCreated(id=item.id, name=item.name))
{%- endif %}
    logger.info("item created", extra={"item_id": item.id})
    return item


@app.get(ROUTE + "/items/{item_id}", tags=["items"], responses={404: {"description": "No such item."}})
async def get_item(item_id: str) -> Item:
    item = find_item(item_id)
    if item is None:
        raise HTTPException(status_code=404, detail="no such item")
    return item
{%- endif %}
{%- if cookiecutter.broker != "none" %}


@app.get(f"{ROUTE}/events", tags=["events"])
async def received_events() -> list[dict[str, Any]]:
    """The events this service received from the broker, oldest first."""
    return events.received
{%- endif %}
