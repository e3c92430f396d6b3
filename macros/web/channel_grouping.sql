{#
    GA4's default channel group of a session from its source, medium and
    campaign (https://support.google.com/analytics/answer/9756891): the rules
    are tried in the order GA4 evaluates them (the order the default group
    shows when copied into a custom channel group) and the first that matches
    wins; 'Unassigned' when none does. Case is ignored, as in GA4.

      Direct                     source '(direct)' and medium '(none)' or '(not set)'
      Cross-network              campaign contains 'cross-network'
      Paid Shopping              (shopping site or shopping campaign) and paid medium
      Paid Search                search site and paid medium
      Paid Social                social site and paid medium
      Paid Video                 video site and paid medium
      Display                    medium display, banner, expandable, interstitial or cpm
      Paid Other                 paid medium
      Organic Shopping           shopping site or shopping campaign
      Organic Social             social site or medium social, social-network, social-media,
                                 sm, social network, social media
      Organic Video              video site or medium containing 'video'
      Organic Search             search site or medium organic
      Referral                   medium referral, app or link
      Email                      source or medium email, e-mail, e_mail, e mail
      Affiliates                 medium affiliate
      Audio                      medium audio
      SMS                        source or medium sms
      Mobile Push Notifications  medium ending in 'push' or containing 'mobile' or
                                 'notification', or source firebase

    paid medium: ^(.*cp.*|ppc|retargeting|paid.*)$
    shopping campaign: ^(.*(([^a-df-z]|^)shop|shopping).*)$

    "Site" lists: GA4 matches the source against Google's source-category
    list (SOURCE_CATEGORY_SEARCH, _SOCIAL, _SHOPPING, _VIDEO), a downloadable
    spreadsheet of several hundred names. web_source_categories() holds the
    common ones; a source matches a name when it is that name, optionally
    with a domain ending and a www., m., l., lm., mobile., search. or touch.
    prefix (instagram, l.instagram.com, search.yahoo.co.jp; not
    analytics.google.com). Extend or replace a list with the var
    `web_channel_source_categories` ({search: [...], social: [...], ...}).

    Not reproducible from the export: GA4 also uses the Google Ads network of
    an auto-tagged click (a display-network gclid is Display, Performance Max
    is Cross-network); here an auto-tagged click is google / cpc, so Paid
    Search.
#}
{% macro default_channel_group(source, medium, campaign) -%}
    {%- set categories = scv.web_source_categories() -%}
    {%- set src = 'lower(' ~ source ~ ')' -%}
    {%- set med = 'lower(' ~ medium ~ ')' -%}
    {%- set camp = 'lower(' ~ campaign ~ ')' -%}
    {%- set paid_medium = scv.regex_matches(med, '^(.*cp.*|ppc|retargeting|paid.*)$') -%}
    {%- set shopping_campaign = scv.regex_matches(camp, '^(.*(([^a-df-z]|^)shop|shopping).*)$') -%}
    {%- set search_site = scv.web_source_in_category(src, categories['search']) -%}
    {%- set social_site = scv.web_source_in_category(src, categories['social']) -%}
    {%- set shopping_site = scv.web_source_in_category(src, categories['shopping']) -%}
    {%- set video_site = scv.web_source_in_category(src, categories['video']) -%}
    case
        when {{ src }} = '(direct)' and {{ med }} in ('(none)', '(not set)')
            then 'Direct'
        when coalesce({{ camp }}, '') like '%cross-network%'
            then 'Cross-network'
        when coalesce({{ shopping_site }} or {{ shopping_campaign }}, false) and coalesce({{ paid_medium }}, false)
            then 'Paid Shopping'
        when coalesce({{ search_site }} and {{ paid_medium }}, false)
            then 'Paid Search'
        when coalesce({{ social_site }} and {{ paid_medium }}, false)
            then 'Paid Social'
        when coalesce({{ video_site }} and {{ paid_medium }}, false)
            then 'Paid Video'
        when {{ med }} in ('display', 'banner', 'expandable', 'interstitial', 'cpm')
            then 'Display'
        when coalesce({{ paid_medium }}, false)
            then 'Paid Other'
        when coalesce({{ shopping_site }} or {{ shopping_campaign }}, false)
            then 'Organic Shopping'
        when
            coalesce({{ social_site }}, false)
            or {{ med }} in ('social', 'social-network', 'social-media', 'sm', 'social network', 'social media')
            then 'Organic Social'
        when coalesce({{ video_site }}, false) or coalesce({{ med }}, '') like '%video%'
            then 'Organic Video'
        when coalesce({{ search_site }}, false) or {{ med }} = 'organic'
            then 'Organic Search'
        when {{ med }} in ('referral', 'app', 'link')
            then 'Referral'
        when
            {{ src }} in ('email', 'e-mail', 'e_mail', 'e mail')
            or {{ med }} in ('email', 'e-mail', 'e_mail', 'e mail')
            then 'Email'
        when {{ med }} = 'affiliate'
            then 'Affiliates'
        when {{ med }} = 'audio'
            then 'Audio'
        when {{ src }} = 'sms' or {{ med }} = 'sms'
            then 'SMS'
        when
            coalesce({{ med }}, '') like '%push'
            or coalesce({{ med }}, '') like '%mobile%'
            or coalesce({{ med }}, '') like '%notification%'
            or {{ src }} = 'firebase'
            then 'Mobile Push Notifications'
        else 'Unassigned'
    end
{%- endmacro %}


{# Every value default_channel_group can return (the accepted_values of channel group columns). #}
{% macro default_channel_groups() -%}
    {{ return([
        'Direct', 'Cross-network', 'Paid Shopping', 'Paid Search', 'Paid Social', 'Paid Video',
        'Display', 'Paid Other', 'Organic Shopping', 'Organic Social', 'Organic Video',
        'Organic Search', 'Referral', 'Email', 'Affiliates', 'Audio', 'SMS',
        'Mobile Push Notifications', 'Unassigned',
    ]) }}
{%- endmacro %}


{#
    Site names per source category, a subset of Google's source-category
    list; the var `web_channel_source_categories` replaces a category's list
    ({social: [...]}) or, with the key `extra_<category>`, adds names to it.
#}
{% macro web_source_categories() -%}
    {%- set defaults = {
        'search': [
            'google', 'bing', 'yahoo', 'baidu', 'yandex', 'duckduckgo', 'ecosia', 'naver',
            'daum', 'sogou', 'so.com', 'm.so.com', '360.cn', 'haosou', 'seznam', 'qwant', 'ask',
            'aol', 'startpage', 'search.brave.com', 'msn', 'yippy', 'petalsearch', 'coccoc',
        ],
        'social': [
            'facebook', 'fb', 'instagram', 'ig', 'twitter', 't.co', 'x.com', 'linkedin',
            'lnkd.in', 'pinterest', 'reddit', 'tiktok', 'snapchat', 'threads.net', 'tumblr',
            'quora', 'vk', 'ok.ru', 'weibo', 'wechat', 'weixin', 'qq', 'douyin',
            'xiaohongshu', 'xhslink', 'line', 'kakao', 'whatsapp', 'telegram', 'messenger',
            'discord', 'meetup', 'flickr', 'medium.com',
        ],
        'shopping': [
            'google shopping', 'igshopping', 'shopping free listings', 'amazon', 'ebay',
            'etsy', 'walmart', 'shopify', 'alibaba', 'aliexpress', 'taobao', 'tmall', 'jd',
            'rakuten', 'zalando', 'mercadolibre', 'stripe',
        ],
        'video': [
            'youtube', 'youtu.be', 'vimeo', 'twitch', 'dailymotion', 'bilibili', 'youku',
            'iqiyi', 'ixigua', 'wistia', 'netflix', 'disneyplus', 'hulu',
        ],
    } -%}
    {%- set overrides = var('web_channel_source_categories', {}) -%}
    {%- set categories = {} -%}
    {%- for name, names in defaults.items() -%}
        {%- set chosen = overrides.get(name, names) | list -%}
        {%- do categories.update({name: chosen + (overrides.get('extra_' ~ name, []) | list)}) -%}
    {%- endfor -%}
    {{ return(categories) }}
{%- endmacro %}


{#
    true when a (lower case) source is one of the names, optionally with a
    country or generic domain ending (.com, .fr, .co.jp) and one of the
    prefixes www., m., l., lm., mobile., search., touch. (l.instagram.com,
    m.baidu.com, search.yahoo.co.jp); other host names of the same site
    (analytics.google.com, mail.google.com) are not the search engine and
    stay Referral, as in GA4. Null when the source is null.
#}
{% macro web_source_in_category(source, names) -%}
    {%- set escaped = [] -%}
    {%- for name in names -%}
        {%- if not modules.re.fullmatch('[a-z0-9 .-]+', name | lower) -%}
            {{ exceptions.raise_compiler_error("web_channel_source_categories: a site name holds only letters, digits, spaces, dots and hyphens, got '" ~ name ~ "'") }}
        {%- endif -%}
        {%- do escaped.append(name | lower | replace('.', '\\.')) -%}
    {%- endfor -%}
    {{ scv.regex_matches(source, '^((www|m|l|lm|mobile|search|touch)\\.)?(' ~ escaped | join('|') ~ ')(\\.[a-z]{2,3}){0,2}$') }}
{%- endmacro %}
