"""Run the project's compiled BigQuery SQL on DuckDB and compare it with the native build.

The SQL that `dbt compile --target bigquery_ci` writes is parsed with sqlglot's
BigQuery dialect, rewritten where sqlglot's DuckDB output would not mean what
BigQuery means (the rules in REWRITES, each explained in
docs/bigquery_verification.md), written as DuckDB SQL and run in a separate
DuckDB database that holds the inputs the way BigQuery holds them: the GA4
export as an `events_*` wildcard table with `_table_suffix`, the CRM and
commerce extracts as tables of text columns, seeds and snapshots. Each
model's table is then compared with the same model of the native DuckDB
build.

Everything is read from the two manifests (models, build order, datasets,
aliases, materializations, contracts, sources), so a new or renamed model is
checked without a change here.
"""

from __future__ import annotations

import graphlib
import json
import re
import time
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import sqlglot
from sqlglot import exp
from sqlglot.errors import ErrorLevel

# The project of the bigquery_ci target (profiles.example.yml). Its datasets
# are schemas of the emulation database; any other project is refused.
BIGQUERY_PROJECT = "scv-offline-ci"


class Unsupported(Exception):
    """A BigQuery construct that this emulation cannot run faithfully on DuckDB."""


# ---------------------------------------------------------------------------
# BigQuery semantics that DuckDB lacks, as DuckDB macros and Python functions
# ---------------------------------------------------------------------------

# Unicode White_Space: what BigQuery's TRIM / LTRIM / RTRIM remove when no
# characters are given (DuckDB's remove spaces only).
UNICODE_WHITE_SPACE = (
    r"[\t\n\x{0B}\f\r \x{85}\x{A0}\x{1680}\x{2000}-\x{200A}"
    r"\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}]"
)

EMULATION_MACROS = (
    # `/` raises on a zero divisor in BigQuery; DuckDB returns inf or null
    "create or replace macro bq_nonzero_divisor(divisor) as "
    "case when divisor = 0 then error('division by zero (BigQuery raises an error)') "
    "else divisor end",
    # SUBSTR: a position of 0, or before the start of the text, starts at 1;
    # DuckDB counts from before the text (fewer characters, or '')
    "create or replace macro bq_substr_start(s, position) as "
    "case when position = 0 or -position > length(s) then 1 else position end",
    "create or replace macro bq_substr(s, position) as substring(s, bq_substr_start(s, position))",
    "create or replace macro bq_substr_length(s, position, n) as "
    "case when n < 0 then error('SUBSTR with a negative length (BigQuery raises an error)') "
    "else substring(s, bq_substr_start(s, position), n) end",
    # JSON_TYPE: BigQuery's type names; DuckDB's are upper case and name the
    # number types (BIGINT, DOUBLE ...)
    "create or replace macro bq_json_type(j) as case json_type(j) "
    "when 'OBJECT' then 'object' when 'ARRAY' then 'array' when 'VARCHAR' then 'string' "
    "when 'BOOLEAN' then 'boolean' when 'NULL' then 'null' "
    "when 'BIGINT' then 'number' when 'UBIGINT' then 'number' when 'HUGEINT' then 'number' "
    "when 'DOUBLE' then 'number' end",
    "create or replace macro bq_trim(s) as "
    f"regexp_replace(s, '^{UNICODE_WHITE_SPACE}+|{UNICODE_WHITE_SPACE}+$', '', 'g')",
    f"create or replace macro bq_ltrim(s) as regexp_replace(s, '^{UNICODE_WHITE_SPACE}+', '')",
    f"create or replace macro bq_rtrim(s) as regexp_replace(s, '{UNICODE_WHITE_SPACE}+$', '')",
)

# INITCAP's word delimiters when none are given, besides white space.
INITCAP_DEFAULT_DELIMITERS = frozenset('[](){}/|\\<>!?@"^#$&~_,.:;*%+-')


def bq_initcap(value: str, delimiters: str | None = None) -> str:
    """BigQuery INITCAP: the first character of a word upper case, the others lower case."""
    if delimiters is None:

        def is_delimiter(char: str) -> bool:
            return char.isspace() or char in INITCAP_DEFAULT_DELIMITERS
    else:
        is_delimiter = delimiters.__contains__
    out, word_start = [], True
    for char in value:
        out.append(char.upper() if word_start else char.lower())
        word_start = is_delimiter(char)
    return "".join(out)


