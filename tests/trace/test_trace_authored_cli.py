"""``onetext copies --variants FILE`` end to end: what the file adds, the leak it
lets ``onetext trace`` name, and every refusal (one line, exit 2, nothing written)."""

from __future__ import annotations

import io
import json
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from leak_model import quote  # benchmarks/: the independent retyping of a quote
from onetext.cli import app, main
from onetext.formats.drafts import load_draft

HERE = Path(__file__).resolve().parent / "authored"
FISHERIES = HERE / "fisheries.md"
FISHERIES_VARIANTS = HERE / "fisheries-variants.json"
TWENTY = [f"Delegation {n:02d}" for n in range(1, 21)]


def registered(db: Path) -> list[dict[str, Any]]:
    with sqlite3.connect(db) as connection:
        rows = connection.execute("select data from copy_issues order by id").fetchall()
    return [json.loads(data) for (data,) in rows]


def _main(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str, str]:
    """The console entry point in process: exit code, stdout, stderr."""
    monkeypatch.setattr(sys, "argv", ["onetext", *args])
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    with pytest.raises(SystemExit) as done:
        main()
    captured = capsys.readouterr()
    return int(done.value.code or 0), captured.out, captured.err


def _issue(tmp: Path, name: str, *extra: str) -> dict[str, Any]:
    args = ["copies", str(FISHERIES), "--out", str(tmp / name), "--db", str(tmp / f"{name}.db")]
    args += ["--seed", "11", "--json", *extra]
    for recipient in TWENTY:
        args += ["--to", recipient]
    done = CliRunner().invoke(app, args)
    assert done.exit_code == 0, done.output
    data: dict[str, Any] = json.loads(done.stdout)
    return data


@pytest.fixture(scope="module")
def issues(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any], dict[str, Any]]:
    tmp = tmp_path_factory.mktemp("authored")
    plain = _issue(tmp, "plain")
    authored = _issue(tmp, "authored", "--variants", str(FISHERIES_VARIANTS))
    return tmp, plain, authored


def test_the_file_raises_what_a_three_point_quote_can_prove(
    issues: tuple[Path, dict[str, Any], dict[str, Any]],
) -> None:
    _, plain, authored = issues
    assert "authored" not in plain and "overridden" not in plain
    assert authored["authored"] == 23
    assert authored["overridden"] == ["4.c1", "5.f1"]
    assert plain["robust_bits_per_100_words"] < 6
    assert authored["robust_bits_per_100_words"] > 4 * plain["robust_bits_per_100_words"]
    assert plain["short_quotes"]["points_needed"] is None
    assert authored["short_quotes"]["points_needed"] == 3
    assert plain["quotes"][1]["points"] == authored["quotes"][1]["points"] == 3
    assert plain["quotes"][1]["passages_proven"] == 0
    assert authored["quotes"][1]["passages_proven"] == authored["quotes"][1]["passages"]
    assert authored["quotes"][1]["false_accusation_probability"] < 1e-3


def test_the_registry_stores_the_authored_sites(
    issues: tuple[Path, dict[str, Any], dict[str, Any]],
) -> None:
    tmp, _, _ = issues
    [issue] = registered(tmp / "authored.db")
    kinds = [s["kind"] for s in issue["sites"]]
    assert kinds.count("authored") == 23
    assert issue["overridden"] == ["4.c1", "5.f1"]
    assert "overridden" not in registered(tmp / "plain.db")[0]


@pytest.mark.parametrize(("recipient", "first"), [(2, 0), (7, 1), (13, 3), (19, 4)])
def test_a_retyped_three_point_leak_is_named_only_with_the_file(
    issues: tuple[Path, dict[str, Any], dict[str, Any]], recipient: int, first: int
) -> None:
    """Three consecutive points of a recipient's copy file, retyped as a newspaper
    prints them; ``onetext trace`` reads the registry only, never the variants file."""
    tmp, plain, authored = issues
    name = TWENTY[recipient]
    verdicts = {}
    for label, data in (("plain", plain), ("authored", authored)):
        copy = next(Path(c["file"]) for c in data["copies"] if c["recipient"] == name)
        leak = quote([p.text for p in load_draft(copy).points], first, 3)
        done = CliRunner().invoke(
            app, ["trace", "-", "--db", str(tmp / f"{label}.db"), "--json"], input=leak
        )
        assert done.exit_code == 0, done.output
        verdicts[label] = json.loads(done.stdout)["verdict"]
    assert verdicts == {"plain": None, "authored": name}


