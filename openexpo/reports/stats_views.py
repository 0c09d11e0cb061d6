"""Statistics pages of deals: overview, one table with its chart, CSV/XLSX export and the
printable press pack. Organisers see every cell; everyone else sees aggregates with cells
of fewer than three deals suppressed."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from openexpo.core import permissions
from openexpo.core.models import Edition
from openexpo.core.selectors import edition_current, edition_get
from openexpo.reports.charts import Bar, bar_chart_svg
from openexpo.reports.stats import KINDS, TABLES, StatsSource, Table, table_build, visible_tables
from openexpo.reports.stats_charts import Point, daily_series_svg, treemap_svg
from openexpo.reports.stats_export import rendered, table_csv, tables_xlsx

CHART_UNIT = " m"


def _edition(number: int | None) -> Edition:
    edition = edition_get(number) if number else edition_current()
    if edition is None:
        raise Http404("No such edition")
    return edition


def _kind(request: HttpRequest) -> str:
    kind = request.GET.get("kind", "intended")
    return kind if kind in KINDS else "intended"


def _table(request: HttpRequest, source: StatsSource, key: str, limit: int | None = None) -> Table:
    organiser = permissions.is_organiser(request.user)
    if key not in TABLES or key not in visible_tables(organiser=organiser):
        raise Http404("No such table")
    return table_build(source, key, public=not organiser, limit=limit)


def _legend(table: Table) -> tuple[str, str]:
    """Short legend labels (the editions' years), so they never overlap."""
    return (
        str(table.edition.start_date.year),
        str(table.previous.start_date.year) if table.previous else "",
    )


def chart_for(table: Table) -> str:
    """The chart that fits the table: daily series, treemap or bars (values in US$ m)."""
    title = f"{table.title} ({_('US$ million')})"
    shown = [r for r in table.rows if r.usd is not None]
    if table.key == "day":
        return daily_series_svg(
            [
                Point(
                    r.key.lstrip("+0") or "0",
                    float(r.usd) / 1e6,
                    None if r.prev_usd is None else float(r.prev_usd) / 1e6,
                )
                for r in shown
            ],
            title=title,
            unit=CHART_UNIT,
            legend=_legend(table),
        )
    if table.key in {"country", "region", "hs_section"}:
        return treemap_svg(
            [(r.label, float(r.usd) / 1e6) for r in shown[:40]], title=title, unit=CHART_UNIT
        )
    bars = [
        Bar(
            r.label[:34],
            float(r.usd) / 1e6,
            None if r.prev_usd is None else float(r.prev_usd) / 1e6,
        )
        for r in shown[:15]
    ]
    return bar_chart_svg(bars, title=title, unit=CHART_UNIT, legend=_legend(table)) if bars else ""


def stats_index(request: HttpRequest, number: int | None = None) -> HttpResponse:
    edition = _edition(number)
    source = StatsSource(edition, _kind(request))
    area = _table(request, source, "area")
    day = _table(request, source, "day")
    region = _table(request, source, "region")
    organiser = permissions.is_organiser(request.user)
    return render(
        request,
        "reports/stats_index.html",
        {
            "edition": edition,
            "kind": source.kind,
            "total": area.total,
            "tables": [(k, TABLES[k].title) for k in visible_tables(organiser=organiser)],
            "charts": [mark_safe(chart_for(t)) for t in (area, day, region)],
            "area": area,
        },
    )


def stats_table(request: HttpRequest, number: int, key: str) -> HttpResponse:
    edition = _edition(number)
    source = StatsSource(edition, _kind(request))
    limit = request.GET.get("top")
    table = _table(request, source, key, int(limit) if limit and limit.isdigit() else None)
    return render(
        request,
        "reports/stats_table.html",
        {
            "edition": edition,
            "kind": source.kind,
            "table": table,
            "chart": mark_safe(chart_for(table)),
        },
    )


def stats_export(request: HttpRequest, number: int, key: str, fmt: str) -> HttpResponse:
    edition = _edition(number)
    source = StatsSource(edition, _kind(request))
    organiser = permissions.is_organiser(request.user)
    keys = visible_tables(organiser=organiser) if key == "all" else [key]
    tables = [_table(request, source, k) for k in keys]
    name = f"deals-{edition.number}-{key}-{source.kind}"
    if fmt == "csv" and len(tables) == 1:
        response = HttpResponse(table_csv(tables[0]), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        response = HttpResponse(
            rendered("xlsx", tables, lambda: tables_xlsx(tables)),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404("No such format")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def stats_press(request: HttpRequest, number: int) -> HttpResponse:
    from openexpo.reports.press import press_pdf

    edition = _edition(number)
    source = StatsSource(edition, _kind(request))
    keys = [
        "area",
        "region",
        "top_countries",
        "top_delegations",
        "hs_section",
        "size",
        "ldc",
        "day",
    ]
    tables = [_table(request, source, k) for k in keys]
    response = HttpResponse(
        rendered("pdf", tables, lambda: press_pdf(edition, tables)), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="press-pack-{edition.number}.pdf"'
    return response
