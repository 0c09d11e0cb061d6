"""Load ISO 3166-1 countries and regions plus exhibiting international organisations.

Sources, all shipped with the project or installed from PyPI: pycountry (codes and English
names), babel/CLDR (Simplified Chinese names), `m49` (UN regions), `ldc` (UN LDC list) and
`organisations`. No file outside the project is read.
"""

from __future__ import annotations

import pycountry
from babel import Locale
from django.db import transaction

from openexpo.core.models import Country
from openexpo.core.reference.ldc import LDC_CODES
from openexpo.core.reference.m49 import m49_region
from openexpo.core.reference.organisations import ORGANISATIONS

# Hong Kong, Macao and Taiwan are named as regions of China, as the CIIE lists them.
NAME_OVERRIDES: dict[str, tuple[str, str]] = {
    "HK": ("Hong Kong, China", "中国香港"),
    "MO": ("Macao, China", "中国澳门"),
    "TW": ("Taiwan, China", "中国台湾"),
    "CD": ("Democratic Republic of the Congo", ""),
    "FM": ("Micronesia (Federated States of)", ""),
    "PS": ("State of Palestine", "巴勒斯坦"),
    "VG": ("British Virgin Islands", ""),
    "VI": ("United States Virgin Islands", ""),
}

# Not sovereign states: parts of China, dependencies, overseas parts, disputed territories
# and Antarctica. The State of Palestine is a UN observer state and stays a country.
_REGIONS = (
    "HK MO TW "
    "AI BM IO VG KY FK GI MS PN SH GS TC GG IM JE "  # United Kingdom
    "AX FO GL "  # Finland, Denmark
    "AW BQ CW SX "  # Netherlands
    "GF GP MQ YT RE BL MF PM PF TF NC WF "  # France
    "AS GU MP PR UM VI "  # United States
    "CX CC HM NF "  # Australia
    "CK NU TK "  # New Zealand
    "BV SJ "  # Norway
    "EH AQ"
)
REGION_CODES: frozenset[str] = frozenset(_REGIONS.split())

_FIELDS = ["alpha3", "numeric", "kind", "name_en", "name_zh", "un_region", "un_subregion", "is_ldc"]


def country_rows() -> list[Country]:
    """Unsaved Country objects for every ISO 3166-1 entry and every listed organisation."""
    zh_names = Locale.parse("zh_Hans").territories
    rows = []
    for entry in pycountry.countries:
        code = entry.alpha_2
        name_en, name_zh = NAME_OVERRIDES.get(code, ("", ""))
        region, subregion = m49_region(code)
        rows.append(
            Country(
                code=code,
                alpha3=entry.alpha_3,
                numeric=entry.numeric,
                kind=Country.Kind.REGION if code in REGION_CODES else Country.Kind.COUNTRY,
                name_en=name_en or getattr(entry, "common_name", None) or entry.name,
                name_zh=name_zh or zh_names.get(code, ""),
                un_region=region,
                un_subregion=subregion,
                is_ldc=code in LDC_CODES,
            )
        )
    for code, name_en, name_zh in ORGANISATIONS:
        rows.append(
            Country(
                code=code,
                kind=Country.Kind.ORGANISATION,
                name_en=name_en,
                name_zh=name_zh,
            )
        )
    return rows


def countries_load() -> int:
    """Insert or update every country, region and organisation; return how many rows.

    Idempotent: running it again updates the same rows in place (rows other tables point
    to are never deleted).
    """
    rows = country_rows()
    with transaction.atomic():
        Country.objects.bulk_create(
            rows, update_conflicts=True, unique_fields=["code"], update_fields=_FIELDS
        )
    return len(rows)
