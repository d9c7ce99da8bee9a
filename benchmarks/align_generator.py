"""Write a realistic draft, its edited revision and the true mapping to files.

    python benchmarks/align_generator.py OUT_DIR --points 1000 --edited 0.2 --seed 7

gives ``OUT_DIR/old.txt``, ``OUT_DIR/new.txt`` (numbered drafts that ``onetext diff``
reads) and ``OUT_DIR/truth.json`` (the true changes in the ``onetext diff --json``
shape). The generator itself is ``generators.edit_scripts``, shared with the tests.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

from generators.edit_scripts import DraftPoint, generate_pair


def _draft(title: str, points: tuple[DraftPoint, ...]) -> str:
    lines = [title, ""]
    lines += [f"{p.label}. {p.text}" for p in points]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--points", type=int, default=100)
    parser.add_argument("--edited", type=float, default=0.2)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    pair = generate_pair(args.points, args.edited, random.Random(args.seed))
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "old.txt").write_text(_draft("FRAMEWORK AGREEMENT", pair.old), encoding="utf-8")
    (args.out / "new.txt").write_text(_draft("FRAMEWORK AGREEMENT", pair.new), encoding="utf-8")
    truth = pair.truth().to_json() | {"operations": pair.operations}
    (args.out / "truth.json").write_text(json.dumps(truth, indent=2), encoding="utf-8")
    print(
        f"wrote {args.out}/old.txt ({len(pair.old)} points), new.txt ({len(pair.new)} points)"
        f", truth.json; operations: {pair.operations}"
    )


if __name__ == "__main__":
    main()
