"""Style rules for `.proto` files, modelled on buf's STANDARD rules and the protobuf style
guide: package and file layout, names by kind, enum zero values, one request and response
message per RPC, comments on what clients read."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from accord.contracts.lint.proto_base import PROTO_LINT_RULES, ProtoHit, elements
from accord.contracts.proto.model import ProtoApi, ProtoElement, enum_values, fields_of
from accord.report import Severity

__all__: list[str] = []

rule = PROTO_LINT_RULES.rule
_LOWER_SNAKE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
_UPPER_SNAKE = re.compile(r"^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$")
_PASCAL = re.compile(r"^[A-Z][A-Za-z0-9]*$")
_VERSION = re.compile(r"^v\d+((alpha|beta)\d*)?(test\w*)?$")


def _hit(message: str, element: ProtoElement, pointer: str | None = None) -> ProtoHit:
    return ProtoHit(message, element.file, pointer or element.pointer)


def _short(element: ProtoElement) -> str:
    return element.full_name.rpartition(".")[2].rpartition("/")[2]


@rule("proto-package-defined", Severity.error, "without a package every name is global and clashes")
def package_defined(api: ProtoApi) -> Iterator[ProtoHit]:
    for file in api.files.values():
        if not file.descriptor.package:
            yield ProtoHit("the file declares no package", file, "/syntax")


@rule("proto-package-lower-snake-case", Severity.error, "packages are lower_snake_case.dotted")
def package_lower_snake_case(api: ProtoApi) -> Iterator[ProtoHit]:
    for file in api.files.values():
        package = file.descriptor.package
        if package and not all(_LOWER_SNAKE.match(part) for part in package.split(".")):
            yield ProtoHit(f"package {package} is not lower_snake_case", file, "/package")


@rule(
    "proto-package-version-suffix", Severity.warning, "a versioned package (acme.orders.v1) can evolve to v2"
)
def package_version_suffix(api: ProtoApi) -> Iterator[ProtoHit]:
    for file in api.files.values():
        package = file.descriptor.package
        if package and not _VERSION.match(package.rsplit(".", 1)[-1]):
            yield ProtoHit(f"package {package} does not end in a version such as v1", file, "/package")


@rule("proto-package-directory-match", Severity.warning, "files lie in the folder of their package")
def package_directory_match(api: ProtoApi) -> Iterator[ProtoHit]:
    for name, file in api.files.items():
        package = file.descriptor.package
        folder = name.rpartition("/")[0]
        if package and folder != package.replace(".", "/"):
            wanted = package.replace(".", "/")
            yield ProtoHit(
                f"package {package} belongs in folder {wanted}/ (the file is in {folder or '.'}/)",
                file,
                "/package",
            )


@rule("proto-message-pascal-case", Severity.error, "messages are PascalCase")
def message_pascal_case(api: ProtoApi) -> Iterator[ProtoHit]:
    for message in elements(api, "messages"):
        if not _PASCAL.match(_short(message)):
            yield _hit(f"message {_short(message)} is not PascalCase", message)


@rule(
    "proto-field-lower-snake-case",
    Severity.error,
    "fields are lower_snake_case (JSON turns them into lowerCamel)",
)
def field_lower_snake_case(api: ProtoApi) -> Iterator[ProtoHit]:
    for message in elements(api, "messages"):
        for _, described, pointer in fields_of(message):
            if not _LOWER_SNAKE.match(described.name):
                yield _hit(f"field {described.name} is not lower_snake_case", message, pointer)


@rule("proto-enum-pascal-case", Severity.error, "enums are PascalCase")
def enum_pascal_case(api: ProtoApi) -> Iterator[ProtoHit]:
    for enum in elements(api, "enums"):
        if not _PASCAL.match(_short(enum)):
            yield _hit(f"enum {_short(enum)} is not PascalCase", enum)


@rule("proto-enum-value-upper-snake-case", Severity.error, "enum values are UPPER_SNAKE_CASE")
def enum_value_upper_snake_case(api: ProtoApi) -> Iterator[ProtoHit]:
    for enum in elements(api, "enums"):
        for _, value, pointer in enum_values(enum):
            if not _UPPER_SNAKE.match(value.name):
                yield _hit(f"enum value {value.name} is not UPPER_SNAKE_CASE", enum, pointer)


def _prefix(enum: ProtoElement) -> str:
    """OrderStatus -> ORDER_STATUS_."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", _short(enum)).upper() + "_"


