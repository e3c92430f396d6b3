"""Write one brief, or a day's briefs, with one warehouse connection and one renderer."""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from scv.briefs.data import AppointmentRef, BriefStore
from scv.briefs.render import BriefNotAllowed, BriefRenderer

SKIPPED_FILE = "skipped.csv"
NOT_ALLOWED = "consent does not allow a brief"


@dataclass
class DayResult:
    written: list[Path] = field(default_factory=list)
    skipped: list[tuple[AppointmentRef, str]] = field(default_factory=list)
    skipped_file: Path | None = None


def safe_name(text: str) -> str:
    """A file-name-safe version of an id or a boutique code."""
    return re.sub(r"[^\w.-]+", "_", text).strip("_") or "unknown"


def brief_file(ref: AppointmentRef) -> str:
    """<boutique>_<HHMM>_<appointment>.pdf: a boutique's briefs sort by time."""
    when = f"{ref.scheduled_at_local:%H%M}" if ref.scheduled_at_local else "0000"
    return f"{safe_name(ref.boutique_id or 'boutique')}_{when}_{safe_name(ref.appointment_id)}.pdf"


def write_brief(store: BriefStore, renderer: BriefRenderer, appointment_id: str, out: Path) -> Path:
    """Query one appointment and write its PDF (BriefNotAllowed, BriefDataError otherwise)."""
    return renderer.write_pdf(store.brief(appointment_id), out)


def write_day(
    store: BriefStore,
    renderer: BriefRenderer,
    day: dt.date,
    out_dir: Path,
    boutique: str | None = None,
    *,
    progress: bool = False,
) -> DayResult:
    """Write every allowed brief of a local day (of one boutique or all) into `out_dir`.

    Appointments whose customer's consent does not allow a brief are not
    rendered; they are listed in out_dir/skipped.csv (appointment, boutique,
    time, reason: no customer data).
    """
    refs = store.appointments(day, boutique)
    result = DayResult()
    out_dir.mkdir(parents=True, exist_ok=True)
    for ref in tqdm(refs, desc="briefs", unit="brief", disable=not progress):
        if not ref.is_brief_allowed:
            result.skipped.append((ref, NOT_ALLOWED))
            continue
        try:
            result.written.append(
                write_brief(store, renderer, ref.appointment_id, out_dir / brief_file(ref))
            )
        except BriefNotAllowed:
            result.skipped.append((ref, NOT_ALLOWED))
    skipped_file = out_dir / SKIPPED_FILE
    if result.skipped:
        with skipped_file.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["appointment_id", "boutique", "scheduled_at_local", "reason"])
            for ref, reason in result.skipped:
                writer.writerow(
                    [ref.appointment_id, ref.boutique_name, ref.scheduled_at_local, reason]
                )
        result.skipped_file = skipped_file
    else:
        skipped_file.unlink(missing_ok=True)
    return result
