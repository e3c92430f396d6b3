"""Small inline SVG charts for briefs: plain bars, no plotting library (fast, crisp in PDF)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from scv.briefs.data import WeeklyVisits

WIDTH = 300
HEIGHT = 110
AXIS_Y = 88  # baseline of the bars; week labels below it, counts above each bar
TOP = 14


def weekly_visits_svg(weeks: Sequence[WeeklyVisits], *, color: str = "#6b5b45") -> str:
    """Bars of website sessions per week (oldest left), each with its count and week start."""
    if not weeks:
        return ""
    peak = max(week.sessions for week in weeks) or 1
    slot = WIDTH / len(weeks)
    bar = slot * 0.62
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{WIDTH}" '
        f'height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="Website visits per week">',
        f'<line x1="0" y1="{AXIS_Y}" x2="{WIDTH}" y2="{AXIS_Y}" stroke="#b9b2a6" '
        'stroke-width="0.6"/>',
    ]
    for index, week in enumerate(weeks):
        height = (AXIS_Y - TOP) * week.sessions / peak
        x = index * slot + (slot - bar) / 2
        middle = index * slot + slot / 2
        if week.sessions:
            parts.append(
                f'<rect x="{x:.1f}" y="{AXIS_Y - height:.1f}" width="{bar:.1f}" '
                f'height="{height:.1f}" fill="{color}" rx="1"/>'
            )
        parts.append(
            f'<text x="{middle:.1f}" y="{AXIS_Y - height - 3:.1f}" font-size="7" '
            f'text-anchor="middle" fill="#333">{week.sessions}</text>'
        )
        # every other week label keeps twelve weeks readable on a half-page chart
        if index % 2 == (len(weeks) - 1) % 2:
            label = escape(f"{week.week_start:%d %b}")
            parts.append(
                f'<text x="{middle:.1f}" y="{AXIS_Y + 11}" font-size="6.5" '
                f'text-anchor="middle" fill="#666">{label}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)
