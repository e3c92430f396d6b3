-- Every raw products row is either staged, quarantined or erased, exactly once.
{{ scv.assert_raw_rows_reconcile(
    source('commerce', 'products'),
    ref('stg_commerce__products'),
    ref('stg_commerce__products_quarantine'),
    scv.erased_raw_rows('commerce', 'products')
) }}
