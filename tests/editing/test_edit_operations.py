"""The structured edits of ``text.editing``, on hand-written units in the shapes real
negotiating texts have (nested brackets, Option blocks, footnotes, items) and on
generated ones: each edit keeps the grammar's reading of the text consistent."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onetext.errors import InvalidInput
from onetext.text.brackets import alternative_spans, extract_options
from onetext.text.editing import (
    DraftUnit,
    EditOperation,
    add_alternative,
    apply_operation,
    bracket_problem,
    next_label,
    read_back,
    read_back_problem,
    remove_alternative,
)

# hand-written units in the styles of UN drafts, peace frameworks and coalition texts
UNITS = [
    "Parties [shall][should] [enhance][strengthen] their efforts.",
    "The mission [shall observe [weekly][daily]] and report to the Council.",
    "Developed country Parties [shall][should] provide finance[^3] [Note: placeholder].",
    "Each Party shall:\n(a) report annually;\n(b) [review its targets][revise its targets].",
    "Decides on the following:\nOption 1: a review in 2028;\nOption 2: no review;",
    "[Alt 4.2: The Conference of the Parties may decide otherwise.]",
    "Financing: 1.5 per cent [of GDP][of gross national income] by 2030.",
    "Les Parties [doivent][devraient] coopérer.",
]


@pytest.mark.parametrize("text", UNITS)
def test_every_alternative_has_a_span_that_holds_its_words(text: str) -> None:
    options = {o.key: o for o in extract_options("1", text)}
    spans = alternative_spans(text)
    assert spans, text
    for span in spans:
        words = text[span.start : span.end]
        assert options[span.key].text in words
        assert options[span.key].group == span.group


@pytest.mark.parametrize("text", UNITS)
def test_hand_written_units_read_back_as_typed(text: str) -> None:
    unit = DraftUnit(None, "4", text)
    read = read_back(unit)
    assert read.split() == text.split()
    assert extract_options("4", read) == extract_options("4", text)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("The parties [shall meet.", "'[' is never closed (line 1, column 13)"),
        (
            "The parties\nshall] meet.",
            "']' closes a bracket that was never opened (line 2, column 6)",
        ),
        ("The parties meet.\n2. A second paragraph.", "would read back as 2 units"),
        ("The parties meet.\nArticle 5 — Entry into force", "would not read back as typed"),
        ("The parties meet.\nArticle 5 — Entry\nIt enters into force.", "read back as 2 units"),
        ("GENERAL PROVISIONS\nThe parties meet.", "would not read back as typed"),
        ("   ", "needs some wording"),
    ],
)
def test_what_would_not_read_back_is_refused_with_the_reason(text: str, reason: str) -> None:
    problem = read_back_problem(DraftUnit(None, "4", text))
    assert problem is not None and reason in problem


def test_remove_one_of_two_alternatives_leaves_the_other_as_plain_wording() -> None:
    unit = DraftUnit("p", "2", "A mission shall observe the line [weekly][daily].")
    assert remove_alternative(unit, "a").text == "A mission shall observe the line daily."
    assert remove_alternative(unit, "b").text == "A mission shall observe the line weekly."


def test_remove_from_three_keeps_a_choice_of_two() -> None:
    unit = DraftUnit("p", "2", "Observe [weekly] / [daily] / [monthly].")
    changed = remove_alternative(unit, "b")
    assert [o.text for o in extract_options("2", changed.text)] == ["weekly", "monthly"]


def test_a_lone_phrase_is_kept_or_left_out() -> None:
    unit = DraftUnit("p", "2", "A [robust] mission.")
    assert remove_alternative(unit, "a").text == "A mission."
    assert remove_alternative(unit, "none").text == "A robust mission."


def test_a_nested_choice_is_edited_inside_its_phrase() -> None:
    unit = DraftUnit("p", "2", "The mission [shall observe [weekly][daily]] and report.")
    changed = remove_alternative(unit, "2a")
    assert changed.text == "The mission [shall observe daily] and report."
    added = add_alternative(unit, wording="monthly", to="2b")
    assert [o.text for o in extract_options("2", added.text) if o.group == 2] == [
        "weekly",
        "daily",
        "monthly",
    ]


def test_option_blocks_get_and_lose_an_option() -> None:
    unit = DraftUnit("p", "7", "Decides:\nOption 1: a review in 2028;\nOption 2: no review;")
    added = add_alternative(unit, wording="a review in 2030;", to="a")
    assert [o.text for o in extract_options("7", added.text)][-1] == "a review in 2030;"
    removed = remove_alternative(added, "b")
    assert "no review" not in removed.text
    assert len(extract_options("7", removed.text)) == 2


def test_bracketing_a_phrase_makes_a_new_choice() -> None:
    unit = DraftUnit("p", "1", "The parties shall cease all hostilities.")
    changed = add_alternative(unit, phrase="shall", wording="should")
    assert changed.text == "The parties [shall][should] cease all hostilities."
    assert [o.key for o in extract_options("1", changed.text)] == ["a", "b"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"phrase": "absent words", "wording": "x"}, "does not contain the phrase"),
        ({"phrase": "", "wording": "x"}, "name the phrase"),
        ({"to": "z", "wording": "x"}, "has no alternative 'z'"),
        ({"phrase": "shall", "wording": "[nested"}, "may not contain brackets"),
    ],
)
def test_an_alternative_that_cannot_be_added_is_refused(
    kwargs: dict[str, str], message: str
) -> None:
    unit = DraftUnit("p", "1", "The parties shall [meet][gather].")
    with pytest.raises(InvalidInput, match=message):
        add_alternative(unit, **kwargs)


def test_an_unbalanced_unit_takes_no_alternative_edit() -> None:
    unit = DraftUnit("p", "1", "The parties [shall meet.")
    with pytest.raises(InvalidInput, match="line 1, column 13"):
        add_alternative(unit, phrase="meet", wording="gather")
    with pytest.raises(InvalidInput, match="unbalanced"):
        remove_alternative(unit, "a")


def test_labels_for_inserted_units() -> None:
    assert next_label("2", ["1", "2", "3"]) == "2bis"
    assert next_label("2", ["2", "2bis"]) == "2ter"
    assert next_label("2bis", ["2", "2bis", "2ter"]) == "2quater"
    assert next_label("4.2", ["4.2"]) == "4.2bis"


unit_texts = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=40
)
drafts = st.lists(
    st.builds(DraftUnit, st.one_of(st.none(), st.uuids().map(str)), st.just("1"), unit_texts),
    min_size=1,
    max_size=8,
)


@given(drafts, st.data())
def test_structural_edits_keep_every_other_unit(
    units: list[DraftUnit], data: st.DataObject
) -> None:
    index = data.draw(st.integers(0, len(units) - 1))
    kind = data.draw(st.sampled_from(["insert", "delete", "up", "down"]))
    try:
        after = apply_operation(units, EditOperation(kind, index))
    except InvalidInput:
        assert kind in ("up", "down") and index in (0, len(units) - 1)
        return
    if kind == "insert":
        assert len(after) == len(units) + 1 and after[index + 1].point is None
        assert [u for u in after if u is not after[index + 1]] == units
    elif kind == "delete":
        assert list(after) == units[:index] + units[index + 1 :]
    else:
        assert sorted(map(repr, after)) == sorted(map(repr, units))
        target = index - 1 if kind == "up" else index + 1
        assert after[target] == units[index]


words = st.text(alphabet="abcdefghij klmno", min_size=1, max_size=12).filter(
    lambda w: w.strip() != ""
)


@given(st.lists(words, min_size=2, max_size=5), words, st.data())
def test_adding_then_removing_an_alternative_gives_the_choice_back(
    choice: list[str], extra: str, data: st.DataObject
) -> None:
    text = "The parties " + "".join(f"[{w.strip()}]" for w in choice) + " agree."
    unit = DraftUnit("p", "1", text)
    added = add_alternative(unit, wording=extra, to="a")
    options = [o.text for o in extract_options("1", added.text)]
    assert options == [w.strip() for w in choice] + [extra.strip()]
    key = chr(ord("a") + len(choice))
    assert remove_alternative(added, key).text == text
    gone = data.draw(st.integers(0, len(choice) - 1))
    removed = remove_alternative(unit, chr(ord("a") + gone))
    assert bracket_problem(removed.text) is None
    left = [o.text for o in extract_options("1", removed.text)]
    if len(choice) > 2:
        assert left == [w.strip() for i, w in enumerate(choice) if i != gone]
    else:
        assert left == [] and choice[1 - gone].strip() in removed.text
