-- Every raw products row is either staged or quarantined, exactly once.
{{ scv.assert_raw_rows_reconcile(
    source('commerce', 'products'),
    ref('stg_commerce__products'),
    ref('stg_commerce__products_quarantine')
) }}
