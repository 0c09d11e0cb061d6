"""The demo expo generator: deterministic editions at the CIIE's published scale.

`EDITION_SPECS` holds each demo edition's full-scale targets (the 5th and 6th CIIE's
published figures); `build()` is the core step: the edition's exhibition areas.
"""

from __future__ import annotations

import datetime as dt

from openexpo.core.demo.context import DemoContext
from openexpo.core.demo.vocab import AREAS
from openexpo.core.models import ExhibitionArea

EDITION_SPECS: dict[int, dict] = {
    5: {
        "name_en": "The 5th China International Import Expo",
        "name_zh": "第五届中国国际进口博览会",
        "start": dt.date(2022, 11, 5),
        "end": dt.date(2022, 11, 10),
        "countries": 127,
        "organisations": 8,
        "companies": 2800,
        "area_m2": 366_000,
        "raw_share": 0.94,
        "fortune500": 165,
        "leaders": 119,
        "smes": 1200,
        "startups": 220,
        "exhibits": 30_000,
        "launches": 438,
        "visitors": 330_000,
        "subforums": 18,
        "deals_usd": 73.52e9,
        "ldc_quota": 100,
    },
    6: {
        "name_en": "The 6th China International Import Expo",
        "name_zh": "第六届中国国际进口博览会",
        "start": dt.date(2023, 11, 5),
        "end": dt.date(2023, 11, 10),
        "countries": 154,
        "organisations": 10,
        "companies": 3400,
        "area_m2": 367_000,
        "raw_share": 0.95,
        "fortune500": 170,
        "leaders": 119,
        "smes": 1500,
        "startups": 260,
        "exhibits": 35_000,
        "launches": 442,
        "visitors": 410_000,
        "subforums": 22,
        "deals_usd": 78.41e9,
        "ldc_quota": 120,
    },
}
VENUE_EN = "National Exhibition and Convention Center (Shanghai)"
VENUE_ZH = "国家会展中心（上海）"


def build(ctx: DemoContext) -> None:
    """Core step: the edition's exhibition areas (not hard-coded elsewhere: data per edition)."""
    ExhibitionArea.objects.bulk_create(
        ExhibitionArea(
            edition=ctx.edition, code=code, kind=kind, name_en=en, name_zh=zh, sort_order=order
        )
        for code, kind, en, zh, order, _share, _area in AREAS
    )
