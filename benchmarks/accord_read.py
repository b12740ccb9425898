"""accord's own reading of contracts, and nothing after it: the floor under its checks.

    python benchmarks/accord_read.py FILE...   # read each file as validate and diff do

Each file (a contract and every file its `$ref`s reach) is loaded by accord's document
layer (`accord.documents.loader.load_document`): read, decoded, parsed and held to accord's
bounds (no key written twice, no deeper than 400 levels, no number past 4,300 digits), with
the imports that takes. The speed goals measure it beside the bare parse: what is left
between the two rows is what the checks themselves cost.
"""

from __future__ import annotations

import sys
from pathlib import Path

from accord.documents.loader import load_document

if __name__ == "__main__":
    for name in sys.argv[1:]:
        load_document(Path(name), require_mapping=False)
