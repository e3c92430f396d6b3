-- Every raw order_lines row is either staged, quarantined or erased, exactly once.
{{ scv.assert_raw_rows_reconcile(
    source('commerce', 'order_lines'),
    ref('stg_commerce__order_lines'),
    ref('stg_commerce__order_lines_quarantine'),
    scv.erased_raw_rows('commerce', 'order_lines')
) }}
