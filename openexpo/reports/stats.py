"""Deal statistics of an edition against the previous one: totals and counts by area,
country, UN region, delegation, HS section/chapter, company size, LDC exhibitors, day,
currency, and top-N tables.

Each table costs a fixed number of queries whatever the number of deals, and reads no deal:
it reads the deal roll-up (openexpo.deals.rollup: confirmed deals already summed per edition,
kind and exhibitor, delegation, day, currency, HS section, HS chapter or buyer; kept current
by the deal services and rebuilt on a rate change). Tables by area, country, UN region, size
or LDC group the exhibitor rows in SQL joined to the participations (one query, a row per
group); the other tables read one dimension's rows (a few thousand at most) and their labels
(delegations or HS nodes, one query). `StatsSource` memoises the queries, so a page or the
press pack that shows several tables shares them.

Public tables hide every cell with fewer than MIN_DEALS deals, and when exactly one cell of a
table is hidden the next smallest is hidden too, so that it cannot be found from the total.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import connections
from django.db.models import Sum
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from openexpo.core.models import Country, Edition, ExhibitionArea, ProductCategory
from openexpo.deals.models import Deal, DealRollup
from openexpo.deals.rollup import rollup_rows
from openexpo.exhibitors.models import Company, Participation
from openexpo.visitors.models import Delegation

MIN_DEALS = 3
KINDS = {"intended", "signed", "all"}
REGIONS_ZH = {
    "Africa": "非洲",
    "Americas": "美洲",
    "Asia": "亚洲",
    "Europe": "欧洲",
    "Oceania": "大洋洲",
    "": "其他",
}
SIZES_ZH = {
    "fortune500": "世界500强",
    "leader": "行业龙头企业",
    "large": "其他大型企业",
    "sme": "中小企业",
    "startup": "初创企业",
}
SIZE_ORDER = [s.value for s in Company.Size]
NO_DELEGATION = ("-", "No delegation", "未入团采购商")


@dataclass
class Row:
    """One line of a statistics table (None where a cell is suppressed)."""

    key: str
    label_en: str
    label_zh: str
    n: int | None = 0
    usd: Decimal | None = Decimal(0)
    cny: Decimal | None = Decimal(0)
    prev_n: int | None = 0
    prev_usd: Decimal | None = Decimal(0)
    suppressed: bool = False

    @property
    def label(self) -> str:
        zh = (get_language() or "en").startswith("zh")
        return (self.label_zh or self.label_en) if zh else (self.label_en or self.label_zh)

    @property
    def change(self) -> float | None:
        if self.usd is None or not self.prev_usd:
            return None
        return float((self.usd - self.prev_usd) / self.prev_usd)


@dataclass
class Table:
    key: str
    title: str
    rows: list[Row]
    total: Row
    edition: Edition
    previous: Edition | None
    public: bool
    kind: str = "intended"

    def as_dict(self) -> dict[str, Any]:
        def row(r: Row) -> dict[str, Any]:
            return {
                "key": r.key,
                "label_en": r.label_en,
                "label_zh": r.label_zh,
                "deals": r.n,
                "usd": r.usd,
                "cny": r.cny,
                "previous_deals": r.prev_n,
                "previous_usd": r.prev_usd,
                "change": r.change,
                "suppressed": r.suppressed,
            }

        return {
            "table": self.key,
            "title": str(self.title),
            "edition": self.edition.number,
            "previous_edition": self.previous.number if self.previous else None,
            "kind": self.kind,
            "public": self.public,
            "rows": [row(r) for r in self.rows],
            "total": row(self.total),
        }


Agg = tuple[int, int, int]  # deals, US$ cents, CNY cents (Decimal only in the final rows)


class StatsSource:
    """Memoised aggregate queries over the confirmed deals of an edition and its previous one."""

    def __init__(self, edition: Edition, kind: str = "intended") -> None:
        self.edition, self.previous, self.kind = edition, edition.previous, kind
        self.ids = [edition.pk] + ([self.previous.pk] if self.previous else [])
        self._cache: dict[str, Any] = {}

    def _memo(self, key: str, fn: Callable[[], Any]) -> Any:
        if key not in self._cache:
            self._cache[key] = fn()
        return self._cache[key]

    def kinds(self) -> list[str]:
        return list(Deal.Kind.values) if self.kind == "all" else [self.kind]

    def grouped(self, dimension: str) -> dict[tuple[int, Any], Agg]:
        """{(edition_id, value): (deals, usd, cny)} for one roll-up dimension, in one query
        over DealRollup (a row per exhibitor, delegation, day... never one per deal)."""

        def run() -> dict[tuple[int, Any], Agg]:
            return rollup_rows(edition_ids=self.ids, dimension=dimension, kinds=self.kinds())

        return self._memo(f"g:{dimension}", run)

    def by_exhibitor(self, fields: tuple[str, ...]) -> dict[tuple[int, tuple], Agg]:
        """{(edition_id, participation fields): (deals, usd, cny)}: the exhibitor rows of the
        roll-up grouped in SQL by the exhibitor's area, country, size... (one query)."""

        def run() -> dict[tuple[int, tuple], Agg]:
            rows = (
                DealRollup.objects.filter(
                    edition_id__in=self.ids, dimension="exhibitor", kind__in=self.kinds()
                )
                .values_list("edition_id", *(f"exhibitor__{f}" for f in fields))
                .annotate(n=Sum("n"), usd=Sum("usd_cents"), cny=Sum("cny_cents"))
                .order_by()
            )
            # the ORM's SQL, read straight from the cursor: Django's per-row conversion of
            # these few thousand plain values cost as much as the query itself. The cursor is
            # the routed database's (rows.db: the replica inside reads_from_replica()).
            sql, params = rows.query.get_compiler(using=rows.db).as_sql()
            with connections[rows.db].cursor() as cursor:
                cursor.execute(sql, params)
                rows = cursor.fetchall()
            return {(r[0], r[1:-3]): (r[-3], int(r[-2]), int(r[-1])) for r in rows if r[-3]}

        return self._memo("x:" + ",".join(fields), run)

    def exhibitor_facts(self) -> dict[tuple[int, tuple], Agg]:
        """{(edition_id, (area id, country code, size class)): (deals, usd, cny)}: the
        exhibitor rows of the roll-up grouped in SQL by the exhibitor's area, country and
        size (one query, shared by every table by exhibitor attributes on a page)."""
        return self.by_exhibitor(FACTS)

    def areas(self) -> dict[int, tuple[str, str, str]]:
        return self._memo(
            "areas",
            lambda: {
                r[0]: r[1:]
                for r in ExhibitionArea.objects.filter(edition_id__in=self.ids).values_list(
                    "id", "code", "name_en", "name_zh"
                )
            },
        )

    def countries(self) -> dict[str, tuple[str, str, str, bool]]:
        """country code -> (name_en, name_zh, UN region, least developed)."""
        return self._memo(
            "countries",
            lambda: {
                r[0]: r[1:]
                for r in Country.objects.values_list(
                    "code", "name_en", "name_zh", "un_region", "is_ldc"
                )
            },
        )

    def delegations(self) -> dict[int, tuple[str, str, str]]:
        """delegation id -> its top-level delegation's (code, name_en, name_zh)."""

        def run() -> dict[int, tuple[str, str, str]]:
            rows = {
                r[0]: r
                for r in Delegation.objects.filter(edition_id__in=self.ids)
                .values_list("id", "parent_id", "code", "name_en", "name_zh")
                .order_by()
            }
            out = {}
            for pk in rows:
                top, seen = rows[pk], set()
                while top[1] in rows and top[1] not in seen:
                    seen.add(top[0])
                    top = rows[top[1]]
                out[pk] = (top[2], top[3], top[4])
            return out

        return self._memo("delegations", run)

    def hs_names(self, level: int) -> dict[str, tuple[str, str]]:
        return self._memo(
            f"hs{level}",
            lambda: {
                code: (en, zh)
                for code, en, zh in ProductCategory.objects.filter(level=level).values_list(
                    "code", "name_en", "name_zh"
                )
            },
        )


