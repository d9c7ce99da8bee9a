"""The access policy: ``allowed(actor, action, resource)``.

Visibility of marks and notes: ``private`` reaches the own party only; ``caucus``
the own party and the mediator; ``joint`` everyone in the negotiation. The
operator (the secretariat's own command line) acts with the mediator's view.
Every service call checks here; no other module decides.
"""

from __future__ import annotations

import enum
from collections.abc import Collection
from dataclasses import dataclass

from onetext.errors import PermissionDenied
from onetext.model.negotiation import Level, Role
from onetext.model.position import Visibility

__all__ = [
    "Action",
    "Actor",
    "Capabilities",
    "allowed",
    "amendment_readable",
    "capabilities",
    "document_readable",
    "engine_reader",
    "ensure_allowed",
    "may_grant_membership",
    "public_reader",
    "round_readable",
    "statement_readable",
    "visible_visibilities",
]


class Action(enum.StrEnum):
    VIEW_NEGOTIATION = "view_negotiation"
    VIEW_MARKS = "view_marks"  # resource: the party whose marks are read
    MARK_STANCE = "mark_stance"  # resource: the party the mark is for
    TABLE_DRAFT = "table_draft"  # resource: the party authoring the draft
    REVISE_DRAFT = "revise_draft"  # resource: the party owning the document
    FORK_DRAFT = "fork_draft"  # resource: the party forking
    RECORD_ROUND = "record_round"
    MANAGE_PARTIES = "manage_parties"
    MANAGE_GROUPS = "manage_groups"
    RUN_ENGINE = "run_engine"
    VIEW_ENGINE_DETAIL = "view_engine_detail"
    TABLE_PACKAGE = "table_package"  # the engine's package as a new version of the text
    ISSUE_COPIES = "issue_copies"
    TRACE_LEAK = "trace_leak"
    VIEW_AUDIT = "view_audit"
    EXPORT = "export"
    MANAGE_ACCOUNTS = "manage_accounts"  # users and their memberships: the installation's
    HOLD_CHECKPOINT = "hold_checkpoint"  # the log's signed checkpoints and consistency proofs
    PROVE_MARK = "prove_mark"  # resource: the party whose mark a proof reveals
    DRAFT_STATEMENT = "draft_statement"  # a joint statement or communiqué for release
    CONSENT_STATEMENT = "consent_statement"  # resource: the party consenting to release
    RECORD_PUBLIC_STATEMENT = "record_public_statement"  # what was said about the talks
    TABLE_AMENDMENT = "table_amendment"  # resource: the party tabling the amendment
    DECIDE_AMENDMENT = "decide_amendment"  # accept, reject, merge, consolidate: the pen


@dataclass(frozen=True, slots=True)
class Actor:
    """Who acts: the operator (local secretariat), or a member of a negotiation."""

    handle: str
    role: Role
    party: str | None = None
    level: Level | None = None
    operator: bool = False

    @classmethod
    def system_operator(cls, handle: str = "operator") -> Actor:
        return cls(handle=handle, role=Role.MEDIATOR, operator=True)

    @property
    def label(self) -> str:
        return f"operator:{self.handle}" if self.operator else f"{self.party}/{self.handle}"

    @property
    def is_mediator(self) -> bool:
        return self.role is Role.MEDIATOR

    @property
    def scope(self) -> tuple[Role, str | None, Level | None, bool]:
        """Everything the access rules look at. Actors with the same scope may read and
        do exactly the same things (the handle only names who acts), so a view computed
        for one may be shown to another once its ``viewer`` line is put right."""
        return (self.role, self.party, self.level, self.operator)


def document_readable(actor: Actor, owner_party: str, visibility: str) -> bool:
    """Documents follow the same rule as marks: a party's private draft stays with it, a
    position paper given in caucus reaches the mediator too, a joint text everyone."""
    return Visibility(visibility) in visible_visibilities(actor, owner_party)