def bq_normalize(value: str, form: str) -> str:
    """BigQuery NORMALIZE(value, form): Unicode normalization (DuckDB has NFC only)."""
    return unicodedata.normalize(form, value)


PYTHON_FUNCTIONS: Mapping[str, tuple[Callable[..., str], int]] = {
    "bq_initcap": (bq_initcap, 2),
    "bq_initcap_default": (lambda value: bq_initcap(value), 1),
    "bq_normalize": (bq_normalize, 2),
}


# ---------------------------------------------------------------------------
# BigQuery SQL -> DuckDB SQL: sqlglot, plus the rewrites below
# ---------------------------------------------------------------------------

# Where sqlglot's DuckDB output of a BigQuery construct does not mean what
# BigQuery means (or does not run), the construct is rewritten first. Each
# rule is documented in docs/bigquery_verification.md under its name.
REWRITES: dict[str, str] = {
    "relations": "project.dataset.table -> dataset.table of the emulation database",
    "safe_parse": "SAFE.PARSE_DATE / SAFE.PARSE_TIMESTAMP / PARSE_* -> [try_]strptime",
    "safe_parse_json": "SAFE.PARSE_JSON -> json() when json_valid(), else null",
    "array_agg_limit": "ARRAY_AGG(... LIMIT n) -> list_slice(ARRAY_AGG(...), 1, n)",
    "unnest_with_offset": "UNNEST ... WITH OFFSET -> a subquery numbering from 0",
    "initcap": "INITCAP -> bq_initcap (Python, BigQuery's definition)",
    "normalize": "NORMALIZE(x, NFD) -> bq_normalize (Python unicodedata)",
    "datetime_in_zone": "DATETIME(timestamp, zone) -> timezone(zone, timestamptz)",
    "timestamp_in_zone": "TIMESTAMP(datetime, zone) -> timezone(zone, timestamp)",
    "json_type": "JSON_TYPE -> bq_json_type: BigQuery's names ('object', 'number' ...)",
    "format": "FORMAT (printf-like) -> printf",
    "numeric_types": "NUMERIC -> DECIMAL(38, 9), INTEGER -> BIGINT; BIGNUMERIC refused",
    "division": "a / b -> a / bq_nonzero_divisor(b): raises on 0 like BigQuery",
    "trim": "TRIM / LTRIM / RTRIM(x) -> bq_trim: Unicode white space",
    "timestamp_micros": "TIMESTAMP_MICROS -> make_timestamp as timestamptz",
    "substr": "SUBSTR -> bq_substr: BigQuery's positions <= 0",
    "extract_week": "EXTRACT(DAYOFWEEK / WEEK) refused: numbered differently",
}


def _func(name: str, *args: exp.Expression) -> exp.Expression:
    return exp.Anonymous(this=name, expressions=list(args))


def _cast(expression: exp.Expression, duckdb_type: str) -> exp.Expression:
    return exp.Cast(this=expression, to=exp.DataType.build(duckdb_type, dialect="duckdb"))


# strptime elements that mean the same in BigQuery's PARSE_DATE / PARSE_TIMESTAMP
# and DuckDB's strptime; a format must have %Y (so no default year applies).
PARSE_ELEMENTS = frozenset("YmdHMSf%")


def _parse(node: exp.StrToDate | exp.StrToTime, safe: bool) -> exp.Expression:
    """PARSE_DATE / PARSE_TIMESTAMP -> [try_]strptime.

    sqlglot emulates BigQuery's default year (1970) by prefixing '1970 ' to
    the text and '%Y ' to the format, which breaks any format that has %Y.
    """
    fmt = node.args.get("format")
    if not isinstance(fmt, exp.Literal) or not fmt.is_string:
        raise Unsupported(f"PARSE_* with a format that is not a literal: {node.sql('bigquery')}")
    elements = set(re.findall(r"%(.)", fmt.this))
    if not elements <= PARSE_ELEMENTS or "Y" not in elements:
        raise Unsupported(f"PARSE_* format elements {sorted(elements)}: {node.sql('bigquery')}")
    parsed = _func("try_strptime" if safe else "strptime", node.this.copy(), fmt.copy())
    return _cast(parsed, "date" if isinstance(node, exp.StrToDate) else "timestamptz")


