"""OpenTelemetry tracing of HTTP requests; spans go to OTLP when an endpoint is configured."""

from __future__ import annotations

from fastapi import FastAPI
from opentelemetry import trace
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor

from {{ cookiecutter.package_name }}.settings import get_settings

provider = TracerProvider(resource=Resource.create({"service.name": "{{ cookiecutter.service_name }}"}))


def instrument(app: FastAPI) -> None:
    endpoint = get_settings().otel_exporter_otlp_endpoint
    if endpoint:
        # Installed with the `otlp` extra: pip install -e '.[otlp]'.
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint=f"{endpoint}/v1/traces")))
    trace.set_tracer_provider(provider)
    FastAPIInstrumentor.instrument_app(app, tracer_provider=provider)
