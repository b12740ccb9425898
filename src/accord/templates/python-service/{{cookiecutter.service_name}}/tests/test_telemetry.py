"""OpenTelemetry: every HTTP request becomes a span of this service."""

from __future__ import annotations

from fastapi.testclient import TestClient
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from {{ cookiecutter.package_name }}.telemetry import provider


def test_requests_are_traced(client: TestClient) -> None:
    exporter = InMemorySpanExporter()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    route = {{ ("{}/items".format(cookiecutter.route) if "http" in cookiecutter.api else "/healthz") | tojson }}
    client.get(route)
    spans = exporter.get_finished_spans()
    assert any(span.attributes.get("http.route") == route for span in spans)
    assert all(span.resource.attributes["service.name"] == "{{ cookiecutter.service_name }}" for span in spans)
