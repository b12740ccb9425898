"""Where a finding about a mapping key (a path template, a channel name) belongs: the key's line.

`Document.locate` gives the line of a value; for a key such as `/pets/:` the key itself
is the place to point at.
"""

from __future__ import annotations

from typing import Any

import yaml

from accord.contracts.loader import Document, Location, pointer_tokens

__all__ = ["locate_key"]


def locate_key(document: Document, pointer: str) -> Location:
    """The line and column of the key a pointer ends with (the value's place if unknown)."""
    tokens = pointer_tokens(pointer)
    tree = getattr(document, "_node_tree", None)
    node: Any = tree() if callable(tree) and tokens else None
    for depth, token in enumerate(tokens):
        if isinstance(node, yaml.MappingNode):
            pair = next(
                (p for p in node.value if isinstance(p[0], yaml.ScalarNode) and p[0].value == token), None
            )
            if pair is None:
                break
            if depth == len(tokens) - 1:
                mark = pair[0].start_mark
                return Location(document.name, mark.line + 1, mark.column + 1)
            node = pair[1]
        elif isinstance(node, yaml.SequenceNode) and token.isdigit() and int(token) < len(node.value):
            node = node.value[int(token)]
        else:
            break
    return document.locate(pointer)
