"""Pictures for people who would rather look than read: the stance matrix as a
heatmap, the version history as a graph. SVG or PNG by the file's suffix."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.colors import ListedColormap
from matplotlib.patches import Patch

from onetext.errors import InvalidInput
from onetext.views.drafts import VersionSummary
from onetext.views.marks import MatrixView

__all__ = ["save_history_picture", "save_matrix_picture"]

STANCES = ["unmarked", "unacceptable", "open", "reservations", "accepted"]
COLOURS = ["#eeeeee", "#c0392b", "#5dade2", "#f4d03f", "#27ae60"]


def _check_target(path: Path) -> None:
    if path.suffix.lower() not in {".svg", ".png"}:
        raise InvalidInput(f"a picture is written as .svg or .png, not {path.suffix or path.name}")
    if not path.parent.exists():
        raise InvalidInput(f"cannot write {path}: folder {path.parent} does not exist")


def save_matrix_picture(view: MatrixView, path: Path) -> None:
    """Parties as rows, points as columns, one colour per stance; a dot marks
    a stance to be re-confirmed."""
    _check_target(path)
    labels = [str(p["label"]) for p in view.points]
    grid = [
        [
            0
            if view.matrix[party][label] is None
            else STANCES.index(view.matrix[party][label].stance)  # type: ignore[union-attr]
            for label in labels
        ]
        for party in view.parties
    ]
    width = max(6.0, 0.32 * len(labels) + 2.5)
    figure, axes = plt.subplots(figsize=(width, 1.2 + 0.55 * len(view.parties)))
    axes.imshow(grid, cmap=ListedColormap(COLOURS), vmin=0, vmax=len(STANCES) - 1, aspect="auto")
    for row, party in enumerate(view.parties):
        for column, label in enumerate(labels):
            mark = view.matrix[party][label]
            if mark is not None and mark.reconfirm:
                axes.plot(column, row, marker="o", markersize=3, color="black")
    axes.set_xticks(range(len(labels)), labels, fontsize=7)
    axes.set_yticks(range(len(view.parties)), view.parties)
    axes.set_xlabel("point")
    title = f"{view.negotiation} — {view.version}"
    if view.as_of:
        title += f" as of {view.as_of[:10]}"
    axes.set_title(title + f" (seen by {view.viewer})", fontsize=10)
    figure.legend(
        handles=[Patch(color=c, label=s) for s, c in zip(STANCES, COLOURS, strict=True)],
        loc="lower center",
        ncol=len(STANCES),
        fontsize=8,
        frameon=False,
    )
    figure.tight_layout(rect=(0, 0.12, 1, 1))
    figure.savefig(path)
    plt.close(figure)


def save_history_picture(versions: Sequence[VersionSummary], path: Path) -> None:
    """Versions in time order, one lane per document, arrows from parents."""
    _check_target(path)
    if not versions:
        raise InvalidInput("no versions to draw")
    documents = list(dict.fromkeys(v.document for v in versions))
    where = {v.ref: (index, documents.index(v.document)) for index, v in enumerate(versions)}
    figure, axes = plt.subplots(figsize=(max(6.0, 1.3 * len(versions)), 1.0 + 0.7 * len(documents)))
    for version in versions:
        x, y = where[version.ref]
        for parent in version.parents:
            if parent in where:
                px, py = where[parent]
                axes.annotate(
                    "",
                    xy=(x, y),
                    xytext=(px, py),
                    arrowprops={"arrowstyle": "->", "color": "#555555"},
                )
        axes.scatter([x], [y], s=220, color="#2e86c1", zorder=3)
        axes.annotate(
            f"{version.ref}\n{version.points} pts",
            (x, y),
            textcoords="offset points",
            xytext=(0, 12),
            ha="center",
            fontsize=7,
        )
    axes.set_yticks(range(len(documents)), documents)
    axes.set_xticks(
        range(len(versions)), [v.created_at[:10] for v in versions], fontsize=7, rotation=30
    )
    axes.set_ylim(-0.7, len(documents) - 0.3)
    axes.set_title("version history", fontsize=10)
    figure.tight_layout()
    figure.savefig(path)
    plt.close(figure)
