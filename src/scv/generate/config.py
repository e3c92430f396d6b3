"""Parameters of one `scv generate` run."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, timedelta
from pathlib import Path

from scv.generate.reference import DEFAULT_END_DATE

MIN_CUSTOMERS = 100
MIN_DAYS = 2


@dataclass(frozen=True)
class GenerateConfig:
    customers: int = 2000
    days: int = 30
    seed: int = 42
    out: Path = Path("data/demo")
    start_date: date | None = None
    raw_format: str = "csv"
    events_per_customer_day: float = 3.3
    prospects_per_customer: float = 0.5
    history_days: int = 365
    # days of GA360 (Universal Analytics) export before the GA4 window (0: none)
    ga360_days: int = 0
    force: bool = False
    progress: bool = True

    @property
    def start(self) -> date:
        """First day of the GA4 window: --start-date, else the window ends on a fixed date."""
        if self.start_date is not None:
            return self.start_date
        end = date.fromisoformat(DEFAULT_END_DATE)
        return end - timedelta(days=self.days - 1)

    @property
    def end(self) -> date:
        return self.start + timedelta(days=self.days - 1)

    def validate(self) -> None:
        if self.customers < MIN_CUSTOMERS:
            raise ValueError(
                f"--customers must be at least {MIN_CUSTOMERS} (every kind of mess needs rows "
                f"to land on); got {self.customers}"
            )
        if self.days < MIN_DAYS:
            raise ValueError(
                f"--days must be at least {MIN_DAYS} (late-arriving events need a later day); "
                f"got {self.days}"
            )
        if self.raw_format not in ("csv", "parquet"):
            raise ValueError(f"--raw-format must be csv or parquet, got {self.raw_format!r}")
        if not 0 < self.events_per_customer_day <= 200:
            raise ValueError("--events-per-customer-day must be in (0, 200]")
        if not 0 <= self.prospects_per_customer <= 20:
            raise ValueError("--prospects-per-customer must be in [0, 20]")
        if not 0 <= self.history_days <= 3650:
            raise ValueError("--history-days must be in [0, 3650]")
        if not 0 <= self.ga360_days <= self.history_days:
            raise ValueError(
                f"--ga360-days must be between 0 and --history-days ({self.history_days}): the "
                f"GA360 export covers days before GA4 started; got {self.ga360_days}"
            )

    def parameters(self) -> dict[str, object]:
        """The parameters as recorded in manifest.json (no output path, no display flags)."""
        values = asdict(self)
        for key in ("out", "force", "progress"):
            values.pop(key)
        values["start_date"] = self.start.isoformat()
        values["end_date"] = self.end.isoformat()
        return values
