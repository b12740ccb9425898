"""nginx: a complete nginx.conf (`nginx -t -c FILE` passes) proxying each route prefix to its service.

Upstreams that are IP addresses go into `upstream` blocks; host names (Kubernetes or compose
service names) go through `resolver` and a variable, because nginx refuses to start when a
static upstream name does not resolve at load time.
"""

from __future__ import annotations

import ipaddress

from accord.errors import ConfigError
from accord.scaffold.gateways.grpc_routes import GrpcRoute
from accord.scaffold.gateways.model import Route, double_quoted
from accord.scaffold.gateways.registry import RenderContext

# Docker's embedded DNS; in Kubernetes set upstreams to IPs or edit to the kube-dns service IP.
DEFAULT_RESOLVER = "127.0.0.11"

HEADER = """\
# nginx configuration of the {system} system, environment {environment}.
# Written by `accord gateway render` from accord.yaml: edit the manifest, then render again.
# In the folder of accord.yaml, check: nginx -t -p {output} -c nginx.conf
#                              and run: nginx -p {output} -c nginx.conf -g 'daemon off;'
# Paths below are relative to the prefix (-p); nginx creates its temp folders under tmp/.
worker_processes 1;
pid tmp/nginx.pid;
error_log stderr warn;

events {{
    worker_connections 1024;
}}

http {{
    access_log off;
    client_body_temp_path tmp/client_body;
    proxy_temp_path tmp/proxy;
    fastcgi_temp_path tmp/fastcgi;
    uwsgi_temp_path tmp/uwsgi;
    scgi_temp_path tmp/scgi;
    proxy_http_version 1.1;
    proxy_set_header Host $host;
    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    proxy_set_header X-Forwarded-Proto $scheme;
    proxy_set_header X-Request-Id $request_id;
"""


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return host == "localhost"
    return True


def _upstream(name: str, host: str, port: int) -> str:
    """An `upstream` block of one server at an IP address (localhost is written as 127.0.0.1)."""
    address = "127.0.0.1" if host == "localhost" else host
    return f"    upstream {name} {{\n        server {address}:{port};\n        keepalive 16;\n    }}\n"


def _upstream_name(route: Route) -> str:
    return f"{route.service.replace('-', '_')}_upstream"


def render(context: RenderContext) -> dict[str, str]:
    header = HEADER.format(system=context.system, environment=context.environment, output=context.output)
    lines = [header]
    hosts = [r.host for r in context.routes] + [r.host for r in context.grpc_routes]
    dynamic = [host for host in hosts if not _is_ip(host)]
    if dynamic:
        lines.append(f"    resolver {DEFAULT_RESOLVER} valid=10s ipv6=off;\n")
    lines += [_upstream(_upstream_name(r), r.host, r.port) for r in context.routes if _is_ip(r.host)]
    lines.append(f"    server {{\n        listen {context.listen};\n        server_name _;\n")
    for route in context.routes:
        lines.append(_location(route))
    lines.append(
        "        location = /_gateway/health {\n"
        "            default_type application/json;\n"
        '            return 200 \'{"status":"ok"}\';\n'
        "        }\n"
        "    }\n"
    )
    lines.extend(_grpc_server(context))
    lines.append("}\n")
    # tmp/ must exist for nginx to create its temp folders in it; they are never committed.
    return {"nginx.conf": "\n".join(lines), "tmp/.gitignore": "*\n!.gitignore\n"}


def _location(route: Route) -> str:
    prefix = route.prefix
    if _is_ip(route.host):
        target = f"proxy_pass {route.scheme}://{_upstream_name(route)};"
        keepalive = '            proxy_set_header Connection "";\n'
    else:
        # A variable defers the DNS lookup to request time (through `resolver`).
        target = f"set $upstream_{route.service.replace('-', '_')} {double_quoted(route.upstream)};\n"
        target += f"            proxy_pass $upstream_{route.service.replace('-', '_')};"
        keepalive = ""
    return (
        f"        # {route.service}\n"
        f"        location = {double_quoted(prefix)} {{\n            {target}\n{keepalive}        }}\n"
        f"        location {double_quoted(prefix + '/')} {{\n            {target}\n{keepalive}        }}\n"
    )


def _grpc_server(context: RenderContext) -> list[str]:
    """A server speaking HTTP/2 without TLS (h2c) on the next port: `grpc_pass` per gRPC service."""
    if not context.grpc_routes:
        return []
    if context.grpc_listen > 65535:
        raise ConfigError(
            f"gRPC routes listen on port {context.grpc_listen}", hint="pick a lower gateway.listen"
        )
    blocks = [_upstream(_grpc_upstream(r), r.host, r.port) for r in context.grpc_routes if _is_ip(r.host)]
    server = "    # gRPC over HTTP/2 (h2c): every call is POST /package.Service/Method\n"
    server += f"    server {{\n        listen {context.grpc_listen} http2;\n        server_name _;\n"
    for route in context.grpc_routes:
        if _is_ip(route.host):
            target = f"grpc_pass grpc://{_grpc_upstream(route)};"
        else:
            variable = f"$grpc_{route.service.replace('-', '_')}"
            target = f"set {variable} {double_quoted('grpc://' + route.target)};\n"
            target += f"            grpc_pass {variable};"
        server += f"        # {route.service}\n"
        for name in route.grpc_services:
            server += (
                f"        location {double_quoted('/' + name + '/')} {{\n            {target}\n        }}\n"
            )
    blocks.append(server + "    }\n")
    return blocks


def _grpc_upstream(route: GrpcRoute) -> str:
    return f"{route.service.replace('-', '_')}_grpc"
