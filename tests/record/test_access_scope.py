"""The access rules look at an actor's scope only (role, party, level, operator),
never at the handle: the web app shares a computed view between viewers of one
scope (``onetext.web.cache``), which is safe exactly while this holds."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from onetext.access import (
    Action,
    Actor,
    administrator,
    allowed,
    capabilities,
    document_readable,
    ensure_allowed,
    visible_visibilities,
)
from onetext.errors import PermissionDenied
from onetext.model import Level, Role, Visibility

PARTIES = ["north", "south", "envoy", "press"]

actors = st.builds(
    Actor,
    handle=st.from_regex(r"[a-z][a-z0-9-]{0,12}", fullmatch=True),
    role=st.sampled_from(list(Role)),
    party=st.none() | st.sampled_from(PARTIES),
    level=st.none() | st.sampled_from(list(Level)),
    operator=st.booleans(),
)
handles = st.from_regex(r"[a-z][a-z0-9-]{0,12}", fullmatch=True)


def _refused(actor: Actor, action: Action, resource: str | None) -> str | None:
    try:
        ensure_allowed(actor, action, resource)
    except PermissionDenied as error:
        return error.message.replace(actor.handle, "<handle>")
    return None


@given(actor=actors, other_handle=handles)
def test_same_scope_same_rights_whatever_the_handle(actor: Actor, other_handle: str) -> None:
    twin = replace(actor, handle=other_handle)
    assert twin.scope == actor.scope
    for action in Action:
        for resource in [None, *PARTIES]:
            assert allowed(twin, action, resource) == allowed(actor, action, resource)
            assert (_refused(twin, action, resource) is None) == (
                _refused(actor, action, resource) is None
            )
    for owner in PARTIES:
        assert visible_visibilities(twin, owner) == visible_visibilities(actor, owner)
        for visibility in Visibility:
            assert document_readable(twin, owner, visibility.value) == document_readable(
                actor, owner, visibility.value
            )


@given(actor=actors, other=actors)
def test_a_different_scope_is_a_different_key(actor: Actor, other: Actor) -> None:
    """The scope names every field the rules read: actors that differ in any of them
    never share a key (so never share a view)."""
    same_fields = (actor.role, actor.party, actor.level, actor.operator) == (
        other.role,
        other.party,
        other.level,
        other.operator,
    )
    assert (actor.scope == other.scope) == same_fields


@given(actor=actors, handle=handles)
def test_capabilities_answer_as_the_policy_does_and_follow_the_scope(
    actor: Actor, handle: str
) -> None:
    """Pages show controls from ``capabilities``: each one is the policy's own answer
    (a page never offers what the service then refuses, nor hides what it allows)."""
    can = capabilities(actor)
    assert can == capabilities(replace(actor, handle=handle))
    own = actor.party
    assert can.mark == (actor.role is Role.DELEGATE and allowed(actor, Action.MARK_STANCE, own))
    assert can.run_engine == allowed(actor, Action.RUN_ENGINE)
    assert can.view_engine_detail == allowed(actor, Action.VIEW_ENGINE_DETAIL)
    assert can.record_rounds == allowed(actor, Action.RECORD_ROUND)
    assert can.manage_groups == allowed(actor, Action.MANAGE_GROUPS)
    assert can.issue_copies == allowed(actor, Action.ISSUE_COPIES)
    if actor.role is Role.OBSERVER and not actor.operator:
        assert not any(
            [can.mark, can.table_drafts, can.run_engine, can.record_rounds, can.view_audit]
        )


def test_only_the_owner_or_the_secretariat_revises_a_document() -> None:
    delegate = Actor("n-chief", Role.DELEGATE, "north", Level.PRINCIPAL)
    mediator = Actor("envoy", Role.MEDIATOR, "un")
    assert allowed(delegate, Action.REVISE_DRAFT, "north")
    assert not allowed(delegate, Action.REVISE_DRAFT, "south")
    assert allowed(mediator, Action.REVISE_DRAFT, "south")
    assert allowed(delegate, Action.FORK_DRAFT, "north")
    assert not allowed(delegate, Action.FORK_DRAFT, "south")
    assert not allowed(Actor("press", Role.OBSERVER, "press"), Action.FORK_DRAFT, "press")


@given(actor=actors)
def test_only_the_operator_manages_accounts(actor: Actor) -> None:
    """No member of a negotiation, the mediator included, manages users: an
    administrator acts as the installation's operator."""
    assert allowed(actor, Action.MANAGE_ACCOUNTS) == actor.operator


def test_an_administrator_is_the_operator_and_anyone_else_is_refused() -> None:
    assert administrator("root", is_admin=True).operator
    try:
        administrator("mallory", is_admin=False)
    except PermissionDenied as error:
        assert "mallory is not an administrator" in error.message
    else:
        raise AssertionError("a user who is not an administrator was let in")
