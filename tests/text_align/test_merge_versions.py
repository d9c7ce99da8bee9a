"""Three-way merge of counter-drafts against their common base, by point uid."""

from __future__ import annotations

import random
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from onetext.model import Point
from onetext.text.merge import ConflictKind, Side, describe_conflict, merge_versions

BASE = (
    Point("a", "1", "The Parties shall observe a complete cessation of hostilities."),
    Point("b", "2", "All heavy weapons shall be withdrawn thirty kilometres from the line."),
    Point("c", "3", "The Parties shall release all detained persons."),
    Point("d", "4", "A Joint Monitoring Commission shall be established within seven days."),
)


def _edit(point: Point, text: str) -> Point:
    return replace(point, text=text)


def test_merge_one_sided_changes_merge_cleanly() -> None:
    ours = (
        BASE[0],
        _edit(BASE[1], "All heavy weapons shall be withdrawn forty kilometres."),
        *BASE[2:],
    )
    theirs = (
        *BASE[:2],
        _edit(BASE[2], "The Parties shall release all detained persons at once."),
        BASE[3],
    )
    result = merge_versions(BASE, ours, theirs)
    assert result.clean
    assert [(m.uid, m.source) for m in result.points] == [
        ("a", Side.BASE),
        ("b", Side.OURS),
        ("c", Side.THEIRS),
        ("d", Side.BASE),
    ]
    assert result.points[1].point.text.endswith("forty kilometres.")
    assert result.points[2].point.text.endswith("at once.")


def test_merge_changes_on_both_sides_become_a_conflict_with_both_texts() -> None:
    ours = (BASE[0], _edit(BASE[1], "Withdrawal to forty kilometres."), *BASE[2:])
    theirs = (BASE[0], _edit(BASE[1], "Withdrawal to twenty kilometres."), *BASE[2:])
    result = merge_versions(BASE, ours, theirs)
    (conflict,) = result.conflicts
    assert conflict.kind is ConflictKind.BOTH_CHANGED
    assert conflict.ours is not None and conflict.theirs is not None
    assert (conflict.ours.text, conflict.theirs.text) == (
        "Withdrawal to forty kilometres.",
        "Withdrawal to twenty kilometres.",
    )
    assert conflict.base == BASE[1]
    assert [m.uid for m in result.points if m.conflict] == ["b"]
    assert describe_conflict(conflict) == "point 2: changed differently on both sides"


def test_merge_same_change_on_both_sides_is_clean() -> None:
    same = _edit(BASE[1], "Withdrawal to forty kilometres.")
    result = merge_versions(BASE, (BASE[0], same, *BASE[2:]), (BASE[0], same, *BASE[2:]))
    assert result.clean and result.points[1].source is Side.BOTH


def test_merge_removals_additions_and_renumbering() -> None:
    # Ours removes c and renumbers d; theirs adds e after c and changes d.
    ours = (BASE[0], BASE[1], replace(BASE[3], label="3"))
    theirs = (
        *BASE[:3],
        Point("e", "3bis", "Humanitarian corridors shall stay open."),
        _edit(BASE[3], "The Commission shall be established within five days."),
    )
    result = merge_versions(BASE, ours, theirs)
    assert result.clean
    assert [m.uid for m in result.points] == ["a", "b", "e", "d"]
    assert [(r.uid, r.by) for r in result.removed] == [("c", Side.OURS)]
    assert result.points[3].point.text.endswith("five days.")


def test_merge_removed_on_one_side_changed_on_the_other_is_a_conflict() -> None:
    ours = (BASE[0], *BASE[2:])
    theirs = (BASE[0], _edit(BASE[1], "Withdrawal to forty kilometres."), *BASE[2:])
    result = merge_versions(BASE, ours, theirs)
    (conflict,) = result.conflicts
    assert conflict.kind is ConflictKind.CHANGED_AND_REMOVED and conflict.ours is None
    assert [m.uid for m in result.points] == ["a", "b", "c", "d"]
    assert result.removed == ()


def test_merge_reordering_on_one_side_is_kept() -> None:
    theirs = (BASE[3], *BASE[:3])
    result = merge_versions(BASE, BASE, theirs)
    assert [m.uid for m in result.points] == ["d", "a", "b", "c"]


def _random_line(base: tuple[Point, ...], rng: random.Random, tag: str) -> tuple[Point, ...]:
    points = list(base)
    for step in range(rng.randint(0, 6)):
        move = rng.random()
        if move < 0.3 and points:
            k = rng.randrange(len(points))
            points[k] = _edit(points[k], points[k].text + f" {tag} edit {step}.")
        elif move < 0.5 and points:
            del points[rng.randrange(len(points))]
        elif move < 0.7:
            points.insert(rng.randint(0, len(points)), Point(f"{tag}{step}", "1", f"New {tag}."))
        elif points:
            points.insert(rng.randint(0, len(points) - 1), points.pop(rng.randrange(len(points))))
    return tuple(points)


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 10**6), st.integers(0, 8))
def test_merge_never_drops_a_point(seed: int, size: int) -> None:
    rng = random.Random(seed)
    base = tuple(Point(f"p{k}", str(k + 1), f"Clause {k} of the base text.") for k in range(size))
    ours, theirs = _random_line(base, rng, "o"), _random_line(base, rng, "t")
    result = merge_versions(base, ours, theirs)
    kept = [m.uid for m in result.points]
    gone = {r.uid for r in result.removed}
    everyone = {p.uid for p in (*base, *ours, *theirs)}
    assert len(kept) == len(set(kept))
    assert set(kept) | gone == everyone and not set(kept) & gone
    # A point leaves only if no side changed it; a changed text is never lost.
    by_uid = {p.uid: p for p in base}
    for removal in result.removed:
        for side in (ours, theirs):
            assert all(p.text == by_uid[removal.uid].text for p in side if p.uid == removal.uid)
    texts = {m.point.text for m in result.points}
    texts |= {p.text for c in result.conflicts for p in (c.ours, c.theirs) if p is not None}
    for side in (ours, theirs):
        changed = [p for p in side if p.uid not in by_uid or p.text != by_uid[p.uid].text]
        assert all(p.text in texts for p in changed)
    assert {c.uid for c in result.conflicts} <= set(kept)