def test_copies_say_which_automatic_sites_gave_way(tmp_path: Path) -> None:
    done = CliRunner().invoke(
        app,
        [
            "copies",
            str(FISHERIES),
            "--variants",
            str(FISHERIES_VARIANTS),
            "--to",
            "a",
            "--to",
            "b",
            "--out",
            str(tmp_path / "o"),
            "--db",
            str(tmp_path / "r.db"),
        ],
    )
    assert done.exit_code == 0, done.output
    said = " ".join(done.stdout.split())
    assert "Automatic sites left out for the phrases you listed: 4.c1, 5.f1." in said
    assert "23 authored" in said


def test_list_sites_shows_the_authored_sites_for_review(tmp_path: Path) -> None:
    args = ["copies", str(FISHERIES), "--list-sites", "--variants", str(FISHERIES_VARIANTS)]
    listed = CliRunner().invoke(app, [*args, "--json"])
    assert listed.exit_code == 0, listed.output
    data = json.loads(listed.stdout)
    authored = [s for s in data["sites"] if s["kind"] == "authored"]
    assert len(authored) == 23 and data["overridden"] == ["4.c1", "5.f1"]
    first = next(s for s in authored if s["id"] == "2.a1")
    assert first["variants"][0] == "shall notify the Commission without delay"
    assert len(first["variants"]) == 4
    human = CliRunner().invoke(app, args)
    assert human.exit_code == 0
    assert "authored" in human.stdout and "4.c1, 5.f1" in " ".join(human.stdout.split())
    assert not list(tmp_path.iterdir())


REFUSALS: list[tuple[Any, str]] = [
    (
        {"12": [["the Mission", "the monitoring mission"]]},
        'point 12, "the Mission": the draft has no point 12',
    ),
    (
        {"2": [["shall report to the Commission", "shall inform the Commission"]]},
        "the phrase is not in the point's text",
    ),
    ({"7": [["the Commission", "the said Commission"]]}, "the phrase stands 2 times in the point"),
    ({"8": [["thirtieth", "30th"]]}, 'point 8, "thirtieth": the phrase is inside brackets'),
    (
        {
            "2": [
                ["shall notify the Commission", "shall inform the Commission"],
                ["the Commission without delay", "the Commission, without delay"],
            ]
        },
        'overlaps the listed phrase "shall notify the Commission"',
    ),
    ({"2": [["the preceding season", "the preceding season"]]}, "repeats the original"),
    (
        {"2": [["the preceding season", "the previous season", "the previous season"]]},
        'alternative "the previous season" repeats "the previous season"',
    ),
    (
        {"2": [["the preceding season", "the Preceding Season"]]},
        "reads the same once retyped as the original",
    ),
    (
        {"7": [["in equal shares", *(f"in equal shares ({n})" for n in "abcdefgh")]]},
        "9 forms; at most 8 are allowed",
    ),
    (
        {"7": [["in equal shares", "in equal shares " + "and so on " * 14]]},
        "words; at most 40",
    ),
    ({"2": ["the preceding season"]}, "give the phrase and at least one alternative"),
    ({"2": [["the preceding season", ""]]}, "a form is empty"),
    ({"2": [["the preceding season", "the [previous] season"]]}, "has a bracket"),
    ({"2": [["the preceding season", "the previous\nseason"]]}, "spans lines"),
    (
        {
            "2": [
                [
                    "shall notify the Commission without delay",
                    "may notify the Commission without delay",
                ]
            ]
        },
        "without delay\" changes the legal words: 'shall' becomes 'may'",
    ),
    (
        {"2": [["shall notify the Commission without delay", "shall notify the Commission soon"]]},
        "changes the legal words: drops 'without'",
    ),
    (
        {"2": [["the preceding season", "any previous season"]]},
        "changes the legal words: adds 'any'",
    ),
    ({"5": [["within 45 days", "within 60 days"]]}, "changes the numbers: '45' becomes '60'"),
    (
        {"8": [["the last instrument", "the first instrument"]]},
        "changes the numbers: 'last' becomes 'first'",
    ),
    (
        {
            "2": [
                [
                    "shall notify the Commission without delay",
                    "shall notify the Secretariat without delay",
                ]
            ]
        },
        "changes the capitalised terms: 'Commission' becomes 'Secretariat'",
    ),
    (
        {"4": [["in the waters of the Lake", "in the waters of the lagoon"]]},
        "changes the capitalised terms: drops 'Lake'",
    ),
    ([["the preceding season", "the previous season"]], "expected a mapping from point label"),
    ({"2": "the preceding season"}, "point 2: expected a list of phrase lists"),
    ({"2": [["the preceding season", 3]]}, "each entry is a list of phrases"),
    ({}, "lists no phrase"),
]


