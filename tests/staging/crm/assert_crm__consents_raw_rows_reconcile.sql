-- Every raw consents row is either staged, quarantined or erased, exactly once.
{{ scv.assert_raw_rows_reconcile(
    source('crm', 'consents'),
    ref('stg_crm__consents'),
    ref('stg_crm__consents_quarantine'),
    scv.erased_raw_rows('crm', 'consents')
) }}
