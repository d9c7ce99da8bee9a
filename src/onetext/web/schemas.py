"""Pydantic models of the JSON API: what goes in, what comes out (and into OpenAPI)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from onetext.errors import InvalidInput
from onetext.model import Level, Stance, Visibility
from onetext.model.position import PRIORITY_DEFAULT, PRIORITY_MAX, PRIORITY_MIN
from onetext.views.drafts import VersionSummary
from onetext.views.escalation import WorkingGroupView
from onetext.views.marks import MarkView
from onetext.views.records import MembershipView, PartySummary, RoundView

__all__ = [
    "AccountOut",
    "BriefFormat",
    "ChangeOut",
    "CompareOut",
    "CompromiseOut",
    "ErrorOut",
    "HistoryOut",
    "InvitationIn",
    "LoginIn",
    "MarkIn",
    "Objective",
    "OkOut",
    "OptionOut",
    "OverviewOut",
    "PointOut",
    "RoundIn",
    "RoundUpdateIn",
    "SegmentOut",
    "UserIn",
    "VersionOut",
    "WorkingGroupIn",
    "WorkingGroupsOut",
    "contains_nul",
]

Slug = Field(min_length=1, max_length=63)


def contains_nul(value: object) -> bool:
    """A NUL character anywhere in a (nested) value: no database text field takes one."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(contains_nul(k) or contains_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(contains_nul(item) for item in value)
    return False


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _no_nul(cls, data: object) -> object:
        if contains_nul(data):
            raise ValueError("text may not contain NUL characters")
        return data


class ErrorOut(BaseModel):
    error: str


class OkOut(BaseModel):
    ok: bool


class LoginIn(_In):
    username: str = Field(min_length=1, max_length=63)
    password: str = Field(min_length=1, max_length=1024)


class AccountOut(BaseModel):
    username: str
    display_name: str
    is_admin: bool
    csrf_token: str = Field(description="Send it back in the X-CSRF-Token header on writes.")
    negotiations: list[MembershipView]


class OverviewOut(BaseModel):
    negotiation: str
    title: str
    you: MembershipView
    parties: list[PartySummary]
    versions: list[VersionSummary]
    rounds: list[RoundView]


def _stance(value: object) -> object:
    """The stance words the command line takes (``accept``, ``rejected``...) here too."""
    if not isinstance(value, str):
        return value
    try:
        return Stance.parse(value)
    except InvalidInput:
        # the value is not repeated: error texts never echo what a request carried
        raise ValueError("expected accepted, reservations, open or unacceptable") from None


class MarkIn(_In):
    label: str = Field(min_length=1, max_length=40, description="The point's label: 12, 3(a)")
    stance: Annotated[Stance, BeforeValidator(_stance)]
    priority: int = Field(default=PRIORITY_DEFAULT, ge=PRIORITY_MIN, le=PRIORITY_MAX)
    visibility: Visibility = Visibility.CAUCUS
    note: str = Field(default="", max_length=4000)
    version: str | None = Field(default=None, max_length=80, description="DOC or DOC@N")
    option: str | None = Field(default=None, max_length=20)
    party: str | None = Field(default=None, max_length=63, description="Default: your party")


class OptionOut(BaseModel):
    key: str
    text: str
    group: int
    parent: str | None = None


class PointOut(BaseModel):
    uid: str
    label: str
    heading: str | None
    text: str
    options: list[OptionOut]
    marks: dict[str, MarkView | None]
    level: str = "paragraph"
    number: str = ""
    path: list[dict[str, str | None]] = Field(default_factory=list)
    option_marks: dict[str, dict[str, MarkView]] = Field(
        default_factory=dict, description="Marks in force on each alternative: key → party → mark"
    )


class VersionOut(BaseModel):
    ref: str
    document: str
    kind: str
    title: str | None
    preamble: str
    author: str
    created_at: str
    parties: list[str]
    points: list[PointOut]


class HistoryOut(BaseModel):
    negotiation: str
    label: str
    marks: list[MarkView]


class SegmentOut(BaseModel):
    op: Literal["equal", "insert", "delete"]
    text: str


class ChangeOut(BaseModel):
    kind: str
    old: list[str]
    new: list[str]
    similarity: float
    redline: list[SegmentOut]
    #: the amendments (that you may read) written into the new version by this change
    amendments: list[str] = Field(default_factory=list)


class CompareOut(BaseModel):
    old: str
    new: str
    counts: dict[str, int]
    changes: list[ChangeOut]


