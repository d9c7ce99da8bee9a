"""What the API and the pages show: service calls turned into response models.

Both the JSON routes and the HTML pages call these, so a page never shows
something its API route would not, and neither decides who may see what: the
user becomes an ``Actor`` (``accounts.actor_in``) and the services filter.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from fastapi import BackgroundTasks, Request

from onetext.errors import InvalidInput, NotFound, PermissionDenied
from onetext.model import Level, Stance, Visibility
from onetext.model.document import describe_choice, open_depth
from onetext.model.moments import parse_moment
from onetext.service import (
    accounts,
    amendments,
    drafts,
    engine,
    engine_runs,
    escalation,
    negotiations,
    positions,
    proposals,
    rounds,
    versions,
)
from onetext.service.accounts import Account
from onetext.service.actors import Actor
from onetext.solve import Frontier
from onetext.store.repository import chosen_version, negotiation_row
from onetext.store.unit_of_work import UnitOfWork
from onetext.text.redline import redline_change
from onetext.views.drafts import PointView
from onetext.views.escalation import Board, BriefData, WorkingGroupView
from onetext.views.marks import MarkView, MatrixView
from onetext.views.proposals import ProposalView
from onetext.views.records import MembershipView, RoundView
from onetext.web.schemas import (
    ChangeOut,
    CompareOut,
    CompromiseOut,
    EngineRunIn,
    EngineRunOut,
    HistoryOut,
    InvitationIn,
    MarkIn,
    OptionOut,
    OverviewOut,
    PointOut,
    ProposalIn,
    RoundIn,
    RoundUpdateIn,
    SeatIn,
    SegmentOut,
    UserIn,
    VersionOut,
    WorkingGroupIn,
    WorkingGroupsOut,
)

if TYPE_CHECKING:
    from onetext.solve import Frontier

log = logging.getLogger("onetext.web")

__all__ = [
    "board",
    "brief",
    "compare",
    "complete_round",
    "compromise",
    "create_user",
    "create_working_group",
    "engine_run_out",
    "frontier_svg",
    "history",
    "invite",
    "mark",
    "matrix",
    "membership",
    "overview",
    "parse_as_of",
    "record_round",
    "request_engine_run",
    "version",
    "version_refs",
    "working_group_list",
    "working_groups",
]


def parse_as_of(value: str | None) -> datetime | None:
    """``YYYY-MM-DD`` (the end of that day, UTC) or an ISO date-time; empty is now."""
    text = (value or "").strip()
    return parse_moment(text, end_of_day=True) if text else None


def membership(uow: UnitOfWork, account: Account, slug: str) -> tuple[Actor, MembershipView]:
    """The actor the user is in ``slug`` and how the pages introduce them."""
    actor, found = accounts.membership_in(uow, account, slug)
    return actor, found


def overview(uow: UnitOfWork, account: Account, slug: str) -> OverviewOut:
    actor, you = membership(uow, account, slug)
    title = you.title
    parties = [p for p in negotiations.list_parties(uow, slug)]
    return OverviewOut(
        negotiation=slug,
        title=title,
        you=you,
        parties=parties,
        versions=[v for v in drafts.list_versions(uow, actor, slug)],
        rounds=[r for r in rounds.list_rounds(uow, actor, slug)],
    )


def matrix(
    uow: UnitOfWork,
    actor: Actor,
    slug: str,
    *,
    version: str | None = None,
    as_of: str | None = None,
    level: Level | None = None,
    group: str | None = None,
) -> MatrixView:
    """The stance matrix as ``actor`` may see it (the actor comes from ``membership``)."""
    return positions.stance_matrix(
        uow,
        actor,
        slug,
        version=version or None,
        as_of=parse_as_of(as_of),
        level=level,
        working_group=group or None,
    )


@dataclass
class MatrixTree:
    """What the matrix page adds to the matrix: each row's place in the text and
    the marks on its alternatives."""

    units: dict[str, PointView]
    option_marks: dict[str, dict[str, dict[str, MarkView]]]

    def division(self, label: str) -> dict[str, Any] | None:
        """The innermost Article (or Chapter, Part) a row sits in, if any."""
        unit = self.units.get(label)
        if unit is None:
            return None
        if unit.level in {"article", "chapter", "part", "section"}:
            return {"ref": unit.label, "label": unit.number or unit.label, "heading": unit.heading}
        return unit.path[-1] if unit.path else None


def matrix_tree(
    uow: UnitOfWork,
    actor: Actor,
    slug: str,
    view: MatrixView,
    *,
    as_of: str | None = None,
    level: Level | None = None,
) -> MatrixTree:
    text = drafts.load_version(uow, actor, slug, view.version)
    marks = positions.option_stances(
        uow, actor, slug, version=view.version, as_of=parse_as_of(as_of), level=level
    )
    return MatrixTree({p.label: p for p in text.points}, marks)


def version(uow: UnitOfWork, account: Account, slug: str, ref: str) -> VersionOut:
    """A version's points with each party's stance as far as the viewer may see."""
    actor = accounts.actor_in(uow, account, slug)
    text = drafts.load_version(uow, actor, slug, ref)
    marks = positions.stance_matrix(uow, actor, slug, version=text.ref)
    on_options = positions.option_stances(uow, actor, slug, version=text.ref)
    return VersionOut(
        ref=text.ref,
        document=text.document,
        kind=text.kind,
        title=text.title,
        preamble=text.preamble,
        author=text.author,
        created_at=text.created_at,
        parties=marks.parties,
        points=[
            PointOut(
                uid=p.uid,
                label=p.label,
                heading=p.heading,
                text=p.text,
                options=[OptionOut.model_validate(o) for o in p.options],
                marks={party: row.get(p.label) for party, row in marks.matrix.items()},
                level=p.level,
                number=p.number,
                path=p.path,
                option_marks=on_options.get(p.label, {}),
            )
            for p in text.points
        ],
    )


@dataclass
class OutlineBlock:
    """A division of the text (an Article, a Chapter) and what it holds, or one unit."""

    division: dict[str, str | None] | None = None
    point: PointOut | None = None
    children: list[OutlineBlock] = field(default_factory=list)


def outline(points: Sequence[PointOut]) -> list[OutlineBlock]:
    """The units of a version nested in their divisions, for a collapsible page."""
    top: list[OutlineBlock] = []
    open_blocks: list[tuple[str, OutlineBlock]] = []
    for point in points:
        refs = [str(d["ref"]) for d in point.path]
        depth = open_depth([ref for ref, _block in open_blocks], refs)
        del open_blocks[depth:]
        for division in point.path[depth:]:
            block = OutlineBlock(division=division)
            (open_blocks[-1][1].children if open_blocks else top).append(block)
            open_blocks.append((str(division["ref"]), block))
        holder = open_blocks[-1][1].children if open_blocks else top
        if point.level in {"part", "chapter", "section", "article"}:
            block = OutlineBlock(
                division={
                    "level": point.level,
                    "label": point.number or point.label,
                    "ref": point.label,
                    "heading": point.heading,
                },
                point=point,
            )
            holder.append(block)
            open_blocks.append((point.label, block))
        else:
            holder.append(OutlineBlock(point=point))
    return top


def history(
    uow: UnitOfWork, account: Account, slug: str, label: str, *, version: str | None = None
) -> HistoryOut:
    actor = accounts.actor_in(uow, account, slug)
    marks = positions.point_history(uow, actor, slug, label, version=version or None)
    return HistoryOut(negotiation=slug, label=label, marks=marks)


def compare(uow: UnitOfWork, account: Account, slug: str, old: str, new: str) -> CompareOut:
    actor = accounts.actor_in(uow, account, slug)
    before, after, alignment = versions.compare_versions(uow, actor, slug, old, new)
    by_point = amendments.change_sources(uow, actor, slug, after.ref)
    changes = []
    for change in alignment.changes:
        old_labels, new_labels = alignment.labels(change)
        changes.append(
            ChangeOut(
                kind=change.kind.value,
                old=old_labels,
                new=new_labels,
                similarity=round(change.similarity, 4),
                redline=[
                    SegmentOut(op=segment.op.value, text=segment.text)
                    for segment in redline_change(alignment, change)
                ],
                amendments=amendments.sources_of_change(
                    before, after, old_labels, new_labels, by_point
                ),
            )
        )
    return CompareOut(
        old=before.ref,
        new=after.ref,
        counts={kind.value: n for kind, n in alignment.counts().items()},
        changes=changes,
    )


def mark(uow: UnitOfWork, account: Account, slug: str, body: MarkIn) -> MarkView:
    """Mark a stance for the viewer's party (or ``body.party``, which the policy checks)."""
    actor = accounts.actor_in(uow, account, slug)
    party = body.party or actor.party
    if party is None:
        raise InvalidInput("name the party the mark is for")
    return positions.mark_stance(
        uow,
        actor,
        slug,
        party=party,
        label=body.label,
        stance=Stance(body.stance),
        version=body.version or None,
        priority=body.priority,
        visibility=Visibility(body.visibility),
        note=body.note,
        option=body.option or None,
    )


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def record_round(uow: UnitOfWork, account: Account, slug: str, body: RoundIn) -> RoundView:
    """Record a meeting (the policy lets only the mediator do it)."""
    actor = accounts.actor_in(uow, account, slug)
    return rounds.record_round(
        uow,
        actor,
        slug,
        level=body.level,
        place=body.place,
        starts_at=_aware(body.starts_at),
        ends_at=_aware(body.ends_at) if body.ends_at else None,
        attendees=body.attendees,
        agenda=body.agenda,
        agenda_version=body.agenda_version or None,
        outcome=body.outcome,
        produced=body.produced,
        publish=body.publish,
    )


