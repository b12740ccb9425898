"""Events on the real broker: publish conforming messages, listen and check what arrives, and
check publishers against subscribers, for every broker through FastStream."""

from __future__ import annotations

from accord.events.catalog import EventCatalog, EventMessage, event_catalog
from accord.events.destinations import Destination, destination
from accord.events.listen import ListenOptions, ListenResult, listen_event
from accord.events.publish import PublishOptions, PublishResult, publish_event

__all__ = [
    "Destination",
    "EventCatalog",
    "EventMessage",
    "ListenOptions",
    "ListenResult",
    "PublishOptions",
    "PublishResult",
    "destination",
    "event_catalog",
    "listen_event",
    "publish_event",
]
