"""The mediator's package reaches parties only as a published proposal (issue 13)."""

from __future__ import annotations

from typing import Any

from web_support import NEGOTIATION

URL = f"/api/negotiations/{NEGOTIATION}/proposals"


def test_only_the_mediator_publishes_and_everyone_reads_the_proposal(as_member: Any) -> None:
    body = {"version": "framework@2", "objective": "maxmin", "allow_drop": True}
    assert as_member("reporter").get(URL).json() == []
    for handle in ("n-principal", "s-expert", "reporter"):
        assert as_member(handle).write(URL, body).status_code == 403
    chief = as_member("chief")
    made = chief.write(URL, body)
    assert made.status_code == 201, made.text
    full = chief.get(
        f"/api/negotiations/{NEGOTIATION}/compromise",
        params={"objective": "maxmin", "allow_drop": "true", "version": "framework@2"},
    ).json()
    assert made.json()["package"] == full["result"]["package"]
    for handle in ("n-principal", "s-expert", "reporter"):
        listed = as_member(handle).get(URL).json()
        assert [p["package"] for p in listed] == [full["result"]["package"]]
        assert listed[0]["proposed_by"].endswith("chief")
    assert chief.write(URL, body | {"objective": "best"}).status_code == 422