def amendment_readable(actor: Actor, owner_party: str, visibility: str) -> bool:
    """Amendments follow the rule of marks: a private draft stays inside the tabling
    party, a caucus amendment reaches the mediator too, a joint one everyone in the
    negotiation (observers included). The store turns this into SQL with
    ``visible_visibilities``; nothing else decides it."""
    return Visibility(visibility) in visible_visibilities(actor, owner_party)


def public_reader() -> Actor:
    """Whose reading of the marks a public statement is compared with: the public's
    (joint marks only), whoever looks, so the comparison reveals nothing confidential."""
    return Actor(handle="public", role=Role.OBSERVER)


def statement_readable(actor: Actor, released: bool) -> bool:
    """A statement awaiting consent is read by its drafters and the parties only;
    once every party consented and it is released, by everyone."""
    return released or actor.operator or actor.role is not Role.OBSERVER
def round_readable(
    actor: Actor, attendees: Collection[str], attendee_parties: Collection[str], published: bool
) -> bool:
    """Who reads a round (its attendees, agenda and outcome): the mediator and the
    operator always; once the mediator publishes it, everyone in the negotiation; until
    then the delegations (or observer groups) that attended. A bilateral's record, which
    may say where a party holds its red lines, reaches no one who was not in the room.
    The rule looks at the party, never the handle: views are cached per access scope
    (role, party, level), which a handle-based rule would cross."""
    del attendees  # who attended is shown; whose record it is goes by party
    if actor.operator or actor.is_mediator or published:
        return True
    return actor.party is not None and actor.party in attendee_parties


def visible_visibilities(actor: Actor, owner_party: str) -> frozenset[Visibility]:
    """Which marks of ``owner_party`` the actor may read."""
    if actor.party == owner_party and not actor.operator:
        if actor.role is Role.OBSERVER:
            return frozenset({Visibility.JOINT})
        return frozenset(Visibility)
    if actor.is_mediator:
        return frozenset({Visibility.CAUCUS, Visibility.JOINT})
    return frozenset({Visibility.JOINT})


def may_grant_membership(
    actor: Actor,
    party: str,
    *,
    negotiating: bool,
    has_accounts: bool,
    principal_has_account: bool,
    seat_level: Level | None,
) -> bool:
    """Who may give an account a seat in ``party``. A negotiating party's seats are the
    party's to grant: once one of its principals has an account, only a principal of
    that party grants another seat (not the mediator, not the operator, not an
    administrator, who would otherwise read its private marks). Until then the
    installation opens the party's first account and its principal's seat (the trust
    anchor, which the party sees in its member list); it opens the secretariat's and
    the observers' seats."""
    if not negotiating:
        return actor.operator
    if actor.operator:
        return not principal_has_account and (
            not has_accounts or seat_level is Level.PRINCIPAL
        )
    return actor.party == party and actor.role is Role.DELEGATE and actor.level is Level.PRINCIPAL


def administrator(username: str, is_admin: bool) -> Actor:
    """The actor a web account acts as on accounts: an administrator is the
    installation's operator; anyone else is refused."""
    if not is_admin:
        raise PermissionDenied(f"{username} is not an administrator")
    return Actor.system_operator(username)


def engine_reader(actor: Actor) -> Actor:
    """Whose reading of the marks the engine computes from: the asker's own, so that
    no answer is an oracle. A party's run reads what that party may read (its own marks
    of any visibility, the others' joint marks) and nothing of another party's caucus;
    the mediator's and the operator's runs read as the secretariat does (caucus and
    joint, never private). A mediator's package reaches parties only when published."""
    if actor.operator or actor.is_mediator:
        return Actor.system_operator("engine")
    return actor