@rule(
    "proto-enum-value-prefix",
    Severity.error,
    "values carry their enum's name: C++ and Go put them in one scope",
)
def enum_value_prefix(api: ProtoApi) -> Iterator[ProtoHit]:
    for enum in elements(api, "enums"):
        prefix = _prefix(enum)
        for _, value, pointer in enum_values(enum):
            if not value.name.startswith(prefix):
                yield _hit(f"enum value {value.name} does not start with {prefix}", enum, pointer)


@rule("proto-enum-zero-value-unspecified", Severity.error, "the zero value is what an unset field reads as")
def enum_zero_value_unspecified(api: ProtoApi) -> Iterator[ProtoHit]:
    for enum in elements(api, "enums"):
        wanted = f"{_prefix(enum)}UNSPECIFIED"
        zero = next(((i, v) for i, v, _ in enum_values(enum) if v.number == 0), None)
        if zero is not None and zero[1].name != wanted:
            yield _hit(
                f"the zero value of {_short(enum)} is {zero[1].name}, not {wanted}",
                enum,
                f"{enum.pointer}/value/{zero[0]}",
            )


@rule("proto-service-pascal-case", Severity.error, "services are PascalCase")
def service_pascal_case(api: ProtoApi) -> Iterator[ProtoHit]:
    for service in elements(api, "services"):
        if not _PASCAL.match(_short(service)):
            yield _hit(f"service {_short(service)} is not PascalCase", service)


@rule("proto-service-suffix", Severity.warning, "a name ending in Service reads as one in every language")
def service_suffix(api: ProtoApi) -> Iterator[ProtoHit]:
    for service in elements(api, "services"):
        if not _short(service).endswith("Service"):
            yield _hit(f"service {_short(service)} does not end in Service", service)


@rule("proto-rpc-pascal-case", Severity.error, "RPCs are PascalCase")
def rpc_pascal_case(api: ProtoApi) -> Iterator[ProtoHit]:
    for method in elements(api, "methods"):
        if not _PASCAL.match(method.descriptor.name):
            yield _hit(f"rpc {method.descriptor.name} is not PascalCase", method)


@rule(
    "proto-rpc-request-response-unique",
    Severity.error,
    "a message shared by RPCs cannot evolve for one of them",
)
def rpc_request_response_unique(api: ProtoApi) -> Iterator[ProtoHit]:
    used = Counter(
        name
        for method in elements(api, "methods")
        for name in (method.descriptor.input_type, method.descriptor.output_type)
    )
    for method in elements(api, "methods"):
        for side, name in (
            ("request", method.descriptor.input_type),
            ("response", method.descriptor.output_type),
        ):
            if used[name] > 1:
                yield _hit(
                    f"rpc {method.descriptor.name}: {side} {name.lstrip('.')} is used by another RPC too",
                    method,
                )


@rule(
    "proto-rpc-standard-names",
    Severity.warning,
    "MethodRequest and MethodResponse say which RPC a message serves",
)
def rpc_standard_names(api: ProtoApi) -> Iterator[ProtoHit]:
    for method in elements(api, "methods"):
        service = method.full_name.rpartition(".")[0].rpartition(".")[2]
        name = method.descriptor.name
        for side, type_name in (
            ("Request", method.descriptor.input_type),
            ("Response", method.descriptor.output_type),
        ):
            short = type_name.rpartition(".")[2]
            if short not in {f"{name}{side}", f"{service}{name}{side}"}:
                yield _hit(f"rpc {name}: {side.lower()} message {short} is not named {name}{side}", method)


@rule(
    "proto-comment-missing",
    Severity.warning,
    "clients read the contract: services, RPCs, messages and enums say what they are",
)
def comment_missing(api: ProtoApi) -> Iterator[ProtoHit]:
    for kind, noun in (
        ("services", "service"),
        ("methods", "rpc"),
        ("messages", "message"),
        ("enums", "enum"),
    ):
        for element in elements(api, kind):
            if not element.file.comment(element.pointer):
                yield _hit(f"{noun} {_short(element)} has no comment", element)
