"""The gRPC API of {{ cookiecutter.service_name }} (proto/): grpcio asyncio, with the standard health
service and server reflection (grpcurl, Postman). It runs in the app's event loop, started by its lifespan.
"""

from __future__ import annotations

import logging
from typing import Any

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection

from {{ cookiecutter.package_name }} import app as service
{%- if cookiecutter.broker != "none" %}
from {{ cookiecutter.package_name }} import events
{%- endif %}
from {{ cookiecutter.package_name }}.models import {% if cookiecutter.broker != "none" %}Item, ItemCreated{% else %}Item{% endif %}
from {{ cookiecutter.package_name }}.v1 import items_pb2, items_pb2_grpc

logger = logging.getLogger("{{ cookiecutter.package_name }}")
SERVICE_NAME = items_pb2.DESCRIPTOR.services_by_name["ItemsService"].full_name


def _message(item: Item) -> items_pb2.Item:
    return items_pb2.Item(id=item.id, name=item.name)


class ItemsService(items_pb2_grpc.ItemsServiceServicer):
    async def CreateItem(self, request: Any, context: grpc.aio.ServicerContext) -> Any:  # noqa: N802
        if not 1 <= len(request.name) <= 100:
            await context.abort(grpc.StatusCode.INVALID_ARGUMENT, "name must have 1 to 100 characters")
{%- if cookiecutter.broker != "none" %}
        if not service.is_ready():
            await context.abort(grpc.StatusCode.UNAVAILABLE, "not connected to the broker yet")
{%- endif %}
        item = service.store_item(request.name)
{%- if cookiecutter.broker != "none" %}
        await events.publish_item_created(ItemCreated(id=item.id, name=item.name))
{%- endif %}
        logger.info("item created", extra={"item_id": item.id, "api": "grpc"})
        return items_pb2.CreateItemResponse(item=_message(item))

    async def GetItem(self, request: Any, context: grpc.aio.ServicerContext) -> Any:  # noqa: N802
        item = service.find_item(request.id)
        if item is None:
            await context.abort(grpc.StatusCode.NOT_FOUND, "no such item")
        return items_pb2.GetItemResponse(item=_message(item))

    async def ListItems(self, request: Any, context: grpc.aio.ServicerContext) -> Any:  # noqa: N802
        for item in service.all_items():
            yield items_pb2.ListItemsResponse(item=_message(item))


async def start(port: int, host: str = "[::]") -> tuple[grpc.aio.Server, int]:
    """Serve the API, health and reflection on host:port (0: a free port); returns the bound port."""
    server = grpc.aio.server()
    items_pb2_grpc.add_ItemsServiceServicer_to_server(ItemsService(), server)
    checker = health.aio.HealthServicer()
    health_pb2_grpc.add_HealthServicer_to_server(checker, server)
    for name in (SERVICE_NAME, ""):
        await checker.set(name, health_pb2.HealthCheckResponse.SERVING)
    reflection.enable_server_reflection((SERVICE_NAME, health.SERVICE_NAME, reflection.SERVICE_NAME), server)
    bound = server.add_insecure_port(f"{host}:{port}")
    await server.start()
    logger.info("gRPC listening", extra={"grpc_port": bound})
    return server, bound
