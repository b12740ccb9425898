"""Gateway configuration for every service of the manifest: route prefix -> upstream, per format."""

from accord.scaffold.gateways.model import GatewayConfig, Route, gateway_routes
from accord.scaffold.gateways.registry import GATEWAY_KINDS, render_gateway, write_gateway

__all__ = ["GATEWAY_KINDS", "GatewayConfig", "Route", "gateway_routes", "render_gateway", "write_gateway"]