def _safe_function(node: exp.SafeFunc) -> exp.Expression:
    inner = node.this
    if isinstance(inner, exp.StrToDate | exp.StrToTime):
        return _parse(inner, safe=True)
    if isinstance(inner, exp.ParseJSON):
        return exp.Case(
            ifs=[
                exp.If(
                    this=_func("json_valid", inner.this.copy()),
                    true=_cast(inner.this.copy(), "json"),
                )
            ]
        )
    raise Unsupported(f"SAFE. function: {node.sql('bigquery')}")


def _array_agg_limit(node: exp.IgnoreNulls | exp.ArrayAgg) -> exp.Expression | None:
    """DuckDB has no LIMIT inside an aggregate, and sqlglot copies the LIMIT
    clause into the FILTER it writes for IGNORE NULLS."""
    agg = node.this if isinstance(node, exp.IgnoreNulls) else node
    if not isinstance(agg, exp.ArrayAgg) or not isinstance(agg.this, exp.Limit):
        return None
    limit = agg.this
    agg.set("this", limit.this)
    return _func("list_slice", node.copy(), exp.Literal.number(1), limit.expression.copy())


def _unnest_with_offset(node: exp.Unnest, names: Iterator[int]) -> exp.Expression:
    """sqlglot writes WITH ORDINALITY, which DuckDB numbers from 1; OFFSET starts at 0."""
    alias = node.args.get("alias")
    element = alias.columns[0].name if alias is not None and alias.columns else None
    offset = node.args["offset"]
    offset = offset.name if isinstance(offset, exp.Expression) else "offset"
    if not element or len(node.expressions) != 1:
        raise Unsupported(f"UNNEST ... WITH OFFSET of this shape: {node.sql('bigquery')}")
    array = node.expressions[0].sql(dialect="duckdb")
    name = f"_bq_unnest_{next(names)}"
    subquery = sqlglot.parse_one(
        f'(select "{name}"."{element}", "{name}"."ordinality" - 1 as "{offset}" '
        f'from unnest({array}) with ordinality as "{name}"("{element}", "ordinality"))',
        read="duckdb",
    )
    return exp.Subquery(this=subquery.this, alias=exp.TableAlias(this=exp.to_identifier(name)))


def _datetime_in_zone(node: exp.Datetime) -> exp.Expression:
    """DATETIME(timestamp, zone). BigQuery also has DATETIME(date, time): sqlglot
    guesses which from types it does not know, and took a zone column for a
    time. The project's macros only use the first form; a time literal is refused."""
    zone = node.expression
    if isinstance(zone, exp.Literal) and re.fullmatch(r"\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?", zone.this):
        raise Unsupported(f"DATETIME(date, time): {node.sql('bigquery')}")
    return _func("timezone", zone.copy(), _cast(node.this.copy(), "timestamptz"))


def _timestamp(node: exp.Timestamp) -> exp.Expression:
    """TIMESTAMP(x[, zone]): sqlglot writes a TIMESTAMP() call DuckDB does not have."""
    zone = node.args.get("zone")
    if zone is None:
        return _cast(node.this.copy(), "timestamptz")
    return _func("timezone", zone.copy(), _cast(node.this.copy(), "timestamp"))


SMALL_INTEGER_TYPES = frozenset(
    {
        exp.DataType.Type.TINYINT,
        exp.DataType.Type.SMALLINT,
        exp.DataType.Type.MEDIUMINT,
        exp.DataType.Type.INT,
    }
)


