"""Citations for units read from a structured file (Akoma Ntoso): a unit's ``ref``
from the numbers on its way down, unique in the document.

``4`` is Article 4, ``4.2`` its paragraph 2, ``4.2(b)`` item (b) of that
paragraph, ``4.2(b)(i)`` below it; a Part, Chapter or Section is cited by its
word and number (``Chapter II``). Containers enter the citation of the Articles
under them only when the numbers would repeat otherwise (``II.3``: Articles
restart in every Chapter), first the nearest container, then the whole chain; an
unnumbered unit is cited by its place (``4.¶2``); a number written in brackets is cited in
brackets (section ``2(1)(a)`` of an act). An annex's units are always cited
under it (``Annex 1.2``). A citation still repeated (a
file with two Articles 3 in one Chapter) gets ``~2``. A file that gives every unit
a citation of its own, all distinct (onetext writes them), keeps them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from onetext.text.brackets import extract_notes, extract_options
from onetext.text.tree import Level, Node

__all__ = [
    "LEVEL_ATTRIBUTE",
    "ONETEXT_NAMESPACE",
    "REF_ATTRIBUTE",
    "DraftUnit",
    "build_nodes",
    "citation_core",
]

ONETEXT_NAMESPACE = "urn:onetext:akn:1"
"""onetext's own attributes in AKN files (which AKN allows on any element)."""
REF_ATTRIBUTE = f"{{{ONETEXT_NAMESPACE}}}ref"
"""``onetext:ref``: a unit's citation, written on export and read back on import."""
LEVEL_ATTRIBUTE = f"{{{ONETEXT_NAMESPACE}}}level"
"""``onetext:level``: a unit's level, where the AKN element alone could be read otherwise."""

_NAMED = re.compile(r"^[^\W\d_]{2,}\.?\s+\S")  # "Schedule 1", "Annex II": a name of its own
_WORD = {
    Level.PART: "Part",
    Level.CHAPTER: "Chapter",
    Level.SECTION: "Section",
}


@dataclass
class DraftUnit:
    """A unit as read, before it has a citation: ``lines`` are its words, ``notes``
    the notes held apart from them (footnotes)."""

    level: Level
    label: str = ""
    heading: str | None = None
    lines: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    children: list[DraftUnit] = field(default_factory=list)
    line: int = 0
    annex: bool = False
    ref: str = ""  # the citation the file gives (a file onetext wrote), if any
    written_by_onetext: bool = False  # its level and label are given exactly


_LEVEL_WORD = re.compile(
    r"^(?:article|art\.?|part|chapter|chap\.?|ch\.|section|sect?\.|§|title|book|tome|"
    r"division|rule|clause|paragraph|para\.?|point|item|subpart)\s*(?=[\w(])",
    re.IGNORECASE,
)


def citation_core(label: str) -> str:
    """The number of a label as a citation writes it: ``Article 4`` → ``4``,
    ``CHAPTER II`` → ``II``, ``(b)`` → ``b``, ``1.`` → ``1``."""
    core = label.strip().rstrip(".:").strip()
    core = _LEVEL_WORD.sub("", core, count=1) or core
    if core.startswith("(") and core.endswith(")"):
        core = core[1:-1].strip()
    elif core.endswith(")") and "(" not in core:
        core = core[:-1].strip()
    return core


@dataclass(frozen=True)
class _Scope:
    """Where a unit sits: the citation of its parent unit (none under a container or at
    the top) and the keys of the containers above it, nearest last."""

    parent_ref: str | None
    parent_level: Level | None
    containers: tuple[str, ...]
    container_ref: str | None
    annex: str | None = None


