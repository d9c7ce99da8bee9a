"""A DOCX draft is measured before it is parsed: too many paragraphs or too much XML
is refused in one line and nothing is imported (issue 13, finding 11)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import docx
import pytest

from onetext.formats.docx_limits import MAX_DOCX_PARAGRAPHS, MAX_DOCX_XML_BYTES
from tests_support import build_small_record, must, run_cli


def _docx_with_body(tmp_path: Path, name: str, body: bytes) -> Path:
    """A real DOCX (made by python-docx) whose document part's body is ``body``."""
    seed = tmp_path / "seed.docx"
    document = docx.Document()
    document.add_paragraph("Closing words of the draft.")
    document.save(str(seed))
    target = tmp_path / name
    with zipfile.ZipFile(seed) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                start = data.index(b"<w:body>") + len(b"<w:body>")
                data = data[:start] + body + data[start:]
            out.writestr(info, data)
    return target


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "limits.db")
    build_small_record(path)
    return path


def _versions(db: str) -> str:
    return must("versions", "--json", "--db", db)


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (b"<w:p/>" * (MAX_DOCX_PARAGRAPHS + 1), "paragraphs"),
        (b"<w:p></w:p>" * (MAX_DOCX_PARAGRAPHS + 1), "paragraphs"),
        (b"<!--" + b" " * (MAX_DOCX_XML_BYTES + 1) + b"-->", "MB of XML"),
    ],
    ids=["empty-paragraphs", "open-close-paragraphs", "xml-bomb"],
)
def test_an_oversized_docx_is_refused_in_one_line(
    db: str, tmp_path: Path, body: bytes, words: str
) -> None:
    path = _docx_with_body(tmp_path, "big.docx", body)
    assert path.stat().st_size < 2_000_000  # small on disk: the cost is inside
    before = _versions(db)
    result = run_cli("import", str(path), "-d", "big", "--party", "envoy", "--db", db)
    assert result.code == 2, result.err
    assert words in result.err and "Traceback" not in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert _versions(db) == before


def test_a_docx_under_the_limits_still_imports(db: str, tmp_path: Path) -> None:
    body = b"".join(
        f"<w:p><w:r><w:t>{n}. Point {n} of the draft.</w:t></w:r></w:p>".encode()
        for n in range(1, 201)
    )
    path = _docx_with_body(tmp_path, "fine.docx", body)
    out = json.loads(must("import", str(path), "-d", "fine", "--party", "envoy",
                          "--json", "--db", db))  # fmt: skip
    assert out[0]["points"] == 200
