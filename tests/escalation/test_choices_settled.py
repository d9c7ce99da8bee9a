"""A unit with open alternatives is never agreed until one alternative of each of
its choices (and of the choices nested in it) has every party's consent."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from onetext.model import Level, Stance
from onetext.model.escalation import LevelledMark, PointStatus, choices_settled, point_status
from onetext.text.brackets import extract_options

PARTIES = ("north", "south")
TEXT = "The Parties [shall][should] [take [ambitious] action]."
OPTIONS = extract_options("1", TEXT)  # 1a/1b; 2a/2none; 3a/3none inside 2a


def whole_point_accepted_by_all() -> list[LevelledMark]:
    when = datetime(2026, 1, 1, tzinfo=UTC)
    return [LevelledMark(p, Stance.ACCEPTED, Level.PRINCIPAL, when) for p in PARTIES]


def test_agreeing_on_the_whole_is_not_agreeing_on_the_alternatives() -> None:
    settled = choices_settled(PARTIES, OPTIONS, {"1a": ["north", "south"]})
    assert not settled
    status = point_status(PARTIES, whole_point_accepted_by_all(), settled=settled)
    assert status is PointStatus.OPEN


def test_a_dropped_phrase_settles_what_it_holds() -> None:
    consent = {"1b": list(PARTIES), "2none": list(PARTIES)}
    assert choices_settled(PARTIES, OPTIONS, consent)
    status = point_status(PARTIES, whole_point_accepted_by_all(), settled=True)
    assert status is PointStatus.ENDORSED


def test_a_kept_phrase_needs_its_inner_choice_settled_too() -> None:
    consent = {"1b": list(PARTIES), "2a": list(PARTIES)}
    assert not choices_settled(PARTIES, OPTIONS, consent)
    assert choices_settled(PARTIES, OPTIONS, {**consent, "3none": list(PARTIES)})


def test_one_party_short_is_not_consent() -> None:
    consent = {"1a": ["north"], "2none": list(PARTIES)}
    assert not choices_settled(PARTIES, OPTIONS, consent)


@given(
    st.dictionaries(st.sampled_from([o.key for o in OPTIONS]), st.sets(st.sampled_from(PARTIES)))
)
def test_settled_means_a_reading_everyone_consents_to(consent: dict[str, set[str]]) -> None:
    """Against the readings: settled iff some full reading has every party's consent
    on each of its alternatives."""
    from onetext.model.document import option_readings

    everyone = set(PARTIES)
    expected = any(
        all(everyone <= consent.get(key, set()) for key in reading)
        for reading in option_readings(OPTIONS)
    )
    assert choices_settled(PARTIES, OPTIONS, consent) == expected
