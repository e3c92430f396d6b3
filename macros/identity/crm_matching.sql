{#
    Scoring of CRM record pairs (int_crm__customer_match_candidates).

    Each field comparison adds a weight (a Fellegi-Sunter style log-odds
    points scheme): agreement on a rare, stable field adds much, a conflict
    on a field people do not change (birth date) takes much away, a
    conflict on a field people do change (phone, address) takes some away
    (a new phone alone does not stop a match; a new phone and a new address
    together with only a shared name and birth date do), a missing value
    adds nothing. Defaults below; a brand overrides any of them with
    the `crm_match_weights` var (a partial dict is merged into these).
#}
{% macro crm_match_weights() -%}
    {%- set weights = {
        'email': 8,
        'email_local_part': 2,
        'phone': 7,
        'phone_conflict': -5,
        'birth_date': 6,
        'birth_date_conflict': -8,
        'given_name': 4,
        'given_name_close': 2,
        'family_name': 4,
        'family_name_close': 2,
        'name_conflict': -4,
        'street_address': 4,
        'postcode': 3,
        'address_conflict': -3,
        'city': 1,
        'country_conflict': -3,
        'gender_conflict': -4,
    } -%}
    {%- set overrides = var('crm_match_weights', {}) or {} -%}
    {%- for key, value in overrides.items() -%}
        {%- if key not in weights -%}
            {{ exceptions.raise_compiler_error(
                "crm_match_weights: unknown weight '" ~ key ~ "'; known weights: " ~ (weights.keys() | list | join(', '))
            ) }}
        {%- endif -%}
        {%- do weights.update({key: value}) -%}
    {%- endfor -%}
    {{ return(weights) }}
{%- endmacro %}


{#
    How two names compare, from their similarity (text_similarity):
    'same' (>= crm_match_name_same_similarity), 'close' (>=
    crm_match_name_close_similarity), 'different' (below 0.5 and both names
    in Latin script: a transliterated name is not a conflict), 'unknown'
    otherwise, 'missing' when either name is missing.
#}
{% macro crm_match_name_level(similarity, both_latin='are_both_latin_names') -%}
    case
        when {{ similarity }} is null then 'missing'
        when {{ similarity }} >= {{ var('crm_match_name_same_similarity') }} then 'same'
        when {{ similarity }} >= {{ var('crm_match_name_close_similarity') }} then 'close'
        when {{ similarity }} < 0.5 and {{ both_latin }} then 'different'
        else 'unknown'
    end
{%- endmacro %}


{# The score of a compared pair: the sum of the weights of its field comparisons. #}
{% macro crm_match_score() -%}
    {%- set w = scv.crm_match_weights() -%}
    (
        case when is_email_equal then {{ w['email'] }} else 0 end
        + case
            when is_email_local_part_equal and not coalesce(is_email_equal, false)
                then {{ w['email_local_part'] }}
            else 0
        end
        + case is_phone_equal
            when true then {{ w['phone'] }}
            when false then {{ w['phone_conflict'] }}
            else 0
        end
        + case is_birth_date_equal
            when true then {{ w['birth_date'] }}
            when false then {{ w['birth_date_conflict'] }}
            else 0
        end
        + case given_name_level
            when 'same' then {{ w['given_name'] }}
            when 'close' then {{ w['given_name_close'] }}
            when 'different' then {{ w['name_conflict'] }}
            else 0
        end
        + case family_name_level
            when 'same' then {{ w['family_name'] }}
            when 'close' then {{ w['family_name_close'] }}
            when 'different' then {{ w['name_conflict'] }}
            else 0
        end
        + case when is_street_address_equal and is_postcode_equal then {{ w['street_address'] }} else 0 end
        + case when is_postcode_equal then {{ w['postcode'] }} else 0 end
        + case
            when is_street_address_equal = false or is_postcode_equal = false then {{ w['address_conflict'] }}
            else 0
        end
        + case when is_city_equal then {{ w['city'] }} else 0 end
        + case when is_country_equal = false then {{ w['country_conflict'] }} else 0 end
        + case when is_gender_equal = false then {{ w['gender_conflict'] }} else 0 end
    )
{%- endmacro %}
