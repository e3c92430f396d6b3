-- Every raw consents row is either staged or quarantined, exactly once.
{{ scv.assert_raw_rows_reconcile(
    source('crm', 'consents'),
    ref('stg_crm__consents'),
    ref('stg_crm__consents_quarantine')
) }}
