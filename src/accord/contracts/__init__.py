"""Contracts: load OpenAPI and AsyncAPI documents, validate, lint and diff them."""
