"""JSON Schemas accord publishes (the manifest) and ships (OpenAPI, AsyncAPI)."""