# --- roll-ups ------------------------------------------------------------------------------

Keyer = Callable[[Any], tuple[str, str, str] | None]  # value -> (key, label_en, label_zh)


def _rollup(src: StatsSource, grouped: dict[tuple[int, Any], Agg], keyer: Keyer) -> list[Row]:
    rows: dict[str, Row] = {}
    current = src.edition.pk
    for (edition_id, value), (n, usd, cny) in grouped.items():
        named = keyer(value)
        if named is None:
            continue
        key, en, zh = named
        row = rows.get(key)
        if row is None:
            row = rows[key] = Row(key, en, zh, 0, 0, 0, 0, 0)
        if edition_id == current:
            row.n += n
            row.usd += usd
            row.cny += cny
            row.label_en, row.label_zh = en, zh
        else:
            row.prev_n += n
            row.prev_usd += usd
    return _in_money(sorted(rows.values(), key=lambda r: (-r.usd, r.key)))


def _money(cents: Any) -> Decimal:
    return Decimal(int(cents or 0)).scaleb(-2)


def _in_money(rows: list[Row]) -> list[Row]:
    """Rows summed in integer cents -> the same rows in Decimal currency units."""
    for r in rows:
        r.usd, r.cny, r.prev_usd = _money(r.usd), _money(r.cny), _money(r.prev_usd)
    return rows


