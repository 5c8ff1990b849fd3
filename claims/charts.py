"""Server-drawn charts: geometry for a stacked bar chart, rendered as inline SVG by a template.

No JavaScript and no CDN: the template only places rectangles computed here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from claims.models import VerdictChoice

WIDTH, HEIGHT = 720, 220
LEFT, BOTTOM, TOP = 36, 24, 10


@dataclass
class Bar:
    x: float
    width: float
    label: str
    total: int
    cx: float = 0.0
    segments: list[dict] = field(default_factory=list)


@dataclass
class Chart:
    width: int
    height: int
    bars: list[Bar]
    ticks: list[dict]
    legend: list[dict]
    baseline: float
    empty: bool


def last_months(*, today: dt.date, count: int = 12) -> list[dt.date]:
    """The first day of each of the last `count` months, oldest first, ending with today's."""
    year, month = today.year, today.month
    months = []
    for _ in range(count):
        months.append(dt.date(year, month, 1))
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return months[::-1]


def _nice_max(value: int) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if value <= step * 4:
            return step * 4
    return value


def verdict_month_chart(rows: list[dict], *, months: list[dt.date]) -> Chart:
    """Stacked bars of verdicts per month; rows are {month, verdict, count} from a selector."""
    counts: dict[tuple[dt.date, str], int] = {}
    for row in rows:
        month = row["month"]
        month = month.date() if isinstance(month, dt.datetime) else month
        key = (month.replace(day=1), row["verdict"])
        counts[key] = counts.get(key, 0) + row["count"]
    order = [v for v in VerdictChoice.values if v != VerdictChoice.UNREVIEWED]
    totals = [sum(counts.get((m, v), 0) for v in order) for m in months]
    top = _nice_max(max(totals, default=0) or 1)
    plot_h = HEIGHT - BOTTOM - TOP
    slot = (WIDTH - LEFT) / max(len(months), 1)
    bars = []
    for i, month in enumerate(months):
        bar = Bar(
            x=LEFT + i * slot + slot * 0.15,
            width=slot * 0.7,
            label=month.strftime("%b %Y"),
            total=totals[i],
        )
        y = HEIGHT - BOTTOM
        for verdict in order:
            n = counts.get((month, verdict), 0)
            if not n:
                continue
            h = plot_h * n / top
            y -= h
            bar.segments.append(
                {
                    "verdict": verdict,
                    "y": y,
                    "height": h,
                    "count": n,
                    "label": VerdictChoice(verdict).label,
                }
            )
        bar.cx = bar.x + bar.width / 2
        bars.append(bar)
    ticks = [{"y": HEIGHT - BOTTOM - plot_h * k / 4, "value": top * k // 4} for k in range(5)]
    used = {s["verdict"] for b in bars for s in b.segments}
    legend = [{"verdict": v, "label": VerdictChoice(v).label} for v in order if v in used]
    return Chart(WIDTH, HEIGHT, bars, ticks, legend, HEIGHT - BOTTOM, not any(totals))
