"""Demo step: the edition's exchange rates and ~100,000 deals (heavy-tailed amounts in eight
currencies, mostly confirmed) whose confirmed intended total lands on the edition's
published figure (US$73.52 bn for the 5th CIIE, US$78.41 bn for the 6th)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np

from openexpo.catalogue.models import Exhibit
from openexpo.core.demo.context import DemoContext
from openexpo.core.demo.names import draw, organisation_zh
from openexpo.deals.models import Deal, ExchangeRate
from openexpo.deals.money import RateBook, cents_converter, minor_digits
from openexpo.deals.rollup import rollup_rebuild
from openexpo.exhibitors.models import Participation
from openexpo.visitors.models import Delegation

FULL_DEALS = 105_000
# units per US$ around each edition (approximate market rates), set 60 days before opening
RATES = {
    2022: {
        "CNY": "7.1820",
        "EUR": "0.9985",
        "JPY": "146.80",
        "GBP": "0.8790",
        "AUD": "1.5610",
        "CHF": "0.9940",
        "KRW": "1419.00",
        "SGD": "1.4080",
    },
    2023: {
        "CNY": "7.2990",
        "EUR": "0.9370",
        "JPY": "149.90",
        "GBP": "0.8200",
        "AUD": "1.5700",
        "CHF": "0.9050",
        "KRW": "1337.00",
        "SGD": "1.3680",
    },
}
CURRENCIES = ["USD", "EUR", "JPY", "CNY", "GBP", "AUD", "CHF", "KRW", "SGD"]
CURRENCY_SHARE = [0.46, 0.17, 0.09, 0.08, 0.05, 0.05, 0.04, 0.04, 0.02]
STATUSES = ["confirmed", "pending", "disputed", "rejected"]
STATUS_SHARE = [0.91, 0.05, 0.025, 0.015]
SIZE_WEIGHT = {"fortune500": 8.0, "leader": 5.0, "large": 3.0, "sme": 1.0, "startup": 0.5}
DAY_WEIGHT = [0.34, 0.22, 0.16, 0.12, 0.09, 0.07]
MAX_CENTS = 10**14  # 10^12 units, the largest amount a deal may have


def _money(cents: int) -> str:
    """Hundredths as a decimal string, e.g. 12345 -> "123.45" (for raw inserts)."""
    return f"{cents // 100}.{cents % 100:02d}"


def _rates(ctx: DemoContext) -> RateBook:
    table = RATES.get(ctx.edition.start_date.year, RATES[2023])
    valid = ctx.edition.start_date - dt.timedelta(days=60)
    rows = [(ctx.edition.pk, code, ctx.date(valid), Decimal(rate)) for code, rate in table.items()]
    ctx.insert(ExchangeRate, ["edition_id", "currency", "valid_from", "per_usd"], rows)
    return RateBook.from_rows((code, valid, Decimal(rate)) for code, rate in table.items())


def build(ctx: DemoContext) -> None:
    edition = ctx.edition
    book = _rates(ctx)
    parts = list(
        Participation.objects.filter(edition=edition, status=Participation.Status.APPROVED)
        .values_list("id", "company__size_class")
        .order_by("id")
    )
    if not parts:
        return
    products: dict[int, tuple[int, str, str]] = {}
    for pid, cid, section, chapter in (
        Exhibit.objects.filter(participation__edition=edition, category__isnull=False)
        .values_list("participation_id", "category_id", "category__section", "category__chapter")
        .order_by("id")
    ):
        products.setdefault(pid, (cid, section, chapter or ""))
    delegations = list(
        Delegation.objects.filter(edition=edition, parent__isnull=False)
        .values_list("id", flat=True)
        .order_by("id")
    ) or list(Delegation.objects.filter(edition=edition).values_list("id", flat=True))
    rng = ctx.rng(f"deals-{edition.number}")
    gen = np.random.default_rng(rng.randrange(2**32))
    full_target = float(ctx.spec.get("deals_usd", 78.41e9))
    target = full_target * ctx.scale
    n = ctx.n(round(FULL_DEALS * full_target / 78.41e9), minimum=30)

    weights = np.array([SIZE_WEIGHT.get(size, 1.0) for _, size in parts])
    who = gen.choice(len(parts), size=n, p=weights / weights.sum())
    usd = gen.lognormal(mean=0.0, sigma=1.9, size=n) * (weights[who] ** 0.5)
    status = gen.choice(len(STATUSES), size=n, p=STATUS_SHARE)
    intended = gen.random(n) < 0.86
    counted = (status == 0) & intended
    usd *= target / usd[counted].sum()
    currency = gen.choice(len(CURRENCIES), size=n, p=CURRENCY_SHARE)
    day = gen.choice(len(DAY_WEIGHT), size=n, p=DAY_WEIGHT)
    deleg = gen.integers(0, max(1, len(delegations)), size=n)
    no_deleg = gen.random(n) < 0.1
    side = gen.random(n) < 0.6
    buyers = [organisation_zh(rng) for _ in range(min(3000, n))]
    buyer = draw(gen, buyers, n)
    days = edition.days
    day_db = [ctx.date(d) for d in days]
    created = ctx.dt(ctx.before_opening(-1))

    per_float = {code: float(book.per_usd(code, days[0])) for code in CURRENCIES}
    step = {code: 10 ** (2 - minor_digits(code)) for code in CURRENCIES}  # cents per minor unit
    converters = {
        (c, d): cents_converter(book, c, on) for c in CURRENCIES for d, on in enumerate(days)
    }
    # Python lists, not numpy scalars, in the per-row loop (several times faster).
    currency, day, usd, who = currency.tolist(), day.tolist(), usd.tolist(), who.tolist()
    status, intended, no_deleg = status.tolist(), intended.tolist(), no_deleg.tolist()
    side, deleg, buyer = side.tolist(), deleg.tolist(), buyer.tolist()
    rows, cats = [], []
    for i in range(n):
        code = CURRENCIES[currency[i]]
        d = min(day[i], len(days) - 1)
        unit = step[code]
        cents = max(100 * unit, round(usd[i] * per_float[code] * 100 / unit) * unit)
        cents = min(cents, MAX_CENTS)
        usd_cents, cny_cents = converters[code, d](cents)
        pid = parts[who[i]][0]
        product = products.get(pid)
        cats.append(product[0] if product else None)
        rows.append(
            (
                edition.pk,
                pid,
                buyer[i],
                None if no_deleg[i] or not delegations else delegations[deleg[i]],
                "intended" if intended[i] else "signed",
                STATUSES[status[i]],
                _money(cents),
                code,
                _money(usd_cents),
                _money(cny_cents),
                day_db[d],
                product[1] if product else "",
                product[2] if product else "",
                "meeting" if i % 3 == 0 else "",
                "exhibitor" if side[i] else "buyer",
                "" if status[i] != 2 else "The amount differs from what we agreed.",
                "",
                created,
                created,
            )
        )
    columns = [
        "edition_id",
        "exhibitor_id",
        "buyer_organisation",
        "delegation_id",
        "kind",
        "status",
        "amount",
        "currency",
        "amount_usd",
        "amount_cny",
        "signed_on",
        "hs_section",
        "hs_chapter",
        "source_kind",
        "recorded_side",
        "dispute_reason",
        "decision_note",
        "created_at",
        "updated_at",
    ]
    ids = ctx.insert_returning_ids(Deal, columns, rows)
    through = Deal.products.through
    ctx.insert(
        through,
        ["deal_id", "productcategory_id"],
        [(pk, c) for pk, c in zip(ids, cats, strict=True) if c is not None],
    )
    rollup_rebuild(edition_id=edition.pk)
