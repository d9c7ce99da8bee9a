"""Hostile values for the fuzz tests: control characters, bidi and format characters,
lone surrogates, very long strings, out-of-range dates, huge and negative numbers."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from hypothesis import strategies as st

from tests_support import build_small_record

CONTROL = [chr(c) for c in range(0x00, 0x20)] + ["\x7f", "\x85"]
FORMAT = ["\u200b", "\u200d", "\u200e", "\u200f", "\u202a", "\u202b", "\u202e", "\u2066",
          "\u2069", "\ufeff", "\u00ad", "\u2028", "\u2029"]  # fmt: skip
SURROGATES = ["\ud800", "\udfff", "\udc80"]
PLAIN = ["a", "Z", " ", "1", "é", "\u2019", "ß", "ق", "中", "\U0001f600", "[", "]", "\\", "%"]

hostile_char = st.sampled_from(CONTROL + FORMAT + PLAIN)


def hostile_text(*, surrogates: bool = False, max_size: int = 40) -> st.SearchStrategy[str]:
    """Short hostile strings, sometimes a very long one."""
    alphabet = st.sampled_from(CONTROL + FORMAT + PLAIN + (SURROGATES if surrogates else []))
    return st.one_of(
        st.text(alphabet=alphabet, min_size=1, max_size=max_size),
        st.text(min_size=1, max_size=max_size),  # anything Unicode (no surrogates)
        st.builds(
            lambda s, n: s * n,
            st.text(alphabet=alphabet, min_size=1, max_size=3),
            st.integers(2_000, 40_000),
        ),
    )


dates = st.one_of(
    st.sampled_from(
        [
            "9999-12-31T23:59:59-12:00",
            "9999-12-31T23:59",
            "0001-01-01",
            "0001-01-01T00:00+14:00",
            "0000-01-01",
            "2026-02-30",
            "2026-13-01",
            "10000-01-01",
            "-0001-01-01",
            "2026-11-30T24:00",
            "2026-11-30T10:00+99:00",
            "1970-01-01T00:00Z",
            "2026-11-30\x00",
            "99999999999999999999",
        ]
    ),
    st.datetimes().map(lambda d: d.isoformat()),
)

numbers = st.one_of(
    st.sampled_from([0, -1, 6, 2**31, 2**63, -(2**63) - 1, 10**23, -(10**30)]),
    st.integers(min_value=-(10**30), max_value=10**30),
)

version_numbers = st.one_of(
    st.integers(min_value=0, max_value=10**30).map(str),
    st.just("9" * 23), st.just("0" * 23 + "1"),
)  # fmt: skip


def template_record() -> Iterator[Path]:
    """The small record, built once, copied per example."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "template.db"
        build_small_record(str(path))
        yield path


def fresh_copy(template: Path, folder: Path) -> str:
    target = folder / "record.db"
    shutil.copyfile(template, target)
    return str(target)