def publish_proposal(
    uow: UnitOfWork, account: Account, slug: str, body: ProposalIn
) -> ProposalView:
    """The mediator publishes the engine's package as a proposal to everyone."""
    actor = accounts.actor_in(uow, account, slug)
    return proposals.publish_proposal(
        uow,
        actor,
        slug,
        version=body.version or None,
        objective=body.objective,
        allow_drop=body.allow_drop,
    )


def list_proposals(uow: UnitOfWork, account: Account, slug: str) -> list[ProposalView]:
    return proposals.list_proposals(uow, accounts.actor_in(uow, account, slug), slug)


def publish_round(uow: UnitOfWork, account: Account, slug: str, uid: str) -> RoundView:
    """Publish a round's record to everyone in the negotiation (the mediator only)."""
    return rounds.publish_round(uow, accounts.actor_in(uow, account, slug), slug, uid)


def complete_round(
    uow: UnitOfWork, account: Account, slug: str, uid: str, body: RoundUpdateIn
) -> RoundView:
    """Fill in a round after the fact: outcome, end, versions linked or unlinked."""
    actor = accounts.actor_in(uow, account, slug)
    return rounds.complete_round(
        uow,
        actor,
        slug,
        uid,
        outcome=body.outcome,
        ends_at=_aware(body.ends_at) if body.ends_at else None,
        produced=body.produced,
        unlink=body.unlink,
    )


