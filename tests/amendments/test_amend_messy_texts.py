"""Amendments on a messy treaty text (hand-written fixture: Articles whose paragraph
numbering restarts, nested brackets, ``Option 1:`` blocks, a footnote) and adversarial
wordings, on SQLite and PostgreSQL, through the services."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from onetext.errors import Conflict, InvalidInput, NotFound
from onetext.model import Level, Role, Visibility
from onetext.model.amendment import AmendmentKind, Decision
from onetext.service import amendments, drafts
from onetext.service.actors import Actor
from onetext.store.database import Database, open_database
from onetext.store.record_check import check_tables
from onetext.store.record_specs import SPECS
from onetext.store.unit_of_work import UnitOfWork
from onetext.text.parse import parse_draft
from tests_support import build_small_record, must

TREATY = Path(__file__).parent / "fixtures" / "river-commission.md"
NORTH = Actor("n-expert", Role.DELEGATE, "north", Level.EXPERT)
SOUTH = Actor("s-expert", Role.DELEGATE, "south", Level.EXPERT)
CHIEF = Actor("chief", Role.MEDIATOR, "envoy")


@pytest.fixture
def river(db_url: str) -> Iterator[Database]:
    build_small_record(db_url)
    must("import", str(TREATY), "-d", "river", "--party", "envoy", "--db", db_url)
    database = open_database(db_url)
    try:
        yield database
    finally:
        database.dispose()


def test_a_treaty_with_articles_options_and_footnotes_is_amended_in_place(
    river: Database,
) -> None:
    def table(actor: Actor, label: str, kind: AmendmentKind, wording: str) -> str:
        with UnitOfWork(river) as uow:
            return amendments.table_amendment(
                uow, actor, "talks", label=label, kind=kind, wording=wording,
                version="river@1", visibility=Visibility.JOINT,
            ).uid  # fmt: skip

    inserted = table(
        NORTH, "2.1", AmendmentKind.INSERT, "The Commission may set up [expert][technical] panels."
    )
    nested = table(
        SOUTH, "1.2", AmendmentKind.ALTERNATIVE, "a city chosen [by lot [each year]] by the Parties"
    )
    options = table(
        NORTH, "2.2", AmendmentKind.REPLACE,
        "Option 1: Decisions are taken by consensus.\nOption 2: Decisions are taken by vote.",
    )  # fmt: skip
    for uid in (inserted, nested, options):
        with UnitOfWork(river) as uow:
            amendments.decide_amendment(uow, CHIEF, "talks", uid, Decision.ACCEPTED)
    with UnitOfWork(river) as uow:
        done = amendments.consolidate_amendments(uow, CHIEF, "talks", "river@1")
    assert done.version == "river@2"
    with UnitOfWork(river) as uow:
        text = drafts.load_version(uow, NORTH, "talks", "river@2")
    points = {p.label: p for p in text.points}
    assert list(points) == ["1.1", "1.2", "2.1", "2.1bis", "2.2"]
    # the new unit sits in Article 2, beside the unit it follows
    assert [d["ref"] for d in points["2.1bis"].path] == ["2"]
    assert {o["text"] for o in points["2.1bis"].options} >= {"expert", "technical"}
    # the old wording and the alternative became one choice; the nested one kept
    assert points["1.2"].text.startswith("[The Commission shall have its seat in [Lakeside]")
    assert any(o.get("parent") for o in points["1.2"].options)
    assert {o["text"] for o in points["2.2"].options} >= {
        "Decisions are taken by consensus.",
        "Decisions are taken by vote.",
    }
    # units nobody amended keep their words and their notes
    with UnitOfWork(river) as uow:
        before = drafts.load_version(uow, NORTH, "talks", "river@1")
    assert points["1.1"].text == before.points[0].text
    assert points["2.1"].notes == before.points[2].notes
    with river.session() as session:
        assert check_tables(session, SPECS).findings == ()


@pytest.mark.parametrize(
    ("wording", "words"),
    [
        ("The seat is in [Lakeside", "unbalanced brackets"),
        ("The seat is in Lakeside]", "unbalanced brackets"),
        ("x" * 20_001, "at most 20000 characters"),
        ("\n\t  \n", "needs its wording"),
    ],
)
def test_a_wording_that_cannot_be_read_is_refused_and_nothing_is_tabled(
    river: Database, wording: str, words: str
) -> None:
    with UnitOfWork(river) as uow, pytest.raises(InvalidInput, match=words):
        amendments.table_amendment(
            uow, NORTH, "talks", label="1.2", kind=AmendmentKind.REPLACE, wording=wording,
            version="river@1",
        )  # fmt: skip
    with UnitOfWork(river) as uow:
        assert amendments.list_amendments(uow, NORTH, "talks", version="river@1").amendments == []


def test_the_record_moves_on_and_amendments_stay_where_they_were_tabled(river: Database) -> None:
    with UnitOfWork(river) as uow:
        uid = amendments.table_amendment(
            uow, NORTH, "talks", label="1.1", kind=AmendmentKind.DELETE, version="river@1",
            visibility=Visibility.CAUCUS,
        ).uid  # fmt: skip
    with UnitOfWork(river) as uow:
        amendments.decide_amendment(uow, CHIEF, "talks", uid, Decision.ACCEPTED)
    must("import", str(TREATY), "-d", "river", "--party", "envoy", "--db",
         river.engine.url.render_as_string(hide_password=False))  # fmt: skip
    with UnitOfWork(river) as uow, pytest.raises(Conflict, match="no longer the latest"):
        amendments.consolidate_amendments(uow, CHIEF, "talks", "river@1")
    # a joint amendment to a caucus paper would show the paper to everyone
    with UnitOfWork(river) as uow:
        drafts.table_draft(
            uow, NORTH, "talks", parse_draft("1. North keeps the dam.\n"), document="paper",
            party="north", message="caucus paper", visibility=Visibility.CAUCUS,
        )  # fmt: skip
    with UnitOfWork(river) as uow, pytest.raises(InvalidInput, match="at most caucus"):
        amendments.table_amendment(
            uow, NORTH, "talks", label="1", kind=AmendmentKind.DELETE, version="paper@1",
            visibility=Visibility.JOINT,
        )  # fmt: skip
    with UnitOfWork(river) as uow, pytest.raises(NotFound, match="unknown document 'paper'"):
        amendments.table_amendment(
            uow, SOUTH, "talks", label="1", kind=AmendmentKind.DELETE, version="paper@1",
            visibility=Visibility.PRIVATE,
        )  # fmt: skip
