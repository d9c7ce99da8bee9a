"""Dates people type are read one way by the command line and the web app."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onetext.errors import InvalidInput
from onetext.model.moments import parse_moment


def test_a_bare_date_is_its_start_or_its_end() -> None:
    assert parse_moment("2026-10-05") == datetime(2026, 10, 5, tzinfo=UTC)
    assert parse_moment("2026-10-05", end_of_day=True).hour == 23


def test_an_offset_is_turned_into_utc_and_a_naive_time_is_utc() -> None:
    assert parse_moment("2026-10-05T14:30+02:00") == datetime(2026, 10, 5, 12, 30, tzinfo=UTC)
    assert parse_moment("2026-10-05T14:30") == datetime(2026, 10, 5, 14, 30, tzinfo=UTC)


@pytest.mark.parametrize("text", ["9999-12-31T23:59:59-12:00", "2026-13-01", "yesterday", ""])
def test_what_cannot_be_a_moment_is_refused_in_words(text: str) -> None:
    with pytest.raises(InvalidInput, match="invalid date"):
        parse_moment(text)


@given(st.text(max_size=40) | st.datetimes(timezones=st.timezones()).map(datetime.isoformat))
def test_any_text_is_a_utc_moment_or_a_clear_refusal(text: str) -> None:
    try:
        moment = parse_moment(text)
    except InvalidInput as error:
        assert "invalid date" in error.message
    else:
        assert moment.utcoffset() is not None
        assert moment.utcoffset().total_seconds() == 0  # type: ignore[union-attr]
