"""The built-in cookiecutter templates (data, not code)."""
