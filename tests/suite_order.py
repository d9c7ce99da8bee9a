"""The suite's files, longest first, so no long file starts last and runs alone.

The suite runs on two workers with ``--dist loadfile`` (a file's tests stay on one
worker: they share module fixtures such as servers, databases and a browser) and
``--no-loadscope-reorder`` (workers take files in the order collected). xdist's own
order, most tests first, put the files of a few slow tests (a browser story, a
hypothesis fuzz) last, where one ran alone for minutes. ``file_seconds.json`` holds
each file's seconds in a whole run; files are taken longest first (the classic
longest-processing-time rule). A file not listed yet counts as the longest: a new
file starts early rather than risk ending the run alone.

Refresh the table after a whole run::

    .venv/bin/pytest --junitxml=run.xml
    .venv/bin/python tests/suite_order.py run.xml
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Protocol

SECONDS = Path(__file__).with_name("file_seconds.json")
ROOT = Path(__file__).resolve().parents[1]


class Collected(Protocol):
    @property
    def nodeid(self) -> str: ...


def file_of(nodeid: str) -> str:
    return nodeid.split("::", 1)[0]


def file_seconds(path: Path = SECONDS) -> dict[str, float]:
    if not path.exists():
        return {}
    return {str(name): float(value) for name, value in json.loads(path.read_text("utf-8")).items()}


def longest_files_first(items: list[Collected], seconds: dict[str, float]) -> None:
    """Sort ``items`` in place: files by their seconds, longest first; a file's tests
    keep their order and stay together; an unlisted file counts as the longest."""
    unknown = max(seconds.values(), default=0.0) + 1.0
    position = {}
    for item in items:
        position.setdefault(file_of(item.nodeid), len(position))
    items.sort(
        key=lambda item: (
            -seconds.get(file_of(item.nodeid), unknown),
            position[file_of(item.nodeid)],
        )
    )


def seconds_from_junit(report: Path) -> dict[str, float]:
    """Each file's seconds (setup, call and teardown of its tests) in a JUnit report."""
    from xml.etree import ElementTree

    found: dict[str, float] = defaultdict(float)
    for case in ElementTree.parse(report).iter("testcase"):
        found[_module_file(case.get("classname", ""))] += float(case.get("time", "0"))
    return {name: round(value, 1) for name, value in sorted(found.items())}


def _module_file(classname: str) -> str:
    """``tests.web.test_x`` (or ``tests.web.test_x.TestClass``) as ``tests/web/test_x.py``."""
    parts = classname.split(".")
    for end in range(len(parts), 1, -1):  # a test class's name follows its module's
        if (ROOT.joinpath(*parts[:end]).with_suffix(".py")).exists():
            return "/".join(parts[:end]) + ".py"
    return "/".join(parts) + ".py"


if __name__ == "__main__":
    table = seconds_from_junit(Path(sys.argv[1]))
    SECONDS.write_text(json.dumps(table, indent=1) + "\n", encoding="utf-8")
    print(f"{len(table)} files, {sum(table.values()):.0f} s in all -> {SECONDS}")
