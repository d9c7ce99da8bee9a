"""Use cases for people who log in: users, invitations, sessions, login throttling.

Passwords are stored as Argon2id hashes (argon2-cffi). A session is a random
token in an HttpOnly cookie; the database keeps only its SHA-256 digest, with a
per-session CSRF token. Login attempts are counted per username and address in
one atomic statement (``store.throttle``), so every worker sees the same count and
concurrent guesses cannot slip past it; failed logins are kept as rows.

Only the operator (an administrator of the installation) creates users and
invites them; what a member may then see and do in a negotiation is decided by
``onetext.access`` from the member's party, role and level.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Select, delete, select
from sqlalchemy.orm import joinedload

from onetext.access import (
    Action,
    Actor,
    administrator,
    capabilities,
    ensure_allowed,
    may_grant_membership,
)
from onetext.errors import (
    Conflict,
    InvalidInput,
    LoginThrottled,
    NotAuthenticated,
    NotFound,
    PermissionDenied,
)
from onetext.model import Level, PartyKind, validate_slug
from onetext.service import negotiations
from onetext.service.actors import person
from onetext.store import records, throttle
from onetext.store.accounts_tables import (
    LoginFailureRow,
    MembershipRow,
    UserRow,
    UserSessionRow,
)
from onetext.store.audit import commitment, new_salt
from onetext.store.repository import member_row, negotiation_row, party_row, remember
from onetext.store.tables import MemberRow, NegotiationRow, PartyRow
from onetext.store.unit_of_work import UnitOfWork
from onetext.views.records import MembershipView

__all__ = [
    "FAILURE_LIMIT",
    "FAILURE_WINDOW",
    "SESSION_LIFETIME",
    "Account",
    "LoginThrottled",
    "NotAuthenticated",
    "SessionTicket",
    "account_by_id",
    "actor_in",
    "administrator_actor",
    "create_user",
    "csrf_matches",
    "ensure_demo_accounts",
    "find_session",
    "invite",
    "log_in",
    "log_out",
    "membership_in",
    "memberships",
    "use_password_hasher",
]

FAILURE_LIMIT = 5
FAILURE_WINDOW = timedelta(minutes=15)
SESSION_LIFETIME = timedelta(hours=12)
MIN_PASSWORD_LENGTH = 8

_hasher = PasswordHasher()  # Argon2id, RFC 9106 low-memory profile
_dummy_hash: str | None = None  # made at the first login attempt, not at import


def _dummy_password_hash() -> str:
    """A hash to verify against when the username is unknown, so that a wrong name costs
    the same time as a wrong password."""
    global _dummy_hash  # noqa: PLW0603  (a cache of one value, made once per hasher)
    if _dummy_hash is None:
        _dummy_hash = _hasher.hash("not a password anyone has")
    return _dummy_hash


def use_password_hasher(hasher: PasswordHasher) -> PasswordHasher:
    """Swap the Argon2 parameters (tests use cheap ones); returns the previous hasher.

    Hashes made with other parameters still verify, and are upgraded at the next login.
    """
    global _hasher, _dummy_hash  # noqa: PLW0603  (one process-wide setting, not state)
    previous, _hasher = _hasher, hasher
    _dummy_hash = None
    return previous


@dataclass(frozen=True, slots=True)
class Account:
    """The logged-in person (never carries the password hash)."""

    id: int
    username: str
    display_name: str
    is_admin: bool


@dataclass(frozen=True, slots=True)
class SessionTicket:
    """What the browser gets at login: the cookie token and the CSRF token."""

    token: str
    csrf_token: str
    account: Account


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _account(row: UserRow) -> Account:
    return Account(row.id, row.username, row.display_name, row.is_admin)


def account_by_id(uow: UnitOfWork, user_id: int) -> Account:
    """The account behind work done later on a user's behalf (an engine run)."""
    row = uow.session.get(UserRow, user_id)
    if row is None:
        raise NotFound("the account that asked for this no longer exists")
    return _account(row)


def administrator_actor(account: Account) -> Actor:
    """An administrator acts on accounts as the installation's operator."""
    return administrator(account.username, account.is_admin)


def _ensure_operator(actor: Actor) -> None:
    ensure_allowed(actor, Action.MANAGE_ACCOUNTS)


