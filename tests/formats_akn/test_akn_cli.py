"""``onetext export --akn``: a stored version written as Akoma Ntoso, on a real SQLite
file, valid against the AKN 3.0 schema and reading back to the version's points."""

from __future__ import annotations

import json
from pathlib import Path

from akn_support import AKN, schema_errors
from lxml import etree

from onetext.formats.akn import akn_to_tree
from onetext.text.tree import Level
from tests_support import build_small_record, must, run_cli

ARTICLES = """Draft treaty on shared rivers

Article 1
The Parties [shall][should] share flows equitably.

Article 2
Each Party shall report [annually][every two years] to the Commission.
"""


def test_a_stored_version_exports_as_valid_akn_that_reads_back(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'onetext.db'}"
    build_small_record(db)
    out = tmp_path / "framework.akn"
    reply = json.loads(must("export", "framework@1", str(out), "--akn", "--json", "--db", db))
    assert reply == {"version": "framework@1", "file": str(out), "points": 3}
    data = out.read_bytes()
    assert schema_errors(data) == []
    shown = json.loads(must("show", "framework@1", "--json", "--db", db))
    tree = akn_to_tree(data)
    assert tree.title == shown["title"]
    assert [(n.label, n.text, n.level) for n in tree.points] == [
        (p["label"], p["text"], Level.PARAGRAPH) for p in shown["points"]
    ]
    assert [[o.text for o in n.options] for n in tree.points] == [
        [o["text"] for o in p["options"]] for p in shown["points"]
    ]
    alias = etree.fromstring(data).find(f".//{{{AKN}}}FRBRalias[@name='onetext']")
    assert alias is not None and alias.get("value") == "framework@1"


def test_an_xml_file_is_akn_and_articles_stay_articles(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'onetext.db'}"
    build_small_record(db)
    source = tmp_path / "rivers.txt"
    source.write_text(ARTICLES, encoding="utf-8")
    must("import", str(source), "-d", "rivers", "--party", "envoy", "--db", db)
    out = tmp_path / "rivers.xml"
    must("export", "rivers", str(out), "--db", db)
    data = out.read_bytes()
    assert schema_errors(data) == []
    root = etree.fromstring(data)
    articles = root.findall(f".//{{{AKN}}}article")
    assert [a.get("eId") for a in articles] == ["art_1", "art_2"]
    assert [a.findtext(f"{{{AKN}}}num") for a in articles] == ["Article 1", "Article 2"]
    tree = akn_to_tree(data)
    assert [n.ref for n in tree.points] == ["1", "2"]
    assert (
        tree.points[1].text
        == "Each Party shall report [annually][every two years] to the Commission."
    )


def test_export_to_a_missing_folder_fails_cleanly_and_writes_nothing(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'onetext.db'}"
    build_small_record(db)
    result = run_cli("export", "framework", str(tmp_path / "no" / "x.xml"), "--akn", "--db", db)
    assert result.code == 2
    assert "does not exist" in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert not (tmp_path / "no").exists()
