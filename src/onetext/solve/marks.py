"""Build a ``Problem`` from a negotiation's marks.

Options of a point: its bracketed alternatives (``a``, ``b``...), or ``keep``
when it has none, plus ``drop`` where the mediator allows dropping the point.
A point with several bracket groups gets one option per way to settle them
(``1a+2b``; a choice nested in a phrase that is left out does not count:
``1none`` alone); a party's score for a combination is the mean of its scores
for the parts, and it is a red line if any part is.

Scores come from the stance in force (``latest_positions``): accepted 100,
accepted with reservations 70, open 50, unacceptable is a red line (score 0).
A mark on a specific option (``option_key``) wins over a mark on the whole
point. ``drop`` mirrors the stance on the point: ``100 - score`` of keeping it
(dropping an accepted point scores 0, dropping an unacceptable one 100), unless
the party marked ``drop`` itself. A party's weight on a point is its priority
(1-5), the highest among its marks there; a point it has not marked weighs 0.
Explicit ``scores`` replace the stance-derived scores of a (party, point); a
point scored explicitly but not marked weighs 3, the middle priority.

Private marks are left out unless ``include_private`` is set: the engine works
for the mediator, who never sees them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import datetime

from onetext.errors import InvalidInput
from onetext.model import DROP_OPTION, Point, Position, Stance, Visibility, latest_positions
from onetext.model.document import option_readings, reading_count, weighed_options
from onetext.solve.problem import Link, PartySpec, PointSpec, Preference, Problem

__all__ = [
    "KEEP_OPTION",
    "MAX_READINGS",
    "PRIORITY_WEIGHTS",
    "STANCE_SCORES",
    "PointChoice",
    "problem_from_marks",
]

KEEP_OPTION = "keep"

MAX_READINGS = 512
"""Ways to settle one point's brackets the engine will weigh (bounded work per point)."""

STANCE_SCORES: Mapping[Stance, float] = {
    Stance.ACCEPTED: 100.0,
    Stance.RESERVATIONS: 70.0,
    Stance.OPEN: 50.0,
    Stance.UNACCEPTABLE: 0.0,
}

DROP_WITHOUT_POINT_MARK = STANCE_SCORES[Stance.OPEN]
"""Score of ``drop`` for a party whose only marks are on specific options."""

PRIORITY_WEIGHTS: Mapping[int, float] = {1: 1.0, 2: 2.0, 3: 3.0, 4: 4.0, 5: 5.0}


@dataclass(frozen=True, slots=True)
class PointChoice:
    """A point as the engine sees it: its id (the point's uid), label and options.

    ``parts`` maps each combined option (``1a+2b``) to the option keys it is
    made of; plain options map to themselves.
    """

    id: str
    options: tuple[str, ...]
    label: str | None = None
    parts: Mapping[str, tuple[str, ...]] | None = None

    @staticmethod
    def from_point(
        point: Point, *, droppable: bool = False, marked: AbstractSet[str] | None = None
    ) -> PointChoice:
        """The options of a drafted point: every way to settle its brackets (a
        choice inside a dropped phrase does not count) or ``keep``, plus ``drop``
        when allowed. ``marked``: the option keys someone marked; only those choices
        (and the ones they sit in) are weighed, the rest stay open as tabled.
        Refuses a point with more than ``MAX_READINGS`` ways, counted without
        listing them."""
        parts: dict[str, tuple[str, ...]] = {}
        options = point.options if marked is None else weighed_options(point.options, marked)
        if not options:
            parts[KEEP_OPTION] = (KEEP_OPTION,)
        else:
            count = reading_count(options)
            if count > MAX_READINGS:
                whose = "the choices parties marked" if marked is not None else "its brackets"
                raise InvalidInput(
                    f"point {point.label}: {whose} can be settled in {count:,} ways; the "
                    f"engine weighs at most {MAX_READINGS:,} per point: settle some first"
                )
            for reading in option_readings(options):
                parts["+".join(reading)] = reading
        if droppable:
            parts[DROP_OPTION] = (DROP_OPTION,)
        return PointChoice(point.uid, tuple(parts), point.label, parts)

    def parts_of(self, option: str) -> tuple[str, ...]:
        return self.parts[option] if self.parts is not None else (option,)


