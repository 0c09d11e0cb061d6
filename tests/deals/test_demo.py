"""The deals demo step: totals near the published figures, several currencies, figures that
agree with the rate table."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Sum

from openexpo.core.models import Edition
from openexpo.deals.models import Deal
from openexpo.deals.rates import deals_recompute
from openexpo.deals.rollup import DIMENSIONS, rollup_live, rollup_rows
from openexpo.reports.stats import StatsSource, table_build

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
SCALE = 0.01


def test_demo_deals_land_on_the_published_totals():
    call_command("demo", scale=SCALE, quiet=True)
    for number, published in [(5, Decimal("73.52e9")), (6, Decimal("78.41e9"))]:
        edition = Edition.objects.get(number=number)
        deals = Deal.objects.filter(edition=edition)
        assert deals.count() >= 900
        counted = deals.filter(status="confirmed", kind="intended")
        total = counted.aggregate(s=Sum("amount_usd"))["s"]
        assert abs(total / (published * Decimal(SCALE)) - 1) < Decimal("0.001")
        assert deals.values("currency").distinct().count() >= 8
        assert set(deals.values_list("status", flat=True)) == {
            "confirmed",
            "pending",
            "disputed",
            "rejected",
        }
        assert deals_recompute(edition=edition) == 0  # stored figures match the rates
        for dim in DIMENSIONS:  # the demo's statistics roll-up is the deals' own grouping
            args = dict(edition_ids=[edition.pk], dimension=dim, kinds=["intended", "signed"])
            assert rollup_rows(**args) == rollup_live(**args)
    table = table_build(StatsSource(Edition.objects.get(number=6)), "area", public=True)
    assert table.total.change is not None and 0.05 < table.total.change < 0.08
