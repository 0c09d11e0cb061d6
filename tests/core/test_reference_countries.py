"""Country reference data: ISO coverage, Chinese names, UN regions and LDC flags, idempotency."""

from __future__ import annotations

import csv
from pathlib import Path

import pycountry
import pytest

from openexpo.core.models import Country
from openexpo.core.reference.countries import countries_load
from openexpo.core.reference.ldc import LDC_CODES
from openexpo.core.reference.organisations import ORGANISATIONS

COUNTRY_CSV = Path("/work/shared/data/countries/country-codes.csv")

pytestmark = pytest.mark.django_db


def _shared_rows() -> dict[str, dict[str, str]]:
    if not COUNTRY_CSV.exists():
        pytest.skip("shared country data not present")
    with COUNTRY_CSV.open(encoding="utf-8", newline="") as fh:
        return {row["ISO3166-1-Alpha-2"]: row for row in csv.DictReader(fh)}


def test_countries_load_covers_iso_and_organisations():
    total = countries_load()
    assert total == len(pycountry.countries) + len(ORGANISATIONS)
    assert Country.objects.count() == total
    assert Country.objects.exclude(kind="organisation").count() == len(pycountry.countries)
    assert not Country.objects.filter(name_zh="").exists()
    assert not Country.objects.filter(name_en="").exists()
    assert Country.objects.filter(kind="organisation").count() == len(ORGANISATIONS)
    assert all(len(code) <= 8 for code, _, _ in ORGANISATIONS)
    wto = Country.objects.get(code="O-WTO")
    assert (wto.name_en, wto.name_zh) == ("World Trade Organization", "世界贸易组织")


def test_countries_names_and_kinds():
    countries_load()
    cn = Country.objects.get(code="CN")
    assert (cn.alpha3, cn.numeric, cn.name_zh, cn.kind) == ("CHN", "156", "中国", "country")
    assert (cn.un_region, cn.un_subregion) == ("Asia", "Eastern Asia")
    for code, name_zh in [("HK", "中国香港"), ("MO", "中国澳门"), ("TW", "中国台湾")]:
        row = Country.objects.get(code=code)
        assert (row.kind, row.name_zh) == ("region", name_zh)
    assert Country.objects.get(code="NA").name_en == "Namibia"
    assert Country.objects.get(code="PS").kind == "country"
    assert Country.objects.get(code="GL").kind == "region"


def test_countries_load_is_idempotent_and_repairs_edits():
    countries_load()
    Country.objects.filter(code="FR").update(name_zh="edited", is_ldc=True)
    before = Country.objects.count()
    assert countries_load() == before
    assert Country.objects.count() == before
    fr = Country.objects.get(code="FR")
    assert (fr.name_zh, fr.is_ldc) == ("法国", False)


def test_ldc_list_has_44_countries():
    countries_load()
    assert len(LDC_CODES) == 44
    assert Country.objects.filter(is_ldc=True).count() == 44
    assert Country.objects.get(code="ST").is_ldc is False
    assert Country.objects.get(code="BT").is_ldc is False


def test_m49_and_ldc_match_the_un_table():
    rows = _shared_rows()
    countries_load()
    ours = {c.code: c for c in Country.objects.exclude(kind="organisation")}
    assert set(ours) == set(rows)
    region_diff = {
        code: (
            (c.un_region, c.un_subregion),
            (rows[code]["Region Name"], rows[code]["Sub-region Name"]),
        )
        for code, c in ours.items()
        if (c.un_region, c.un_subregion)
        != (rows[code]["Region Name"], rows[code]["Sub-region Name"])
    }
    assert region_diff == {}
    shared_ldc = {code for code, row in rows.items() if row["Least Developed Countries (LDC)"]}
    our_ldc = {code for code, c in ours.items() if c.is_ldc}
    assert len(shared_ldc) == 45
    # The shared table predates São Tomé and Príncipe's graduation (December 2024).
    assert shared_ldc - our_ldc == {"ST"}
    assert our_ldc - shared_ldc == set()


def test_non_sovereign_territories_are_regions():
    rows = _shared_rows()
    countries_load()
    expected = {code for code, row in rows.items() if row["is_independent"] != "Yes"}
    expected = (expected - {"PS"}) | {"TW"}
    assert set(Country.objects.filter(kind="region").values_list("code", flat=True)) == expected
