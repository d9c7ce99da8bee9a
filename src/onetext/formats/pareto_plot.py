"""Draw a Pareto frontier to SVG or PNG with matplotlib's Agg canvas.

Two parties: utilities of one against the other, the frontier as a staircase.
Three or more: parallel coordinates, one line per non-dominated package. The
mediator's view only: the plot shows every party's utility.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from pathlib import Path

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from onetext.errors import InvalidInput
from onetext.solve.pareto import Frontier

__all__ = ["PLOT_FORMATS", "render_pareto_plot", "write_pareto_plot"]

PLOT_FORMATS = (".svg", ".png")


def write_pareto_plot(
    frontier: Frontier,
    path: Path,
    *,
    highlight: Mapping[str, float] | None = None,
    title: str = "Pareto frontier of acceptable packages",
) -> Path:
    """Write the plot to ``path`` (format from its suffix, .svg or .png)."""
    suffix = path.suffix.lower()
    if suffix not in PLOT_FORMATS:
        raise InvalidInput(f"cannot plot to {path}: use a .svg or .png file name")
    data = render_pareto_plot(frontier, suffix, highlight=highlight, title=title)
    try:
        path.write_bytes(data)
    except OSError as error:
        raise InvalidInput(f"cannot write {path}: {error.strerror or error}") from None
    return path


def render_pareto_plot(
    frontier: Frontier,
    suffix: str = ".svg",
    *,
    highlight: Mapping[str, float] | None = None,
    title: str = "Pareto frontier of acceptable packages",
) -> bytes:
    """The plot as the bytes of an .svg or .png file."""
    figure = Figure(figsize=(7.0, 5.0), dpi=120)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    parties = frontier.parties
    values = frontier.matrix()
    if len(parties) == 2 and len(values):
        order = values[:, 0].argsort()
        xs, ys = values[order, 0], values[order, 1]
        axes.step(xs, ys, where="post", color="#9aa5b1", linewidth=1, zorder=1)
        axes.scatter(xs, ys, color="#1f4e79", s=28, zorder=2, label="non-dominated package")
        axes.set_xlim(-2, 102)
        axes.set_xlabel(f"utility of {parties[0]}")
        axes.set_ylabel(f"utility of {parties[1]}")
        if highlight is not None:
            axes.scatter(
                [highlight[parties[0]]],
                [highlight[parties[1]]],
                marker="*",
                s=220,
                color="#c0392b",
                zorder=3,
                label="suggested package",
            )
        axes.legend(loc="lower left")
    else:
        xs_axis = list(range(len(parties)))
        for row in values:
            axes.plot(xs_axis, row, color="#1f4e79", alpha=0.45, marker="o", markersize=3)
        if highlight is not None:
            axes.plot(
                xs_axis,
                [highlight[p] for p in parties],
                color="#c0392b",
                linewidth=2.5,
                marker="*",
                markersize=10,
                label="suggested package",
            )
            axes.legend(loc="lower left")
        axes.set_xticks(xs_axis, list(parties))
        axes.set_ylabel("utility")
    axes.set_ylim(-2, 102)
    axes.grid(True, alpha=0.3)
    count = len(values)
    axes.set_title(f"{title} ({count} point{'' if count == 1 else 's'})")
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format=suffix.lstrip("."))
    return buffer.getvalue()
