"""`pact verify SERVICE --messages broker`: message pacts judged against what the provider
really publishes on its broker while it is driven (its HTTP operations, as `contracts test`
drives them), instead of against a Python producer function.

Each message interaction passes when at least one message published on its event (named by
the interaction's metadata, else any event the service sends) satisfies its contents under
its matching rules. The outcome has the shape of the pact verifier's results, so findings,
verdicts and the matrix read both alike.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterator
from typing import Any

from accord.contracts.pact.files import MESSAGE, Interaction, PactFile
from accord.contracts.pact.message_match import Mismatch, body_mismatches
from accord.contracts.pact.schemas import MatchingRules
from accord.errors import ConfigError, ToolError
from accord.manifest import Service, Workspace

__all__ = ["BROKER", "verify_published"]

BROKER = "broker"  # the value of --messages that asks for this
_EVENT_KEYS = ("event", "channel", "topic", "subject", "routingKey", "routing_key", "destination")


StateHandler = Callable[..., None] | str  # a function, or pact's state change URL


def verify_published(
    workspace: Workspace,
    service: Service,
    pacts: list[PactFile],
    *,
    seed: int = 0,
    states: StateHandler | None = None,
) -> dict[str, Any]:
    """Verifier-shaped results for every message interaction of `pacts`. With a state handler,
    the provider is driven once per set of provider states the interactions name, each set up
    before and torn down after, as pact's verifier does for an HTTP interaction."""
    asked = [(pact, i) for pact in pacts for i in pact.interactions if i.kind == MESSAGE]
    target, provider = _watched(workspace, service)
    # Interactions that name the same states (and parameters) share one drive of the app.
    groups: dict[str, tuple[list[tuple[str, dict[str, Any] | None]], list[int]]] = {}
    for index, (_, interaction) in enumerate(asked):
        named = _given(interaction) if states is not None else []
        groups.setdefault(json.dumps(named), (named, []))[1].append(index)
    results: list[dict[str, Any]] = [{} for _ in asked]
    for named, indexes in groups.values():
        with _states_set(states, named):
            published = _drive(target, provider, seed)
        for index in indexes:
            results[index] = _outcome(*asked[index], published)
    return {"result": all(r["result"] == "OK" for r in results), "interactionResults": results}


def _given(interaction: Interaction) -> list[tuple[str, dict[str, Any] | None]]:
    """The provider states an interaction names, with their parameters (pact V3 and V4, or V2's one)."""
    listed = interaction.data.get("providerStates")
    if isinstance(listed, list):
        return [
            (str(s.get("name")), s.get("params") if isinstance(s.get("params"), dict) else None)
            for s in listed
            if isinstance(s, dict)
        ]
    return [(state, None) for state in interaction.states]


@contextlib.contextmanager
def _states_set(
    handler: StateHandler | None, given: list[tuple[str, dict[str, Any] | None]]
) -> Iterator[None]:
    for name, params in given:
        _change(handler, name, "setup", params)
    try:
        yield
    finally:
        for name, params in reversed(given):
            _change(handler, name, "teardown", params)


def _change(handler: StateHandler | None, state: str, action: str, params: dict[str, Any] | None) -> None:
    """Call the handler as pact's verifier calls it: a function by the names of its parameters,
    a URL with a POST of `{state, params, action}`."""
    if handler is None:
        return
    if isinstance(handler, str):
        import httpx

        try:
            httpx.post(
                handler, json={"state": state, "params": params or {}, "action": action}
            ).raise_for_status()
        except httpx.HTTPError as exc:
            raise ToolError(f"the state change URL {handler} failed to {action} {state!r}: {exc}") from None
        return
    from pact._util import apply_args  # the verifier's own rule for what a handler is passed

    try:
        apply_args(handler, {"state": state, "action": action, "parameters": params})
    except Exception as exc:  # the user's code: said with the state it was setting up
        raise ToolError(f"the provider-state handler failed to {action} {state!r}: {exc!r}") from exc


