"""Load and save drafts by file type: .txt, .md, .docx; Akoma Ntoso .xml is read.

python-docx is imported only for a .docx file.
"""

from __future__ import annotations

from pathlib import Path

from onetext.errors import DocumentParseError, InvalidInput
from onetext.text.outline import parse_document, parse_document_lines
from onetext.text.parse import ParsedDraft, draft_from_tree, parse_draft
from onetext.text.render import render_draft
from onetext.text.tree import DocumentTree

__all__ = ["SUPPORTED_SUFFIXES", "load_draft", "load_tree", "read_text_file", "save_draft"]

SUPPORTED_SUFFIXES = (".txt", ".md", ".markdown", ".docx", ".xml")


def read_text_file(path: Path) -> str:
    """Read a UTF-8 text file with a clear error instead of a traceback."""
    if not path.exists():
        raise InvalidInput(f"file not found: {path}")
    if path.is_dir():
        raise InvalidInput(f"expected a file, found a directory: {path}")
    data = path.read_bytes()
    if b"\x00" in data:
        raise DocumentParseError(f"{path.name}: expected a text document, found binary data")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DocumentParseError(
            f"{path.name}: expected UTF-8 text, found an invalid byte at offset {error.start}"
        ) from None


def load_draft(path: Path, *, lenient: bool = False) -> ParsedDraft:
    """Parse a draft file; the suffix says the format. ``lenient``: unbalanced
    brackets are read at their unit's edge and listed in ``warnings``."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise InvalidInput(
            f"unsupported file type {suffix or '(none)'} for {path.name}: "
            f"expected one of {', '.join(SUPPORTED_SUFFIXES)}"
        )
    if not path.exists():
        raise InvalidInput(f"file not found: {path}")
    if suffix == ".docx":
        from onetext.formats.docx_io import read_docx

        return read_docx(path, lenient=lenient)
    if suffix == ".xml":
        return draft_from_tree(load_tree(path))
    text = read_text_file(path)
    try:
        return parse_draft(text, markdown=suffix in {".md", ".markdown"}, lenient=lenient)
    except DocumentParseError as error:
        raise DocumentParseError(f"{path.name}: {error.message}") from None


def load_tree(path: Path, *, lenient: bool = False) -> DocumentTree:
    """Read a file into its document tree (``onetext parse``); the suffix says the format."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise InvalidInput(
            f"unsupported file type {suffix or '(none)'} for {path.name}: "
            f"expected one of {', '.join(SUPPORTED_SUFFIXES)}"
        )
    if not path.exists():
        raise InvalidInput(f"file not found: {path}")
    try:
        if suffix == ".docx":
            from onetext.formats.docx_io import docx_lines

            return parse_document_lines(docx_lines(path), markdown=True, lenient=lenient)
        if suffix == ".xml":
            from onetext.formats.akn import MAX_AKN_BYTES, akn_to_tree

            if path.is_dir():
                raise InvalidInput(f"expected a file, found a directory: {path}")
            if path.stat().st_size > MAX_AKN_BYTES:
                raise DocumentParseError(
                    f"{path.name} is larger than {MAX_AKN_BYTES // 2**20} MiB: "
                    "onetext reads Akoma Ntoso files up to that size"
                )
            return akn_to_tree(path.read_bytes())
        return parse_document(
            read_text_file(path), markdown=suffix in {".md", ".markdown"}, lenient=lenient
        )
    except DocumentParseError as error:
        if error.message.startswith(path.name):
            raise
        raise DocumentParseError(f"{path.name}: {error.message}") from None


def save_draft(path: Path, draft: ParsedDraft) -> None:
    """Write a parsed draft in the format its suffix names."""
    suffix = path.suffix.lower()
    if suffix == ".docx":
        from onetext.formats.docx_io import write_docx

        write_docx(
            path,
            draft.points,
            title=draft.title,
            preamble=draft.preamble,
            numbering=draft.numbering,
        )
        return
    if suffix not in SUPPORTED_SUFFIXES or suffix == ".xml":
        raise InvalidInput(f"unsupported export type {suffix or '(none)'}")
    markdown = suffix in {".md", ".markdown"}
    path.write_text(
        render_draft(
            draft.points,
            title=draft.title,
            preamble=draft.preamble,
            numbering=draft.numbering,
            markdown=markdown,
        ),
        encoding="utf-8",
    )
