"""Scaffold services from cookiecutter templates: render, register in accord.yaml, route, wire."""

from accord.scaffold.pipeline import ScaffoldRequest, ScaffoldResult, scaffold_service

__all__ = ["ScaffoldRequest", "ScaffoldResult", "scaffold_service"]
