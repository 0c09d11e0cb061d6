"""Server-rendered SVG charts (no JavaScript, no CDN): grouped horizontal bars."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    previous: float | None = None


def bar_chart_svg(
    bars: list[Bar],
    *,
    title: str,
    unit: str = "",
    width: int = 640,
    legend: tuple[str, str] = ("", ""),
) -> str:
    """Horizontal bars, one row per label; a thinner grey bar shows the previous edition."""
    row_h, label_w, pad = 34, 250, 12
    height = pad * 2 + 28 + row_h * len(bars) + (40 if legend[0] else 0)
    top = max([b.value for b in bars] + [b.previous or 0 for b in bars] + [1])
    plot_w = width - label_w - pad * 2 - 80
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{escape(title)}" class="chart">',
        f"<title>{escape(title)}</title>",
        f'<text x="{pad}" y="{pad + 14}" class="chart-title" font-weight="bold">{escape(title)}</text>',
    ]
    for i, bar in enumerate(bars):
        y = pad + 28 + i * row_h
        w = plot_w * bar.value / top
        label = bar.label if len(bar.label) <= 34 else bar.label[:33] + "…"
        out.append(
            f'<text x="{pad}" y="{y + 15}" font-size="12"><title>{escape(bar.label)}</title>'
            f"{escape(label)}</text>"
        )
        out.append(f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="16" fill="#c8102e"/>')
        out.append(
            f'<text x="{label_w + w + 4:.1f}" y="{y + 13}" font-size="11">{bar.value:,.0f}{escape(unit)}</text>'
        )
        if bar.previous is not None:
            pw = plot_w * bar.previous / top
            out.append(
                f'<rect x="{label_w}" y="{y + 18}" width="{pw:.1f}" height="7" fill="#999"/>'
            )
    if legend[0]:
        y = height - 28
        out.append(f'<rect x="{label_w}" y="{y - 9}" width="12" height="10" fill="#c8102e"/>')
        out.append(f'<text x="{label_w + 16}" y="{y}" font-size="11">{escape(legend[0])}</text>')
        if legend[1]:
            out.append(f'<rect x="{label_w}" y="{y + 9}" width="12" height="6" fill="#999"/>')
            out.append(
                f'<text x="{label_w + 16}" y="{y + 16}" font-size="11">{escape(legend[1])}</text>'
            )
    out.append("</svg>")
    return "".join(out)
