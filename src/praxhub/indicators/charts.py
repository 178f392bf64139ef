"""Charts as inline SVG made on the server: no script, no external library, readable without
colour (each line is labelled at its end and every chart has its numbers in a table beside it)."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Colour-blind-safe palette (Okabe–Ito), darkened enough for 3:1 contrast on white.
PALETTE = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#8a6d00", "#56b4e9", "#000000", "#e69f00")
WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 720, 300, 44, 170, 16, 36


def _scale(maximum: float) -> float:
    return maximum if maximum > 0 else 1.0


def line_chart(title: str, labels: list[str], series: dict[str, list[float]], unit: str = "") -> SafeString:
    """Lines over a shared x axis (e.g. years); one labelled line per series."""
    if not labels or not series:
        return mark_safe("")
    top = _scale(max((max(values) for values in series.values() if values), default=0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(1, len(labels) - 1)

    def x(i: int) -> float:
        return LEFT + i * step

    def y(v: float) -> float:
        return TOP + plot_h * (1 - v / top)

    parts = [f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(title)}">',
             f"<title>{escape(title)}</title>"]
    for tick in range(5):
        value = top * tick / 4
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(value):.1f}" y2="{y(value):.1f}" '
                     f'stroke="#ddd"/><text x="{LEFT - 6}" y="{y(value) + 4:.1f}" text-anchor="end" '
                     f'font-size="11">{value:.0f}{escape(unit)}</text>')
    every = max(1, len(labels) // 10)
    for i, label in enumerate(labels):
        if i % every == 0 or i == len(labels) - 1:
            parts.append(f'<text x="{x(i):.1f}" y="{HEIGHT - 12}" text-anchor="middle" font-size="11">'
                         f"{escape(label)}</text>")
    for n, (name, values) in enumerate(series.items()):
        colour = PALETTE[n % len(PALETTE)]
        points = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(values))
        parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{points}">'
                     f"<title>{escape(name)}</title></polyline>")
        if values:
            parts.append(f'<text x="{x(len(values) - 1) + 6:.1f}" y="{y(values[-1]) + 4:.1f}" font-size="11" '
                         f'fill="{colour}">{escape(name[:26])}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every text in it went through escape()


def bar_chart(title: str, labels: list[str], values: list[int]) -> SafeString:
    """One bar per label (e.g. months)."""
    if not labels:
        return mark_safe("")
    top = _scale(max(values, default=0))
    plot_w, plot_h = WIDTH - LEFT - 20, HEIGHT - TOP - BOTTOM
    width = plot_w / len(labels)
    parts = [f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(title)}">',
             f"<title>{escape(title)}</title>"]
    for tick in range(5):
        value = top * tick / 4
        ypos = TOP + plot_h * (1 - value / top)
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - 20}" y1="{ypos:.1f}" y2="{ypos:.1f}" stroke="#ddd"/>'
                     f'<text x="{LEFT - 6}" y="{ypos + 4:.1f}" text-anchor="end" font-size="11">{value:.0f}</text>')
    every = max(1, len(labels) // 9)
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        height = plot_h * value / top
        xpos = LEFT + i * width
        parts.append(f'<rect x="{xpos + 1:.1f}" y="{TOP + plot_h - height:.1f}" width="{max(1.0, width - 2):.1f}" '
                     f'height="{height:.1f}" fill="{PALETTE[0]}"><title>{escape(label)}: {value}</title></rect>')
        if i % every == 0:
            parts.append(f'<text x="{xpos + width / 2:.1f}" y="{HEIGHT - 12}" text-anchor="middle" font-size="11">'
                         f"{escape(label)}</text>")
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every text in it went through escape()
