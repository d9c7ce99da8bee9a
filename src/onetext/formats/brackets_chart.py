"""The bracket burn-down as a picture: brackets, options and bracketed units left
open in each version, oldest first, the way secretariats chart a text converging.

SVG or PNG by the file's suffix; the SVG is reproducible (no date, fixed ids), so a
chart committed to the docs changes only when its numbers do.
"""

from __future__ import annotations

import io
from pathlib import Path

from onetext.errors import InvalidInput
from onetext.views.brackets import Burndown

__all__ = ["CHART_FORMATS", "render_burndown", "write_burndown"]

CHART_FORMATS = (".svg", ".png")

_SERIES = (  # attribute, legend, colour, marker, where its numbers go (points, alignment)
    ("spans", "bracketed spans", "#1f4e79", "o", (0, 8), "center"),
    ("options", "alternatives offered", "#c0392b", "s", (9, -4), "left"),
    ("bracketed_units", "units still bracketed", "#27ae60", "^", (-9, -4), "right"),
)


def render_burndown(burndown: Burndown, suffix: str = ".svg") -> bytes:
    """The chart as the bytes of an .svg or .png file."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    if suffix not in CHART_FORMATS:
        raise InvalidInput(f"a chart is written as .svg or .png, not {suffix or 'no suffix'}")
    steps = burndown.steps
    if not steps:
        raise InvalidInput(f"{burndown.document} has no versions to chart")
    with matplotlib.rc_context({"svg.hashsalt": "onetext-burndown", "svg.fonttype": "none"}):
        figure = Figure(figsize=(max(6.0, 1.1 * len(steps) + 2.5), 4.2), dpi=110)
        FigureCanvasAgg(figure)
        axes = figure.add_subplot()
        xs = list(range(len(steps)))
        for attribute, label, colour, marker, offset, align in _SERIES:
            ys = [getattr(step, attribute) for step in steps]
            axes.plot(xs, ys, color=colour, marker=marker, linewidth=2, label=label)
            for x, y in zip(xs, ys, strict=True):
                axes.annotate(
                    str(y),
                    (x, y),
                    textcoords="offset points",
                    xytext=offset,
                    ha=align,
                    fontsize=8,
                    color=colour,
                )
        axes.set_xticks(xs, [f"{s.ref}\n{s.created_at[:10]}" for s in steps], fontsize=8)
        axes.set_xlim(-0.5, len(steps) - 0.5)
        axes.set_ylim(bottom=0, top=max(max(s.spans, s.options) for s in steps) * 1.18 + 1)
        axes.set_ylabel("open in the version")
        axes.grid(axis="y", color="#dddddd", linewidth=0.6)
        axes.spines[["top", "right"]].set_visible(False)
        what = "lineage of " if burndown.lineage else ""
        axes.set_title(f"Brackets remaining: {what}{burndown.document}", fontsize=11)
        axes.legend(loc="upper right", fontsize=8, frameon=False)
        figure.tight_layout()
        out = io.BytesIO()
        metadata = {"Date": None} if suffix == ".svg" else {}
        figure.savefig(out, format=suffix[1:], metadata=metadata)
    return out.getvalue()


def write_burndown(burndown: Burndown, path: Path) -> Path:
    """Write the chart to ``path`` (.svg or .png)."""
    suffix = path.suffix.lower()
    if suffix not in CHART_FORMATS:
        raise InvalidInput(f"cannot chart to {path}: use a .svg or .png file name")
    if not path.parent.exists():
        raise InvalidInput(f"cannot write {path}: folder {path.parent} does not exist")
    data = render_burndown(burndown, suffix)
    try:
        path.write_bytes(data)
    except OSError as error:
        raise InvalidInput(f"cannot write {path}: {error.strerror or error}") from None
    return path
