-- Every raw customers row is either staged, quarantined or erased, exactly once.
{{ scv.assert_raw_rows_reconcile(
    source('crm', 'customers'),
    ref('stg_crm__customers'),
    ref('stg_crm__customers_quarantine'),
    scv.erased_raw_rows('crm', 'customers')
) }}
