"""Fuzz every text field, date and number a person types through the CLI (issue 13):
a draft's title and point text, a note, a round's place and outcome, dates (a round's
start, ``--as-of``), priorities and version numbers. Every command either works or
refuses with one clear line (exit 2-5), never a traceback; whatever was stored is
then exported as Markdown, DOCX and PDF (export, compare, brief, copies) and read
back: the value is there (XML-unsafe characters as U+FFFD in DOCX)."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from fuzz_support import dates, fresh_copy, hostile_text, numbers, template_record, version_numbers
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests_support import CliResult, run_cli

EXAMPLES = 10
REFUSAL_CODES = {2, 3, 4, 5}


@pytest.fixture(scope="module")
def template() -> Iterator[Path]:
    yield from template_record()


def cli(db: str, *args: str) -> CliResult:
    result = run_cli(*args, "--db", db)
    shown = result.out + result.err
    assert "Traceback" not in shown, (args, shown[-2000:])
    if result.code:
        assert result.code in REFUSAL_CODES, (args, result.code, shown[-2000:])
        message = result.err.strip()
        assert message and len(message.splitlines()) == 1, (args, message[:2000])
    return result


def docx_text(path: Path) -> str:
    import docx

    document = docx.Document(str(path))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)


def _settings() -> settings:
    return settings(
        max_examples=EXAMPLES, deadline=None, database=None,
        suppress_health_check=list(HealthCheck),
    )  # fmt: skip


@_settings()
@given(text=hostile_text(surrogates=True), title=hostile_text(surrogates=True))
def test_a_hostile_draft_is_stored_and_exported_or_refused(
    template: Path, text: str, title: str
) -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        db = fresh_copy(template, folder)
        source = folder / "draft.md"
        body = (
            "1. The parties shall cease all hostilities within 24 hours of signature"
            f" zqpointq {text}\n2. A monitoring mission shall observe the line.\n"
        )
        try:
            source.write_text(body, encoding="utf-8", errors="surrogatepass")
        except UnicodeError:  # pragma: no cover - surrogatepass writes any str
            raise
        result = cli(db, "import", str(source), "-d", "fuzzed", "--party", "envoy",
                     "--title", title, "--from", "framework@1")  # fmt: skip
        if result.code:
            return
        shown = json.loads(cli(db, "show", "fuzzed@1", "--json").out)
        assert "zqpointq" in json.dumps(shown)
        for out in ("out.md", "out.docx", "out.txt"):
            assert cli(db, "export", "fuzzed@1", str(folder / out)).code == 0
        assert "zqpointq" in (folder / "out.md").read_text(encoding="utf-8")
        assert "zqpointq" in docx_text(folder / "out.docx")
        compared = folder / "compare.docx"
        assert cli(db, "compare", "framework@1", "fuzzed@1", "--docx", str(compared)).code == 0
        assert "fuzzed@1" in docx_text(compared)  # a redline elides long wording
        for fmt in ("md", "docx", "pdf"):
            out = folder / f"copies-{fmt}"
            done = cli(db, "copies", "--version", "fuzzed@1", "--to", "north", "--to", "south",
                       "--out", str(out), "--format", fmt, "--seed", "7")  # fmt: skip
            assert done.code == 0
            files = sorted(out.iterdir())
            assert files
            read = {"md": lambda p: p.read_text(encoding="utf-8"), "docx": docx_text,
                    "pdf": pdf_text}[fmt]  # fmt: skip
            assert all("zqpointq" in read(f).replace("\n", " ") for f in files), fmt


@_settings()
@given(note=hostile_text(surrogates=True), priority=numbers, version=version_numbers)
def test_a_hostile_note_priority_and_version_number(
    template: Path, note: str, priority: int, version: str
) -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        db = fresh_copy(template, folder)
        cli(db, "show", f"framework@{version}")
        cli(db, "matrix", "--version", f"framework@{version}", "--json")
        marked = cli(db, "mark", "2", "--party", "south", "--stance", "unacceptable",
                     "--visibility", "joint", "--note", f"zqnoteq {note}",
                     "--priority", str(priority))  # fmt: skip
        history = json.loads(cli(db, "history", "2", "--json").out)
        notes = [str(m.get("note")) for m in _marks(history)]
        if marked.code:
            assert not any("zqnoteq" in n for n in notes)  # refused: nothing stored
            return
        assert f"zqnoteq {note}" in notes  # stored exactly as typed
        for fmt in ("md", "docx", "pdf"):
            out = folder / f"brief.{fmt}"
            assert cli(db, "brief", "--out", str(out)).code == 0
            read = {"md": lambda p: p.read_text(encoding="utf-8"), "docx": docx_text,
                    "pdf": pdf_text}[fmt]  # fmt: skip
            assert "zqnoteq" in read(out).replace("\n", " "), fmt


def _marks(history: object) -> list[dict[str, object]]:
    """Every dict with a stance in a JSON answer (the history's marks)."""
    found: list[dict[str, object]] = []
    stack = [history]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if "stance" in item:
                found.append(item)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


@_settings()
@given(place=hostile_text(surrogates=True), outcome=hostile_text(), start=dates, as_of=dates,
       end=st.one_of(st.none(), dates))  # fmt: skip
def test_a_hostile_round_and_dates(
    template: Path, place: str, outcome: str, start: str, as_of: str, end: str | None
) -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        db = fresh_copy(template, folder)
        cli(db, "matrix", "--as-of", as_of, "--json")
        args = ["round", "add", "--level", "expert", "--place", f"zqplaceq {place}",
                "--start", start, "--outcome", f"zqoutq {outcome}", "--attendee", "n-expert",
                "--publish"]  # fmt: skip
        if end is not None:
            args += ["--end", end]
        added = cli(db, *args)
        listed = cli(db, "round", "list", "--json").out
        if added.code:
            assert "zqplaceq" not in listed
            return
        rounds = json.loads(listed)
        assert f"zqplaceq {place}" in json.dumps(rounds, ensure_ascii=False) or any(
            f"zqplaceq {place}" == r.get("place") for r in _dicts(rounds)
        )
        out = folder / "brief.docx"
        assert cli(db, "brief", "--out", str(out)).code == 0
        docx_text(out)


def _dicts(value: object) -> list[dict[str, object]]:
    if isinstance(value, dict):
        return [value, *(d for v in value.values() for d in _dicts(v))]
    if isinstance(value, list):
        return [d for v in value for d in _dicts(v)]
    return []
