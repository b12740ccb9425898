"""What `accord contracts test` can report about a provider, as registries listed by its
`--list-rules`: the HTTP conformance checks (schemathesis' checks, each `conformance.NAME`), the
resilience checks of `--chaos` and the gRPC checks. Their findings are made where a run sees
them (a check that failed on a generated request, a status the server answered), so each rule
is declared here and looked up where its finding is made: an id used but not declared fails
at once, and the listing stays complete.
"""

from __future__ import annotations

from collections.abc import Callable

from accord.contracts.registry import Registry, Rule
from accord.report import Severity

__all__ = ["CONFORMANCE_RULES", "GRPC_RULES", "RESILIENCE_RULES", "conformance_rule"]

Declared = Callable[[], None]
E = Severity.error

CONFORMANCE_RULES: Registry[Declared] = Registry("contracts test")
RESILIENCE_RULES: Registry[Declared] = Registry("contracts test --chaos")
GRPC_RULES: Registry[Declared] = Registry("contracts test (gRPC)")

# schemathesis' built-in checks, in the words of what a client of the provider suffers.
_CHECKS = {
    "not_a_server_error": "A 5xx answer to a request the contract allows is a crash its clients meet.",
    "status_code_conformance": "A status the contract does not declare is one no client handles.",
    "content_type_conformance": "A body in a media type the contract does not declare cannot be read.",
    "response_schema_conformance": "A response body outside its schema breaks the clients written to it.",
    "response_headers_conformance": "A declared response header missing or out of its schema breaks readers.",
    "negative_data_rejection": "A request the contract forbids must be refused with a 4xx, not served.",
    "positive_data_acceptance": "A request the contract allows must not be refused.",
    "missing_required_header": "A request without a required header must be refused.",
    "unsupported_method": "A method the path does not declare must be refused with 405.",
    "allow_header_conformance": "A 405 answer must name the methods the path allows (Allow header).",
    "ignored_auth": "An operation that declares authentication must refuse a request without it.",
    "use_after_free": "A resource still answered after its delete: the delete did not take effect.",
    "ensure_resource_availability": "A resource just created must be found right after.",
    "object_level_authorization": "One client's resource must not be served to another client's credentials.",
    "max_response_time": "An answer slower than the configured limit.",
}
for _name, _why in _CHECKS.items():
    CONFORMANCE_RULES.declare(f"conformance.{_name}", E, _why)
CONFORMANCE_RULES.declare(
    "conformance.error",
    E,
    "The run could not test an operation: its schema cannot be read, or its request cannot be made.",
)

RESILIENCE_RULES.declare(
    "resilience.no-timeout", E, "A service that waits forever on a hanging dependency hangs its own clients."
)
RESILIENCE_RULES.declare(
    "resilience.too-slow", E, "An answer later than the operation's budget is a failure to the client."
)
RESILIENCE_RULES.declare(
    "resilience.undeclared-status",
    E,
    "A failing dependency must turn into a status the contract declares, not an unknown one.",
)
RESILIENCE_RULES.declare(
    "resilience.retry-storm",
    E,
    "Retries beyond the edge's budget, or of unsafe calls without an Idempotency-Key, multiply load "
    "and side effects.",
)

GRPC_RULES.declare("grpc.server-error", E, "UNKNOWN or INTERNAL: the server failed on a valid request.")
GRPC_RULES.declare("grpc.deadline-exceeded", E, "No answer within the deadline to a valid request.")
GRPC_RULES.declare("grpc.unimplemented", E, "An RPC of the contract the server does not implement.")
GRPC_RULES.declare(
    "grpc.undecodable-response",
    E,
    "An answer that is not the contract's response message breaks every client.",
)


def conformance_rule(check: str) -> Rule[Declared]:
    """The rule of a schemathesis check's failure; a check registered by the user's own hooks
    is not declared here, and is an error like every built-in one."""
    rule_id = f"conformance.{check}"
    if rule_id in CONFORMANCE_RULES:
        return CONFORMANCE_RULES.get(rule_id)
    return Rule(rule_id, E, f"the check {check!r} registered with schemathesis", lambda: None)
