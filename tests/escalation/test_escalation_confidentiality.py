"""Generated confidentiality matrix for the board and the brief.

Every viewer (delegates of two parties, the mediator, an observer, the operator)
× every output (board JSON, brief as Markdown, HTML, DOCX) × every visibility of
a mark (private, caucus, joint; unacceptable and accepted): no note of a mark the
viewer may not read appears, no such mark counts or names its party as blocking,
and every note the viewer may read does appear (so the test cannot pass empty).
"""

from __future__ import annotations

import io
import itertools
import json
from collections.abc import Callable, Iterator

import docx
import pytest

import onetext.store.escalation_tables  # noqa: F401  (registers the tables)
from onetext.access import Actor
from onetext.formats.brief import (
    render_brief_docx,
    render_brief_html,
    render_brief_markdown,
)
from onetext.model import Level, PartyKind, Role, Stance, Visibility
from onetext.service import drafts, escalation, negotiations, positions
from onetext.store.database import Database, open_database
from onetext.store.unit_of_work import UnitOfWork
from onetext.text.parse import parse_draft
from onetext.views import to_json
from onetext.views.escalation import BriefData

PARTIES = ("north", "south")
STANCES = (Stance.UNACCEPTABLE, Stance.ACCEPTED)
CASES = list(itertools.product(PARTIES, Visibility, STANCES))
"""One point per (party, visibility, stance): that party's only mark on it."""

VIEWERS = {
    "north-delegate": Actor("n-del", Role.DELEGATE, "north", Level.EXPERT),
    "south-delegate": Actor("s-del", Role.DELEGATE, "south", Level.PRINCIPAL),
    "mediator": Actor("chief", Role.MEDIATOR, "envoy"),
    "observer": Actor("press-1", Role.OBSERVER, "press"),
    "operator": Actor.system_operator(),
}


def may_read(viewer: str, owner: str, visibility: Visibility) -> bool:
    """The policy, written out by hand for this test (not derived from the code)."""
    if viewer == f"{owner}-delegate":
        return True
    if viewer in {"mediator", "operator"}:
        return visibility is not Visibility.PRIVATE
    return visibility is Visibility.JOINT


def note_of(owner: str, visibility: Visibility, stance: Stance) -> str:
    return f"SECRET{owner}{visibility.value}{stance.value}NOTE"


OPTION_CASES = list(itertools.product(PARTIES, Visibility))
"""One point with options per (party, visibility): that party's red line on option a."""


def option_label_of(case: tuple[str, Visibility]) -> str:
    return str(len(CASES) + OPTION_CASES.index(case) + 1)


def label_of(case: tuple[str, Visibility, Stance]) -> str:
    return str(CASES.index(case) + 1)


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    db = open_database(f"sqlite:///{tmp_path_factory.mktemp('conf') / 'onetext.db'}")
    operator = Actor.system_operator()
    with UnitOfWork(db) as u:
        negotiations.create_negotiation(u, operator, "talks", "Talks")
    for slug, kind in [
        ("envoy", PartyKind.MEDIATOR),
        ("north", PartyKind.PARTY),
        ("south", PartyKind.PARTY),
        ("press", PartyKind.OBSERVER),
    ]:
        with UnitOfWork(db) as u:
            negotiations.add_party(u, operator, "talks", slug, slug, kind)
    for handle, party, level in [
        ("n-del", "north", Level.EXPERT),
        ("s-del", "south", Level.PRINCIPAL),
        ("chief", "envoy", None),
        ("press-1", "press", None),
    ]:
        with UnitOfWork(db) as u:
            negotiations.add_member(u, operator, "talks", handle, handle, party, level)
    text = "DRAFT\n" + "".join(f"{n}. Point number {n} of the draft.\n" for n in range(1, 13))
    text += "".join(f"{n}. Monitoring [weekly][daily] on point {n}.\n" for n in range(13, 19))
    with UnitOfWork(db) as u:
        drafts.table_draft(
            u,
            operator,
            "talks",
            parse_draft(text),
            document="framework",
            party="envoy",
            message="tabled",
        )
    for owner, visibility, stance in CASES:
        with UnitOfWork(db) as u:
            positions.mark_stance(
                u,
                operator,
                "talks",
                party=owner,
                label=label_of((owner, visibility, stance)),
                stance=stance,
                visibility=visibility,
                note=note_of(owner, visibility, stance),
                priority=5,
            )
    for owner, visibility in OPTION_CASES:
        with UnitOfWork(db) as u:
            positions.mark_stance(
                u,
                operator,
                "talks",
                party=owner,
                label=option_label_of((owner, visibility)),
                stance=Stance.UNACCEPTABLE,
                visibility=visibility,
                option="a",
            )
    # every point marked joint-accepted by the other party, so blocks stand out
    for owner, visibility, stance in CASES:
        other = next(p for p in PARTIES if p != owner)
        with UnitOfWork(db) as u:
            positions.mark_stance(
                u,
                operator,
                "talks",
                party=other,
                label=label_of((owner, visibility, stance)),
                stance=Stance.ACCEPTED,
                visibility=Visibility.JOINT,
                note="",
            )
    yield db
    db.dispose()


