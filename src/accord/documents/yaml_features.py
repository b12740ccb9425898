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


def _several_documents(text: str) -> bool:
    markers = _line_starts_with(text, "---")
    if markers == 0:
        return False
    first = 0 if text.startswith("---") else text.index("\n---") + 1
    before = [line.strip() for line in text[:first].splitlines()]
    has_content = any(line and not line.startswith(("#", "%")) for line in before)
    return markers > 1 or has_content


# Substring searches for needles that start with a character the text is full of ("\n", "<")
# cost 3 to 5 ms each on a 4 MB contract; the rare part of the needle is found first, and
# each place it occurs is checked. The text is read whole by each search, never copied.


def _line_starts_with(text: str, marker: str) -> int:
    """How many lines start with `marker` (as `text.count("\n" + marker)` plus the first line)."""
    count, index = 0, text.find(marker)
    while index != -1:
        if index == 0 or text[index - 1] == "\n":
            count += 1
        index = text.find(marker, index + len(marker))
    return count


def _has_double(text: str, char: str) -> bool:
    index = text.find(char)
    while index != -1:
        if text.startswith(char, index + 1):
            return True
        index = text.find(char, index + 1)
    return False


def needs_careful_path(text: str) -> bool:
    """Tags, merge keys or several documents: the two parsers read these differently."""
    # The plain substring tests first: they are ten times faster than the search, which
    # runs only on text that may hold a merge key or a document end marker.
    maybe = _has_double(text, "<") or _line_starts_with(text, "...") > 0
    if (maybe and _CAREFUL_ONLY.search(text)) or _several_documents(text):
        return True
    # A tag is a "!" at the start of a token; a plain search is 50x faster than a lookbehind.
    index = text.find("!")
    while index != -1:
        if index == 0 or text[index - 1] in " \t\n[{,":
            return True
        index = text.find("!", index + 1)
    return False
