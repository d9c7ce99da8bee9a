"""Leak tracing: variant sites, fingerprinting codes, per-recipient copies, attribution.

Pure: no I/O. :mod:`sites` finds where a copy may differ without changing its
meaning (never touching :mod:`forbidden` words), :mod:`code` draws a symmetric
Tardos code over those sites, :mod:`registry` issues copies and keeps who got which
codeword, :mod:`attribute` traces a leaked text back to its source.
"""

from onetext.trace.attribute import DEFAULT_THRESHOLD, Attribution, Candidate, Tracer
from onetext.trace.code import CodeDesign, FingerprintCode, design_code, generate_code
from onetext.trace.forbidden import FORBIDDEN_WORDS
from onetext.trace.registry import CopyIssue, CopyRegistry, issue_copies
from onetext.trace.sites import Site, SiteKind, SiteOptions, apply_codeword, find_sites

__all__ = [
    "DEFAULT_THRESHOLD",
    "FORBIDDEN_WORDS",
    "Attribution",
    "Candidate",
    "CodeDesign",
    "CopyIssue",
    "CopyRegistry",
    "FingerprintCode",
    "Site",
    "SiteKind",
    "SiteOptions",
    "Tracer",
    "apply_codeword",
    "design_code",
    "find_sites",
    "generate_code",
    "issue_copies",
]
