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
if answers["otel"] != "yes":
    unused += ["tests/test_telemetry.py", str(package / "telemetry.py")]
for name in unused:
    Path(name).unlink()
