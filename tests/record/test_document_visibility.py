"""Documents given in confidence: every viewer × every route that names or shows a document.

In the demo both position papers are tabled in caucus (own party and mediator). The
text of a paper is identified by its unique wording; a viewer may see it only when
the policy allows, through any route, including error messages.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from onetext.access import Actor
from onetext.model import Level, Role
from onetext.service import drafts
from onetext.service.demo import demo_scenario
from onetext.store.database import open_database
from onetext.store.tables import MemberRow
from onetext.store.unit_of_work import UnitOfWork
from tests_support import run_cli

VIEWERS = {  # handle -> party whose caucus papers it may read (None: the mediator reads all)
    "varnia-negotiator": "varnia",
    "ostrel-expert": "ostrel",
    "contact-expert": "contact-group",
    "press-observer": "press-pool",
    "envoy-chief": None,
}
PAPERS = {"ostrel-positions": "ostrel", "varnia-positions": "varnia"}


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    db = str(tmp_path_factory.mktemp("docs") / "demo.db")
    assert run_cli("demo", "--db", db, "--no-show").code == 0
    return db


def may_read(viewer: str, owner: str) -> bool:
    party = VIEWERS[viewer]
    return party is None or party == owner


def paper_wording(paper: str) -> str:
    """A long phrase of the paper's first point, as it is stored."""
    file = next(d["file"] for d in demo_scenario()["documents"] if d["document"] == paper)
    from importlib import resources

    text = resources.files("onetext.demo").joinpath(file).read_text("utf-8")
    first = next(line for line in text.splitlines() if line.startswith("**1.**"))
    return " ".join(first.removeprefix("**1.**").split()[:8])


ROUTES = {
    "show": lambda paper, out: ["show", paper, "--json"],
    "versions": lambda paper, out: ["versions", "--json"],
    "matrix": lambda paper, out: ["matrix", "--version", paper, "--json"],
    "history": lambda paper, out: ["history", "1", "--version", paper, "--json"],
    "compare": lambda paper, out: ["compare", paper, "framework@1", "--json"],
    "sources": lambda paper, out: ["sources", "framework@1", "--json"],
    "export": lambda paper, out: ["export", paper, str(out / "x.md")],
    "solve": lambda paper, out: ["solve", "--version", paper, "--json"],
}


@pytest.mark.parametrize(
    ("viewer", "paper", "route"),
    list(itertools.product(sorted(VIEWERS), sorted(PAPERS), sorted(ROUTES))),
)
def test_confidential_papers_reach_only_their_readers(
    demo_db: str, tmp_path: Path, viewer: str, paper: str, route: str
) -> None:
    args = ROUTES[route](paper, tmp_path)
    result = run_cli(*args, "--db", demo_db, "--as-member", viewer)
    everything = result.out + result.err
    exported = (tmp_path / "x.md").read_text("utf-8") if (tmp_path / "x.md").exists() else ""
    allowed = may_read(viewer, PAPERS[paper])
    wording = paper_wording(paper)
    if not allowed:
        assert wording not in everything + exported, f"{viewer} reads {paper} via {route}"
        if paper in args:
            # exactly what a name that does not exist gets: nothing confirms the paper
            ghost = run_cli(
                *ROUTES[route]("no-such-paper", tmp_path), "--db", demo_db, "--as-member", viewer
            )
            assert result.code == ghost.code and result.code in (3, 4)
            assert everything.replace(paper, "no-such-paper") == ghost.out + ghost.err
        else:
            assert paper not in everything, f"{viewer} learns of {paper} via {route}"
    elif route == "show":
        assert result.code == 0 and wording in json.dumps(json.loads(result.out))
    elif route == "versions":
        assert f"{paper}@1" in result.out


def test_the_mediator_traces_language_to_a_paper_given_in_confidence(demo_db: str) -> None:
    mediator = json.loads(
        run_cli(
            "sources", "framework@1", "--json", "--db", demo_db, "--as-member", "envoy-chief"
        ).out
    )
    assert any(s["party"] == "ostrel" and s["count"] >= 6 for s in mediator["summary"])
    varnia = json.loads(
        run_cli(
            "sources", "framework@1", "--json", "--db", demo_db, "--as-member", "varnia-negotiator"
        ).out
    )
    assert all(s["party"] != "ostrel" for s in varnia["summary"])


