"""Writing a settlement into a unit's text: the chosen alternatives in, brackets out.

The engine settles a unit's choices with option keys (``a``, ``1b+2none``: see
``text.brackets``); ``settle_text`` rewrites the unit as the package reads: each
settled choice becomes the chosen wording without its brackets (or the ``Option
N:`` label), a phrase chosen out disappears, and a choice nested in an alternative
that was not chosen goes with it. A choice the keys do not settle stays as written,
brackets and all. Notes and footnote markers stay.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from onetext.text.brackets import OMIT_KEY, _forest, _groups, _Region, _scan

__all__ = ["settle_text"]

_SPACES = re.compile(r"[ \t]{2,}")
_SPACE_BEFORE_PUNCT = re.compile(r"[ \t]+([,.;:)])")
_SPACE_AFTER_OPEN = re.compile(r"\([ \t]+")


def _group_start(text: str, group: list[_Region]) -> int:
    first = group[0]
    if first.kind == "option":  # from the start of its "Option 1:" line
        return text.rfind("\n", 0, first.start) + 1
    return first.start


def _inner(text: str, region: _Region) -> tuple[int, int]:
    if region.kind == "bracket":  # a ']' whose '[' lies before the unit has none to skip
        return region.start + (1 if region.opened else 0), min(region.end - 1, len(text))
    return region.start, region.end


def settle_text(text: str, chosen: Collection[str]) -> str:
    """``text`` with the choices that ``chosen`` (option keys) settles written in."""
    keys = set(chosen)
    ordered: list[tuple[list[_Region], int]] = []
    children: dict[int, list[tuple[list[_Region], int]]] = {}

    # number the choices exactly as ``extract_options`` does: depth first, in reading order
    def visit(groups: list[list[_Region]], holder: list[tuple[list[_Region], int]]) -> None:
        for group in groups:
            ordered.append((group, len(ordered) + 1))
            holder.append(ordered[-1])
            for region in group:
                if region.children:
                    inner: list[tuple[list[_Region], int]] = []
                    children[id(region)] = inner
                    visit(_groups(text, region.children), inner)

    top: list[tuple[list[_Region], int]] = []
    visit(_forest(text, _scan(text)), top)
    numbered = len(ordered) > 1

    def key(number: int, position: int | None) -> str:
        prefix = str(number) if numbered else ""
        if position is None:
            return prefix + OMIT_KEY
        return prefix + (chr(ord("a") + position) if position < 26 else f"z{position}")

    settled = False

    def render(start: int, end: int, groups: list[tuple[list[_Region], int]]) -> str:
        nonlocal settled
        out: list[str] = []
        at = start
        for group, number in groups:
            g_start, g_end = _group_start(text, group), min(group[-1].end, len(text))
            if g_start < at:  # cannot happen with a well-formed forest; keep the text
                continue
            out.append(text[at:g_start])
            picked = [p for p in range(len(group)) if key(number, p) in keys]
            if picked:
                region = group[picked[0]]
                lo, hi = _inner(text, region)
                out.append(render(lo, hi, children.get(id(region), [])).strip())
                settled = True
            elif key(number, None) in keys:
                settled = True  # the phrase chosen out
            else:
                out.append(text[g_start:g_end])
            at = g_end
        out.append(text[at:end])
        return "".join(out)

    result = render(0, len(text), top)
    if not settled:
        return text
    lines = []
    for written in result.split("\n"):
        tidy = _SPACE_BEFORE_PUNCT.sub(r"\1", _SPACES.sub(" ", written))
        lines.append(_SPACE_AFTER_OPEN.sub("(", tidy).rstrip())
    return "\n".join(lines).strip()
