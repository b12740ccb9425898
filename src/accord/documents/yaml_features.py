"""Which YAML texts the fast parser (yaml-rs) may read: tags, merge keys and several documents
in one file are read differently by it and by libyaml, so text that may hold them takes the
careful path (`yaml_tree`). Plain text searches, no parse: they run on every file loaded.
"""

from __future__ import annotations

import re

__all__ = ["needs_careful_path"]

# Features the fast parser reads differently from the careful one: tags, merge keys,
# several documents. Text that may use them always takes the careful path.
_CAREFUL_ONLY = re.compile(r"<<\s*:|\n\.\.\.[ \t]*(?:\n|$)")


def _several_documents(text: str, markers: int) -> bool:
    """Whether the text holds more than one document, given how many lines start with "---"."""
    if markers == 0:
        return False
    first = 0 if text.startswith("---") else text.index("\n---") + 1
    before = [line.strip() for line in text[:first].splitlines()]
    has_content = any(line and not line.startswith(("#", "%")) for line in before)
    return markers > 1 or has_content


# Lines that start a document ("---") or end one ("..."), from the newline before them: both
# in one search in C (a search for either alone costs as much, as both are made of common
# characters).
_MARKER_LINE = re.compile(r"\n(---|\.\.\.)")


def _marker_lines(text: str) -> tuple[int, int]:
    """How many lines start with "---", and how many with "..."."""
    found = _MARKER_LINE.findall(text)
    ends = found.count("...")
    starts = len(found) - ends + int(text.startswith("---"))
    return starts, ends + int(text.startswith("..."))


# A substring search for a needle that starts with a character the text is full of ("<")
# costs 3 to 5 ms on a 4 MB contract; the rare part of the needle is found first, and each
# place it occurs is checked. The text is read whole by each search, never copied.


def _has_double(text: str, char: str) -> bool:
    index = text.find(char)
    while index != -1:
        if text.startswith(char, index + 1):
            return True
        index = text.find(char, index + 1)
    return False


def needs_careful_path(text: str) -> bool:
    """Tags, merge keys or several documents: the two parsers read these differently."""
    # The plain searches first: they are ten times faster than the search for merge keys and
    # document end markers, which runs only on text that may hold one.
    markers, ends = _marker_lines(text)
    maybe = _has_double(text, "<") or ends > 0
    if (maybe and _CAREFUL_ONLY.search(text)) or _several_documents(text, markers):
        return True
    # A tag is a "!" at the start of a token; a plain search is 50x faster than a lookbehind.
    index = text.find("!")
    while index != -1:
        if index == 0 or text[index - 1] in " \t\n[{,":
            return True
        index = text.find("!", index + 1)
    return False
