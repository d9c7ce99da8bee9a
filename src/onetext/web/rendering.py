"""Jinja2 rendering of the pages and error messages in words."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

__all__ = ["STANCES", "render", "templates", "validation_message"]

STANCES = ("accepted", "reservations", "open", "unacceptable")
STANCE_SHORT = {"accepted": "A", "reservations": "R", "open": "O", "unacceptable": "U"}

templates = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)
templates.globals.update(stances=STANCES, stance_short=STANCE_SHORT)


def _short_time(value: str | None) -> str:
    """``2026-10-05T14:30:00+00:00`` → ``2026-10-05 14:30``."""
    if not value:
        return ""
    return value[:16].replace("T", " ")


templates.filters["when"] = _short_time


def render(request: Request, name: str, *, status: int = 200, **context: Any) -> HTMLResponse:
    """Render ``name`` with the request and the logged-in session (if any)."""
    context.setdefault("session", None)
    context.setdefault("you", None)
    html = templates.get_template(name).render(request=request, **context)
    return HTMLResponse(html, status_code=status)


def validation_message(errors: Sequence[Any]) -> str:
    """Pydantic/FastAPI validation errors as one readable sentence."""
    parts = []
    for error in errors[:5]:
        where = ".".join(str(item) for item in error.get("loc", ()) if item != "body")
        message = str(error.get("msg", "invalid value"))
        parts.append(f"{where}: {message}" if where else message)
    more = f" (and {len(errors) - 5} more)" if len(errors) > 5 else ""
    return "invalid request: " + "; ".join(parts) + more
