"""The pure escalation rule, as properties over generated marks."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from onetext.model import Level, Stance
from onetext.model.escalation import (
    AGREEING,
    LevelledMark,
    PointStatus,
    blocking_parties,
    package_status,
    point_status,
)

PARTIES = ["north", "south", "east"]
START = datetime(2026, 10, 1, tzinfo=UTC)


@st.composite
def marks(draw: st.DrawFn) -> list[LevelledMark]:
    """Marks with distinct times, in a random order."""
    count = draw(st.integers(0, 12))
    minutes = draw(st.lists(st.integers(0, 10_000), min_size=count, max_size=count, unique=True))
    return [
        LevelledMark(
            draw(st.sampled_from(PARTIES)),
            draw(st.sampled_from(list(Stance))),
            draw(st.sampled_from(list(Level))),
            START + timedelta(minutes=m),
        )
        for m in minutes
    ]


def latest(items: list[LevelledMark], party: str, level: Level | None = None) -> Stance | None:
    mine = [m for m in items if m.party == party and (level is None or m.level is level)]
    return max(mine, key=lambda m: m.marked_at).stance if mine else None


FAST = settings(max_examples=150, deadline=None)


@FAST
@given(marks())
def test_blocked_exactly_when_some_party_stands_on_unacceptable(items: list[LevelledMark]) -> None:
    blocked = any(latest(items, p) is Stance.UNACCEPTABLE for p in PARTIES)
    assert (point_status(PARTIES, items) is PointStatus.BLOCKED) == blocked
    assert set(blocking_parties(PARTIES, items)) == {
        p for p in PARTIES if latest(items, p) is Stance.UNACCEPTABLE
    }


@FAST
@given(marks())
def test_agreement_needs_every_party_and_endorsement_every_principal(
    items: list[LevelledMark],
) -> None:
    status = point_status(PARTIES, items)
    everyone_agrees = all(latest(items, p) in AGREEING for p in PARTIES)
    principals_agree = all(latest(items, p, Level.PRINCIPAL) in AGREEING for p in PARTIES)
    if status in {PointStatus.AGREED_EXPERT, PointStatus.ENDORSED}:
        assert everyone_agrees
    if status is PointStatus.ENDORSED:
        assert principals_agree
    if status is PointStatus.AGREED_EXPERT:
        assert not principals_agree
    if status is PointStatus.OPEN:
        assert not everyone_agrees
        assert all(latest(items, p) is not Stance.UNACCEPTABLE for p in PARTIES)


@FAST
@given(marks(), st.randoms(use_true_random=False))
def test_the_order_marks_are_given_in_does_not_matter(
    items: list[LevelledMark], rng: random.Random
) -> None:
    shuffled = list(items)
    rng.shuffle(shuffled)
    assert point_status(PARTIES, shuffled) is point_status(PARTIES, items)


@FAST
@given(marks())
def test_a_party_that_has_not_marked_keeps_the_point_from_agreement(
    items: list[LevelledMark],
) -> None:
    status = point_status([*PARTIES, "silent"], items)
    if status is not PointStatus.BLOCKED:
        assert status is PointStatus.OPEN


@FAST
@given(marks(), st.sampled_from(PARTIES))
def test_a_later_principal_acceptance_never_unblocks_another_party(
    items: list[LevelledMark], party: str
) -> None:
    others = [p for p in PARTIES if p != party]
    blocked_by_others = any(latest(items, p) is Stance.UNACCEPTABLE for p in others)
    later = START + timedelta(days=30)
    endorsed = [*items, LevelledMark(party, Stance.ACCEPTED, Level.PRINCIPAL, later)]
    status = point_status(PARTIES, endorsed)
    assert (status is PointStatus.BLOCKED) == blocked_by_others


@FAST
@given(st.lists(st.sampled_from(list(PointStatus)), max_size=20))
def test_nothing_is_agreed_until_everything_is_agreed(statuses: list[PointStatus]) -> None:
    package = package_status(statuses)
    assert package.endorsed == (bool(statuses) and set(statuses) == {PointStatus.ENDORSED})
    assert sum(package.counts.values()) == len(statuses)
    assert package.to_json()["endorsed"] is package.endorsed
    for status in PointStatus:
        assert package.counts[status] == statuses.count(status)


def test_expert_agreement_then_principal_endorsement() -> None:
    def mark(
        party: str, level: Level, minute: int, stance: Stance = Stance.ACCEPTED
    ) -> LevelledMark:
        return LevelledMark(party, stance, level, START + timedelta(minutes=minute))

    experts = [mark("north", Level.EXPERT, 1), mark("south", Level.EXPERT, 2, Stance.RESERVATIONS)]
    assert point_status(["north", "south"], experts) is PointStatus.AGREED_EXPERT
    one = [*experts, mark("north", Level.PRINCIPAL, 3)]
    assert point_status(["north", "south"], one) is PointStatus.AGREED_EXPERT
    both = [*one, mark("south", Level.PRINCIPAL, 4)]
    assert point_status(["north", "south"], both) is PointStatus.ENDORSED
    reopened = [*both, mark("south", Level.EXPERT, 5, Stance.OPEN)]
    assert point_status(["north", "south"], reopened) is PointStatus.OPEN
    assert point_status([], []) is PointStatus.OPEN
    assert PointStatus.AGREED_EXPERT.words == "agreed at expert level, awaiting principals"