def _rewrite(node: exp.Expression, project: str, names: Iterator[int]) -> exp.Expression | None:
    """The DuckDB-ready replacement of one BigQuery node, or None to keep it."""
    parent = node.parent
    if isinstance(node, exp.Table) and node.args.get("catalog"):  # relations
        if node.catalog != project:
            raise Unsupported(f"a relation outside project {project}: {node.sql('bigquery')}")
        node.set("catalog", None)
        return None
    if isinstance(node, exp.SafeFunc):  # safe_parse, safe_parse_json
        return _safe_function(node)
    if isinstance(node, exp.StrToDate | exp.StrToTime) and not isinstance(parent, exp.SafeFunc):
        return _parse(node, safe=False)  # safe_parse
    if isinstance(node, exp.ParseJSON) and not isinstance(parent, exp.SafeFunc):
        return _cast(node.this.copy(), "json")  # safe_parse_json
    if isinstance(node, exp.IgnoreNulls) or (
        isinstance(node, exp.ArrayAgg) and not isinstance(parent, exp.IgnoreNulls)
    ):
        return _array_agg_limit(node)  # array_agg_limit
    if isinstance(node, exp.Unnest) and node.args.get("offset") is not None:
        return _unnest_with_offset(node, names)  # unnest_with_offset
    if isinstance(node, exp.Initcap):  # initcap
        delimiters = node.args.get("expression")
        if delimiters is None:
            return _func("bq_initcap_default", node.this.copy())
        return _func("bq_initcap", node.this.copy(), delimiters.copy())
    if isinstance(node, exp.Normalize):  # normalize
        form = node.args.get("form")
        form_name = form.name.upper() if form is not None else "NFC"
        return _func("bq_normalize", node.this.copy(), exp.Literal.string(form_name))
    if isinstance(node, exp.Datetime) and node.args.get("expression") is not None:
        return _datetime_in_zone(node)  # datetime_in_zone
    if isinstance(node, exp.Timestamp):
        return _timestamp(node)  # timestamp_in_zone
    if isinstance(node, exp.JSONType):  # json_type: 'object', not 'OBJECT'
        return _func("bq_json_type", node.this.copy())
    if isinstance(node, exp.Format):  # format: DuckDB's format() is fmt-like
        return _func("printf", node.this.copy(), *(e.copy() for e in node.expressions))
    if isinstance(node, exp.DataType):  # numeric_types
        if node.this == exp.DataType.Type.BIGDECIMAL:
            raise Unsupported("BIGNUMERIC (76 digits) has no DuckDB type")
        if node.this == exp.DataType.Type.DECIMAL and not node.expressions:
            # NUMERIC is NUMERIC(38, 9); DuckDB's bare DECIMAL is (18, 3)
            return exp.DataType.build("decimal(38, 9)", dialect="duckdb")
        if node.this in SMALL_INTEGER_TYPES:
            # INTEGER, INT, SMALLINT, TINYINT, BYTEINT are INT64 on BigQuery
            return exp.DataType.build("bigint", dialect="duckdb")
        return None
    if isinstance(node, exp.Div) and not node.args.get("safe"):  # division
        node.set("expression", _func("bq_nonzero_divisor", node.expression.copy()))
        return None
    if isinstance(node, exp.Trim) and node.args.get("expression") is None:  # trim
        position = str(node.args.get("position") or "").upper()
        name = {"LEADING": "bq_ltrim", "TRAILING": "bq_rtrim"}.get(position, "bq_trim")
        return _func(name, node.this.copy())
    if isinstance(node, exp.UnixToTime):  # timestamp_micros: an instant
        return _cast(node.copy(), "timestamptz")
    if isinstance(node, exp.Substring):  # substr
        start, length = node.args["start"], node.args.get("length")
        if length is None:
            return _func("bq_substr", node.this.copy(), start.copy())
        return _func("bq_substr_length", node.this.copy(), start.copy(), length.copy())
    if isinstance(node, exp.Extract) and node.name.upper() in ("DAYOFWEEK", "WEEK"):
        raise Unsupported(f"EXTRACT({node.name}) numbers days / weeks differently in DuckDB")
    return None


