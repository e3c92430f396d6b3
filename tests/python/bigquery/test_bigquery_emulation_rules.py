"""The rewrites of BigQuery SQL for DuckDB give what BigQuery gives.

Expected values are BigQuery's documented results (ZetaSQL function
reference); each rewrite in bigquery_emulation.REWRITES has a case here, and
a name in docs/bigquery_verification.md.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import duckdb
import pytest
from bigquery_emulation import REWRITES, Unsupported, connect, duckdb_type, to_duckdb
from sqlglot import exp
from verification_policy import COLUMN_RULES, SKIPPED_MODELS

from project_paths import REPO

UTC = dt.UTC


@pytest.fixture(scope="module")
def con():
    connection = connect(":memory:")
    connection.execute("create schema ds")
    connection.execute(
        "create table ds.t as select * from (values "
        "(1, 'b', 10, 'Europe/Paris'), (2, null, 20, 'Asia/Tokyo'), (3, 'a', 30, 'UTC')"
        ") as v(id, x, y, zone)"
    )
    yield connection
    connection.close()


def run(con, bigquery_sql: str, *values):
    """The query with each ? replaced by a BigQuery literal of the value."""
    literals = iter(exp.convert(value).sql(dialect="bigquery") for value in values)
    return con.execute(to_duckdb(re.sub(r"\?", lambda _: next(literals), bigquery_sql))).fetchall()


def one(con, bigquery_sql: str, *parameters):
    return run(con, bigquery_sql, *parameters)[0][0]


# rewrite name -> (BigQuery SQL, parameters, expected first value)
CASES = {
    "relations": ("select count(*) from `scv-offline-ci`.ds.t", (), 3),
    "safe_parse": ("select safe.parse_date('%Y%m%d', ?)", ("20240131",), dt.date(2024, 1, 31)),
    "safe_parse_json": ("select safe.parse_json(?)", ("{truncated",), None),
    "array_agg_limit": (
        "select array_agg(x ignore nulls order by y desc limit 1)[safe_offset(0)] "
        "from `scv-offline-ci`.ds.t",
        (),
        "a",
    ),
    "unnest_with_offset": (
        "select string_agg(concat(e, cast(o as string)), ',' order by o) "
        "from unnest(['a', 'b', 'c']) as e with offset as o",
        (),
        "a0,b1,c2",
    ),
    "initcap": (
        "select initcap(?)",
        ("tHe dog BARKS loudly+friendly",),
        "The Dog Barks Loudly+Friendly",
    ),
    "normalize": ("select length(normalize(?, NFD))", ("é",), 2),
    "datetime_in_zone": (
        "select datetime(timestamp '2024-07-01 12:00:00+00', zone) "
        "from `scv-offline-ci`.ds.t where id = 1",
        (),
        dt.datetime(2024, 7, 1, 14, 0),
    ),
    "timestamp_in_zone": (
        "select timestamp(datetime '2024-07-01 14:00:00', zone) "
        "from `scv-offline-ci`.ds.t where id = 1",
        (),
        dt.datetime(2024, 7, 1, 12, 0, tzinfo=UTC),
    ),
    "json_type": ("select json_type(safe.parse_json(?))", ('{"a": 1}',), "object"),
    "format": ("select format('%.2f', ?)", (1.5,), "1.50"),
    "numeric_types": ("select cast(? as numeric)", ("1.123456789",), Decimal("1.123456789")),
    "division": ("select 6 / ?", (4,), 1.5),
    "trim": ("select trim(?)", ("\t a \u00a0\u3000",), "a"),
    "timestamp_micros": ("select timestamp_micros(0)", (), dt.datetime(1970, 1, 1, tzinfo=UTC)),
    "substr": ("select substr(?, 0, 2)", ("abc",), "ab"),
}


@pytest.mark.parametrize("rewrite", sorted(CASES))
def test_rewrite_gives_bigquerys_result(con, rewrite: str) -> None:
    sql, parameters, expected = CASES[rewrite]
    assert one(con, sql, *parameters) == expected


def test_every_rewrite_has_a_case() -> None:
    refusals = {"extract_week"}
    assert set(CASES) | refusals == set(REWRITES)


@pytest.mark.parametrize(
    ("bigquery_sql", "parameters", "expected"),
    [
        # SUBSTR (ZetaSQL string functions)
        ("select substr(?, -2)", ("apple",), "le"),
        ("select substr(?, 2, 2)", ("apple",), "pp"),
        ("select substr(?, -10, 2)", ("apple",), "ap"),
        ("select substr(?, 7)", ("apple",), ""),
        # INITCAP with delimiters, as bigquery__proper_case calls it
        ("select initcap(?, '12')", ("Apples1oranges2pears",), "Apples1Oranges2Pears"),
        ('select initcap(?, " -\'’.")', ("JEAN-PIERRE O'BRIEN",), "Jean-Pierre O'Brien"),
        ("select initcap(?)", ("Hello World-everyone!",), "Hello World-Everyone!"),
        # LTRIM / RTRIM and a character list (unchanged)
        ("select concat('[', ltrim(?), ']')", ("\n a ",), "[a ]"),
        ("select concat('[', rtrim(?), ']')", ("\n a \u2009",), "[\n a]"),
        ("select trim(?, 'x')", ("xxaxx",), "a"),
        # ARRAY_AGG IGNORE NULLS ... LIMIT
        (
            "select array_to_string(array_agg(x ignore nulls order by y limit 2), ',') "
            "from `scv-offline-ci`.ds.t",
            (),
            "b,a",
        ),
        # parsing: SAFE. gives null, the format must match
        ("select safe.parse_date('%Y%m%d', ?)", ("2024013x",), None),
        (
            "select safe.parse_timestamp('%d/%m/%Y %H:%M', ?)",
            ("31/01/2024 09:30",),
            dt.datetime(2024, 1, 31, 9, 30, tzinfo=UTC),
        ),
        ("select json_value(safe.parse_json(?), '$.a')", ('{"a": "x"}',), "x"),
        ("select json_value(safe.parse_json(?), '$.a')", ("not json",), None),
        ("select json_type(safe.parse_json(?))", ('"text"',), "string"),
        ("select json_type(safe.parse_json(?))", ("[1, 2.5]",), "array"),
        ("select json_type(safe.parse_json(?))", ("-1.5e3",), "number"),
        ("select json_type(safe.parse_json(?))", ("18446744073709551615",), "number"),
        ("select json_type(safe.parse_json(?))", ("null",), "null"),
        ("select json_type(safe.parse_json(?))", ("true",), "boolean"),
        # SAFE_DIVIDE stays null on 0
        ("select safe_divide(1, ?)", (0,), None),
        # NUMERIC(P, S) keeps its scale
        ("select cast(? as numeric(28, 6))", ("2.5000004",), Decimal("2.500000")),
        # the round trip of DATETIME / TIMESTAMP with a zone literal
        (
            "select timestamp(datetime(timestamp '2024-01-15 23:30:00+00', 'Asia/Tokyo'), "
            "'Asia/Tokyo')",
            (),
            dt.datetime(2024, 1, 15, 23, 30, tzinfo=UTC),
        ),
    ],
)
def test_bigquery_semantics(con, bigquery_sql: str, parameters: tuple, expected) -> None:
    assert one(con, bigquery_sql, *parameters) == expected


def test_division_by_zero_raises_as_on_bigquery(con) -> None:
    with pytest.raises(duckdb.Error, match="division by zero"):
        one(con, "select 1 / ?", 0)


def test_substr_with_a_negative_length_raises_as_on_bigquery(con) -> None:
    with pytest.raises(duckdb.Error, match="negative length"):
        one(con, "select substr(?, 1, -1)", "abc")


@pytest.mark.parametrize(
    "bigquery_sql",
    [
        "select extract(dayofweek from current_date())",
        "select cast(1 as bignumeric)",
        "select * from `another-project`.ds.t",
        "select safe.substr('a', 1)",
        "select parse_date('%b %d', 'Jan 01')",
        "select datetime(date '2024-01-01', '12:00:00')",
    ],
)
def test_unfaithful_constructs_are_refused(bigquery_sql: str) -> None:
    with pytest.raises(Unsupported):
        to_duckdb(bigquery_sql)


def test_contract_types_map_to_duckdb() -> None:
    assert duckdb_type("numeric(28,6)") == "DECIMAL(28, 6)"
    assert duckdb_type("numeric") == "DECIMAL(38, 9)"
    assert duckdb_type("integer") == "BIGINT"
    assert duckdb_type("timestamp") == "TIMESTAMPTZ"
    assert duckdb_type("array<string>") == "TEXT[]"


@pytest.mark.parametrize("text", ["Élodie Müller", "지호 조", "Ångström", "がっこう", "Ørsted"])
def test_strip_accents_agrees_on_both_engines(con, text: str) -> None:
    """bigquery__strip_accents and default__strip_accents (macros/cross_db/text_similarity.sql)."""
    bigquery = one(
        con, r"select normalize(regexp_replace(normalize(?, NFD), r'\p{M}', ''), NFC)", text
    )
    assert bigquery == con.execute("select strip_accents(?)", [text]).fetchone()[0]


def test_the_documentation_names_every_rule_and_skipped_model() -> None:
    docs = (REPO / "docs" / "bigquery_verification.md").read_text()
    named = set(re.findall(r"`([a-z0-9_]+)`", docs))
    missing = (set(REWRITES) | set(COLUMN_RULES) | set(SKIPPED_MODELS)) - named
    assert not missing, f"not described in docs/bigquery_verification.md: {sorted(missing)}"
