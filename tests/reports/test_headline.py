"""Headline figures: exact values, changes against the previous edition, flat query count."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from openexpo.deals.models import Deal
from openexpo.deals.rollup import rollup_rebuild
from openexpo.reports.selectors import figures_for, headline
from tests.factories import (
    CompanyFactory,
    CountryFactory,
    EditionFactory,
    ExhibitFactory,
    ParticipationFactory,
    VisitorFactory,
)

pytestmark = pytest.mark.django_db


def _editions():
    previous = EditionFactory(
        number=5, start_date=dt.date(2022, 11, 5), end_date=dt.date(2022, 11, 10)
    )
    current = EditionFactory(number=6, previous=previous)
    return previous, current


def _populate(edition, n_companies: int, *, ldc_country=None):
    parts = []
    for i in range(n_companies):
        company = CompanyFactory(
            size_class="fortune500" if i == 0 else "sme",
            country=ldc_country if (ldc_country and i == 1) else CountryFactory(),
        )
        parts.append(
            ParticipationFactory(
                company=company,
                edition=edition,
                area_requested_m2=100 * (i + 1),
                booth_type="raw" if i % 2 == 0 else "standard",
            )
        )
    for part in parts:
        ExhibitFactory(participation=part, launch_type="global" if part == parts[0] else "")
        VisitorFactory(edition=edition)
    return parts


def test_figures_and_changes():
    previous, current = _editions()
    ldc = CountryFactory(
        code="NP", alpha3="NPL", name_en="Nepal", name_zh="尼泊尔", is_ldc=True, un_region="Asia"
    )
    _populate(previous, 2)
    parts = _populate(current, 3, ldc_country=ldc)
    ParticipationFactory(edition=current, status="rejected")  # not counted
    Deal.objects.create(
        edition=current,
        exhibitor=parts[0],
        buyer_organisation="Buyer",
        amount=10,
        currency="USD",
        amount_usd=Decimal("1000000.00"),
        status="confirmed",
        signed_on=current.start_date,
    )
    Deal.objects.create(
        edition=current,
        exhibitor=parts[0],
        buyer_organisation="Buyer",
        amount=10,
        currency="USD",
        amount_usd=Decimal("5.00"),
        status="pending",
        signed_on=current.start_date,
    )
    # rows made here bypass the deal services, which keep the roll-up the figures read
    rollup_rebuild(edition_id=current.pk)
    now = figures_for(current)
    assert now.exhibitors == 3
    assert now.countries == 2
    assert now.fortune500 == 1
    assert now.smes == 2
    assert now.ldc_exhibitors == 1
    assert now.visitors == 3
    assert now.area_m2 == 600
    assert now.raw_area_m2 == 400
    assert now.exhibits == 3
    assert now.launches == {"global": 1}
    assert now.deal_value_usd == Decimal("1000000.00")
    data = headline(current)
    assert data["rows"]["exhibitors"] == {"value": 3, "previous": 2, "change": 0.5}
    assert data["rows"]["area_m2"]["change"] == 1.0  # 600 m² against 300 m²
    assert data["rows"]["deal_value_usd"]["change"] is None  # nothing to compare with


def test_front_page_in_both_languages(client):
    previous, current = _editions()
    _populate(previous, 1)
    _populate(current, 2)
    page = client.get("/").content.decode()
    assert "Exhibitor companies" in page
    assert "+100.0%" in page
    assert "<svg" in page
    zh = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert current.name_zh in zh


@pytest.mark.parametrize("size", [1, 4])
def test_front_page_query_count_does_not_grow(client, django_assert_num_queries, size):
    previous, current = _editions()
    _populate(previous, size)
    _populate(current, size)
    with django_assert_num_queries(13):
        assert client.get("/").status_code == 200


def test_api_figures(client):
    previous, current = _editions()
    _populate(previous, 1)
    _populate(current, 2)
    data = client.get("/api/figures").json()
    assert data["edition"] == 6
    assert data["previous_edition"] == 5
    assert data["figures"]["exhibitors"] == {"value": 2.0, "previous": 1.0, "change": 1.0}
    assert client.get("/api/figures?edition=5").json()["previous_edition"] is None


def test_live_figures_reused_for_the_configured_seconds_only(settings):
    from django.core.cache import cache

    from openexpo.reports.selectors import figures_for_live

    cache.clear()
    _previous, current = _editions()
    _populate(current, 2)
    settings.HEADLINE_CACHE_SECONDS = 0
    assert figures_for_live(current).exhibitors == 2
    _populate(current, 1)
    assert figures_for_live(current).exhibitors == 3  # off: always live
    settings.HEADLINE_CACHE_SECONDS = 5
    assert figures_for_live(current).exhibitors == 3
    _populate(current, 1)
    assert figures_for_live(current).exhibitors == 3  # within the window: reused
    cache.delete(f"openexpo:figures-live:{current.pk}")  # the window ends
    assert figures_for_live(current).exhibitors == 4
    cache.clear()
