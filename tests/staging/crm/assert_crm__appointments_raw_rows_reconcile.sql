-- Every raw appointments row is either staged, quarantined or erased, exactly once.
{{ scv.assert_raw_rows_reconcile(
    source('crm', 'appointments'),
    ref('stg_crm__appointments'),
    ref('stg_crm__appointments_quarantine'),
    scv.erased_raw_rows('crm', 'appointments')
) }}
