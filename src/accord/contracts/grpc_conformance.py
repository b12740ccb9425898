"""gRPC provider conformance: every RPC of the contract called with requests generated from its
descriptors; answers that do not decode, UNKNOWN/INTERNAL statuses (the server raised) and
deadlines exceeded become findings, each with the request as JSON and a grpcurl line.
"""

from __future__ import annotations

import json
import random
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from accord.contracts.provider_rules import GRPC_RULES
from accord.errors import ConfigError, ToolError
from accord.report import Finding, Report, Severity, display_path

if TYPE_CHECKING:
    import grpc
    from google.protobuf.message import Message

    from accord.contracts.grpc_model import GrpcContract, Rpc

__all__ = ["GrpcOptions", "GrpcProvider", "GrpcResult", "check_grpc_provider", "grpc_report"]

TOOL = "contracts test"
# status -> (rule, what it means): the statuses that say the server failed, not the request.
FAILING_STATUSES = {
    "UNKNOWN": ("grpc.server-error", "the server raised (UNKNOWN)"),
    "INTERNAL": ("grpc.server-error", "the server failed (INTERNAL)"),
    "DEADLINE_EXCEEDED": ("grpc.deadline-exceeded", "no answer within the deadline"),
    "UNIMPLEMENTED": ("grpc.unimplemented", "the server does not implement this RPC of its contract"),
}


@dataclass(frozen=True)
class GrpcProvider:
    """A running gRPC server (`host:port`) that claims to serve `contract`."""

    name: str
    contract: GrpcContract
    target: str


@dataclass(frozen=True, kw_only=True)
class GrpcOptions:
    max_examples: int = 25
    seed: int | None = None
    deadline: float = 5.0  # seconds per call


@dataclass
class GrpcResult:
    provider: GrpcProvider
    findings: list[Finding] = field(default_factory=list)
    calls: int = 0
    seed: int = 0
    elapsed: float = 0.0

    @property
    def failed(self) -> bool:
        return any(f.severity is Severity.error for f in self.findings)


def check_grpc_provider(provider: GrpcProvider, options: GrpcOptions | None = None) -> GrpcResult:
    """Call every RPC `max_examples` times; the first failure of each kind per RPC is a finding."""
    import grpc

    options = options or GrpcOptions()
    if options.max_examples < 1 or options.deadline <= 0:
        raise ConfigError("--max-examples must be at least 1 and --deadline above 0")
    seed = options.seed if options.seed is not None else random.randrange(2**32)  # noqa: S311
    result = GrpcResult(provider, seed=seed)
    started = time.monotonic()
    with grpc.insecure_channel(provider.target) as channel:
        try:
            grpc.channel_ready_future(channel).result(timeout=10)
        except grpc.FutureTimeoutError:
            raise ToolError(
                f"cannot reach the gRPC server at {provider.target}",
                hint="start the service first, or pass --grpc-target HOST:PORT",
            ) from None
        for rpc in provider.contract.rpcs:
            _exercise(channel, provider, rpc, options, result)
    result.elapsed = time.monotonic() - started
    return result


def _exercise(
    channel: grpc.Channel, provider: GrpcProvider, rpc: Rpc, options: GrpcOptions, result: GrpcResult
) -> None:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import seed as seeded
    from hypothesis import strategies as st

    from accord.contracts.grpc_strategies import message_strategy

    requests = message_strategy(provider.contract, rpc.input)
    drawn = (
        st.lists(requests, min_size=1, max_size=3) if rpc.client_streaming else requests.map(lambda r: [r])
    )
    seen: set[str] = set()

    @seeded(result.seed)
    @settings(
        max_examples=options.max_examples,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(drawn)
    def call(messages: list[Message]) -> None:
        result.calls += 1
        problem = _call(channel, provider.contract, rpc, messages, options.deadline)
        if problem is not None and problem[0] not in seen:
            seen.add(problem[0])
            result.findings.append(_finding(provider, rpc, messages, *problem))

    call()


def _call(
    channel: grpc.Channel, contract: GrpcContract, rpc: Rpc, messages: list[Message], deadline: float
) -> tuple[str, str] | None:
    """None, or (rule, what happened) for the first failure of this call."""
    import grpc

    encoded = [m.SerializeToString() for m in messages]
    method = {
        "unary": channel.unary_unary,
        "server-streaming": channel.unary_stream,
        "client-streaming": channel.stream_unary,
        "bidi-streaming": channel.stream_stream,
    }[rpc.kind](rpc.path, request_serializer=None, response_deserializer=None)
    request: Any = iter(encoded) if rpc.client_streaming else encoded[0]
    try:
        answer = method(request, timeout=deadline)
        answers = list(answer) if rpc.server_streaming else [answer]
    except grpc.RpcError as error:
        code = error.code().name if hasattr(error, "code") else "UNKNOWN"
        if code in FAILING_STATUSES:
            rule, meaning = FAILING_STATUSES[code]
            details = error.details() if hasattr(error, "details") else ""
            return rule, f"{meaning}: {details}" if details else meaning
        return None  # INVALID_ARGUMENT, NOT_FOUND, ...: the server judged the request; allowed
    decode = contract.message_class(rpc.output).FromString
    for index, raw in enumerate(answers):
        try:
            decode(raw)
        except Exception as exc:  # DecodeError, and any other refusal of the bytes
            which = f"answer {index + 1}" if rpc.server_streaming else "the answer"
            return "grpc.undecodable-response", f"{which} is not a {rpc.output.full_name}: {exc}"
    return None


def _finding(provider: GrpcProvider, rpc: Rpc, messages: list[Message], rule: str, what: str) -> Finding:
    from google.protobuf import json_format

    bodies = [json.dumps(json_format.MessageToDict(m), sort_keys=True) for m in messages]
    data = "\n".join(bodies)
    quoted = "'" + data.replace("'", "'\\''") + "'"
    grpcurl = f"grpcurl -plaintext -d {quoted} {provider.target} {rpc.path.lstrip('/')}"
    message = f"{rpc.path.lstrip('/')} ({rpc.kind}): {what}\n  request: {data}\n  reproduce: {grpcurl}"
    source, line = _rpc_location(provider.contract, rpc)
    service = rpc.service.rsplit(".", 1)[-1]
    declared = GRPC_RULES.get(rule)
    pointer = f"/services/{service}/rpcs/{rpc.name}"
    return Finding(declared.id, declared.severity, message, source, line, None, pointer)


def _rpc_location(contract: GrpcContract, rpc: Rpc) -> tuple[str | None, int | None]:
    """The .proto file and line that declare the RPC (found by its `rpc Name(` in the text)."""
    source = contract.source_of(rpc)
    if source is None:
        return None, None
    pattern = re.compile(rf"\brpc\s+{re.escape(rpc.name)}\s*\(")
    for number, text in enumerate(source.read_text("utf-8").splitlines(), 1):
        if pattern.search(text):
            return display_path(source), number
    return display_path(source), None


def grpc_report(results: list[GrpcResult]) -> Report:
    report = Report(TOOL)
    for result in results:
        report.checked.extend(display_path(Path(s)) for s in result.provider.contract.sources)
        report.extend(result.findings)
    return report
