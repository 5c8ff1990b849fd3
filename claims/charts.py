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


# The verdict timeline of one claim -------------------------------------------------------

# The bar is drawn in percent of the SVG's width, so it stays crisp at any card width.
TL_WIDTH, TL_BAR_Y, TL_BAR_H, TL_HEIGHT = 100, 4, 22, 46
MIN_SEGMENT = 1.2  # percent: a verdict replaced on the same day stays visible


@dataclass
class TimelineSegment:
    x: float
    width: float
    verdict: str
    label: str
    reviewer: str
    start: dt.date
    end: dt.date | None


@dataclass
class Timeline:
    width: int
    height: int
    bar_y: int
    bar_h: int
    segments: list[TimelineSegment]
    ticks: list[dict]
    legend: list[dict]
    empty: bool


def verdict_timeline_chart(segments: list, *, today: dt.date) -> Timeline:
    """A horizontal bar from the first verdict to today, one coloured stretch per verdict.

    `segments` are claims.selectors.VerdictSegment rows, oldest first. Positions
    (`x`, `width`) are percentages of the bar; the last stretch runs to the end of today.
    """
    if not segments:
        return Timeline(TL_WIDTH, TL_HEIGHT, TL_BAR_Y, TL_BAR_H, [], [], [], True)
    first = segments[0].start_date
    last = max(today, segments[-1].start_date)
    span = (last - first).days + 1  # the last day counts as a whole day
    scale = TL_WIDTH / span
    out: list[TimelineSegment] = []
    for row in segments:
        start = (row.start_date - first).days * scale
        end_day = row.end_date or last + dt.timedelta(days=1)
        end = (end_day - first).days * scale
        out.append(
            TimelineSegment(
                x=round(min(start, TL_WIDTH - MIN_SEGMENT), 2),
                width=round(max(end - start, MIN_SEGMENT), 2),
                verdict=row.verdict,
                label=row.label,
                reviewer=row.reviewer,
                start=row.start_date,
                end=row.end_date,
            )
        )
    ticks = [{"x": 0, "label": first.strftime("%-d %b %Y"), "anchor": "start"}]
    if last != first:
        ticks.append({"x": TL_WIDTH, "label": last.strftime("%-d %b %Y"), "anchor": "end"})
    seen: dict[str, str] = {}
    for row in out:
        seen.setdefault(row.verdict, row.label)
    legend = [{"verdict": v, "label": label} for v, label in seen.items()]
    return Timeline(TL_WIDTH, TL_HEIGHT, TL_BAR_Y, TL_BAR_H, out, ticks, legend, False)


def monthly_record_rows(record: list[dict]) -> list[dict]:
    """A speaker's monthly record (claims.selectors.speaker_monthly_record) as table
    rows with bar widths in percent of the busiest month: verified, contradicted and the rest
    (other verdicts and unreviewed), newest month first."""
    top = max((row["claims"] for row in record), default=0) or 1
    rows = []
    for row in reversed(record):
        verified, contradicted = row[VerdictChoice.VERIFIED], row[VerdictChoice.CONTRADICTED]
        other = row["claims"] - verified - contradicted
        rows.append(
            {
                "month": row["month"],
                "claims": row["claims"],
                "verified": verified,
                "contradicted": contradicted,
                "other": other,
                "bars": [
                    {"verdict": v, "count": n, "width": round(100 * n / top, 1)}
                    for v, n in (
                        (VerdictChoice.VERIFIED.value, verified),
                        (VerdictChoice.CONTRADICTED.value, contradicted),
                        (VerdictChoice.UNREVIEWED.value, other),
                    )
                    if n
                ],
            }
        )
    return rows
