"""Settings from environment variables (12-factor): every value has a local default."""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="", case_sensitive=False)

    service_name: str = "{{ cookiecutter.service_name }}"
    port: int = {{ cookiecutter.port }}
    log_level: str = "INFO"
{%- if "grpc" in cookiecutter.api %}
    grpc_port: int = {{ cookiecutter.grpc_port }}  # 0: a free port (tests)
{%- endif %}
{%- if cookiecutter.broker != "none" %}
    # "memory": FastStream's in-memory test broker, for running without a broker server
    # (`accord contracts test` sets BROKER_MODE=memory when the broker cannot be reached).
    broker_mode: Literal["real", "memory"] = "real"
{%- endif %}
{%- if cookiecutter.broker != "none" %}
    # Connect to the broker on startup; tests use FastStream's in-memory test broker instead.
    broker_connect: bool = True
    # Seconds one connection attempt may take (a broker that accepts and never answers).
    broker_connect_timeout: float = 5.0
    broker_url: str = {{ cookiecutter.broker_url | tojson }}  # credentials: set BROKER_URL
{%- endif %}
{%- if cookiecutter.otel == "yes" %}
    otel_enabled: bool = True
    # An OTLP endpoint (e.g. http://127.0.0.1:4318); spans are kept in the process without one.
    otel_exporter_otlp_endpoint: str = ""
{%- endif %}


@lru_cache
def get_settings() -> Settings:
    return Settings()
