"""One test per failure the fuzzers found (issue 13), each failing on the code before
its fix: a clear one-line refusal that stores nothing, or a working export."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fuzz_support import fresh_copy, template_record

from tests_support import run_cli


@pytest.fixture(scope="module")
def template() -> Iterator[Path]:
    yield from template_record()


def test_a_lone_surrogate_in_a_note_is_refused_and_stores_nothing(
    template: Path, tmp_path: Path
) -> None:
    db = fresh_copy(template, tmp_path)
    result = run_cli("mark", "2", "--party", "south", "--stance", "accepted",
                     "--note", "bad \ud800 note", "--db", db)  # fmt: skip
    assert result.code == 2, result.err
    assert "Traceback" not in result.err
    assert result.err.strip() == "error: text may not contain a lone surrogate (U+D800 to U+DFFF)"
    history = run_cli("history", "2", "--json", "--db", db)
    assert "bad" not in json.loads(history.out).__repr__()