_MEDIATOR_ONLY = {
    Action.MANAGE_PARTIES,
    Action.MANAGE_GROUPS,
    Action.RECORD_ROUND,
    Action.VIEW_ENGINE_DETAIL,
    Action.TABLE_PACKAGE,
    Action.ISSUE_COPIES,
    Action.TRACE_LEAK,
    Action.VIEW_AUDIT,
    Action.DRAFT_STATEMENT,
    Action.DECIDE_AMENDMENT,
}


def allowed(actor: Actor, action: Action, resource: str | None = None) -> bool:
    """May ``actor`` do ``action`` on ``resource`` (a party slug where it matters)?"""
    if action in {Action.PROVE_MARK, Action.CONSENT_STATEMENT}:
        # revealing a mark outside the talks, consenting to a release: the party's own
        # decision, never the operator's, the mediator's or an observer's
        return not actor.operator and actor.role is Role.DELEGATE and resource == actor.party
    if actor.operator:
        return True
    if action is Action.MANAGE_ACCOUNTS:
        return False  # the operator's alone: no member of a negotiation manages accounts
    if action in {Action.VIEW_NEGOTIATION, Action.VIEW_MARKS, Action.EXPORT}:
        return True  # what is shown is filtered by visible_visibilities
    if action is Action.HOLD_CHECKPOINT:
        return True  # hashes and a signature: every member may hold the host to its log
    if actor.role is Role.OBSERVER:
        return False
    if actor.is_mediator:
        # the secretariat revises any document; it marks only for its own party (which,
        # not being a negotiating party, marks nothing)
        return action is not Action.MARK_STANCE or resource == actor.party
    if action in _MEDIATOR_ONLY:
        return False
    if action in {
        Action.MARK_STANCE,
        Action.TABLE_DRAFT,
        Action.REVISE_DRAFT,
        Action.FORK_DRAFT,
        Action.TABLE_AMENDMENT,
    }:
        return resource == actor.party
    return action in {Action.RUN_ENGINE, Action.RECORD_PUBLIC_STATEMENT}


def ensure_allowed(actor: Actor, action: Action, resource: str | None = None) -> None:
    if not allowed(actor, action, resource):
        target = f" for {resource}" if resource else ""
        raise PermissionDenied(f"{actor.label} may not {action.value.replace('_', ' ')}{target}")


@dataclass(frozen=True, slots=True)
class Capabilities:
    """What an actor may do, for entry points and templates to show or hide controls:
    they read these, never the actor's role."""

    mark: bool
    table_drafts: bool
    run_engine: bool
    view_engine_detail: bool
    table_package: bool
    record_rounds: bool
    manage_groups: bool
    manage_parties: bool
    issue_copies: bool
    trace_leaks: bool
    view_audit: bool
    amend: bool = False
    consolidate: bool = False


def capabilities(actor: Actor) -> Capabilities:
    """``allowed`` answered once for every control a page or command may offer."""
    own = actor.party
    return Capabilities(
        mark=actor.role is Role.DELEGATE and allowed(actor, Action.MARK_STANCE, own),
        table_drafts=actor.role is not Role.OBSERVER and allowed(actor, Action.TABLE_DRAFT, own),
        run_engine=allowed(actor, Action.RUN_ENGINE),
        view_engine_detail=allowed(actor, Action.VIEW_ENGINE_DETAIL),
        table_package=allowed(actor, Action.TABLE_PACKAGE),
        record_rounds=allowed(actor, Action.RECORD_ROUND),
        manage_groups=allowed(actor, Action.MANAGE_GROUPS),
        manage_parties=allowed(actor, Action.MANAGE_PARTIES),
        issue_copies=allowed(actor, Action.ISSUE_COPIES),
        trace_leaks=allowed(actor, Action.TRACE_LEAK),
        view_audit=allowed(actor, Action.VIEW_AUDIT),
        amend=actor.role is not Role.OBSERVER and allowed(actor, Action.TABLE_AMENDMENT, own),
        consolidate=allowed(actor, Action.DECIDE_AMENDMENT),
    )
