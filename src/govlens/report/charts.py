"""Charts as inline SVG written in Python: they need no script, no network and no plotting
library, and the same markup goes into the HTML page and the PDF. Each function takes plain
labels and numbers (shares 0–1, None for unknown) and returns one ``<svg>`` element.

Text drawn inside the SVG is only ids, codes and numbers: WeasyPrint lays SVG text out letter
by letter (no shaping), which breaks Thai, so names and legends are HTML beside the chart
(``legend``), and the heat map is an HTML table whose cells are coloured by ``heat``."""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

FONT = "Noto Sans Thai, DejaVu Sans, Liberation Sans, Arial, sans-serif"
FOCUS = "#c0392b"
PEERS = ("#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2", "#7f7f7f")
GRID = "#c8ccd2"
INK = "#1b1b1b"
UNKNOWN = "#e4e4e4"


def colours(n_peers: int) -> list[str]:
    """The focus country's colour, then one per peer (repeating past eight)."""
    return [FOCUS] + [PEERS[i % len(PEERS)] for i in range(n_peers)]


def _svg(width: float, height: float, body: list[str], label: str, cls: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {cls}" role="img" '
            f'aria-label="{escape(label)}" viewBox="0 0 {width:.0f} {height:.0f}" '
            f'width="{width:.0f}" height="{height:.0f}" font-family="{FONT}" font-size="11" '
            f'fill="{INK}"><title>{escape(label)}</title>' + "".join(body) + "</svg>")


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def _t(x: float, y: float, text: str, anchor: str = "start", size: float | None = None,
       weight: str = "", extra: str = "") -> str:
    sz = f' font-size="{size}"' if size else ""
    wt = f' font-weight="{weight}"' if weight else ""
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}"{sz}{wt}{extra}>{escape(text)}</text>'


