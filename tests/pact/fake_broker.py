"""A small in-test Pact Broker: the documented HAL endpoints accord's broker path uses.

No real Pact Broker can run here; this server answers the index, `POST /contracts/publish`,
`GET /matrix` (can-i-deploy), the pacts-for-verification endpoint, pact fetches and
verification-result publication, and records every request it saw.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass
class BrokerState:
    """What the fake broker holds and what it was asked."""

    pacts: dict[str, dict[str, Any]] = field(default_factory=dict)  # "consumer/provider" -> pact
    deployable: bool = True
    fail_verification_results: bool = False
    requests: list[tuple[str, str, dict[str, str], Any]] = field(default_factory=list)
    base: str = ""

    def seen(self, method: str, prefix: str) -> list[tuple[str, str, dict[str, str], Any]]:
        return [r for r in self.requests if r[0] == method and r[1].startswith(prefix)]


def _handler(state: BrokerState) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # the pact core keeps connections alive

        def log_message(self, format: str, *args: Any) -> None:  # quiet
            return

        def _send(self, status: int, payload: Any) -> None:
            body = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/hal+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _record(self) -> Any:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            body = json.loads(raw) if raw else None
            state.requests.append((self.command, self.path, dict(self.headers.items()), body))
            return body

        def do_GET(self) -> None:
            self._record()
            url = urlsplit(self.path)
            if url.path == "/":
                self._send(200, _index(state.base))
            elif url.path == "/matrix":
                self._send(200, _matrix(state, parse_qs(url.query)))
            elif url.path.endswith("/for-verification"):
                # The HAL resource that says where to POST the consumer version selectors.
                self._send(200, {"_links": {"self": {"href": f"{state.base}{url.path}"}}})
            elif url.path.startswith("/pacts/provider/"):
                parts = url.path.split("/")  # /pacts/provider/P/consumer/C/version/V
                pact = state.pacts.get(f"{parts[5]}/{parts[3]}")
                if pact is None:
                    self._send(404, {"error": "no pact"})
                    return
                links = {"pb:publish-verification-results": {"href": f"{state.base}/verification-results"}}
                self._send(200, {**pact, "_links": links})
            else:
                self._send(404, {"error": f"no route {url.path}"})

        def do_POST(self) -> None:
            body = self._record()
            url = urlsplit(self.path)
            if url.path == "/contracts/publish":
                self._send(200, _published(body))
            elif url.path.endswith("/for-verification"):
                provider = url.path.split("/")[3]
                self._send(200, _for_verification(state, provider))
            elif url.path == "/verification-results":
                if state.fail_verification_results:
                    self._send(403, {"error": "this token may not publish verification results"})
                else:
                    self._send(201, {"success": body.get("success") if body else None})
            else:
                self._send(404, {"error": f"no route {url.path}"})

    return Handler


def _index(base: str) -> dict[str, Any]:
    return {
        "_links": {
            "self": {"href": base},
            "pb:publish-contracts": {"href": f"{base}/contracts/publish"},
            "pb:provider-pacts-for-verification": {
                "href": f"{base}/pacts/provider/{{provider}}/for-verification",
                "templated": True,
            },
            "pb:matrix": {"href": f"{base}/matrix"},
        }
    }


def _published(body: dict[str, Any]) -> dict[str, Any]:
    name = body.get("pacticipantName")
    version = body.get("pacticipantVersionNumber")
    return {
        "notices": [
            {
                "type": "success",
                "text": f"published {len(body.get('contracts', []))} pact(s) of {name} {version}",
            }
        ],
        "_embedded": {"pacticipant": {"name": name}, "version": {"number": version}},
        "_links": {},
    }


def _for_verification(state: BrokerState, provider: str) -> dict[str, Any]:
    pacts = [
        {
            "shortDescription": f"latest pact of {key.split('/')[0]}",
            "verificationProperties": {"pending": False, "notices": []},
            "_links": {
                "self": {
                    "href": f"{state.base}/pacts/provider/{provider}/consumer/{key.split('/')[0]}/version/1"
                }
            },
        }
        for key in state.pacts
        if key.endswith(f"/{provider}")
    ]
    return {"_embedded": {"pacts": pacts}, "_links": {}}


def _matrix(state: BrokerState, query: dict[str, list[str]]) -> dict[str, Any]:
    reason = "All required verification results are published and successful"
    if not state.deployable:
        reason = "The verification for the pact between orders and payments failed"
    return {
        "summary": {"deployable": state.deployable, "reason": reason, "success": 1 if state.deployable else 0,
                    "failed": 0 if state.deployable else 1, "unknown": 0},
        "notices": [{"type": "success" if state.deployable else "error", "text": reason}],
        "matrix": [],
    }  # fmt: skip


@contextmanager
def fake_broker() -> Iterator[BrokerState]:
    """Serve a fake broker on 127.0.0.1 (a free port) for the block."""
    state = BrokerState()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
