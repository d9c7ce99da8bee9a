"""Alignment of version pairs in the shapes real negotiating texts take.

Hand-written fixtures (fictional states, our own wording) in the shapes of real
pairs: two English translations of one six-point statement by different
translators; a twenty-point plan and its counter-proposal (numbers and names
changed, points grown by a sentence); a treaty draft with bracketed options and
its adopted text (brackets settled, two articles merged, one inserted). And the
demo's own history, framework@1 to framework@2, against the round record.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generators.edit_scripts import DraftPoint
from onetext.demo import __file__ as demo_init
from onetext.formats.drafts import load_draft
from onetext.text.align import ChangeKind, align

PAIRS = Path(__file__).parent / "fixtures" / "real_pairs"
DEMO = Path(demo_init).parent


def _changes(old: Path, new: Path) -> list[tuple[str, list[str], list[str]]]:
    alignment = align(load_draft(old).points, load_draft(new).points)
    return [(c["kind"], c["old"], c["new"]) for c in alignment.to_json()["changes"]]


def test_align_two_translations_of_one_statement_pair_point_by_point() -> None:
    found = _changes(PAIRS / "statement_translation_a.txt", PAIRS / "statement_translation_b.txt")
    assert found == [("reworded", [str(k)], [str(k)]) for k in range(1, 7)]


def test_align_translations_pair_by_content_and_place_whatever_the_numbers() -> None:
    # The second translator numbers from 11 and adds a point at the front.
    old = load_draft(PAIRS / "statement_translation_a.txt").points
    new = load_draft(PAIRS / "statement_translation_b.txt").points
    extra = DraftPoint("10", "The Group welcomes the readiness of both sides to meet again.")
    renumbered = [extra, *(DraftPoint(str(11 + k), p.text) for k, p in enumerate(new))]
    alignment = align(old, renumbered)
    assert alignment.old_to_new() == {i: (i + 1,) for i in range(6)}
    assert alignment.counts()[ChangeKind.ADDED] == 1


PLAN_EXPECTED = [
    *[("reworded", [str(k)], [str(k)]) for k in range(1, 17)],
    ("unchanged", ["17"], ["17"]),
    ("unchanged", ["18"], ["18"]),
    ("reworded", ["19"], ["19"]),
    ("reworded", ["20"], ["20"]),
    ("added", [], ["21"]),
]


def test_align_plan_and_counter_proposal_pair_every_point() -> None:
    found = _changes(PAIRS / "plan_20.md", PAIRS / "plan_20_counter.md")
    assert found == PLAN_EXPECTED


def test_align_plan_number_and_name_changes_read_as_replacements() -> None:
    alignment = align(
        load_draft(PAIRS / "plan_20.md").points, load_draft(PAIRS / "plan_20_counter.md").points
    )
    data = {c["old"][0]: c for c in alignment.to_json()["changes"] if c["old"]}
    six = data["6"]["redline"]
    assert {"op": "delete", "text": "600,000 "} in six and {
        "op": "insert",
        "text": "800,000 ",
    } in six
    two = data["2"]["redline"]
    assert [s["text"].strip() for s in two if s["op"] != "equal"] == ["Europe", "NATO"]


TREATY_EXPECTED = [
    ("unchanged", ["1"], ["1"]),
    ("reworded", ["2"], ["2"]),
    ("reworded", ["3"], ["3"]),
    ("merged", ["4", "5"], ["4"]),
    ("reworded", ["6"], ["5"]),
    ("reworded", ["7"], ["6"]),
    ("reworded", ["8"], ["7"]),
    ("reworded", ["9"], ["8"]),
    ("added", [], ["9"]),
    ("reworded", ["10"], ["10"]),
    ("reworded", ["11"], ["11"]),
]


def test_align_treaty_draft_and_adopted_text() -> None:
    old, new = PAIRS / "treaty_draft.txt", PAIRS / "treaty_adopted.txt"
    assert _changes(old, new) == TREATY_EXPECTED
    alignment = align(load_draft(old).points, load_draft(new).points)
    first = alignment.changes[0]
    # Straight quotes became curly ones in the adopted text: typography only.
    assert first.typographic and not first.text_changed and not first.reconfirm


def test_align_demo_framework_round_matches_the_round_record() -> None:
    scenario = json.loads((DEMO / "scenario.json").read_text(encoding="utf-8"))
    produced = next(r for r in scenario["rounds"] if "framework@2" in r["produced"])
    assert "points 13, 17 and 18 dropped, several points merged" in produced["outcome"]
    old = load_draft(DEMO / "framework-28.md").points
    new = load_draft(DEMO / "refined-19.md").points
    alignment = align(old, new)
    changes = [(c["kind"], c["old"], c["new"]) for c in alignment.to_json()["changes"]]
    removed = [old for kind, old, _ in changes if kind == "removed"]
    assert removed == [["13"], ["17"], ["18"]]  # dropped, as recorded
    assert not [new for kind, _, new in changes if kind == "added"]  # nothing new
    merged = [(old, new) for kind, old, new in changes if kind == "merged"]
    assert merged == [
        (["3", "5"], ["3"]),
        (["9", "10"], ["8"]),
        (["14", "15"], ["11"]),
        (["19", "20"], ["13"]),
        (["22", "23"], ["15"]),
        (["26", "27"], ["18"]),
    ]
    pairs = {old[0]: new[0] for kind, old, new in changes if len(old) == 1 and len(new) == 1}
    assert pairs["16"] == "12" and pairs["25"] == "17"  # corridors, amnesty: reworded
    assert alignment.counts()[ChangeKind.REWORDED] == 11


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("The Party's rights.", "The Party\u2019s rights."),
        ("Applied *mutatis mutandis* to both.", "Applied mutatis mutandis to both."),
        (
            "A buffer zone - 15 km - shall apply.",
            "A buffer zone \u2013 15\u00a0km \u2013 shall apply.",
        ),
        ('The "all for all" rule.', "The \u201call for all\u201d rule."),
    ],
)
def test_align_typographic_changes_are_unchanged_with_a_flag(before: str, after: str) -> None:
    (change,) = align([DraftPoint("1", before)], [DraftPoint("1", after)]).changes
    assert (change.kind, change.typographic, change.similarity) == (
        ChangeKind.UNCHANGED,
        True,
        1.0,
    )
    (real,) = align([DraftPoint("1", before)], [DraftPoint("1", before + " Now.")]).changes
    assert real.kind is ChangeKind.REWORDED and not real.typographic


SHORT_A = [
    "The parties renounce the use of force.",
    "All combat operations stop for good.",
    "Relief supplies may move freely.",
    "Forces of the North return to their barracks.",
    "Forces of the South return to the positions held before the fighting; until monitors"
    " arrive, the South's peacekeepers take extra security measures.",
    "Talks begin on lasting security arrangements for the two valleys.",
]
SHORT_B = [
    "No recourse to arms.",
    "Definitive end of hostilities.",
    "Unhindered humanitarian access.",
    "Northern troops shall withdraw to their usual bases.",
    "Southern troops shall withdraw to the lines held before the outbreak of hostilities;"
    " pending an international mechanism, Southern peacekeepers shall implement additional"
    " security measures.",
    "Opening of international discussions on stability in both valleys.",
]


def _numbered(texts: list[str]) -> list[DraftPoint]:
    return [DraftPoint(str(k + 1), text) for k, text in enumerate(texts)]


def test_align_short_translated_points_pair_by_place_when_words_say_nothing() -> None:
    # Points 1 and 2 share no word with their other translation: the structure of two
    # versions of one text (as many points, the same labels, neighbours paired) decides.
    alignment = align(_numbered(SHORT_A), _numbered(SHORT_B))
    assert alignment.old_to_new() == {i: (i,) for i in range(6)}
    assert {c.kind for c in alignment.changes} == {ChangeKind.REWORDED}


def test_align_a_replaced_point_in_a_grown_text_stays_removed_and_added() -> None:
    # Not two versions of one text: two points more. A point with no word in common with
    # the one it replaced is a removal and an addition, not a rewording.
    new = [
        SHORT_A[0],
        "Fishing quotas in the lake are set each year by the joint board.",
        *SHORT_A[2:],
        "A donor conference is convened within three months.",
        "This statement is published in both languages.",
    ]
    found = align(_numbered(SHORT_A), _numbered(new)).to_json(show_all=False)["changes"]
    assert [(c["kind"], c["old"], c["new"]) for c in found] == [
        ("removed", ["2"], []),
        ("added", [], ["2"]),
        ("added", [], ["7"]),
        ("added", [], ["8"]),
    ]
