{#
    Contact details that identify nobody: what staff type when a customer
    gives no e-mail or phone, and test values. They are never used to
    stitch (int_identity__excluded_identifiers, reason placeholder_*), even
    when only one record carries them. Values shared by many people that
    these rules miss are caught by the hub thresholds.
#}

{# A normalised e-mail whose local part or domain is a known placeholder -> 'placeholder_email', else null. #}
{% macro identity_placeholder_email_reason(email) -%}
    {%- set local_parts = [
        'test', 'testing', 'noemail', 'no-email', 'no.email', 'no_email', 'nomail', 'no-mail',
        'none', 'noreply', 'no-reply', 'na', 'n.a', 'unknown', 'null', 'dummy', 'fake',
        'x', 'xx', 'xxx', 'abc', 'asdf', 'email', 'mail', 'customer', 'client', 'noname',
    ] -%}
    {%- set domains = [
        'test.com', 'example.com', 'example.org', 'example.net', 'none.com', 'noemail.com',
        'nomail.com', 'email.invalid', 'test.test',
    ] -%}
    case
        when {{ scv.regex_extract(email, '^([^@]+)@') }} in ('{{ local_parts | join("', '") }}')
            or {{ scv.regex_extract(email, '@(.+)$') }} in ('{{ domains | join("', '") }}')
            then 'placeholder_email'
    end
{%- endmacro %}


{#
    An E.164 phone ending in six identical digits or a run such as 1234567
    (+33600000000, +441234567890) -> 'placeholder_phone', else null.
#}
{% macro identity_placeholder_phone_reason(phone_e164) -%}
    case
        when {{ scv.regex_matches(phone_e164, '(000000|111111|222222|333333|444444|555555|666666|777777|888888|999999|1234567|7654321)$') }}
            then 'placeholder_phone'
    end
{%- endmacro %}
