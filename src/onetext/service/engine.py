"""Use case: run the compromise engine on a stored version.

Input: the marks the mediator may read (caucus and joint; private marks never
enter the engine). Output: the mediator sees everything; a party sees the
suggested package, its own utility and its own blocking red lines only (the
blind rule, enforced here, where results are rendered).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import select

from onetext.access import Action, Actor, allowed, ensure_allowed
from onetext.errors import InvalidInput
from onetext.model import Position, Stance, Visibility
from onetext.service.drafts import VersionView, load_version
from onetext.service.lookup import chosen_version, negotiating_parties, negotiation_row
from onetext.service.unit_of_work import UnitOfWork
from onetext.solve import (
    PointChoice,
    Problem,
    Solution,
    Status,
    party_view,
    problem_from_marks,
    solve,
)
from onetext.store.tables import PointRow, PointStateRow, PositionRow, VersionRow

__all__ = ["EngineRun", "negotiation_problem", "result_for", "run_engine"]


@dataclass(frozen=True, slots=True)
class EngineRun:
    version: str
    viewer: str
    blind: bool
    result: dict[str, Any]
    relax_in_words: list[str]


def negotiation_problem(
    uow: UnitOfWork,
    actor: Actor,
    negotiation: str | None,
    *,
    version: str | None = None,
    allow_drop: bool = False,
    as_of: datetime | None = None,
) -> tuple[Problem, VersionView]:
    """The engine's problem for a version, from the marks the mediator may read."""
    session = uow.session
    neg = negotiation_row(session, negotiation)
    row = chosen_version(session, neg, version, actor)
    view = load_version(uow, actor, negotiation, f"{row.document.slug}@{row.number}")
    parties = negotiating_parties(session, neg)
    slug_of = {p.id: p.slug for p in parties}
    points = [p.as_point() for p in view.points]
    label_of = {p.uid: p.label for p in points}
    text_of = {p.uid: p.text for p in points}
    same_wording: list[Position] = []
    other_wording: list[Position] = []
    for m, uid, version_uid, marked_text in session.execute(
        select(PositionRow, PointRow.uid, VersionRow.uid, PointStateRow.text)
        .join(PointRow, PointRow.id == PositionRow.point_id)
        .join(VersionRow, VersionRow.id == PositionRow.version_id)
        .join(
            PointStateRow,
            (PointStateRow.version_id == PositionRow.version_id)
            & (PointStateRow.point_id == PositionRow.point_id),
        )
        .where(
            PositionRow.negotiation_id == neg.id,
            PositionRow.visibility.in_([Visibility.CAUCUS.value, Visibility.JOINT.value]),
        )
    ):
        if uid not in label_of or m.party_id not in slug_of:
            continue
        position = Position(
            uid=m.uid,
            party=slug_of[m.party_id],
            point_uid=label_of[uid],
            version_uid=version_uid,
            stance=Stance(m.stance),
            priority=m.priority,
            visibility=Visibility(m.visibility),
            author=m.author,
            marked_at=m.marked_at,
            option_key=m.option_key,
        )
        (same_wording if marked_text == text_of[uid] else other_wording).append(position)
    # marks on this very wording count; marks on other wording only where a party has
    # none on this one (the matrix shows those as "to be re-confirmed")
    covered = {(m.party, m.point_uid) for m in same_wording}
    marks = same_wording + [m for m in other_wording if (m.party, m.point_uid) not in covered]
    marked = {m.party for m in marks}
    # the engine knows points by their label in this version: results read as the draft does
    choices = [
        PointChoice.from_point(replace(p, uid=p.label), droppable=allow_drop) for p in points
    ]
    problem = problem_from_marks(
        [p.slug for p in parties if p.slug in marked], choices, marks, as_of=as_of
    )
    return problem, view


def run_engine(
    uow: UnitOfWork,
    actor: Actor,
    negotiation: str | None,
    *,
    objective: str = "nash",
    version: str | None = None,
    allow_drop: bool = False,
    as_of: datetime | None = None,
) -> EngineRun:
    """Solve, then render for the actor: full for the mediator, blind for a party."""
    ensure_allowed(actor, Action.RUN_ENGINE)
    problem, view = negotiation_problem(
        uow, actor, negotiation, version=version, allow_drop=allow_drop, as_of=as_of
    )
    solution: Solution = solve(problem, objective)
    result, relax, blind = result_for(actor, problem, solution)
    return EngineRun(
        version=view.ref, viewer=actor.label, blind=blind, result=result, relax_in_words=relax
    )


def result_for(
    actor: Actor, problem: Problem, solution: Solution
) -> tuple[dict[str, Any], list[str], bool]:
    """The result as ``actor`` may see it, the relaxation in words, and whether it is
    blind: in full for the mediator; for a party the package, its own utility and its
    own red lines only."""
    full = allowed(actor, Action.VIEW_ENGINE_DETAIL)
    if full:
        result = solution.to_json()
        relax = [r.describe(r.point) for r in solution.relax]
    else:
        if actor.party is None or actor.party not in {p.id for p in problem.parties}:
            raise InvalidInput("only a party that has marked points gets an engine result")
        blind = party_view(solution, actor.party)
        result = blind.to_json()
        relax = [r.describe(r.point) for r in blind.own_relax]
    if solution.status is Status.INFEASIBLE and not relax and solution.reason:
        relax = [solution.reason]
    return result, relax, not full