class RoundIn(_In):
    level: Level
    place: str = Field(min_length=1, max_length=300)
    starts_at: datetime = Field(description="ISO date-time; without a zone it is UTC")
    ends_at: datetime | None = None
    attendees: list[str] = Field(default_factory=list, max_length=200)
    agenda: list[str] = Field(default_factory=list, max_length=500)
    agenda_version: str | None = Field(default=None, max_length=80)
    outcome: str = Field(default="", max_length=20000)
    produced: list[str] = Field(default_factory=list, max_length=50)
    publish: bool = Field(
        default=False, description="Everyone reads it (default: the attendees and the mediator)"
    )


class RoundUpdateIn(_In):
    """Fill in a round after the fact; what is left out is kept as recorded."""

    outcome: str | None = Field(
        default=None, max_length=20000, description="Replaces the outcome; omit to keep it"
    )
    ends_at: datetime | None = Field(
        default=None, description="ISO date-time (UTC without a zone); omit to keep it"
    )
    produced: list[str] = Field(
        default_factory=list,
        max_length=50,
        description="Versions to link (DOC@N); one already linked is left as it is",
    )
    unlink: list[str] = Field(
        default_factory=list,
        max_length=50,
        description="Versions to unlink (DOC@N); each must be linked to the round",
    )


Objective = Literal["nash", "maxmin", "welfare", "kalai"]


class CompromiseOut(BaseModel):
    version: str
    viewer: str
    blind: bool = Field(description="True: a party's view (own utility and red lines only)")
    result: dict[str, Any]
    relax_in_words: list[str]


class EngineRunIn(_In):
    objective: Objective = "nash"
    version: str | None = Field(default=None, max_length=80, description="DOC or DOC@N")
    allow_drop: bool = False
    samples: int = Field(
        default=0, ge=0, le=200, description="Robustness test: perturbed problems (mediator)"
    )


class EngineRunOut(BaseModel):
    uid: str
    negotiation: str
    objective: str
    version: str
    allow_drop: bool
    samples: int
    status: Literal["queued", "running", "done", "failed", "interrupted"]
    step: str = Field(description="What the run is doing (or did last)")
    done: int = Field(description="Steps done, out of ``total``")
    total: int
    result: dict[str, Any] | None = Field(description="As you may see it, once done")
    relax_in_words: list[str]
    blind: bool
    plot: str | None = Field(description="The Pareto plot (SVG), for the mediator's runs")
    error: str | None
    created_at: str
    updated_at: str
    attempts: int = Field(0, description="Workers that took the run (more than one: one died)")
    tabled_as: str | None = Field(None, description="The version the package was tabled as")


class UserIn(_In):
    username: str = Slug
    password: str = Field(min_length=8, max_length=1024)
    display_name: str = Field(default="", max_length=300)
    admin: bool = False


class InvitationIn(_In):
    username: str = Slug
    negotiation: str = Slug
    handle: str = Slug
    party: str | None = Field(default=None, max_length=63)
    name: str | None = Field(default=None, max_length=300)
    level: Level | None = None


class ProposalIn(_In):
    """The mediator publishes the engine's package on a version as a proposal."""

    version: str | None = Field(default=None, max_length=80)
    objective: Literal["nash", "maxmin"] = "nash"
    allow_drop: bool = False


class SeatIn(_In):
    """A principal gives an existing user account the seat of a member of its party."""

    username: str = Slug
    handle: str = Slug


BriefFormat = Literal["md", "html", "docx", "pdf"]


PointLabel = Annotated[str, Field(min_length=1, max_length=40)]
MemberHandle = Annotated[str, Field(min_length=1, max_length=63)]


class WorkingGroupIn(_In):
    """A working group to create (the mediator only)."""

    slug: str = Field(min_length=1, max_length=63, description="Short name, e.g. security")
    name: str = Field(min_length=1, max_length=300)
    level: Level = Level.EXPERT
    points: list[PointLabel] = Field(
        default_factory=list, max_length=500, description="Point labels in ``version``"
    )
    members: list[MemberHandle] = Field(
        default_factory=list, max_length=200, description="Member handles"
    )
    version: str | None = Field(
        default=None, max_length=80, description="DOC or DOC@N (default: the version in focus)"
    )


class WorkingGroupsOut(BaseModel):
    negotiation: str
    version: str = Field(description="The version whose labels the points are given in")
    version_tabled: str | None = Field(default=None, description="When that version was tabled")
    groups: list[WorkingGroupView]
