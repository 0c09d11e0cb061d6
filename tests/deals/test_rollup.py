"""The statistics roll-up: every write that changes what counts changes the figures at once,
and the roll-up always equals the figures grouped from the deals themselves."""

from __future__ import annotations

from decimal import Decimal

import pytest

from openexpo.core.errors import DomainError
from openexpo.deals.models import Deal, DealRollup
from openexpo.deals.rates import rate_set
from openexpo.deals.rollup import DIMENSIONS, rollup_live, rollup_rebuild, rollup_rows
from openexpo.deals.services import deal_change, deal_confirm, deal_decide, deal_dispute
from openexpo.reports.stats import StatsSource, table_build
from tests.deals.conftest import DAY, RATE_DAY
from tests.deals.test_services import record

pytestmark = pytest.mark.django_db


def total(edition, key="area", kind="intended"):
    t = table_build(StatsSource(edition, kind), key, public=False).total
    return t.n, t.usd, t.cny


def assert_rollup_is_live(edition):
    for dim in DIMENSIONS:
        for kinds in (["intended"], ["signed"], ["intended", "signed"]):
            args = dict(edition_ids=[edition.pk], dimension=dim, kinds=kinds)
            assert rollup_rows(**args) == rollup_live(**args), dim


def stored(edition):
    return sorted(
        DealRollup.objects.filter(edition=edition)
        .exclude(n=0)
        .values_list("dimension", "kind", "key", "n", "usd_cents", "cny_cents")
    )


def test_a_confirmed_deal_counts_at_once(rates, stand_a, delegation, exhibitor_a, lead, organiser):
    deal = record(exhibitor_a, rates, stand_a, delegation)
    assert total(rates) == (0, Decimal(0), Decimal(0))  # pending: not counted
    deal_confirm(actor=lead, deal=deal)
    assert total(rates) == (1, Decimal("1000000.00"), Decimal("7100000.00"))
    rows = table_build(StatsSource(rates), "delegation", public=False).rows
    assert [(r.key, r.n) for r in rows] == [("shanghai", 1)]
    # an organiser changes the confirmed deal: the old figures leave, the new ones come in
    deal_change(actor=organiser, deal=deal, changes={"amount": "1840000", "delegation": None})
    assert total(rates) == (1, Decimal("2000000.00"), Decimal("14200000.00"))
    rows = table_build(StatsSource(rates), "delegation", public=False).rows
    assert [(r.key, r.n) for r in rows] == [("-", 1)]
    deal_change(actor=organiser, deal=deal, changes={"kind": "signed"})
    assert total(rates)[0] == 0
    assert total(rates, kind="signed")[0] == total(rates, kind="all")[0] == 1
    assert_rollup_is_live(rates)


def test_a_refused_change_leaves_the_figures(rates, stand_a, delegation, exhibitor_a, lead):
    deal = record(exhibitor_a, rates, stand_a, delegation)
    deal_confirm(actor=lead, deal=deal)
    before = stored(rates)
    with pytest.raises(DomainError):  # parties may not change a confirmed deal
        deal_change(actor=exhibitor_a, deal=deal, changes={"amount": "1"})
    assert stored(rates) == before
    assert_rollup_is_live(rates)


def test_disputes_count_only_once_decided_confirmed(
    rates, stand_a, delegation, exhibitor_a, lead, organiser
):
    kept = record(exhibitor_a, rates, stand_a, delegation)
    dropped = record(exhibitor_a, rates, stand_a, delegation, amount=Decimal("92"))
    for deal in (kept, dropped):
        deal_dispute(actor=lead, deal=deal, reason="Not what we agreed.")
    assert total(rates)[0] == 0
    deal_decide(actor=organiser, deal=kept, status="confirmed")
    deal_decide(actor=organiser, deal=dropped, status="rejected")
    assert total(rates) == (1, Decimal("1000000.00"), Decimal("7100000.00"))
    assert_rollup_is_live(rates)


def test_a_rate_change_changes_the_figures_at_once(
    rates, stand_a, delegation, exhibitor_a, lead, organiser
):
    for amount, currency in [("920", "EUR"), ("100", "USD")]:
        deal = record(exhibitor_a, rates, stand_a, delegation, amount=amount, currency=currency)
        deal_confirm(actor=lead, deal=deal)
    assert total(rates) == (2, Decimal("1100.00"), Decimal("7810.00"))
    rate_set(actor=organiser, edition=rates, currency="EUR", valid_from=RATE_DAY, per_usd="0.8")
    assert total(rates) == (2, Decimal("1250.00"), Decimal("8875.00"))
    rate_set(actor=organiser, edition=rates, currency="CNY", valid_from=DAY, per_usd="7.2")
    assert total(rates) == (2, Decimal("1250.00"), Decimal("9000.00"))
    rows = table_build(StatsSource(rates), "currency", public=False).rows
    assert [(r.key, r.usd) for r in rows] == [("EUR", Decimal("1150.00")), ("USD", Decimal("100"))]
    assert_rollup_is_live(rates)


def test_rebuild_gives_the_rows_kept_by_the_services(
    rates, stand_a, stand_b, delegation, exhibitor_a, exhibitor_b, lead, organiser
):
    for i, (stand, who) in enumerate([(stand_a, exhibitor_a), (stand_b, exhibitor_b)] * 3):
        deal = record(who, rates, stand, delegation, amount=Decimal(1000 + i), currency="JPY")
        deal_confirm(actor=lead, deal=deal)
    deal_change(actor=organiser, deal=Deal.objects.first(), changes={"currency": "GBP"})
    kept = stored(rates)
    assert rollup_rebuild(edition_id=rates.pk) == len(kept)
    assert stored(rates) == kept