def radar(axes: Sequence[tuple[str, str]], series: Sequence[tuple[str, dict[str, float | None], str]],
          label: str, size: int = 420) -> str:
    """One polygon per country over the criteria (``axes``: id, label); the focus first,
    drawn last so it lies on top. Axes with no value for a country are left out by the caller."""
    width = size + 200
    cx, cy, r = width / 2, size / 2, size / 2 - 40
    n = len(axes)
    body: list[str] = []

    def at(i: int, v: float) -> tuple[float, float]:
        a = -math.pi / 2 + 2 * math.pi * i / n
        return cx + r * v * math.cos(a), cy + r * v * math.sin(a)

    for ring in (0.25, 0.5, 0.75, 1.0):
        pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in (at(i, ring) for i in range(n)))
        body.append(f'<polygon points="{pts}" fill="none" stroke="{GRID}" stroke-width="0.8"/>')
        body.append(_t(cx + 3, cy - r * ring + 10, f"{ring * 100:.0f}%", size=8, extra=' fill="#777"'))
    for i, (_, name) in enumerate(axes):
        x, y = at(i, 1.0)
        body.append(f'<line x1="{cx:.1f}" y1="{cy:.1f}" x2="{x:.1f}" y2="{y:.1f}" stroke="{GRID}" stroke-width="0.8"/>')
        lx, ly = at(i, 1.13)
        anchor = "middle" if abs(lx - cx) < 8 else ("start" if lx > cx else "end")
        body.append(_t(lx, ly + 4, _short(name, 24), anchor, size=10))
    for name, values, colour in reversed(list(series)):
        pts = [at(i, max(0.0, min(1.0, values.get(aid) or 0.0))) for i, (aid, _) in enumerate(axes)]
        p = " ".join(f"{x:.1f},{y:.1f}" for x, y in pts)
        focus = colour == FOCUS
        body.append(f'<polygon class="series" points="{p}" fill="{colour}" fill-opacity="{0.22 if focus else 0.08}" '
                    f'stroke="{colour}" stroke-width="{2.4 if focus else 1.4}"><title>{escape(name)}</title></polygon>')
        body += [f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.4" fill="{colour}"/>' for x, y in pts]
    return _svg(width, size, body, label, "radar")


def legend(items: Sequence[tuple[str, str]], marker: str = "box") -> str:
    """An HTML legend (colour, name): shaped by the page's text engine, Thai included."""
    cls = "line" if marker == "line" else "box"
    return '<ul class="legend">' + "".join(
        f'<li><span class="key {cls}" style="background:{c}"></span>{escape(n)}</li>' for c, n in items) + "</ul>"


def heat(v: float | None) -> str:
    """Red (0) through amber to green (1); unknown is grey."""
    if v is None:
        return UNKNOWN
    v = max(0.0, min(1.0, v))
    stops = [(0.0, (214, 69, 65)), (0.5, (246, 201, 88)), (1.0, (76, 164, 84))]
    for (a, ca), (b, cb) in zip(stops, stops[1:], strict=False):
        if v <= b:
            f = (v - a) / (b - a)
            rgb = tuple(round(ca[k] + f * (cb[k] - ca[k])) for k in range(3))
            return "#%02x%02x%02x" % rgb
    return "#4ca454"


def gap_bars(rows: Sequence[tuple[str, float | None, float | None, float | None, str]],
             label: str) -> str:
    """Per criterion (id, focus, peer median, best, best country code): a bar for the focus
    country and one for the best peer, the peer median as a tick, the gap in points beside."""
    name_w, bar_w, row_h = 90, 340, 34
    width = name_w + bar_w + 130
    height = 30 + row_h * len(rows) + 6
    body: list[str] = []
    for k in range(5):
        x = name_w + bar_w * k / 4
        body.append(f'<line x1="{x:.1f}" y1="22" x2="{x:.1f}" y2="{height - 4}" stroke="{GRID}" stroke-width="0.6"/>')
        body.append(_t(x, 16, f"{k * 25}%", "middle", size=8))
    for i, (name, focus, median, best, best_country) in enumerate(rows):
        y = 26 + row_h * i
        body.append(_t(name_w - 6, y + 16, _short(name, 32), "end", size=10))
        if focus is not None:
            body.append(f'<rect class="bar" x="{name_w}" y="{y + 2}" width="{max(1.0, bar_w * focus):.1f}" height="11" fill="{FOCUS}"/>')
        if best is not None:
            body.append(f'<rect class="bar" x="{name_w}" y="{y + 15}" width="{max(1.0, bar_w * best):.1f}" height="11" fill="{PEERS[0]}"/>')
        if median is not None:
            x = name_w + bar_w * median
            body.append(f'<line x1="{x:.1f}" y1="{y}" x2="{x:.1f}" y2="{y + 28}" stroke="{INK}" stroke-width="1.6"/>')
        if focus is not None and best is not None:
            gap = best - focus
            body.append(_t(name_w + bar_w + 8, y + 12, f"{'−' if gap > 0 else '+'}{abs(gap) * 100:.0f}", size=10,
                           weight="bold" if gap > 0 else ""))
            body.append(_t(name_w + bar_w + 8, y + 25, best_country, size=9, extra=' fill="#555"'))
    return _svg(width, height, body, label, "gaps")


def rank_line(points: Sequence[tuple[int, int]], label: str) -> str:
    """A country's rank by survey year, rank 1 at the top (the axis is inverted), every
    point labelled with its rank and every year written under the axis (the axis title is
    the caller's HTML caption)."""
    pts = sorted(p for p in points if p[1] is not None)
    width, height, left, top, bottom, right = 620, 260, 40, 24, 40, 20
    body: list[str] = []
    if not pts:
        return _svg(width, 40, [_t(8, 24, "–")], label, "ranks")
    lo, hi = 1, max(r for _, r in pts)
    hi = max(10, math.ceil(hi * 1.1 / 10) * 10)
    years = [y for y, _ in pts]
    y0, y1 = min(years), max(years)
    span = max(1, y1 - y0)

    def xy(year: int, rank: float) -> tuple[float, float]:
        x = left + (width - left - right) * (year - y0) / span
        y = top + (height - top - bottom) * (rank - lo) / (hi - lo)
        return x, y

    step = 10 if hi <= 60 else 20 if hi <= 150 else 50
    for tick in sorted({1, *range(0, hi + 1, step)} - {0}):
        _, y = xy(y0, tick)
        body.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="{GRID}" stroke-width="0.6"/>')
        body.append(_t(left - 6, y + 3, str(tick), "end", size=9))
    line = " ".join(f"{x:.1f},{y:.1f}" for x, y in (xy(a, b) for a, b in pts))
    body.append(f'<polyline class="series" points="{line}" fill="none" stroke="{FOCUS}" stroke-width="2.4"/>')
    for year, rank in pts:
        x, y = xy(year, rank)
        body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{FOCUS}"/>')
        body.append(_t(x, y - 8, str(rank), "middle", size=10, weight="bold"))
        body.append(_t(x, height - bottom + 16, str(year), "middle", size=9))
    return _svg(width, height, body, label, "ranks")
