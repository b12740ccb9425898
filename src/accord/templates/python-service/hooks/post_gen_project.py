"""Remove the files of options that were not chosen (every file is rendered).

The answers are read as data from the JSON file named by ACCORD_ANSWERS, never pasted into this
source, so no answer can become code.
"""

import json
import os
from pathlib import Path

answers = json.loads(Path(os.environ["ACCORD_ANSWERS"]).read_text("utf-8"))
package = Path(answers["package_name"])

unused = []
if answers["broker"] == "none":
    unused += ["asyncapi.yaml", "tests/test_events.py", str(package / "events.py")]
if "grpc" not in answers["api"].split(","):
    unused += ["setup.py", "tests/test_grpc.py", str(package / "grpc_server.py"), str(package / "stubs.py")]
    unused += [str(package / "v1" / "__init__.py"), f"proto/{package}/v1/items.proto"]
if "http" not in answers["api"].split(","):
    unused += ["openapi.yaml", "tests/test_contract.py"]
if answers["otel"] != "yes":
    unused += ["tests/test_telemetry.py", str(package / "telemetry.py")]
for name in unused:
    Path(name).unlink()
for folder in (package / "v1", Path("proto", package, "v1"), Path("proto", package), Path("proto")):
    if folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
