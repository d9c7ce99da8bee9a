"""The demo story on the escalation board, and the commands end to end."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest
import typer
from typer.testing import CliRunner

import onetext.store.escalation_tables  # noqa: F401  (registers the tables)
from onetext.cli import escalation as escalation_cli
from onetext.errors import InvalidInput, PermissionDenied
from onetext.service.demo import demo_scenario
from tests_support import must

runner = CliRunner()


def _app() -> typer.Typer:
    app = typer.Typer()
    escalation_cli.register(app)
    return app


APP = _app()


def run(*args: str) -> str:
    result = runner.invoke(APP, list(args))
    assert result.exit_code == 0, (args, result.output, result.exception)
    return result.output


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    db = str(tmp_path_factory.mktemp("escalation-demo") / "onetext.db")
    must("demo", "--db", db, "--no-show")
    return db


def test_board_of_the_framework_shows_red_lines_and_expert_agreement(demo_db: str) -> None:
    board = json.loads(run("board", "--version", "framework@1", "--json", "--db", demo_db))
    status = {p["label"]: p for p in board["points"]}
    blocked = {label for label, p in status.items() if p["status"] == "blocked"}
    by_varnia = {label for label in blocked if "varnia" in status[label]["blocked_by"]}
    assert {"3", "8"} <= by_varnia  # Varnia's red lines
    agreed = {label for label, p in status.items() if p["status"] == "agreed_expert"}
    assert agreed and all(not status[label]["options"] for label in agreed)
    for label in agreed:
        assert status[label]["status_words"] == "agreed at expert level, awaiting principals"
    # both experts accept point 12 as a whole, but it reads "[fourteen (14) days][thirty
    # (30) days]" and their notes want different alternatives: it is not agreed
    twelve = status["12"]
    assert twelve["status"] == "open"
    assert {m["stance"] for m in twelve["marks"].values() if m} <= {"accepted", "reservations"}
    assert not board["package"]["endorsed"]
    assert sum(board["package"]["counts"].values()) == 28
    assert status["4"]["options"] and status["4"]["blocked_by"] == ["varnia"]
    table = run("board", "--version", "framework@1", "--db", demo_db)
    assert "blocked" in table and "nothing is agreed until everything is agreed" in table


def test_a_delegate_never_sees_the_other_sides_confidences(demo_db: str, tmp_path: Path) -> None:
    secret = [
        m["note"]
        for m in demo_scenario()["marks"]
        if m["party"] == "ostrel" and m["visibility"] != "joint" and m.get("note")
    ]
    assert secret
    board = run("board", "--json", "--as-member", "varnia-expert", "--db", demo_db)
    out = tmp_path / "brief.docx"
    run("brief", "--as-member", "varnia-expert", "--out", str(out), "--db", demo_db)
    brief = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    mediator = run("board", "--json", "--db", demo_db)
    for note in secret:
        assert json.dumps(note)[1:-1] not in board
        assert note not in brief
    assert any(json.dumps(note)[1:-1] in mediator for note in secret)


def test_working_groups_from_the_command_line(demo_db: str) -> None:
    created = json.loads(
        run(
            "group",
            "add",
            "military",
            "--name",
            "Military experts",
            "--point",
            "9",
            "--point",
            "10",
            "--member",
            "varnia-expert",
            "--member",
            "ostrel-expert",
            "--version",
            "framework@1",
            "--json",
            "--db",
            demo_db,
        )
    )
    assert created["points"] == ["9", "10"] and created["level"] == "expert"
    listed = json.loads(run("group", "list", "--json", "--version", "framework@1", "--db", demo_db))
    story = [g["slug"] for g in demo_scenario()["groups"]]  # the demo's own groups
    assert [g["slug"] for g in listed] == sorted([*story, "military"])
    assert "military" in run("group", "list", "--db", demo_db)
    group = json.loads(
        run("board", "--group", "military", "--version", "framework@1", "--json", "--db", demo_db)
    )
    assert [p["label"] for p in group["points"]] == ["9", "10"]
    refused = runner.invoke(
        APP,
        ["group", "add", "x", "--name", "X", "--as-member", "varnia-expert", "--db", demo_db],
    )
    assert refused.exit_code != 0 and isinstance(refused.exception, PermissionDenied)


@pytest.mark.parametrize("suffix", [".md", ".html", ".docx"])
def test_the_brief_in_each_format(demo_db: str, tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"brief{suffix}"
    summary = json.loads(
        run("brief", "--version", "framework@1", "--out", str(out), "--json", "--db", demo_db)
    )
    assert summary["format"] == suffix[1:] and summary["version"] == "framework@1"
    if suffix == ".docx":
        document = docx.Document(str(out))
        headings = [
            p.text
            for p in document.paragraphs
            if p.style is not None and (p.style.name or "").startswith("Heading")
        ]
        assert any(h.startswith("Blocked — escalated") for h in headings)
        assert any(h.startswith("Agreed at expert level") for h in headings)
        assert "Suggested package" in headings
        text = "\n".join(p.text for p in document.paragraphs)
    else:
        text = out.read_text(encoding="utf-8")
    assert "Blocked — escalated" in text and "Point 3" in text
    if suffix == ".html":
        assert text.startswith("<!DOCTYPE html>") and "<script" not in text


def test_a_brief_needs_a_known_format(demo_db: str, tmp_path: Path) -> None:
    result = runner.invoke(APP, ["brief", "--out", str(tmp_path / "b.rtf"), "--db", demo_db])
    assert result.exit_code != 0 and isinstance(result.exception, InvalidInput)
