"""The renderer's small parts: scrubbing free text, text direction, the bar chart, the logo."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from scv.briefs.chart import weekly_visits_svg
from scv.briefs.data import WeeklyVisits
from scv.briefs.render import Brand, BriefRenderer, direction, scrub


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mail jane.doe+vip@example.co.uk now", "mail [removed] now"),
        ("call +33 6 12 34 56 78.", "call [removed]."),
        ("call (020) 7946 0958 today", "call [removed] today"),
        ("size 38, 2 pieces, on 2026-11-03 14:30", "size 38, 2 pieces, on 2026-11-03 14:30"),
        ("budget 12 000 EUR", "budget 12 000 EUR"),
    ],
)
def test_scrub(text, expected):
    assert scrub(text) == expected


def test_direction():
    assert direction("ليلى الحسيني") == "rtl"
    assert direction("דוד כהן") == "rtl"
    assert direction("王小明") == "ltr"
    assert direction("  (Élodie)") == "ltr"
    assert direction(None) == "ltr"


def test_chart_bars_scale_to_the_busiest_week():
    start = dt.date(2026, 8, 10)
    weeks = [WeeklyVisits(start + dt.timedelta(days=7 * i), i % 4) for i in range(12)]
    svg = weekly_visits_svg(weeks)
    heights = [float(h) for h in re.findall(r'<rect [^>]*height="([\d.]+)"', svg)]
    assert len(heights) == sum(1 for week in weeks if week.sessions)
    assert max(heights) == pytest.approx(74.0)
    assert weekly_visits_svg([]) == ""


def page_xobjects(pdf) -> int:
    from pypdf import PdfReader

    resources = PdfReader(pdf).pages[0]["/Resources"]
    return len(resources.get("/XObject", {}))


def test_logo_goes_in_the_slot(brief_db, tmp_path):
    from brief_marts import CASES

    from scv.briefs.data import BriefStore

    logo = tmp_path / "logo.png"
    from PIL import Image

    Image.new("RGB", (240, 80), "#222222").save(logo)
    with BriefStore(brief_db) as store:
        brief = store.brief(CASES["none"].appointment_id)
    with_logo = BriefRenderer(Brand(name="Maison", logo=logo)).write_pdf(brief, tmp_path / "a.pdf")
    without = BriefRenderer(Brand(name="Maison")).write_pdf(brief, tmp_path / "b.pdf")
    assert page_xobjects(with_logo) > page_xobjects(without)
    with pytest.raises(FileNotFoundError):
        BriefRenderer(Brand(logo=tmp_path / "missing.png"))
