"""Document names are per owner (issue 13): two parties may each hold ``draft``, and a
viewer resolves a name only among the documents it may read. Property: whatever
documents random parties table under random names and visibilities, what a name
(plain or ``owner:name``, any version) means to a viewer is the same as in a world
holding only the documents that viewer reads, tabled in the same order."""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from onetext.access import Actor
from onetext.errors import Conflict, OnetextError
from onetext.model import Level, Role, Visibility
from onetext.service import drafts
from onetext.store.database import Database, open_database
from onetext.store.unit_of_work import UnitOfWork
from onetext.text.parse import parse_draft
from tests_support import build_small_record

NEGOTIATION = "talks"
TABLERS = {
    "north": Actor("n-expert", Role.DELEGATE, "north", Level.EXPERT),
    "south": Actor("s-expert", Role.DELEGATE, "south", Level.EXPERT),
    "envoy": Actor("chief", Role.MEDIATOR, "envoy", None),
}
VIEWERS = TABLERS
NAMES = ["draft", "fallback", "framework"]  # framework: the small record's joint draft
VISIBILITIES = [Visibility.PRIVATE, Visibility.CAUCUS, Visibility.JOINT]


def reads(viewer: str, owner: str, visibility: Visibility) -> bool:
    """Written out from the threat model, not asked of ``access``."""
    if visibility is Visibility.JOINT or viewer == owner:
        return True
    return visibility is Visibility.CAUCUS and viewer == "envoy"


@dataclass(frozen=True)
class Tabled:
    owner: str
    name: str
    visibility: Visibility

    @property
    def marker(self) -> str:
        return f"zq-{self.owner}-{self.name}-{self.visibility.value}-q"


@pytest.fixture(scope="module")
def template() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "template.db"
        build_small_record(str(path))
        yield path


def _open(template: Path, folder: Path, name: str) -> Database:
    target = folder / f"{name}.db"
    shutil.copyfile(template, target)
    return open_database(f"sqlite:///{target}")


def _table(database: Database, attempt: Tabled, marker: str | None = None) -> str | None:
    """Table it as the owner's delegate; the new version's ref, or None if refused."""
    text = f"1. The parties shall meet; {marker or attempt.marker}.\n2. Second point.\n"
    with UnitOfWork(database) as uow:
        try:
            summary = drafts.table_draft(
                uow, TABLERS[attempt.owner], NEGOTIATION, parse_draft(text),
                document=attempt.name, party=attempt.owner, message="m",
                visibility=attempt.visibility,
            )  # fmt: skip
        except Conflict:
            return None
    return summary.ref


def _history(database: Database, attempts: list[Tabled]) -> list[tuple[Tabled, str | None, Tabled]]:
    """Table every attempt: each with its answer (the new version's ref, or None if
    refused) and the document it went into (itself when it made a new one)."""
    documents: list[Tabled] = []
    done: list[tuple[Tabled, str | None, Tabled]] = []
    for attempt in attempts:
        ref = _table(database, attempt)
        if ref is None or ref.endswith("@1"):
            documents += [attempt] if ref else []
            done.append((attempt, ref, attempt))
            continue
        same = [d for d in documents if d.name == attempt.name]
        own = [d for d in same if d.owner == attempt.owner]
        joint = [d for d in same if d.visibility is Visibility.JOINT]
        target = (own or joint or [Tabled("envoy", "framework", Visibility.JOINT)])[0]
        done.append((attempt, ref, target))
    return done


def _meaning(database: Database, viewer: str, ref: str) -> str:
    """What ``ref`` shows the viewer: its marker, or the refusal's kind and words."""
    with UnitOfWork(database) as uow:
        try:
            view = drafts.load_version(uow, VIEWERS[viewer], NEGOTIATION, ref)
        except OnetextError as refused:
            return f"{type(refused).__name__}: {refused}"
    return " ".join(p.text for p in view.points)


attempts = st.lists(
    st.builds(
        Tabled,
        st.sampled_from(list(TABLERS)),
        st.sampled_from(NAMES),
        st.sampled_from(VISIBILITIES),
    ),
    min_size=1,
    max_size=7,
)


