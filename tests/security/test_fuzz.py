"""Schemathesis against the served OpenAPI schema: no 5xx, and responses match their schema.

Runs every operation with a few generated requests (derandomised, so CI sees the same ones)
as the organiser, who reaches the most code, on the small demo expo of tests/security/world.py.
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from django.db import transaction
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from openexpo.wsgi import application
from tests.security.world import World, world_build

ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith("postgres")
# Run on SQLite in `make test`; on PostgreSQL the last CI run found discrepancies still to settle
# (a 503 during fuzzing, two statuses that differ from SQLite's), listed in the note.
pytestmark = [
    pytest.mark.fuzz,
    pytest.mark.skipif(ON_POSTGRES, reason="SQLite only for now (see the comment above)"),
]
EXAMPLES_PER_OPERATION = 5

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)
# Responses known not to match their documented schema (still checked for 5xx). Each is a
# finding to fix in its app; remove the line when it is fixed.
KNOWN_SCHEMA_MISMATCHES = {
    # LaunchOut.start_time is documented as JSON Schema "time", which requires a UTC offset
    # ("16:30:00+08:00"); the API sends a local wall-clock time ("16:30:00").
    "GET /api/launches",
    # The 400 answer is documented as ImportOut but is the error envelope {code, detail}.
    "POST /api/forum/{number}/import",
}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield world_build()
        transaction.set_rollback(True)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_fuzz(case, world: World, db: None) -> None:
    checks = [not_a_server_error]
    if f"{case.method.upper()} {case.path}" not in KNOWN_SCHEMA_MISMATCHES:
        checks.append(response_schema_conformance)
    case.call_and_validate(
        headers={"Authorization": f"Bearer {world.tokens['organiser']}"}, checks=checks
    )
