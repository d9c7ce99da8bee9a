"""Variants the mediator writes (``onetext copies --variants FILE``): the checks, the
merge with the automatic sites, and what they add to a short flat draft."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import pytest

from leak_model import quote  # benchmarks/: the independent retyping of a quote
from onetext.errors import InvalidInput
from onetext.formats.drafts import load_draft
from onetext.formats.variants_file import load_variants_file
from onetext.trace.authored import (
    AuthoredPhrase,
    authored_sites,
    capitalised_terms,
    number_values,
    parse_variants,
    with_authored,
)
from onetext.trace.registry import CopyIssue, issue_copies
from onetext.trace.sites import SiteKind, find_sites
from onetext.trace.strength import robust_bits_per_100_words, what_a_short_draft_needs

HERE = Path(__file__).resolve().parent / "authored"
FISHERIES = HERE / "fisheries.md"
FISHERIES_VARIANTS = HERE / "fisheries-variants.json"
CUSTOMS = HERE / "customs-articles.md"
CUSTOMS_VARIANTS = HERE / "customs-variants.json"
TWENTY = [f"Delegation {n:02d}" for n in range(1, 21)]


def test_each_listed_phrase_becomes_one_authored_site_where_the_point_writes_it() -> None:
    draft = load_draft(FISHERIES)
    phrases = load_variants_file(FISHERIES_VARIANTS)
    sites = authored_sites(draft.points, phrases)
    assert len(sites) == len(phrases) == 23
    assert {s.kind for s in sites} == {SiteKind.AUTHORED}
    for site in sites:
        text = draft.points[site.point].text
        assert text[site.start : site.end] == site.variants[0]
        assert site.label == draft.points[site.point].label
        assert site.id.startswith(f"{site.label}.a")
    two = next(s for s in sites if s.id == "2.a1")
    assert two.variants == (
        "shall notify the Commission without delay",
        "shall inform the Commission without delay",
        "shall without delay notify the Commission",
        "shall without delay inform the Commission",
    )


def test_overlapping_automatic_sites_give_way_and_are_named() -> None:
    draft = load_draft(FISHERIES)
    automatic = find_sites(draft.points)
    merged = with_authored(
        automatic, authored_sites(draft.points, load_variants_file(FISHERIES_VARIANTS))
    )
    dropped = {s.id for s in merged.dropped}
    # the serial comma inside "its logbook, its nets and its catch", and the shift of
    # point 5's deadline, whose moved span holds three listed phrases
    assert dropped == {"4.c1", "5.f1"}
    assert {s.id for s in merged.sites} == {s.id for s in automatic} - dropped | {
        s.id for s in merged.sites if s.kind is SiteKind.AUTHORED
    }
    for point in range(len(draft.points)):
        spans = sorted((s.start, s.end) for s in merged.sites if s.point == point)
        edits = [span for span in spans if span[0] != span[1]]
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(edits))


def test_a_word_order_site_gives_way_to_a_phrase_between_its_spans() -> None:
    draft = load_draft(FISHERIES)
    phrase = AuthoredPhrase("5", ("refer the matter", "submit the matter"))
    merged = with_authored(find_sites(draft.points), authored_sites(draft.points, [phrase]))
    assert [s.id for s in merged.dropped] == ["5.f1"]
    far = AuthoredPhrase("1", ("to oversee the catch", "to supervise the catch"))
    untouched = with_authored(find_sites(draft.points), authored_sites(draft.points, [far]))
    assert untouched.dropped == ()


def test_the_numbers_are_compared_by_value() -> None:
    assert [v for v, _ in number_values("within thirty (30) days")] == ["30"]
    assert [v for v, _ in number_values("within 30 days")] == ["30"]
    assert [v for v, _ in number_values("on the thirtieth day after the last deposit")] == [
        "#30",
        "#-1",
    ]
    assert [v for v, _ in number_values("1,000 tonnes or 2.5 per cent, twice")] == [
        "1000",
        "2.5",
        "2x",
    ]
    assert number_values("the Commission shall notify") == []


def test_capitalised_terms_leave_out_a_sentence_opening_word() -> None:
    assert capitalised_terms("The Commission's costs") == {"Commission": 1}
    assert capitalised_terms("This Protocol") == capitalised_terms("the present Protocol")
    assert capitalised_terms("Without delay, the Party") == {"Party": 1}
    assert capitalised_terms("Inspectors of the UN Mission") == {
        "Inspectors": 1,
        "UN": 1,
        "Mission": 1,
    }


def test_equal_numbers_in_other_words_are_accepted() -> None:
    draft = load_draft(FISHERIES)
    phrase = AuthoredPhrase("5", ("within 45 days", "within forty-five (45) days"))
    [site] = authored_sites(draft.points, [phrase])
    assert site.variants == ("within 45 days", "within forty-five (45) days")


def test_a_phrase_matches_whole_words_only() -> None:
    draft = load_draft(FISHERIES)
    with pytest.raises(InvalidInput, match="not in the point's text"):
        authored_sites(
            draft.points, [AuthoredPhrase("4", ("waters of the Lak", "waters of that Lak"))]
        )
    with pytest.raises(InvalidInput, match='the text has "the Commission without delay"'):
        phrase = AuthoredPhrase(
            "2", ("the commission without delay", "the commission, without delay")
        )
        authored_sites(draft.points, [phrase])


def test_the_file_may_give_one_entry_as_a_plain_list_and_labels_as_numbers() -> None:
    phrases = parse_variants({4: ["the Lake", "Lake Verrin"], "2": [["a", "b"], ["c", "d"]]})
    assert phrases == (
        AuthoredPhrase("4", ("the Lake", "Lake Verrin")),
        AuthoredPhrase("2", ("a", "b")),
        AuthoredPhrase("2", ("c", "d")),
    )


def test_toml_and_json_files_say_the_same(tmp_path: Path) -> None:
    toml = tmp_path / "variants.toml"
    toml.write_text(
        '"2" = [\n'
        '  ["shall notify the Commission without delay",'
        ' "shall inform the Commission without delay"],\n'
        '  ["the preceding season", "the previous season"],\n'
        "]\n"
        "7 = [\n"
        '  ["in equal shares", "in equal parts", "equally"],\n'
        "]\n",
        encoding="utf-8",
    )
    as_json = tmp_path / "variants.json"
    as_json.write_text(
        json.dumps(
            {
                "2": [
                    [
                        "shall notify the Commission without delay",
                        "shall inform the Commission without delay",
                    ],
                    ["the preceding season", "the previous season"],
                ],
                "7": [["in equal shares", "in equal parts", "equally"]],
            }
        ),
        encoding="utf-8",
    )
    assert load_variants_file(toml) == load_variants_file(as_json)
    assert len(load_variants_file(toml)) == 3


def test_the_registry_keeps_the_authored_sites_and_what_they_displaced() -> None:
    draft = load_draft(FISHERIES)
    issue = issue_copies(
        draft.points, TWENTY[:4], seed=5, authored=load_variants_file(FISHERIES_VARIANTS)
    )
    back = CopyIssue.from_dict(json.loads(json.dumps(issue.to_dict())))
    assert back.sites == issue.sites
    assert back.overridden == issue.overridden == ("4.c1", "5.f1")
    assert sum(1 for s in back.sites if s.kind is SiteKind.AUTHORED) == 23
    assert back.copy_texts(TWENTY[2]) == issue.copy_texts(TWENTY[2])
    plain = issue_copies(draft.points, TWENTY[:4], seed=5)
    assert plain.id != issue.id  # same draft and seed, other sites: another issue
    assert "overridden" not in plain.to_dict()


def test_a_veto_may_name_an_authored_site_or_a_displaced_one() -> None:
    draft = load_draft(FISHERIES)
    phrases = load_variants_file(FISHERIES_VARIANTS)
    issue = issue_copies(draft.points, TWENTY[:3], seed=5, authored=phrases, veto=["1.a1", "4.c1"])
    ids = {s.id for s in issue.sites}
    assert "1.a1" not in ids and "1.a2" in ids and "4.c1" not in ids
    with pytest.raises(InvalidInput, match="unknown variant site"):
        issue_copies(draft.points, TWENTY[:3], seed=5, authored=phrases, veto=["9.a1"])


def test_the_file_lifts_the_guarantee_of_a_short_flat_draft() -> None:
    draft = load_draft(FISHERIES)
    plain = find_sites(draft.points)
    merged = with_authored(
        plain, authored_sites(draft.points, load_variants_file(FISHERIES_VARIANTS))
    ).sites
    before = robust_bits_per_100_words(draft.points, plain)
    after = robust_bits_per_100_words(draft.points, merged)
    assert before < 6 and after > 20
    assert what_a_short_draft_needs(draft.points, plain, 20).points_needed is None
    assert what_a_short_draft_needs(draft.points, merged, 20).points_needed == 3


@pytest.mark.parametrize("seed", [1, 2])
def test_retyped_three_point_quotes_are_traced_only_with_the_file(seed: int) -> None:
    """Every 3-point passage of every recipient's copy, retyped by the independent
    leak model: without the file no verdict, with it nearly all and never a wrong one."""
    draft = load_draft(FISHERIES)
    phrases = load_variants_file(FISHERIES_VARIANTS)
    traced = {}
    for authored in ((), phrases):
        issue = issue_copies(draft.points, TWENTY, seed=seed, authored=authored)
        tracer = issue.tracer()
        right = wrong = 0
        for recipient in TWENTY:
            texts = issue.copy_texts(recipient)
            for first in range(len(texts) - 2):
                verdict = tracer.attribute(quote(texts, first, 3)).verdict
                right += verdict == recipient
                wrong += verdict not in (None, recipient)
        assert wrong == 0
        traced[bool(authored)] = right
    passages = 20 * (len(draft.points) - 2)
    assert traced[False] == 0
    assert traced[True] >= 0.9 * passages


@pytest.mark.parametrize(
    ("forms", "label"),
    [
        (("Option 1: The Contracting Parties", "Option 1. The Contracting Parties"), "Option 1:"),
        (("(b) take samples", "(b) collect samples"), "(b)"),
    ],
)
def test_a_phrase_may_not_cover_a_line_label(forms: tuple[str, str], label: str) -> None:
    draft = load_draft(CUSTOMS)
    point = "3.5" if label.startswith("Option") else "2.4"
    with pytest.raises(InvalidInput, match=f'covers the label "{re.escape(label)}"'):
        authored_sites(draft.points, [AuthoredPhrase(point, forms)])


def test_digital_copies_keep_their_invisible_marks_off_the_authored_phrases() -> None:
    draft = load_draft(CUSTOMS)
    phrases = load_variants_file(CUSTOMS_VARIANTS)
    issue = issue_copies(draft.points, TWENTY[:5], seed=3, digital=True, authored=phrases)
    authored = [s for s in issue.sites if s.kind is SiteKind.AUTHORED]
    gaps = [s for s in issue.sites if s.kind is SiteKind.INVISIBLE]
    assert len(authored) == len(phrases) and gaps
    for gap in gaps:
        for site in authored:
            if site.point == gap.point:
                assert gap.end < site.start or gap.start > site.end
    leak = "\n\n".join(issue.copy_texts(TWENTY[3])[2:5])  # pasted, special spaces kept
    assert issue.tracer().attribute(leak).verdict == TWENTY[3]
