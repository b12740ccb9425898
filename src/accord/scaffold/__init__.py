"""Scaffolding: render service templates, register them, route and wire them."""