def _by_exhibitor(fields: tuple[str, ...], pick: Callable[[tuple], tuple | None]) -> Callable:
    def build(src: StatsSource) -> list[Row]:
        return _rollup(src, src.by_exhibitor(fields), pick)

    return build


FACTS = ("area_id", "company__country_id", "company__size_class")
EXHIBITOR = ("company_id", "company__name_en", "company__name_zh")
NOWHERE = ("-", "-", "-", "", False)


def _area(src: StatsSource) -> list[Row]:
    areas = src.areas()
    return _rollup(src, src.exhibitor_facts(), lambda f: areas.get(f[0], NOWHERE[:3]))


def _country(src: StatsSource) -> list[Row]:
    countries = src.countries()
    return _rollup(src, src.exhibitor_facts(), lambda f: (f[1], *countries.get(f[1], NOWHERE)[:2]))


def _region_of(region: str) -> tuple[str, str, str]:
    return region or "-", region or "Other", REGIONS_ZH.get(region, region)


def _region(src: StatsSource) -> list[Row]:
    countries = src.countries()
    return _rollup(
        src, src.exhibitor_facts(), lambda f: _region_of(countries.get(f[1], NOWHERE)[2])
    )


def _size(src: StatsSource) -> list[Row]:
    labels = {v: (v, str(label), SIZES_ZH.get(v, "")) for v, label in Company.Size.choices}
    return _rollup(src, src.exhibitor_facts(), lambda f: labels.get(f[2], (f[2], f[2], "")))


def _ldc(src: StatsSource) -> list[Row]:
    countries = src.countries()

    def key(f: tuple) -> tuple | None:
        c = countries.get(f[1], NOWHERE)
        return (f[1], c[0], c[1]) if c[3] else None

    return _rollup(src, src.exhibitor_facts(), key)


def _exhibitor(p: tuple) -> tuple[str, str, str]:
    return str(p[0]), p[1], p[2]


def _delegation(src: StatsSource) -> list[Row]:
    tops = src.delegations()
    # a delegation deleted since (its deals' delegation set to none) counts as none too
    return _rollup(src, src.grouped("delegation"), lambda pk: tops.get(pk, NO_DELEGATION))


def _hs(level: int, column: str) -> Callable[[StatsSource], list[Row]]:
    def build(src: StatsSource) -> list[Row]:
        names = src.hs_names(level)

        def key(code: str) -> tuple[str, str, str]:
            if not code:
                return "-", "Not specified", "未注明"
            en, zh = names.get(code, (code, code))
            return code, f"{code} {en}", f"{code} {zh or en}"

        return _rollup(src, src.grouped(column), key)

    return build


