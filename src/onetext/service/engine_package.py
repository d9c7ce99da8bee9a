"""Use cases: the engine's package read as text, and tabled as the next version.

The engine answers with option keys (``2: b``, ``5: 1a+2none``, ``7: drop``); people
read texts. ``package_text`` writes the package into the version it was computed
on: each unit with the chosen wording in place of its brackets, the dropped units
named, and each party's utility against its own worst and best acceptable package.

``table_package`` makes the package a proposal in the one-text way: the next
version of the single text, with the chosen alternatives written in and the dropped
units removed, recorded in the audit log with the run it came from
(``PackageTabled``). The mediator's runs only (``Action.TABLE_PACKAGE``), and only
a run read as the secretariat reads (never a party's run, which may have read that
party's private marks); the new version is as joint as the text it revises, so
parties see the package once it is tabled, as text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from onetext.access import Action, Actor, ensure_allowed
from onetext.errors import Conflict, InvalidInput
from onetext.model.document import DROP_OPTION, Option, describe_choice, leaves_open
from onetext.service import accounts, engine_runs
from onetext.service.accounts import Account
from onetext.service.drafts import load_version, table_draft
from onetext.store import versions
from onetext.store.engine_tables import EngineRunRow
from onetext.store.repository import negotiation_row, version_row
from onetext.store.unit_of_work import UnitOfWork
from onetext.text.brackets import extract_options
from onetext.text.parse import ParsedDraft
from onetext.text.settle import settle_text
from onetext.views.drafts import VersionView
from onetext.views.engine_package import PackageText, PackageUnit, PartyStanding, TabledPackage

__all__ = ["TABLED", "chosen_wording", "package_text", "run_package_text", "table_package"]

TABLED = "PackageTabled"

_KEEP = "keep"


def chosen_wording(options: Sequence[Option], choice: str) -> str:
    """The choice in the text's words, each chosen alternative as it reads once its
    own nested choices are settled (``describe_choice`` names the options as written,
    brackets and all)."""
    keys = choice.split("+")
    by_key = {o.key: o for o in options}
    if choice in {_KEEP, DROP_OPTION} or any(k not in by_key for k in keys):
        return describe_choice(options, choice)
    parts = []
    for key in keys:
        option = by_key[key]
        if option.parent is not None:
            continue  # read inside its parent's words
        if not option.text or "[" not in option.text:
            parts.append(describe_choice(options, key, whole=False))
            continue
        parts.append(f"“{_settled_option(options, option, keys)}”")
    if leaves_open(options, choice):  # choices nobody marked stay as tabled
        parts.append("its other brackets left open")
    return "; ".join(parts)


def _settled_option(options: Sequence[Option], option: Option, keys: Sequence[str]) -> str:
    """An alternative's own text with the choices nested in it settled: its groups are
    numbered in the unit as they are in its own text, in the same order."""
    parent_of = {o.key: o.parent for o in options}

    def under(key: str | None) -> bool:
        while key is not None:
            if key == option.key:
                return True
            key = parent_of.get(key)
        return False

    nested = sorted({o.group for o in options if under(o.parent)})
    local = {group: index for index, group in enumerate(nested, start=1)}
    if len({o.group for o in extract_options("x", option.text)}) != len(nested):
        return option.text  # not the shape expected: as written
    numbered = len(nested) > 1
    chosen = []
    for key in keys:
        found = next((o for o in options if o.key == key), None)
        if found is None or found.group not in local:
            continue
        suffix = key.lstrip("0123456789")
        chosen.append((str(local[found.group]) if numbered else "") + suffix)
    return settle_text(option.text, chosen)


def _units(view: VersionView, package: Mapping[str, str]) -> list[PackageUnit]:
    units = []
    for point in view.points:
        choice = str(package.get(point.label, _KEEP))
        options = point.option_objects
        if choice == DROP_OPTION:
            text, state = "", "dropped"
        elif choice == _KEEP or not options:
            text, state = point.text, "as written"
        else:
            text, state = settle_text(point.text, choice.split("+")), "settled"
        units.append(
            PackageUnit(
                label=point.label,
                heading=point.heading,
                text=text,
                written=point.text,
                choice=choice,
                wording=chosen_wording(options, choice),
                state=state,
            )
        )
    return units


def _standings(result: Mapping[str, Any], party: str | None) -> list[PartyStanding]:
    """Each party's utility on a bar from its worst to its best acceptable package: every
    party's for the mediator, the asker's own in a blind result."""
    ranges: Mapping[str, Mapping[str, float]] = result.get("ranges") or {}
    utilities: Mapping[str, float] = result.get("utilities") or (
        {party: result["utility"]} if party and result.get("utility") is not None else {}
    )
    out = []
    for name, utility in utilities.items():
        span = ranges.get(name)
        if span is None:
            continue
        worst, best = float(span["worst"]), float(span["best"])
        width = best - worst
        share = 1.0 if width <= 1e-9 else min(1.0, max(0.0, (float(utility) - worst) / width))
        out.append(PartyStanding(name, float(utility), worst, best, share))
    return out


def package_text(
    view: VersionView,
    result: Mapping[str, Any],
    *,
    party: str | None = None,
    tabled_as: str | None = None,
) -> PackageText:
    """An engine result on ``view`` read as text (``party``: whose blind result it is)."""
    package = {str(k): str(v) for k, v in (result.get("package") or {}).items()}
    units = _units(view, package)
    return PackageText(
        version=view.ref,
        units=units,
        dropped=[u.label for u in units if u.state == "dropped"],
        standings=_standings(result, party),
        tabled_as=tabled_as,
    )


def run_package_text(
    uow: UnitOfWork, account: Account, negotiation: str, uid: str
) -> PackageText | None:
    """The package of one of ``account``'s finished runs as text; ``None`` while it
    runs, when it found no package, or when its version can no longer be read."""
    actor = accounts.actor_in(uow, account, negotiation)
    run = engine_runs.engine_run(uow, account, negotiation, uid)
    if run.status != "done" or not run.result or not run.result.get("package"):
        return None
    view = load_version(uow, actor, negotiation, run.version)
    return package_text(
        view,
        run.result,
        party=actor.party if run.blind else None,
        tabled_as=run.tabled_as,
    )


def table_package(
    uow: UnitOfWork,
    actor: Actor,
    negotiation: str | None,
    uid: str,
    *,
    account: Account | None = None,
) -> TabledPackage:
    """Table a finished mediator's run's package as the next version of its text.
    ``account``: the web's asker, whose own runs only it may table."""
    ensure_allowed(actor, Action.TABLE_PACKAGE)
    session = uow.session
    neg = negotiation_row(session, negotiation)
    row = engine_runs.run_row(uow, neg.slug, uid, account)
    outcome: dict[str, Any] = dict(row.result or {})
    result: dict[str, Any] = dict(outcome.get("result") or {})
    if row.status != "done":
        raise Conflict(f"engine run {uid} has not finished ({row.status}): nothing to table yet")
    if outcome.get("blind", True):
        raise InvalidInput(
            f"engine run {uid} is a party's run, read as that party reads: only a run read "
            "as the secretariat reads may be tabled"
        )
    if outcome.get("tabled"):
        raise Conflict(f"engine run {uid} was already tabled as {outcome['tabled']}")
    package = {str(k): str(v) for k, v in (result.get("package") or {}).items()}
    if not package:
        raise InvalidInput(
            f"engine run {uid} found no package ({result.get('status', 'no result')}): "
            "nothing to table"
        )
    based_on = version_row(session, neg, str(row.request["version"]), actor)
    document = based_on.document
    if document.visibility != "joint":
        raise InvalidInput(f"a package is tabled on a joint text: {based_on.ref} is not joint")
    latest = versions.latest_version(session, document)
    if latest.id != based_on.id:
        raise Conflict(
            f"engine run {uid} read {based_on.ref}, and {latest.ref} has been tabled since: "
            "run the engine again on the latest text"
        )
    view = load_version(uow, actor, neg.slug, based_on.ref)
    units = _units(view, package)
    kept = [(p, u) for p, u in zip(view.points, units, strict=True) if u.state != "dropped"]
    if not kept:
        raise InvalidInput(f"engine run {uid} drops every unit: there is no text to table")
    points = tuple(
        replace(p.as_parsed(), text=u.text, options=extract_options(u.label, u.text))
        for p, u in kept
    )
    dropped = [u.label for u in units if u.state == "dropped"]
    settled = [u.label for u in units if u.state == "settled"]
    objective = str(row.request["objective"])
    message = (
        f"The engine's package ({objective}, run {uid}): "
        f"{len(settled)} choices written in, {len(dropped)} units dropped"
    )
    summary = table_draft(
        uow,
        actor,
        neg.slug,
        ParsedDraft(view.title, view.preamble, points, view.as_parsed().numbering),
        document=document.slug,
        party=document.owner.slug,
        message=message,
        identities=[p.uid for p, _u in kept],
        commit=False,
    )
    uow.record(
        actor,
        TABLED,
        "engine_run",
        uid,
        negotiation=neg.slug,
        details={
            "run": uid,
            "version": summary.ref,
            "based_on": based_on.ref,
            "objective": objective,
            "package": package,
        },
    )
    _mark_tabled(row, outcome, summary.ref)
    uow.commit()
    return TabledPackage(
        run=uid,
        version=summary.ref,
        based_on=based_on.ref,
        units=len(points),
        settled=settled,
        dropped=dropped,
    )


def _mark_tabled(row: EngineRunRow, outcome: dict[str, Any], ref: str) -> None:
    row.result = {**outcome, "tabled": ref}
