"""Line and column of a JSON pointer, fast for many findings in one large document.

`Document.locate` scans each mapping's keys on every call; a lint run on a large contract
asks thousands of times, so this keeps a key index per mapping node. It can also point at
the key a pointer ends with (for `/pets/:` the key itself is the place to show).
"""

from __future__ import annotations

from typing import Any

import yaml

from accord.contracts.loader import Document, Location, pointer_tokens

__all__ = ["Locator"]


class Locator:
    """Locations in one document, with the key index of each mapping built on first use."""

    def __init__(self, document: Document) -> None:
        self.document = document
        tree = getattr(document, "_node_tree", None)  # the loader's composed YAML nodes
        self.root: Any = tree() if callable(tree) else None
        self._keys: dict[int, dict[str, tuple[yaml.Node, yaml.Node]]] = {}

    def locate(self, pointer: str, *, at_key: bool = False) -> Location:
        """Where the value at `pointer` starts (or its key, with `at_key`); the nearest ancestor if absent."""
        if self.root is None:
            return self.document.locate(pointer)
        node: Any = self.root
        mark = node.start_mark
        for token in pointer_tokens(pointer):
            if isinstance(node, yaml.MappingNode):
                pair = self._index(node).get(token)
                if pair is None:
                    break
                mark = pair[0].start_mark if at_key else pair[1].start_mark
                node = pair[1]
            elif isinstance(node, yaml.SequenceNode) and token.isdigit() and int(token) < len(node.value):
                node = node.value[int(token)]
                mark = node.start_mark
            else:
                break
        return Location(self.document.name, mark.line + 1, mark.column + 1)

    def _index(self, node: yaml.MappingNode) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        index = self._keys.get(id(node))
        if index is None:
            index = {}
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    index.setdefault(key.value, (key, value))
            self._keys[id(node)] = index
        return index