def to_duckdb(bigquery_sql: str, project: str = BIGQUERY_PROJECT) -> str:
    """One compiled BigQuery select as a DuckDB select; raises Unsupported."""
    statements = [s for s in sqlglot.parse(bigquery_sql, read="bigquery") if s is not None]
    if len(statements) != 1:
        raise Unsupported(f"expected one statement, found {len(statements)}")
    tree = statements[0]
    names = iter(range(1, 1_000_000))
    # children before parents, so that a parent's replacement holds rewritten children
    for node in reversed(list(tree.walk(bfs=False))):
        replacement = _rewrite(node, project, names)
        if replacement is not None and replacement is not node:
            if node is tree:
                tree = replacement
            else:
                node.replace(replacement)
    try:
        return tree.sql(dialect="duckdb", unsupported_level=ErrorLevel.RAISE)
    except sqlglot.errors.UnsupportedError as exc:
        raise Unsupported(str(exc).strip()) from exc


def duckdb_type(bigquery_type: str) -> str:
    """A BigQuery data type (a contract's) as the DuckDB type that stands in for it."""
    data_type = exp.DataType.build(bigquery_type, dialect="bigquery")
    replacement = _rewrite(data_type, BIGQUERY_PROJECT, iter(()))
    return (replacement or data_type).sql(dialect="duckdb")


# ---------------------------------------------------------------------------
# The manifests
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Relation:
    schema: str
    name: str

    def sql(self, catalog: str | None = None) -> str:
        parts = ([catalog] if catalog else []) + [self.schema, self.name]
        return ".".join('"' + part.replace('"', '""') + '"' for part in parts)


@dataclass(frozen=True)
class Model:
    unique_id: str
    name: str
    materialized: str
    bigquery: Relation
    native: Relation
    compiled_sql: str
    parents: tuple[str, ...]
    # column -> BigQuery data type, when the contract is enforced
    contract: Mapping[str, str] | None = None


@dataclass(frozen=True)
class Inputs:
    """What the models read that is not a model."""

    # BigQuery relation -> the DuckDB source's read expression (external_location)
    sources: Mapping[Relation, str]
    # BigQuery relation -> native relation: seeds and snapshots, copied
    copied: Mapping[Relation, Relation]


def load_manifest(target_dir: Path) -> dict:
    return json.loads((target_dir / "manifest.json").read_text())


def _relation(node: Mapping) -> Relation:
    return Relation(node["schema"], node.get("alias") or node.get("identifier") or node["name"])


def models_in_build_order(bigquery_manifest: Mapping, native_manifest: Mapping) -> list[Model]:
    """The project's models, parents first (ties broken by unique id: a stable order)."""
    nodes = {
        uid: node
        for uid, node in bigquery_manifest["nodes"].items()
        if node["resource_type"] == "model" and node["package_name"] == "scv"
    }
    sorter: graphlib.TopologicalSorter[str] = graphlib.TopologicalSorter()
    for uid, node in nodes.items():
        sorter.add(uid, *(p for p in node["depends_on"]["nodes"] if p in nodes))
    sorter.prepare()
    ordered: list[str] = []
    while sorter.is_active():
        ready = sorted(sorter.get_ready())
        ordered += ready
        sorter.done(*ready)
    models = []
    for uid in ordered:
        node = nodes[uid]
        native = native_manifest["nodes"].get(uid)
        if native is None:
            raise AssertionError(f"{uid} is in the BigQuery manifest, not in the DuckDB one")
        contract = None
        if node["config"].get("contract", {}).get("enforced"):
            contract = {name: col["data_type"] for name, col in node["columns"].items()}
        models.append(
            Model(
                unique_id=uid,
                name=node["name"],
                materialized=node["config"]["materialized"],
                bigquery=_relation(node),
                native=_relation(native),
                compiled_sql=node.get("compiled_code") or "",
                parents=tuple(p for p in node["depends_on"]["nodes"] if p in nodes),
                contract=contract,
            )
        )
    return models


def model_inputs(bigquery_manifest: Mapping, native_manifest: Mapping) -> Inputs:
    sources = {}
    for uid, source in bigquery_manifest["sources"].items():
        native = native_manifest["sources"][uid]
        meta = {**native.get("meta", {}), **native["config"].get("meta", {})}
        if not meta.get("external_location"):
            raise AssertionError(f"{uid}: the DuckDB source has no external_location")
        sources[Relation(source["schema"], source["identifier"])] = meta["external_location"]
    copied = {
        _relation(node): _relation(native_manifest["nodes"][uid])
        for uid, node in bigquery_manifest["nodes"].items()
        if node["resource_type"] in ("seed", "snapshot")
    }
    return Inputs(sources=sources, copied=copied)


