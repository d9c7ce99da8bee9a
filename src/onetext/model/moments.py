"""Moments people type: a date or a date-time, read the same way everywhere."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from onetext.errors import InvalidInput

__all__ = ["parse_moment"]


def parse_moment(value: str, *, end_of_day: bool = False) -> datetime:
    """ISO date or date-time as an aware UTC moment; naive times are UTC; a bare date
    means its start (or, with ``end_of_day``, its end). A moment that cannot be held
    (a year past 9999 once in UTC) is refused in words, like a misspelt one."""
    text = value.strip()
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            return datetime.combine(day, time.max if end_of_day else time.min, tzinfo=UTC)
        moment = datetime.fromisoformat(text)
        return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
    except (ValueError, OverflowError):
        raise InvalidInput(
            f"invalid date {value!r}: expected YYYY-MM-DD or YYYY-MM-DDTHH:MM"
        ) from None