class _Builder:
    def __init__(self, mode: int) -> None:
        self.mode = mode  # 0: numbers only, 1: nearest container, 2: all containers
        self.used: set[str] | None = set() if mode >= 3 else None
        self.annexes = 0

    def _claim(self, ref: str) -> str:
        if self.used is None:
            return ref
        candidate, count = ref, 1
        while candidate in self.used:
            count += 1
            candidate = f"{ref}~{count}"
        self.used.add(candidate)
        return candidate

    def _prefix(self, scope: _Scope) -> str:
        """What goes before a unit cited from a container: always the annex it is in,
        then the containers as the mode says."""
        annex = f"{scope.annex}." if scope.annex else ""
        containers = scope.containers[1:] if scope.annex else scope.containers
        if self.mode == 0 or not containers:
            return annex
        if self.mode == 1:
            return f"{annex}{containers[-1]}."
        return annex + ".".join(containers) + "."

    def ref(self, unit: DraftUnit, position: int, scope: _Scope) -> tuple[str, str]:
        """The unit's citation, and the key it gives the units below if it is a container."""
        core = citation_core(unit.label)
        bracketed = unit.label.strip().startswith("(") or unit.label.strip().endswith(")")
        if unit.annex:
            self.annexes += 1
            key = f"Annex {core or self.annexes}"
            return self._claim(key), key
        if unit.level.is_container and unit.level is not Level.ARTICLE:
            key = core or str(position)
            own = key if _NAMED.match(key) else f"{_WORD[unit.level]} {key}"
            if self.mode >= 1 and scope.container_ref:
                own = f"{scope.container_ref} {own}"
            return self._claim(own), key
        number = core or f"¶{position}"
        parent = scope.parent_ref
        if parent is None:
            base = f"{self._prefix(scope)}{number}"
            if core and (unit.level is Level.ITEM or bracketed):
                base = f"{self._prefix(scope)}({core})"
            return self._claim(base), ""
        items = unit.level is Level.ITEM and scope.parent_level in (Level.PARAGRAPH, Level.ITEM)
        if core and (items or bracketed):
            return self._claim(f"{parent}({core})"), ""
        return self._claim(f"{parent}.{number}"), ""

    def nodes(self, units: Sequence[DraftUnit], scope: _Scope) -> tuple[Node, ...]:
        built: list[Node] = []
        for position, unit in enumerate(units, start=1):
            ref, key = self.ref(unit, position, scope)
            if unit.annex:
                below = _Scope(None, unit.level, (key,), ref, annex=key)
            elif unit.level.is_container and unit.level is not Level.ARTICLE:
                containers = (*scope.containers, key)
                below = _Scope(None, unit.level, containers, ref, scope.annex)
            else:
                below = _Scope(ref, unit.level, scope.containers, scope.container_ref)
            text = "\n".join(unit.lines).strip("\n")
            built.append(
                Node(
                    ref=ref,
                    label=unit.label,
                    level=unit.level,
                    heading=unit.heading,
                    text=text,
                    options=extract_options(unit.label, text),
                    notes=(*extract_notes(text), *unit.notes),
                    children=self.nodes(unit.children, below),
                    line=unit.line,
                )
            )
        return tuple(built)


def _unique(nodes: Sequence[Node]) -> bool:
    refs = [node.ref for top in nodes for node in top.walk()]
    return len(refs) == len(set(refs))


def _given_refs(units: Sequence[DraftUnit]) -> list[str]:
    refs: list[str] = []
    for unit in units:
        refs += [unit.ref, *_given_refs(unit.children)]
    return refs


class _Given(_Builder):
    """The citations the file gives."""

    def ref(self, unit: DraftUnit, position: int, scope: _Scope) -> tuple[str, str]:
        return unit.ref, citation_core(unit.label) or str(position)


def build_nodes(units: Sequence[DraftUnit]) -> tuple[Node, ...]:
    """Nodes with citations unique in the document: the file's own if it gives one
    to every unit, all distinct; else built from the numbers, as short as they can be."""
    top = _Scope(None, None, (), None)
    given = _given_refs(units)
    if given and all(given) and len(set(given)) == len(given):
        return _Given(0).nodes(units, top)
    for mode in (0, 1, 2):
        nodes = _Builder(mode).nodes(units, top)
        if _unique(nodes):
            return nodes
    return _Builder(3).nodes(units, top)