def test_a_private_draft_stays_with_its_party(tmp_path: Path) -> None:
    db = str(tmp_path / "x.db")
    from tests_support import build_small_record, must

    build_small_record(db)
    draft = tmp_path / "ideas.md"
    draft.write_text("**1.** NORTHERN FALLBACK: accept 60 days if pressed.\n", "utf-8")
    must(
        "import",
        str(draft),
        "-d",
        "fallback",
        "--party",
        "north",
        "--visibility",
        "private",
        "--as-member",
        "n-expert",
        "--db",
        db,
    )
    assert "NORTHERN FALLBACK" in must("show", "fallback", "--as-member", "n-expert", "--db", db)
    for viewer in ("s-expert", "chief", None):
        extra = ["--as-member", viewer] if viewer else []
        shown = run_cli("show", "fallback", "--db", db, *extra)
        assert shown.code == 3 and "NORTHERN FALLBACK" not in shown.out + shown.err
        listed = run_cli("versions", "--json", "--db", db, *extra)
        assert "fallback" not in listed.out
    # names are per owner (issue 13): south's joint ``fallback`` is its own document,
    # and north keeps reading its private one under the plain name
    own = run_cli(
        "import",
        str(draft),
        "-d",
        "fallback",
        "--party",
        "south",
        "--as-member",
        "s-expert",
        "--db",
        db,
    )
    assert own.code == 0 and "NORTHERN" not in own.out + own.err
    assert "fallback@1" in must("show", "north:fallback", "--as-member", "n-expert", "--db", db)
    shown = run_cli("show", "north:fallback", "--as-member", "s-expert", "--db", db)
    assert shown.code == 3 and "NORTHERN" not in shown.out + shown.err


def test_merge_conflicts_reach_only_readers_of_both_lines(tmp_path: Path) -> None:
    from tests_support import DRAFT, build_small_record, must

    db = str(tmp_path / "x.db")
    build_small_record(db)
    draft = tmp_path / "d.txt"
    draft.write_text(DRAFT.replace("observe", "NORTH-SECRET-WORDING"), "utf-8")
    must(
        "import",
        str(draft),
        "-d",
        "north-line",
        "--party",
        "north",
        "--kind",
        "counter_draft",
        "--from",
        "framework@1",
        "--visibility",
        "caucus",
        "--as-member",
        "n-expert",
        "--db",
        db,
    )
    draft.write_text(DRAFT.replace("observe", "watch"), "utf-8")
    must("import", str(draft), "-d", "framework", "--party", "envoy", "--db", db)
    must(
        "merge",
        "framework@2",
        "north-line@1",
        "-d",
        "framework",
        "--party",
        "envoy",
        "--as-member",
        "chief",
        "--db",
        db,
    )
    for viewer, sees in (("chief", True), ("n-expert", True), ("s-expert", False)):
        listed = must("conflicts", "--json", "--as-member", viewer, "--db", db)
        assert ("NORTH-SECRET-WORDING" in listed) == sees, viewer


@pytest.mark.parametrize("viewer", sorted(VIEWERS))
def test_version_pickers_list_exactly_the_versions_a_viewer_may_read(
    demo_db: str, viewer: str
) -> None:
    """``version_refs`` (one query, for pickers) agrees with ``list_versions``."""
    database = open_database(f"sqlite:///{demo_db}")
    try:
        with UnitOfWork(database) as uow:
            actor = accounts_actor(uow, viewer)
            refs = drafts.version_refs(uow, actor, "lakemont-talks")
            full = [v.ref for v in drafts.list_versions(uow, actor, "lakemont-talks")]
    finally:
        database.dispose()
    assert refs == full
    for paper, owner in PAPERS.items():
        assert any(ref.startswith(f"{paper}@") for ref in refs) == may_read(viewer, owner)


def accounts_actor(uow: UnitOfWork, handle: str) -> Actor:
    """The demo member as an actor, the way the CLI's ``--as-member`` makes one."""
    member = uow.session.execute(select(MemberRow).where(MemberRow.handle == handle)).scalar_one()
    return Actor(
        handle=member.handle,
        role=Role(member.role),
        party=member.party.slug,
        level=Level(member.level) if member.level else None,
    )


def test_a_joint_text_forked_from_a_private_draft_does_not_name_it(tmp_path: Path) -> None:
    """Lineage is metadata: a joint version's parent that a viewer may not read is listed
    as a restricted document, by name only to those who may read it."""
    db = str(tmp_path / "x.db")
    from tests_support import build_small_record, must

    build_small_record(db)
    secret = tmp_path / "ideas.md"
    secret.write_text("1. NORTHERN FALLBACK: accept 60 days if pressed.\n", "utf-8")
    tabled = tmp_path / "plan.md"
    tabled.write_text("1. The Parties shall withdraw within 60 days.\n", "utf-8")
    own = ["--party", "north", "--as-member", "n-expert", "--db", db]
    must("import", str(secret), "-d", "fallback", "--visibility", "private", *own)
    must("import", str(tabled), "-d", "northplan", "--from", "fallback@1", *own)

    def parents_seen(*viewer: str) -> list[str]:
        listed = json.loads(must("versions", "--json", "--db", db, *viewer))
        rows = listed["versions"] if isinstance(listed, dict) else listed
        return next(v["parents"] for v in rows if v["ref"] == "northplan@1")

    assert parents_seen("--as-member", "n-expert") == ["fallback@1"]
    for viewer in (["--as-member", "s-expert"], ["--as-member", "chief"], []):
        assert parents_seen(*viewer) == ["(a restricted document)"], viewer