def version_refs(uow: UnitOfWork, account: Account, slug: str) -> list[str]:
    """Every version reference of the negotiation, oldest first (for pickers)."""
    actor = accounts.actor_in(uow, account, slug)
    return drafts.version_refs(uow, actor, slug)


def compromise(
    uow: UnitOfWork,
    account: Account,
    slug: str,
    *,
    objective: str = "nash",
    version: str | None = None,
    allow_drop: bool = False,
    as_of: str | None = None,
) -> CompromiseOut:
    """Run the engine; the service renders it blind for a party, in full for the mediator."""
    actor = accounts.actor_in(uow, account, slug)
    run = engine.run_engine(
        uow,
        actor,
        slug,
        objective=objective,
        version=version or None,
        allow_drop=allow_drop,
        as_of=parse_as_of(as_of),
    )
    return CompromiseOut.model_validate(run, from_attributes=True)


def package_words(
    uow: UnitOfWork, account: Account, slug: str, version: str, package: Mapping[str, str]
) -> dict[str, str]:
    """Each choice of a package in the text's words (``1b`` → “daily”); empty when
    the version can no longer be read."""
    if not package:
        return {}
    try:
        text = drafts.load_version(uow, accounts.actor_in(uow, account, slug), slug, version)
    except (NotFound, PermissionDenied):
        return {}
    options = {p.label: p.option_objects for p in text.points}
    return {
        label: describe_choice(options.get(label, ()), str(choice))
        for label, choice in package.items()
    }


def engine_run_out(run: engine_runs.EngineRunView) -> EngineRunOut:
    plot = (
        f"/negotiations/{run.negotiation}/compromise/runs/{run.uid}/plot.svg"
        if run.has_plot
        else None
    )
    return EngineRunOut.model_validate(asdict(run) | {"plot": plot})


def frontier_svg(frontier: Frontier, highlight: Mapping[str, float] | None) -> str:
    from onetext.formats.pareto_plot import render_pareto_plot

    return render_pareto_plot(frontier, ".svg", highlight=highlight).decode()


