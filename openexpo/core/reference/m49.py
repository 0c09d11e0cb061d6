"""UN M49 geographic regions (region and sub-region, in English) by ISO 3166-1 alpha-2 code.

Written from the UN Statistics Division's "Standard country or area codes for statistical
use (M49)". Sub-regions are M49's second level: Sub-Saharan Africa and Latin America and the
Caribbean are sub-regions; their intermediate regions (Eastern Africa, Caribbean, ...) are
listed as comments. Taiwan is placed in Eastern Asia with the rest of China. Antarctica (AQ)
belongs to no M49 region.
"""

from __future__ import annotations

_TABLE: dict[tuple[str, str], str] = {
    ("Africa", "Northern Africa"): "DZ EG LY MA SD TN EH",
    ("Africa", "Sub-Saharan Africa"): (
        # Eastern Africa
        "IO BI KM DJ ER ET TF KE MG MW MU YT MZ RE RW SC SO SS UG TZ ZM ZW "
        # Middle Africa
        "AO CM CF TD CG CD GQ GA ST "
        # Southern Africa
        "BW SZ LS NA ZA "
        # Western Africa
        "BJ BF CV CI GM GH GN GW LR ML MR NE NG SH SN SL TG"
    ),
    ("Americas", "Latin America and the Caribbean"): (
        # Caribbean
        "AI AG AW BS BB BQ VG KY CU CW DM DO GD GP HT JM MQ MS PR BL KN LC MF VC SX TT TC VI "
        # Central America
        "BZ CR SV GT HN MX NI PA "
        # South America
        "AR BO BV BR CL CO EC FK GF GY PY PE GS SR UY VE"
    ),
    ("Americas", "Northern America"): "BM CA GL PM US",
    ("Asia", "Central Asia"): "KZ KG TJ TM UZ",
    ("Asia", "Eastern Asia"): "CN HK MO KP JP MN KR TW",
    ("Asia", "South-eastern Asia"): "BN KH ID LA MY MM PH SG TH TL VN",
    ("Asia", "Southern Asia"): "AF BD BT IN IR MV NP PK LK",
    ("Asia", "Western Asia"): "AM AZ BH CY GE IQ IL JO KW LB OM QA SA PS SY TR AE YE",
    ("Europe", "Eastern Europe"): "BY BG CZ HU PL MD RO RU SK UA",
    ("Europe", "Northern Europe"): "AX DK EE FO FI GG IS IE IM JE LV LT NO SJ SE GB",
    ("Europe", "Southern Europe"): "AL AD BA HR GI GR VA IT MT ME MK PT SM RS SI ES",
    ("Europe", "Western Europe"): "AT BE FR DE LI LU MC NL CH",
    ("Oceania", "Australia and New Zealand"): "AU CX CC HM NZ NF",
    ("Oceania", "Melanesia"): "FJ NC PG SB VU",
    ("Oceania", "Micronesia"): "GU KI MH FM NR MP PW UM",
    ("Oceania", "Polynesia"): "AS CK PF NU PN WS TK TO TV WF",
}

M49: dict[str, tuple[str, str]] = {
    code: key for key, codes in _TABLE.items() for code in codes.split()
}
"""ISO alpha-2 code -> (M49 region, M49 sub-region). Codes absent here (AQ) have no region."""


def m49_region(alpha2: str) -> tuple[str, str]:
    """The (region, sub-region) of an ISO alpha-2 code, or ("", "") when it has none."""
    return M49.get(alpha2.upper(), ("", ""))