# ---------------------------------------------------------------------------
# The emulation database
# ---------------------------------------------------------------------------


def connect(database: Path | str, native_copy: Path | None = None) -> duckdb.DuckDBPyConnection:
    """The emulation database, with (a copy of) the native build attached as `native`."""
    con = duckdb.connect(str(database))
    # BigQuery computes in UTC; DuckDB's timestamptz follows the session's zone
    con.execute("set TimeZone = 'UTC'")
    if native_copy is not None:
        con.execute(f"attach '{native_copy}' as native (read_only)")
    for macro in EMULATION_MACROS:
        con.execute(macro)
    varchar = duckdb.sqltype("VARCHAR")
    for name, (function, arity) in PYTHON_FUNCTIONS.items():
        con.create_function(name, function, [varchar] * arity, varchar, side_effects=False)
    return con


def _create_schema(con: duckdb.DuckDBPyConnection, schema: str) -> None:
    con.execute(f'create schema if not exists "{schema}"')


def wildcard_select(location: str, prefix: str) -> str:
    """A BigQuery wildcard table (`events_*`) over the files the DuckDB source reads.

    Each file `<prefix><suffix>.parquet` is one table of the wildcard, and
    `_table_suffix` is what follows the prefix in its name, as on BigQuery
    (`20240101`, and `intraday_20240101`: `events_*` matches the intraday
    tables too). Columns a file lacks are null (union_by_name), as a wildcard
    reads older tables with the newest table's schema.
    """
    pattern = "(?:^|/)" + re.escape(prefix) + r"([^/]+)\.parquet$"
    return (
        "select * exclude (filename, file_row_number), "
        f"regexp_extract(filename, '{pattern}', 1) as _table_suffix from {location}"
    )


def load_inputs(con: duckdb.DuckDBPyConnection, inputs: Inputs) -> dict[str, int]:
    """The raw tables as BigQuery holds them, the seeds and snapshots; row counts."""
    counts = {}
    for relation, location in sorted(inputs.sources.items(), key=lambda i: i[0].sql()):
        _create_schema(con, relation.schema)
        if relation.name.endswith("*"):
            select = wildcard_select(location, relation.name[:-1])
        else:
            # CRM and commerce extracts and the consents lines: text columns,
            # read exactly as the DuckDB source reads them
            select = f"select * from {location}"
        con.execute(f"create or replace table {relation.sql()} as {select}")
        if relation.name.endswith("*"):
            unnamed = con.execute(
                f"select count(*) from {relation.sql()} where _table_suffix = ''"
            ).fetchone()[0]
            if unnamed:
                raise AssertionError(f"{relation}: {unnamed} rows from files not named as tables")
        counts[relation.sql()] = con.execute(f"select count(*) from {relation.sql()}").fetchone()[0]
    for relation, native in sorted(inputs.copied.items(), key=lambda i: i[0].sql()):
        _create_schema(con, relation.schema)
        con.execute(
            f"create or replace table {relation.sql()} as select * from {native.sql('native')}"
        )
        counts[relation.sql()] = con.execute(f"select count(*) from {relation.sql()}").fetchone()[0]
    return counts


def numeric_family(data_type: str) -> str:
    """integer / decimal / float: BigQuery's INT64, NUMERIC and FLOAT64 are distinct."""
    upper = data_type.upper()
    if re.fullmatch(r"U?(BIG|SMALL|TINY|HUGE)?INT(EGER)?\d*", upper):
        return "integer"
    if upper.startswith(("DECIMAL", "NUMERIC")):
        return "decimal"
    if upper in ("DOUBLE", "FLOAT", "REAL"):
        return "float"
    return type_family(data_type)


