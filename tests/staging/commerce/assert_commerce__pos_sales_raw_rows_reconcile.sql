-- Every raw pos_sales row is either staged or quarantined, exactly once.
{{ scv.assert_raw_rows_reconcile(
    source('commerce', 'pos_sales'),
    ref('stg_commerce__pos_sales'),
    ref('stg_commerce__pos_sales_quarantine')
) }}
