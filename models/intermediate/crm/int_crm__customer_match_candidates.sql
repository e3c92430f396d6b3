-- Candidate pairs of CRM records that may be the same person although they
-- share no e-mail or phone (a typo, a new address, a name typed in another
-- script or order), each scored from field agreements. Records sharing an
-- e-mail or a phone are stitched by the identity graph directly; this model
-- finds the rest. Pairs come from blocking keys (records compared only
-- within a block), so the cost grows with the block sizes, not with the
-- square of the CRM. The weights and the threshold are vars (crm_match_*).

with customers as (
    select * from {{ ref('stg_crm__customers') }}
),

-- Comparison forms: lower case, no accents, letters and spaces only.
prepared as {{ scv.materialized_cte() }} (
    select
        customer_id,
        nullif(trim({{ scv.regex_replace(
            scv.strip_accents('lower(given_name)'), '[^\\p{L} ]', ''
        ) }}), '') as given_key,
        nullif(trim({{ scv.regex_replace(
            scv.strip_accents('lower(family_name)'), '[^\\p{L} ]', ''
        ) }}), '') as family_key,
        case when is_birth_date_valid then birth_date end as birth_date,
        nullif(upper({{ scv.regex_replace('postcode', '[^0-9A-Za-z]', '') }}), '') as postcode_key,
        nullif({{ scv.regex_replace(scv.strip_accents('lower(street_address)'), '[^\\p{L}0-9]', '') }}, '')
            as street_key,
        nullif(trim({{ scv.strip_accents('lower(city)') }}), '') as city_key,
        country_code,
        gender,
        case when is_email_valid then email end as email,
        -- the local part of the e-mail without separators, kept only when it
        -- carries digits: 'jana.schneider' says no more than the name does,
        -- 'schneider.jana469' is specific to one person
        case
            when is_email_valid and {{ scv.regex_matches('email', '^[^@]*[0-9][^@]*@') }}
                then {{ scv.regex_replace(scv.regex_extract('email', '^([^@+]+)'), '[._-]', '') }}
        end as email_local_key,
        case when is_phone_valid then phone_e164 end as phone_e164
    from customers
),

with_name_flags as {{ scv.materialized_cte() }} (
    select
        *,
        {{ scv.regex_matches("coalesce(given_key, '') || coalesce(family_key, '')", '^[\\p{Latin} ]*$') }}
            as is_latin_name
    from prepared
),

-- One row per record and blocking key. A key shared by more records than
-- crm_match_max_block_size (a very common name in a big city) is skipped:
-- such blocks cost much and decide little.
block_keys as (
    select
        customer_id,
        'family_name_given_initial' as block_type,
        family_key || '|' || substr(given_key, 1, 1) as block_key
    from with_name_flags
    where family_key is not null and given_key is not null
    union all
    select
        customer_id,
        'name_set' as block_type,
        least(given_key, family_key) || '|' || greatest(given_key, family_key) as block_key
    from with_name_flags
    where family_key is not null and given_key is not null
    union all
    select
        customer_id,
        'family_name_postcode' as block_type,
        family_key || '|' || postcode_key as block_key
    from with_name_flags
    where family_key is not null and postcode_key is not null
    union all
    select
        customer_id,
        'birth_date_postcode' as block_type,
        cast(birth_date as {{ dbt.type_string() }}) || '|' || postcode_key as block_key
    from with_name_flags
    where birth_date is not null and postcode_key is not null
    union all
    select
        customer_id,
        'birth_date_given_initial' as block_type,
        cast(birth_date as {{ dbt.type_string() }}) || '|' || substr(given_key, 1, 1) as block_key
    from with_name_flags
    where birth_date is not null and given_key is not null
    union all
    select
        customer_id,
        'email_local_part' as block_type,
        email_local_key as block_key
    from with_name_flags
    where length(email_local_key) >= 6
),

usable_blocks as (
    select
        block_type,
        block_key
    from block_keys
    group by block_type, block_key
    having count(*) between 2 and {{ var('crm_match_max_block_size') }}
),