def contract_mismatches(con: duckdb.DuckDBPyConnection, model: Model, duckdb_sql: str) -> list[str]:
    """What dbt's contract check would refuse: other column names or types."""
    assert model.contract is not None
    rows = con.execute(f"describe select * from ({duckdb_sql}) as model_subq").fetchall()
    query = {name: data_type for name, data_type, *_ in rows}
    problems = []
    if set(query) != set(model.contract):
        problems.append(
            f"contract columns missing: {sorted(set(model.contract) - set(query))}, "
            f"not in the contract: {sorted(set(query) - set(model.contract))}"
        )
    for name, data_type in model.contract.items():
        declared = duckdb_type(data_type)
        if name in query and numeric_family(query[name]) != numeric_family(declared):
            problems.append(f"{name}: the query gives {query[name]}, the contract {data_type}")
    return problems


def build_model(con: duckdb.DuckDBPyConnection, model: Model, duckdb_sql: str) -> None:
    """Create the model as dbt-bigquery does: a view, or a table (typed by its contract)."""
    _create_schema(con, model.bigquery.schema)
    target = model.bigquery.sql()
    if model.materialized == "view":
        con.execute(f"create or replace view {target} as {duckdb_sql}")
        return
    if model.materialized not in ("table", "incremental"):
        raise Unsupported(f"materialization {model.materialized}")
    if model.contract is None:
        con.execute(f"create or replace table {target} as {duckdb_sql}")
        return
    # the table has the contract's columns and types, filled from the query
    casts = ", ".join(
        f'cast("{name}" as {duckdb_type(data_type)}) as "{name}"'
        for name, data_type in model.contract.items()
    )
    con.execute(
        f"create or replace table {target} as select {casts} from ({duckdb_sql}) as model_subq"
    )


# ---------------------------------------------------------------------------
# Comparing a model with its native twin
# ---------------------------------------------------------------------------

FLOAT_DECIMALS = 6


def type_family(data_type: str) -> str:
    """Types that hold the same values on both engines share a family."""
    upper = data_type.upper()
    if upper.endswith("]") or upper.startswith(("LIST", "MAP")):
        return "array"
    if upper.startswith(("STRUCT", "UNION")):
        return "struct"
    if upper.startswith(("TIMESTAMP", "DATETIME")):
        return "timestamp"
    if re.match(r"U?(BIG|SMALL|TINY|HUGE)?INT(EGER)?\d*|DECIMAL|NUMERIC|DOUBLE|FLOAT|REAL", upper):
        return "number"
    if upper.startswith(("VARCHAR", "TEXT", "STRING")):
        return "text"
    return upper.split("(")[0]


def columns(con: duckdb.DuckDBPyConnection, relation: str) -> dict[str, str]:
    rows = con.execute(f"describe select * from {relation}").fetchall()
    return {name: data_type for name, data_type, *_ in rows}


def _comparable(name: str, data_type: str, expression: str | None) -> str:
    column = expression or f'"{name}"'
    upper = data_type.upper()
    if type_family(upper) == "timestamp" and "TIME ZONE" in upper:
        column = f"cast({column} as timestamp)"  # UTC: the session's zone
    elif re.match(r"(DECIMAL|NUMERIC|DOUBLE|FLOAT|REAL)", upper):
        column = f"round(cast({column} as double), {FLOAT_DECIMALS})"
    return f'{column} as "{name}"'


@dataclass(frozen=True)
class ColumnRule:
    """How a column that legitimately differs between the engines is compared."""

    reason: str
    # SQL over the column ({column}) on each side; None: the column is not compared
    native: str | None = None
    bigquery: str | None = None


@dataclass
class Outcome:
    model: str
    status: str  # compared, skipped, failed
    detail: str = ""
    bigquery_rows: int = 0
    native_rows: int = 0
    compared_columns: list[str] = field(default_factory=list)
    rules_applied: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0