def problem_from_marks(
    parties: Sequence[str | PartySpec],
    points: Sequence[PointChoice | Point],
    marks: Iterable[Position],
    *,
    scores: Mapping[str, Mapping[str, Mapping[str, float]]] | None = None,
    links: Sequence[Link] = (),
    as_of: datetime | None = None,
    include_private: bool = False,
) -> Problem:
    """A problem from parties, points and the marks in force.

    ``parties``: ids or ``PartySpec`` (reservation, disagreement). ``points``:
    ``PointChoice`` (or a model ``Point``, taken with its alternatives and no
    drop). ``marks``: every mark, superseded ones included: the one in force
    per (party, point, option) at ``as_of`` is used. ``scores``: explicit
    ``{party: {point_id: {option: score}}}`` for the points a party scored itself.
    Raises ``InvalidInput`` if a party has marked nothing (it would weigh no point).
    """
    specs = tuple(p if isinstance(p, PartySpec) else PartySpec(p) for p in parties)
    if not specs:
        raise InvalidInput("the engine needs at least one party")
    choices = tuple(p if isinstance(p, PointChoice) else PointChoice.from_point(p) for p in points)
    party_ids = {p.id for p in specs}
    by_id = {c.id: c for c in choices}
    visible = (m for m in marks if include_private or m.visibility is not Visibility.PRIVATE)
    in_force = latest_positions(visible, as_of)
    # (party, point) -> {option key or None: position}
    table: dict[tuple[str, str], dict[str | None, Position]] = {}
    for (party, point_id, option_key), position in in_force.items():
        if party in party_ids and point_id in by_id:
            table.setdefault((party, point_id), {})[option_key] = position
    explicit = scores or {}
    for party_id, scored in explicit.items():
        if party_id not in party_ids:
            raise InvalidInput(f"explicit scores for unknown party {party_id!r}")
        for point_id in scored:
            if point_id not in by_id:
                raise InvalidInput(f"explicit scores for unknown point {point_id!r}")

    preferences: dict[str, dict[str, Preference]] = {}
    for spec in specs:
        entries: dict[str, Preference] = {}
        for choice in choices:
            marked = table.get((spec.id, choice.id), {})
            given = explicit.get(spec.id, {}).get(choice.id)
            if not marked and given is None:
                continue
            entries[choice.id] = _preference(choice, marked, given)
        if not any(p.weight > 0 for p in entries.values()):
            raise InvalidInput(
                f"party {spec.id!r} has marked no point: the engine cannot weigh its interests"
            )
        preferences[spec.id] = entries
    specs_points = tuple(PointSpec(c.id, c.options, c.label) for c in choices)
    return Problem(specs, specs_points, preferences, tuple(links))


def _preference(
    choice: PointChoice, marked: Mapping[str | None, Position], given: Mapping[str, float] | None
) -> Preference:
    weight = PRIORITY_WEIGHTS[max(p.priority for p in marked.values())] if marked else 3.0
    whole = marked.get(None)
    option_scores: dict[str, float] = {}
    red: set[str] = set()
    for option in choice.options:
        if option == DROP_OPTION and DROP_OPTION not in marked:
            keep = whole.stance if whole is not None else None
            option_scores[option] = (
                DROP_WITHOUT_POINT_MARK if keep is None else 100.0 - STANCE_SCORES[keep]
            )
            continue
        part_scores = []
        for part in choice.parts_of(option):
            position = marked.get(part, whole)
            if position is None:
                part_scores.append(STANCE_SCORES[Stance.OPEN])
                continue
            part_scores.append(STANCE_SCORES[position.stance])
            if position.stance is Stance.UNACCEPTABLE:
                red.add(option)
        option_scores[option] = sum(part_scores) / len(part_scores)
    if given is not None:
        missing = set(choice.options) - set(given)
        if missing:
            raise InvalidInput(
                f"explicit scores for point {choice.label or choice.id} "
                f"miss {', '.join(sorted(missing))}"
            )
        for option in choice.options:
            value = float(given[option])
            if not 0 <= value <= 100:
                raise InvalidInput(f"explicit score for {choice.id}/{option} must be within 0-100")
            option_scores[option] = value
    return Preference(weight, option_scores, frozenset(red))
