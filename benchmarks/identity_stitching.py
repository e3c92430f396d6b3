"""Benchmark: identity stitching (hub exclusion + connected components) on DuckDB.

For each size in --customers it

  1. writes a synthetic identifier graph straight into the two input tables of
     the identity models, `main_intermediate.int_identity__identifiers` and
     `main_intermediate.int_identity__links`, of a fresh DuckDB file (DuckDB
     SQL, vectorised), and the true person of every identifier into
     `benchmark_truth.identifiers` (which no model reads); the columns are
     those of models/intermediate/identity/ (links carry each end's type and
     a link_key; identifiers a times_seen);
  2. runs `dbt run -s int_identity__excluded_identifiers int_identity__id_map`
     on that file in a child process: wall time, CPU time and peak RSS of the
     child, and each model's time from run_results.json;
  3. checks the result against the truth: every identifier that the
     generator made reachable from its person without going through a hub
     must share one customer_id with exactly its person's other identifiers.

The graph, per customer (about 10 identifiers and 11.5 links): 1-3 CRM
records (12 % have a duplicate record, linked to the first one by a shared
email, a shared phone or a crm_duplicate_match), an email per record and a
phone for about 90 %, 1-4 GA4 browsers, a GA4 user id (= the CRM id) for
60 % of customers, 0-5 online orders (linked to the CRM id and the email,
35 % tracked in GA4 on a browser), 0-2 boutique sales, 0-2 appointments
(half booked online: a booking id linked to a browser). It contains chains
browser -> user id -> CRM id -> email -> second CRM record -> phone, and hubs
that must not merge people: placeholder emails (test@test.com, ...) on about
3 % of CRM records, `placeholder_reason` set, and boutique tablets (one per
2,000 customers, at least 3), GA4 browsers on which dozens of customers log in.
Browsers that never log in, buy or book are isolated, and a duplicate CRM
record whose only tie to its person is a placeholder email is cut off when
the hub is removed: those "detached" identifiers are reported but not scored.

Examples:
  .venv/bin/python benchmarks/identity_stitching.py --customers 10000 100000
  .venv/bin/python benchmarks/identity_stitching.py --customers 1000000 --memory-limit 8GB
  .venv/bin/python benchmarks/identity_stitching.py --customers 10000 --workdir /tmp/ib --keep
  .venv/bin/python benchmarks/identity_stitching.py --customers 100000 \
      --vars '{identity_max_passes: 6}'
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from bench_common import (
    REPO,
    ChildFailed,
    Run,
    duckdb_settings,
    load_average,
    timed,
    write_profile,
)

MODELS = ["int_identity__excluded_identifiers", "int_identity__id_map"]
INPUT_SCHEMA = "main_intermediate"
TRUTH_SCHEMA = "benchmark_truth"
PLACEHOLDER_EMAILS = ["test@test.com", "noemail@noemail.com", "none@none.com", "a@a.com"]
PLACEHOLDER_REASON = "placeholder_email"
# share of CRM records typed with a placeholder email instead of the customer's
PLACEHOLDER_RATE = 0.03
CUSTOMERS_PER_TABLET = 2_000


# --------------------------------------------------------------------------- #
# the synthetic identifier graph                                               #
# --------------------------------------------------------------------------- #
def graph_sql(customers: int, seed: int) -> list[str]:
    """Statements that write the two input tables and the truth table.

    Every random draw is `u(entity number, salt)`, a hash of the entity, the
    draw's name and the seed: the graph is a function of (customers, seed).
    Persons 0-15 are worked cases, so that a tiny graph has them all: two or
    three CRM records each, duplicates by email, phone and match in turn;
    persons 0-7 have a placeholder email on their first record (two records
    per placeholder); 0-3 have no online order (a duplicate record sharing
    only the email is then cut off), 4-7 two (the orders carry the email and
    tie it to the first record); persons 8-15 have a placeholder on record 1.
    Pieces: `p<n>` is person n's core (everything reachable from its first
    CRM record without a hub); detached pieces are `p<n>:e0` (a duplicate
    record tied to the person only by the email, when that email is not tied
    to the first record), `p<n>:r<k>` (duplicate record k with a placeholder
    email) and `p<n>:b<k>` (a browser with no link at all).
    """
    placeholders = "[" + ", ".join(f"'{email}'" for email in PLACEHOLDER_EMAILS) + "]"
    n_placeholders = len(PLACEHOLDER_EMAILS)
    tablets = max(3, customers // CUSTOMERS_PER_TABLET)
    rate = PLACEHOLDER_RATE
    return [
        f"create or replace temp macro u(k, salt) as "
        f"(hash(k, salt, {seed}) % 1000000007) / 1000000007.0",
        # a bijection of 0 .. 2^32 - 1: unique, unordered-looking ids
        "create or replace temp macro scramble(k) as "
        "lpad(cast((k * 2654435761) % 4294967296 as varchar), 10, '0')",
        "create or replace temp macro crm_id(p, r) as 'C' || scramble(p * 4 + r)",
        "create or replace temp macro email_hash(address) as sha256(lower(trim(address)))",
        "create or replace temp macro phone_hash(k) as "
        "sha256('+336' || cast(10000000 + k as varchar))",
        "create or replace temp macro key_of(identifier_type, identifier_value) as "
        "md5(identifier_type || '|' || identifier_value)",
        f"""
        create or replace temp table persons as
        with drawn as (
            select
                p,
                -- persons 0-15 are the worked cases (see the docstring): every kind
                -- of duplicate record and every kind of detached piece at any size
                case
                    when p < 16 then 2 + p % 2
                    when u(p, 'records') < 0.88 then 1
                    when u(p, 'records') < 0.98 then 2
                    else 3
                end as n_records,
                u(p, 'user_id') < 0.6 as has_user_id,
                1 + (u(p, 'browser2') < 0.55)::int + (u(p, 'browser3') < 0.45)::int
                    + (u(p, 'browser4') < 0.2)::int as n_browsers,
                case
                    when p < 4 then 0
                    when p < 8 then 2
                    else least(floor(u(p, 'orders') * 6), 5)::int
                end as n_orders,
                least(floor(u(p, 'sales') * 3), 2)::int as n_sales,
                case
                    when u(p, 'appointments') < 0.7 then 0
                    when u(p, 'appointments') < 0.92 then 1
                    else 2
                end as n_appointments,
                p < 8 or u(p * 4, 'placeholder') < {rate} as rec0_placeholder,
                timestamp '2023-01-01' + to_seconds(
                    floor(u(p, 'since') * 400 * 86400)::bigint
                ) as since
            from range({customers}) as t(p)
        )
        select
            *,
            -- a placeholder record always has a phone: no core of one identifier
            rec0_placeholder or u(p * 4, 'phone') < 0.9 as rec0_has_phone,
            -- the real email is tied to the first record by the record itself
            -- or by an online order (which carries the email and the CRM id)
            not rec0_placeholder or n_orders > 0 as e0_core,
            email_hash('client' || p || '@mail.example') as e0
        from drawn
        """,
        f"""
        create or replace temp table crm_records as
        with records as (
            select *, unnest(range(n_records)) as r from persons
        ),
        drawn as (
            select
                p,
                r,
                since,
                e0,
                e0_core,
                crm_id(p, r) as crm_customer_id,
                case
                    when r = 0 then 'first'
                    when p < 16 and (p + r) % 3 = 0 then 'email'
                    when p < 16 and (p + r) % 3 = 1 and rec0_has_phone then 'phone'
                    when p < 16 then 'match'
                    when rec0_has_phone and u(p * 4 + r, 'mode') < 0.45 then 'email'
                    when rec0_has_phone and u(p * 4 + r, 'mode') < 0.8 then 'phone'
                    when not rec0_has_phone and u(p * 4 + r, 'mode') < 0.6 then 'email'
                    else 'match'
                end as duplicate_mode,
                case
                    when r = 0 then rec0_placeholder
                    when p < 16 then p >= 8 and r = 1
                    else u(p * 4 + r, 'placeholder') < {rate}
                end as is_placeholder,
                case when r = 0 then rec0_has_phone end as rec0_phone
            from records
        )
        select
            *,
            case
                -- persons 0-7 give each placeholder at least two records
                when is_placeholder and r = 0 and p < 8
                    then email_hash({placeholders}[1 + p % {n_placeholders}])
                when is_placeholder then email_hash(
                    {placeholders}[1 + (hash(p * 4 + r, 'which', {seed}) % {n_placeholders})::int]
                )
                when duplicate_mode in ('first', 'email') then e0
                else email_hash('client' || p || '.' || r || '@mail.example')
            end as email_sha256,
            case
                when duplicate_mode = 'first' then rec0_phone
                when duplicate_mode = 'phone' or is_placeholder then true
                else u(p * 4 + r, 'phone') < 0.9
            end as has_phone,
            phone_hash(p * 4 + case when duplicate_mode = 'phone' then 0 else r end)
                as phone_sha256,
            case
                when duplicate_mode in ('first', 'phone', 'match') then 'p' || p
                when is_placeholder then 'p' || p || ':r' || r
                when e0_core then 'p' || p
                else 'p' || p || ':e0'
            end as piece_id
        from drawn
        """,
        """
        create or replace temp table browsers as
        with slots as (
            select *, unnest(range(n_browsers)) as b from persons
        )
        select
            p,
            b,
            since,
            case when u(p * 4 + b, 'stream') < 0.9 then '1234567890' else '2345678901' end
                || '/' || cast((p * 4 + b) * 2654435761 % 4294967296 as varchar) || '.'
                || cast(1680000000 + floor(u(p * 4 + b, 'first visit') * 60000000)::bigint
                    as varchar) as ga_client,
            has_user_id and (b = 0 or u(p * 4 + b, 'login') < 0.6) as logged_in,
            crm_id(p, 0) as user_id
        from slots
        """,
        """
        create or replace temp table orders as
        with slots as (
            select *, unnest(range(n_orders)) as o from persons
        )
        select
            p,
            since,
            e0,
            'O' || scramble(p * 8 + o) as order_id,
            u(p * 8 + o, 'tracked') < 0.35 as tracked,
            floor(u(p * 8 + o, 'browser') * n_browsers)::int as b
        from slots
        """,
        """
        create or replace temp table sales as
        with slots as (
            select *, unnest(range(n_sales)) as s from persons
        )
        select
            p,
            since,
            'S' || scramble(p * 4 + s) as sale_id,
            floor(u(p * 4 + s, 'record') * n_records)::int as r
        from slots
        """,
        """
        create or replace temp table appointments as
        with slots as (
            select *, unnest(range(n_appointments)) as a from persons
        )
        select
            p,
            since,
            'A' || scramble(p * 2 + a) as appointment_id,
            case when u(p * 2 + a, 'online') < 0.5 then 'B' || scramble(p * 2 + a) end
                as booking_id,
            floor(u(p * 2 + a, 'browser') * n_browsers)::int as b
        from slots
        """,
        f"""
        create or replace temp table tablets as
        with slots as (
            select t, unnest(range((24 + hash(t, 'logins', {seed}) % 57)::bigint)) as j
            from range({tablets}) as tablets(t)
        )
        select distinct
            '1234567890/' || cast(4294967296 + t as varchar) || '.1690000000' as ga_client,
            crm_id(persons.p, 0) as user_id,
            persons.since
        from slots
        inner join persons on persons.p = hash(t, j, 'tablet', {seed}) % {customers}
        where persons.has_user_id
        """,
        # one row per link, in both directions' natural order; keyed below
        """
        create or replace temp table edges as
        select 'ga_user_id' as type_a, crm_id(p, 0) as value_a,
            'crm_customer_id' as type_b, crm_id(p, 0) as value_b,
            'ga4_user_id_is_crm_id' as link_source, since
        from persons where has_user_id
        union all
        select 'ga_client', ga_client, 'ga_user_id', user_id, 'ga4_event', since
        from browsers where logged_in
        union all
        select 'ga_client', ga_client, 'ga_user_id', user_id, 'ga4_event', since
        from tablets
        union all
        select 'crm_customer_id', crm_customer_id, 'email_sha256', email_sha256,
            'crm_customer', since
        from crm_records
        union all
        select 'crm_customer_id', crm_customer_id, 'phone_sha256', phone_sha256,
            'crm_customer', since
        from crm_records where has_phone
        union all
        select 'crm_customer_id', crm_id(p, 0), 'crm_customer_id', crm_customer_id,
            'crm_duplicate_match', since
        from crm_records where duplicate_mode = 'match'
        union all
        select 'order_id', order_id, 'crm_customer_id', crm_id(p, 0), 'online_order', since
        from orders
        union all
        select 'order_id', order_id, 'email_sha256', e0, 'online_order', since
        from orders
        union all
        select 'ga_client', browsers.ga_client, 'order_id', orders.order_id, 'ga4_event',
            orders.since
        from orders inner join browsers on browsers.p = orders.p and browsers.b = orders.b
        where orders.tracked
        union all
        select 'pos_sale_id', sale_id, 'crm_customer_id', crm_id(p, r), 'pos_sale', since
        from sales
        union all
        select 'appointment_id', appointment_id, 'crm_customer_id', crm_id(p, 0),
            'appointment', since
        from appointments
        union all
        select 'appointment_id', appointment_id, 'booking_id', booking_id, 'appointment', since
        from appointments where booking_id is not null
        union all
        select 'ga_client', browsers.ga_client, 'booking_id', appointments.booking_id,
            'ga4_event', appointments.since
        from appointments
        inner join browsers on browsers.p = appointments.p and browsers.b = appointments.b
        where appointments.booking_id is not null
        """,
        # every identifier with its true person and piece (hubs: no person)
        """
        create or replace temp table nodes as
        with occurrences as (
            select 'crm_customer_id' as identifier_type, crm_customer_id as identifier_value,
                p, piece_id, since
            from crm_records
            union all
            select 'email_sha256', email_sha256,
                case when not is_placeholder then p end,
                case
                    when is_placeholder then 'hub'
                    when email_sha256 = e0 and e0_core then 'p' || p
                    when email_sha256 = e0 then 'p' || p || ':e0'
                    else piece_id
                end,
                since
            from crm_records
            union all
            select 'phone_sha256', phone_sha256, p,
                case when duplicate_mode = 'phone' then 'p' || p else piece_id end, since
            from crm_records where has_phone
            union all
            select 'ga_user_id', crm_id(p, 0), p, 'p' || p, since from persons where has_user_id
            union all
            select 'ga_client', ga_client, null, 'hub', since from tablets
            union all
            select 'order_id', order_id, p, 'p' || p, since from orders
            union all
            select 'email_sha256', e0, p, 'p' || p, since from orders
            union all
            select 'pos_sale_id', sales.sale_id, sales.p, crm_records.piece_id, sales.since
            from sales
            inner join crm_records on crm_records.p = sales.p and crm_records.r = sales.r
            union all
            select 'appointment_id', appointment_id, p, 'p' || p, since from appointments
            union all
            select 'booking_id', booking_id, p, 'p' || p, since
            from appointments where booking_id is not null
            union all
            -- a browser belongs to its person's core when it logged in, bought or booked
            select 'ga_client', browsers.ga_client, browsers.p,
                case
                    when browsers.logged_in
                        or exists (
                            select 1 from orders
                            where orders.p = browsers.p and orders.b = browsers.b
                                and orders.tracked
                        )
                        or exists (
                            select 1 from appointments
                            where appointments.p = browsers.p and appointments.b = browsers.b
                                and appointments.booking_id is not null
                        )
                    then 'p' || browsers.p
                    else 'p' || browsers.p || ':b' || browsers.b
                end,
                browsers.since
            from browsers
        )
        select
            key_of(identifier_type, identifier_value) as identifier_key,
            identifier_type,
            identifier_value,
            any_value(p) as person_no,
            -- the truth must be one piece per identifier (a test checks it)
            min(piece_id) as piece_id,
            count(distinct piece_id) as pieces,
            min(since) as since
        from occurrences
        group by identifier_type, identifier_value
        """,
        f"create schema if not exists {INPUT_SCHEMA}",
        f"create schema if not exists {TRUTH_SCHEMA}",
        f"""
        create or replace table {INPUT_SCHEMA}.int_identity__identifiers as
        with dated as (
            select
                *,
                since + to_seconds(
                    floor(u(identifier_key, 'first') * 200 * 86400)::bigint
                ) as first_seen_at
            from nodes
        )
        select
            identifier_key,
            identifier_type,
            identifier_value,
            case
                when identifier_type = 'email_sha256' and identifier_value in (
                    select email_hash(unnest({placeholders}))
                ) then '{PLACEHOLDER_REASON}'
            end as placeholder_reason,
            first_seen_at,
            first_seen_at + to_seconds(
                floor(u(identifier_key, 'last') * 300 * 86400)::bigint
            ) as last_seen_at,
            1 + floor(u(identifier_key, 'times') * 20)::bigint as times_seen
        from dated
        """,
        f"""
        create or replace table {INPUT_SCHEMA}.int_identity__links as
        with keyed as (
            select
                key_of(type_a, value_a) as key_a,
                key_of(type_b, value_b) as key_b,
                type_a,
                type_b,
                link_source,
                since
            from edges
        ),
        ordered as (
            select
                least(key_a, key_b) as left_identifier_key,
                greatest(key_a, key_b) as right_identifier_key,
                case when key_a < key_b then type_a else type_b end as left_identifier_type,
                case when key_a < key_b then type_b else type_a end as right_identifier_type,
                link_source,
                since
            from keyed
        ),
        -- one row per pair and source (no pair has two sources in this graph)
        pairs as (
            select
                left_identifier_key,
                right_identifier_key,
                left_identifier_type,
                right_identifier_type,
                link_source,
                min(since) as since,
                count(*) as occurrences
            from ordered
            group by all
        ),
        dated as (
            select
                *,
                since + to_seconds(floor(
                    u(left_identifier_key || right_identifier_key, 'first') * 200 * 86400
                )::bigint) as first_seen_at
            from pairs
        )
        select
            md5(left_identifier_key || '|' || right_identifier_key || '|' || link_source)
                as link_key,
            left_identifier_key,
            right_identifier_key,
            left_identifier_type,
            right_identifier_type,
            link_source,
            first_seen_at,
            first_seen_at + to_seconds(floor(
                u(left_identifier_key || right_identifier_key, 'last') * 300 * 86400
            )::bigint) as last_seen_at,
            occurrences + floor(
                u(left_identifier_key || right_identifier_key, 'times') * 12
            )::bigint as times_seen
        from dated
        """,
        f"""
        create or replace table {TRUTH_SCHEMA}.identifiers as
        select
            identifier_key,
            identifier_type,
            case when person_no is not null then 'p' || person_no end as person_id,
            case when piece_id = 'hub' then 'hub:' || identifier_key else piece_id end
                as piece_id,
            case
                when piece_id = 'hub' then 'hub'
                when piece_id = 'p' || person_no then 'core'
                else 'detached'
            end as role,
            pieces
        from nodes
        """,
    ]


@dataclass
class GraphCounts:
    customers: int
    identifiers: int
    links: int
    by_type: dict[str, int] = field(default_factory=dict)
    by_source: dict[str, int] = field(default_factory=dict)
    by_role: dict[str, int] = field(default_factory=dict)
    placeholder_identifiers: int = 0
    seconds: float = 0.0


def build_graph(con: Any, customers: int, seed: int = 42) -> GraphCounts:
    """Write the graph for `customers` people into the open DuckDB connection."""
    started = time.perf_counter()
    for statement in graph_sql(customers, seed):
        con.execute(statement)
    for table in ["persons", "crm_records", "browsers", "orders", "sales", "appointments"]:
        con.execute(f"drop table {table}")
    con.execute("drop table tablets")
    con.execute("drop table edges")
    con.execute("drop table nodes")

    def grouped(sql: str) -> dict[str, int]:
        return {str(key): int(count) for key, count in con.execute(sql).fetchall()}

    def scalar(sql: str) -> int:
        # fetchall: this DuckDB refuses new work on a connection with an unread result
        return int(con.execute(sql).fetchall()[0][0])

    identifiers = f"{INPUT_SCHEMA}.int_identity__identifiers"
    links = f"{INPUT_SCHEMA}.int_identity__links"
    return GraphCounts(
        customers=customers,
        identifiers=scalar(f"select count(*) from {identifiers}"),
        links=scalar(f"select count(*) from {links}"),
        by_type=grouped(
            f"select identifier_type, count(*) from {identifiers} group by 1 order by 1"
        ),
        by_source=grouped(f"select link_source, count(*) from {links} group by 1 order by 1"),
        by_role=grouped(f"select role, count(*) from {TRUTH_SCHEMA}.identifiers group by 1"),
        placeholder_identifiers=scalar(
            f"select count(*) from {identifiers} where placeholder_reason is not null"
        ),
        seconds=time.perf_counter() - started,
    )


# --------------------------------------------------------------------------- #
# checking the id map against the truth                                       #
# --------------------------------------------------------------------------- #
CHECK_SQL = f"""
with truth as (
    select * from {TRUTH_SCHEMA}.identifiers
),
id_map as (
    select identifier_key, customer_id from {INPUT_SCHEMA}.int_identity__id_map
),
excluded as (
    select distinct identifier_key from {INPUT_SCHEMA}.int_identity__excluded_identifiers
),
joined as (
    select
        truth.*,
        id_map.customer_id,
        excluded.identifier_key is not null as is_excluded
    from truth
    left join id_map on id_map.identifier_key = truth.identifier_key
    left join excluded on excluded.identifier_key = truth.identifier_key
),
-- a hub is a person of its own: a customer holding one mixes people
customer_people as (
    select
        customer_id,
        count(distinct coalesce(person_id, piece_id)) as people
    from joined
    where customer_id is not null
    group by customer_id
),
person_customers as (
    select
        person_id,
        count(distinct customer_id) as customers,
        count(*) - count(customer_id) as missing
    from joined
    where role = 'core'
    group by person_id
),
scored as (
    select
        joined.*,
        customer_people.people,
        person_customers.customers,
        person_customers.missing
    from joined
    left join customer_people on customer_people.customer_id = joined.customer_id
    left join person_customers on person_customers.person_id = joined.person_id
)
select
    count(*) filter (where role = 'core') as core_identifiers,
    count(*) filter (
        where role = 'core'
            and customer_id is not null
            and people = 1
            and customers = 1
            and missing = 0
    ) as exact_identifiers,
    count(*) filter (where role = 'core' and customer_id is null) as core_not_in_map,
    count(*) filter (where role = 'detached') as detached_identifiers,
    count(*) filter (where role = 'detached' and customer_id is not null)
        as detached_in_map,
    count(distinct piece_id) filter (where role = 'detached') as detached_pieces,
    count(*) filter (where role = 'hub') as hub_identifiers,
    count(*) filter (where role = 'hub' and is_excluded) as hubs_excluded,
    count(*) filter (where role != 'hub' and is_excluded) as non_hubs_excluded,
    count(distinct person_id) as persons,
    (select count(*) from customer_people where people > 1) as mixed_customers,
    (select count(*) from person_customers where customers > 1) as split_persons,
    (select count(*) from id_map) as id_map_rows,
    (select count(distinct identifier_key) from id_map) as id_map_keys,
    (select count(distinct customer_id) from id_map) as components,
    (
        select count(*) from id_map
        where identifier_key not in (select identifier_key from truth)
    ) as unknown_keys
