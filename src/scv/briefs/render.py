"""Render an appointment brief to PDF: Jinja2 HTML + CSS -> WeasyPrint, fonts embedded.

One `BriefRenderer` holds the Jinja2 environment, the parsed stylesheet and
WeasyPrint's font configuration; create it once and call `write_pdf` for every
brief of a run. The fonts come from Python packages the build installs (Noto
Sans for Latin, Greek and Cyrillic; Noto Sans Arabic and Hebrew; Noto Sans CJK
for Chinese, Japanese and Korean), referenced by path in @font-face rules, so a
brief looks the same on every machine and the PDF carries the glyphs it uses.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from scv.briefs.chart import weekly_visits_svg
from scv.briefs.data import BriefData

TEMPLATES = Path(__file__).parent / "templates"
TEMPLATE = "brief.html.j2"
STYLESHEET = "brief.css"
FONT_FAMILY = "Brief"

# Free text typed by staff (notes, motivation) may hold contact details; a brief never shows them.
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
PHONE = re.compile(r"(?<![\w+])\+?\(?\d[\d\s().-]{6,}\d(?!\w)")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
MIN_PHONE_DIGITS = 9
REMOVED = "[removed]"


class BriefNotAllowed(Exception):
    """The customer's consent does not allow a brief: nothing is written."""


@dataclass(frozen=True)
class Brand:
    """What a brand sets on its briefs: its name, an optional logo file and its currency."""

    name: str = "Boutique"
    logo: Path | None = None
    currency: str = "EUR"


def scrub(text: str | None) -> str | None:
    """Remove e-mail addresses and phone numbers from free text."""
    if text is None:
        return None
    return PHONE.sub(_phone_or_keep, EMAIL.sub(REMOVED, text))


def _phone_or_keep(match: re.Match[str]) -> str:
    """A run of at least nine digits is a phone number; dates and small numbers stay."""
    found = match.group(0)
    digits = sum(char.isdigit() for char in found)
    if digits < MIN_PHONE_DIGITS or ISO_DATE.search(found):
        return found
    return REMOVED


def direction(text: str | None) -> str:
    """'rtl' when the first strongly directional character is Arabic or Hebrew, else 'ltr'."""
    for char in text or "":
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "ltr"


def money(value: Decimal | float | None, currency: str) -> str:
    if value is None:
        return "–"
    return f"{value:,.2f} {currency}"


def duration(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest:02d} s" if minutes else f"{rest} s"


def day(value: dt.date | dt.datetime | None) -> str:
    return "–" if value is None else f"{value.day} {value:%b %Y}"


def day_time(value: dt.datetime | None) -> str:
    return "–" if value is None else f"{value:%A} {value.day} {value:%B %Y, %H:%M}"


def utc_time(value: dt.datetime | None) -> str:
    if value is None:
        return "unknown"
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    return f"{value:%Y-%m-%d %H:%M} UTC"


def split_list(text: str | None) -> list[str]:
    """'Bags, Shoes' or 'Bags; Shoes' -> ['Bags', 'Shoes']."""
    if not text:
        return []
    return [part.strip() for part in re.split(r"[;,|]", text) if part.strip()]


@cache
def font_faces() -> str:
    """@font-face rules for the packaged fonts, all under one family (tried in this order)."""
    import fontpkg_noto_sans
    import justmytype_intl_rtl
    import noto_cjk_sans_otc

    latin = Path(fontpkg_noto_sans.__file__).parent / "files"
    rtl = Path(justmytype_intl_rtl.__file__).parent / "fonts" / "ofl"
    files = [
        (latin / "NotoSans[wdth,wght].ttf", "normal"),
        (latin / "NotoSans-Italic[wdth,wght].ttf", "italic"),
        (rtl / "notosansarabic" / "NotoSansArabic[wdth,wght].ttf", "normal"),
        (rtl / "notosanshebrew" / "NotoSansHebrew[wdth,wght].ttf", "normal"),
        (Path(str(noto_cjk_sans_otc.FONT_PATH)), "normal"),
    ]
    rules = []
    for index, (path, style) in enumerate(files):
        if not path.exists():
            raise FileNotFoundError(f"font file {path} is missing: reinstall the locked packages")
        # one family per file, listed in order in font-family: the browser-style fallback
        rules.append(
            f"@font-face {{ font-family: '{FONT_FAMILY}{index}'; font-style: {style}; "
            f"src: url('{path.as_uri()}'); }}"
        )
    families = ", ".join(f"'{FONT_FAMILY}{index}'" for index in range(len(files)))
    rules.append(f":root {{ --brief-fonts: {families}; }}")
    rules.append(f"html {{ font-family: {families}, sans-serif; }}")
    return "\n".join(rules)


class BriefRenderer:
    """Renders briefs; the template, stylesheet and fonts are loaded once per renderer."""

    def __init__(self, brand: Brand | None = None) -> None:
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        self.brand = brand or Brand()
        if self.brand.logo is not None and not self.brand.logo.exists():
            raise FileNotFoundError(f"logo file {self.brand.logo} does not exist")
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(TEMPLATES),
            autoescape=jinja2.select_autoescape(["html", "j2"]),
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters.update(day=day, day_time=day_time, utc_time=utc_time, duration=duration)
        self.template = self.env.get_template(TEMPLATE)
        self.font_config = FontConfiguration()
        css = font_faces() + "\n" + (TEMPLATES / STYLESHEET).read_text(encoding="utf-8")
        self.stylesheet = CSS(string=css, font_config=self.font_config)

    def context(self, brief: BriefData, generated_at: dt.datetime) -> dict[str, Any]:
        brand = self.brand
        return {
            "brief": brief,
            "brand": brand,
            "logo_uri": brand.logo.resolve().as_uri() if brand.logo else None,
            "name_dir": direction(brief.customer_display_name),
            "motivation": scrub(brief.motivation),
            "notes": scrub(brief.brief_notes),
            "categories": split_list(brief.preferred_categories),
            "cart_products": split_list(brief.open_cart_products),
            "cart_value": money(
                brief.open_cart_value, brief.reporting_currency_code or brand.currency
            ),
            "chart": weekly_visits_svg(brief.weekly_visits),
            "week_count": len(brief.weekly_visits),
            "generated_at": generated_at,
        }

    def render_html(self, brief: BriefData, generated_at: dt.datetime | None = None) -> str:
        if not brief.is_brief_allowed:
            raise BriefNotAllowed(
                "this customer's consent does not allow an appointment brief; none is written"
            )
        generated_at = generated_at or dt.datetime.now(dt.UTC)
        return self.template.render(self.context(brief, generated_at))

    def write_pdf(self, brief: BriefData, out: Path) -> Path:
        """Write the brief's PDF to `out` (BriefNotAllowed when consent does not allow it)."""
        from weasyprint import HTML

        html = self.render_html(brief)
        out.parent.mkdir(parents=True, exist_ok=True)
        HTML(string=html, base_url=str(TEMPLATES)).write_pdf(
            out, stylesheets=[self.stylesheet], font_config=self.font_config
        )
        return out
