"""Shared fixtures for the leak-tracing tests: a small fictional draft."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

SAMPLE_POINTS = (
    "The Parties shall organise a ceasefire within 30 days, in order to recognise the "
    "labour of peacekeepers, observers and experts. This Agreement commences upon "
    "signature; 20 per cent of forces [shall][may] withdraw.",
    "The demilitarised zone shall be 15 kilometres wide; its centre line is the line of "
    "contact. The coordination subcommittee shall meet every 2 weeks with regard to the "
    "stabilisation programme, in particular the demining of roads, bridges and schools.",
    "Prisoners of war shall be exchanged within 60 days upon the ceasefire, in accordance "
    "with humanitarian law; the Red Cross shall assist in the identification, registration "
    "and repatriation of remains, with the assistance of neighbouring states.",
    "The following measures apply, in the order the Mediator decides:\n"
    "(a) the release of detainees;\n(b) the exchange of remains; and\n"
    "(c) the return of the displaced.",
    "Furthermore, the Mediator shall organise a follow-up meeting in writing, to that end "
    "authorising 12 teams to analyse the reports and to prioritise the reopening of schools.",
)


@dataclass(frozen=True)
class SamplePoint:
    label: str
    text: str
    heading: str | None = None


@pytest.fixture
def sample_points() -> list[SamplePoint]:
    return [SamplePoint(str(i + 1), text) for i, text in enumerate(SAMPLE_POINTS)]
