"""Fuzz the text fields only the CLI takes (issue 13): a negotiation's title, a
party's and a member's name, a version's message, a working group's name. Each
command works or refuses in one line; what was stored reads back exactly (``--json``)
and goes through the brief (Markdown, DOCX, PDF) and the versions list."""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from fuzz_support import hostile_text
from hypothesis import HealthCheck, given, settings
from test_fuzz_cli_exports import cli, docx_text, pdf_text

from onetext.store.database import open_database
from tests_support import DRAFT


@pytest.fixture(scope="module")
def empty_record() -> Iterator[Path]:
    """A migrated, empty database, copied per example (migrating is the slow part)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "empty.db"
        open_database(f"sqlite:///{path}").dispose()
        yield path


@settings(max_examples=6, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(
    title=hostile_text(surrogates=True),
    party=hostile_text(surrogates=True),
    member=hostile_text(),
    message=hostile_text(surrogates=True),
)
def test_hostile_names_and_messages(
    empty_record: Path, title: str, party: str, member: str, message: str
) -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        db = str(shutil.copyfile(empty_record, folder / "names.db"))
        if cli(db, "negotiation", "create", "talks", "--title", f"zqtitleq {title}").code:
            assert cli(db, "negotiation", "list", "--json").out.count("talks") == 0
            return
        listed = json.loads(cli(db, "negotiation", "list", "--json").out)
        assert f"zqtitleq {title}" in json.dumps(listed, ensure_ascii=False) or any(
            d.get("title") == f"zqtitleq {title}" for d in listed if isinstance(d, dict)
        )
        assert cli(db, "party", "add", "envoy", "--name", "Envoy", "--kind", "mediator").code == 0
        added = cli(db, "party", "add", "north", "--name", f"zqpartyq {party}")
        parties = cli(db, "party", "list", "--json").out
        if added.code:
            assert "zqpartyq" not in parties
            return
        assert cli(db, "member", "add", "n-expert", "--party", "north",
                   "--name", f"zqmemberq {member}", "--level", "expert").code in (0, 2)  # fmt: skip
        source = folder / "draft.txt"
        source.write_text(DRAFT, encoding="utf-8")
        imported = cli(db, "import", str(source), "-d", "framework", "--party", "envoy",
                       "-m", f"zqmessageq {message}")  # fmt: skip
        versions = cli(db, "versions", "--json").out
        if imported.code:
            assert "zqmessageq" not in versions
            return
        assert "zqmessageq" in versions
        cli(db, "mark", "1", "--party", "north", "--stance", "unacceptable",
            "--visibility", "joint")  # fmt: skip
        for fmt, read in (
            ("md", lambda p: p.read_text(encoding="utf-8")),
            ("docx", docx_text),
            ("pdf", pdf_text),
        ):
            out = folder / f"brief.{fmt}"
            assert cli(db, "brief", "--out", str(out)).code == 0
            read(out)
        assert cli(db, "export", "framework@1", str(folder / "out.docx")).code == 0
