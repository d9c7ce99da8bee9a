"""Use cases. Every write: permission check, change, audit event, commit."""
