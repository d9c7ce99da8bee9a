"""Domain invariants of the pure model."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onetext.errors import Conflict, InvalidInput
from onetext.model import (
    Document,
    DocumentKind,
    Level,
    Member,
    Negotiation,
    Point,
    Position,
    Role,
    Round,
    Stance,
    Version,
    Visibility,
    latest_positions,
    validate_label,
)

T0 = datetime(2026, 10, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    "label",
    [
        "1",
        "12",
        "12bis",
        "12 bis",
        "3(a)",
        "4(a)(ii)",
        "7.2",
        "4.2",
        "II.3",
        "3.3alt",
        "3.opt1",
        "Chapter I",
        "sec2",
        "12345",
        "1a",
    ],
)
def test_labels_real_drafts_use_are_valid(label: str) -> None:
    assert validate_label(label) == label


@pytest.mark.parametrize("label", ["", "a", "twelve", "12bis(", "(a)", "4" * 41])
def test_labels_that_are_not_point_numbers_are_rejected(label: str) -> None:
    with pytest.raises(InvalidInput, match="invalid point label"):
        validate_label(label)


def test_a_version_cannot_hold_two_points_with_one_label() -> None:
    points = (Point("pt_1", "1", "First."), Point("pt_2", "1", "Second."))
    with pytest.raises(Conflict, match="two points labelled 1"):
        Version("v", "d", 1, "envoy", "", T0, points)


def test_a_version_cannot_hold_one_point_twice() -> None:
    points = (Point("pt_1", "1", "First."), Point("pt_1", "2", "Second."))
    with pytest.raises(Conflict, match="same point twice"):
        Version("v", "d", 1, "envoy", "", T0, points)


def test_point_needs_text_and_unique_option_keys() -> None:
    with pytest.raises(InvalidInput, match="no text"):
        Point("pt", "1", "   ")


def test_annex_belongs_to_a_main_document() -> None:
    with pytest.raises(InvalidInput, match="annex"):
        Document("d", "n", DocumentKind.ANNEX, "Annex 1", "envoy")
    Document("d", "n", DocumentKind.ANNEX, "Annex 1", "envoy", main_uid="m")


def test_round_cannot_end_before_it_starts_and_knows_its_length() -> None:
    with pytest.raises(InvalidInput, match="end before"):
        Round("r", Level.EXPERT, "Lakemont", T0, T0 - timedelta(hours=1))
    late = Round("r", Level.PRINCIPAL, "Lakemont", T0, T0 + timedelta(hours=5))
    assert late.hours == 5


def test_delegate_needs_level_and_slugs_are_checked() -> None:
    with pytest.raises(InvalidInput, match="needs a level"):
        Member("amy", "Amy", "north", Role.DELEGATE)
    with pytest.raises(InvalidInput, match="invalid negotiation name"):
        Negotiation("Bad Name!", "T", T0)


def test_priority_is_one_to_five() -> None:
    with pytest.raises(InvalidInput, match="priority"):
        Position("p", "north", "pt", "v", Stance.OPEN, 6, Visibility.JOINT, "a", T0)


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        ("accepted", Stance.ACCEPTED),
        ("Accepted with reservations", Stance.RESERVATIONS),
        ("unacceptable", Stance.UNACCEPTABLE),
        ("open", Stance.OPEN),
    ],
)
def test_stance_parsing(text: str, stance: Stance) -> None:
    assert Stance.parse(text) is stance


marks = st.lists(
    st.tuples(
        st.sampled_from(["north", "south"]),
        st.sampled_from(["pt_1", "pt_2", "pt_3"]),
        st.sampled_from(list(Stance)),
        st.integers(min_value=0, max_value=100),
    ),
    max_size=40,
)


@given(marks, st.integers(min_value=0, max_value=110))
def test_latest_positions_is_the_last_mark_at_or_before_the_date(
    items: list[tuple[str, str, Stance, int]], cutoff: int
) -> None:
    positions = [
        Position(
            f"p{i}",
            party,
            point,
            "v",
            stance,
            3,
            Visibility.JOINT,
            "a",
            T0 + timedelta(minutes=minute),
        )
        for i, (party, point, stance, minute) in enumerate(items)
    ]
    as_of = T0 + timedelta(minutes=cutoff)
    current = latest_positions(positions, as_of)
    for (party, point, _), position in current.items():
        earlier = [
            p
            for p in positions
            if p.party == party and p.point_uid == point and p.marked_at <= as_of
        ]
        assert position.marked_at == max(p.marked_at for p in earlier)
        assert position is [p for p in earlier if p.marked_at == position.marked_at][-1]
    expected_keys = {(p.party, p.point_uid, None) for p in positions if p.marked_at <= as_of}
    assert set(current) == expected_keys
