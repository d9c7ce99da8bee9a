"""Provenance: which documents and parties a draft's wording came from."""

from __future__ import annotations

from pathlib import Path

from generators.edit_scripts import DraftPoint
from onetext.formats.drafts import load_draft
from onetext.text.provenance import SourceDocument, shared_wording, trace_provenance

FIXTURES = Path(__file__).parent / "fixtures"


def _sources() -> list[SourceDocument]:
    return [
        SourceDocument(
            "first draft", "mediator", "draft", load_draft(FIXTURES / "ceasefire_v1.txt").points
        ),
        SourceDocument(
            "Veldoria paper",
            "north",
            "position_paper",
            load_draft(FIXTURES / "north_position.md").points,
        ),
        SourceDocument(
            "Ulmar paper",
            "south",
            "position_paper",
            load_draft(FIXTURES / "south_position.md").points,
        ),
    ]


def test_provenance_of_the_second_round_draft() -> None:
    second = load_draft(FIXTURES / "ceasefire_v2.txt").points
    report = trace_provenance(second, _sources())
    main = {p.label: (p.main.party, p.main.label) for p in report.points if p.main}
    # The new demining point was lifted from Veldoria's position paper.
    assert main["11"] == ("north", "3")
    # The split's halves both come from point 3 of the first draft.
    assert main["3"] == ("mediator", "3") and main["4"] == ("mediator", "3")
    assert main["13"] == ("mediator", "7")
    assert [line.text for line in report.summary] == [
        "13 of 14 points derive mainly from mediator's drafts",
        "1 of 14 points derives mainly from north's position papers",
    ]
    demining = next(p for p in report.points if p.label == "11")
    assert demining.main is not None
    assert demining.main.shared[0].startswith("The Parties shall exchange maps of minefields")
    assert 0.6 < demining.main.coverage < 1.0


def test_provenance_lists_secondary_sources_with_their_party() -> None:
    second = load_draft(FIXTURES / "ceasefire_v2.txt").points
    report = trace_provenance(second, _sources(), top=3)
    withdrawal = next(p for p in report.points if p.label == "2")
    parties = [s.party for s in withdrawal.sources]
    assert parties[0] == "mediator" and "north" in parties
    scores = [s.coverage for s in withdrawal.sources]
    assert scores == sorted(scores, reverse=True)


def test_provenance_without_sources_or_without_match() -> None:
    points = [DraftPoint("1", "Entirely original language about fisheries quotas.")]
    assert trace_provenance(points, []).points[0].main is None
    report = trace_provenance(points, _sources())
    assert report.points[0].main is None and report.without_source == 1
    assert report.summary == ()
    assert trace_provenance([], _sources()).points == ()


def test_provenance_shared_wording_keeps_the_points_own_words() -> None:
    runs = shared_wording(
        "The PARTIES shall exchange maps of minefields, without delay.",
        "the parties shall exchange maps of minefields in the valley",
    )
    assert runs == ("The PARTIES shall exchange maps of minefields,",)


PAIRS = FIXTURES / "real_pairs"


def test_provenance_finds_shared_sentences_and_paraphrases_of_earlier_plans() -> None:
    # A later six-point plan; its points grew, took single sentences from two earlier
    # plans, or paraphrased them.
    later = load_draft(PAIRS / "plan_6_later.md").points
    sources = [
        SourceDocument("first plan", "varnholt", "draft", load_draft(PAIRS / "plan_20.md").points),
        SourceDocument(
            "counter-proposal",
            "valdoria",
            "counter_draft",
            load_draft(PAIRS / "plan_20_counter.md").points,
        ),
    ]
    report = trace_provenance(later, sources)
    mains = {p.label: (p.main.document, p.main.label) for p in report.points if p.main}
    assert mains == {
        "1": ("first plan", "1"),
        "2": ("counter-proposal", "6"),
        "3": ("counter-proposal", "10"),
        "4": ("first plan", "19"),
        "5": ("first plan", "14"),
        "6": ("counter-proposal", "21"),
    }
    first = report.points[0]
    # Point 1 opens with the first plan's point 1 word for word, then goes on anew.
    assert [m.sentence for m in first.sentences] == [
        "The sovereignty of Valdoria shall be confirmed.",
        "All parties recognise that Valdoria is a sovereign state.",
    ]
    assert all(m.share == 1.0 and m.source_sentence == m.sentence for m in first.sentences)
    assert first.main is not None and 0.2 < first.main.coverage < 0.5
    (funds,) = report.points[4].sentences
    assert funds.paraphrase and funds.source_sentence.startswith("Frozen funds of 100 billion")
    # New sentences have no source.
    assert not any("Neutral Relief Committee" in m.sentence for m in report.points[5].sentences)
