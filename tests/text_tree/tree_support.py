"""What the tree tests share: the words of a text, and the words a tree lost."""

from __future__ import annotations

import json
import re
from collections import Counter

from onetext.text.tree import DocumentTree


def words(text: str) -> Counter[str]:
    return Counter(w.lower() for w in re.findall(r"[^\W_]+", text))


def strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return []


def lost_words(source: str, tree: DocumentTree) -> Counter[str]:
    """Source words the tree's JSON does not hold as often as the source has them."""
    held = json.loads(json.dumps(tree.to_json()))
    return words(source) - words("\n".join(strings(held)))
