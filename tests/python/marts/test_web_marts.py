"""The web facts reconciled with staging on the small build (GA4, and the GA360 history
before it: the small dataset's UA days end before GA4 starts, so every staged hit is in the
web event contract).

Every staged session is one row of fct_sessions and its purchase revenue adds
up to the staged purchase events'; last non-direct attribution is re-checked
here with its own SQL; product interactions add up to the staged items of both
trackers; no browser of the id map loses its customer. GA360 sessions' revenue,
in USD too, is reconciled with the export in tests/python/test_ga360.py.
"""

from __future__ import annotations

import pytest

LOOKBACK_DAYS = 90  # default of the var web_attribution_lookback_days


@pytest.fixture(scope="module")
def fct_sessions(warehouse) -> str:
    return warehouse.relation("fct_sessions")


@pytest.fixture(scope="module")
def stg_events(warehouse) -> str:
    return warehouse.relation("stg_ga4__events")


def test_the_small_build_has_every_case(warehouse, fct_sessions) -> None:
    """The data exercises the rules: inherited and plain direct sessions, several channels."""
    rows = dict(
        warehouse.query(
            f"""
            select 'inherited', count(*) from {fct_sessions} where is_source_inherited
            union all
            select 'direct', count(*) from {fct_sessions}
            where session_default_channel_group = 'Direct'
            union all
            select 'channels', count(distinct session_default_channel_group) from {fct_sessions}
            union all
            select 'purchases', count(*) from {fct_sessions} where has_purchase
            union all
            select 'customers', count(*) from {fct_sessions} where customer_id is not null
            """
        )
    )
    assert rows["inherited"] > 0
    assert rows["direct"] > 0
    assert rows["channels"] >= 5
    assert rows["purchases"] > 0
    assert rows["customers"] > 0


def test_one_row_per_staged_session(warehouse, fct_sessions, stg_events) -> None:
    """Sessions in fct_sessions = distinct non-null session_key of the staged GA4 events and
    of the staged GA360 hits."""
    ga360_hits = warehouse.relation("stg_ga360__hits")
    staged = (
        f"select distinct session_key from {stg_events} where session_key is not null "
        f"union select distinct session_key from {ga360_hits}"
    )
    assert warehouse.scalar(f"select count(*) from {ga360_hits}") > 0
    assert warehouse.scalar(f"select count(*) from ({staged}) as s") == warehouse.scalar(
        f"select count(*) from {fct_sessions}"
    )
    missing = warehouse.scalar(
        f"select count(*) from ({staged}) as s anti join {fct_sessions} as f using (session_key)"
    )
    extra = warehouse.scalar(
        f"select count(*) from {fct_sessions} as f anti join ({staged}) as s using (session_key)"
    )
    assert (missing, extra) == (0, 0)


def test_purchase_revenue_matches_staged_purchase_events(
    warehouse, fct_sessions, stg_events
) -> None:
    """Per currency, GA4 session revenue and purchase counts = the staged purchase events'
    (GA360 sessions: tests/python/test_ga360.py)."""
    staged = warehouse.query(
        f"""
        select currency, count(*), round(sum(coalesce(ecommerce_purchase_revenue, 0)), 2)
        from {stg_events}
        where event_name = 'purchase'
        group by currency
        order by currency
        """
    )
    sessions = warehouse.query(
        f"""
        select purchase_currency, sum(purchases), round(sum(purchase_revenue), 2)
        from {fct_sessions}
        where has_purchase and web_source = 'ga4'
        group by purchase_currency
        order by purchase_currency
        """
    )
    assert staged, "no purchase in the small build"
    assert sessions == staged
    total_staged = warehouse.scalar(
        f"select round(sum(ecommerce_purchase_revenue_in_usd), 2) from {stg_events} "
        "where event_name = 'purchase'"
    )
    total_sessions = warehouse.scalar(
        f"select round(sum(purchase_revenue_in_usd), 2) from {fct_sessions} "
        "where web_source = 'ga4'"
    )
    assert total_sessions == total_staged


