"""Schemathesis against the served OpenAPI schema: no 5xx, and responses match their schema.

Runs every operation with a few generated requests (derandomised, so CI sees the same ones) on
the small demo expo of tests/security/world.py, each request as two roles: the organiser, who
reaches the most code, and in turn an exhibitor or a delegation lead of other people's data or
an anonymous caller. Each request runs in its own savepoint, so one example's writes do not leak
into the next, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from openexpo.api.main import api
from openexpo.wsgi import application
from tests.security.world import World, world_build

pytestmark = pytest.mark.fuzz
# Generated requests per operation (half valid for the schema, half not); each is sent twice.
EXAMPLES_PER_OPERATION = int(os.environ.get("OPENEXPO_FUZZ_EXAMPLES", "16"))
# Every request goes as the organiser, who reaches the most code, and as one of the others in
# turn (the same requests to the same roles on every run and database).
OTHER_ROLES = ("exhibitor", "delegation_lead", "anonymous")

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)
# One pytest item per operation, so pytest-xdist spreads them (schemathesis's own
# parametrisation gives every operation the same node id, and xdist then runs only one).
OPERATIONS = [
    f"{method.upper()} {path}"
    for path, ops in api.get_openapi_schema()["paths"].items()
    for method in ops
    if method in {"get", "post", "put", "patch", "delete"}
]


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker) -> Iterator[World]:
    """The world inside one rolled-back transaction, served by the real WSGI handler.

    Like Django's test client, the handler must not close the connection at the end of each
    request (`close_old_connections` drops a connection left inside a transaction): that would
    close the test's own transaction on PostgreSQL and every later request would find its
    connection gone.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        with django_db_blocker.unblock(), transaction.atomic():
            yield world_build()
            transaction.set_rollback(True)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _strategy(operation: Any) -> st.SearchStrategy:
    modes = []
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
        try:
            modes.append(operation.as_strategy(mode))
        except Exception:  # noqa: BLE001 - an operation with nothing to make invalid
            continue
    return st.one_of(modes)


@pytest.mark.parametrize("label", OPERATIONS)
def test_api_fuzz(label: str, world: World, db: None) -> None:
    method, path = label.split(" ", 1)
    operation = schema[path][method]
    turn = itertools.cycle(OTHER_ROLES)
    checks = [not_a_server_error, response_schema_conformance]

    @given(case=_strategy(operation))
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any) -> None:
        for role in ("organiser", next(turn)):
            token = world.tokens.get(role)
            headers = {"Authorization": f"Bearer {token}"} if token else {}
            with transaction.atomic():
                case.call_and_validate(headers=headers, checks=checks)
                transaction.set_rollback(True)

    run()
