"""Text of drafts: parsing, rendering, alignment, redlines, provenance. Pure."""
