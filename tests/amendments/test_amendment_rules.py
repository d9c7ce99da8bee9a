"""The pure rules of amendments: consolidation (property tests over random texts and
amendments), the citation of an inserted unit, the words people type, and who reads
an amendment (held to the threat model written out, not asked of ``access``)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from onetext.access import Actor, amendment_readable
from onetext.errors import Conflict, InvalidInput
from onetext.model import Role, Visibility
from onetext.model.amendment import (
    AmendmentKind,
    Decision,
    UnitChange,
    consolidate,
    inserted_label,
)
from onetext.model.document import validate_label

words = st.text(alphabet="abcdefghij klmn", min_size=1, max_size=30).map(str.strip).filter(bool)
labels = st.sampled_from(["1", "2", "3", "4bis", "3(a)", "3(b)", "Article 5", "12", "7.2", "A"])


@st.composite
def texts_and_changes(draw: st.DrawFn) -> tuple[list[tuple[str, str, str]], list[UnitChange]]:
    chosen = draw(st.lists(labels, min_size=1, max_size=8, unique=True))
    units = [(f"u{i}", label, draw(words)) for i, label in enumerate(chosen)]
    changes: list[UnitChange] = []
    counter = 0
    for uid, _label, _text in units:
        plan = draw(st.sampled_from(["none", "replace", "delete", "alt", "insert", "mix"]))
        kinds: list[AmendmentKind] = {
            "none": [],
            "replace": [AmendmentKind.REPLACE],
            "delete": [AmendmentKind.DELETE],
            "alt": [AmendmentKind.ALTERNATIVE],
            "insert": [AmendmentKind.INSERT, AmendmentKind.INSERT],
            "mix": [AmendmentKind.REPLACE, AmendmentKind.ALTERNATIVE, AmendmentKind.INSERT],
        }[plan]
        for kind in kinds:
            counter += 1
            wording = "" if kind is AmendmentKind.DELETE else draw(words) + f" w{counter}"
            changes.append(UnitChange(f"amd{counter}", uid, kind, wording))
    return units, draw(st.permutations(changes))


@settings(max_examples=150, deadline=None)
@given(texts_and_changes())
def test_consolidation_writes_in_every_change_and_nothing_else(
    case: tuple[list[tuple[str, str, str]], list[UnitChange]],
) -> None:
    units, changes = case
    deleted = {c.target for c in changes if c.kind is AmendmentKind.DELETE}
    if len(deleted) == len(units) and not any(c.kind is AmendmentKind.INSERT for c in changes):
        with pytest.raises(Conflict):
            consolidate(units, changes)
        return
    result = consolidate(units, changes)
    # kept units: same identity, same order, deleted ones gone
    kept = [u.uid for u in result if u.uid is not None]
    assert kept == [uid for uid, _l, _t in units if uid not in deleted]
    # every citation is unique and one a draft can print
    assert len({u.label for u in result}) == len(result)
    for unit in result:
        validate_label(unit.label)
    # each change shows up exactly once (a deletion by the unit's absence)
    sources = [a for u in result for a in u.sources]
    assert sorted(sources) == sorted(
        c.amendment for c in changes if c.kind is not AmendmentKind.DELETE
    )
    text_of = {uid: text for uid, _l, text in units}
    for unit in result:
        mine = [c for c in changes if c.amendment in unit.sources]
        if unit.uid is None:  # an inserted unit follows its base (or the base's place)
            assert [c.kind for c in mine] == [AmendmentKind.INSERT]
            assert unit.text == mine[0].wording
            continue
        new_wording = [c.wording for c in mine if c.kind is AmendmentKind.REPLACE]
        alternatives = [c.wording for c in mine if c.kind is AmendmentKind.ALTERNATIVE]
        base = new_wording[0] if new_wording else text_of[unit.uid]
        if alternatives:
            assert unit.text.startswith(f"[{base}]")
            assert all(f"[{a}]" in unit.text for a in alternatives)
        else:
            assert unit.text == base
    order = [u.uid or f"after:{u.base}" for u in result]
    for unit in result:
        if unit.uid is None and unit.base not in deleted:
            assert order.index(f"after:{unit.base}") > order.index(unit.base)


def test_two_wordings_for_one_unit_or_a_deletion_beside_a_rewording_are_conflicts() -> None:
    units = [("u1", "1", "old"), ("u2", "2", "other")]
    with pytest.raises(Conflict, match="amendments a, b give unit 1 different wordings"):
        consolidate(units, [UnitChange("a", "u1", AmendmentKind.REPLACE, "x"),
                            UnitChange("b", "u1", AmendmentKind.REPLACE, "y")])  # fmt: skip
    with pytest.raises(Conflict, match="both delete and reword unit 1"):
        consolidate(units, [UnitChange("a", "u1", AmendmentKind.DELETE, ""),
                            UnitChange("b", "u1", AmendmentKind.ALTERNATIVE, "y")])  # fmt: skip
    same = consolidate(units, [UnitChange("a", "u1", AmendmentKind.REPLACE, "x"),
                               UnitChange("b", "u1", AmendmentKind.REPLACE, "x")])  # fmt: skip
    assert same[0].text == "x" and same[0].sources == ("a", "b")
    with pytest.raises(InvalidInput, match="not in this version"):
        consolidate(units, [UnitChange("a", "u9", AmendmentKind.DELETE, "")])


@given(labels, st.sets(st.sampled_from(["4bis", "4ter", "3(abis)", "3(ater)", "1bis"])))
def test_an_inserted_unit_gets_a_free_printable_citation(after: str, taken: set[str]) -> None:
    label = inserted_label(after, taken)
    assert label not in taken and validate_label(label) == label


def test_inserted_citations_follow_treaty_practice() -> None:
    assert inserted_label("4", set()) == "4bis"
    assert inserted_label("4", {"4bis"}) == "4ter"
    assert inserted_label("3(a)", set()) == "3(abis)"
    assert inserted_label("3(iii)", {"3(iiibis)", "3(iiiter)"}) == "3(iii2)"


def test_the_words_people_type_are_read_or_refused_in_one_line() -> None:
    assert AmendmentKind.parse("Insert-After") is AmendmentKind.INSERT
    assert AmendmentKind.parse(" bracket ") is AmendmentKind.ALTERNATIVE
    assert Decision.parse("Merge") is Decision.MERGED
    with pytest.raises(InvalidInput, match="expected replace, insert, delete or alternative"):
        AmendmentKind.parse("rewrite")
    with pytest.raises(InvalidInput, match="expected accept, reject or merge"):
        Decision.parse("maybe")


actors = st.one_of(
    st.builds(
        Actor,
        handle=st.just("someone"),
        role=st.sampled_from(list(Role)),
        party=st.sampled_from([None, "north", "south", "envoy", "press"]),
    ),
    st.just(Actor.system_operator()),
)


@given(actors, st.sampled_from(["north", "south", "envoy"]), st.sampled_from(list(Visibility)))
def test_who_reads_an_amendment_is_the_threat_model(
    actor: Actor, owner: str, visibility: Visibility
) -> None:
    own_party = not actor.operator and actor.party == owner and actor.role is not Role.OBSERVER
    secretariat = actor.operator or actor.role is Role.MEDIATOR
    expected = {
        Visibility.PRIVATE: own_party,
        Visibility.CAUCUS: own_party or secretariat,
        Visibility.JOINT: True,
    }[visibility]
    assert amendment_readable(actor, owner, visibility.value) is expected
