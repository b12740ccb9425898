"""`--stateful`: resources following the collection/item pattern live in memory.

POST /things stores what it returns, GET /things/{id} returns it, GET /things lists them,
PUT/PATCH change it, DELETE /things/{id} removes it. Other operations are answered statelessly.
"""

from __future__ import annotations

import threading
from typing import Any

from accord.contracts.openapi.operations import Operation
from accord.mocks.datagen import generate, is_valid
from accord.mocks.http import MockRequest, MockResponse, UnreadableBody, Violation, parse_json
from accord.mocks.responses import ResponseBuilder, _media_choice, choose_status

__all__ = ["StatefulStore"]


class StatefulStore:
    def __init__(
        self, operations: list[Operation], builder: ResponseBuilder, max_resources: int = 10_000
    ) -> None:
        self.builder = builder
        self.max_resources = max_resources
        self._lock = threading.Lock()
        self._items: dict[str, dict[str, Any]] = {}
        self._age: dict[tuple[str, str], None] = {}  # every stored (collection, key), oldest first
        templates = {op.template.rstrip("/") for op in operations}
        # collection template -> item template, e.g. /payments -> /payments/{paymentId}
        self.item_of: dict[str, str] = {}
        for template in templates:
            head, _, last = template.rpartition("/")
            if last.startswith("{") and last.endswith("}") and "{" not in last[1:-1] and head in templates:
                self.item_of[head] = template
        self.collection_of = {item: coll for coll, item in self.item_of.items()}

    def handle(self, op: Operation, params: dict[str, str], request: MockRequest) -> MockResponse | None:
        template = op.template.rstrip("/")
        if template in self.item_of and op.method == "POST":
            return self._create(op, template, request)
        if template in self.item_of and op.method == "GET":
            return self._list(op, template, request)
        collection = self.collection_of.get(template)
        if collection is None:
            return None
        key = params.get(template.rpartition("{")[2].rstrip("}"), "")
        with self._lock:
            stored = self._items.get(collection, {}).get(key)
            if stored is not None and op.method == "DELETE":
                del self._items[collection][key]
                self._age.pop((collection, key), None)
        if stored is None:
            if op.method in ("GET", "DELETE", "PUT", "PATCH"):
                violation = Violation("stateful-not-found", "path", f"no {key!r} in {collection}")
                return self.builder.rejection(op, [violation], request.headers.get("accept", ""), 404)
            return None
        if op.method in ("PUT", "PATCH"):
            stored = self._update(collection, key, stored, request, replace=op.method == "PUT")
        return self._respond(op, request, stored if op.method != "DELETE" else None)

    def _respond(self, op: Operation, request: MockRequest, value: Any) -> MockResponse:
        status, response = choose_status(op)
        return self.builder.build(
            status, response, request.headers.get("accept", ""), None, False, body=value
        )

    def _create(self, op: Operation, collection: str, request: MockRequest) -> MockResponse | None:
        status, response = choose_status(op)
        mime = _media_choice(response.media, "") if response is not None else None
        if response is None or mime is None:
            return None
        schema = self.builder.schema(response.media[mime])
        value = generate(schema, self.builder.rng, dynamic=True)
        if not isinstance(value, dict):
            return None
        value = _overlay(value, _json(request), schema)
        id_name = _id_property(value, self.item_of[collection])
        with self._lock:
            items = self._items.setdefault(collection, {})
            for _ in range(20):
                if str(value.get(id_name)) not in items:
                    break
                value = _overlay(
                    generate(schema, self.builder.rng, dynamic=True), value, schema, skip=id_name
                )
            self._store(collection, str(value.get(id_name)), value)
        return self.builder.build(
            status, response, request.headers.get("accept", ""), None, False, body=value
        )

    def _store(self, collection: str, key: str, value: Any) -> None:
        """Keep `value`; beyond max_resources the oldest resource goes (the caller holds the lock)."""
        self._items.setdefault(collection, {})[key] = value
        self._age.pop((collection, key), None)
        self._age[(collection, key)] = None
        while len(self._age) > self.max_resources:
            (old_collection, old_key), _ = next(iter(self._age.items()))
            del self._age[(old_collection, old_key)]
            self._items[old_collection].pop(old_key, None)

    def _list(self, op: Operation, collection: str, request: MockRequest) -> MockResponse | None:
        status, response = choose_status(op)
        mime = _media_choice(response.media, "") if response is not None else None
        if response is None or mime is None:
            return None
        with self._lock:
            items = list(self._items.get(collection, {}).values())
        schema = self.builder.schema(response.media[mime])
        if is_valid(schema, items):
            return self.builder.build(
                status, response, request.headers.get("accept", ""), None, False, body=items
            )
        page = generate(schema, self.builder.rng)
        if isinstance(page, dict):  # a page object: put the items into its one array property
            for name, field in page.items():
                if isinstance(field, list) and is_valid(schema, {**page, name: items}):
                    body = {**page, name: items}
                    return self.builder.build(
                        status, response, request.headers.get("accept", ""), None, False, body
                    )
        return None

    def _update(self, collection: str, key: str, stored: Any, request: MockRequest, *, replace: bool) -> Any:
        changes = _json(request)
        if not isinstance(changes, dict) or not isinstance(stored, dict):
            return stored
        updated = {**(stored if not replace else {}), **changes}
        id_name = _id_property(stored, self.item_of[collection])
        updated[id_name] = stored.get(id_name)
        with self._lock:
            self._items[collection][key] = updated
        return updated


def _json(request: MockRequest) -> Any:
    try:
        return parse_json(request.body) if request.body else None
    except UnreadableBody:
        return None


def _overlay(value: dict[str, Any], source: Any, schema: dict[str, Any], skip: str = "") -> dict[str, Any]:
    """Copy the client's fields into the stored resource, one by one, while it stays valid."""
    if not isinstance(source, dict):
        return value
    for name, field in source.items():
        if name != skip:
            trial = {**value, name: field}
            if is_valid(schema, trial):
                value = trial
    return value


def _id_property(value: dict[str, Any], item_template: str) -> str:
    param = item_template.rpartition("{")[2].rstrip("}")
    for name in (param, "id", "uuid", "key", "name"):
        if name in value:
            return name
    return param
