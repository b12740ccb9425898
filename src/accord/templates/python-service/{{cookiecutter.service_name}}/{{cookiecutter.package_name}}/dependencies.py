"""Calls to the services this one depends on: httpx with a timeout and bounded retries.

Each dependency is found through environment variables that accord fills in from accord.yaml's
`depends_on` (`accord contracts test --chaos`, `accord mocks up`): `STOCK_URL`, and the policy of
the edge, `STOCK_TIMEOUT` (seconds for the whole call, retries included) and `STOCK_RETRIES`. A dependency that fails,
hangs or answers 5xx becomes `DependencyUnavailable`, which the app answers with a declared 503,
never a 500 and never a hang.
"""

from __future__ import annotations

import asyncio
import os
import re
from dataclasses import dataclass
from typing import Any

import httpx

DEFAULT_TIMEOUT = 2.0  # seconds for a call, retries included, when accord.yaml gives no `timeout`
DEFAULT_RETRIES = 1
RETRY_STATUSES = {502, 503, 504}
IDEMPOTENT = {"GET", "HEAD", "OPTIONS", "PUT", "DELETE"}


class DependencyUnavailable(Exception):
    """A dependency did not answer usably; `service` names it."""

    def __init__(self, service: str, cause: str) -> None:
        super().__init__(f"{service} unavailable: {cause}")
        self.service = service
        self.cause = cause


@dataclass(frozen=True)
class Dependency:
    name: str
    url: str
    timeout: float
    retries: int


def dependency(name: str) -> Dependency:
    """The settings of dependency `name` from the environment (`NAME_URL`, `NAME_TIMEOUT`, `NAME_RETRIES`)."""
    prefix = re.sub(r"[^A-Z0-9]", "_", name.upper())
    url = os.environ.get(f"{prefix}_URL")
    if not url:
        raise DependencyUnavailable(name, f"{prefix}_URL is not set")
    timeout = float(os.environ.get(f"{prefix}_TIMEOUT", DEFAULT_TIMEOUT))
    retries = int(os.environ.get(f"{prefix}_RETRIES", DEFAULT_RETRIES))
    return Dependency(name, url.rstrip("/"), timeout, retries)


async def call(name: str, method: str, path: str, **kwargs: Any) -> httpx.Response:
    """`method path` on dependency `name`: retried (idempotent methods only) on resets and 502/503/504."""
    target = dependency(name)
    attempts = 1 + (target.retries if method.upper() in IDEMPOTENT else 0)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + target.timeout
    cause = "no attempt made"
    async with httpx.AsyncClient(base_url=target.url) as client:
        for attempt in range(attempts):
            if attempt:
                await asyncio.sleep(0.05 * 2**attempt)  # a short, growing pause between attempts
            left = deadline - loop.time()
            if left <= 0:
                break
            try:
                response = await client.request(method, path, timeout=left, **kwargs)
            except httpx.TimeoutException:
                cause = f"no answer within {target.timeout} s"
                continue
            except httpx.TransportError as exc:
                cause = f"{type(exc).__name__}: {exc}"
                continue
            if response.status_code in RETRY_STATUSES:
                cause = f"it answered {response.status_code}"
                continue
            if response.status_code >= 500:
                raise DependencyUnavailable(name, f"it answered {response.status_code}")
            try:
                response.json() if response.content else None
            except ValueError:
                raise DependencyUnavailable(name, "its answer is not JSON") from None
            return response
    raise DependencyUnavailable(name, cause)