def _watched(workspace: Workspace, service: Service) -> tuple[Any, Any]:
    """The broker target whose events are watched and the provider whose app is driven."""
    from accord.contracts.conformance import select_providers
    from accord.contracts.provider_runtime import broker_unreachable
    from accord.events.conformance import event_target

    target = event_target(workspace, service.name)
    if target is None or not target.sends:
        raise ConfigError(
            f"{service.name} publishes no event on a broker: --messages broker has nothing to watch",
            file=workspace.manifest_path,
            hint="give it an `asyncapi:` contract that sends its events, or name producers with --messages",
        )
    problem = broker_unreachable(target.kind, target.url)
    if problem is not None:
        raise ToolError(f"cannot reach the {target.kind} broker at {target.url}: {problem}")
    provider = select_providers(workspace, service.name)[0]
    if not provider.app:
        raise ConfigError(
            f"--messages broker runs {service.name}'s app, and it has no `app:` in accord.yaml",
            file=workspace.manifest_path,
        )
    return target, provider


def _drive(target: Any, provider: Any, seed: int) -> dict[str, list[Any]]:
    """Every message the service publishes while its app is driven, decoded, by each event it sends."""
    from accord.apps import load_app, serve_app
    from accord.contracts.provider_runtime import BrokerMode, RuntimeOptions, surroundings
    from accord.contracts.schemathesis_run import EngineOptions, run_engine
    from accord.events.conformance import published_messages, wait_ready

    options = EngineOptions(seed=seed)
    runtime = RuntimeOptions(broker=BrokerMode.real)
    with surroundings(provider.name, provider.broker, provider.dependencies, runtime):
        app = load_app(provider.app, provider.search_path)
        with serve_app(app) as url:
            wait_ready(url)

            def drive() -> None:
                run_engine(provider.contract, options, base_url=url, app=None)

            received = published_messages(target, drive)
    return {m.event: [_decoded(r.body) for r in received.get(m.event, [])] for m in target.sends}


def _decoded(body: bytes) -> Any:
    try:
        return json.loads(body)
    except ValueError:
        return body.decode("utf-8", "replace")


def _outcome(pact: PactFile, interaction: Interaction, published: dict[str, list[Any]]) -> dict[str, Any]:
    expected, rules, metadata = _message(interaction)
    # The event the metadata names, when the service sends it; else any event it sends.
    event = next((str(metadata[k]) for k in _EVENT_KEYS if str(metadata.get(k)) in published), None)
    candidates = published[event] if event else [m for ms in published.values() for m in ms]
    outcome: dict[str, Any] = {
        "consumer": pact.consumer,
        "description": interaction.description,
        "providerStates": list(interaction.states),
    }
    if not candidates:
        where = f"on {event}" if event else f"on any of its events ({', '.join(published)})"
        text = f"the provider published no message {where} while it was driven"
        return {**outcome, "result": "failed", "mismatch": _mismatches([("$", text)])}
    closest: list[Mismatch] | None = None
    for actual in candidates:
        found = body_mismatches(expected, actual, rules)
        if not found:
            return {**outcome, "result": "OK"}
        if closest is None or len(found) < len(closest):
            closest = found
    assert closest is not None
    count = len(candidates)
    noted = [(path, f"{text} (the closest of {count} published message(s))") for path, text in closest]
    return {**outcome, "result": "failed", "mismatch": _mismatches(noted)}


def _message(interaction: Interaction) -> tuple[Any, MatchingRules, dict[str, Any]]:
    """The expected contents, their body matching rules and the metadata (pact V3 and V4)."""
    data = interaction.data
    contents = data.get("contents")
    if isinstance(contents, dict) and "content" in contents:  # V4: {content, contentType, encoded}
        contents = contents["content"]
        if isinstance(contents, str):
            with contextlib.suppress(ValueError):
                contents = json.loads(contents)
    rules = data.get("matchingRules") or {}
    body = rules.get("body") or rules.get("content") or {}
    metadata = data.get("metadata") or data.get("metaData") or {}
    return contents, MatchingRules(body if isinstance(body, dict) else {}), dict(metadata)


def _mismatches(found: list[Mismatch]) -> dict[str, Any]:
    return {
        "type": "mismatches",
        "mismatches": [{"type": "BodyMismatch", "path": path, "mismatch": text} for path, text in found],
    }
