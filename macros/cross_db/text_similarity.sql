{#
    Text comparison for record matching (CRM de-duplication).
#}

{#
    The text without diacritics ("Élodie Müller" -> "Elodie Muller"); other
    scripts (CJK, Arabic, Cyrillic) are left as they are. DuckDB:
    strip_accents; BigQuery: NFD decomposition, the combining marks removed,
    then NFC composition, as strip_accents does: without it a Hangul
    syllable stays decomposed into its letters (jamo), so "지호" would be
    four characters on BigQuery and two on DuckDB, and name blocks and
    similarities would differ between the engines.
#}
{% macro strip_accents(expr) %}
    {{- return(adapter.dispatch('strip_accents', 'scv')(expr)) -}}
{% endmacro %}

{% macro default__strip_accents(expr) -%}
    strip_accents({{ expr }})
{%- endmacro %}

{% macro bigquery__strip_accents(expr) -%}
    normalize(regexp_replace(normalize({{ expr }}, NFD), r'\p{M}', ''), NFC)
{%- endmacro %}


{#
    Levenshtein edit distance between two texts (insertions, deletions and
    substitutions of one character each cost 1); null when either is null.
    Both engines count characters, not bytes. Jaro-Winkler would be DuckDB
    only, so matching uses this on both engines and gets the same scores.
#}
{% macro edit_distance(left, right) %}
    {{- return(adapter.dispatch('edit_distance', 'scv')(left, right)) -}}
{% endmacro %}

{% macro default__edit_distance(left, right) -%}
    levenshtein({{ left }}, {{ right }})
{%- endmacro %}

{% macro bigquery__edit_distance(left, right) -%}
    edit_distance({{ left }}, {{ right }})
{%- endmacro %}


{#
    Similarity of two texts in [0, 1]: 1 - edit distance / length of the
    longer one. 1 means equal, "Schneider" / "Schnieder" 0.78, "Jana" /
    "Anna" 0.5; null when either is null or both are empty. Engine-neutral
    (built on edit_distance).
#}
{% macro text_similarity(left, right) -%}
    (
        1.0 - {{ scv.edit_distance(left, right) }}
        / nullif(greatest(length({{ left }}), length({{ right }})), 0)
    )
{%- endmacro %}
