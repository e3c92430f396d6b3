{#
    A number in [0, 1) drawn from a text by hashing it: the first 32 bits
    (8 hex digits) of the SHA-256 of the text, divided by 2^32. The same text
    gives the same number on DuckDB, BigQuery and in Python
    (int(hashlib.sha256(text.encode()).hexdigest()[:8], 16) / 2**32), so a
    split made with it (an audience holdout: fraction < share) is
    deterministic, reproducible outside the warehouse and uniform over
    customers. Null for a null text.
#}
{% macro hash_fraction(expr) %}
    {{- return(adapter.dispatch('hash_fraction', 'scv')(expr)) -}}
{% endmacro %}

{% macro default__hash_fraction(expr) -%}
    (cast(('0x' || substr(sha256({{ expr }}), 1, 8)) as bigint) / 4294967296.0)
{%- endmacro %}

{% macro bigquery__hash_fraction(expr) -%}
    (cast(concat('0x', substr(to_hex(sha256({{ expr }})), 1, 8)) as int64) / 4294967296.0)
{%- endmacro %}