def test_last_non_direct_attribution_recomputed(warehouse, fct_sessions) -> None:
    """An inherited source comes from the client's latest earlier own source within 90 days;
    a session left Direct has no earlier non-direct session of its client within 90 days."""
    bad_inherited = warehouse.scalar(
        f"""
        select count(*)
        from {fct_sessions} as s
        inner join {fct_sessions} as origin
            on s.attributed_from_session_key = origin.session_key
        where
            not s.is_direct_session
            or origin.is_direct_session
            or origin.client_key <> s.client_key
            or origin.session_start_at >= s.session_start_at
            or origin.session_start_at < s.session_start_at - interval {LOOKBACK_DAYS} day
            or (s.session_source, s.session_medium, s.session_campaign)
                <> (origin.session_source, origin.session_medium, origin.session_campaign)
            or exists (
                select 1 from {fct_sessions} as later
                where later.client_key = s.client_key
                    and not later.is_direct_session
                    and later.session_start_at > origin.session_start_at
                    and later.session_start_at < s.session_start_at
            )
        """
    )
    assert bad_inherited == 0
    wrongly_direct = warehouse.scalar(
        f"""
        select count(*)
        from {fct_sessions} as s
        where s.is_direct_session and not s.is_source_inherited
            and exists (
                select 1 from {fct_sessions} as earlier
                where earlier.client_key = s.client_key
                    and not earlier.is_direct_session
                    and earlier.session_start_at < s.session_start_at
                    and earlier.session_start_at
                        >= s.session_start_at - interval {LOOKBACK_DAYS} day
            )
        """
    )
    assert wrongly_direct == 0
    direct_labels = warehouse.query(
        f"""
        select distinct session_source, session_medium, session_default_channel_group
        from {fct_sessions}
        where is_direct_session and not is_source_inherited
        """
    )
    assert direct_labels == [("(direct)", "(none)", "Direct")]


@pytest.mark.parametrize(
    ("column", "event_name"),
    [("product_views", "view_item"), ("add_to_carts", "add_to_cart"), ("purchases", "purchase")],
)
def test_product_interactions_add_up_to_staged_items(warehouse, column, event_name) -> None:
    """Each count = staged events of that name carrying the product (one per event): GA4
    items and GA360 products."""
    interactions = warehouse.relation("fct_product_interactions")
    items = warehouse.relation("stg_ga4__event_items")
    products = warehouse.relation("stg_ga360__hit_products")
    staged_ga4, staged_ga360 = (
        warehouse.scalar(
            f"select count(distinct {key} || '|' || item_id) from {relation} "
            f"where event_name = '{event_name}' and item_id is not null"
        )
        for key, relation in (("event_key", items), ("hit_key", products))
    )
    assert staged_ga4 > 0 and staged_ga360 > 0
    assert warehouse.scalar(f"select sum({column}) from {interactions}") == (
        staged_ga4 + staged_ga360
    )


def test_product_interactions_follow_the_session_customer(warehouse, fct_sessions) -> None:
    """Per customer, the product views equal the view_item items (GA4) and products (GA360)
    of that customer's sessions."""
    interactions = warehouse.relation("fct_product_interactions")
    items = warehouse.relation("stg_ga4__event_items")
    events = warehouse.relation("stg_ga4__events")
    products = warehouse.relation("stg_ga360__hit_products")
    mismatches = warehouse.scalar(
        f"""
        with viewed as (
            select e.session_key, i.event_key, i.item_id
            from {items} as i
            inner join {events} as e on i.event_key = e.event_key
            where i.event_name = 'view_item' and i.item_id is not null
            union all
            select session_key, hit_key, item_id
            from {products}
            where event_name = 'view_item' and item_id is not null
        ),
        expected as (
            select s.customer_id, v.item_id, count(distinct v.event_key) as views
            from viewed as v
            inner join {fct_sessions} as s on v.session_key = s.session_key
            where s.customer_id is not null
            group by all
        ),
        actual as (
            select customer_id, item_id, product_views as views
            from {interactions}
            where customer_id is not null and product_views > 0
        )
        select count(*) from (
            (select * from expected except select * from actual)
            union all
            (select * from actual except select * from expected)
        ) as diff
        """
    )
    assert mismatches == 0


def test_sessions_of_mapped_browsers_have_their_customer(
    warehouse, fct_sessions, stg_events
) -> None:
    """A session whose browser or login is in the id map never loses its customer_id."""
    id_map = warehouse.relation("int_identity__id_map")
    lost = warehouse.scalar(
        f"""
        select count(*)
        from {fct_sessions} as s
        where s.customer_id is null
            and exists (
                select 1 from {stg_events} as e
                inner join {id_map} as m
                    on (m.identifier_type = 'ga_client'
                        and m.identifier_value = e.stream_id || '/' || e.user_pseudo_id)
                    or (m.identifier_type = 'ga_user_id' and m.identifier_value = e.user_id)
                where e.session_key = s.session_key
            )
        """
    )
    assert lost == 0
