"""Fixtures for the brief tests: the hand-made marts, one renderer, PDF text and page images.

Page-1 PNGs of the rendered briefs are kept as test artifacts in
test-artifacts/briefs/ at the repository root (gitignored; set
SCV_TEST_ARTIFACTS to write them elsewhere).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from brief_marts import write_brief_marts

from project_paths import REPO


@pytest.fixture(scope="session")
def brief_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_brief_marts(tmp_path_factory.mktemp("briefs") / "marts.duckdb")


@pytest.fixture(scope="session")
def renderer():
    from scv.briefs.render import BriefRenderer

    return BriefRenderer()


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    directory = Path(os.environ.get("SCV_TEST_ARTIFACTS", REPO / "test-artifacts")) / "briefs"
    directory.mkdir(parents=True, exist_ok=True)
    return directory