pairs as (
    select
        left_keys.customer_id as left_customer_id,
        right_keys.customer_id as right_customer_id,
        min(left_keys.block_type) as first_block_type
    from block_keys as left_keys
    inner join usable_blocks
        on
            left_keys.block_type = usable_blocks.block_type
            and left_keys.block_key = usable_blocks.block_key
    inner join block_keys as right_keys
        on
            left_keys.block_type = right_keys.block_type
            and left_keys.block_key = right_keys.block_key
            and left_keys.customer_id < right_keys.customer_id
    group by left_keys.customer_id, right_keys.customer_id
),

compared as (
    select
        pairs.left_customer_id,
        pairs.right_customer_id,
        pairs.first_block_type,
        {{ scv.text_similarity('l.given_key', 'r.given_key') }} as given_name_similarity,
        {{ scv.text_similarity('l.family_key', 'r.family_key') }} as family_name_similarity,
        -- the same two names typed the other way round (family name first)
        (
            {{ scv.text_similarity('l.given_key', 'r.family_key') }}
            + {{ scv.text_similarity('l.family_key', 'r.given_key') }}
        ) / 2 as swapped_name_similarity,
        l.is_latin_name and r.is_latin_name as are_both_latin_names,
        -- each comparison is null when either side is missing (SQL's = on a null)
        l.birth_date = r.birth_date as is_birth_date_equal,
        l.postcode_key = r.postcode_key as is_postcode_equal,
        l.street_key = r.street_key as is_street_address_equal,
        l.city_key = r.city_key as is_city_equal,
        l.country_code = r.country_code as is_country_equal,
        l.gender = r.gender as is_gender_equal,
        l.email = r.email as is_email_equal,
        l.email_local_key = r.email_local_key as is_email_local_part_equal,
        case
            when l.phone_e164 is not null and r.phone_e164 is not null
                then l.phone_e164 = r.phone_e164
        end as is_phone_equal
    from pairs
    inner join with_name_flags as l
        on pairs.left_customer_id = l.customer_id
    inner join with_name_flags as r
        on pairs.right_customer_id = r.customer_id
),

-- Names compare in the orientation that fits best (given/family or swapped).
oriented as (
    select
        *,
        coalesce(swapped_name_similarity > (given_name_similarity + family_name_similarity) / 2, false)
            as are_names_swapped
    from compared
),

levels as (
    select
        *,
        {{ scv.crm_match_name_level(
            'case when are_names_swapped then swapped_name_similarity else given_name_similarity end'
        ) }} as given_name_level,
        {{ scv.crm_match_name_level(
            'case when are_names_swapped then swapped_name_similarity else family_name_similarity end'
        ) }} as family_name_level
    from oriented
),

-- A name shared with a stranger is common at scale (namesakes in one city),
-- and weak fields (city, gender, an e-mail local part) add up: a match also
-- needs one field that identifies a person on its own.
scored as (
    select
        *,
        {{ scv.crm_match_score() }} as match_score,
        coalesce(
            is_birth_date_equal
            or is_phone_equal
            or is_email_equal
            or (is_street_address_equal and is_postcode_equal),
            false
        ) as has_identifying_agreement
    from levels
),

final as (
    select
        {{ scv.hash_key(['left_customer_id', 'right_customer_id']) }} as candidate_pair_key,
        left_customer_id,
        right_customer_id,
        first_block_type,
        match_score,
        match_score >= {{ var('crm_match_min_score') }} and has_identifying_agreement as is_match,
        has_identifying_agreement,
        given_name_similarity,
        family_name_similarity,
        swapped_name_similarity,
        are_names_swapped,
        are_both_latin_names,
        given_name_level,
        family_name_level,
        is_birth_date_equal,
        is_street_address_equal,
        is_postcode_equal,
        is_city_equal,
        is_country_equal,
        is_gender_equal,
        is_email_equal,
        is_email_local_part_equal,
        is_phone_equal
    from scored
)

select * from final
