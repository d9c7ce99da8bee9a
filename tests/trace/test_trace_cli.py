"""`onetext copies` and `onetext trace` end to end: copies, an excerpt, a verdict."""

from __future__ import annotations

import io
import json
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import docx
import pytest
from typer.testing import CliRunner

from onetext.cli import app, main
from onetext.formats.drafts import load_draft
from onetext.trace.normalize import retype

DRAFT = Path(__file__).resolve().parents[2] / "benchmarks" / "data" / "draft-28.md"
RECIPIENTS = ["Ministry A", "Delegation B", "Observer C", "Envoy D", "Guarantor E"]


def _onetext(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """The real console entry point, in a child process."""
    return subprocess.run(
        [sys.executable, "-c", "from onetext.cli import main; main()", *args],
        capture_output=True,
        text=True,
        input=stdin,
        timeout=120,
        check=False,
    )


def _main(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str, stdin: str = ""
) -> tuple[int, str, str]:
    """The console entry point in process (fast): exit code, stdout, stderr."""
    monkeypatch.setattr(sys, "argv", ["onetext", *args])
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    with pytest.raises(SystemExit) as done:
        main()
    captured = capsys.readouterr()
    return int(done.value.code or 0), captured.out, captured.err


def registered(db: Path) -> list[dict[str, Any]]:
    """The copy issues stored in the database."""
    with sqlite3.connect(db) as connection:
        rows = connection.execute("select data from copy_issues order by id").fetchall()
    return [json.loads(data) for (data,) in rows]


@pytest.fixture(scope="module")
def issued(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("copies")
    args = ["copies", str(DRAFT), "--out", str(out), "--seed", "42", "--json"]
    args += ["--db", str(out / "registry.db")]
    for name in RECIPIENTS:
        args += ["--to", name]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["sites"] > 200 and len(data["copies"]) == len(RECIPIENTS)
    return out


def test_copies_writes_one_file_per_recipient_and_a_registry(issued: Path) -> None:
    files = sorted(p.name for p in issued.glob("*.md"))
    assert files == sorted(f"draft-28-{n.lower().replace(' ', '-')}.md" for n in RECIPIENTS)
    [issue] = registered(issued / "registry.db")
    assert set(issue["code"]["codewords"]) == set(RECIPIENTS)
    assert issue["seed"] == 42
    for path in issued.glob("*.md"):
        assert [p.label for p in load_draft(path).points] == [str(i) for i in range(1, 29)]


@pytest.mark.parametrize("recipient", ["Delegation B", "Guarantor E"])
def test_an_excerpt_retyped_from_a_copy_is_traced_to_it(issued: Path, recipient: str) -> None:
    copy = issued / f"draft-28-{recipient.lower().replace(' ', '-')}.md"
    paragraphs = [p for p in copy.read_text(encoding="utf-8").split("\n\n") if p.startswith("**")]
    excerpt = retype("\n\n".join(paragraphs[4:10]).replace("**", ""))
    result = CliRunner().invoke(
        app, ["trace", "-", "--db", str(issued / "registry.db"), "--json"], input=excerpt
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"verdict", "candidates", "sites_observed"}
    assert data["verdict"] == recipient
    assert data["candidates"][0]["recipient"] == recipient
    assert data["candidates"][0]["false_accusation_probability"] < 1e-3
    assert all(c["false_accusation_probability"] >= 1e-3 for c in data["candidates"][1:])


def test_trace_reads_files_and_explains_its_evidence(issued: Path, tmp_path: Path) -> None:
    copy = issued / "draft-28-observer-c.md"
    leak = tmp_path / "leak.txt"
    leak.write_text(retype(copy.read_text(encoding="utf-8")), encoding="utf-8")
    result = CliRunner().invoke(app, ["trace", str(leak), "--db", str(issued / "registry.db")])
    assert result.exit_code == 0, result.output
    assert "Source: Observer C" in result.stdout
    assert "Evidence" in result.stdout and "variant seen" in result.stdout


def test_docx_copies_and_a_docx_leak(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # the registry goes to ./onetext.db by default
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app,
        [
            "copies",
            str(DRAFT),
            "--to",
            "x",
            "--to",
            "y",
            "--out",
            str(out),
            "--format",
            "docx",
            "--seed",
            "1",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    leaked = docx.Document(str(out / "draft-28-y.docx"))
    keep = docx.Document()
    for paragraph in leaked.paragraphs[5:20]:
        keep.add_paragraph(paragraph.text)
    keep.save(str(tmp_path / "leak.docx"))
    assert not list(out.glob("*.json")) and not list(out.glob("*.db"))
    assert (tmp_path / "onetext.db").exists()
    traced = _onetext(
        "trace", str(tmp_path / "leak.docx"), "--json", "--db", str(tmp_path / "onetext.db")
    )
    assert traced.returncode == 0, traced.stderr
    assert json.loads(traced.stdout)["verdict"] == "y"
    refused = _onetext("trace", str(tmp_path / "nowhere.txt"))
    assert refused.returncode == 2
    assert refused.stderr.strip() == f"error: file not found: {tmp_path / 'nowhere.txt'}"


def test_list_sites_for_review_and_veto(tmp_path: Path) -> None:
    listed = CliRunner().invoke(app, ["copies", str(DRAFT), "--list-sites", "--json"])
    assert listed.exit_code == 0, listed.output
    sites = json.loads(listed.stdout)["sites"]
    vetoed = sites[0]["id"]
    out = tmp_path / "out"
    book = tmp_path / "book.db"
    result = CliRunner().invoke(
        app,
        [
            "copies",
            str(DRAFT),
            "--to",
            "a",
            "--out",
            str(out),
            "--veto",
            vetoed,
            "--db",
            str(book),
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    ids = [s["id"] for s in registered(book)[0]["sites"]]
    assert vetoed not in ids and len(ids) == len(sites) - 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["trace", "nowhere.txt", "--db", "{registry}"], "file not found"),
        # a missing registry file is no longer created empty (issue 16)
        (["trace", "-", "--db", "{tmp}/empty.db"], "no database at"),
        (
            ["copies", "{draft}", "--version", "framework", "--to", "a", "--out", "{tmp}/o"],
            "not both",
        ),
        (["copies", "--to", "a", "--out", "{tmp}/o"], "name a draft file"),
        (["copies", "{draft}", "--out", "{tmp}/o"], "at least one recipient"),
        (
            ["copies", "{draft}", "--to", "a", "--out", "{tmp}/o", "--format", "odt"],
            "unknown format",
        ),
        (
            ["copies", "{draft}", "--to", "a", "--out", "{tmp}/o", "--marking", "loud"],
            "unknown marking",
        ),
        (["copies", "{draft}", "--to", "a", "--to", "a", "--out", "{tmp}/o"], "named twice"),
        (
            ["copies", "{draft}", "--to", "a", "--out", "{tmp}/o", "--veto", "99.z1"],
            "unknown variant",
        ),
        (["copies", "{tmp}/none.md", "--to", "a", "--out", "{tmp}/o"], "file not found"),
    ],
)
def test_bad_input_gets_one_clear_line(
    issued: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    filled = [
        a.format(registry=issued / "registry.db", tmp=tmp_path, bad=bad, draft=DRAFT) for a in args
    ]
    if "--db" not in filled:
        filled += ["--db", str(tmp_path / "case.db")]
    before = registered(issued / "registry.db")
    code, _, err = _main(monkeypatch, capsys, *filled, stdin="some leaked words")
    assert registered(issued / "registry.db") == before
    assert code != 0
    assert message in " ".join(err.split())
    assert "Traceback" not in err
    assert not (tmp_path / "o").exists()
    if (tmp_path / "case.db").exists():
        assert registered(tmp_path / "case.db") == []


def test_an_empty_leak_is_refused(
    issued: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _main(
        monkeypatch, capsys, "trace", "-", "--db", str(issued / "registry.db"), stdin=" \n"
    )
    assert code == 2 and "the leaked text is empty" in err


def test_copies_of_a_stored_version_and_who_may_trace(tmp_path: Path) -> None:
    from onetext.access import Actor
    from onetext.errors import PermissionDenied
    from onetext.model import Level, Role
    from onetext.service.copies import load_registry
    from onetext.store.database import open_database
    from onetext.store.unit_of_work import UnitOfWork

    db = tmp_path / "demo.db"
    assert _onetext("demo", "--db", str(db), "--no-show").returncode == 0
    out = tmp_path / "copies"
    done = CliRunner().invoke(
        app,
        [
            "copies",
            "--version",
            "framework@1",
            "--to",
            "varnia",
            "--to",
            "ostrel",
            "--to",
            "press",
            "--out",
            str(out),
            "--db",
            str(db),
            "--json",
            "--seed",
            "7",
        ],
    )
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout)["source"] == "lakemont-talks:framework@1"
    copy = out / "framework-v1-ostrel.md"
    assert [p.label for p in load_draft(copy).points] == [str(i) for i in range(1, 29)]
    excerpt = retype("\n\n".join(copy.read_text("utf-8").split("\n\n")[8:20]).replace("**", ""))
    traced = CliRunner().invoke(app, ["trace", "-", "--db", str(db), "--json"], input=excerpt)
    assert json.loads(traced.stdout)["verdict"] == "ostrel"
    database = open_database(str(db))
    try:
        delegate = Actor("varnia-negotiator", Role.DELEGATE, "varnia", Level.NEGOTIATOR)
        with UnitOfWork(database) as uow, pytest.raises(PermissionDenied):
            load_registry(uow, delegate)
        with UnitOfWork(database) as uow:
            assert len(load_registry(uow, Actor.system_operator()).issues) == 1
    finally:
        database.dispose()


def test_copies_say_what_a_short_quote_can_prove(tmp_path: Path) -> None:
    args = ["copies", str(DRAFT), "--out", str(tmp_path / "out"), "--seed", "3"]
    args += ["--db", str(tmp_path / "r.db")]
    for name in RECIPIENTS:
        args += ["--to", name]
    done = CliRunner().invoke(app, [*args, "--json"])
    assert done.exit_code == 0, done.output
    data = json.loads(done.stdout)
    assert data["robust_bits_per_100_words"] > 10
    assert [q["points"] for q in data["quotes"]] == [1, 3, 10]
    assert data["quotes"][1]["false_accusation_probability"] < 1e-3
    human = CliRunner().invoke(app, args)
    assert "A retyped quote of 3 points names its source among 5 recipients" in " ".join(
        human.stdout.split()
    )
    short = tmp_path / "short.md"
    short.write_text(
        "1. The Commission shall meet in Vell in order to organise the programme.\n\n"
        "2. The Parties shall report to the Commission every 3 months.\n\n"
        "3. The Mission shall publish its findings in writing.\n",
        encoding="utf-8",
    )
    weak = CliRunner().invoke(
        app,
        ["copies", str(short), "--out", str(tmp_path / "o2"), "--db", str(tmp_path / "s.db")]
        + [a for n in RECIPIENTS for a in ("--to", n)],
    )
    assert weak.exit_code == 0, weak.output
    said = " ".join(weak.stdout.split())
    assert "too short to prove" in said and "carry too few marks" in said
    # no sub-items to reorder: strong marking is not offered as if it helped
    assert "Stronger marking would add nothing to this draft." in said
    assert "--variants FILE" in said
    listed = short.read_text(encoding="utf-8").replace(
        "3. The Mission shall publish its findings in writing.",
        "3. The Mission shall publish:\n(a) its findings;\n(b) its methods;\n(c) its data.",
    )
    short.write_text(listed, encoding="utf-8")
    items = CliRunner().invoke(
        app,
        ["copies", str(short), "--out", str(tmp_path / "o3"), "--db", str(tmp_path / "t.db")]
        + [a for n in RECIPIENTS for a in ("--to", n)]
        + ["--json"],
    )
    assert items.exit_code == 0, items.output
    needs = json.loads(items.stdout)["short_quotes"]
    assert needs["points"] == 3 and needs["recipients_for"] >= 0
    human_items = CliRunner().invoke(
        app,
        ["copies", str(short), "--out", str(tmp_path / "o4"), "--db", str(tmp_path / "u.db")]
        + [a for n in RECIPIENTS for a in ("--to", n)],
    )
    assert "(--marking strong) would add" in " ".join(human_items.stdout.split())


def test_pdf_copies_from_the_cli_trace_back(tmp_path: Path) -> None:
    import pypdf

    out = tmp_path / "pdf"
    args = ["copies", str(DRAFT), "--to", "x", "--to", "y", "--out", str(out), "--format"]
    args += ["pdf", "--seed", "2", "--db", str(tmp_path / "p.db"), "--json"]
    done = CliRunner().invoke(app, args)
    assert done.exit_code == 0, done.output
    reader = pypdf.PdfReader(out / "draft-28-y.pdf")
    text = "\n".join(page.extract_text() for page in reader.pages)
    traced = CliRunner().invoke(
        app, ["trace", "-", "--db", str(tmp_path / "p.db"), "--json"], input=retype(text)
    )
    assert json.loads(traced.stdout)["verdict"] == "y"


def test_copies_name_the_thin_points_and_a_mediator_file_fills_them(tmp_path: Path) -> None:
    """A held-out text: some 3-point passages are not proven and the thin points are
    named; with the mediator's own wordings for that text every passage is."""
    leak = DRAFT.parent / "leak"
    draft = leak / "heldout3-customs-cooperation.md"
    names = [a for i in range(20) for a in ("--to", f"r{i}")]

    def issue(*extra: str) -> str:
        out = tmp_path / f"o{len(extra)}"
        db = str(tmp_path / f"{len(extra)}.db")
        args = ["copies", str(draft), "--out", str(out), "--db", db, *names, *extra]
        human = CliRunner().invoke(app, args)
        assert human.exit_code == 0, human.output
        return " ".join(human.stdout.split())

    said = issue()
    assert "too short to prove" in said and "The thinnest points:" in said
    variants = leak / "variants" / "heldout3-customs-cooperation.json"
    said = issue("--variants", str(variants))
    assert "26 of 26 passages reach the 0.001 threshold" in said
    assert "too short" not in said and "not proven yet" not in said
