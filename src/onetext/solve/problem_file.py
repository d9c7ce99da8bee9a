"""The ``onetext-problem/1`` JSON format: parse with errors that name the path,
and write back. Text in, text out: reading the file is the caller's job.

Every error is a ``ProblemFileError`` whose path names the offending entry,
such as ``preferences.north.p1.scores.b`` or ``links[0].then.p3``.
"""

from __future__ import annotations

import json
import math
from typing import Any

from onetext.errors import ProblemFileError
from onetext.solve.problem import SCORE_MAX, Link, PartySpec, PointSpec, Preference, Problem

__all__ = ["FORMAT", "parse_problem", "problem_from_json", "problem_to_dict", "problem_to_json"]

FORMAT = "onetext-problem/1"


def problem_from_json(text: str) -> Problem:
    """Parse a problem file's text."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ProblemFileError(
            "", f"not valid JSON (line {error.lineno}, column {error.colno}): {error.msg}"
        ) from None
    return parse_problem(data)


def _object(
    value: Any, path: str, allowed: set[str], required: frozenset[str] | set[str] = frozenset()
) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ProblemFileError(path, "expected an object")
    for key in value:
        if key not in allowed:
            raise ProblemFileError(
                _join(path, key), f"unknown field (expected {', '.join(sorted(allowed))})"
            )
    for key in sorted(required):
        if key not in value:
            raise ProblemFileError(_join(path, key), "missing")
    return value


def _join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def _number(value: Any, path: str, low: float = 0.0, high: float = SCORE_MAX) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ProblemFileError(path, "expected a number")
    if not low <= value <= high:
        raise ProblemFileError(path, f"must be between {low:g} and {high:g}")
    return float(value)


def _text(value: Any, path: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ProblemFileError(path, "expected a non-empty string")
    return value


def _list(value: Any, path: str) -> list[Any]:
    if not isinstance(value, list):
        raise ProblemFileError(path, "expected a list")
    return value


def parse_problem(data: Any) -> Problem:
    """Validate decoded JSON and build the problem."""
    root = _object(
        data,
        "",
        {"format", "parties", "points", "preferences", "links"},
        {"format", "parties", "points", "preferences"},
    )
    if root["format"] != FORMAT:
        raise ProblemFileError("format", f"expected {FORMAT!r}")

    parties: list[PartySpec] = []
    for n, raw in enumerate(_list(root["parties"], "parties")):
        path = _join("parties", n)
        item = _object(raw, path, {"id", "reservation", "disagreement"}, {"id"})
        party_id = _text(item["id"], _join(path, "id"))
        if any(p.id == party_id for p in parties):
            raise ProblemFileError(_join(path, "id"), f"duplicate party {party_id!r}")
        reservation = _number(item.get("reservation", 0), _join(path, "reservation"))
        disagreement = item.get("disagreement")
        parties.append(
            PartySpec(
                party_id,
                reservation,
                None
                if disagreement is None
                else _number(disagreement, _join(path, "disagreement")),
            )
        )
    if not parties:
        raise ProblemFileError("parties", "needs at least one party")

    points: list[PointSpec] = []
    for n, raw in enumerate(_list(root["points"], "points")):
        path = _join("points", n)
        item = _object(raw, path, {"id", "options", "label"}, {"id", "options"})
        point_id = _text(item["id"], _join(path, "id"))
        if any(p.id == point_id for p in points):
            raise ProblemFileError(_join(path, "id"), f"duplicate point {point_id!r}")
        options = [
            _text(o, _join(_join(path, "options"), k))
            for k, o in enumerate(_list(item["options"], _join(path, "options")))
        ]
        if not options:
            raise ProblemFileError(_join(path, "options"), "needs at least one option")
        if len(set(options)) != len(options):
            raise ProblemFileError(_join(path, "options"), "options must be distinct")
        label = item.get("label")
        points.append(
            PointSpec(
                point_id,
                tuple(options),
                None if label is None else _text(label, _join(path, "label")),
            )
        )
    if not points:
        raise ProblemFileError("points", "needs at least one point")
    options_of = {p.id: p.options for p in points}

    raw_prefs = _object(root["preferences"], "preferences", {p.id for p in parties})
    preferences: dict[str, dict[str, Preference]] = {}
    for party in parties:
        path = _join("preferences", party.id)
        if party.id not in raw_prefs:
            raise ProblemFileError(path, "missing: every party needs preferences")
        entries = _object(raw_prefs[party.id], path, set(options_of))
        parsed: dict[str, Preference] = {}
        for point_id, raw in entries.items():
            parsed[point_id] = _preference(raw, _join(path, point_id), options_of[point_id])
        if sum(p.weight for p in parsed.values()) <= 0:
            raise ProblemFileError(path, "the party gives no point a positive weight")
        preferences[party.id] = parsed

    links: list[Link] = []
    for n, raw in enumerate(_list(root.get("links", []), "links")):
        path = _join("links", n)
        item = _object(raw, path, {"if", "then"}, {"if", "then"})
        when_raw = _object(item["if"], _join(path, "if"), set(options_of))
        then_raw = _object(item["then"], _join(path, "then"), set(options_of))
        if not when_raw:
            raise ProblemFileError(_join(path, "if"), "needs at least one point")
        if not then_raw:
            raise ProblemFileError(_join(path, "then"), "needs at least one point")
        when: dict[str, str] = {}
        for point_id, option in when_raw.items():
            where = _join(_join(path, "if"), point_id)
            if option not in options_of[point_id]:
                raise ProblemFileError(where, f"unknown option {option!r}")
            when[point_id] = option
        then: dict[str, tuple[str, ...]] = {}
        for point_id, options in then_raw.items():
            where = _join(_join(path, "then"), point_id)
            listed = _list(options, where)
            if not listed:
                raise ProblemFileError(where, "needs at least one option")
            for k, option in enumerate(listed):
                if option not in options_of[point_id]:
                    raise ProblemFileError(_join(where, k), f"unknown option {option!r}")
            then[point_id] = tuple(listed)
        links.append(Link(when, then))
    return Problem(tuple(parties), tuple(points), preferences, tuple(links))


def _preference(raw: Any, path: str, options: tuple[str, ...]) -> Preference:
    item = _object(raw, path, {"weight", "scores", "unacceptable"}, {"scores"})
    weight = _number(item.get("weight", 1.0), _join(path, "weight"), 0.0, math.inf)
    scores_raw = _object(item["scores"], _join(path, "scores"), set(options))
    scores: dict[str, float] = {}
    for option in options:
        where = _join(_join(path, "scores"), option)
        if option not in scores_raw:
            raise ProblemFileError(where, "missing: an entry must score every option of its point")
        scores[option] = _number(scores_raw[option], where)
    red: set[str] = set()
    for k, option in enumerate(_list(item.get("unacceptable", []), _join(path, "unacceptable"))):
        if option not in options:
            raise ProblemFileError(
                _join(_join(path, "unacceptable"), k), f"unknown option {option!r}"
            )
        red.add(option)
    return Preference(weight, scores, frozenset(red))


def problem_to_dict(problem: Problem) -> dict[str, Any]:
    """The problem as decoded ``onetext-problem/1`` JSON."""
    parties = []
    for party in problem.parties:
        entry: dict[str, Any] = {"id": party.id, "reservation": party.reservation}
        if party.disagreement is not None:
            entry["disagreement"] = party.disagreement
        parties.append(entry)
    points = []
    for point in problem.points:
        item: dict[str, Any] = {"id": point.id, "options": list(point.options)}
        if point.label is not None:
            item["label"] = point.label
        points.append(item)
    preferences = {
        party.id: {
            point.id: {
                "weight": pref.weight,
                "scores": {o: pref.scores[o] for o in point.options},
                **(
                    {"unacceptable": [o for o in point.options if o in pref.unacceptable]}
                    if pref.unacceptable
                    else {}
                ),
            }
            for point in problem.points
            if (pref := problem.preferences.get(party.id, {}).get(point.id)) is not None
        }
        for party in problem.parties
    }
    data: dict[str, Any] = {
        "format": FORMAT,
        "parties": parties,
        "points": points,
        "preferences": preferences,
    }
    if problem.links:
        data["links"] = [
            {"if": dict(link.when), "then": {k: list(v) for k, v in link.then.items()}}
            for link in problem.links
        ]
    return data


def problem_to_json(problem: Problem) -> str:
    return json.dumps(problem_to_dict(problem), indent=2, ensure_ascii=False) + "\n"
