-- Every raw customers row is either staged or quarantined, exactly once.
{{ scv.assert_raw_rows_reconcile(
    source('crm', 'customers'),
    ref('stg_crm__customers'),
    ref('stg_crm__customers_quarantine')
) }}
