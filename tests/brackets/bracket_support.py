"""Helpers of the bracket tests: the worked example of docs/brackets.md, and tabling a
hand-written reading as a member."""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path
from types import ModuleType

from onetext.model import Visibility
from onetext.service import drafts
from onetext.service.actors import member_actor
from onetext.store.database import Database
from onetext.store.unit_of_work import Clock, UnitOfWork
from onetext.text.parse import ParsedDraft

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "docs" / "examples" / "brackets" / "build.py"


@cache
def worked_example() -> ModuleType:
    """docs/examples/brackets/build.py, the script the docs tell people to run."""
    spec = importlib.util.spec_from_file_location("brackets_worked_example", EXAMPLE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def table(
    database: Database,
    clock: Clock,
    draft: ParsedDraft,
    *,
    document: str,
    party: str,
    member: str | None = None,
    based_on: str | None = None,
    visibility: Visibility = Visibility.JOINT,
) -> str:
    """Table ``draft`` in ``talks`` as ``member`` (default: the operator); its ref."""
    with UnitOfWork(database, clock) as uow:
        summary = drafts.table_draft(
            uow,
            member_actor(uow, "talks", member),
            "talks",
            draft,
            document=document,
            party=party,
            message="",
            based_on=based_on,
            visibility=visibility,
        )
    return summary.ref
