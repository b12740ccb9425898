"""The service's data: what the API takes and returns (keep in step with openapi.yaml)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class NewItem(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=100)


class Item(BaseModel):
    id: str
    name: str = Field(min_length=1, max_length=100)


class ItemCreated(BaseModel):
    """The event published when an item is created."""

    id: str
    name: str = Field(min_length=1, max_length=100)
