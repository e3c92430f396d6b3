{#
    Pseudonymisation: identifiers that stand for a person in tables read
    more widely than the personal data itself are keyed hashes, not plain
    ones, so that they cannot be reversed inside the warehouse by hashing a
    guess (a known CRM id, a list of e-mail addresses):

    - the identity graph's contact identifiers (email_sha256, phone_sha256:
      SHA-256 of the salt, '|' and the normalised e-mail or E.164 phone);
    - customer_id (md5 of the salt and the component's anchor).

    The salt is configuration: var `pseudonymisation_salt`, else the
    environment variable SCV_PSEUDONYMISATION_SALT. Keep it secret and
    stable (changing it gives every customer a new customer_id). Without
    one, DuckDB builds use a demo salt and BigQuery builds stop.

    The hashes sent to ad platforms are not these: Meta and Google
    specify plain SHA-256 of the normalised e-mail and phone
    (models/marts/audiences), which is what customer_360's email_sha256
    and phone_sha256 are too.
#}

{% macro pseudonymisation_salt() -%}
    {%- set salt = (var('pseudonymisation_salt', '') or env_var('SCV_PSEUDONYMISATION_SALT', '')) | string -%}
    {%- if not salt -%}
        {%- if target.type == 'bigquery' and flags.WHICH in ('build', 'run', 'test', 'snapshot', 'seed') -%}
            {{ exceptions.raise_compiler_error(
                "No pseudonymisation salt: set the environment variable SCV_PSEUDONYMISATION_SALT "
                ~ "(or --vars '{pseudonymisation_salt: ...}') to a long random secret, the same on "
                ~ "every build (it keys customer_id and the identity graph's contact hashes)."
            ) }}
        {%- endif -%}
        {%- set salt = 'scv-demo-salt-not-a-secret' -%}
    {%- endif -%}
    {{- return(salt) -}}
{%- endmacro %}


{# The salt as an SQL string literal. #}
{% macro pseudonymisation_salt_literal() -%}
    '{{ scv.pseudonymisation_salt() | replace("'", "''") }}'
{%- endmacro %}


{# Keyed SHA-256 (hex) of a text: sha256(salt || '|' || expr). Null stays null. #}
{% macro pseudonymise(expr) -%}
    case
        when {{ expr }} is not null
            then {{ scv.sha256_hex(dbt.concat([scv.pseudonymisation_salt_literal(), "'|'", expr])) }}
    end
{%- endmacro %}
