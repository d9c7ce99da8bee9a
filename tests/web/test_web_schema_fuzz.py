"""Fuzz the JSON API from its own OpenAPI schema (schemathesis): never a 500.

Requests are made as a logged-in delegate (session cookie and CSRF header), so the
fuzzer reaches past the login check into every route; each operation gets a
bounded number of generated requests (positive and negative data).
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from web_support import NEGOTIATION, StoryClock, password

from onetext.service import accounts
from onetext.store.database import Database
from onetext.store.unit_of_work import UnitOfWork
from onetext.web import create_app

FUZZ_USER = "n-expert"
EXAMPLES_PER_OPERATION = 10


@pytest.fixture(scope="module")
def fuzz_target(shared_record: tuple[Database, StoryClock]) -> dict[str, Any]:
    database, clock = shared_record
    with UnitOfWork(database, clock) as uow:
        ticket = accounts.log_in(uow, FUZZ_USER, password(FUZZ_USER), "127.0.0.1")
    app = create_app(database, clock=clock)
    return {
        "schema": schemathesis.openapi.from_asgi("/openapi.json", app),
        "cookies": {"onetext_session": ticket.token},
        "headers": {"X-CSRF-Token": ticket.csrf_token},
    }


def test_no_generated_request_makes_the_server_fail(fuzz_target: dict[str, Any]) -> None:
    schema = fuzz_target["schema"]
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 12
    # logging out would end the fuzzer's own session; it is tested in test_web_accounts
    operations = [op for op in operations if op.label != "POST /api/logout"]
    failures: list[str] = []
    seen: list[tuple[str, int]] = []
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def exercise(case: Any) -> None:
            rounds: list[str | None] = [None]
            if case.path_parameters and "slug" in case.path_parameters:
                rounds.append(NEGOTIATION)  # also aim the same request at a real negotiation
            for slug in rounds:
                if slug is not None:
                    case.path_parameters["slug"] = slug
                response = case.call(cookies=fuzz_target["cookies"], headers=fuzz_target["headers"])
                if response.status_code >= 500 or (
                    response.status_code >= 400 and set(response.json()) != {"error"}
                ):
                    failures.append(f"{case.as_curl_command()} -> {response.status_code}")
                assert b"Traceback" not in response.content  # bodies may be binary (DOCX)
                seen.append((case.operation.label, response.status_code))

        exercise()
    assert failures == []
    answered = {label for label, status in seen if status < 300}
    assert len(answered) >= 6, answered  # the fuzzer got past login and into real data