def create_user(
    uow: UnitOfWork,
    actor: Actor,
    username: str,
    password: str,
    *,
    display_name: str = "",
    admin: bool = False,
) -> Account:
    """Create a user with an Argon2id password hash (administrators only)."""
    _ensure_operator(actor)
    validate_slug(username, "username")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")
    session = uow.session
    if session.execute(select(UserRow.id).where(UserRow.username == username)).first():
        raise Conflict(f"a user named {username!r} already exists")
    row = UserRow(
        username=username,
        display_name=display_name.strip() or username,
        password_hash=_hasher.hash(password),
        is_admin=admin,
        created_at=uow.now(),
    )
    session.add(row)
    session.flush()
    salt = new_salt()  # the whole account, its password hash as a commitment
    uow.record(
        actor,
        "UserCreated",
        "user",
        username,
        negotiation=None,
        details={
            "admin": admin,
            "display_name": row.display_name,
            "password": commitment(salt, row.password_hash),
        },
        salts={"password": salt},
    )
    uow.commit()
    return _account(row)


def _user(uow: UnitOfWork, username: str) -> UserRow:
    row = uow.session.execute(select(UserRow).where(UserRow.username == username)).scalar()
    if row is None:
        raise NotFound(f"unknown user {username!r}")
    return row


def invite(
    uow: UnitOfWork,
    actor: Actor,
    username: str,
    negotiation: str,
    handle: str,
    *,
    party: str | None = None,
    name: str | None = None,
    level: Level | None = None,
) -> MembershipView:
    """Let ``username`` act as member ``handle`` of ``negotiation``.

    The member is created in ``party`` first when it does not exist yet (its role
    follows from the party's kind: mediator, observer or delegate at ``level``).
    A seat in a negotiating party that already has accounts is granted by a principal
    of that party only (``access.may_grant_membership``); the installation opens a
    party's first account and the secretariat's and observers' seats.
    """
    session = uow.session
    neg = negotiation_row(session, negotiation)
    try:
        member = member_row(session, neg, handle)
        seat, seat_level = member.party, Level(member.level) if member.level else None
    except NotFound:
        if party is None:
            raise InvalidInput(
                f"no member {handle!r} in {neg.slug}: name the party to add it to"
            ) from None
        seat, seat_level = party_row(session, neg, party), level
    has_accounts, principal_has_account = records.party_accounts(session, seat)
    if not may_grant_membership(
        actor,
        seat.slug,
        negotiating=seat.kind == PartyKind.PARTY.value,
        has_accounts=has_accounts,
        principal_has_account=principal_has_account,
        seat_level=seat_level,
    ):
        raise PermissionDenied(
            f"{actor.label} may not give an account a seat in {seat.slug}: "
            f"a principal of {seat.slug} grants its seats"
        )
    user = _user(uow, username)
    already = session.execute(
        select(MembershipRow.id).where(
            MembershipRow.user_id == user.id, MembershipRow.negotiation_id == neg.id
        )
    ).first()
    if already is not None:
        raise Conflict(f"{username} is already a member of {neg.slug}")
    exists = session.execute(
        select(MemberRow.id).where(MemberRow.negotiation_id == neg.id, MemberRow.handle == handle)
    ).first()
    if exists is None:
        if party is None:
            raise InvalidInput(f"no member {handle!r} in {neg.slug}: name the party to add it to")
        negotiations.add_member(
            uow, actor, neg.slug, handle, name or user.display_name, party, level
        )
    member = member_row(session, neg, handle)
    taken = session.execute(
        select(MembershipRow.id).where(MembershipRow.member_id == member.id)
    ).first()
    if taken is not None:
        raise Conflict(f"member {handle} of {neg.slug} already belongs to another user")
    session.add(MembershipRow(user_id=user.id, negotiation_id=neg.id, member_id=member.id))
    session.flush()
    uow.record(
        actor,
        "UserInvited",
        "membership",
        f"{username}:{handle}",
        negotiation=neg.slug,
        details={"user": username, "member": handle},
    )
    uow.commit()
    return _member_view(member, neg)


def _membership(
    neg: NegotiationRow, party: str, handle: str, name: str, role: str, level: str | None
) -> tuple[Actor, MembershipView]:
    """The member as the access rules know them, and as the pages introduce them."""
    actor = person(handle, role, party, level)
    view = MembershipView(
        negotiation=neg.slug,
        title=neg.title,
        handle=handle,
        name=name,
        party=party,
        role=role,
        level=level,
        can=capabilities(actor),
    )
    return actor, view


def _member_view(member: MemberRow, neg: NegotiationRow) -> MembershipView:
    return _membership(
        neg, member.party.slug, member.handle, member.name, member.role, member.level
    )[1]