Views = dict[str, tuple[escalation.Board, BriefData]]


@pytest.fixture(scope="module")
def seen_by(database: Database) -> Views:
    """Each viewer's board and brief, computed once."""
    views: Views = {}
    for name, actor in VIEWERS.items():
        with UnitOfWork(database) as u:
            board = escalation.escalation_board(u, actor, "talks")
            brief = escalation.principals_brief(u, actor, "talks", allow_drop=True)
        views[name] = (board, brief)
    return views


def _docx_text(brief: BriefData) -> str:
    document = docx.Document(io.BytesIO(render_brief_docx(brief)))
    return "\n".join(p.text for p in document.paragraphs)


OUTPUTS: dict[str, Callable[[escalation.Board, BriefData], str]] = {
    "board": lambda board, _brief: json.dumps(to_json(board)),
    "markdown": lambda _board, brief: render_brief_markdown(brief),
    "html": lambda _board, brief: render_brief_html(brief),
    "docx": lambda _board, brief: _docx_text(brief),
}


@pytest.mark.parametrize("output", list(OUTPUTS))
@pytest.mark.parametrize("viewer", list(VIEWERS))
def test_nothing_a_viewer_may_not_read_appears(seen_by: Views, viewer: str, output: str) -> None:
    board, brief = seen_by[viewer]
    text = OUTPUTS[output](board, brief)
    for owner, visibility, stance in CASES:
        note = note_of(owner, visibility, stance)
        if may_read(viewer, owner, visibility):
            assert note in text, (viewer, output, note)
        else:
            assert note not in text, (viewer, output, note)


@pytest.mark.parametrize("viewer", list(VIEWERS))
def test_the_board_counts_only_readable_marks(seen_by: Views, viewer: str) -> None:
    board, _brief = seen_by[viewer]
    points = {p.label: p for p in board.points}
    for case in CASES:
        owner, visibility, stance = case
        point = points[label_of(case)]
        readable = may_read(viewer, owner, visibility)
        assert (point.marks[owner] is not None) == readable
        blocks = readable and stance is Stance.UNACCEPTABLE
        assert (owner in point.blocked_by) == blocks, (viewer, case)
        assert (point.status.value == "blocked") == blocks


@pytest.mark.parametrize("viewer", list(VIEWERS))
def test_engine_output_in_the_brief_is_blind_for_parties(seen_by: Views, viewer: str) -> None:
    _board, brief = seen_by[viewer]
    text = render_brief_markdown(brief)
    # the brief's words for utilities (issue 16): "how well it suits each party / you"
    if viewer in {"mediator", "operator"}:
        assert brief.engine is not None and not brief.engine.blind
        assert "## Possible trades" in text or brief.trades == []
        assert "How well it suits each party" in text
    elif viewer == "observer":
        assert brief.engine is None and "not shown to observers" in text
    else:
        assert brief.engine is not None and brief.engine.blind
        assert "How well it suits each party" not in text and "trades" not in text.lower()
        own = VIEWERS[viewer].party
        other = next(p for p in PARTIES if p != own)
        yours = text.lower().split("### how well it suits you")[1]
        assert f"- {own}: " in yours
        assert f"- {other}: " not in yours.split("##")[0]


@pytest.mark.parametrize("viewer", list(VIEWERS))
def test_red_lines_on_options_show_only_where_readable(seen_by: Views, viewer: str) -> None:
    board, _brief = seen_by[viewer]
    points = {p.label: p for p in board.points}
    for owner, visibility in OPTION_CASES:
        point = points[option_label_of((owner, visibility))]
        option_a = next(o for o in point.options if o.key == "a")
        assert (owner in option_a.unacceptable_to) == may_read(viewer, owner, visibility)
        assert all(not o.unacceptable_to for o in point.options if o.key != "a")
