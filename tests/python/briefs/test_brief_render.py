"""Briefs rendered from the hand-made marts, read back from the PDF.

For every case the text of the PDF is checked against the marts (the KPIs in
their display order, the name, the footer's data date) and for what it must not
hold (e-mail, phone, customer id, item ids, appointment id); page 1 is kept as
a PNG in test-artifacts/briefs/.
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest
from brief_marts import CASES, DATA_AS_OF, EXTRA_KPI
from pdf_reading import first_page_png, flat, page_count, pdf_text

ALLOWED = [key for key, case in CASES.items() if case.allowed]


@pytest.fixture(scope="module")
def rendered(brief_db: Path, renderer, tmp_path_factory, artifacts_dir: Path) -> dict[str, Path]:
    from scv.briefs.data import BriefStore

    out = tmp_path_factory.mktemp("pdf")
    pdfs = {}
    with BriefStore(brief_db) as store:
        for key in ALLOWED:
            pdf = renderer.write_pdf(store.brief(CASES[key].appointment_id), out / f"{key}.pdf")
            first_page_png(pdf, artifacts_dir / f"brief_{key}.png")
            pdfs[key] = pdf
    return pdfs


def mart_kpis(brief_db: Path, appointment_id: str) -> list[tuple[str, str]]:
    with duckdb.connect(str(brief_db), read_only=True) as con:
        return con.execute(
            "select kpi_label, kpi_value from main_marts.appointment_brief_kpis "
            "where appointment_id = ? order by display_order",
            [appointment_id],
        ).fetchall()


def pdf_fonts(path: Path) -> set[str]:
    from pypdf import PdfReader

    fonts = PdfReader(path).pages[0]["/Resources"]["/Font"]
    return {str(font.get_object()["/BaseFont"]).split("+")[-1] for font in fonts.values()}


@pytest.mark.parametrize("key", ALLOWED)
def test_kpis_in_display_order_match_the_mart(key, rendered, brief_db):
    text = flat(pdf_text(rendered[key]))
    position = 0
    kpis = mart_kpis(brief_db, CASES[key].appointment_id)
    assert kpis
    for label, value in kpis:
        found = text.find(f"{value} {label}", position)
        assert found >= 0, f"KPI {label}={value} missing or out of order in {text!r}"
        position = found


@pytest.mark.parametrize("key", ALLOWED)
def test_no_contact_details_or_identifiers(key, rendered):
    case = CASES[key]
    text = pdf_text(rendered[key])
    squeezed = re.sub(r"[\s().-]", "", text)
    forbidden = [case.email, case.customer_id, case.appointment_id]
    forbidden += [item_id for _, item_id, _ in case.views]
    for value in forbidden:
        assert value not in text
    assert case.phone not in squeezed and case.phone.lstrip("+") not in squeezed
    assert "@" not in text


@pytest.mark.parametrize("key", ALLOWED)
def test_one_page_with_data_date_in_footer(key, rendered):
    assert page_count(rendered[key]) == 1
    assert f"Data as of {DATA_AS_OF:%Y-%m-%d %H:%M} UTC" in flat(pdf_text(rendered[key]))


@pytest.mark.parametrize("key", ["rich", "none", "chinese", "japanese", "offline_booking"])
def test_name_is_printed(key, rendered):
    assert CASES[key].name in pdf_text(rendered[key])


def test_rich_history(rendered):
    text = flat(pdf_text(rendered["rich"]))
    for product, _, count in CASES["rich"].views:
        assert f"{product} {count}" in text
    assert "Website visits per week, last 12 weeks" in text
    assert "Sac Alma en cuir épi" in text
    assert "Carré en soie 90" in text and "1,260.00 EUR" in text
    assert f"{EXTRA_KPI[2]} {EXTRA_KPI[1]}" in text  # a brand's own KPI, no renderer change
    assert "No website visits" not in text and "not seen on the website" not in text


def test_staff_notes_lose_contact_details(rendered):
    text = flat(pdf_text(rendered["rich"]))
    assert "Call back on [removed] or write to [removed] before 2026-11-03." in text


def test_no_history_says_so(rendered):
    text = flat(pdf_text(rendered["none"]))
    assert "No website visits known for this customer." in text
    assert "No purchase known for this customer." in text
    assert "No open cart on the website." in text
    assert "This booking was not seen on the website" in text
    assert "Website visits per week" not in text


def test_booking_not_in_ga_with_web_history(rendered):
    text = flat(pdf_text(rendered["offline_booking"]))
    assert "This booking was not seen on the website" in text
    assert "Website visits per week" in text


@pytest.mark.parametrize(
    ("key", "family", "words"),
    [
        ("chinese", "Brief4", ["王小明", "丝巾 · 马车图案", "上海 恒隆广场"]),
        ("japanese", "Brief4", ["山田花子", "シルクスカーフ「庭園」", "東京 銀座"]),
        # the lam-alef ligature of the first name does not survive text extraction, so the
        # surname and the Hebrew product stand for the right-to-left text (see the PNG)
        ("arabic", "Brief2", ["الحسيني", "עגילי זהב"]),
        ("rich", "Brief0", ["Élodie Lefèvre-Müller", "Escarpins Cœur"]),
    ],
)
def test_scripts_use_the_embedded_fonts(key, family, words, rendered):
    text = pdf_text(rendered[key])
    for word in words:
        assert word in text
    # the fonts of the brief's @font-face rules (packaged Noto), never a system fallback
    fonts = pdf_fonts(rendered[key])
    assert any(font.startswith(family) for font in fonts), fonts
    assert all(font.startswith("Brief") for font in fonts), fonts


def test_no_consent_writes_nothing(brief_db, renderer, tmp_path):
    from scv.briefs.data import BriefStore
    from scv.briefs.render import BriefNotAllowed

    with BriefStore(brief_db) as store:
        brief = store.brief(CASES["no_consent"].appointment_id)
    assert not brief.is_brief_allowed
    assert brief.kpis == () and brief.product_views == () and brief.weekly_visits == ()
    with pytest.raises(BriefNotAllowed):
        renderer.write_pdf(brief, tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


def test_png_artifacts_kept(rendered, artifacts_dir):
    for key in ALLOWED:
        png = artifacts_dir / f"brief_{key}.png"
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