def compare(
    con: duckdb.DuckDBPyConnection,
    model: Model,
    rules: Mapping[str, ColumnRule],
    outcome: Outcome,
    sample: int = 3,
) -> None:
    """Same columns, of the same type family, and the same rows (EXCEPT ALL both ways)."""
    bigquery_relation, native_relation = model.bigquery.sql(), model.native.sql("native")
    bq_columns, native_columns = columns(con, bigquery_relation), columns(con, native_relation)
    if set(bq_columns) != set(native_columns):
        outcome.problems.append(
            f"columns only on BigQuery: {sorted(set(bq_columns) - set(native_columns))}, "
            f"only on DuckDB: {sorted(set(native_columns) - set(bq_columns))}"
        )
    common = [c for c in native_columns if c in bq_columns]
    outcome.rules_applied = [c for c in common if c in rules]
    compared = [c for c in common if c not in rules or rules[c].native is not None]
    for name in compared:
        if name not in rules and type_family(bq_columns[name]) != type_family(native_columns[name]):
            outcome.problems.append(
                f"{name}: {bq_columns[name]} on BigQuery, {native_columns[name]} on DuckDB"
            )
    outcome.compared_columns = compared
    outcome.bigquery_rows = con.execute(f"select count(*) from {bigquery_relation}").fetchone()[0]
    outcome.native_rows = con.execute(f"select count(*) from {native_relation}").fetchone()[0]
    if outcome.bigquery_rows != outcome.native_rows:
        outcome.problems.append(
            f"{outcome.bigquery_rows} rows on BigQuery, {outcome.native_rows} on DuckDB"
        )
    if not compared:
        return

    def side(relation: str, types: Mapping[str, str], which: str) -> str:
        parts = []
        for name in compared:
            rule = rules.get(name)
            template = getattr(rule, which) if rule else None
            expression = template.format(column=f'"{name}"') if template else None
            parts.append(_comparable(name, types[name], expression))
        return f"select {', '.join(parts)} from {relation}"

    bq_query = side(bigquery_relation, bq_columns, "bigquery")
    native_query = side(native_relation, native_columns, "native")
    for label, left, right in (
        ("only on BigQuery", bq_query, native_query),
        ("only on DuckDB", native_query, bq_query),
    ):
        difference = f"({left}) except all ({right})"
        count = con.execute(f"select count(*) from ({difference})").fetchone()[0]
        if count:
            rows = con.execute(f"select * from ({difference}) limit {sample}").fetchall()
            outcome.problems.append(f"{count} rows {label}, e.g. {rows}")


def build_and_compare(
    con: duckdb.DuckDBPyConnection,
    models: Sequence[Model],
    rules: Mapping[str, ColumnRule],
    skipped: Mapping[str, str],
) -> list[Outcome]:
    """Each model in build order: transpile, create, compare with its native table."""
    outcomes: list[Outcome] = []
    not_built: dict[str, str] = {}
    for model in models:
        started = time.perf_counter()
        outcome = Outcome(model.name, "compared")
        outcomes.append(outcome)
        missing = [not_built[p] for p in model.parents if p in not_built]
        try:
            if model.name in skipped:
                raise Unsupported(f"documented: {skipped[model.name]}")
            if missing:
                raise Unsupported(f"parents not built: {', '.join(sorted(set(missing)))}")
            if model.materialized == "ephemeral":
                raise Unsupported("ephemeral: checked inside the models that use it")
            duckdb_sql = to_duckdb(model.compiled_sql)
            if model.contract is not None:
                outcome.problems += contract_mismatches(con, model, duckdb_sql)
            build_model(con, model, duckdb_sql)
        except Unsupported as exc:
            outcome.status, outcome.detail = "skipped", str(exc)
            not_built[model.unique_id] = model.name
        except duckdb.Error as exc:
            outcome.status, outcome.detail = "failed", f"{type(exc).__name__}: {exc}"
            not_built[model.unique_id] = model.name
        else:
            compare(con, model, rules, outcome)
        outcome.seconds = time.perf_counter() - started
    return outcomes


def bigquery_storage_problems(con: duckdb.DuckDBPyConnection, relation: str) -> list[str]:
    """What BigQuery refuses to store: a NULL array element, an array of arrays."""
    problems = []
    for name, data_type in columns(con, relation).items():
        if type_family(data_type) != "array":
            continue
        if "][" in data_type.replace(" ", ""):  # a list directly in a list
            problems.append(f"{name}: array of arrays ({data_type})")
            continue
        nulls = con.execute(
            f'select count(*) from {relation} where list_contains(list_transform("{name}", '
            "lambda element: element is null), true)"
        ).fetchone()[0]
        if nulls:
            problems.append(f"{name}: {nulls} rows with a NULL array element")
    return problems
