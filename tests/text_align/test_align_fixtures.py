"""Alignment of hand-written drafts in the style of a real ceasefire framework."""

from __future__ import annotations

from pathlib import Path

import pytest

from onetext.formats.drafts import load_draft
from onetext.model import Point
from onetext.text.align import Alignment, ChangeKind, align
from onetext.text.parse import ParsedPoint

FIXTURES = Path(__file__).parent / "fixtures"

# What the Mediator changed between the first and second round (see the files).
EXPECTED = [
    ("unchanged", ["1"], ["1"]),
    ("reworded", ["2"], ["2"]),
    ("split", ["3"], ["3", "4"]),
    ("merged", ["4", "5"], ["5"]),
    ("removed", ["6"], []),
    ("renumbered", ["8"], ["6"]),
    ("renumbered", ["9"], ["7"]),
    ("renumbered", ["10"], ["8"]),
    ("renumbered", ["11"], ["9"]),
    ("renumbered", ["12"], ["10"]),
    ("added", [], ["11"]),
    ("renumbered", ["13"], ["12"]),
    ("moved", ["7"], ["13"]),
    ("unchanged", ["14"], ["14"]),
]


@pytest.fixture(scope="module")
def rounds() -> Alignment[ParsedPoint]:
    first = load_draft(FIXTURES / "ceasefire_v1.txt")
    second = load_draft(FIXTURES / "ceasefire_v2.txt")
    return align(first.points, second.points)


def test_align_fixture_changes_are_classified_as_drafted(rounds: Alignment[ParsedPoint]) -> None:
    found = [(c["kind"], c["old"], c["new"]) for c in rounds.to_json()["changes"]]
    assert found == EXPECTED


def test_align_fixture_similarities(rounds: Alignment[ParsedPoint]) -> None:
    by_kind = {c.kind: c for c in rounds.changes}
    assert 0.8 < by_kind[ChangeKind.REWORDED].similarity < 0.95
    assert by_kind[ChangeKind.SPLIT].similarity == pytest.approx(1.0)
    assert by_kind[ChangeKind.MOVED].similarity == 1.0
    assert not by_kind[ChangeKind.MOVED].text_changed
    assert by_kind[ChangeKind.ADDED].similarity == 0.0


def test_align_fixture_lineage_carries_uids_and_flags_reconfirmation(
    rounds: Alignment[ParsedPoint],
) -> None:
    uids = [f"p{k}" for k in range(1, 15)]
    lineage = {x.new_index + 1: x for x in rounds.lineage(uids)}
    # Unchanged, renumbered and moved keep their identity and their stances.
    assert (lineage[1].uid, lineage[1].reconfirm) == ("p1", False)
    assert (lineage[6].uid, lineage[6].kind, lineage[6].reconfirm) == (
        "p8",
        ChangeKind.RENUMBERED,
        False,
    )
    assert (lineage[13].uid, lineage[13].reconfirm) == ("p7", False)
    # Reworded keeps its identity, but stances are to be re-confirmed.
    assert (lineage[2].uid, lineage[2].reconfirm) == ("p2", True)
    # Split: the bigger part continues point 3; the other part is new, from p3.
    assert (lineage[3].uid, lineage[3].sources, lineage[3].reconfirm) == ("p3", ("p3",), True)
    assert (lineage[4].uid, lineage[4].sources, lineage[4].reconfirm) == (None, ("p3",), True)
    # Merge: the point that gave most text continues; both are sources.
    assert (lineage[5].uid, lineage[5].sources, lineage[5].reconfirm) == ("p5", ("p4", "p5"), True)
    assert (lineage[11].uid, lineage[11].sources) == (None, ())
    assert "p6" not in {x.uid for x in lineage.values()}
    carried = sorted(k for k, x in lineage.items() if x.carries_stances)
    assert carried == [1, 6, 7, 8, 9, 10, 12, 13, 14]


def test_align_works_on_model_points_too() -> None:
    draft = load_draft(FIXTURES / "ceasefire_v1.txt")
    points = [Point(f"u{k}", p.label, p.text) for k, p in enumerate(draft.points)]
    renumbered = [Point(p.uid, str(int(p.label) + 1), p.text) for p in points]
    kinds = {c.kind for c in align(points, renumbered).changes}
    assert kinds == {ChangeKind.RENUMBERED}


def test_align_case_and_punctuation_only_edits_are_near_exact_rewords() -> None:
    draft = load_draft(FIXTURES / "ceasefire_v1.txt").points
    edited = [
        ParsedPoint(p.label, p.text.upper().replace(",", "") if p.label == "12" else p.text)
        for p in draft
    ]
    change = next(c for c in align(draft, edited).changes if c.old == (11,))
    assert change.kind is ChangeKind.REWORDED
    assert 0.5 < change.similarity < 1.0
