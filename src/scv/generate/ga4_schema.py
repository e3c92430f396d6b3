"""The GA4 BigQuery export schema (current shape) as a pyarrow schema.

Field names, order and nesting follow Google's export (the real sample in
../shared/data/ga4_sample has the same names in an older shape: no
`collected_traffic_source` / `is_active_user`, `stream_id` an integer, no
`device.web_info.hostname`). Types are BigQuery's: STRING -> string,
INT64 -> int64, FLOAT64 -> float64, BOOL -> bool, REPEATED RECORD -> list of
struct.
"""

from __future__ import annotations

import pyarrow as pa

PARAM_VALUE = pa.struct(
    [
        ("string_value", pa.string()),
        ("int_value", pa.int64()),
        ("float_value", pa.float64()),
        ("double_value", pa.float64()),
    ]
)
EVENT_PARAM = pa.struct([("key", pa.string()), ("value", PARAM_VALUE)])

USER_PROPERTY_VALUE = pa.struct(
    [
        ("string_value", pa.string()),
        ("int_value", pa.int64()),
        ("float_value", pa.float64()),
        ("double_value", pa.float64()),
        ("set_timestamp_micros", pa.int64()),
    ]
)
USER_PROPERTY = pa.struct([("key", pa.string()), ("value", USER_PROPERTY_VALUE)])

PRIVACY_INFO = pa.struct(
    [
        ("analytics_storage", pa.string()),
        ("ads_storage", pa.string()),
        ("uses_transient_token", pa.string()),
    ]
)
USER_LTV = pa.struct([("revenue", pa.float64()), ("currency", pa.string())])
WEB_INFO = pa.struct(
    [("browser", pa.string()), ("browser_version", pa.string()), ("hostname", pa.string())]
)
DEVICE = pa.struct(
    [
        ("category", pa.string()),
        ("mobile_brand_name", pa.string()),
        ("mobile_model_name", pa.string()),
        ("mobile_marketing_name", pa.string()),
        ("mobile_os_hardware_model", pa.string()),
        ("operating_system", pa.string()),
        ("operating_system_version", pa.string()),
        ("vendor_id", pa.string()),
        ("advertising_id", pa.string()),
        ("language", pa.string()),
        ("is_limited_ad_tracking", pa.string()),
        ("time_zone_offset_seconds", pa.int64()),
        ("web_info", WEB_INFO),
    ]
)
GEO = pa.struct(
    [
        ("continent", pa.string()),
        ("sub_continent", pa.string()),
        ("country", pa.string()),
        ("region", pa.string()),
        ("city", pa.string()),
        ("metro", pa.string()),
    ]
)
APP_INFO = pa.struct(
    [
        ("id", pa.string()),
        ("version", pa.string()),
        ("install_store", pa.string()),
        ("firebase_app_id", pa.string()),
        ("install_source", pa.string()),
    ]
)
TRAFFIC_SOURCE = pa.struct(
    [("medium", pa.string()), ("name", pa.string()), ("source", pa.string())]
)
EVENT_DIMENSIONS = pa.struct([("hostname", pa.string())])
ECOMMERCE = pa.struct(
    [
        ("total_item_quantity", pa.int64()),
        ("purchase_revenue_in_usd", pa.float64()),
        ("purchase_revenue", pa.float64()),
        ("refund_value_in_usd", pa.float64()),
        ("refund_value", pa.float64()),
        ("shipping_value_in_usd", pa.float64()),
        ("shipping_value", pa.float64()),
        ("tax_value_in_usd", pa.float64()),
        ("tax_value", pa.float64()),
        ("unique_items", pa.int64()),
        ("transaction_id", pa.string()),
    ]
)
ITEM_PARAM = EVENT_PARAM
ITEM = pa.struct(
    [
        ("item_id", pa.string()),
        ("item_name", pa.string()),
        ("item_brand", pa.string()),
        ("item_variant", pa.string()),
        ("item_category", pa.string()),
        ("item_category2", pa.string()),
        ("item_category3", pa.string()),
        ("item_category4", pa.string()),
        ("item_category5", pa.string()),
        ("price_in_usd", pa.float64()),
        ("price", pa.float64()),
        ("quantity", pa.int64()),
        ("item_revenue_in_usd", pa.float64()),
        ("item_revenue", pa.float64()),
        ("item_refund_in_usd", pa.float64()),
        ("item_refund", pa.float64()),
        ("coupon", pa.string()),
        ("affiliation", pa.string()),
        ("location_id", pa.string()),
        ("item_list_id", pa.string()),
        ("item_list_name", pa.string()),
        ("item_list_index", pa.string()),
        ("promotion_id", pa.string()),
        ("promotion_name", pa.string()),
        ("creative_name", pa.string()),
        ("creative_slot", pa.string()),
        ("item_params", pa.list_(ITEM_PARAM)),
    ]
)
COLLECTED_TRAFFIC_SOURCE = pa.struct(
    [
        ("manual_campaign_id", pa.string()),
        ("manual_campaign_name", pa.string()),
        ("manual_source", pa.string()),
        ("manual_medium", pa.string()),
        ("manual_term", pa.string()),
        ("manual_content", pa.string()),
        ("manual_source_platform", pa.string()),
        ("manual_creative_format", pa.string()),
        ("manual_marketing_tactic", pa.string()),
        ("gclid", pa.string()),
        ("dclid", pa.string()),
        ("srsltid", pa.string()),
    ]
)

GA4_EVENTS_SCHEMA = pa.schema(
    [
        ("event_date", pa.string()),
        ("event_timestamp", pa.int64()),
        ("event_name", pa.string()),
        ("event_params", pa.list_(EVENT_PARAM)),
        ("event_previous_timestamp", pa.int64()),
        ("event_value_in_usd", pa.float64()),
        ("event_bundle_sequence_id", pa.int64()),
        ("event_server_timestamp_offset", pa.int64()),
        ("user_id", pa.string()),
        ("user_pseudo_id", pa.string()),
        ("privacy_info", PRIVACY_INFO),
        ("user_properties", pa.list_(USER_PROPERTY)),
        ("user_first_touch_timestamp", pa.int64()),
        ("user_ltv", USER_LTV),
        ("device", DEVICE),
        ("geo", GEO),
        ("app_info", APP_INFO),
        ("traffic_source", TRAFFIC_SOURCE),
        ("stream_id", pa.string()),
        ("platform", pa.string()),
        ("event_dimensions", EVENT_DIMENSIONS),
        ("ecommerce", ECOMMERCE),
        ("items", pa.list_(ITEM)),
        ("collected_traffic_source", COLLECTED_TRAFFIC_SOURCE),
        ("is_active_user", pa.bool_()),
    ]
)

# The columns docs/raw_contract.md lists for the GA4 export, in its order.
CONTRACT_COLUMNS: tuple[str, ...] = tuple(GA4_EVENTS_SCHEMA.names)
