"""The BigQuery SQL of every model, run on DuckDB, gives the native DuckDB build's tables.

See docs/bigquery_verification.md for what this shows, how, and what it
cannot show.
"""

from __future__ import annotations

import dataclasses
import re

import pytest
import sqlglot
from bigquery_emulation import (
    Inputs,
    Outcome,
    Relation,
    bigquery_storage_problems,
    build_and_compare,
    build_model,
    connect,
    load_inputs,
    model_inputs,
    models_in_build_order,
    to_duckdb,
)
from sqlglot import exp
from verification_policy import COLUMN_RULES, SKIPPED_MODELS

pytestmark = pytest.mark.slow


def describe(outcomes: list[Outcome]) -> str:
    lines = []
    for o in outcomes:
        lines.append(f"- {o.model} [{o.status}] {o.detail}".rstrip())
        lines += [f"    {p[:2000]}" for p in o.problems]
    return "\n".join(lines)


def test_every_model_is_run_unless_documented(bigquery_on_duckdb) -> None:
    outcomes = bigquery_on_duckdb.outcomes
    assert len(outcomes) == len(bigquery_on_duckdb.models) > 0
    failed = [o for o in outcomes if o.status == "failed"]
    assert not failed, "BigQuery SQL that failed on the emulation:\n" + describe(failed)
    skipped = {o.model for o in outcomes if o.status == "skipped"}
    assert skipped == set(SKIPPED_MODELS), (
        "skipped models must be exactly those in verification_policy.SKIPPED_MODELS:\n"
        + describe([o for o in outcomes if o.status == "skipped"])
    )


def test_bigquery_results_equal_duckdb_results(bigquery_on_duckdb) -> None:
    compared = [o for o in bigquery_on_duckdb.outcomes if o.status == "compared"]
    different = [o for o in compared if o.problems]
    assert not different, (
        f"{len(different)} of {len(compared)} models differ between the BigQuery SQL "
        "(run on DuckDB) and the DuckDB build:\n" + describe(different)
    )
    # every rule that the policy lists is still needed by some model
    applied = {column for o in compared for column in o.rules_applied}
    unused = set(COLUMN_RULES) - applied
    assert not unused, f"column rules that no model needs any more: {unused}"
    print(
        f"\n{len(compared)} models compared in {bigquery_on_duckdb.seconds:.1f} s: "
        f"{sum(o.bigquery_rows for o in compared)} rows, "
        f"{sum(len(o.compared_columns) for o in compared)} columns, from "
        f"{sum(bigquery_on_duckdb.input_rows.values())} input rows; "
        f"models with no rows on this dataset: {[o.model for o in compared if not o.native_rows]}"
    )


def test_bigquery_could_store_every_table(bigquery_on_duckdb) -> None:
    """BigQuery refuses to write an array with a NULL element, or an array of arrays."""
    problems = []
    for model in bigquery_on_duckdb.models:
        for problem in bigquery_storage_problems(bigquery_on_duckdb.con, model.bigquery.sql()):
            problems.append(f"{model.name}.{problem}")
    assert not problems, problems


def test_source_row_id_identifies_a_ga4_row_on_bigquery(bigquery_on_duckdb) -> None:
    """source_row_id is not compared (generate_uuid()); the join keys need it set and unique
    (with hit_index where a row of the export is unnested into its hits)."""
    con = bigquery_on_duckdb.con
    checked = 0
    for model in bigquery_on_duckdb.models:
        relation = model.bigquery.sql()
        names = {r[0] for r in con.execute(f"describe select * from {relation}").fetchall()}
        if model.materialized == "view" or not {"source_file", "source_row_id"} <= names:
            continue
        row = "source_file, source_row_id" + (", hit_index" if "hit_index" in names else "")
        nulls, repeated = con.execute(
            "select count(*) filter (where source_row_id is null), "
            f"count(*) - count(distinct ({row})) "
            f"from {relation}"
        ).fetchone()
        assert (nulls, repeated) == (0, 0), f"{model.name}: {nulls} null, {repeated} repeated ids"
        checked += 1
    assert checked >= 1


def export_suffixes(con, relation: Relation) -> set[str]:
    rows = con.execute(f"select distinct export_table_suffix from {relation.sql()}").fetchall()
    return {row[0] for row in rows}


def wildcard_relation(bigquery_manifest) -> Relation:
    wildcards = [
        Relation(s["schema"], s["identifier"])
        for s in bigquery_manifest["sources"].values()
        if s["identifier"] == "events_*"
    ]
    assert len(wildcards) == 1, wildcards
    return wildcards[0]


def test_default_vars_read_every_daily_table_and_no_intraday(bigquery_on_duckdb) -> None:
    con = bigquery_on_duckdb.con
    wildcard = wildcard_relation(bigquery_on_duckdb.bigquery_manifest)
    query = f"select distinct _table_suffix from {wildcard.sql()}"
    tables = {row[0] for row in con.execute(query).fetchall()}
    daily = {t for t in tables if re.fullmatch(r"\d{8}", t)}
    assert daily and tables - daily, f"the test data needs daily and intraday tables: {tables}"
    staged = export_suffixes(con, bigquery_on_duckdb.model("base_ga4__events").bigquery)
    assert staged == daily


