"""The one exception tree of onetext.

Every error a user can cause is an ``OnetextError``; the CLI turns it into one
line and a non-zero exit, the web app into a status code. Anything else is a bug.

    OnetextError
    ├── InvalidInput            bad argument, value or file (400/422, exit 2)
    │   ├── DocumentParseError  a file that is not a numbered draft
    │   └── ProblemFileError    a bad onetext-problem/1 file (names the path)
    ├── NotFound                unknown negotiation, party, point, version (404)
    ├── PermissionDenied        the actor may not do this (403)
    ├── NotAuthenticated        no valid session, or wrong username or password (401)
    ├── LoginThrottled          too many failed logins from one address (429)
    ├── Conflict                the change breaks a rule of the record (409)
    ├── AuditChainBroken        the audit log was edited, deleted or reordered
    └── SolverError             the engine could not certify an answer
"""

from __future__ import annotations

__all__ = [
    "AuditChainBroken",
    "Conflict",
    "DocumentParseError",
    "InvalidInput",
    "LoginThrottled",
    "NotAuthenticated",
    "NotFound",
    "OnetextError",
    "PermissionDenied",
    "ProblemFileError",
    "SolverError",
]


class OnetextError(Exception):
    """Root of every error onetext raises on purpose."""

    exit_code: int = 1
    http_status: int = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InvalidInput(OnetextError):
    """A value, argument or file given by the user is not acceptable."""

    exit_code = 2
    http_status = 422


class DocumentParseError(InvalidInput):
    """A file is not a numbered draft; says what was expected and where parsing stopped."""

    def __init__(self, message: str, *, line: int | None = None, column: int | None = None) -> None:
        where = ""
        if line is not None:
            where = f" (line {line}, column {column})" if column is not None else f" (line {line})"
        super().__init__(f"{message}{where}")
        self.line = line
        self.column = column


class ProblemFileError(InvalidInput):
    """A problem file is malformed; ``path`` names the offending entry."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}" if path else message)
        self.path = path


class NotFound(OnetextError):
    """The named object does not exist (or the actor may not know it exists)."""

    exit_code = 3
    http_status = 404


class PermissionDenied(OnetextError):
    """The actor is not allowed to perform the action."""

    exit_code = 4
    http_status = 403


class NotAuthenticated(OnetextError):
    """No valid session, or a wrong username or password (401)."""

    exit_code = 4
    http_status = 401


class LoginThrottled(OnetextError):
    """Too many failed logins for this username from this address (429)."""

    exit_code = 4
    http_status = 429


class Conflict(OnetextError):
    """The change would break an invariant of the negotiation record."""

    exit_code = 5
    http_status = 409


class AuditChainBroken(OnetextError):
    """The hash chain of audit events does not verify."""

    exit_code = 6
    http_status = 500


class SolverError(OnetextError):
    """The compromise engine failed to produce a certified answer."""

    exit_code = 7
    http_status = 500
