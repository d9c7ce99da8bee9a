"""The suite's own order: files longest first, each file's tests together and in order."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from suite_order import file_seconds, longest_files_first, seconds_from_junit

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Item:
    nodeid: str


def test_files_are_taken_longest_first_and_an_unlisted_one_before_all() -> None:
    items = [
        Item("tests/a.py::one"),
        Item("tests/a.py::two"),
        Item("tests/new.py::x"),
        Item("tests/b.py::one[sqlite]"),
        Item("tests/b.py::one[postgres]"),
        Item("tests/c.py::only"),
    ]
    longest_files_first(items, {"tests/a.py": 3.0, "tests/b.py": 40.5, "tests/c.py": 3.0})
    assert [i.nodeid for i in items] == [
        "tests/new.py::x",
        "tests/b.py::one[sqlite]",
        "tests/b.py::one[postgres]",
        "tests/a.py::one",  # a tie keeps the collected order
        "tests/a.py::two",
        "tests/c.py::only",
    ]


@given(
    st.lists(st.tuples(st.sampled_from("abcdef"), st.integers(0, 5)), unique=True),
    st.dictionaries(st.sampled_from("abcdef"), st.floats(0, 600)),
)
def test_each_files_tests_stay_together_in_their_order(
    tests: list[tuple[str, int]], seconds: dict[str, float]
) -> None:
    collected = sorted(tests)  # as pytest collects: file by file
    items = [Item(f"tests/{f}.py::t{n}") for f, n in collected]
    table = {f"tests/{f}.py": s for f, s in seconds.items()}
    longest_files_first(items, table)
    assert sorted(items, key=lambda i: i.nodeid) == sorted(
        (Item(f"tests/{f}.py::t{n}") for f, n in collected), key=lambda i: i.nodeid
    )
    files = [i.nodeid.split("::")[0] for i in items]
    runs = [f for k, f in enumerate(files) if k == 0 or files[k - 1] != f]
    assert len(runs) == len(set(files))  # no file split in two
    weights = [table.get(f, float("inf")) for f in runs]
    assert weights == sorted(weights, reverse=True)
    for f in runs:  # within a file, the collected order
        mine = [i.nodeid for i in items if i.nodeid.startswith(f + "::")]
        assert mine == [f"{f}::t{n}" for g, n in collected if f"tests/{g}.py" == f]


def test_seconds_are_summed_per_file_from_a_junit_report(tmp_path: Path) -> None:
    report = tmp_path / "run.xml"
    report.write_text(
        '<?xml version="1.0"?><testsuites><testsuite>'
        '<testcase classname="tests.test_suite_order" name="a" time="1.25"/>'
        '<testcase classname="tests.test_suite_order" name="b" time="2.5"/>'
        '<testcase classname="tests.test_suite_order.TestGrouped" name="c" time="1"/>'
        '<testcase classname="tests.web.test_elsewhere" name="d" time="0.04"/>'
        "</testsuite></testsuites>",
        encoding="utf-8",
    )
    assert seconds_from_junit(report) == {
        "tests/test_suite_order.py": 4.8,  # 4.75, rounded to a tenth
        "tests/web/test_elsewhere.py": 0.0,
    }


def test_the_table_is_read_and_the_workers_keep_the_collected_order() -> None:
    table = file_seconds()
    assert table and all(name.startswith("tests/") and s >= 0 for name, s in table.items())
    assert file_seconds(ROOT / "no-such-table.json") == {}
    options = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    addopts = options["tool"]["pytest"]["ini_options"]["addopts"].split()
    assert {"--dist", "loadfile", "--no-loadscope-reorder"} <= set(addopts)
