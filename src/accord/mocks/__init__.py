"""Mock dependencies made from contracts and pacts: servers and in-process (respx) mocks."""

from __future__ import annotations

from accord.mocks.http import MockRequest, MockResponse
from accord.mocks.inprocess import MockedService, mock_service
from accord.mocks.openapi_app import OpenAPIMock, load_mock
from accord.mocks.runner import MockRunner, MockSpec, RunningMock

__all__ = [
    "MockRequest",
    "MockResponse",
    "MockRunner",
    "MockSpec",
    "MockedService",
    "OpenAPIMock",
    "RunningMock",
    "load_mock",
    "mock_service",
]
