"""Server-rendered SVG charts for the deal statistics: a daily series and a treemap
(the bars come from openexpo.reports.charts). No JavaScript, no CDN."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

PALETTE = [
    "#c8102e",
    "#1f5aa6",
    "#e0a100",
    "#2e8b57",
    "#7b3fa0",
    "#d2691e",
    "#008b8b",
    "#8b0000",
    "#556b2f",
    "#4682b4",
    "#b8860b",
    "#708090",
]


@dataclass(frozen=True)
class Point:
    label: str
    value: float
    previous: float | None = None


def daily_series_svg(
    points: list[Point],
    *,
    title: str,
    unit: str = "",
    legend: tuple[str, str] = ("", ""),
    width: int = 640,
    height: int = 260,
) -> str:
    """Columns for this edition's days, a grey line for the previous edition's same days."""
    pad, left, bottom = 12, 64, 44
    top_y = pad + 24
    plot_h = height - top_y - bottom
    plot_w = width - left - pad
    peak = max([p.value for p in points] + [p.previous or 0 for p in points] + [1])
    n = max(1, len(points))
    slot = plot_w / n
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}" class="chart">',
        f"<title>{escape(title)}</title>",
        f'<text x="{pad}" y="{pad + 12}" font-weight="bold">{escape(title)}</text>',
        f'<line x1="{left}" y1="{top_y + plot_h}" x2="{width - pad}" y2="{top_y + plot_h}" stroke="#444"/>',
        f'<text x="{left - 4}" y="{top_y + 10}" font-size="10" text-anchor="end">{peak:,.0f}{escape(unit)}</text>',
        f'<text x="{left - 4}" y="{top_y + plot_h}" font-size="10" text-anchor="end">0</text>',
    ]
    line: list[str] = []
    for i, p in enumerate(points):
        h = plot_h * p.value / peak
        x = left + i * slot + slot * 0.15
        out.append(
            f'<rect x="{x:.1f}" y="{top_y + plot_h - h:.1f}" width="{slot * 0.7:.1f}" '
            f'height="{h:.1f}" fill="#c8102e"><title>{escape(p.label)}: '
            f"{p.value:,.0f}{escape(unit)}</title></rect>"
        )
        out.append(
            f'<text x="{x + slot * 0.35:.1f}" y="{top_y + plot_h + 14}" font-size="10" '
            f'text-anchor="middle">{escape(p.label)}</text>'
        )
        if p.previous is not None:
            py = top_y + plot_h - plot_h * p.previous / peak
            line.append(f"{x + slot * 0.35:.1f},{py:.1f}")
    if line:
        out.append(
            f'<polyline points="{" ".join(line)}" fill="none" stroke="#777" '
            'stroke-width="2" stroke-dasharray="4 3"/>'
        )
    if legend[0]:
        y = height - 8
        out.append(f'<rect x="{left}" y="{y - 9}" width="12" height="10" fill="#c8102e"/>')
        out.append(f'<text x="{left + 16}" y="{y}" font-size="11">{escape(legend[0])}</text>')
        if legend[1]:
            out.append(
                f'<line x1="{left + 260}" y1="{y - 4}" x2="{left + 280}" y2="{y - 4}" '
                'stroke="#777" stroke-width="2" stroke-dasharray="4 3"/>'
            )
            out.append(f'<text x="{left + 286}" y="{y}" font-size="11">{escape(legend[1])}</text>')
    out.append("</svg>")
    return "".join(out)


@dataclass(frozen=True)
class Tile:
    label: str
    value: float
    x: float
    y: float
    w: float
    h: float


def squarify(items: list[tuple[str, float]], x: float, y: float, w: float, h: float) -> list[Tile]:
    """Squarified treemap (Bruls, Huizing, van Wijk 2000) of positive values, largest first."""
    items = sorted(((k, v) for k, v in items if v > 0), key=lambda kv: -kv[1])
    total = sum(v for _, v in items)
    if not items or total <= 0:
        return []
    scale = w * h / total
    areas = [(k, v, v * scale) for k, v in items]
    tiles: list[Tile] = []
    row: list[tuple[str, float, float]] = []

    def worst(row: list[tuple[str, float, float]], side: float) -> float:
        s = sum(a for _, _, a in row)
        return max(max(side * side * a / (s * s), (s * s) / (side * side * a)) for _, _, a in row)

    def lay(row: list[tuple[str, float, float]], x: float, y: float, w: float, h: float):
        s = sum(a for _, _, a in row)
        if w >= h:  # a column on the left
            cw = s / h
            cy = y
            for k, v, a in row:
                tiles.append(Tile(k, v, x, cy, cw, a / cw))
                cy += a / cw
            return x + cw, y, w - cw, h
        rh = s / w
        cx = x
        for k, v, a in row:
            tiles.append(Tile(k, v, cx, y, a / rh, rh))
            cx += a / rh
        return x, y + rh, w, h - rh

    for item in areas:
        side = min(w, h)
        if not row or worst(row + [item], side) <= worst(row, side):
            row.append(item)
        else:
            x, y, w, h = lay(row, x, y, w, h)
            row = [item]
    if row:
        lay(row, x, y, w, h)
    return tiles


def treemap_svg(
    items: list[tuple[str, float]],
    *,
    title: str,
    unit: str = "",
    width: int = 640,
    height: int = 360,
) -> str:
    """A treemap: one rectangle per item with an area proportional to its value."""
    top = 28
    tiles = squarify(items, 0, top, width, height - top)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}" class="chart">',
        f"<title>{escape(title)}</title>",
        f'<text x="12" y="18" font-weight="bold">{escape(title)}</text>',
    ]
    for i, t in enumerate(tiles):
        colour = PALETTE[i % len(PALETTE)]
        out.append(
            f'<rect x="{t.x:.1f}" y="{t.y:.1f}" width="{t.w:.1f}" height="{t.h:.1f}" '
            f'fill="{colour}" stroke="#fff"><title>{escape(t.label)}: {t.value:,.0f}'
            f"{escape(unit)}</title></rect>"
        )
        if t.w > 60 and t.h > 28:
            out.append(
                f'<text x="{t.x + 4:.1f}" y="{t.y + 14:.1f}" font-size="11" fill="#fff">'
                f"{escape(t.label[: int(t.w / 7)])}</text>"
            )
            out.append(
                f'<text x="{t.x + 4:.1f}" y="{t.y + 26:.1f}" font-size="10" fill="#fff">'
                f"{t.value:,.0f}{escape(unit)}</text>"
            )
    out.append("</svg>")
    return "".join(out)
