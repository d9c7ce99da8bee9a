"""The onetext-problem/1 format: round trip, and errors that name the entry."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from onetext.errors import ProblemFileError
from onetext.solve import parse_problem, problem_from_json, problem_to_dict, problem_to_json

GOOD: dict[str, Any] = {
    "format": "onetext-problem/1",
    "parties": [{"id": "north", "reservation": 30, "disagreement": 20}, {"id": "south"}],
    "points": [
        {"id": "p1", "options": ["a", "b", "drop"]},
        {"id": "p3", "options": ["b", "c"], "label": "3"},
    ],
    "preferences": {
        "north": {
            "p1": {
                "weight": 2.0,
                "scores": {"a": 100, "b": 40, "drop": 0},
                "unacceptable": ["drop"],
            },
            "p3": {"scores": {"b": 50, "c": 60}},
        },
        "south": {"p1": {"weight": 1, "scores": {"a": 0, "b": 70, "drop": 100}}},
    },
    "links": [{"if": {"p1": "a"}, "then": {"p3": ["b", "c"]}}],
}


def test_round_trip_keeps_everything() -> None:
    problem = parse_problem(GOOD)
    again = problem_from_json(problem_to_json(problem))
    assert problem_to_dict(again) == problem_to_dict(problem)
    assert again.party("north").disagreement_point == 20
    assert again.party("south").disagreement_point == 0
    assert again.preferences["north"]["p3"].weight == 1.0  # default weight
    assert again.point("p3").display == "3"


def _broken(edit: Any) -> dict[str, Any]:
    data = copy.deepcopy(GOOD)
    edit(data)
    return data


@pytest.mark.parametrize(
    ("edit", "path"),
    [
        (lambda d: d.update(format="onetext-problem/2"), "format"),
        (lambda d: d.pop("parties"), "parties"),
        (lambda d: d["parties"][1].update(reservation=120), "parties[1].reservation"),
        (lambda d: d["parties"][0].update(id=""), "parties[0].id"),
        (lambda d: d["parties"].append({"id": "north"}), "parties[2].id"),
        (lambda d: d["points"][0].update(options=[]), "points[0].options"),
        (lambda d: d["points"][1].update(options=["b", "b"]), "points[1].options"),
        (lambda d: d["points"][0].update(colour="red"), "points[0].colour"),
        (
            lambda d: d["preferences"]["north"]["p1"]["scores"].pop("b"),
            "preferences.north.p1.scores.b",
        ),
        (
            lambda d: d["preferences"]["north"]["p1"]["scores"].update(b="x"),
            "preferences.north.p1.scores.b",
        ),
        (
            lambda d: d["preferences"]["north"]["p1"]["scores"].update(z=3),
            "preferences.north.p1.scores.z",
        ),
        (
            lambda d: d["preferences"]["north"]["p1"].update(weight=-1),
            "preferences.north.p1.weight",
        ),
        (
            lambda d: d["preferences"]["north"]["p1"].update(unacceptable=["q"]),
            "preferences.north.p1.unacceptable[0]",
        ),
        (lambda d: d["preferences"]["north"].update(p9={"scores": {}}), "preferences.north.p9"),
        (lambda d: d["preferences"].pop("south"), "preferences.south"),
        (lambda d: d["preferences"].update(east={}), "preferences.east"),
        (
            lambda d: d["preferences"]["north"]["p1"].update(scores=[1]),
            "preferences.north.p1.scores",
        ),
        (lambda d: d["links"][0]["if"].update(p1="zz"), "links[0].if.p1"),
        (lambda d: d["links"][0]["then"].update(p3=["b", "q"]), "links[0].then.p3[1]"),
        (lambda d: d["links"][0].pop("then"), "links[0].then"),
        (lambda d: d["preferences"]["south"]["p1"].update(weight=0), "preferences.south"),
    ],
)
def test_bad_entries_are_named_by_path(edit: Any, path: str) -> None:
    with pytest.raises(ProblemFileError) as caught:
        parse_problem(_broken(edit))
    assert caught.value.path == path
    assert str(caught.value).startswith(path)
    assert "\n" not in str(caught.value)


def test_not_json_and_not_an_object() -> None:
    with pytest.raises(ProblemFileError, match="not valid JSON"):
        problem_from_json("{")
    with pytest.raises(ProblemFileError, match="expected an object"):
        problem_from_json(json.dumps([1, 2]))
