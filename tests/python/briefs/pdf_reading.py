"""Read a brief back: its text (pypdf) and its first page as a PNG (pypdfium2)."""

from __future__ import annotations

import re
from pathlib import Path


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def flat(text: str) -> str:
    """Whitespace collapsed: PDF text extraction splits lines where the layout wraps."""
    return re.sub(r"\s+", " ", text)


def page_count(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(path).pages)


def first_page_png(pdf: Path, png: Path, scale: float = 1.5) -> Path:
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        document[0].render(scale=scale).to_pil().save(png)
    finally:
        document.close()
    return png
