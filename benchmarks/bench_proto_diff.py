"""accord contracts diff on two versions of the Google API protos (googleapis-common-protos:
google/api, google/rpc, google/type, google/longrunning, ...), the new one changed by a script,
against `buf breaking` (the npm package @bufbuild/buf), whole process each, in the same run.

The script changes the copy deterministically: every 5th message gets its first field renamed,
every 7th loses its last field, every 11th has a string field turned into bytes, and every 3rd
gains a field (not breaking). Both tools compare at the source level (buf's FILE category).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from corpus_files import MissingInput

ROOT = Path(__file__).resolve().parent.parent
RUNS = 5
BUF_NPM = ("@bufbuild/buf@1.75.0",)
_FIELD = re.compile(r"^(\s+)((?:optional |repeated )?)([\w.]+) (\w+) = (\d+)(.*);\s*$")


def google_protos() -> Path:
    """The folder holding google/ of googleapis-common-protos (its own .proto files)."""
    try:
        import google.api  # noqa: F401 - the package ships the .proto files beside its modules
    except ImportError:
        raise MissingInput("pip install googleapis-common-protos (in the dev extra)") from None
    import google.api as api

    return Path(next(iter(api.__path__))).parent.parent


def copy_protos(target: Path) -> int:
    source = google_protos()
    count = 0
    for path in sorted(source.glob("google/**/*.proto")):
        if "google/protobuf/" in path.as_posix():
            continue  # the well-known types come with both tools
        relative = path.relative_to(source)
        (target / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, target / relative)
        count += 1
    return count


def change(folder: Path) -> None:
    """The script: edits message by message (counted over the whole set, in file order)."""
    messages = 0
    for path in sorted(folder.rglob("*.proto")):
        lines, out, fields, depth, top = path.read_text().splitlines(), [], [], 0, False
        for line in lines:
            if re.match(r"^message \w+ \{", line):
                messages, fields, top = messages + 1, [], True
            match = _FIELD.match(line) if top and depth == 1 else None
            if match:
                fields.append(len(out))
                if messages % 5 == 0 and len(fields) == 1:
                    line = line.replace(f" {match.group(4)} = ", f" {match.group(4)}_renamed = ", 1)
                elif messages % 11 == 0 and match.group(3) == "string":
                    line = line.replace(" string ", " bytes ", 1)
            depth += line.count("{") - line.count("}")
            if top and depth == 0:
                top = False
                if messages % 7 == 0 and fields:
                    out[fields[-1]] = "  // field removed by the benchmark"
                if messages % 3 == 0:
                    out.append(line)
                    line = f"message AddedByTheBenchmark{messages} {{ string note = 1; }}"
            out.append(line)
        path.write_text("\n".join(out) + "\n")


def _time(command: list[str], ok: set[int]) -> tuple[list[float], subprocess.CompletedProcess[str]]:
    samples, done = [], None
    for _ in range(RUNS):
        start = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        samples.append(time.perf_counter() - start)
        assert done.returncode in ok, done.stderr
    assert done is not None
    return samples, done


def _best(samples: list[float]) -> str:
    return f"{min(samples):.3f} s (median {statistics.median(samples):.3f} s)"


def main() -> str:
    sys.path.insert(0, str(ROOT))
    from tests.npm_packages import npm_installed

    buf = npm_installed(BUF_NPM) / "node_modules" / ".bin" / "buf"
    with tempfile.TemporaryDirectory(prefix="accord-bench-proto-") as scratch:
        old, new = Path(scratch) / "old", Path(scratch) / "new"
        files = copy_protos(old)
        shutil.copytree(old, new)
        change(new)
        os.environ["PYTHONPATH"] = str(ROOT / "src")
        accord = [sys.executable, "-m", "accord", "contracts", "diff", str(old), str(new), "-f", "json"]
        ours, done = _time(accord, {1})
        found = json.loads(done.stdout)["findings"]
        config = json.dumps({"version": "v2", "breaking": {"use": ["FILE"]}})
        command = [str(buf), "breaking", str(new), "--against", str(old), "--error-format", "json"]
        theirs, buf_done = _time([*command, "--config", config, "--against-config", config], {100})
        buf_found = [json.loads(line) for line in buf_done.stdout.splitlines() if line.strip()]
    ratio = min(ours) / min(theirs)
    load = os.getloadavg()[0]
    return "\n".join(
        [
            f"googleapis-common-protos: {files} .proto files (google/api, google/rpc, google/type, ...), "
            "the new version changed by the script of benchmarks/bench_proto_diff.py. Whole process "
            f"each (interpreter or binary start included), best of {RUNS}; source level (buf's FILE). "
            f"1-minute load average at the end: {load:.1f} on 2 shared cores.",
            "",
            "| tool | time | breaking changes reported |",
            "|---|---|---|",
            f"| `accord contracts diff OLD NEW -f json` | {_best(ours)} | {len(found)} |",
            f"| `buf breaking NEW --against OLD` (FILE) | {_best(theirs)} | {len(buf_found)} |",
            "",
            f"accord / buf (best, whole process): {ratio:.2f}x. Both exit with their 'breaking' code. "
            "buf reports a renamed field twice (FIELD_SAME_NAME and FIELD_SAME_JSON_NAME), accord once.",
        ]
    )


if __name__ == "__main__":
    print(main())