@pytest.mark.parametrize(("content", "message"), REFUSALS)
def test_a_bad_variants_file_is_refused_and_nothing_is_issued(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    content: Any,
    message: str,
) -> None:
    variants = tmp_path / "variants.json"
    variants.write_text(json.dumps(content), encoding="utf-8")
    _refused(tmp_path, monkeypatch, capsys, variants, message)


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("variants.yaml", '"2":\n  - ["the preceding season", "the previous season"]\n', "YAML"),
        ("variants.json", '{"2": [["the preceding season",', "not valid JSON"),
        ("variants.toml", '"2" = [["the preceding season"', "not valid TOML"),
        ("variants.txt", "2: the preceding season", "unsupported variants file type .txt"),
    ],
)
def test_an_unreadable_variants_file_is_refused(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    name: str,
    text: str,
    message: str,
) -> None:
    variants = tmp_path / name
    variants.write_text(text, encoding="utf-8")
    _refused(tmp_path, monkeypatch, capsys, variants, message)


def test_a_missing_variants_file_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _refused(tmp_path, monkeypatch, capsys, tmp_path / "none.json", "file not found")


def _refused(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    variants: Path,
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir())
    args = ["copies", str(FISHERIES), "--variants", str(variants), "--to", "a", "--to", "b"]
    args += ["--out", str(tmp_path / "out"), "--db", str(tmp_path / "registry.db"), "--json"]
    code, out, err = _main(monkeypatch, capsys, *args)
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1, err
    assert message in err
    assert "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # no registry, no copies
    listing = ["copies", str(FISHERIES), "--list-sites", "--variants", str(variants)]
    code, out, err = _main(monkeypatch, capsys, *listing)
    assert code == 2 and out == "" and message in err


def test_variants_of_a_stored_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--version DOC@N``: the phrases are checked against the stored text; a refusal
    leaves the registry as it was."""
    db = tmp_path / "demo.db"
    command = [sys.executable, "-c", "from onetext.cli import main; main()"]
    demo = subprocess.run(
        [*command, "demo", "--db", str(db), "--no-show"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert demo.returncode == 0, demo.stderr
    good = tmp_path / "good.json"
    good.write_text(
        json.dumps(
            {
                "7": [
                    [
                        "shall cease all offensive operations",
                        "shall stop all offensive operations",
                        "shall halt all offensive operations",
                    ]
                ]
            }
        ),
        encoding="utf-8",
    )
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"9": [["30 days", "thirty days"]]}), encoding="utf-8")
    base = ["copies", "--version", "framework@1", "--to", "varnia", "--to", "ostrel"]
    base += ["--db", str(db), "--seed", "4", "--json"]
    code, _, err = _main(
        monkeypatch, capsys, *base, "--out", str(tmp_path / "no"), "--variants", str(bad)
    )
    assert code == 2
    assert 'point 9, "30 days": the phrase is inside brackets' in err
    assert registered(db) == [] and not (tmp_path / "no").exists()
    done = CliRunner().invoke(app, [*base, "--out", str(tmp_path / "out"), "--variants", str(good)])
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout)["authored"] == 1
    [issue] = registered(db)
    [site] = [s for s in issue["sites"] if s["kind"] == "authored"]
    assert site["id"] == "7.a1" and len(site["variants"]) == 3
    texts = {p.read_text(encoding="utf-8") for p in (tmp_path / "out").glob("*.md")}
    assert len(texts) == 2
