"""Every fingerprinted copy parses back to the same points as the issued version."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from onetext.errors import InvalidInput
from onetext.formats.copies import COPY_FORMATS, copy_filename, write_copy
from onetext.formats.drafts import load_draft
from onetext.text.parse import ParsedPoint, parse_draft
from onetext.text.render import render_draft
from onetext.trace.forbidden import forbidden_sequence
from onetext.trace.registry import issue_copies
from onetext.trace.sites import SiteOptions, find_sites

DRAFT = """# Framework for a ceasefire between Varnia and Ostrel

Tabled by the Mediator; fictional.

## Security

1. The Parties shall organise a ceasefire within 30 days, in order to recognise the labour of
peacekeepers, observers and experts. This Agreement commences upon signature; 20 per cent of
forces [shall][may] withdraw.

2. The following measures apply, with regard to the programme of return:
    (a) the release of detainees;
    (b) the exchange of remains; and
    (c) the return of the displaced.

## Humanitarian measures

3. Prisoners of war shall be exchanged within 60 days upon the ceasefire, in accordance with
humanitarian law; the Red Cross shall [assist][help] in the identification of remains, with the
assistance of neighbouring states, to that end authorising 12 teams.

12bis. Furthermore, the Mediator shall organise a follow-up meeting, with a view to analysing
the reports and to prioritising the reopening of schools, roads and bridges.
"""


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("draft") / "framework.md"
    path.write_text(DRAFT, encoding="utf-8")
    return path


def _same_points(
    back: tuple[ParsedPoint, ...], original: tuple[ParsedPoint, ...], texts: list[str]
) -> None:
    assert [p.label for p in back] == [p.label for p in original]
    assert [p.options for p in back] == [p.options for p in original]
    assert [p.heading for p in back] == [p.heading for p in original]
    assert [p.text for p in back] == texts
    for copy, version in zip(back, original, strict=True):
        assert forbidden_sequence(copy.text) == forbidden_sequence(version.text)


@pytest.mark.parametrize("fmt", [f for f in COPY_FORMATS if f != "pdf"])
@pytest.mark.parametrize("digital", [False, True])
def test_every_copy_parses_back_to_the_same_points(
    source: Path, tmp_path: Path, fmt: str, digital: bool
) -> None:
    draft = load_draft(source)
    issue = issue_copies(
        draft.points,
        ["Ministry A", "Delegation B", "Observer C"],
        seed=9,
        title=draft.title,
        preamble=draft.preamble,
        numbering=draft.numbering.value,
        headings=[p.heading for p in draft.points],
        digital=digital,
        reorderable={"2"},
    )
    texts_seen = set()
    for recipient in issue.recipients:
        path = write_copy(tmp_path / copy_filename(recipient, fmt), issue, recipient, fmt)
        back = load_draft(path)
        assert back.title == draft.title
        _same_points(back.points, draft.points, issue.copy_texts(recipient))
        texts_seen.add(tuple(p.text for p in back.points))
    assert len(texts_seen) == 3  # the copies differ from one another


def test_unknown_format_is_refused(source: Path, tmp_path: Path) -> None:
    draft = load_draft(source)
    issue = issue_copies(draft.points, ["a"], seed=1)
    with pytest.raises(InvalidInput, match="unknown copy format"):
        write_copy(tmp_path / "x.odt", issue, "a", "odt")


def test_copy_file_names_are_safe() -> None:
    assert copy_filename("Ministry of Foreign Affairs / Ostrel", "md") == (
        "copy-ministry-of-foreign-affairs-ostrel.md"
    )


WORDS = (
    "the Parties shall organise recognise labour ceasefire peacekeeping in order to "
    "with regard to 30 days 7 weeks 12 per cent upon and or within this Agreement "
    "cooperation programme defence centre follow-up furthermore commence towards "
    "subcommittee analyse "
).split()


@st.composite
def drafts(draw: st.DrawFn) -> str:
    count = draw(st.integers(1, 6))
    lines = []
    for number in range(1, count + 1):
        words = draw(st.lists(st.sampled_from(WORDS), min_size=4, max_size=30))
        commas = draw(st.lists(st.booleans(), min_size=len(words), max_size=len(words)))
        body = " ".join(w + ("," if c else "") for w, c in zip(words, commas, strict=True))
        lines += [f"{number}. {body.rstrip(',')}.", ""]
    return "\n".join(lines)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=drafts(), seed=st.integers(0, 2**31), markdown=st.booleans(), digital=st.booleans())
def test_generated_drafts_survive_fingerprinting(
    text: str, seed: int, markdown: bool, digital: bool
) -> None:
    draft = parse_draft(text)
    if not find_sites(draft.points, SiteOptions(digital=digital)):
        with pytest.raises(InvalidInput, match="no variant site"):
            issue_copies(draft.points, ["a", "b"], seed=seed, digital=digital)
        return
    issue = issue_copies(draft.points, ["a", "b"], seed=seed, digital=digital)
    for recipient in issue.recipients:
        rendered = render_draft(issue.copy_points(recipient), markdown=markdown)
        back = parse_draft(rendered, markdown=markdown)
        _same_points(back.points, draft.points, issue.copy_texts(recipient))
