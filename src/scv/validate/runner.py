"""Run the checks with Great Expectations (1.x, pandas frames) and write Data Docs.

An ephemeral GE context holds one pandas data source; each check becomes a
data asset, an expectation suite and a validation definition run on its
frame. Data Docs (GE's static HTML site) are then built into the docs folder:
an index of the run's validations and one page per suite.
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scv.validate.checks import Check
from scv.validate.config import ValidationConfigError

SITE_NAME = "scv_validate"
RUN_NAME = "scv validate"
# Data Docs folders GE writes; older runs' pages are removed so the index is this run's
DOCS_PARTS = ("index.html", "validations", "expectations", "static")


@dataclass
class Outcome:
    """One expectation's result, in the terms the summary prints."""

    check: Check
    expectation_type: str
    description: str
    kwargs: dict[str, Any]
    success: bool
    result: dict[str, Any] = field(default_factory=dict)
    error: str | None = None


def prepare_docs_dir(docs_dir: Path) -> None:
    try:
        docs_dir.mkdir(parents=True, exist_ok=True)
        for part in DOCS_PARTS:
            path = docs_dir / part
            if path.is_dir():
                shutil.rmtree(path)
            elif path.exists():
                path.unlink()
    except OSError as error:
        raise ValidationConfigError(
            f"cannot write Data Docs to {docs_dir} ({error}); give a writable folder with "
            "--docs-dir"
        ) from error


def run(checks: Sequence[Check], docs_dir: Path) -> tuple[list[Outcome], Path]:
    """Validate every check; return the outcomes and the Data Docs index page."""
    import great_expectations as gx
    from great_expectations.core.run_identifier import RunIdentifier
    from great_expectations.data_context.types.base import ProgressBarsConfig

    # GE logs each metric it cannot compute at ERROR and returns it in the result too
    logging.getLogger("great_expectations").setLevel(logging.CRITICAL)
    prepare_docs_dir(docs_dir)
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    context.add_data_docs_site(
        site_name=SITE_NAME,
        site_config={
            "class_name": "SiteBuilder",
            "store_backend": {
                "class_name": "TupleFilesystemStoreBackend",
                "base_directory": str(docs_dir.resolve()),
            },
            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
        },
    )
    source = context.data_sources.add_pandas("scv")
    run_id = RunIdentifier(run_name=RUN_NAME, run_time=dt.datetime.now(dt.UTC))
    outcomes: list[Outcome] = []
    for check in checks:
        asset = source.add_dataframe_asset(check.suite_name)
        batch = asset.add_batch_definition_whole_dataframe("whole frame")
        suite = context.suites.add(
            gx.ExpectationSuite(
                name=check.suite_name,
                expectations=list(check.expectations),
                meta={"table": check.table, "reads": check.reads},
            )
        )
        definition = context.validation_definitions.add(
            gx.ValidationDefinition(name=check.suite_name, data=batch, suite=suite)
        )
        result_format: dict[str, Any] = {"result_format": "SUMMARY"}
        if check.index_columns:
            result_format["unexpected_index_column_names"] = list(check.index_columns)
        validation = definition.run(
            batch_parameters={"dataframe": check.frame},
            result_format=result_format,
            run_id=run_id,
        )
        for result in validation.results:
            config = result.expectation_config
            info = result.exception_info or {}
            error = _exception_message(info)
            outcomes.append(
                Outcome(
                    check=check,
                    expectation_type=config.type,
                    description=config.description or config.type,
                    kwargs={k: v for k, v in config.kwargs.items() if k != "batch_id"},
                    success=bool(result.success) and error is None,
                    result=dict(result.result or {}),
                    error=error,
                )
            )
    context.build_data_docs(site_names=[SITE_NAME])
    return outcomes, docs_dir / "index.html"


def _exception_message(info: dict[str, Any]) -> str | None:
    if info.get("raised_exception"):
        return str(info.get("exception_message"))
    # several metrics: {metric id: {raised_exception, exception_message, ...}}
    for value in info.values():
        if isinstance(value, dict) and value.get("raised_exception"):
            return str(value.get("exception_message"))
    return None
