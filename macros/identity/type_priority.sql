{#
    Order of identifier types when two identifiers were first seen at the
    same time (or never dated): the most durable first, so that a
    component's anchor, and with it its customer_id, is the identifier
    least likely to be replaced (a CRM record before an e-mail, a browser
    last).
#}
{% macro identity_type_priority(identifier_type) -%}
    case {{ identifier_type }}
        when 'crm_customer_id' then 1
        when 'ga_user_id' then 2
        when 'email_sha256' then 3
        when 'phone_sha256' then 4
        when 'order_id' then 5
        when 'pos_sale_id' then 6
        when 'appointment_id' then 7
        when 'booking_id' then 8
        when 'ga_client' then 9
        when 'ua_client' then 10
        else 11
    end
{%- endmacro %}
