-- Every raw pos_sale_lines row is either staged, quarantined or erased, exactly once.
{{ scv.assert_raw_rows_reconcile(
    source('commerce', 'pos_sale_lines'),
    ref('stg_commerce__pos_sale_lines'),
    ref('stg_commerce__pos_sale_lines_quarantine'),
    scv.erased_raw_rows('commerce', 'pos_sale_lines')
) }}
