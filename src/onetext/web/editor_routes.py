"""The text editor in the browser: the page (a form over the units, which works
without script, with a small script that autosaves after a pause) and its JSON API.

Every structural edit is a button of the one form: the draft is posted as typed, the
edit applied and saved (``service.editing``), so no keystroke is lost, and a refused
edit comes back with the message by the field it is about and the input kept.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Annotated, Any

from fastapi import APIRouter, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from onetext.errors import Conflict, InvalidInput, NotFound
from onetext.service import accounts, editing
from onetext.service.actors import Actor
from onetext.store.unit_of_work import UnitOfWork
from onetext.text.editing import MAX_UNIT_TEXT, OPERATIONS, DraftUnit, EditOperation
from onetext.views import to_json
from onetext.views.editing import EditorUnit, EditorView
from onetext.web.rendering import render
from onetext.web.security import CSRF_HEADER, CurrentSession, Uow, WebSession, check_csrf

__all__ = ["api_router", "pages_router"]

api_router = APIRouter(prefix="/api")
pages_router = APIRouter(include_in_schema=False)

DocumentName = Annotated[str, PathParam(max_length=80)]


class UnitIn(BaseModel):
    point: str | None = Field(default=None, max_length=40)
    label: str = Field(max_length=40)
    heading: str | None = Field(default=None, max_length=300)
    text: str = Field(max_length=MAX_UNIT_TEXT)


class OperationIn(BaseModel):
    kind: str = Field(max_length=40)
    index: int = Field(ge=-1, le=editing.MAX_UNITS)
    key: str = Field(default="", max_length=20)
    phrase: str = Field(default="", max_length=2000)
    wording: str = Field(default="", max_length=2000)


class DraftIn(BaseModel):
    base: str = Field(max_length=120)
    message: str = Field(default="", max_length=2000)
    units: list[UnitIn] = Field(max_length=editing.MAX_UNITS)
    operation: OperationIn | None = None


class TableIn(BaseModel):
    message: str | None = Field(default=None, max_length=2000)


def _units(body: DraftIn) -> list[DraftUnit]:
    return [DraftUnit(u.point or None, u.label, u.text, u.heading) for u in body.units]


def _actor(uow: UnitOfWork, session: WebSession, slug: str) -> Actor:
    return accounts.actor_in(uow, session.account, slug)


@api_router.get("/negotiations/{slug}/documents/{document}/draft")
def api_draft(
    slug: str, document: DocumentName, uow: Uow, session: CurrentSession
) -> dict[str, Any]:
    """Your draft of the document in the editor (its latest version when you have none)."""
    result: dict[str, Any] = to_json(
        editing.open_editor(uow, _actor(uow, session, slug), slug, document)
    )
    return result


@api_router.post("/negotiations/{slug}/documents/{document}/draft")
def api_save_draft(
    slug: str,
    document: DocumentName,
    body: DraftIn,
    uow: Uow,
    session: CurrentSession,
    request: Request,
) -> dict[str, Any]:
    """Save your draft as it stands (the editor's autosave); with ``operation``, apply
    one structured edit first (insert, delete, up, down, add-alternative,
    remove-alternative) and answer with the draft."""
    check_csrf(session, request.headers.get(CSRF_HEADER))
    actor = _actor(uow, session, slug)
    if body.operation is not None:
        op = body.operation
        view = editing.edit_draft(
            uow, actor, slug, document, base=body.base, units=_units(body), message=body.message,
            operation=EditOperation(op.kind, op.index, op.key, op.phrase, op.wording),
        )  # fmt: skip
        result: dict[str, Any] = to_json(view)
        return result
    saved = editing.save_draft(
        uow, actor, slug, document, base=body.base, units=_units(body), message=body.message
    )
    answer: dict[str, Any] = to_json(saved)
    return answer


@api_router.post("/negotiations/{slug}/documents/{document}/draft/table", status_code=201)
def api_table_draft(
    slug: str,
    document: DocumentName,
    body: TableIn,
    uow: Uow,
    session: CurrentSession,
    request: Request,
) -> dict[str, Any]:
    """Table your saved draft as the document's next version."""
    check_csrf(session, request.headers.get(CSRF_HEADER))
    summary = editing.table_edit(
        uow, _actor(uow, session, slug), slug, document, message=body.message
    )
    result: dict[str, Any] = to_json(summary)
    return result


@api_router.post("/negotiations/{slug}/documents/{document}/draft/discard")
def api_discard_draft(
    slug: str, document: DocumentName, uow: Uow, session: CurrentSession, request: Request
) -> dict[str, bool]:
    """Throw your draft away."""
    check_csrf(session, request.headers.get(CSRF_HEADER))
    return {"discarded": editing.discard_draft(uow, _actor(uow, session, slug), slug, document)}


def _editor_page(
    request: Request,
    uow: UnitOfWork,
    session: WebSession,
    slug: str,
    view: EditorView,
    errors: Mapping[str, str],
    *,
    status: int = 200,
    typed: Mapping[str, str] | None = None,
) -> Response:
    you = accounts.membership_in(uow, session.account, slug)[1]
    next_number = int(view.latest.rpartition("@")[2]) + 1
    return render(
        request,
        "editor.html",
        status=status,
        session=session,
        you=you,
        view=view,
        errors=dict(errors),
        typed=dict(typed or {}),
        next_ref=f"{view.document}@{next_number}",
    )


@pages_router.get("/negotiations/{slug}/documents/{document}/edit", response_class=HTMLResponse)
def editor_page(
    request: Request, slug: str, document: DocumentName, uow: Uow, session: CurrentSession
) -> Response:
    view = editing.open_editor(uow, _actor(uow, session, slug), slug, document)
    return _editor_page(request, uow, session, slug, view, {})


_FIELD = re.compile(r"^unit-(\d{1,5})-(point|label|heading|text|phrase|wording|to)$")
_DO = re.compile(r"^(save|table|discard|[a-z-]{2,20}:-?\d{1,5}(?::[0-9a-z]{1,12})?)$")


def _form_units(form: Mapping[str, str]) -> tuple[list[DraftUnit], dict[int, dict[str, str]]]:
    """The units as typed (in order), and each unit's fields, from the posted form."""
    fields: dict[int, dict[str, str]] = {}
    for name, value in form.items():
        found = _FIELD.match(name)
        if found:
            fields.setdefault(int(found[1]), {})[found[2]] = value
    if len(fields) > editing.MAX_UNITS:
        raise InvalidInput(f"a draft has at most {editing.MAX_UNITS} units")
    units = [
        DraftUnit(
            point=fields[i].get("point") or None,
            label=fields[i].get("label", ""),
            text=fields[i].get("text", ""),
            heading=fields[i].get("heading") or None,
        )
        for i in sorted(fields)
    ]
    return units, {position: fields[i] for position, i in enumerate(sorted(fields))}


def _operation(do: str, fields: Mapping[int, Mapping[str, str]]) -> EditOperation | None:
    if do in {"save", "table", "discard"}:
        return None
    kind, _, rest = do.partition(":")
    index_text, _, key = rest.partition(":")
    if kind not in OPERATIONS:
        raise InvalidInput(f"unknown edit {kind!r}")
    index = int(index_text)
    own = fields.get(index, {})
    if kind == "add-alternative":
        key = own.get("to", "")
    return EditOperation(kind, index, key, own.get("phrase", ""), own.get("wording", ""))


def _field_of(message: str, units: list[DraftUnit], index: int | None) -> str:
    """Which field a refusal is about: a unit named in it ("unit 2bis: ..."), the unit
    of the button pressed, the message, or the whole form."""
    named = re.match(r"^unit (\S+?):", message)
    if named:
        labels = [u.label for u in units]
        if named[1] in labels:
            position = labels.index(named[1])
            return f"unit-{position}-{'label' if 'label' in message else 'text'}"
        if named[1].isdigit() and 0 < int(named[1]) <= len(units):
            return f"unit-{int(named[1]) - 1}-text"
    if index is not None and 0 <= index < len(units):
        return f"unit-{index}-text"
    if "message" in message:
        return "message"
    return "form"


def _typed_view(view: EditorView, units: list[DraftUnit], message: str) -> EditorView:
    """The editor as the member typed it (after a refusal)."""
    return EditorView(
        negotiation=view.negotiation,
        document=view.document,
        title=view.title,
        base=view.base,
        latest=view.latest,
        message=message,
        saved_at=view.saved_at,
        units=[EditorUnit(u.point, u.label, u.heading, u.text) for u in units],
    )


@pages_router.post("/negotiations/{slug}/documents/{document}/edit", response_class=HTMLResponse)
async def editor_submit(
    request: Request, slug: str, document: DocumentName, uow: Uow, session: CurrentSession
) -> Response:
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    check_csrf(session, form.get("csrf_token"))
    do = form.get("do", "save")
    if not _DO.match(do):
        raise InvalidInput("unknown editor button")
    units, fields = _form_units(form)
    message = form.get("message", "")
    base = form.get("base", "")

    def work() -> Response:
        actor = _actor(uow, session, slug)
        if do == "discard":
            editing.discard_draft(uow, actor, slug, document)
            return RedirectResponse(f"/negotiations/{slug}/documents/{document}/edit", 303)
        operation: EditOperation | None = None
        try:
            operation = _operation(do, fields)
            view = editing.edit_draft(
                uow, actor, slug, document, base=base, units=units, message=message,
                operation=operation, keep_typed=True,
            )  # fmt: skip
            if do == "table":
                summary = editing.table_edit(uow, actor, slug, document, message=message)
                return RedirectResponse(
                    f"/negotiations/{slug}/versions/{summary.ref}?tabled=1", status_code=303
                )
        except (InvalidInput, Conflict, NotFound) as error:
            uow.session.rollback()
            current = editing.open_editor(uow, actor, slug, document)
            index = operation.index if operation is not None else None
            field = _field_of(error.message, units, index)
            if isinstance(error, Conflict):
                field = "form"
            shown = _typed_view(current, units, message)
            typed = {k: v for i, own in fields.items() for k, v in _prefixed(i, own).items()}
            return _editor_page(
                request, uow, session, slug, shown, {field: error.message}, status=400, typed=typed
            )
        anchor = _anchor(operation, len(view.units))
        return RedirectResponse(
            f"/negotiations/{slug}/documents/{document}/edit?saved=1{anchor}", status_code=303
        )

    return await run_in_threadpool(work)


def _anchor(operation: EditOperation | None, count: int) -> str:
    """Where the page opens after an edit: the unit the edit moved or made."""
    if operation is None or count == 0:
        return ""
    step = {"insert": 1, "down": 1, "up": -1}.get(operation.kind, 0)
    return f"#unit-{max(0, min(operation.index + step, count - 1))}"


def _prefixed(index: int, own: Mapping[str, str]) -> dict[str, str]:
    return {f"unit-{index}-{name}": value for name, value in own.items()}
