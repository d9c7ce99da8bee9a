"""The fictional demo negotiation: drafts, annexes, position papers and the story."""
