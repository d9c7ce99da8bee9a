"""Every text of the tree reader's fixtures exports as schema-valid Akoma Ntoso and
reads back to the same tree; an exported file imports and parses as a draft."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from formats_akn.akn_support import schema_errors
from onetext.cli import app
from onetext.errors import DocumentParseError
from onetext.formats.akn import akn_to_tree, tree_to_akn
from onetext.formats.drafts import load_draft, load_tree
from onetext.text.outline import parse_document

TREE_FIXTURES = Path(__file__).parents[1] / "text_tree" / "fixtures"


@pytest.mark.parametrize("name", sorted(p.name for p in TREE_FIXTURES.iterdir()))
def test_a_parsed_text_goes_to_akn_and_back_unchanged(name: str, tmp_path: Path) -> None:
    source = (TREE_FIXTURES / name).read_text()
    tree = parse_document(source, markdown=name.endswith(".md"))
    data = tree_to_akn(tree, name=Path(name).stem)
    assert schema_errors(data) == []
    assert akn_to_tree(data) == tree
    path = tmp_path / f"{Path(name).stem}.xml"
    path.write_bytes(data)
    assert load_tree(path) == tree
    assert [p.label for p in load_draft(path).points] == [
        p.label for p in load_draft(TREE_FIXTURES / name).points
    ]


def test_onetext_parse_reads_akn(tmp_path: Path) -> None:
    tree = parse_document((TREE_FIXTURES / "charter-style.txt").read_text())
    path = tmp_path / "charter.xml"
    path.write_bytes(tree_to_akn(tree, name="charter"))
    result = CliRunner().invoke(app, ["parse", str(path), "--json"])
    assert result.exit_code == 0, result.output
    assert '"ref": "4.2"' in result.output
    broken = tmp_path / "broken.xml"
    broken.write_bytes(b"<akomaNtoso><doc>")
    result = CliRunner().invoke(app, ["parse", str(broken)])
    assert isinstance(result.exception, DocumentParseError)
    assert "broken.xml: not well-formed XML" in str(result.exception)