def log_in(uow: UnitOfWork, username: str, password: str, address: str) -> SessionTicket:
    """Check the password and open a session; throttle repeated failures.

    The same message answers an unknown user and a wrong password, and the hash
    is checked in both cases, so neither words nor timing tell which it was.
    """
    session = uow.session
    now = uow.now()
    name = username.strip()[:63]
    address = address[:64]
    # the attempt is counted (atomically, and committed) before the password is checked:
    # concurrent guesses cannot all read a count below the limit (issue 13, finding 10)
    attempts = throttle.count_attempt(session, name, address, now, FAILURE_WINDOW)
    uow.commit()
    if attempts > FAILURE_LIMIT:
        minutes = int(FAILURE_WINDOW.total_seconds() // 60)
        raise LoginThrottled(
            f"too many failed logins for {name!r} from this address: "
            f"wait {minutes} minutes and try again"
        )
    dummy = _dummy_password_hash()  # before the lookup: the first attempt costs the same
    user = session.execute(select(UserRow).where(UserRow.username == name)).scalar()
    if not _password_matches(user.password_hash if user else dummy, password) or not user:
        session.execute(
            delete(LoginFailureRow).where(
                LoginFailureRow.username == name,
                LoginFailureRow.address == address,
                LoginFailureRow.at <= now - FAILURE_WINDOW,
            )
        )
        session.add(LoginFailureRow(username=name, address=address, at=now))
        uow.commit()
        raise NotAuthenticated("wrong username or password")
    renewed: dict[str, str] = {}
    salts: dict[str, str] = {}
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
        salts["password"] = new_salt()  # the record holds a commitment to the new hash
        renewed["password"] = commitment(salts["password"], user.password_hash)
    session.execute(
        delete(LoginFailureRow).where(
            LoginFailureRow.username == name, LoginFailureRow.address == address
        )
    )
    throttle.clear_attempts(session, name, address)
    session.execute(  # the user's expired sessions go with each new login
        delete(UserSessionRow).where(
            UserSessionRow.user_id == user.id, UserSessionRow.expires_at <= now
        )
    )
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    session.add(
        UserSessionRow(
            token_digest=_digest(token),
            user_id=user.id,
            csrf_token=csrf,
            created_at=now,
            expires_at=now + SESSION_LIFETIME,
        )
    )
    session.flush()
    uow.record(
        Actor.system_operator(user.username),
        "UserLoggedIn",
        "user",
        name,
        negotiation=None,
        details=renewed,
        salts=salts,
    )
    uow.commit()
    return SessionTicket(token, csrf, _account(user))


def _password_matches(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


AnySelect = Select[*tuple[Any, ...]]


def find_session(
    uow: UnitOfWork, token: str | None, *, negotiation: str | None = None
) -> tuple[Account, str] | None:
    """The account and CSRF token of a live session, or None.

    Every request asks this: columns, not ORM objects (a third of its cost). With
    ``negotiation`` (a page or route of one negotiation) the same query finds the
    user's membership there, so ``membership_in`` then costs nothing."""
    if not token:
        return None
    query = (
        select(
            UserRow.id,
            UserRow.username,
            UserRow.display_name,
            UserRow.is_admin,
            UserSessionRow.csrf_token,
            UserSessionRow.expires_at,
        )
        .join(UserRow, UserRow.id == UserSessionRow.user_id)
        .where(UserSessionRow.token_digest == _digest(token))
    )
    if negotiation is not None:
        query = _with_membership(query, negotiation)
    row = uow.session.execute(query).first()
    if row is None or row.expires_at <= uow.now():
        return None
    account = Account(row.id, row.username, row.display_name, row.is_admin)
    if negotiation is not None and row.NegotiationRow is not None:
        _remember_membership(uow, account, row)
    return account, row.csrf_token


def _membership_columns() -> tuple[Any, ...]:
    return (
        MemberRow.handle,
        MemberRow.name,
        MemberRow.role,
        MemberRow.level,
        NegotiationRow,
        PartyRow,
    )


def _with_membership(query: AnySelect, negotiation: str) -> AnySelect:
    """``query`` (of a user) with the user's membership in ``negotiation``, if any."""
    in_negotiation = (
        select(NegotiationRow.id).where(NegotiationRow.slug == negotiation).scalar_subquery()
    )
    return (
        query.add_columns(*_membership_columns())
        .outerjoin(
            MembershipRow,
            (MembershipRow.user_id == UserRow.id)
            & (MembershipRow.negotiation_id == in_negotiation),
        )
        .outerjoin(MemberRow, MemberRow.id == MembershipRow.member_id)
        .outerjoin(PartyRow, PartyRow.id == MemberRow.party_id)
        .outerjoin(NegotiationRow, NegotiationRow.id == MembershipRow.negotiation_id)
    )


def _remember_membership(
    uow: UnitOfWork, account: Account, row: Any
) -> tuple[Actor, MembershipView]:
    """Turn a membership row into the actor and its view, and keep both (and the
    negotiation and party rows) for the rest of this unit of work."""
    neg, party = row.NegotiationRow, row.PartyRow
    remember(uow.session, neg, party)
    actor, view = _membership(neg, party.slug, row.handle, row.name, row.role, row.level)
    known: dict[tuple[int, str], tuple[Actor, MembershipView]] = uow.session.info.setdefault(
        "onetext.memberships", {}
    )
    known[account.id, neg.slug] = (actor, view)
    return actor, view


def csrf_matches(expected: str, given: str | None) -> bool:
    """Constant-time comparison of the session's CSRF token with the one sent."""
    return given is not None and hmac.compare_digest(expected.encode(), given.encode())


def log_out(uow: UnitOfWork, token: str) -> None:
    """End the session (the row goes; the cookie is then worthless)."""
    uow.session.execute(delete(UserSessionRow).where(UserSessionRow.token_digest == _digest(token)))
    uow.commit()


_MEMBERSHIP_LOADS = (
    joinedload(MembershipRow.member).joinedload(MemberRow.party),
    joinedload(MembershipRow.negotiation),
)


def memberships(uow: UnitOfWork, account: Account) -> list[MembershipView]:
    """The negotiations the user belongs to, with the member they act as."""
    rows = uow.session.execute(
        select(MembershipRow)
        .options(*_MEMBERSHIP_LOADS)
        .join(NegotiationRow, NegotiationRow.id == MembershipRow.negotiation_id)
        .where(MembershipRow.user_id == account.id)
        .order_by(NegotiationRow.slug)
    ).scalars()
    return [_member_view(row.member, row.negotiation) for row in rows]


def actor_in(uow: UnitOfWork, account: Account, negotiation: str) -> Actor:
    """The user as a member of ``negotiation``: party, role and level for ``access``.

    A negotiation the user does not belong to is "not found", whether it exists or
    not: its name is not confirmed to outsiders.
    """
    return membership_in(uow, account, negotiation)[0]


def membership_in(
    uow: UnitOfWork, account: Account, negotiation: str
) -> tuple[Actor, MembershipView]:
    """``actor_in`` and how the pages introduce the member, from one query (none when
    ``find_session`` found it already for this request)."""
    known = uow.session.info.get("onetext.memberships", {})
    if (account.id, negotiation) in known:
        found: tuple[Actor, MembershipView] = known[account.id, negotiation]
        return found
    row = uow.session.execute(
        select(*_membership_columns())
        .select_from(MembershipRow)
        .join(MemberRow, MemberRow.id == MembershipRow.member_id)
        .join(PartyRow, PartyRow.id == MemberRow.party_id)
        .join(NegotiationRow, NegotiationRow.id == MembershipRow.negotiation_id)
        .where(MembershipRow.user_id == account.id, NegotiationRow.slug == negotiation)
    ).first()
    if row is None:
        raise NotFound(f"no negotiation {negotiation!r} among yours")
    return _remember_membership(uow, account, row)


DEMO_PASSWORD = "lakemont-demo"
DEMO_ADMIN = ("admin", "lakemont-admin")


def ensure_demo_accounts(uow: UnitOfWork, actor: Actor, negotiation: str) -> list[tuple[str, str]]:
    """One user per member of ``negotiation`` (username = handle) and an administrator,
    with known passwords; existing users are left as they are. Returns (username, password)."""
    _ensure_operator(actor)
    neg = negotiation_row(uow.session, negotiation)
    members = list(
        uow.session.execute(
            select(MemberRow).where(MemberRow.negotiation_id == neg.id).order_by(MemberRow.id)
        ).scalars()
    )
    # principals first: each party's principal then grants its other seats
    members.sort(key=lambda m: m.level != Level.PRINCIPAL.value)
    handles = [m.handle for m in members]
    principals = {
        m.party.slug: person(m.handle, m.role, m.party.slug, m.level)
        for m in reversed(members)
        if m.level == Level.PRINCIPAL.value
    }
    existing = set(uow.session.execute(select(UserRow.username)).scalars())
    admin, admin_password = DEMO_ADMIN
    if admin not in existing:
        create_user(uow, actor, admin, admin_password, display_name="Administrator", admin=True)
    for handle in handles:
        if handle in existing:
            continue
        member = member_row(uow.session, neg, handle)
        create_user(uow, actor, handle, DEMO_PASSWORD, display_name=member.name)
        try:
            invite(uow, actor, handle, neg.slug, handle)
        except PermissionDenied:
            invite(uow, principals[member.party.slug], handle, neg.slug, handle)
    return [(admin, admin_password), *((handle, DEMO_PASSWORD) for handle in handles)]