@settings(max_examples=15, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(attempts=attempts)
def test_a_viewers_resolution_never_depends_on_documents_it_cannot_read(
    template: Path, attempts: list[Tabled]
) -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        full = _open(template, folder, "full")
        history = _history(full, attempts)
        created = [target for _attempt, ref, target in history if ref]
        refs = [f"{n}{v}" for n in NAMES for v in ("", "@1", "@2")]
        refs += [f"{owner}:{n}" for owner in TABLERS for n in NAMES]
        try:
            for viewer in VIEWERS:
                alone = _open(template, folder, f"only-{viewer}")
                try:
                    for attempt, ref, target in history:
                        # the viewer's own tabling gets the same answer (a name is
                        # never refused for a document it cannot read); the others'
                        # documents it reads are tabled as they were
                        if attempt.owner == viewer or (
                            ref and reads(viewer, target.owner, target.visibility)
                        ):
                            assert _table(alone, attempt) == ref, (viewer, attempt)
                    for ref in refs:
                        seen = _meaning(full, viewer, ref)
                        assert seen == _meaning(alone, viewer, ref), (viewer, ref)
                        hidden = [
                            t.marker for t in created if not reads(viewer, t.owner, t.visibility)
                        ]
                        assert not [m for m in hidden if m in seen], (viewer, ref)
                finally:
                    alone.dispose()
        finally:
            full.dispose()


def test_two_parties_each_hold_a_private_draft_and_the_mediator_says_which(
    template: Path, tmp_path: Path
) -> None:
    database = _open(template, tmp_path, "two")
    try:
        north = Tabled("north", "draft", Visibility.CAUCUS)
        south = Tabled("south", "draft", Visibility.CAUCUS)
        assert _table(database, north) == _table(database, south) == "draft@1"
        assert north.marker in _meaning(database, "north", "draft")
        assert south.marker in _meaning(database, "south", "draft@1")
        refused = _meaning(database, "envoy", "draft")
        assert refused == (
            "InvalidInput: several documents you read are named 'draft': "
            "say which (north:draft, south:draft)"
        )
        assert south.marker in _meaning(database, "envoy", "south:draft@1")
        # a joint draft tabled later: each party keeps its own under the plain name,
        # the mediator (who owns the joint one) reads the joint one; all may qualify
        joint = Tabled("envoy", "draft", Visibility.JOINT)
        assert _table(database, joint) == "draft@1"
        assert north.marker in _meaning(database, "north", "draft")
        assert joint.marker in _meaning(database, "envoy", "draft")
        assert joint.marker in _meaning(database, "north", "envoy:draft")
        assert _meaning(database, "north", "south:draft").startswith("NotFound: unknown document")
    finally:
        database.dispose()


BASE_PAPER = """NORTHERN PAPER
1. The parties shall cease all hostilities within 24 hours of signature.
2. A monitoring mission shall observe the line NORTH-BASE-WORDING every week.
3. All prisoners shall be exchanged on the basis of all for all.
"""


def test_a_conflicts_base_is_matched_by_owner_not_by_name(tmp_path: Path) -> None:
    """South holds its own ``paper``; the base of a merge is north's caucus ``paper``.
    Matching by name alone would show south north's base wording."""
    from tests_support import build_small_record, must, run_cli

    db = str(tmp_path / "names.db")
    build_small_record(db)

    def table(name: str, text: str, *args: str) -> None:
        path = tmp_path / f"{name}-{len(args)}.txt"
        path.write_text(text, encoding="utf-8")
        must("import", str(path), "-d", name, *args, "--db", db)

    table("paper", BASE_PAPER, "--party", "north", "--visibility", "caucus")
    table("paper", "1. SOUTH-OWN-PAPER point.\n", "--party", "south", "--visibility", "private",
          "--as-member", "s-expert")  # fmt: skip
    daily, monthly = (BASE_PAPER.replace("NORTH-BASE-WORDING every week", w) for w in ("d", "m"))
    table("plan", daily, "--party", "envoy", "--from", "north:paper@1")
    table("counter", monthly, "--party", "south", "--kind", "counter_draft",
          "--from", "north:paper@1")  # fmt: skip
    merged = json.loads(must("merge", "plan@1", "counter@1", "-d", "plan", "--party", "envoy",
                             "--json", "--db", db))  # fmt: skip
    assert merged["conflicts"] and merged["base"] == "paper@1"
    mediator = must("conflicts", "list", "--json", "--db", db)
    assert "NORTH-BASE-WORDING" in mediator
    listed = must("conflicts", "list", "--json", "--db", db, "--as-member", "s-expert")
    assert json.loads(listed) and "NORTH-BASE-WORDING" not in listed
    assert json.loads(listed)[0]["ours_ref"] == "plan@1"  # shown as people name it
    refused = run_cli("conflicts", "resolve", "plan@2", "2", "--take", "base", "--db", db,
                      "--as-member", "s-expert")  # fmt: skip
    assert refused.code != 0 and "NORTH-BASE" not in refused.out + refused.err


def test_migration_0015_qualifies_the_refs_of_older_conflicts(tmp_path: Path) -> None:
    """A record merged before namespaces names its conflicts' lines ``doc@n``: the
    migration names them ``owner:doc@n`` (and back), and the conflicts still list."""
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import text

    from onetext.store.database import MIGRATIONS, foreign_keys_off
    from tests_support import build_small_record, must

    db = str(tmp_path / "old.db")
    build_small_record(db)
    for name, party, word in (("plan", "envoy", "day"), ("counter", "south", "month")):
        path = tmp_path / f"{name}.txt"
        path.write_text(BASE_PAPER.replace("every week", word), encoding="utf-8")
        must("import", str(path), "-d", name, "--party", party, "--from", "framework@1",
             "--db", db)  # fmt: skip
    must("merge", "plan@1", "counter@1", "-d", "plan", "--party", "envoy", "--db", db)
    database = open_database(f"sqlite:///{db}")
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    query = text("SELECT ours_ref, theirs_ref, base_ref FROM merge_conflicts")
    try:
        with database.engine.connect() as connection, foreign_keys_off(connection):
            with connection.begin():
                config.attributes["connection"] = connection
                command.downgrade(config, "0010")
                old = set(connection.execute(query).all())
                assert old == {("plan@1", "counter@1", "framework@1")}
            with connection.begin():
                command.upgrade(config, "head")
                assert set(connection.execute(query).all()) == {
                    ("envoy:plan@1", "south:counter@1", "envoy:framework@1")
                }
    finally:
        database.dispose()
    listed = json.loads(must("conflicts", "list", "--json", "--db", db))
    assert listed and listed[0]["ours_ref"] == "plan@1" and listed[0]["base"]
    must("audit", "verify", "--db", db)  # the record still replays after the rewrite
