"""Deal statistics: exact roll-ups, year-on-year change, suppression, fixed query counts."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from openexpo.deals.models import Deal
from openexpo.deals.rollup import rollup_add
from openexpo.reports.stats import StatsSource, table_build
from tests.factories import (
    AreaFactory,
    CategoryFactory,
    CompanyFactory,
    CountryFactory,
    DelegationFactory,
    EditionFactory,
    ParticipationFactory,
)

pytestmark = pytest.mark.django_db


def deal(stand, usd, *, delegation=None, day=0, status="confirmed", kind="intended", hs=("", "")):
    """A deal stored directly, counted in the roll-up as the confirming service would."""
    made = Deal.objects.create(
        edition=stand.edition,
        exhibitor=stand,
        buyer_organisation="Buyer",
        delegation=delegation,
        amount=Decimal(usd),
        currency="USD",
        amount_usd=Decimal(usd),
        amount_cny=Decimal(usd) * 7,
        signed_on=stand.edition.start_date + dt.timedelta(days=day),
        status=status,
        kind=kind,
        hs_section=hs[0],
        hs_chapter=hs[1],
    )
    rollup_add(made)
    return made


@pytest.fixture
def world(db):
    prev = EditionFactory(number=5, start_date=dt.date(2022, 11, 5), end_date=dt.date(2022, 11, 10))
    ed = EditionFactory(number=6, previous=prev)
    de = CountryFactory(code="DE", un_region="Europe")
    et = CountryFactory(ethiopia=True)
    out = {"ed": ed, "prev": prev}
    for e in (ed, prev):
        med = AreaFactory(edition=e, code="medical", name_en="Medical", name_zh="医疗")
        food = AreaFactory(edition=e, code="food", name_en="Food", name_zh="食品")
        out[e.number] = {
            "de_med": ParticipationFactory(
                edition=e, area=med, company=CompanyFactory(country=de, size_class="fortune500")
            ),
            "et_food": ParticipationFactory(
                edition=e, area=food, company=CompanyFactory(country=et, size_class="sme")
            ),
        }
    top = DelegationFactory(edition=ed, code="sh", name_en="Shanghai", name_zh="上海")
    out["sub"] = DelegationFactory(edition=ed, code="sh-pudong", name_en="Pudong", parent=top)
    return out


def test_tables_roll_up_with_change_against_previous(world):
    ed, s6, s5 = world["ed"], world[6], world[5]
    for usd in ("100", "200", "300"):
        deal(s6["de_med"], usd, delegation=world["sub"], day=1)
    for usd in ("10", "20", "30", "40"):
        deal(s6["et_food"], usd, day=2)
    deal(s6["et_food"], "5000", status="pending")
    deal(s6["et_food"], "7000", kind="signed")
    for usd in ("50", "50", "100", "100"):
        deal(s5["de_med"], usd)
    source = StatsSource(ed)
    area = table_build(source, "area", public=False)
    assert [(r.key, r.n, r.usd, r.prev_n, r.prev_usd) for r in area.rows] == [
        ("medical", 3, Decimal("600"), 4, Decimal("300")),
        ("food", 4, Decimal("100"), 0, Decimal("0")),
    ]
    assert area.rows[0].change == 1.0
    assert (area.total.n, area.total.usd, area.total.cny) == (7, Decimal("700"), Decimal("4900"))
    region = table_build(source, "region", public=False)
    assert [(r.key, r.label_zh, r.usd) for r in region.rows] == [
        ("Europe", "欧洲", Decimal("600")),
        ("Africa", "非洲", Decimal("100")),
    ]
    ldc = table_build(source, "ldc", public=False)
    assert [(r.key, r.n, r.usd) for r in ldc.rows] == [("ET", 4, Decimal("100"))]
    size = table_build(source, "size", public=False)
    assert [r.key for r in size.rows] == ["fortune500", "sme"]
    deleg = table_build(source, "delegation", public=False)
    assert [(r.key, r.label_en, r.n) for r in deleg.rows] == [
        ("sh", "Shanghai", 3),
        ("-", "No delegation", 4),
    ]
    day = table_build(source, "day", public=False)
    assert [(r.key, r.n, r.prev_n) for r in day.rows] == [
        ("+01", 0, 4),
        ("+02", 3, 0),
        ("+03", 4, 0),
    ]
    signed = table_build(StatsSource(ed, "signed"), "area", public=False)
    assert signed.total.usd == Decimal("7000")
    everything = table_build(StatsSource(ed, "all"), "area", public=False)
    assert everything.total.n == 8


def test_hs_tables_use_category_names(world):
    CategoryFactory(
        code="VI", level=1, section="VI", chapter="", name_en="Chemicals", name_zh="化工"
    )
    for _ in range(3):
        deal(world[6]["de_med"], "10", hs=("VI", "30"))
    deal(world[6]["de_med"], "10")
    rows = table_build(StatsSource(world["ed"]), "hs_section", public=False).rows
    assert [(r.key, r.label_en, r.label_zh, r.n) for r in rows] == [
        ("VI", "VI Chemicals", "VI 化工", 3),
        ("-", "Not specified", "未注明", 1),
    ]


def test_public_tables_suppress_small_cells_and_their_complement(world):
    s6 = world[6]
    for usd in ("100", "200", "300", "400"):
        deal(s6["de_med"], usd)
    deal(s6["et_food"], "77")
    table = table_build(StatsSource(world["ed"]), "area", public=True)
    # food has 1 deal: hidden; medical would reveal it from the total: hidden too
    assert [(r.key, r.n, r.usd, r.suppressed) for r in table.rows] == [
        ("medical", None, None, True),
        ("food", None, None, True),
    ]
    assert table.total.usd == Decimal("1077")
    full = table_build(StatsSource(world["ed"]), "area", public=False)
    assert [r.usd for r in full.rows] == [Decimal("1000"), Decimal("77")]


def test_table_query_count_is_fixed(world, django_assert_num_queries):
    def count_for(key):
        with django_assert_num_queries(1 if key in {"day", "currency"} else 2):
            table_build(StatsSource(world["ed"]), key, public=True)

    for key in ("area", "delegation", "hs_section", "day", "currency"):
        count_for(key)
    for i in range(30):
        deal(world[6]["de_med"], "10", delegation=world["sub"], day=i % 6, hs=("VI", "30"))
        deal(world[5]["et_food"], "10", day=i % 6)
    for key in ("area", "delegation", "hs_section", "day", "currency"):
        count_for(key)


def test_pages_query_count_is_fixed(world, client, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(url):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    urls = [
        "/reports/stats/6/",
        "/reports/stats/6/country/",
        "/reports/stats/6/day/",
        "/reports/stats/6/area.csv",
        "/reports/stats/6/all.xlsx",
        "/reports/stats/6/press.pdf",
        "/api/editions/6/deal-stats/country",
    ]
    small = [queries(u) for u in urls]
    for i in range(40):
        deal(world[6]["de_med"], "10", delegation=world["sub"], day=i % 6)
        deal(world[6]["et_food"], "20", day=i % 6)
        deal(world[5]["et_food"], "10", day=i % 6)
    assert [queries(u) for u in urls] == small


def test_exports_and_press_pack(world, client, organiser):
    for usd in ("100", "200", "300"):
        deal(world[6]["de_med"], usd)
    rows = list(csv.reader(io.StringIO(client.get("/reports/stats/6/area.csv").content.decode())))
    assert rows[0][:4] == ["key", "label_en", "label_zh", "deals"]
    assert rows[1][:6] == ["medical", "Medical", "医疗", "3", "600.00", "4200.00"]
    assert rows[-1][:5] == ["total", "Total", "合计", "3", "600.00"]
    book = load_workbook(io.BytesIO(client.get("/reports/stats/6/all.xlsx").content))
    assert "top_exhibitors" not in book.sheetnames
    assert book["area"]["E3"].value == 600.0
    pdf = client.get("/reports/stats/6/press.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"
    assert client.get("/reports/stats/6/press.pdf").content.startswith(b"%PDF")


def test_company_tables_only_for_organisers(world, client, organiser):
    for usd in ("100", "200", "300"):
        deal(world[6]["de_med"], usd)
    assert client.get("/reports/stats/6/top_exhibitors/").status_code == 404
    client.force_login(organiser)
    page = client.get("/reports/stats/6/top_exhibitors/")
    assert page.status_code == 200
    assert world[6]["de_med"].company.name_en in page.content.decode()


def test_charts_render_in_chinese(world, client):
    for usd in ("100", "200", "300"):
        deal(world[6]["de_med"], usd, day=1)
    page = client.get("/reports/stats/6/area/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "<svg" in page and "医疗" in page
    assert "按展区" in page and "百万美元" in page  # the Chinese catalogue is compiled
    page = client.get("/reports/stats/6/day/").content.decode()
    assert "<polyline" not in page and "<svg" in page
    page = client.get("/reports/stats/6/region/").content.decode()
    assert "Europe" in page


def test_cached_exports_follow_new_deals(world, client):
    for usd in ("100", "200", "300"):
        deal(world[6]["de_med"], usd)
    book = load_workbook(io.BytesIO(client.get("/reports/stats/6/all.xlsx").content))
    assert book["area"]["E3"].value == 600.0
    pdf = client.get("/reports/stats/6/press.pdf").content
    deal(world[6]["de_med"], "400")  # a newly confirmed deal: new figures, a new file
    book = load_workbook(io.BytesIO(client.get("/reports/stats/6/all.xlsx").content))
    assert book["area"]["E3"].value == 1000.0
    assert client.get("/reports/stats/6/press.pdf").content != pdf


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_number_format_is_djangos(lang):
    from django.utils import formats, translation

    from openexpo.reports.templatetags.stats import number_format

    values = [Decimal("-1234567.891"), Decimal("0.04"), Decimal("987654321.99") / 10**6, 0]
    values += [7, 1234567, 12.3456, -0.5, 1e-07, Decimal("1E+3")]
    with translation.override(lang):
        for v in values:
            for pos, grouping in [(0, True), (1, True), (1, False)]:
                assert number_format(v, pos, grouping) == formats.number_format(
                    v, decimal_pos=pos, force_grouping=grouping
                ), (v, pos, grouping)


def test_top_tables_query_count_is_fixed(world, client, organiser):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(organiser)
    urls = ["/reports/stats/6/top_exhibitors/", "/api/editions/6/deal-stats/top_buyers"]

    def queries(url):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    deal(world[6]["de_med"], "10")
    deal(world[5]["de_med"], "10")
    small = [queries(u) for u in urls]
    for i in range(30):
        made = deal(world[6]["et_food"], "20", day=i % 6)
        Deal.objects.filter(pk=made.pk).update(buyer_organisation=f"Buyer {i}")
    assert [queries(u) for u in urls] == small
