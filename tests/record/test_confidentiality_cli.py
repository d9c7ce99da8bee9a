"""Confidentiality matrix for the record routes: every viewer × route × visibility.

Each mark carries a unique note; a viewer's output may contain a note only when
the access policy lets that viewer read that visibility of that party.
"""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onetext.access import Action, Actor, allowed, visible_visibilities
from onetext.model import Level, Role, Visibility
from tests_support import build_small_record, must

PARTIES = ["north", "south"]
VIEWERS = {  # handle -> (party, role)
    "n-expert": ("north", Role.DELEGATE),
    "s-expert": ("south", Role.DELEGATE),
    "chief": ("envoy", Role.MEDIATOR),
    "reporter": ("press", Role.OBSERVER),
    None: (None, Role.MEDIATOR),  # the operator
}
ROUTES = {
    "matrix": lambda label: ["matrix", "--json"],
    "history": lambda label: ["history", label, "--json"],
}


def note(party: str, visibility: Visibility) -> str:
    return f"NOTE-{party.upper()}-{visibility.value.upper()}"


@pytest.fixture(scope="module")
def record(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("conf") / "talks.db"
    db = f"sqlite:///{path}"
    build_small_record(db)
    must("party", "add", "press", "--name", "Press", "--kind", "observer", "--db", db)
    must("member", "add", "reporter", "--party", "press", "--name", "R", "--db", db)
    for party, (label, visibility) in itertools.product(
        PARTIES, zip(["1", "2", "3"], list(Visibility), strict=True)
    ):
        must(
            "mark",
            label,
            "--party",
            party,
            "--stance",
            "open",
            "--visibility",
            visibility.value,
            "--note",
            note(party, visibility),
            "--db",
            db,
        )
    return db


def expected_visible(viewer: str | None, party: str, visibility: Visibility) -> bool:
    owner, role = VIEWERS[viewer]
    actor = (
        Actor.system_operator()
        if viewer is None
        else Actor(viewer, role, owner, Level.EXPERT if role is Role.DELEGATE else None)
    )
    return visibility in visible_visibilities(actor, party)


CASES = [
    (viewer, route, label)
    for viewer in VIEWERS
    for route in ROUTES
    for label in (["1", "2", "3"] if route == "history" else ["-"])
]


@pytest.mark.parametrize(("viewer", "route", "label"), CASES)
def test_no_route_shows_a_viewer_what_it_may_not_read(
    record: str, viewer: str | None, route: str, label: str, tmp_path: Path
) -> None:
    copy = tmp_path / "copy.db"
    shutil.copy(record.removeprefix("sqlite:///"), copy)
    args = [*ROUTES[route](label), "--db", f"sqlite:///{copy}"]
    if viewer is not None:
        args += ["--as-member", viewer]
    out = must(*args)
    for party, visibility in itertools.product(PARTIES, Visibility):
        marker = note(party, visibility)
        if not expected_visible(viewer, party, visibility):
            assert marker not in out, f"{viewer} sees {marker} via {route}"
    if viewer != "n-expert":
        assert "NORTH-PRIVATE-NOTE" not in out
    if viewer not in ("s-expert", "chief", None):
        assert "SOUTH-CAUCUS-NOTE" not in out
    if route == "matrix":
        for party in PARTIES:
            own = viewer is not None and VIEWERS[viewer][0] == party
            assert (note(party, Visibility.JOINT) in out) or not own
            assert (note(party, Visibility.PRIVATE) in out) == own


def test_the_policy_table_itself() -> None:
    assert visible_visibilities(
        Actor("x", Role.DELEGATE, "north", Level.EXPERT), "north"
    ) == frozenset(Visibility)
    assert visible_visibilities(Actor("x", Role.DELEGATE, "south", Level.EXPERT), "north") == {
        Visibility.JOINT
    }
    assert visible_visibilities(Actor("m", Role.MEDIATOR, "envoy"), "north") == {
        Visibility.CAUCUS,
        Visibility.JOINT,
    }


actors = st.builds(
    Actor,
    handle=st.just("someone"),
    role=st.sampled_from(list(Role)),
    party=st.sampled_from(["north", "south", "envoy", "press"]),
    level=st.none() | st.sampled_from(list(Level)),
)


@given(actors, st.sampled_from(["north", "south"]))
def test_private_never_reaches_another_party(actor: Actor, owner: str) -> None:
    visible = visible_visibilities(actor, owner)
    if actor.party != owner:
        assert Visibility.PRIVATE not in visible
    if actor.role is not Role.MEDIATOR and actor.party != owner:
        assert visible == {Visibility.JOINT}
    assert Visibility.JOINT in visible


@given(actors, st.sampled_from(list(Action)), st.sampled_from(["north", "south"]))
def test_observers_only_read_and_delegates_act_only_for_their_party(
    actor: Actor, action: Action, resource: str
) -> None:
    reading = {
        Action.VIEW_NEGOTIATION,
        Action.VIEW_MARKS,
        Action.EXPORT,
        Action.HOLD_CHECKPOINT,  # the log's size, root and signature: no mark in it
    }
    if actor.role is Role.OBSERVER:
        assert allowed(actor, action, resource) == (action in reading)
    if actor.role is Role.DELEGATE and action is Action.MARK_STANCE:
        assert allowed(actor, action, resource) == (actor.party == resource)
    if actor.role is Role.DELEGATE and action in {
        Action.TRACE_LEAK,
        Action.VIEW_AUDIT,
        Action.VIEW_ENGINE_DETAIL,
    }:
        assert not allowed(actor, action, resource)
