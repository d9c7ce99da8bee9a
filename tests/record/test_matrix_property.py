"""The stance matrix's SQL against a plain-Python reading of the same marks.

Random marks (party, author and their level, point, wording, visibility, time) on
two versions of a draft; random viewers and filters (as of a date, a level, a
working group). For every cell the matrix must show exactly the mark the rules
give: among the marks the viewer may read, that pass the filters, the latest made
on this very wording, else the latest on any wording flagged "to be re-confirmed".
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from onetext.access import Actor, visible_visibilities
from onetext.errors import NotFound
from onetext.model import Level, PartyKind, Role, Stance, Visibility
from onetext.service import drafts, escalation, negotiations, positions
from onetext.store import repository
from onetext.store.database import Database, open_database
from onetext.store.marks import MarksQuery, deciding_marks
from onetext.store.unit_of_work import UnitOfWork
from onetext.text.parse import parse_draft

OPERATOR = Actor.system_operator()
START = datetime(2026, 10, 1, 9, 0, tzinfo=UTC)
FIRST = """DRAFT
1. The parties shall cease all hostilities within 24 hours.
2. A monitoring mission shall observe the line of contact.
3. All prisoners shall be exchanged on the basis of all for all.
"""
SECOND = """DRAFT
1. The parties shall cease all hostilities within 24 hours.
2. A monitoring mission of the contact group shall observe the line of contact.
3. All prisoners shall be exchanged on the basis of all for all.
"""
LABELS = ("1", "2", "3")
#: members: handle → (party, level)
MEMBERS: dict[str, tuple[str, Level | None]] = {
    "n-chief": ("north", Level.PRINCIPAL),
    "n-expert": ("north", Level.EXPERT),
    "n-deputy": ("north", Level.NEGOTIATOR),
    "s-chief": ("south", Level.PRINCIPAL),
    "s-neg": ("south", Level.NEGOTIATOR),
    "s-expert": ("south", Level.EXPERT),
    "mediator": ("envoy", None),
    "reporter": ("press", None),
}
#: the secretariat typing in a party's mark: no member, counts as negotiator level
ON_BEHALF = {"@north": "north", "@south": "south"}
AUTHORS = [h for h, (party, _l) in MEMBERS.items() if party in {"north", "south"}] + list(ON_BEHALF)
GROUP_POINTS = ("2", "3")


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


@dataclass(frozen=True)
class Mark:
    author: str
    label: str
    on_second: bool  # made on the second version (point 2 reads differently there)
    stance: Stance
    visibility: Visibility
    minute: int


marks_strategy = st.lists(
    st.builds(
        Mark,
        author=st.sampled_from(AUTHORS),
        label=st.sampled_from(LABELS),
        on_second=st.booleans(),
        stance=st.sampled_from(list(Stance)),
        visibility=st.sampled_from(list(Visibility)),
        minute=st.integers(0, 30),
    ),
    max_size=14,
)

_counter = itertools.count()


def _actor(handle: str) -> Actor:
    party, level = MEMBERS[handle]
    role = {"envoy": Role.MEDIATOR, "press": Role.OBSERVER}.get(party, Role.DELEGATE)
    return Actor(handle, role, party, level)


def _build(database: Database, marks: list[Mark]) -> str:
    slug = f"t{next(_counter)}"
    clock = Clock()
    with UnitOfWork(database, clock) as uow:
        negotiations.create_negotiation(uow, OPERATOR, slug, "Property talks")
    for party, kind in [
        ("envoy", PartyKind.MEDIATOR),
        ("north", PartyKind.PARTY),
        ("south", PartyKind.PARTY),
        ("press", PartyKind.OBSERVER),
    ]:
        with UnitOfWork(database, clock) as uow:
            negotiations.add_party(uow, OPERATOR, slug, party, party.title(), kind)
    for handle, (party, level) in MEMBERS.items():
        with UnitOfWork(database, clock) as uow:
            negotiations.add_member(uow, OPERATOR, slug, handle, handle, party, level)
    for text in (FIRST, SECOND):
        with UnitOfWork(database, clock) as uow:
            drafts.table_draft(
                uow, OPERATOR, slug, parse_draft(text), document="d", party="envoy", message="m"
            )
    with UnitOfWork(database, clock) as uow:
        escalation.create_working_group(
            uow, OPERATOR, slug, "wg", "Working group", points=GROUP_POINTS, version="d@2"
        )
    # ties in time are broken by insertion order, as in the service
    for mark in sorted(marks, key=lambda m: m.minute):
        clock.now = START + timedelta(hours=1, minutes=mark.minute)
        party = _party(mark.author)
        with UnitOfWork(database, clock) as uow:
            positions.mark_stance(
                uow,
                OPERATOR,
                slug,
                party=party,
                label=mark.label,
                stance=mark.stance,
                version="d@2" if mark.on_second else "d@1",
                visibility=mark.visibility,
                by=None if mark.author in ON_BEHALF else mark.author,
            )
    return slug


def _party(author: str) -> str:
    return ON_BEHALF.get(author) or MEMBERS[author][0]


def _level(author: str) -> Level:
    return Level.NEGOTIATOR if author in ON_BEHALF else MEMBERS[author][1] or Level.NEGOTIATOR


def expected(
    marks: list[Mark], viewer: Actor, level: Level | None, minute: int | None, group: bool
) -> dict[tuple[str, str], tuple[Stance, bool] | None]:
    """Cell (party, label of d@2) → (stance, reconfirm) by reading the rules directly."""
    ordered = sorted(marks, key=lambda m: m.minute)  # stable: insertion order on ties
    answer: dict[tuple[str, str], tuple[Stance, bool] | None] = {}
    for party in ("north", "south"):
        for label in LABELS:
            if group and label not in GROUP_POINTS:
                continue
            seen = [
                m
                for m in ordered
                if _party(m.author) == party
                and m.label == label
                and m.visibility in visible_visibilities(viewer, party)
                and (level is None or _level(m.author) is level)
                and (minute is None or m.minute <= minute)
            ]
            # only point 2 reads differently in d@1 and d@2
            same = [m for m in seen if m.on_second or label != "2"]
            if same:
                answer[(party, label)] = (same[-1].stance, False)
            elif seen:
                answer[(party, label)] = (seen[-1].stance, True)
            else:
                answer[(party, label)] = None
    return answer


def _cells(
    database: Database,
    actor: Actor,
    slug: str,
    *,
    level: Level | None = None,
    minute: int | None = None,
    group: bool = False,
) -> dict[tuple[str, str], tuple[Stance, bool] | None]:
    """The matrix of d@2 as ``actor`` sees it: (party, label) → (stance, reconfirm)."""
    as_of = None if minute is None else START + timedelta(hours=1, minutes=minute, seconds=30)
    with UnitOfWork(database) as uow:
        view = positions.stance_matrix(
            uow,
            actor,
            slug,
            version="d@2",
            as_of=as_of,
            level=level,
            working_group="wg" if group else None,
        )
    assert [p["label"] for p in view.points] == list(GROUP_POINTS if group else LABELS)
    assert view.level == (level.value if level else None)
    return {
        (party, label): None if cell is None else (Stance(cell.stance), cell.reconfirm)
        for party, row in view.matrix.items()
        for label, cell in row.items()
    }


@pytest.fixture(scope="module")
def sqlite_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """One SQLite file for all examples: each builds its own negotiation in it."""
    db = open_database(f"sqlite:///{tmp_path_factory.mktemp('matrix') / 'onetext.db'}")
    try:
        yield db
    finally:
        db.dispose()


@settings(
    max_examples=35, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    marks=marks_strategy,
    viewer=st.sampled_from(list(MEMBERS)),
    level=st.none() | st.sampled_from(list(Level)),
    minute=st.none() | st.integers(0, 30),
    group=st.booleans(),
)
def test_matrix_shows_exactly_the_mark_the_rules_give(
    sqlite_database: Database,
    marks: list[Mark],
    viewer: str,
    level: Level | None,
    minute: int | None,
    group: bool,
) -> None:
    slug = _build(sqlite_database, marks)
    actor = _actor(viewer)
    got = _cells(sqlite_database, actor, slug, level=level, minute=minute, group=group)
    assert got == expected(marks, actor, level, minute, group)


def test_the_same_rules_hold_on_postgresql_and_sqlite(database: Database) -> None:
    """One fixed history with every case, on both backends (the property runs on SQLite)."""
    marks = [
        Mark("n-chief", "1", True, Stance.ACCEPTED, Visibility.JOINT, 1),
        Mark("n-expert", "1", True, Stance.OPEN, Visibility.CAUCUS, 2),
        Mark("n-deputy", "2", False, Stance.UNACCEPTABLE, Visibility.PRIVATE, 3),
        Mark("@south", "1", False, Stance.OPEN, Visibility.JOINT, 3),
        Mark("s-neg", "2", True, Stance.RESERVATIONS, Visibility.JOINT, 4),
        Mark("s-expert", "3", False, Stance.ACCEPTED, Visibility.CAUCUS, 5),
        Mark("s-chief", "3", True, Stance.OPEN, Visibility.PRIVATE, 6),
        Mark("n-chief", "2", False, Stance.RESERVATIONS, Visibility.JOINT, 7),
    ]
    slug = _build(database, marks)
    for viewer, level, minute, group in itertools.product(
        ["n-chief", "s-neg", "mediator", "reporter"],
        [None, *Level],
        [None, 4],
        [False, True],
    ):
        actor = _actor(viewer)
        got = _cells(database, actor, slug, level=level, minute=minute, group=group)
        assert got == expected(marks, actor, level, minute, group), (viewer, level, minute)


def test_unknown_working_group_is_named_and_known_ones_listed(database: Database) -> None:
    slug = _build(database, [])
    with UnitOfWork(database) as uow, pytest.raises(NotFound, match=r"'nope'.*known: wg"):
        positions.stance_matrix(uow, OPERATOR, slug, working_group="nope")


@pytest.mark.filterwarnings("error")  # process-wide: the threads' warnings fail the test
def test_matrices_computed_in_many_threads_at_once_agree(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """Web workers compute matrices in a thread pool: concurrent first uses of the
    query's building blocks must neither warn nor give another answer."""
    marks = [
        Mark(author, label, label != "2", stance, visibility, minute)
        for minute, (author, label, stance, visibility) in enumerate(
            itertools.product(
                ["n-chief", "s-expert", "@north"], LABELS, list(Stance)[:2], list(Visibility)
            )
        )
    ]
    database = open_database(f"sqlite:///{tmp_path_factory.mktemp('threads') / 'm.db'}")
    try:
        slug = _build(database, marks)

        def compute(viewer: str) -> dict[tuple[str, str], tuple[Stance, bool] | None]:
            return _cells(database, _actor(viewer), slug)

        viewers = ["n-chief", "s-neg", "mediator", "reporter"] * 6
        barrier = threading.Barrier(len(viewers))

        def at_once(viewer: str) -> dict[tuple[str, str], tuple[Stance, bool] | None]:
            barrier.wait()
            return compute(viewer)

        with ThreadPoolExecutor(len(viewers)) as pool:
            together = list(pool.map(at_once, viewers))
        for viewer, answer in zip(viewers, together, strict=True):
            assert answer == compute(viewer), viewer
    finally:
        database.dispose()


