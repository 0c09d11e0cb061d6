"""Values no column can hold (NUL characters, integers beyond 32 bits) get a 422 naming the field,
the same on SQLite and PostgreSQL, and never reach the database; only a lost connection is a 503."""

from __future__ import annotations

import psycopg
import pytest
from django.db import DataError, InterfaceError, OperationalError
from psycopg import errors as pg

from openexpo.core.resilience import database_unavailable
from tests.api.test_errors import conforms

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url, field",
    [
        ("/api/companies?q=a%00b", "q"),
        ("/api/countries?region=%00", "region"),
        ("/api/companies?page=9223372036854775808", "page"),
        ("/api/companies?page=2147483648", "page"),
        ("/api/editions/2147483648", "number"),
    ],
)
def test_unstorable_query_and_path_values_are_refused(client, edition, url, field):
    body = conforms(client.get(url), 422, "invalid")
    assert body["field"] == field
    assert [e["loc"][-1] for e in body["errors"]] == [field]


def test_largest_32_bit_values_pass(client, edition):
    assert client.get("/api/editions/2147483647").status_code == 404
    assert client.get("/api/companies?page=2147483647").status_code == 200


def test_nul_in_a_body_names_the_field_and_writes_nothing(client, exhibitor_a, company_a):
    client.force_login(exhibitor_a)
    response = client.patch(
        f"/api/companies/{company_a.pk}", {"name_en": "A\x00B"}, content_type="application/json"
    )
    assert conforms(response, 422, "invalid")["field"] == "payload.name_en"
    company_a.refresh_from_db()
    assert company_a.name_en == "Alpha Medical GmbH"


def _operational(cause: Exception) -> OperationalError:
    exc = OperationalError(str(cause))
    exc.__cause__ = cause
    return exc


@pytest.mark.parametrize(
    "exc, unavailable",
    [
        (
            _operational(pg.AdminShutdown("terminating connection due to administrator command")),
            True,
        ),
        (_operational(pg.CannotConnectNow("the database system is starting up")), True),
        (_operational(pg.ConnectionFailure("connection failure")), True),
        (_operational(psycopg.OperationalError("the connection is closed")), True),
        (_operational(pg.QueryCanceled("canceling statement due to statement timeout")), False),
        (_operational(pg.DeadlockDetected("deadlock detected")), False),
        (_operational(pg.LockNotAvailable("could not obtain lock on row in relation")), False),
        (OperationalError("database is locked"), False),
        (OperationalError("unable to open database file"), True),
        (DataError("PostgreSQL text fields cannot contain NUL (0x00) bytes"), False),
        (DataError("integer out of range"), False),
        (InterfaceError("connection already closed"), True),
        (ValueError("connection"), False),
    ],
)
def test_database_unavailable_means_a_lost_connection_only(exc, unavailable):
    assert database_unavailable(exc) is unavailable
