"""Use cases: the mediator publishes the engine's suggested package as a proposal.

The mediator's runs read caucus marks, so their package is computed from what no
party may read; it reaches parties only when the mediator decides to publish it,
and then as a proposal recorded in the audit log (``PackageProposed``), on a joint
text only. Parties read the published proposals; nothing else of the run.
"""

from __future__ import annotations

import json

from onetext.access import Action, Actor, ensure_allowed
from onetext.errors import InvalidInput, NotFound
from onetext.service.engine import run_engine
from onetext.store.audit import negotiation_events
from onetext.store.repository import negotiation_row, version_row
from onetext.store.unit_of_work import UnitOfWork
from onetext.views.proposals import ProposalView

__all__ = ["PROPOSED", "list_proposals", "publish_proposal"]

PROPOSED = "PackageProposed"


def publish_proposal(
    uow: UnitOfWork,
    actor: Actor,
    negotiation: str | None,
    *,
    version: str | None = None,
    objective: str = "nash",
    allow_drop: bool = False,
) -> ProposalView:
    """Run the engine as the mediator and publish its package (the mediator only)."""
    ensure_allowed(actor, Action.VIEW_ENGINE_DETAIL)
    neg = negotiation_row(uow.session, negotiation)
    run = run_engine(
        uow, actor, negotiation, objective=objective, version=version, allow_drop=allow_drop
    )
    row = version_row(uow.session, neg, run.version, actor)
    if row.document.visibility != "joint":
        raise InvalidInput(f"a proposal is published on a joint text: {run.version} is not joint")
    package = run.result.get("package")
    if not package:
        raise InvalidInput(
            f"the engine found no package on {run.version} ({run.result.get('status')}): "
            "nothing to propose (try --allow-drop, or see what blocks it with onetext solve)"
        )
    details = {"objective": objective, "allow_drop": allow_drop, "package": package}
    uow.record(actor, PROPOSED, "version", run.version, negotiation=neg.slug, details=details)
    uow.commit()
    return list_proposals(uow, actor, neg.slug)[-1]


def list_proposals(uow: UnitOfWork, actor: Actor, negotiation: str | None) -> list[ProposalView]:
    """The published proposals, oldest first, on texts ``actor`` may read."""
    ensure_allowed(actor, Action.VIEW_NEGOTIATION)
    neg = negotiation_row(uow.session, negotiation)
    out = []
    for event in negotiation_events(uow.session, neg.slug, PROPOSED):
        try:
            version_row(uow.session, neg, event.object_id, actor)
        except NotFound:
            continue
        details = json.loads(event.details)
        out.append(
            ProposalView(
                version=event.object_id,
                objective=str(details["objective"]),
                allow_drop=bool(details["allow_drop"]),
                package={str(k): str(v) for k, v in details["package"].items()},
                proposed_by=event.actor,
                proposed_at=event.at.isoformat(),
            )
        )
    return out
