-- Every raw orders row is either staged, quarantined or erased, exactly once.
{{ scv.assert_raw_rows_reconcile(
    source('commerce', 'orders'),
    ref('stg_commerce__orders'),
    ref('stg_commerce__orders_quarantine'),
    scv.erased_raw_rows('commerce', 'orders')
) }}
