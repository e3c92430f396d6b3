"""Where the repository and the shared folder beside it are."""

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
GA4_SAMPLE_DIR = SHARED / "data" / "ga4_sample"
