"""The public front page: the edition's headline figures with changes and a chart."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from openexpo.core.selectors import edition_for_request, edition_get
from openexpo.reports.charts import Bar, bar_chart_svg
from openexpo.reports.selectors import headline


def home(request: HttpRequest, number: int | None = None) -> HttpResponse:
    edition = edition_get(number) if number else edition_for_request(request)
    if number and edition is None:
        raise Http404("No such edition")
    data = headline(edition)
    zh = (get_language() or "en").startswith("zh")
    before = {code: m2 for code, _en, _zh, m2 in data["before"].area_by_zone}
    bars = [
        Bar(label=(name_zh or name_en) if zh else name_en, value=m2, previous=before.get(code))
        for code, name_en, name_zh, m2 in data["now"].area_by_zone
    ]
    prev = edition.previous if edition else None
    chart = (
        bar_chart_svg(
            bars,
            title=_("Exhibition area by zone (m²)"),
            legend=(
                edition.localized("name") if edition else "",
                prev.localized("name") if prev else "",
            ),
        )
        if bars
        else ""
    )
    return render(request, "reports/home.html", {**data, "chart": mark_safe(chart)})
