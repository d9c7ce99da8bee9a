"""A self-contained HTML redline page of a comparison of two versions.

One file, no scripts, no external resources: the styles are inline, every text
from a draft is escaped. Insertions are ``<ins>``, deletions ``<del>``, so the
page reads the same with styles off and prints as a redline.
"""

from __future__ import annotations

from html import escape
from typing import Any

from onetext.text.align import Alignment, Change, ChangeKind
from onetext.text.redline import Op, redline_change

__all__ = ["KIND_COLOURS", "labels_text", "render_comparison_html"]

KIND_COLOURS: dict[ChangeKind, str] = {
    ChangeKind.UNCHANGED: "#6b7280",
    ChangeKind.RENUMBERED: "#4b5563",
    ChangeKind.REWORDED: "#b45309",
    ChangeKind.MOVED: "#7c3aed",
    ChangeKind.SPLIT: "#0e7490",
    ChangeKind.MERGED: "#0f766e",
    ChangeKind.ADDED: "#15803d",
    ChangeKind.REMOVED: "#b91c1c",
}

_STYLE = """
body { font: 15px/1.5 Georgia, 'Times New Roman', serif; margin: 2rem auto; max-width: 60rem;
       color: #111827; padding: 0 1rem; }
h1 { font-size: 1.4rem; } .meta { color: #4b5563; font-family: system-ui, sans-serif; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid #e5e7eb; padding: .45rem .5rem; vertical-align: top;
         text-align: left; }
th { font-family: system-ui, sans-serif; font-size: .8rem; text-transform: uppercase;
     color: #4b5563; }
td.labels, td.sim { font-family: system-ui, sans-serif; white-space: nowrap; }
td.text { white-space: pre-wrap; }
.kind { font: 600 .75rem system-ui, sans-serif; color: #fff; border-radius: .25rem;
        padding: .1rem .4rem; white-space: nowrap; }
ins { color: #1d4ed8; text-decoration: underline; background: #eff6ff; }
del { color: #b91c1c; text-decoration: line-through; background: #fef2f2; }
tr.unchanged td.text, tr.renumbered td.text { color: #6b7280; }
.counts span { margin-right: 1rem; }
"""


def labels_text(alignment: Alignment[Any], change: Change) -> tuple[str, str]:
    """The old and new labels of a change for people: ``"4, 5"``, or a dash for none."""
    old, new = alignment.labels(change)
    return ", ".join(old) or "—", ", ".join(new) or "—"


def _redline_html(alignment: Alignment[Any], change: Change) -> str:
    parts: list[str] = []
    for segment in redline_change(alignment, change):
        text = escape(segment.text)
        if segment.op is Op.INSERT:
            parts.append(f"<ins>{text}</ins>")
        elif segment.op is Op.DELETE:
            parts.append(f"<del>{text}</del>")
        else:
            parts.append(text)
    return "".join(parts)


def render_comparison_html(
    alignment: Alignment[Any], *, old_name: str = "old", new_name: str = "new"
) -> str:
    """The full HTML page comparing ``alignment.old`` (``old_name``) with ``.new``."""
    counts = alignment.counts()
    count_html = "".join(
        f'<span><span class="kind" style="background:{KIND_COLOURS[kind]}">{kind.value}</span>'
        f" {n}</span>"
        for kind, n in counts.items()
        if n
    )
    rows: list[str] = []
    for change in alignment.changes:
        old, new = labels_text(alignment, change)
        colour = KIND_COLOURS[change.kind]
        similarity = (
            ""
            if change.kind in (ChangeKind.ADDED, ChangeKind.REMOVED)
            else (f"{change.similarity:.0%}")
        )
        note = " <small>typography only</small>" if change.typographic else ""
        rows.append(
            f'<tr class="{change.kind.value}">'
            f'<td><span class="kind" style="background:{colour}">{change.kind.value}</span>'
            f"{note}</td>"
            f'<td class="labels">{escape(old)}</td><td class="labels">{escape(new)}</td>'
            f'<td class="sim">{similarity}</td>'
            f'<td class="text">{_redline_html(alignment, change)}</td></tr>'
        )
    title = f"Comparison of {old_name} and {new_name}"
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head><body>"
        f"<h1>{escape(title)}</h1>"
        f'<p class="meta">{len(alignment.old)} points before, {len(alignment.new)} after. '
        "Insertions are <ins>underlined</ins>, deletions <del>struck through</del>.</p>"
        f'<p class="counts meta">{count_html}</p>'
        "<table><thead><tr><th>Change</th><th>Old</th><th>New</th><th>Similarity</th>"
        f"<th>Text</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
        "</body></html>\n"
    )