def _day(src: StatsSource) -> list[Row]:
    starts = {src.edition.pk: src.edition.start_date}
    if src.previous:
        starts[src.previous.pk] = src.previous.start_date
    rows: dict[int, Row] = {}
    for (edition_id, day), (n, usd, cny) in src.grouped("day").items():
        offset = (day - starts[edition_id]).days + 1
        row = rows.setdefault(offset, Row(f"{offset:+03d}", "", "", 0, 0, 0, 0, 0))
        if edition_id == src.edition.pk:
            row.n, row.usd, row.cny = row.n + n, row.usd + usd, row.cny + cny
            row.label_en = f"Day {offset} ({day.isoformat()})"
            row.label_zh = f"第{offset}天（{day.month}月{day.day}日）"
        else:
            row.prev_n, row.prev_usd = row.prev_n + n, row.prev_usd + usd
    for offset, row in rows.items():
        if not row.label_en:
            day = date.fromordinal(src.edition.start_date.toordinal() + offset - 1)
            row.label_en, row.label_zh = f"Day {offset} ({day.isoformat()})", f"第{offset}天"
    return _in_money([rows[k] for k in sorted(rows)])


def _currency(src: StatsSource) -> list[Row]:
    return _rollup(src, src.grouped("currency"), lambda code: (code, code, code))


def _buyer(src: StatsSource) -> list[Row]:
    return _rollup(src, src.grouped("buyer"), lambda name: (name, name, name))


def _total(src: StatsSource) -> Row:
    """The table total, from the smallest dimension (every deal is in each dimension once)."""
    total = Row("total", "Total", "合计", 0, 0, 0, 0, 0)
    for (edition_id, _code), (n, usd, cny) in src.grouped("currency").items():
        if edition_id == src.edition.pk:
            total.n, total.usd, total.cny = total.n + n, total.usd + usd, total.cny + cny
        else:
            total.prev_n, total.prev_usd = total.prev_n + n, total.prev_usd + usd
    return _in_money([total])[0]


def _top_keys(src: StatsSource, dimension: str, limit: int) -> list[tuple[str, int, Any, Any]]:
    """The edition's `limit` largest keys of a dimension by US$, ranked in SQL (one query)."""
    return list(
        DealRollup.objects.filter(
            edition_id=src.edition.pk, dimension=dimension, kind__in=src.kinds()
        )
        .values_list("key")
        .annotate(n=Sum("n"), usd=Sum("usd_cents"), cny=Sum("cny_cents"))
        .filter(n__gt=0)
        .order_by("-usd", "key")[:limit]
    )


def _top_buyers(src: StatsSource, limit: int) -> tuple[list[Row], Row]:
    top = _top_keys(src, "buyer", limit)
    before = {}
    if src.previous:
        before = dict(
            (k, (n, _money(usd)))
            for k, n, usd in DealRollup.objects.filter(
                edition_id=src.previous.pk,
                dimension="buyer",
                kind__in=src.kinds(),
                key__in=[k for k, *_ in top],
            )
            .values_list("key")
            .annotate(n=Sum("n"), usd=Sum("usd_cents"))
            .order_by()
        )
    rows = [
        Row(k, k, k, n, _money(usd), _money(cny), *before.get(k, (0, Decimal(0))))
        for k, n, usd, cny in top
    ]
    return rows, _total(src)


def _top_exhibitors(src: StatsSource, limit: int) -> tuple[list[Row], Row]:
    """Ranked by participation in SQL; the previous edition matched by company."""
    top = _top_keys(src, "exhibitor", limit)
    names = {
        pk: (company, en, zh)
        for pk, company, en, zh in Participation.objects.filter(
            pk__in=[int(k) for k, *_ in top]
        ).values_list("id", "company_id", "company__name_en", "company__name_zh")
    }
    companies = [names[int(k)][0] for k, *_ in top if int(k) in names]
    before = {}
    if src.previous:
        before = dict(
            (company, (n, _money(usd)))
            for company, n, usd in DealRollup.objects.filter(
                edition_id=src.previous.pk,
                dimension="exhibitor",
                kind__in=src.kinds(),
                exhibitor__company_id__in=companies,
            )
            .values_list("exhibitor__company_id")
            .annotate(n=Sum("n"), usd=Sum("usd_cents"))
            .order_by()
        )
    rows = []
    for k, n, usd, cny in top:
        company, en, zh = names.get(int(k), (None, k, k))
        prev = before.get(company, (0, Decimal(0)))
        rows.append(Row(str(company or k), en, zh, n, _money(usd), _money(cny), *prev))
    return rows, _total(src)


