"""The printable press pack: an edition's deal figures with tables and bar charts, as PDF
(reportlab; the charts are drawn with reportlab's own shapes, no SVG conversion)."""

from __future__ import annotations

import io

from django.utils.translation import get_language
from django.utils.translation import gettext as _
from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from openexpo.core.models import Edition
from openexpo.reports.stats import Table as StatsTable
from openexpo.reports.templatetags.stats import count, millions, pct

RED = colors.HexColor("#c8102e")
CJK = "STSong-Light"


def _font() -> str:
    if (get_language() or "en").startswith("zh"):
        if CJK not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(UnicodeCIDFont(CJK))
        return CJK
    return "Helvetica"


def bars_drawing(table: StatsTable, font: str, width: float = 170 * mm) -> Drawing:
    """Horizontal bars of US$ million per row (this edition red, previous grey)."""
    rows = [r for r in table.rows if r.usd is not None][:12]
    row_h, label_w = 16, 62 * mm
    height = row_h * len(rows) + 10
    d = Drawing(width, height)
    peak = max([float(r.usd) for r in rows] + [float(r.prev_usd or 0) for r in rows] + [1])
    plot = width - label_w - 50
    for i, r in enumerate(rows):
        y = height - (i + 1) * row_h
        d.add(String(0, y + 4, r.label[:38], fontName=font, fontSize=7))
        w = plot * float(r.usd) / peak
        d.add(Rect(label_w, y + 5, w, 7, fillColor=RED, strokeColor=None))
        if r.prev_usd is not None:
            d.add(
                Rect(
                    label_w,
                    y + 1,
                    plot * float(r.prev_usd) / peak,
                    3,
                    fillColor=colors.grey,
                    strokeColor=None,
                )
            )
        d.add(String(label_w + w + 3, y + 5, millions(r.usd), fontName=font, fontSize=7))
    d.add(Line(label_w, 0, label_w, height, strokeColor=colors.black, strokeWidth=0.5))
    return d


def _grid(table: StatsTable, font: str) -> Table:
    head = [_("Item"), _("Deals"), _("US$ million"), _("Change")]
    body = [[r.label[:48], count(r.n), millions(r.usd), pct(r.change)] for r in table.rows]
    body.append(
        [_("Total"), count(table.total.n), millions(table.total.usd), pct(table.total.change)]
    )
    grid = Table([head, *body], colWidths=[90 * mm, 22 * mm, 30 * mm, 22 * mm], repeatRows=1)
    grid.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), font, 8),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
                ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
                ("LINEABOVE", (0, -1), (-1, -1), 0.5, colors.black),
            ]
        )
    )
    return grid


def press_pdf(edition: Edition, tables: list[StatsTable]) -> bytes:
    """The press pack of `edition` (the first table's total is the headline)."""
    font = _font()
    styles = getSampleStyleSheet()
    for name in ("Title", "Heading2", "Normal"):
        styles[name].fontName = font
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=A4,
        title=f"{edition.name_en} — press pack",
        leftMargin=18 * mm,
        rightMargin=18 * mm,
    )
    total = tables[0].total
    story = [
        Paragraph(f"{edition.localized('name')}", styles["Title"]),
        Paragraph(_("Intended deals confirmed by both sides"), styles["Heading2"]),
        Paragraph(
            f"{_('Total')}: US$ {millions(total.usd)} {_('million')} | "
            f"CNY {millions(total.cny)} {_('million')} | {_('Deals')}: {count(total.n)}"
            + (f" | {_('Change')}: {pct(total.change)}" if total.change is not None else ""),
            styles["Normal"],
        ),
        Paragraph(
            _("Bars: red %(now)s, grey %(before)s (US$ million).")
            % {
                "now": edition.start_date.year,
                "before": edition.previous.start_date.year if edition.previous else "–",
            },
            styles["Normal"],
        ),
        Spacer(1, 6 * mm),
    ]
    for table in tables:
        story.append(Paragraph(str(table.title), styles["Heading2"]))
        if table.key != "day":
            story.append(bars_drawing(table, font))
            story.append(Spacer(1, 3 * mm))
        story.append(_grid(table, font))
        story.append(Spacer(1, 6 * mm))
    if tables and tables[0].public:
        story.append(Paragraph(_("Cells with fewer than 3 deals are not shown."), styles["Normal"]))
    doc.build(story)
    return buf.getvalue()
