"""Line and column of a JSON pointer in a linted document.

`Document.locate` already points at the key a pointer ends with (for `/pets/:` the key
itself is the place to show) and answers from a line index, thousands of times a second;
this keeps one `Locator` per document for the lint engine.
"""

from __future__ import annotations

from accord.contracts.loader import Document, Location

__all__ = ["Locator"]


class Locator:
    """Locations in one document."""

    def __init__(self, document: Document) -> None:
        self.document = document

    def locate(self, pointer: str, *, at_key: bool = False) -> Location:
        """Where the member at `pointer` is written (its key line), or its nearest ancestor."""
        return self.document.locate(pointer)
