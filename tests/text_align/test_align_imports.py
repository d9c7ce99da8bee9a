"""The comparison modules load no heavy library until they are used."""

from __future__ import annotations

import subprocess
import sys

MODULES = (
    "onetext.text.align",
    "onetext.text.evidence",
    "onetext.text.gap_pairs",
    "onetext.text.redline",
    "onetext.text.provenance",
    "onetext.text.merge",
    "onetext.formats.compare_docx",
    "onetext.formats.compare_html",
)
HEAVY = ("numpy", "scipy", "rapidfuzz", "docx", "lxml")


def test_align_modules_import_no_heavy_library() -> None:
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in MODULES)
        + f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""
