{#
    A phone number in any national or international notation -> E.164
    ('+' then country calling code then national significant number), or null
    when it cannot be normalised.

    Arguments: the raw phone text, then the dialling context of the customer's
    country (country_codes seed): `calling_code` ('33'), `trunk_prefix` ('0',
    '' when the country has none) and the national significant number length
    range `nsn_min_length` / `nsn_max_length`. Pass null context when the
    country is unknown: then only international notations can be normalised.

    Rules, in order:
      1. Only digits, white space, + ( ) . - / are allowed; any letter -> null.
         A "(0)" written after the country code ('+44 (0)20 ...') is dropped.
      2. International: a leading '+' (also '(+33)') -> the digits as written;
         a leading '00' -> the digits after it; '011' in a country dialling
         with calling code 1 (North America) -> the digits after it.
      3. National, with a known country: the trunk prefix is stripped
         ('0612345678' -> '612345678', US '1 212 ...' -> '212 ...') and the
         calling code prepended; a number that already starts with the calling
         code and has the length of an international number ('33612345678')
         is taken as international written without '+'.
      4. Valid only if the result has 8 to 15 digits (E.164 maximum), does not
         start with 0, and, when it is in the customer's own country, its
         national significant number is within the country's length range.
#}
{% macro normalise_phone_e164(phone, calling_code, trunk_prefix, nsn_min_length, nsn_max_length) -%}
    {%- set without_trunk_hint = scv.regex_replace(phone, '\\(\\s*0\\s*\\)', '') -%}
    {%- set digits = scv.regex_replace(without_trunk_hint, '[^0-9]', '') -%}
    {%- set international_digits -%}
        case
            when not {{ scv.regex_matches(phone, '^[\\s0-9+().\\-/\\x{00A0}]+$') }} then null
            when {{ scv.regex_matches(without_trunk_hint, '^[\\s(]*\\+') }} then {{ digits }}
            when {{ digits }} like '00%' then substr({{ digits }}, 3)
            when {{ calling_code }} = '1' and {{ digits }} like '011%' then substr({{ digits }}, 4)
            when {{ calling_code }} is null then null
            when coalesce({{ trunk_prefix }}, '') != ''
                and {{ digits }} like concat({{ trunk_prefix }}, '%')
                then concat({{ calling_code }}, substr({{ digits }}, length({{ trunk_prefix }}) + 1))
            when {{ digits }} like concat({{ calling_code }}, '%')
                and length({{ digits }}) - length({{ calling_code }}) between {{ nsn_min_length }} and {{ nsn_max_length }}
                then {{ digits }}
            else concat({{ calling_code }}, {{ digits }})
        end
    {%- endset -%}
    case
        when length({{ international_digits }}) between 8 and 15
            and {{ international_digits }} not like '0%'
            and (
                {{ calling_code }} is null
                or {{ international_digits }} not like concat({{ calling_code }}, '%')
                or length({{ international_digits }}) - length({{ calling_code }})
                between {{ nsn_min_length }} and {{ nsn_max_length }}
            )
            then concat('+', {{ international_digits }})
    end
{%- endmacro %}
