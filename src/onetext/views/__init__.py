"""Output shapes: what services return, formats render and the API sends, defined once.

Pure data (no I/O): services fill them, ``formats`` renders them, the web API
returns them as they are and the CLI prints them (``--json`` as they are).
"""

from __future__ import annotations

import dataclasses
import enum
from typing import Any

__all__ = ["to_json"]


def to_json(view: Any) -> Any:
    """A view as JSON-ready data: dataclasses as objects with their fields, enums as
    their values; the same shape the web API sends for it."""
    if dataclasses.is_dataclass(view) and not isinstance(view, type):
        return {f.name: to_json(getattr(view, f.name)) for f in dataclasses.fields(view)}
    if isinstance(view, enum.Enum):
        return view.value
    if isinstance(view, dict):
        return {str(key): to_json(value) for key, value in view.items()}
    if isinstance(view, list | tuple):
        return [to_json(item) for item in view]
    return view
