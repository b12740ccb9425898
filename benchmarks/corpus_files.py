"""The real contracts the benchmarks measure, unpacked from tests/fixtures/corpus.

The repository keeps the large ones compressed (Stripe as `.yaml.gz`, DigitalOcean as a
`.tar.gz`); they are unpacked once into `benchmarks/.corpus/` (git-ignored). Set
`ACCORD_BENCH_CORPUS=DIR` to measure another copy with the same layout. A benchmark whose
input is missing says where to get it and is skipped.
"""

from __future__ import annotations

import gzip
import os
import shutil
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKED = ROOT / "tests" / "fixtures" / "corpus"
UNPACKED = Path(__file__).resolve().parent / ".corpus"


class MissingInput(Exception):
    """A benchmark input is not on this machine; the message says where to get it."""


def corpus() -> Path:
    """The corpus folder: $ACCORD_BENCH_CORPUS, or the repository's copy unpacked once."""
    chosen = os.environ.get("ACCORD_BENCH_CORPUS")
    if chosen:
        return Path(chosen)
    stamp = UNPACKED / ".complete"
    if not stamp.exists():
        shutil.rmtree(UNPACKED, ignore_errors=True)
        shutil.copytree(PACKED, UNPACKED, ignore=shutil.ignore_patterns("*.gz"))
        for packed in PACKED.rglob("*.gz"):
            folder = UNPACKED / packed.parent.relative_to(PACKED)
            if packed.name.endswith(".tar.gz"):
                with tarfile.open(packed) as archive:
                    archive.extractall(folder, filter="data")
            else:
                with gzip.open(packed) as data, open(folder / packed.stem, "wb") as out:
                    shutil.copyfileobj(data, out)
        stamp.touch()
    return UNPACKED


def corpus_file(relative: str) -> Path:
    """One file of the corpus; MissingInput names where it comes from when it is absent."""
    path = corpus() / relative
    if not path.is_file():
        raise MissingInput(
            f"{relative} is missing from {corpus()}: see tests/fixtures/corpus/README.md for its source, "
            "or set ACCORD_BENCH_CORPUS to a folder that has it"
        )
    return path
