"""Regular expressions made from word lists."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any


def one_of(words: Iterable[str]) -> str:
    """A pattern for any of the words, as a trie (``trie``): where a word starts another, the longer is
    tried first, and a position that starts no word is left after one test, not one per word."""
    return trie(words)


def trie(words: Iterable[str]) -> str:
    """A pattern for any of the words, with shared beginnings factored out:
    Python's re tries the branches of a plain a|b|c one by one at every position."""
    tree: dict[str, Any] = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}  # a word ends here

    def pattern(node: dict[str, Any]) -> str:
        branches = [re.escape(char) + pattern(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
        return f"(?:{body})?" if "" in node else body

    return pattern(tree)
