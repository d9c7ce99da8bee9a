"""Bracket statistics and the burn-down, on a hand-written three-version text whose
counts were worked out by hand (bracket_fixtures), on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from bracket_fixtures import FIRST, READINGS, SECOND, THIRD, Reading
from bracket_support import table
from hypothesis import given
from hypothesis import strategies as st

from onetext.errors import InvalidInput, NotFound
from onetext.service.actors import member_actor
from onetext.service.brackets import article_of, bracket_burndown, tally, version_brackets
from onetext.store.database import Database
from onetext.store.unit_of_work import Clock, UnitOfWork
from onetext.views.brackets import BracketStats
from tests_support import build_small_record


@pytest.fixture
def declaration(db_url: str, database: Database, clock: Clock) -> Database:
    """The small record (a flat ``framework``) and the three readings of ``declaration``."""
    build_small_record(db_url)
    for reading in READINGS:
        table(database, clock, reading.draft(), document="declaration", party="envoy")
    return database


def stats(database: Database, document: str, number: int | None = None, **kw: str) -> BracketStats:
    with UnitOfWork(database) as uow:
        actor = member_actor(uow, "talks", kw.get("member"))
        return version_brackets(uow, actor, "talks", document, number)


def by_article(found: BracketStats) -> dict[str | None, tuple[int, int, int, int]]:
    return {
        row.article: (row.spans, row.options, row.bracketed_units, row.units)
        for row in found.articles
    }


@pytest.mark.parametrize("number", [1, 2, 3])
def test_each_reading_counts_as_worked_out_by_hand(declaration: Database, number: int) -> None:
    reading: Reading = READINGS[number - 1]
    found = stats(declaration, "declaration", number)
    assert found.ref == f"declaration@{number}"
    assert (found.spans, found.options, found.bracketed_units, found.units) == (
        reading.spans,
        reading.options,
        reading.bracketed,
        len(reading.units),
    )
    assert by_article(found) == reading.articles
    assert [row.article for row in found.articles] == sorted(reading.articles)


def test_the_preamble_counts_in_the_totals_but_is_no_unit(declaration: Database) -> None:
    first = stats(declaration, "declaration", 1)
    assert (first.preamble_spans, first.preamble_options) == (2, 2)
    assert sum(row.spans for row in first.articles) == FIRST.spans - 2
    assert sum(row.units for row in first.articles) == first.units == 6
    assert first.notes == 2  # the footnote marker and the editorial note of 2.3
    assert stats(declaration, "declaration", 2).preamble_spans == 0


def test_without_a_number_the_latest_version(declaration: Database) -> None:
    latest = stats(declaration, "declaration")
    assert latest.ref == "declaration@3"
    assert (latest.spans, latest.options, latest.bracketed_units) == (1, 0, 1)


def test_a_flat_draft_has_no_articles(declaration: Database) -> None:
    flat = stats(declaration, "framework")
    # tests_support.DRAFT: point 2 holds [weekly][daily]
    assert flat.articles == []
    assert (flat.spans, flat.options, flat.bracketed_units, flat.units) == (2, 2, 1, 3)


def test_the_burndown_lists_every_version_in_order(declaration: Database) -> None:
    with UnitOfWork(declaration) as uow:
        actor = member_actor(uow, "talks", "s-expert")
        chart = bracket_burndown(uow, actor, "talks", "declaration")
    assert [s.ref for s in chart.steps] == ["declaration@1", "declaration@2", "declaration@3"]
    assert [(s.spans, s.options, s.bracketed_units, s.units) for s in chart.steps] == [
        (r.spans, r.options, r.bracketed, len(r.units)) for r in (FIRST, SECOND, THIRD)
    ]
    dates = [s.created_at for s in chart.steps]
    assert dates == sorted(dates) and len(set(dates)) == 3
    assert not chart.lineage


def test_the_lineage_follows_a_fork_back_to_its_source(declaration: Database, clock: Clock) -> None:
    """A counter-draft forked from declaration@2: its lineage holds declaration@1 and
    @2 (its ancestors) but not @3 (tabled after the fork, on another line)."""
    fork = table(
        declaration,
        clock,
        SECOND.draft(),
        document="counter",
        party="north",
        member="n-expert",
        based_on="declaration@2",
    )
    revised = table(
        declaration, clock, THIRD.draft(), document="counter", party="north", member="n-expert"
    )
    with UnitOfWork(declaration) as uow:
        actor = member_actor(uow, "talks", "s-expert")
        alone = bracket_burndown(uow, actor, "talks", "counter")
        lineage = bracket_burndown(uow, actor, "talks", "counter", lineage=True)
    assert [s.ref for s in alone.steps] == [fork, revised] == ["counter@1", "counter@2"]
    assert [s.ref for s in lineage.steps] == [
        "declaration@1",
        "declaration@2",
        "counter@1",
        "counter@2",
    ]
    assert [s.spans for s in lineage.steps] == [FIRST.spans, SECOND.spans, SECOND.spans, 1]
    assert lineage.lineage and lineage.document == "counter"


def test_unknown_versions_and_bad_numbers(declaration: Database) -> None:
    with pytest.raises(NotFound, match="no version 'declaration@4'"):
        stats(declaration, "declaration", 4)
    with pytest.raises(InvalidInput, match="versions count from 1"):
        stats(declaration, "declaration", 0)
    with pytest.raises(NotFound, match="unknown document 'nothing'"):
        stats(declaration, "nothing")


@pytest.mark.parametrize(
    ("label", "article"),
    [
        ("4.2", "4"),
        ("4.2(b)", "4"),
        ("12.3.1", "12"),
        ("12", None),
        ("12bis", None),
        ("3(a)", None),
    ],
)
def test_the_article_of_a_label(label: str, article: str | None) -> None:
    assert article_of(label) == article


_WORDS = st.sampled_from(["shall", "should", "[may]", "[a][b]", "[x [y]]", "[^1]", "plain", "/"])
_UNITS = st.lists(
    st.tuples(
        st.sampled_from(["1", "2", "1.1", "1.2", "2.1", "3.4"]),
        st.lists(_WORDS, max_size=6).map(" ".join),
    ),
    max_size=8,
)


@given(_UNITS, st.lists(_WORDS, max_size=3).map(" ".join))
def test_article_rows_add_up_to_the_totals(units: list[tuple[str, str]], preamble: str) -> None:
    """Whatever the units: the rows by Article add up to the totals less the preamble,
    a unit is bracketed at most once, and a flat text has no rows."""
    total, bracketed, rows = tally(units, preamble)
    preamble_count = tally([], preamble)[0]
    assert 0 <= bracketed <= len(units)
    if any(article_of(label) for label, _ in units):
        assert sum(r.units for r in rows) == len(units)
        assert sum(r.spans for r in rows) == total.spans - preamble_count.spans
        assert sum(r.options for r in rows) == total.options - preamble_count.options
        assert sum(r.bracketed_units for r in rows) == bracketed
        assert all(r.bracketed_units <= r.units for r in rows)
        seen = dict.fromkeys(article_of(label) for label, _ in units)
        assert [r.article for r in rows] == list(seen)
    else:
        assert rows == []