@dataclass(frozen=True)
class Spec:
    title: Any
    build: Callable[[StatsSource], list[Row]]
    organisers_only: bool = False
    top: int | None = None
    order: str = "value"  # value | natural
    # ranks in SQL and reads only the top rows: (source, limit) -> (rows, total)
    top_build: Callable[[StatsSource, int], tuple[list[Row], Row]] | None = None


TABLES: dict[str, Spec] = {
    "area": Spec(_("By exhibition area"), _area),
    "country": Spec(_("By exhibitor country or region"), _country),
    "region": Spec(_("By UN region of the exhibitor"), _region),
    "delegation": Spec(_("By trading delegation"), _delegation),
    "hs_section": Spec(_("By HS section"), _hs(ProductCategory.Level.SECTION, "hs_section")),
    "hs_chapter": Spec(_("By HS chapter"), _hs(ProductCategory.Level.CHAPTER, "hs_chapter")),
    "size": Spec(_("By company size"), _size, order="natural"),
    "ldc": Spec(_("Exhibitors from least-developed countries"), _ldc),
    "day": Spec(_("By day"), _day, order="natural"),
    "currency": Spec(_("By original currency"), _currency),
    "top_countries": Spec(_("Top 10 exhibitor countries"), _country, top=10),
    "top_delegations": Spec(_("Top 10 trading delegations"), _delegation, top=10),
    "top_exhibitors": Spec(
        _("Top 20 exhibitors"),
        _by_exhibitor(EXHIBITOR, _exhibitor),
        True,
        top=20,
        top_build=_top_exhibitors,
    ),
    "top_buyers": Spec(
        _("Top 20 buyer organisations"), _buyer, True, top=20, top_build=_top_buyers
    ),
}


def _suppress(rows: list[Row]) -> None:
    small = [r for r in rows if r.n < MIN_DEALS]
    if len(small) == 1:
        rest = sorted((r for r in rows if r.n >= MIN_DEALS), key=lambda r: (r.n, r.usd))
        small += rest[:1]
    for r in small:
        r.n = r.usd = r.cny = None
        r.suppressed = True
    for r in rows:
        if r.prev_n is not None and r.prev_n < MIN_DEALS:
            r.prev_n = r.prev_usd = None


def table_build(source: StatsSource, key: str, *, public: bool, limit: int | None = None) -> Table:
    """One statistics table; `public` suppresses small cells. KeyError for unknown keys."""
    spec = TABLES[key]
    top = limit or spec.top
    if spec.top_build and top:
        rows, total = spec.top_build(source, top)
    else:
        rows = spec.build(source)
        total = Row("total", "Total", "合计")
        for r in rows:
            total.n += r.n
            total.usd += r.usd
            total.cny += r.cny
            total.prev_n += r.prev_n
            total.prev_usd += r.prev_usd
        if key == "size":
            rows.sort(key=lambda r: SIZE_ORDER.index(r.key) if r.key in SIZE_ORDER else 99)
        rows = [r for r in rows if r.n or r.prev_n]
        if top:
            rows = rows[:top]
    if public:
        _suppress(rows)
        if total.prev_n < MIN_DEALS:
            total.prev_n = total.prev_usd = None
    return Table(key, spec.title, rows, total, source.edition, source.previous, public, source.kind)


def visible_tables(*, organiser: bool) -> list[str]:
    return [k for k, s in TABLES.items() if organiser or not s.organisers_only]


@dataclass
class Overview:
    """The figures at the top of the statistics pages."""

    total: Row
    tables: dict[str, Table] = field(default_factory=dict)
