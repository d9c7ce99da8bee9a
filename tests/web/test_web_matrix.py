"""The stance-matrix page and API: filters by level and working group, and views
reused per viewer until the record changes (``web/cache.py``), on both backends."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from web_support import NEGOTIATION, StoryClock, WebClient, add_delegate, note, password

from onetext.access import Actor
from onetext.model import Level, Visibility
from onetext.service import escalation
from onetext.store.database import Database
from onetext.store.unit_of_work import UnitOfWork
from onetext.web import create_app

PAGES = f"/negotiations/{NEGOTIATION}"
API = f"/api{PAGES}"


def _mark(client: Any, label: str, stance: str, visibility: str, note_text: str) -> None:
    body = {
        "label": label,
        "stance": stance,
        "visibility": visibility,
        "version": "framework@1",
        "note": note_text,
    }
    response = client.write(f"{API}/marks", body)
    assert response.status_code == 201, response.text


def _stances(matrix: dict[str, Any], party: str) -> dict[str, str | None]:
    return {
        label: None if cell is None else cell["stance"]
        for label, cell in matrix["matrix"][party].items()
    }


def test_level_filter_keeps_marks_made_at_that_level(as_member: Any) -> None:
    # the seeded marks were typed in by the secretariat: they count as negotiator level
    principal, expert = as_member("n-principal"), as_member("n-expert")
    _mark(principal, "1", "accepted", "joint", "PRINCIPAL-SAYS")
    _mark(expert, "2", "unacceptable", "caucus", "EXPERT-SAYS")
    mediator = as_member("chief")
    everything = mediator.get(f"{API}/matrix?version=framework@1").json()
    assert _stances(everything, "north") == {"1": "accepted", "2": "unacceptable", "3": "open"}
    assert everything["level"] is None
    principals = mediator.get(f"{API}/matrix?version=framework@1&level=principal").json()
    assert principals["level"] == "principal"
    assert _stances(principals, "north") == {"1": "accepted", "2": None, "3": None}
    assert _stances(principals, "south") == {"1": None, "2": None, "3": None}
    experts = mediator.get(f"{API}/matrix?version=framework@1&level=expert").json()
    assert _stances(experts, "north") == {"1": None, "2": "unacceptable", "3": None}
    negotiators = mediator.get(f"{API}/matrix?version=framework@1&level=negotiator").json()
    # north's seeded mark on 1 is private: not the mediator's to read
    assert _stances(negotiators, "north") == {"1": None, "2": "open", "3": "open"}
    page = mediator.get(f"{PAGES}/matrix?version=framework@1&level=principal")
    assert page.status_code == 200
    assert '<option value="principal" selected>' in page.text
    assert "only marks made at principal level" in page.text
    assert "PRINCIPAL-SAYS" in page.text and "EXPERT-SAYS" not in page.text
    # the south delegate may not read north's caucus mark, filtered or not
    south = as_member("s-expert")
    seen = south.get(f"{API}/matrix?version=framework@1&level=expert").json()
    assert _stances(seen, "north") == {"1": None, "2": None, "3": None}


def test_working_group_filter_keeps_the_groups_points(
    web_db: Database, story_clock: StoryClock, as_member: Any
) -> None:
    with UnitOfWork(web_db, story_clock) as uow:
        escalation.create_working_group(
            uow,
            Actor.system_operator(),
            NEGOTIATION,
            "monitoring",
            "Monitoring",
            points=["2", "3"],
            version="framework@1",
        )
    client = as_member("n-expert")
    matrix = client.get(f"{API}/matrix?version=framework@1&group=monitoring").json()
    assert matrix["working_group"] == "monitoring"
    assert [p["label"] for p in matrix["points"]] == ["2", "3"]
    assert set(matrix["matrix"]["north"]) == {"2", "3"}
    page = client.get(f"{PAGES}/matrix?version=framework@1&group=monitoring").text
    assert '<option value="monitoring" selected>' in page
    assert "only the points of working group monitoring" in page
    assert 'href="/negotiations/talks/versions/framework@1#point-1"' not in page
    assert 'href="/negotiations/talks/versions/framework@1#point-2"' in page


def test_bad_filters_are_refused_in_words(as_member: Any) -> None:
    client = as_member("n-expert")
    unknown = client.get(f"{API}/matrix?group=nothing")
    assert unknown.status_code == 404
    assert unknown.json() == {
        "error": f"unknown working group 'nothing' in {NEGOTIATION} (known: none yet)"
    }
    assert client.get(f"{PAGES}/matrix?group=nothing").status_code == 404
    bad = client.get(f"{API}/matrix?level=boss")
    assert bad.status_code == 422
    assert "level" in bad.json()["error"]
    page = client.get(f"{PAGES}/matrix?level=boss")
    assert page.status_code == 422 and "Traceback" not in page.text


def test_a_view_is_never_handed_to_another_viewer(as_member: Any) -> None:
    """Same app, same URL, two parties: each sees its own private note only."""
    north, south = as_member("n-principal"), as_member("s-expert")
    for _ in range(2):  # the second round is served from the cache
        for client, own, other in ((north, "north", "south"), (south, "south", "north")):
            for path in (
                f"{PAGES}/matrix?version=framework@1",
                f"{API}/matrix?version=framework@1",
            ):
                text = client.get(path).text
                assert note(own, Visibility.PRIVATE) in text
                assert note(other, Visibility.PRIVATE) not in text
                assert note(other, Visibility.CAUCUS) not in text


def test_a_write_shows_at_once_in_every_worker(
    web_db: Database, web_app: FastAPI, story_clock: StoryClock, as_member: Any
) -> None:
    """Two apps over one database stand for two worker processes with their own caches."""
    other_worker = WebClient(create_app(web_db, clock=story_clock))
    try:
        assert other_worker.login("chief", password("chief")).status_code == 200
        reader = as_member("chief")
        path = f"{API}/matrix?version=framework@1"
        assert _stances(reader.get(path).json(), "south")["3"] == "open"
        hits = web_app.state.views.hits
        assert _stances(reader.get(path).json(), "south")["3"] == "open"
        assert web_app.state.views.hits == hits + 1  # unchanged record: served from the cache
        assert _stances(other_worker.get(path).json(), "south")["3"] == "open"
        _mark(as_member("s-expert"), "3", "accepted", "joint", "SOUTH-NOW-AGREES")
        assert _stances(reader.get(path).json(), "south")["3"] == "accepted"
        assert _stances(other_worker.get(path).json(), "south")["3"] == "accepted"
        assert "SOUTH-NOW-AGREES" in other_worker.get(f"{PAGES}/matrix?version=framework@1").text
    finally:
        other_worker.close()


def test_viewers_of_one_scope_share_a_view_under_their_own_names(
    web_db: Database, story_clock: StoryClock, web_app: FastAPI, as_member: Any
) -> None:
    add_delegate(web_db, story_clock, "n-deputy", "north", Level.PRINCIPAL)
    chief, deputy = as_member("n-principal"), as_member("n-deputy")
    path = f"{API}/matrix?version=framework@1"
    mine = chief.get(path).json()
    hits = web_app.state.views.hits
    theirs = deputy.get(path).json()
    assert web_app.state.views.hits == hits + 1  # computed once for the scope
    assert (mine["viewer"], theirs["viewer"]) == ("north/n-principal", "north/n-deputy")
    assert {**mine, "viewer": None} == {**theirs, "viewer": None}
    page = deputy.get(f"{PAGES}/matrix?version=framework@1").text
    assert "Seen as north/n-deputy" in page and "n-principal:" not in page
    assert note("north", Visibility.PRIVATE) in page
