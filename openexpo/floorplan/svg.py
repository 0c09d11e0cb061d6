"""Server-rendered SVG of a hall (the interactive map) and of one booth (the small map)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.html import escape

from openexpo.floorplan.models import Booth, Hall

OBSTACLE_FILL = {"pillar": "#555", "entrance": "#2a9d8f", "aisle": "#eee", "blocked": "#bbb"}


def _outline(hall: Hall) -> str:
    pts = hall.outline or [
        [0, 0],
        [hall.width_m, 0],
        [hall.width_m, hall.depth_m],
        [0, hall.depth_m],
    ]
    return " ".join(f"{x},{y}" for x, y in pts)


def hall_svg(
    hall: Hall,
    booths: Iterable[Booth],
    *,
    colours: dict[int, str],
    public: bool,
    highlight: set[int] = frozenset(),
    view: tuple[int, int, int, int] | None = None,
    labels: bool = True,
    element_id: str = "hall-map",
) -> str:
    """The hall with its zones, obstacles and booths; booths in `highlight` stand out.

    Booth rectangles carry data-booth (code) and, when `public`, data-company for search."""
    w, d = hall.width_m, hall.depth_m
    vx, vy, vw, vh = view or (-2, -2, w + 4, d + 4)
    out = [
        f'<svg id="{element_id}" class="hall-map" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="{vx} {vy} {vw} {vh}" data-full="-2 -2 {w + 4} {d + 4}" role="img" '
        f'aria-label="{escape(hall.code)}" preserveAspectRatio="xMidYMid meet">',
        f'<polygon points="{_outline(hall)}" fill="#fafafa" stroke="#333" stroke-width="0.6"/>',
    ]
    for z in hall.zones.all():
        colour = colours.get(z.area_id, "#ddd")
        out.append(
            f'<rect class="zone" x="{z.x}" y="{z.y}" width="{z.width}" height="{z.depth}" '
            f'fill="{colour}" fill-opacity="0.15" stroke="{colour}" stroke-width="0.4">'
            f"<title>{escape(z.area.localized('name'))}</title></rect>"
        )
    for o in hall.obstacles.all():
        out.append(
            f'<rect class="obstacle {o.kind}" x="{o.x}" y="{o.y}" width="{o.width}" '
            f'height="{o.depth}" fill="{OBSTACLE_FILL.get(o.kind, "#999")}"/>'
        )
    for b in booths:
        part = b.participation if public else None
        colour = colours.get(part.area_id, "#ccc") if part else "#e0e0e0"
        name = part.company.localized("name") if part else ""
        hl = b.pk in highlight
        stroke = (
            ' stroke="#d00000" stroke-width="1.2"' if hl else ' stroke="#444" stroke-width="0.2"'
        )
        title = f"{b.code} · {name} · {b.area_m2} m²" if name else f"{b.code} · {b.area_m2} m²"
        out.append(
            f'<g class="booth{" highlight" if hl else ""}" data-booth="{escape(b.code)}" '
            f'data-company="{escape(name)}"><rect x="{b.x}" y="{b.y}" width="{b.width}" '
            f'height="{b.depth}" fill="{colour}"{stroke}><title>{escape(title)}</title></rect>'
        )
        if labels and b.width >= 4:
            size = min(2.2, b.width / 4, b.depth / 2)
            out.append(
                f'<text x="{b.x + b.width / 2}" y="{b.y + b.depth / 2}" font-size="{size:.2f}" '
                f'text-anchor="middle" dominant-baseline="middle">{escape(b.code.split("-")[-1])}</text>'
            )
        out.append("</g>")
    out.append("</svg>")
    return "".join(out)


def booth_svg(booth: Booth, neighbours: Iterable[Booth], *, colours: dict[int, str]) -> str:
    """A small map of one booth: its part of the hall, zoomed in, the booth in red."""
    hall = booth.hall
    margin = 30
    x0, y0 = max(-2, booth.x - margin), max(-2, booth.y - margin)
    x1 = min(hall.width_m + 2, booth.x + booth.width + margin)
    y1 = min(hall.depth_m + 2, booth.y + booth.depth + margin)
    svg = hall_svg(
        hall,
        neighbours,
        colours=colours,
        public=True,
        highlight={booth.pk},
        view=(x0, y0, x1 - x0, y1 - y0),
        labels=True,
        element_id=f"booth-map-{booth.pk}",
    )
    caption = f'<text x="{x0 + 1}" y="{y0 + 3}" font-size="3">{escape(hall.code)} {escape(booth.code)}</text>'
    return svg.replace("</svg>", caption + "</svg>")