def _deciding(
    database: Database, actor: Actor, slug: str, *, level: Level | None, minute: int | None
) -> dict[tuple[str, str], list[tuple[Stance, bool]]]:
    """The read model's other projection: every deciding mark per cell, oldest first."""
    as_of = None if minute is None else START + timedelta(hours=1, minutes=minute, seconds=30)
    with UnitOfWork(database) as uow:
        neg = repository.negotiation_row(uow.session, slug)
        ver = repository.version_row(uow.session, neg, "d@2", actor)
        found = deciding_marks(
            uow.session,
            MarksQuery(
                negotiation=neg,
                version=ver,
                reader=actor,
                parties=repository.negotiating_parties(uow.session, neg),
                as_of=as_of,
                level=level,
            ),
        )
    cells: dict[tuple[str, str], list[tuple[Stance, bool]]] = {}
    for mark in found:
        cells.setdefault((mark.party, mark.label), []).append((Stance(mark.stance), mark.reconfirm))
    return cells


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    marks=marks_strategy,
    viewer=st.sampled_from(list(MEMBERS)),
    level=st.none() | st.sampled_from(list(Level)),
    minute=st.none() | st.integers(0, 30),
)
def test_both_projections_of_marks_in_force_agree_with_the_rules(
    sqlite_database: Database,
    marks: list[Mark],
    viewer: str,
    level: Level | None,
    minute: int | None,
) -> None:
    """The board and the engine read every deciding mark, the matrix the latest one:
    the deciding marks of a cell are those on this wording if any, else all, and the
    matrix shows the last of them."""
    slug = _build(sqlite_database, marks)
    actor = _actor(viewer)
    deciding = _deciding(sqlite_database, actor, slug, level=level, minute=minute)
    latest = _cells(sqlite_database, actor, slug, level=level, minute=minute)
    for (party, label), cell in latest.items():
        found = deciding.get((party, label), [])
        assert (found[-1] if found else None) == cell, (party, label)
        readable = [
            m
            for m in sorted(marks, key=lambda m: m.minute)
            if _party(m.author) == party
            and m.label == label
            and m.visibility in visible_visibilities(actor, party)
            and (level is None or _level(m.author) is level)
            and (minute is None or m.minute <= minute)
        ]
        same = [m for m in readable if m.on_second or label != "2"]
        want = [(m.stance, False) for m in same] or [(m.stance, True) for m in readable]
        assert found == want, (party, label)
