"""What two points have in common beyond their word order: the evidence the aligner
weighs when wording alone is not enough.

Two translations of one point, a point whose number changed ("600,000" to
"800,000") or that grew a sentence share few runs of words but many *content
words*: names, numbers, the rare nouns of the point. This module reduces a text
to those (case-folded, lightly stemmed, stop words out, number words as digits)
and weighs each by how rare it is among the points of both versions (inverse
document frequency), so "Kessel" or "amnesty" counts and "shall" does not.

It also says what "the same text" means for a drafter: :func:`normalise_typography`
folds curly and straight quotes, dashes, odd spaces and emphasis markers, so a
change of apostrophe or of italics is typographic, not a rewording.

Pure: no I/O; numpy and scipy are imported inside the functions that use them.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from onetext.text.typography import DASHES, INVISIBLE_CHARACTERS, QUOTES

if TYPE_CHECKING:
    import numpy as np

__all__ = [
    "ContentIndex",
    "content_words",
    "normalise_typography",
]

_QUOTES = str.maketrans(
    {**QUOTES, **DASHES, **dict.fromkeys(INVISIBLE_CHARACTERS)}  # invisible ones go
)
# Emphasis markers of Markdown: *x*, **x**, _x_, __x__ (not inside words like snake_case).
_EMPHASIS = re.compile(r"(?<!\w)(\*{1,3}|_{1,3})(?=\S)(.+?)(?<=\S)\1(?!\w)")
_STRAY_STARS = re.compile(r"\*+")


def normalise_typography(text: str) -> str:
    """The text as a reader compares it: quotes, dashes, spaces and emphasis folded.

    Two texts equal after this differ only typographically (``'`` and ``’``,
    ``-`` and ``–``, a non-breaking space, ``*mutatis mutandis*``)."""
    if text.isascii() and "*" not in text and "_" not in text and "`" not in text:
        return " ".join(text.split())  # the common case, fast
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    previous = None
    while previous != text:
        previous = text
        text = _EMPHASIS.sub(r"\2", text)
    text = _STRAY_STARS.sub("", text)
    return " ".join(text.split())


_WORD = re.compile(r"\d[\d,.]*\d|\d|\w+")
_STOP = frozenset(
    """a an and are as at be been being both but by can could do does each either
    for from had has have he her his i if in into is it its itself may might must
    neither no nor not of on once only or other our shall should so such than that
    the their them then there these they this those to under until upon was we were
    what when where whether which while who whom will with within without would you
    all any also following further herein hereby thereof therein whose said same""".split()
)
_NUMBER_WORDS = {
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
    "ten": "10",
    "eleven": "11",
    "twelve": "12",
    "fifteen": "15",
    "twenty": "20",
    "thirty": "30",
    "forty": "40",
    "fifty": "50",
    "sixty": "60",
    "seventy": "70",
    "eighty": "80",
    "ninety": "90",
    "hundred": "100",
    "thousand": "1000",
    "first": "1st",
    "second": "2nd",
    "third": "3rd",
}
_SUFFIXES = (
    "isations",
    "izations",
    "isation",
    "ization",
    "ations",
    "ation",
    "ments",
    "ment",
    "ings",
    "ing",
    "ers",
    "er",
    "es",
    "ed",
    "al",
    "ly",
    "s",
)


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    if word.endswith(("ies", "ied")) and len(word) > 5:
        return (word[:-3] + "y")[:7]
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    return word[:7]


@lru_cache(maxsize=131072)
def _token(raw: str) -> str | None:
    """The content word a raw (case-folded) word stands for, or ``None`` for a stop word."""
    if raw[0].isdigit():
        return raw if re.search(r"\d\.\d", raw) else re.sub(r"[^\d]", "", raw)
    if raw in _STOP or len(raw) < 2:
        return None
    number = _NUMBER_WORDS.get(raw)
    return number if number is not None else _stem(raw)


def content_words(text: str) -> list[str]:
    """The content words of ``text``, in order: case-folded, stemmed, numbers as
    digits without separators, stop words left out."""
    tokens = map(_token, _WORD.findall(text.casefold()))
    return [token for token in tokens if token is not None]


class ContentIndex:
    """Content words of a set of texts, weighted by rarity (inverse document frequency).

    Texts are keyed by any integer (the aligner uses old index ``i`` and new index
    ``offset + j``); :meth:`cosine_matrix` compares rows, :meth:`contained` says how
    much of one row's weight others hold.
    """

    def __init__(self, texts: Mapping[int, str]) -> None:
        self.words: dict[int, frozenset[str]] = {
            key: frozenset(content_words(text)) for key, text in texts.items()
        }
        frequency: Counter[str] = Counter(w for ws in self.words.values() for w in ws)
        total = max(1, len(texts))
        self.weight: dict[str, float] = {w: math.log(1 + total / n) for w, n in frequency.items()}
        self._norm = {
            key: math.sqrt(sum(self.weight[w] ** 2 for w in ws)) or 1.0
            for key, ws in self.words.items()
        }
        self._mass = {key: sum(self.weight[w] for w in ws) or 1.0 for key, ws in self.words.items()}
        self._columns: dict[str, int] = {}

    def __contains__(self, key: object) -> bool:
        return key in self.words

    def _csr(self, rows: Sequence[int]) -> Any:
        import numpy as np
        from scipy import sparse

        columns = self._columns
        data: list[float] = []
        indices: list[int] = []
        indptr = [0]
        for row in rows:
            norm = self._norm[row]
            for word in self.words[row]:
                indices.append(columns.setdefault(word, len(columns)))
                data.append(self.weight[word] / norm)
            indptr.append(len(indices))
        return sparse.csr_matrix(
            (np.array(data, dtype=np.float32), indices, indptr),
            shape=(len(rows), max(1, len(self.weight))),
        )

    def cosine_matrix(self, rows: Sequence[int], cols: Sequence[int]) -> np.ndarray[Any, Any]:
        """Weighted cosine similarity of every row in ``rows`` with every one in ``cols``."""
        import numpy as np

        if not rows or not cols:
            return np.zeros((len(rows), len(cols)), dtype=np.float32)
        product: np.ndarray[Any, Any] = (self._csr(rows) @ self._csr(cols).T).toarray()
        return product.astype(np.float32, copy=False)

    def cosine(self, a: int, b: int) -> float:
        shared = self.words[a] & self.words[b]
        return sum(self.weight[w] ** 2 for w in shared) / (self._norm[a] * self._norm[b])

    def contained(self, part: int, whole: Iterable[int]) -> float:
        """Share of ``part``'s word weight found in the union of the ``whole`` rows."""
        union: set[str] = set()
        for row in whole:
            union |= self.words.get(row, frozenset())
        return sum(self.weight[w] for w in self.words[part] & union) / self._mass[part]

    def gain(self, row: int, extra: Iterable[int], others: Iterable[int]) -> float:
        """Share of ``row``'s weight that the ``extra`` rows hold and the ``others`` do not:
        what adding them to a group explains that the group did not."""
        have: set[str] = set()
        for other in others:
            have |= self.words.get(other, frozenset())
        more: set[str] = set()
        for e in extra:
            more |= self.words.get(e, frozenset())
        fresh = (self.words[row] & more) - have
        return sum(self.weight[w] for w in fresh) / self._mass[row]