from scored
"""


@dataclass
class Check:
    core_identifiers: int
    exact_identifiers: int
    core_not_in_map: int
    detached_identifiers: int
    detached_in_map: int
    detached_pieces: int
    hub_identifiers: int
    hubs_excluded: int
    non_hubs_excluded: int
    persons: int
    mixed_customers: int
    split_persons: int
    id_map_rows: int
    id_map_keys: int
    components: int
    unknown_keys: int

    @property
    def exact_fraction(self) -> float:
        return self.exact_identifiers / self.core_identifiers if self.core_identifiers else 0.0

    def passed(self, min_exact: float) -> bool:
        return (
            self.exact_fraction >= min_exact
            and self.mixed_customers == 0
            and self.id_map_rows == self.id_map_keys
            and self.unknown_keys == 0
        )

    def describe(self) -> str:
        return (
            f"components {self.components:,} (persons {self.persons:,}"
            f" + detached pieces {self.detached_pieces:,}"
            f" = {self.persons + self.detached_pieces:,}); "
            f"exact {self.exact_identifiers:,} / {self.core_identifiers:,} core identifiers"
            f" = {self.exact_fraction:.4%}; "
            f"customers mixing people {self.mixed_customers:,}, persons split"
            f" {self.split_persons:,}, core identifiers not in the map"
            f" {self.core_not_in_map:,}; hubs excluded {self.hubs_excluded:,} /"
            f" {self.hub_identifiers:,}, other identifiers excluded"
            f" {self.non_hubs_excluded:,}; detached identifiers {self.detached_identifiers:,}"
            f" ({self.detached_in_map:,} in the map); id map rows {self.id_map_rows:,},"
            f" distinct keys {self.id_map_keys:,}, keys not in the graph {self.unknown_keys:,}"
        )


def check_stitching(con: Any) -> Check:
    row = con.execute(CHECK_SQL).fetchall()[0]
    names = [column[0] for column in con.description]
    return Check(**{name: int(value or 0) for name, value in zip(names, row, strict=True)})


# --------------------------------------------------------------------------- #
# timed runs                                                                   #
# --------------------------------------------------------------------------- #
def child(mode: str, database: Path, *extra: str) -> Run:
    return timed([sys.executable, __file__, mode, str(database), *extra], cwd=REPO)


def run_dbt(
    database: Path,
    work: Path,
    settings: dict[str, str | int],
    project_dir: Path,
    dbt_vars: str | None = None,
) -> tuple[Run, dict[str, float]]:
    profiles = write_profile(work / "profiles", settings, dbt_threads=1)
    dbt = str(Path(sys.executable).with_name("dbt"))
    env = dict(
        os.environ,
        DBT_PROFILES_DIR=str(profiles),
        DBT_LOG_PATH=str(work / "logs"),
        SCV_DUCKDB_PATH=str(database),
    )
    target = work / "target"
    cmd = [
        dbt,
        "run",
        "--project-dir",
        str(project_dir),
        "--target-path",
        str(target),
        "--log-path",
        str(work / "logs"),
        "--threads",
        "1",
        *(["--vars", dbt_vars] if dbt_vars else []),
        "--select",
        *MODELS,
    ]
    run = timed(cmd, env=env, cwd=REPO)
    results = json.loads((target / "run_results.json").read_text())
    per_model = {r["unique_id"].split(".")[-1]: r["execution_time"] for r in results["results"]}
    per_model["elapsed"] = results["elapsed_time"]
    return run, per_model


@dataclass
class SizeResult:
    counts: GraphCounts
    run: Run
    per_model: dict[str, float]
    check: Check
    passed: bool
    load_before: str
    load_after: str


def benchmark_size(
    customers: int, args: argparse.Namespace, work: Path, settings: dict[str, str | int]
) -> SizeResult:
    size_dir = work / f"customers_{customers}"
    shutil.rmtree(size_dir, ignore_errors=True)
    size_dir.mkdir(parents=True)
    database = size_dir / "identity.duckdb"
    generated = child(
        "--generate-only",
        database,
        "--customers",
        str(customers),
        "--seed",
        str(args.seed),
        "--threads",
        str(args.threads),
        *(["--memory-limit", args.memory_limit] if args.memory_limit else []),
    )
    counts = GraphCounts(**json.loads(generated.output.strip().splitlines()[-1]))
    print(
        f"[{customers:,} customers] graph: {counts.identifiers:,} identifiers"
        f" ({counts.identifiers / customers:.2f} per customer), {counts.links:,} links;"
        f" written in {generated.seconds:.1f} s, peak {generated.peak_rss_mib:,.0f} MiB",
        flush=True,
    )
    print(f"    identifiers by type: {counts.by_type}")
    print(f"    links by source: {counts.by_source}")
    print(
        f"    truth roles: {counts.by_role}; placeholder identifiers:"
        f" {counts.placeholder_identifiers}",
        flush=True,
    )

    runs: list[tuple[Run, dict[str, float], str, str]] = []
    for attempt in range(1, args.repeat + 1):
        before = load_average()
        run, per_model = run_dbt(database, size_dir, settings, args.project_dir, args.vars)
        after = load_average()
        runs.append((run, per_model, before, after))
        models = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in per_model.items())
        print(
            f"    dbt run {attempt}: {run.seconds:.1f} s wall, {run.cpu_seconds:.1f} s CPU,"
            f" peak {run.peak_rss_mib:,.0f} MiB; {models}; load {before} -> {after}",
            flush=True,
        )
    best, per_model, before, after = min(runs, key=lambda item: item[0].seconds)

    checked = child("--check-only", database, "--threads", str(args.threads))
    check = Check(**json.loads(checked.output.strip().splitlines()[-1]))
    passed = check.passed(args.min_exact)
    print(f"    check {'passed' if passed else 'FAILED'}: {check.describe()}", flush=True)
    if not args.keep:
        shutil.rmtree(size_dir, ignore_errors=True)
    return SizeResult(counts, best, per_model, check, passed, before, after)


def markdown_table(results: list[SizeResult]) -> str:
    header = (
        "| customers | identifiers | links | wall s | CPU s | peak RSS MiB |"
        + "".join(f" {name} s |" for name in MODELS)
        + " components | exact | check |"
    )
    lines = [header, "|" + "---|" * (header.count("|") - 1)]
    for result in results:
        models = "".join(f" {result.per_model.get(name, float('nan')):.1f} |" for name in MODELS)
        lines.append(
            f"| {result.counts.customers:,} | {result.counts.identifiers:,}"
            f" | {result.counts.links:,} | {result.run.seconds:.1f}"
            f" | {result.run.cpu_seconds:.1f} | {result.run.peak_rss_mib:,.0f} |{models}"
            f" {result.check.components:,} | {result.check.exact_fraction:.4%}"
            f" | {'passed' if result.passed else 'FAILED'} |"
        )
    return "\n".join(lines)


def connect(database: Path, threads: int, memory_limit: str | None = None) -> Any:
    import duckdb

    return duckdb.connect(str(database), config=duckdb_settings(threads, memory_limit))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--customers",
        type=int,
        nargs="+",
        default=[10_000, 100_000],
        help="sizes to run, in customers (about 10 identifiers each); default 10000 100000",
    )
    parser.add_argument(
        "--repeat", type=int, default=1, help="dbt runs per size; the fastest is reported"
    )
    parser.add_argument(
        "--memory-limit", help="DuckDB memory_limit, e.g. 8GB (default: DuckDB's, 80%% of RAM)"
    )
    parser.add_argument("--threads", type=int, default=2, help="DuckDB threads (default 2)")
    parser.add_argument("--seed", type=int, default=42, help="seed of the synthetic graph")
    parser.add_argument(
        "--workdir", type=Path, help="scratch folder (default: a temporary one, removed)"
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep each size's DuckDB file, dbt target and logs"
    )
    parser.add_argument(
        "--min-exact",
        type=float,
        default=0.999,
        help="share of core identifiers that must be grouped exactly as their person (0.999)",
    )
    parser.add_argument(
        "--project-dir", type=Path, default=REPO, help="dbt project to run (default: this repo)"
    )
    parser.add_argument(
        "--vars",
        help="passed to dbt run --vars, e.g. '{identity_max_passes: 6}' (default: the project's)",
    )
    parser.add_argument("--generate-only", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--check-only", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    # children: the heavy work, each in its own process (see `timed`)
    if args.generate_only:
        con = connect(args.generate_only, args.threads, args.memory_limit)
        counts = build_graph(con, args.customers[0], args.seed)
        con.close()
        print(json.dumps(asdict(counts)))
        return 0
    if args.check_only:
        con = connect(args.check_only, args.threads)
        print(json.dumps(asdict(check_stitching(con))))
        con.close()
        return 0

    missing = [
        name for name in MODELS if not list((args.project_dir / "models").rglob(f"{name}.sql"))
    ]
    if missing:
        print(f"models not found in {args.project_dir}/models: {', '.join(missing)}")
        return 2

    work = args.workdir or Path(tempfile.mkdtemp(prefix="identity_bench_"))
    work.mkdir(parents=True, exist_ok=True)
    settings = duckdb_settings(args.threads, args.memory_limit)
    print(
        f"DuckDB settings: {settings}; dbt threads 1; {os.cpu_count()} cpus; load {load_average()}",
        flush=True,
    )
    results: list[SizeResult] = []
    try:
        for customers in args.customers:
            try:
                results.append(benchmark_size(customers, args, work, settings))
            except ChildFailed as error:
                print(f"[{customers:,} customers] {error}", flush=True)
                break
    finally:
        if args.workdir is None and not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print()
    print(markdown_table(results))
    all_passed = bool(results) and all(result.passed for result in results)
    return 0 if all_passed and len(results) == len(args.customers) else 1


if __name__ == "__main__":
    raise SystemExit(main())
