"""Remove the files of options that were not chosen (cookiecutter renders every file)."""

from pathlib import Path

BROKER = "{{ cookiecutter.broker }}"
OTEL = "{{ cookiecutter.otel }}"
PACKAGE = Path("{{ cookiecutter.package_name }}")

unused = []
if BROKER == "none":
    unused += ["asyncapi.yaml", "tests/test_events.py", str(PACKAGE / "events.py")]
if OTEL != "yes":
    unused += ["tests/test_telemetry.py", str(PACKAGE / "telemetry.py")]
for name in unused:
    Path(name).unlink()
