"""Start-up of the command line against importing its own libraries alone.

Every figure is a fresh process (what a user waits for), timed from launch to exit;
the runs of the four commands are interleaved, so the machine's noise falls on all
of them alike, and the medians are compared in the same run:

- ``onetext --help`` against ``python -c "import typer, rich"`` (target: within 3x);
- ``onetext matrix --json`` on the demo negotiation against
  ``python -c "import typer, rich, sqlalchemy.orm"`` (target: within 2x).

The demo database is built first, in a temporary folder (not timed).

Run: .venv/bin/python benchmarks/bench_startup.py [--runs 21]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HELP_TARGET = 3.0
MATRIX_TARGET = 2.0


def onetext_command() -> list[str]:
    """The console script beside this interpreter, as a user runs it; else the module."""
    script = Path(sys.executable).with_name("onetext")
    if script.exists():
        return [str(script)]
    found = shutil.which("onetext")
    return [found] if found else [sys.executable, "-m", "onetext"]


def run_once(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, env=env, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr.decode()}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21, help="runs of each command")
    args = parser.parse_args()
    env = {**os.environ, "COLUMNS": "100"}
    env.pop("ONETEXT_DATABASE_URL", None)
    onetext = onetext_command()
    with tempfile.TemporaryDirectory() as folder:
        db = str(Path(folder) / "demo.db")
        subprocess.run(
            [*onetext, "demo", "--db", db, "--no-show"], check=True, env=env, capture_output=True
        )
        commands = {
            "import typer, rich": [sys.executable, "-c", "import typer, rich"],
            "import typer, rich, sqlalchemy.orm": [
                sys.executable,
                "-c",
                "import typer, rich, sqlalchemy.orm",
            ],
            "onetext --help": [*onetext, "--help"],
            "onetext matrix --json (demo)": [*onetext, "matrix", "--json", "--db", db],
        }
        for command in commands.values():  # warm the file cache and the bytecode
            run_once(command, env)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, command in commands.items():
                times[name].append(run_once(command, env))
    medians = {name: statistics.median(values) for name, values in times.items()}
    print(f"start-up, median of {args.runs} fresh processes each")
    for name, value in medians.items():
        print(f"  {name:<36} {value * 1000:7.0f} ms")
    help_ratio = medians["onetext --help"] / medians["import typer, rich"]
    matrix_ratio = (
        medians["onetext matrix --json (demo)"] / medians["import typer, rich, sqlalchemy.orm"]
    )
    for label, ratio, target in (
        ("onetext --help / import typer, rich", help_ratio, HELP_TARGET),
        ("onetext matrix --json / import typer, rich, sqlalchemy.orm", matrix_ratio, MATRIX_TARGET),
    ):
        verdict = "within" if ratio <= target else "OVER"
        print(f"  {label:<60} {ratio:5.2f}x  ({verdict} the {target:g}x target)")


if __name__ == "__main__":
    main()
