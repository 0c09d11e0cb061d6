"""The read replica for the reports, end to end: with a `replica` alias configured (in tests
Django's test mirror of default: another connection to the same database), the statistics
pages, exports and API tables read through that connection while sessions, users and every
write stay on default; with no replica configured everything reads default; and the settings
build the alias from OPENEXPO_REPLICA_URL."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from openexpo.core import dbrouter
from openexpo.deals.models import ExchangeRate
from openexpo.deals.services import deal_confirm, deal_record
from openexpo.reports.selectors import fan_out
from tests.factories import DelegationFactory, ParticipationFactory, UserFactory

ROOT = Path(__file__).resolve().parents[2]
BOTH = pytest.mark.django_db(transaction=True, databases=["default", "replica"])
PAGES = [
    "/reports/stats/6/",
    "/reports/stats/6/country/",
    "/reports/stats/6/delegation.csv",
    "/api/editions/6/deal-stats/area",
]


def confirm_a_deal(edition, company, exhibitor):
    """One confirmed deal of 46,000,000 EUR (US$ 50 m) with the Shanghai delegation, recorded
    and confirmed through the services."""
    for code, per_usd in [("CNY", "7.1"), ("EUR", "0.92")]:
        ExchangeRate.objects.create(
            edition=edition, currency=code, valid_from=edition.start_date, per_usd=Decimal(per_usd)
        )
    stand = ParticipationFactory(edition=edition, company=company)
    lead = UserFactory(username="lead", kind="buyer")
    delegation = DelegationFactory(edition=edition, code="shanghai", name_en="Shanghai", lead=lead)
    deal = deal_record(
        actor=exhibitor,
        edition=edition,
        exhibitor=stand,
        buyer_organisation="Pudong Hospital Group",
        delegation=delegation,
        amount=Decimal("46000000"),
        currency="EUR",
        signed_on=edition.start_date,
    )
    return deal_confirm(actor=lead, deal=deal)


@pytest.fixture
def confirmed(edition, company_a, exhibitor_a):
    return confirm_a_deal(edition, company_a, exhibitor_a)


def tables(ctx: CaptureQueriesContext) -> set[str]:
    """The tables the captured statements name."""
    return {
        name
        for q in ctx.captured_queries
        for name in re.findall(r'(?:FROM|JOIN|INTO|UPDATE)\s+"?(\w+)"?', q["sql"], re.I)
    }


def statements(ctx: CaptureQueriesContext) -> set[str]:
    """The first word of each captured statement (SELECT, INSERT, ...)."""
    return {q["sql"].split(None, 1)[0].upper() for q in ctx.captured_queries}


def get_on_both(client, url: str):
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as copy,
    ):
        response = client.get(url)
    return response, primary, copy


@BOTH
@pytest.mark.parametrize("url", PAGES)
def test_statistics_read_the_replica_anonymous(client, replica, confirmed, url):
    response, primary, copy = get_on_both(client, url)
    assert response.status_code == 200
    assert "deals_dealrollup" in tables(copy)  # the figures come through the replica ...
    assert statements(copy) == {"SELECT"}
    assert primary.captured_queries == []  # ... and nothing at all from the primary


@BOTH
def test_the_replica_serves_the_committed_figures(client, replica, confirmed, organiser):
    client.force_login(organiser)  # organisers see cells of fewer than 3 deals
    response, primary, copy = get_on_both(client, "/api/editions/6/deal-stats/delegation")
    body = response.json()
    assert [(r["label_en"], r["deals"], r["usd"]) for r in body["rows"]] == [
        ("Shanghai", 1, "50000000.00")
    ]
    assert "deals_dealrollup" in tables(copy) and "deals_dealrollup" not in tables(primary)


@BOTH
def test_figures_worker_threads_follow_the_callers_routing(replica, edition):
    """The headline figures run some aggregates in worker threads (reports.selectors.fan_out):
    inside reads_from_replica() they route to the replica too, outside to the primary."""
    where = [lambda e: dbrouter.ReplicaRouter().db_for_read(ExchangeRate)] * 4
    with dbrouter.reads_from_replica():
        assert fan_out(where, edition) == ["replica"] * 4
    assert fan_out(where, edition) == [None] * 4


@BOTH
def test_organiser_session_and_user_stay_on_the_primary(client, replica, confirmed, organiser):
    client.force_login(organiser)
    response, primary, copy = get_on_both(client, "/reports/stats/6/delegation/")
    assert response.status_code == 200 and "Pudong" not in response.content.decode()
    assert tables(primary) == {"django_session", "core_user"}
    assert statements(primary) == {"SELECT"}
    assert "deals_dealrollup" in tables(copy)
    assert not tables(copy) & {"django_session", "core_user"}


@BOTH
def test_writes_go_to_the_primary_even_inside_a_replica_block(
    replica, edition, company_a, exhibitor_a
):
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as copy,
        dbrouter.reads_from_replica(),
    ):
        deal = confirm_a_deal(edition, company_a, exhibitor_a)
    assert deal.status == "confirmed"
    assert {"INSERT", "UPDATE"} <= statements(primary)
    assert {"deals_deal", "deals_dealrollup", "core_auditentry"} <= tables(primary)
    assert statements(copy) <= {"SELECT"}  # the replica only ever reads
    locks = [q["sql"] for q in primary.captured_queries if "FOR UPDATE" in q["sql"]]
    if connections["default"].features.has_select_for_update:
        assert locks  # row locks are taken on the primary, never on the replica
    assert not [q for q in copy.captured_queries if "FOR UPDATE" in q["sql"]]


@pytest.mark.django_db(transaction=True)  # default only: a query to "replica" would fail
@pytest.mark.parametrize("url", PAGES)
def test_without_a_replica_everything_reads_the_primary(client, settings, confirmed, url):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "openexpo.core.dbrouter.ReportsReplicaMiddleware"]
    assert settings.REPLICA_READS is False
    with CaptureQueriesContext(connections["default"]) as primary:
        response = client.get(url)
    assert response.status_code == 200
    assert "deals_dealrollup" in tables(primary)
    with dbrouter.reads_from_replica():
        assert dbrouter.ReplicaRouter().db_for_read(ExchangeRate) is None


def _settings_with(env: dict[str, str]) -> dict:
    code = (
        "import json; from django.conf import settings; d = settings.DATABASES;"
        "print(json.dumps({'aliases': sorted(d), 'reads': settings.REPLICA_READS,"
        "'replica': {k: d['replica'][k] for k in ('NAME', 'HOST', 'TEST')} if 'replica' in d"
        " else None, 'middleware': 'openexpo.core.dbrouter.ReportsReplicaMiddleware'"
        " in settings.MIDDLEWARE, 'routers': settings.DATABASE_ROUTERS}))"
    )
    base = {k: v for k, v in os.environ.items() if not k.startswith("OPENEXPO_REPLICA")}
    out = subprocess.run(
        [sys.executable, "-c", code],
        env={**base, "DJANGO_SETTINGS_MODULE": "openexpo.settings", "PYTHONPATH": str(ROOT), **env},
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return json.loads(out.stdout)


def test_settings_build_the_replica_from_the_environment():
    plain = _settings_with({})
    assert (plain["aliases"], plain["reads"], plain["middleware"]) == (["default"], False, False)
    assert plain["routers"] == ["openexpo.core.dbrouter.ReplicaRouter"]
    url = "postgres://reader@replica.internal:5432/openexpo"
    on = _settings_with({"OPENEXPO_REPLICA_URL": url})
    assert (on["aliases"], on["reads"], on["middleware"]) == (["default", "replica"], True, True)
    assert on["replica"]["NAME"] == "openexpo" and on["replica"]["HOST"] == "replica.internal"
    assert on["replica"]["TEST"] == {"MIRROR": "default"}