def request_engine_run(
    request: Request,
    background: BackgroundTasks,
    uow: UnitOfWork,
    account: Account,
    slug: str,
    body: EngineRunIn,
) -> engine_runs.EngineRunView:
    """Record the run and send it to the queue (pages and API): on SQLite this process
    does its work once the answer has gone out (``service.engine_queue``)."""
    actor = accounts.actor_in(uow, account, slug)
    run = engine_runs.request_run(
        uow,
        actor,
        account,
        slug,
        objective=body.objective,
        version=body.version or None,
        allow_drop=body.allow_drop,
        samples=body.samples,
    )
    queue = request.app.state.engine_queue
    if queue.inline:  # SQLite: this process runs it once the answer has gone out
        background.add_task(
            engine_runs.execute_run,
            request.app.state.database,
            run.uid,
            clock=request.app.state.clock,
            draw_frontier=frontier_svg,
        )
    else:  # PostgreSQL: a queue worker runs it
        try:
            queue.submit(run.uid)
        except Exception:
            log.exception("the engine queue refused run %s", run.uid)
            engine_runs.abandon_run(
                request.app.state.database,
                run.uid,
                "the engine queue could not take the run: start it again",
                clock=request.app.state.clock,
            )
    return run


def board(
    uow: UnitOfWork,
    account: Account,
    slug: str,
    *,
    version: str | None = None,
    group: str | None = None,
) -> Board:
    """The escalation board; the service reads only the marks the viewer may read."""
    actor = accounts.actor_in(uow, account, slug)
    return escalation.escalation_board(uow, actor, slug, version or None, group=group or None)


def working_groups(uow: UnitOfWork, account: Account, slug: str) -> list[str]:
    """The working groups' slugs (for the board's filter)."""
    actor = accounts.actor_in(uow, account, slug)
    return escalation.working_group_slugs(uow, actor, slug)


def working_group_list(
    uow: UnitOfWork, account: Account, slug: str, *, version: str | None = None
) -> WorkingGroupsOut:
    """Every working group with its points as labelled in ``version`` (default: the
    version in focus, of those the viewer may read) and its members."""
    actor = accounts.actor_in(uow, account, slug)
    groups = escalation.list_working_groups(uow, actor, slug, version=version or None)
    shown = chosen_version(uow.session, negotiation_row(uow.session, slug), version or None, actor)
    return WorkingGroupsOut(
        negotiation=slug,
        version=shown.ref,
        version_tabled=shown.created_at.isoformat(),
        groups=groups,
    )


def create_working_group(
    uow: UnitOfWork, account: Account, slug: str, body: WorkingGroupIn
) -> WorkingGroupView:
    """Create a working group (the policy lets only the mediator do it)."""
    actor = accounts.actor_in(uow, account, slug)
    return escalation.create_working_group(
        uow,
        actor,
        slug,
        body.slug,
        body.name,
        points=body.points,
        members=body.members,
        version=body.version or None,
        level=body.level,
    )


def brief(
    uow: UnitOfWork,
    account: Account,
    slug: str,
    *,
    version: str | None = None,
    allow_drop: bool = False,
) -> BriefData:
    """The brief's data, cut by the service to what the viewer may see."""
    actor = accounts.actor_in(uow, account, slug)
    return escalation.principals_brief(
        uow, actor, slug, version=version or None, allow_drop=allow_drop
    )


def create_user(uow: UnitOfWork, account: Account, body: UserIn) -> None:
    """An administrator creates a user (page and API alike)."""
    actor = accounts.administrator_actor(account)
    accounts.create_user(
        uow, actor, body.username, body.password, display_name=body.display_name, admin=body.admin
    )


def grant_seat(uow: UnitOfWork, account: Account, slug: str, body: SeatIn) -> MembershipView:
    """A principal of a party gives a user the seat of one of the party's members."""
    actor = accounts.actor_in(uow, account, slug)
    return accounts.invite(uow, actor, body.username, slug, body.handle)


def invite(uow: UnitOfWork, account: Account, body: InvitationIn) -> MembershipView:
    """An administrator invites a user into a negotiation as a member."""
    actor = accounts.administrator_actor(account)
    return accounts.invite(
        uow,
        actor,
        body.username,
        body.negotiation,
        body.handle,
        party=body.party,
        name=body.name,
        level=body.level,
    )
