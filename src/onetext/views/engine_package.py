"""The engine's package read as text, and the version it became when tabled."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["PackageText", "PackageUnit", "PartyStanding", "TabledPackage"]


@dataclass(frozen=True, slots=True)
class PackageUnit:
    """One unit as the package reads: ``text`` with the chosen wording written in
    (empty when the unit is dropped); ``wording`` names the choice in the text's words;
    ``state`` is ``as written`` (nothing to choose), ``settled`` or ``dropped``."""

    label: str
    heading: str | None
    text: str
    written: str
    choice: str
    wording: str
    state: str


@dataclass(frozen=True, slots=True)
class PartyStanding:
    """A party's utility for the package against its own worst and best acceptable
    package: ``share`` places it on a bar from worst (0) to best (1)."""

    party: str
    utility: float
    worst: float
    best: float
    share: float


@dataclass(frozen=True, slots=True)
class PackageText:
    version: str
    units: list[PackageUnit]
    dropped: list[str]
    standings: list[PartyStanding]
    tabled_as: str | None


@dataclass(frozen=True, slots=True)
class TabledPackage:
    """The engine's package tabled as the next version of the single text."""

    run: str
    version: str
    based_on: str
    units: int
    settled: list[str]
    dropped: list[str]