def test_table_suffix_filter_prunes_the_wildcard(bigquery_on_duckdb) -> None:
    """The filter on the wildcard compares _TABLE_SUFFIX with constants only: BigQuery
    prunes the tables it scans only when the filter is constant."""
    sql = bigquery_on_duckdb.model("base_ga4__events").compiled_sql
    tree = sqlglot.parse_one(sql, read="bigquery")
    wildcard = wildcard_relation(bigquery_on_duckdb.bigquery_manifest)
    selects = [
        s
        for s in tree.find_all(exp.Select)
        if s.args.get("from_") is not None
        and any(t.name == wildcard.name for t in s.args["from_"].find_all(exp.Table))
    ]
    assert len(selects) == 1, "expected one select reading the GA4 wildcard"
    where = selects[0].args.get("where")
    assert where is not None, "the wildcard is read without a _TABLE_SUFFIX filter"
    predicates = [
        p
        for p in where.find_all(exp.Between, exp.EQ, exp.GT, exp.GTE, exp.LT, exp.LTE, exp.In)
        if any(c.name.lower() == "_table_suffix" for c in p.find_all(exp.Column))
    ]
    assert predicates, "no predicate on _TABLE_SUFFIX"
    for predicate in predicates:
        others = [
            n
            for n in predicate.iter_expressions()
            if not (isinstance(n, exp.Column) and n.name.lower() == "_table_suffix")
        ]
        assert all(isinstance(n, exp.Literal) for n in others), predicate.sql("bigquery")


def test_table_suffix_filter_follows_the_vars(
    bigquery_on_duckdb, compile_for_bigquery, native_copy, tmp_path
) -> None:
    """ga4_start_date / ga4_end_date / ga4_include_intraday on a wildcard with tables
    before, inside and after the range, daily and intraday."""
    con = bigquery_on_duckdb.con
    wildcard = wildcard_relation(bigquery_on_duckdb.bigquery_manifest)
    query = f"select distinct _table_suffix from {wildcard.sql()}"
    tables = sorted(row[0] for row in con.execute(query).fetchall())
    days = [t for t in tables if re.fullmatch(r"\d{8}", t)]
    assert len(days) >= 4, f"the test data needs 4 days of GA4 export: {tables}"
    first, start, end, last = days[0], days[1], days[-2], days[-1]
    manifest = compile_for_bigquery(
        "bigquery_suffix_filter",
        "--select",
        "base_ga4__events",
        "--vars",
        f"{{ga4_start_date: '{start}', ga4_end_date: '{end}', ga4_include_intraday: true}}",
    )
    base = next(
        m
        for m in models_in_build_order(manifest, bigquery_on_duckdb.native_manifest)
        if m.name == "base_ga4__events"
    )
    filtered = connect(tmp_path / "suffix_filter.duckdb", native_copy)
    inputs = model_inputs(manifest, bigquery_on_duckdb.native_manifest)
    load_inputs(filtered, Inputs(sources={wildcard: inputs.sources[wildcard]}, copied={}))
    # intraday tables before, inside and after the range: copies of a daily table
    for day in (first, start, last):
        filtered.execute(
            f"insert into {wildcard.sql()} select * replace ('intraday_{day}' as _table_suffix) "
            f"from {wildcard.sql()} where _table_suffix = '{start}'"
        )
    build_model(filtered, base, to_duckdb(base.compiled_sql))
    staged = export_suffixes(filtered, base.bigquery)
    filtered.close()
    # not the first day (before the start), the last one (after the end), nor
    # their intraday tables
    assert staged == {d for d in days if start <= d <= end} | {f"intraday_{start}"}


def test_a_broken_bigquery_macro_is_detected(bigquery_on_duckdb) -> None:
    """The comparison can fail: BigQuery SQL changed as a broken macro would change it
    (MD5 for SHA-256, the strip_accents bug this check found) differs."""
    con = bigquery_on_duckdb.con
    mutants = {
        # bigquery__sha256_hex hashing with MD5: every hashed identifier moves
        "int_identity__observations": (r"to_hex\(sha256\(", "to_hex(md5("),
        # bigquery__strip_accents without NFC: Hangul names stay decomposed
        "int_crm__customer_match_candidates": (
            r"normalize\((regexp_replace\(normalize\(.*?, NFD\), r'\\p\{M\}', ''\)), NFC\)",
            r"\1",
        ),
    }
    for name, (pattern, replacement) in mutants.items():
        model = bigquery_on_duckdb.model(name)
        broken_sql, count = re.subn(pattern, replacement, model.compiled_sql)
        assert count, f"{name}: the mutation no longer applies; update this test"
        mutant = dataclasses.replace(
            model,
            compiled_sql=broken_sql,
            bigquery=Relation("scv_mutants", model.bigquery.name),
            parents=(),
        )
        to_duckdb(mutant.compiled_sql)  # still valid SQL
        outcome = build_and_compare(con, [mutant], COLUMN_RULES, {})[0]
        assert outcome.status == "compared", outcome.detail
        assert outcome.problems, f"{name}: a broken macro went unnoticed"
