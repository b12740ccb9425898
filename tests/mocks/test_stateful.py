"""`--stateful`: POST stores, GET returns and lists, PUT replaces, DELETE removes — over real HTTP."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path

import httpx

AUTH = {"X-Api-Key": "k", "X-Request-Id": "5b3e0d4e-9d7f-4c1e-9a53-0c1f1f9b7a10"}


def test_a_created_resource_can_be_read_listed_replaced_and_deleted(
    features: Path, serve_mock: Callable[..., AbstractContextManager[str]]
) -> None:
    with serve_mock(features, stateful=True) as url, httpx.Client(base_url=url, headers=AUTH) as client:
        created = client.post("/widgets", json={"name": "bolt", "price": 2.5, "color": "red"})
        assert created.status_code == 201
        widget = created.json()
        assert {k: widget[k] for k in ("name", "price", "color")} == {
            "name": "bolt",
            "price": 2.5,
            "color": "red",
        }
        other = client.post("/widgets", json={"name": "nut", "price": 0.5}).json()
        assert other["id"] != widget["id"]

        assert client.get(f"/widgets/{widget['id']}").json() == widget
        assert sorted(w["id"] for w in client.get("/widgets").json()) == sorted([widget["id"], other["id"]])

        replaced = client.put(f"/widgets/{widget['id']}", json={"name": "bolt2", "price": 3.0})
        assert replaced.json() == {"id": widget["id"], "name": "bolt2", "price": 3.0}

        assert client.delete(f"/widgets/{widget['id']}").status_code == 204
        missing = client.get(f"/widgets/{widget['id']}")
        assert missing.status_code == 404
        assert widget["id"] in missing.json()["message"]
        assert [w["id"] for w in client.get("/widgets").json()] == [other["id"]]


def test_without_stateful_every_item_exists(
    features: Path, serve_mock: Callable[..., AbstractContextManager[str]]
) -> None:
    with serve_mock(features) as url, httpx.Client(base_url=url, headers=AUTH) as client:
        assert client.delete("/widgets/w-404").status_code == 204
        assert client.get("/widgets/w-404").status_code == 200
