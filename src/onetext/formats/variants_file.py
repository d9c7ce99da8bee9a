"""Read the mediator's variants file (``onetext copies --variants FILE``).

JSON or TOML (both read by the standard library): a mapping from point label to a
list of entries, each entry the phrase as the point writes it followed by its
equivalent alternatives. What the entries may say is checked against the draft
by :mod:`onetext.trace.authored`.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from onetext.errors import InvalidInput
from onetext.formats.drafts import read_text_file
from onetext.trace.authored import AuthoredPhrase, parse_variants

__all__ = ["VARIANTS_SUFFIXES", "load_variants_file"]

VARIANTS_SUFFIXES = (".json", ".toml")


def load_variants_file(path: Path) -> tuple[AuthoredPhrase, ...]:
    """The phrases a variants file lists; a one-line error for anything unreadable."""
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        raise InvalidInput(
            f"{path.name}: YAML is not read (onetext does not depend on a YAML parser); "
            "write the variants file as JSON or TOML"
        )
    if suffix not in VARIANTS_SUFFIXES:
        raise InvalidInput(
            f"unsupported variants file type {suffix or '(none)'} for {path.name}: "
            f"expected one of {', '.join(VARIANTS_SUFFIXES)}"
        )
    text = read_text_file(path)
    try:
        data = json.loads(text) if suffix == ".json" else tomllib.loads(text)
    except json.JSONDecodeError as error:
        raise InvalidInput(
            f"{path.name}: not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})"
        ) from None
    except tomllib.TOMLDecodeError as error:
        raise InvalidInput(f"{path.name}: not valid TOML: {error}") from None
    return parse_variants(data, where=path.name)
