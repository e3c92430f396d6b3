-- Every raw line of an in-store sale, cleaned, typed and converted to the
-- reporting currency, with the reason it is rejected (null when staged).
-- Lines take their currency and exchange rate from their (staged) parent,
-- so a line whose sale is missing or quarantined is quarantined too.

{{ config(pre_hook="{{ scv.check_raw_extract('commerce', 'pos_sale_lines') }}") }}

{{ scv.base_commerce_lines(
    lines_table='pos_sale_lines',
    parent_model='stg_commerce__pos_sales',
    parent='sale'
) }}
