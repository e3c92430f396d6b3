-- Every raw pos_sales row is either staged, quarantined or erased, exactly once.
{{ scv.assert_raw_rows_reconcile(
    source('commerce', 'pos_sales'),
    ref('stg_commerce__pos_sales'),
    ref('stg_commerce__pos_sales_quarantine'),
    scv.erased_raw_rows('commerce', 'pos_sales')
) }}
