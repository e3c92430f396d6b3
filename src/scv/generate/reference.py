"""Static reference data for the demo generator: countries, names, boutiques, catalogue.

Everything here is fictional (the brand "Maison Aurèle", its boutiques, its
products) or public knowledge (country calling codes, VAT rates). Values a
dbt seed also holds (boutiques, currencies, country names, categories) must
stay in the seeds' vocabulary: tests/python/generate checks it.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

BRAND = "Maison Aurèle"

# Default last day of the generated window when no --start-date is given:
# a constant, so that the same arguments always give the same files.
DEFAULT_END_DATE = "2026-10-31"


@dataclass(frozen=True)
class Boutique:
    boutique_id: str
    name: str
    city: str
    country_code: str
    timezone: str
    currency: str


# Mirrors seeds/boutiques.csv (the seed wins when the generator runs inside the
# repository; a test keeps the two equal).
BOUTIQUES: tuple[Boutique, ...] = (
    Boutique("PAR01", "Paris Faubourg Saint-Honoré", "Paris", "FR", "Europe/Paris", "EUR"),
    Boutique("PAR02", "Paris Avenue Montaigne", "Paris", "FR", "Europe/Paris", "EUR"),
    Boutique("LON01", "London New Bond Street", "London", "GB", "Europe/London", "GBP"),
    Boutique("MIL01", "Milano Via Montenapoleone", "Milan", "IT", "Europe/Rome", "EUR"),
    Boutique("GVA01", "Genève Rue du Rhône", "Geneva", "CH", "Europe/Zurich", "CHF"),
    Boutique("MUC01", "München Maximilianstraße", "Munich", "DE", "Europe/Berlin", "EUR"),
    Boutique("NYC01", "New York Madison Avenue", "New York", "US", "America/New_York", "USD"),
    Boutique(
        "LAX01", "Beverly Hills Rodeo Drive", "Los Angeles", "US", "America/Los_Angeles", "USD"
    ),
    Boutique("TYO01", "Tokyo Ginza", "Tokyo", "JP", "Asia/Tokyo", "JPY"),
    Boutique("SHA01", "Shanghai Plaza 66", "Shanghai", "CN", "Asia/Shanghai", "CNY"),
    Boutique("HKG01", "Hong Kong Canton Road", "Hong Kong", "HK", "Asia/Hong_Kong", "HKD"),
    Boutique("DXB01", "Dubai Mall Fashion Avenue", "Dubai", "AE", "Asia/Dubai", "AED"),
    Boutique("SEL01", "Seoul Cheongdam", "Seoul", "KR", "Asia/Seoul", "KRW"),
)

SEED_DIR = Path(__file__).resolve().parents[3] / "seeds"


def load_boutiques(seed_dir: Path = SEED_DIR) -> tuple[Boutique, ...]:
    """Boutiques from the `boutiques` seed when it is there, else the built-in list."""
    path = seed_dir / "boutiques.csv"
    if not path.exists():
        return BOUTIQUES
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    needed = {"boutique_id", "name", "city", "country_code", "timezone", "currency"}
    if not rows or not needed <= set(rows[0]):
        raise ValueError(f"{path} must have the columns {sorted(needed)}")
    return tuple(Boutique(**{key: row[key].strip() for key in needed}) for row in rows)


# Units of each currency for one euro (rounded; the currency_rates seed has the
# monthly rates staging uses) and the number of decimals its amounts carry.
FX_PER_EUR: dict[str, float] = {
    "EUR": 1.0,
    "GBP": 0.85,
    "USD": 1.09,
    "CHF": 0.95,
    "JPY": 162.0,
    "CNY": 7.85,
    "AED": 4.0,
    "HKD": 8.5,
    "KRW": 1470.0,
}
CURRENCY_DECIMALS: dict[str, int] = {"JPY": 0, "KRW": 0}
CURRENCIES: tuple[str, ...] = tuple(FX_PER_EUR)
# Written by broken exports; none of them is an ISO 4217 code in currency_rates.
UNKNOWN_CURRENCIES: tuple[str, ...] = ("RMB", "EURO", "US$", "STG")


@dataclass(frozen=True)
class City:
    ga_name: str  # English name, as GA4 geo reports it
    latin: str  # as a customer writes it in Latin script
    native: str  # as a customer writes it in the local script ('' = same as latin)
    ga_region: str
    region: str  # as written in the CRM
    postcode: str  # pattern: '#' = a digit, anything else literal; '' = none


@dataclass(frozen=True)
class Country:
    code: str
    name: str  # English name (GA4 geo.country)
    continent: str
    sub_continent: str
    currency: str
    calling_code: str
    trunk_prefix: str
    intl_groups: tuple[int, ...]  # grouping of the national significant number
    vat_rate: float
    utc_offset_hours: int  # standard time, for the time of day people browse
    weight: float  # share of the clientele
    languages: tuple[tuple[str, float], ...]
    name_pools: tuple[tuple[str, float], ...]  # (pool key, weight)
    native_script_share: float  # share writing their name in a non-Latin script
    cities: tuple[City, ...]
    streets: tuple[tuple[str, str], ...]  # (latin, native or '')
    name_variants: tuple[str, ...]  # how the CRM writes the country (seed vocabulary)
    email_domains: tuple[str, ...]
    mobile_prefixes: tuple[str, ...]  # first digits of a mobile NSN
    nsn_length: int


# fmt: off
COUNTRIES: tuple[Country, ...] = (
    Country(
        "FR", "France", "Europe", "Western Europe", "EUR", "33", "0", (1, 2, 2, 2, 2), 0.20, 1,
        0.19, (("fr-FR", 0.9), ("en-GB", 0.1)), (("fr", 1.0),), 0.0,
        (
            City("Paris", "Paris", "", "Ile-de-France", "Île-de-France", "750##"),
            City("Lyon", "Lyon", "", "Auvergne-Rhone-Alpes", "Auvergne-Rhône-Alpes", "6900#"),
            City("Marseille", "Marseille", "", "Provence-Alpes-Cote d'Azur",
                 "Provence-Alpes-Côte d'Azur", "130##"),
            City("Bordeaux", "Bordeaux", "", "Nouvelle-Aquitaine", "Nouvelle-Aquitaine", "33000"),
            City("Nice", "Nice", "", "Provence-Alpes-Cote d'Azur", "Provence-Alpes-Côte d'Azur",
                 "06000"),
        ),
        (("rue du Faubourg Saint-Honoré", ""), ("avenue Montaigne", ""),
         ("boulevard Haussmann", ""),
         ("rue de la Paix", ""), ("quai des Célestins", ""), ("place Bellecour", "")),
        ("FR", "France", "france", "FRANCE", "République française"),
        ("gmail.com", "orange.fr", "free.fr", "laposte.net", "sfr.fr", "yahoo.fr", "outlook.fr"),
        ("6", "7"), 9,
    ),
    Country(
        "IT", "Italy", "Europe", "Southern Europe", "EUR", "39", "", (3, 3, 4), 0.22, 1,
        0.08, (("it-IT", 1.0),), (("it", 1.0),), 0.0,
        (
            City("Milan", "Milano", "", "Lombardy", "Lombardia", "201##"),
            City("Rome", "Roma", "", "Lazio", "Lazio", "001##"),
            City("Florence", "Firenze", "", "Tuscany", "Toscana", "501##"),
            City("Naples", "Napoli", "", "Campania", "Campania", "801##"),
        ),
        (("Via Monte Napoleone", ""), ("Via dei Condotti", ""), ("Corso Buenos Aires", ""),
         ("Via Tornabuoni", ""), ("Piazza di Spagna", "")),
        ("IT", "Italy", "Italia"),
        ("gmail.com", "libero.it", "virgilio.it", "alice.it", "tiscali.it", "outlook.it"),
        ("32", "33", "34", "36"), 10,
    ),
    Country(
        "GB", "United Kingdom", "Europe", "Northern Europe", "GBP", "44", "0", (4, 6), 0.20, 0,
        0.09, (("en-GB", 1.0),), (("en_gb", 1.0),), 0.0,
        (
            City("London", "London", "", "England", "Greater London", "SW1A #AA"),
            City("Manchester", "Manchester", "", "England", "Greater Manchester", "M# #AE"),
            City("Edinburgh", "Edinburgh", "", "Scotland", "City of Edinburgh", "EH# #YZ"),
            City("Birmingham", "Birmingham", "", "England", "West Midlands", "B# #AA"),
        ),
        (("Baker Street", ""), ("King's Road", ""), ("Sloane Square", ""),
         ("Princes Street", ""), ("Deansgate", "")),
        ("GB", "United Kingdom", "UK", "England"),
        ("gmail.com", "hotmail.co.uk", "btinternet.com", "yahoo.co.uk", "outlook.com",
         "icloud.com"),
        ("74", "75", "77", "78", "79"), 10,
    ),
    Country(
        "DE", "Germany", "Europe", "Western Europe", "EUR", "49", "0", (3, 8), 0.19, 1,
        0.07, (("de-DE", 1.0),), (("de", 1.0),), 0.0,
        (
            City("Munich", "München", "", "Bavaria", "Bayern", "80###"),
            City("Berlin", "Berlin", "", "Berlin", "Berlin", "10###"),
            City("Hamburg", "Hamburg", "", "Hamburg", "Hamburg", "20###"),
            City("Dusseldorf", "Düsseldorf", "", "North Rhine-Westphalia", "Nordrhein-Westfalen",
                 "40###"),
            City("Frankfurt", "Frankfurt am Main", "", "Hesse", "Hessen", "60###"),
        ),
        (("Maximilianstraße", ""), ("Königsallee", ""), ("Kurfürstendamm", ""),
         ("Jungfernstieg", ""), ("Goethestraße", "")),
        ("DE", "Germany", "Deutschland"),
        ("gmail.com", "gmx.de", "web.de", "t-online.de", "outlook.de", "posteo.de"),
        ("151", "152", "160", "170", "171", "176"), 11,
    ),
    Country(
        "CH", "Switzerland", "Europe", "Western Europe", "CHF", "41", "0", (2, 3, 2, 2), 0.081, 1,
        0.05, (("de-CH", 0.6), ("fr-CH", 0.3), ("it-CH", 0.1)),
        (("ch", 0.4), ("de", 0.3), ("fr", 0.2), ("it", 0.1)), 0.0,
        (
            City("Geneva", "Genève", "", "Geneva", "Genève", "12##"),
            City("Zurich", "Zürich", "", "Zurich", "Zürich", "80##"),
            City("Lugano", "Lugano", "", "Ticino", "Ticino", "6900"),
            City("Basel", "Basel", "", "Basel-City", "Basel-Stadt", "40##"),
        ),
        (("Rue du Rhône", ""), ("Bahnhofstrasse", ""), ("Via Nassa", ""), ("Freie Strasse", "")),
        ("CH", "Switzerland", "Suisse", "Schweiz"),
        ("gmail.com", "bluewin.ch", "gmx.ch", "sunrise.ch", "hispeed.ch"),
        ("76", "77", "78", "79"), 9,
    ),
    Country(
        "ES", "Spain", "Europe", "Southern Europe", "EUR", "34", "", (3, 2, 2, 2), 0.21, 1,
        0.04, (("es-ES", 0.85), ("ca-ES", 0.15)), (("es", 1.0),), 0.0,
        (
            City("Madrid", "Madrid", "", "Community of Madrid", "Comunidad de Madrid", "280##"),
            City("Barcelona", "Barcelona", "", "Catalonia", "Cataluña", "080##"),
            City("Malaga", "Málaga", "", "Andalusia", "Andalucía", "290##"),
        ),
        (("Calle de Serrano", ""), ("Passeig de Gràcia", ""), ("Calle Larios", ""),
         ("Calle de Velázquez", "")),
        ("ES", "Spain", "España"),
        ("gmail.com", "hotmail.es", "yahoo.es", "telefonica.net", "outlook.es"),
        ("6", "7"), 9,
    ),
    Country(
        "US", "United States", "Americas", "Northern America", "USD", "1", "1", (3, 3, 4), 0.0, -5,
        0.13, (("en-US", 0.85), ("es-US", 0.15)), (("en_us", 0.85), ("es", 0.15)), 0.0,
        (
            City("New York", "New York", "", "New York", "NY", "100##"),
            City("Los Angeles", "Los Angeles", "", "California", "CA", "900##"),
            City("Miami", "Miami", "", "Florida", "FL", "331##"),
            City("Chicago", "Chicago", "", "Illinois", "IL", "606##"),
            City("San Francisco", "San Francisco", "", "California", "CA", "941##"),
        ),
        (("Madison Avenue", ""), ("Fifth Avenue", ""), ("Rodeo Drive", ""),
         ("North Michigan Avenue", ""), ("Collins Avenue", "")),
        ("US", "USA", "United States"),
        ("gmail.com", "yahoo.com", "outlook.com", "icloud.com", "aol.com", "hotmail.com"),
        ("212", "310", "305", "312", "415", "646", "917", "213"), 10,
    ),
    Country(
        "CN", "China", "Asia", "Eastern Asia", "CNY", "86", "0", (3, 4, 4), 0.13, 8,
        0.12, (("zh-CN", 1.0),), (("zh", 1.0),), 0.75,
        (
            City("Shanghai", "Shanghai", "上海", "Shanghai", "上海市", "200###"),
            City("Beijing", "Beijing", "北京", "Beijing", "北京市", "100###"),
            City("Guangzhou", "Guangzhou", "广州", "Guangdong", "广东省", "510###"),
            City("Shenzhen", "Shenzhen", "深圳", "Guangdong", "广东省", "518###"),
            City("Chengdu", "Chengdu", "成都", "Sichuan", "四川省", "610###"),
        ),
        (("Nanjing West Road", "南京西路"), ("Huaihai Middle Road", "淮海中路"),
         ("Wangfujing Street", "王府井大街"), ("Tianhe Road", "天河路"), ("Chunxi Road", "春熙路")),
        ("CN", "China", "中国"),
        ("qq.com", "163.com", "126.com", "sina.com", "gmail.com", "foxmail.com"),
        ("13", "15", "18", "17", "19"), 11,
    ),
    Country(
        "JP", "Japan", "Asia", "Eastern Asia", "JPY", "81", "0", (2, 4, 4), 0.10, 9,
        0.07, (("ja-JP", 1.0),), (("ja", 1.0),), 0.7,
        (
            City("Tokyo", "Tokyo", "東京", "Tokyo", "東京都", "1##-####"),
            City("Osaka", "Osaka", "大阪", "Osaka", "大阪府", "53#-####"),
            City("Kyoto", "Kyoto", "京都", "Kyoto", "京都府", "60#-####"),
            City("Yokohama", "Yokohama", "横浜", "Kanagawa", "神奈川県", "22#-####"),
        ),
        (("Ginza 4-6-16", "銀座4-6-16"), ("Omotesando 5-1", "表参道5-1"),
         ("Shinsaibashi 1-2-3", "心斎橋1-2-3"), ("Marunouchi 2-4-1", "丸の内2-4-1")),
        ("JP", "Japan", "日本"),
        ("gmail.com", "yahoo.co.jp", "docomo.ne.jp", "ezweb.ne.jp", "icloud.com", "outlook.jp"),
        ("70", "80", "90"), 10,
    ),
    Country(
        "AE", "United Arab Emirates", "Asia", "Western Asia", "AED", "971", "0", (2, 3, 4), 0.05, 4,
        0.05, (("ar-AE", 0.5), ("en-AE", 0.5)), (("ar", 0.7), ("en_gb", 0.15), ("in", 0.15)), 0.5,
        (
            City("Dubai", "Dubai", "دبي", "Dubai", "Dubai", ""),
            City("Abu Dhabi", "Abu Dhabi", "أبو ظبي", "Abu Dhabi", "Abu Dhabi", ""),
            City("Sharjah", "Sharjah", "الشارقة", "Sharjah", "Sharjah", ""),
        ),
        (("Sheikh Zayed Road", "شارع الشيخ زايد"), ("Jumeirah Beach Road", "شارع جميرا"),
         ("Corniche Road", "شارع الكورنيش"), ("Al Wasl Road", "شارع الوصل")),
        ("AE", "United Arab Emirates", "UAE"),
        ("gmail.com", "hotmail.com", "emirates.net.ae", "outlook.com", "yahoo.com"),
        ("50", "52", "54", "55", "56", "58"), 9,
    ),
    Country(
        "HK", "Hong Kong", "Asia", "Eastern Asia", "HKD", "852", "", (4, 4), 0.0, 8,
        0.05, (("zh-HK", 0.6), ("en-HK", 0.4)), (("hk", 0.8), ("en_gb", 0.2)), 0.5,
        (
            City("Hong Kong", "Hong Kong", "香港", "Hong Kong", "Hong Kong Island", ""),
            City("Kowloon", "Kowloon", "九龍", "Hong Kong", "Kowloon", ""),
        ),
        (("Canton Road", "廣東道"), ("Queen's Road Central", "皇后大道中"),
         ("Nathan Road", "彌敦道")),
        ("HK", "Hong Kong", "香港"),
        ("gmail.com", "yahoo.com.hk", "netvigator.com", "outlook.com"),
        ("5", "6", "9"), 8,
    ),
    Country(
        "KR", "South Korea", "Asia", "Eastern Asia", "KRW", "82", "0", (2, 4, 4), 0.10, 9,
        0.05, (("ko-KR", 1.0),), (("ko", 1.0),), 0.65,
        (
            City("Seoul", "Seoul", "서울", "Seoul", "서울특별시", "06###"),
            City("Busan", "Busan", "부산", "Busan", "부산광역시", "48###"),
        ),
        (("Apgujeong-ro", "압구정로"), ("Cheongdam-dong", "청담동"), ("Haeundae-ro", "해운대로")),
        ("KR", "South Korea", "대한민국"),
        ("naver.com", "daum.net", "gmail.com", "kakao.com", "hanmail.net"),
        ("10",), 10,
    ),
)
# fmt: on
COUNTRY_INDEX: dict[str, int] = {c.code: i for i, c in enumerate(COUNTRIES)}

# Given names: (as written, Latin transliteration, gender). Family names: (as written, Latin).
# fmt: off
GIVEN_NAMES: dict[str, tuple[tuple[str, str, str], ...]] = {
    "fr": (
        ("Hélène", "Helene", "F"), ("Amélie", "Amelie", "F"), ("Chloé", "Chloe", "F"),
        ("Léa", "Lea", "F"), ("Camille", "Camille", "F"), ("Inès", "Ines", "F"),
        ("Zoé", "Zoe", "F"), ("Élodie", "Elodie", "F"), ("Gaëlle", "Gaelle", "F"),
        ("Margaux", "Margaux", "F"), ("Joséphine", "Josephine", "F"), ("Anaïs", "Anais", "F"),
        ("François", "Francois", "M"), ("Jérôme", "Jerome", "M"), ("Étienne", "Etienne", "M"),
        ("Raphaël", "Raphael", "M"), ("Benoît", "Benoit", "M"), ("Loïc", "Loic", "M"),
        ("Grégoire", "Gregoire", "M"), ("Jean-Pierre", "Jean-Pierre", "M"),
        ("Noël", "Noel", "M"), ("Hugo", "Hugo", "M"), ("Théo", "Theo", "M"),
        ("Sébastien", "Sebastien", "M"), ("Dominique", "Dominique", "X"),
    ),
    "it": (
        ("Giulia", "Giulia", "F"), ("Francesca", "Francesca", "F"), ("Chiara", "Chiara", "F"),
        ("Martina", "Martina", "F"), ("Beatrice", "Beatrice", "F"), ("Ilaria", "Ilaria", "F"),
        ("Niccolò", "Niccolo", "M"), ("Lorenzo", "Lorenzo", "M"), ("Matteo", "Matteo", "M"),
        ("Alessandro", "Alessandro", "M"), ("Andrea", "Andrea", "M"), ("Luca", "Luca", "M"),
        ("Riccardo", "Riccardo", "M"), ("Tommaso", "Tommaso", "M"), ("Sofia", "Sofia", "F"),
    ),
    "de": (
        ("Jürgen", "Juergen", "M"), ("Jörg", "Joerg", "M"), ("Björn", "Bjoern", "M"),
        ("Lukas", "Lukas", "M"), ("Maximilian", "Maximilian", "M"), ("Felix", "Felix", "M"),
        ("Sören", "Soeren", "M"), ("Günther", "Guenther", "M"), ("Lena", "Lena", "F"),
        ("Hannah", "Hannah", "F"), ("Käthe", "Kaethe", "F"), ("Sophie", "Sophie", "F"),
        ("Anna-Lena", "Anna-Lena", "F"), ("Marie", "Marie", "F"), ("Jana", "Jana", "F"),
    ),
    "ch": (
        ("Reto", "Reto", "M"), ("Urs", "Urs", "M"), ("Beat", "Beat", "M"), ("Noah", "Noah", "M"),
        ("Corinne", "Corinne", "F"), ("Céline", "Celine", "F"), ("Nadia", "Nadia", "F"),
        ("Léonie", "Leonie", "F"), ("Mattia", "Mattia", "M"), ("Seraina", "Seraina", "F"),
    ),
    "es": (
        ("José", "Jose", "M"), ("María", "Maria", "F"), ("Lucía", "Lucia", "F"),
        ("Sofía", "Sofia", "F"), ("Martín", "Martin", "M"), ("Álvaro", "Alvaro", "M"),
        ("Iñaki", "Inaki", "M"), ("Begoña", "Begona", "F"), ("Jesús", "Jesus", "M"),
        ("Ángela", "Angela", "F"), ("Núria", "Nuria", "F"), ("Andrés", "Andres", "M"),
    ),
    "en_gb": (
        ("Oliver", "Oliver", "M"), ("Harry", "Harry", "M"), ("George", "George", "M"),
        ("Rhys", "Rhys", "M"), ("Charlotte", "Charlotte", "F"), ("Amelia", "Amelia", "F"),
        ("Olivia", "Olivia", "F"), ("Isla", "Isla", "F"), ("Siobhan", "Siobhan", "F"),
        ("Niamh", "Niamh", "F"), ("Aoife", "Aoife", "F"), ("Priya", "Priya", "F"),
        ("Mohammed", "Mohammed", "M"), ("Alex", "Alex", "X"), ("William", "William", "M"),
    ),
    "en_us": (
        ("James", "James", "M"), ("Michael", "Michael", "M"), ("Tyler", "Tyler", "M"),
        ("Brandon", "Brandon", "M"), ("DeShawn", "DeShawn", "M"), ("Emily", "Emily", "F"),
        ("Madison", "Madison", "F"), ("Jessica", "Jessica", "F"), ("Ashley", "Ashley", "F"),
        ("Grace", "Grace", "F"), ("Taylor", "Taylor", "X"), ("Jordan", "Jordan", "X"),
        ("Hannah", "Hannah", "F"), ("Ethan", "Ethan", "M"),
    ),
    "in": (
        ("Priya", "Priya", "F"), ("Rahul", "Rahul", "M"), ("Ananya", "Ananya", "F"),
        ("Arjun", "Arjun", "M"), ("Deepika", "Deepika", "F"), ("Vikram", "Vikram", "M"),
    ),
    "zh": (
        ("伟", "Wei", "M"), ("芳", "Fang", "F"), ("娜", "Na", "F"), ("秀英", "Xiuying", "F"),
        ("敏", "Min", "F"), ("静", "Jing", "F"), ("强", "Qiang", "M"), ("磊", "Lei", "M"),
        ("军", "Jun", "M"), ("洋", "Yang", "M"), ("杰", "Jie", "M"), ("涛", "Tao", "M"),
        ("明", "Ming", "M"), ("子涵", "Zihan", "F"), ("欣怡", "Xinyi", "F"),
        ("浩然", "Haoran", "M"), ("梓萱", "Zixuan", "F"), ("雨桐", "Yutong", "F"),
    ),
    "hk": (
        ("嘉欣", "Ka Yan", "F"), ("家豪", "Ka Ho", "M"), ("志明", "Chi Ming", "M"),
        ("詠詩", "Wing Sze", "F"), ("俊傑", "Chun Kit", "M"), ("美玲", "Mei Ling", "F"),
        ("Kelvin", "Kelvin", "M"), ("Cherry", "Cherry", "F"),
    ),
    "ja": (
        ("大翔", "Hiroto", "M"), ("蓮", "Ren", "M"), ("悠真", "Yuma", "M"), ("湊", "Minato", "M"),
        ("健太", "Kenta", "M"), ("拓也", "Takuya", "M"), ("結衣", "Yui", "F"),
        ("陽葵", "Himari", "F"), ("美咲", "Misaki", "F"), ("さくら", "Sakura", "F"),
        ("葵", "Aoi", "F"), ("由美", "Yumi", "F"), ("恵子", "Keiko", "F"), ("翔太", "Shota", "M"),
        ("あかり", "Akari", "F"), ("ひなた", "Hinata", "X"), ("みゆき", "Miyuki", "F"),
        ("エミ", "Emi", "F"), ("ケン", "Ken", "M"),
    ),
    "ko": (
        ("민준", "Minjun", "M"), ("서준", "Seojun", "M"), ("지호", "Jiho", "M"),
        ("서연", "Seoyeon", "F"), ("지우", "Jiwoo", "F"), ("하은", "Haeun", "F"),
        ("수아", "Sua", "F"), ("도윤", "Doyun", "M"), ("예은", "Yeeun", "F"),
    ),
    "ar": (
        ("محمد", "Mohammed", "M"), ("أحمد", "Ahmed", "M"), ("علي", "Ali", "M"),
        ("عمر", "Omar", "M"), ("خالد", "Khalid", "M"), ("راشد", "Rashid", "M"),
        ("حمدان", "Hamdan", "M"), ("فاطمة", "Fatima", "F"), ("مريم", "Mariam", "F"),
        ("عائشة", "Aisha", "F"), ("نورة", "Noura", "F"), ("ليلى", "Layla", "F"),
        ("شيخة", "Shaikha", "F"),
    ),
}
FAMILY_NAMES: dict[str, tuple[tuple[str, str], ...]] = {
    "fr": (
        ("Dupont", "Dupont"), ("Lefèvre", "Lefevre"), ("Moreau", "Moreau"), ("Laurent", "Laurent"),
        ("Girard", "Girard"), ("Rousseau", "Rousseau"), ("Lemaître", "Lemaitre"),
        ("Fournier", "Fournier"), ("Mercier", "Mercier"), ("Chevalier", "Chevalier"),
        ("Bérenger", "Berenger"), ("Delacroix", "Delacroix"), ("Brûlé", "Brule"),
        ("Gaultier", "Gaultier"), ("Renaud", "Renaud"), ("de la Tour", "de la Tour"),
    ),
    "it": (
        ("Rossi", "Rossi"), ("Russo", "Russo"), ("Ferrari", "Ferrari"), ("Esposito", "Esposito"),
        ("Bianchi", "Bianchi"), ("Colombo", "Colombo"), ("Ricci", "Ricci"), ("Greco", "Greco"),
        ("Conti", "Conti"), ("De Luca", "De Luca"), ("D'Angelo", "D'Angelo"),
        ("Mancini", "Mancini"), ("Fabbri", "Fabbri"),
    ),
    "de": (
        ("Müller", "Mueller"), ("Schmidt", "Schmidt"), ("Schneider", "Schneider"),
        ("Fischer", "Fischer"), ("Weber", "Weber"), ("Schäfer", "Schaefer"), ("Groß", "Gross"),
        ("Köhler", "Koehler"), ("Weiß", "Weiss"), ("Krüger", "Krueger"), ("Hoffmann", "Hoffmann"),
        ("von Bülow", "von Buelow"),
    ),
    "ch": (
        ("Gruber", "Gruber"), ("Meier", "Meier"), ("Bühler", "Buehler"), ("Favre", "Favre"),
        ("Rochat", "Rochat"), ("Keller", "Keller"), ("Brunner", "Brunner"),
        ("Rüegg", "Rueegg"), ("Bernasconi", "Bernasconi"),
    ),
    "es": (
        ("García", "Garcia"), ("Fernández", "Fernandez"), ("González", "Gonzalez"),
        ("Rodríguez", "Rodriguez"), ("López", "Lopez"), ("Martínez", "Martinez"),
        ("Sánchez", "Sanchez"), ("Muñoz", "Munoz"), ("Jiménez", "Jimenez"), ("Peña", "Pena"),
        ("Ibáñez", "Ibanez"), ("Díaz", "Diaz"),
    ),
    "en_gb": (
        ("Smith", "Smith"), ("Jones", "Jones"), ("Taylor", "Taylor"), ("Williams", "Williams"),
        ("Evans", "Evans"), ("O'Brien", "O'Brien"), ("Patel", "Patel"), ("Khan", "Khan"),
        ("MacDonald", "MacDonald"), ("Davies", "Davies"), ("Fitzgerald", "Fitzgerald"),
        ("Hughes", "Hughes"), ("Thompson", "Thompson"),
    ),
    "en_us": (
        ("Johnson", "Johnson"), ("Miller", "Miller"), ("Davis", "Davis"), ("Anderson", "Anderson"),
        ("Nguyen", "Nguyen"), ("Kim", "Kim"), ("Cohen", "Cohen"), ("O'Connor", "O'Connor"),
        ("Lee", "Lee"), ("Washington", "Washington"), ("Brown", "Brown"), ("Wilson", "Wilson"),
    ),
    "in": (
        ("Sharma", "Sharma"), ("Menon", "Menon"), ("Iyer", "Iyer"), ("Kapoor", "Kapoor"),
        ("Nair", "Nair"), ("Reddy", "Reddy"),
    ),
    "zh": (
        ("王", "Wang"), ("李", "Li"), ("张", "Zhang"), ("刘", "Liu"), ("陈", "Chen"),
        ("杨", "Yang"), ("黄", "Huang"), ("赵", "Zhao"), ("吴", "Wu"), ("周", "Zhou"),
        ("徐", "Xu"), ("孙", "Sun"), ("马", "Ma"), ("朱", "Zhu"), ("欧阳", "Ouyang"),
    ),
    "hk": (
        ("陳", "Chan"), ("李", "Lee"), ("張", "Cheung"), ("黃", "Wong"), ("劉", "Lau"),
        ("林", "Lam"), ("吳", "Ng"), ("梁", "Leung"), ("何", "Ho"),
    ),
    "ja": (
        ("佐藤", "Sato"), ("鈴木", "Suzuki"), ("高橋", "Takahashi"), ("田中", "Tanaka"),
        ("伊藤", "Ito"), ("渡辺", "Watanabe"), ("山本", "Yamamoto"), ("中村", "Nakamura"),
        ("小林", "Kobayashi"), ("加藤", "Kato"), ("佐々木", "Sasaki"), ("松本", "Matsumoto"),
    ),
    "ko": (
        ("김", "Kim"), ("이", "Lee"), ("박", "Park"), ("최", "Choi"), ("정", "Jung"),
        ("강", "Kang"), ("조", "Cho"), ("윤", "Yoon"), ("장", "Jang"),
    ),
    "ar": (
        ("المنصوري", "Al Mansouri"), ("الهاشمي", "Al Hashimi"), ("النعيمي", "Al Nuaimi"),
        ("الكعبي", "Al Kaabi"), ("الشامسي", "Al Shamsi"), ("المزروعي", "Al Mazrouei"),
        ("الظاهري", "Al Dhaheri"), ("الفلاسي", "Al Falasi"), ("السويدي", "Al Suwaidi"),
    ),
}
# fmt: on
# Pools whose names are written in a non-Latin script (the rest are Latin).
NATIVE_SCRIPT_POOLS = frozenset({"zh", "hk", "ja", "ko", "ar"})
# Pools where the family name comes first when written natively.
FAMILY_FIRST_POOLS = frozenset({"zh", "hk", "ja", "ko"})

TITLES: dict[str, dict[str, tuple[str, ...]]] = {
    "fr": {"F": ("Mme", "Mme", "Mlle"), "M": ("M.",), "X": ("",)},
    "it": {"F": ("Sig.ra",), "M": ("Sig.",), "X": ("",)},
    "de": {"F": ("Frau",), "M": ("Herr",), "X": ("",)},
    "es": {"F": ("Sra.",), "M": ("Sr.",), "X": ("",)},
    "en": {"F": ("Mrs", "Ms", "Ms", "Dr"), "M": ("Mr", "Mr", "Dr"), "X": ("Mx",)},
}

LOYALTY_TIERS: tuple[tuple[str, float], ...] = (
    ("", 0.35),
    ("Silver", 0.35),
    ("Gold", 0.2),
    ("Platinum", 0.08),
    ("Black", 0.02),
)

# ---- catalogue -------------------------------------------------------------


@dataclass(frozen=True)
class ProductLine:
    code: str  # sku prefix
    category: str  # raw category label as the commerce platform writes it
    subcategory: str
    names: tuple[str, ...]
    price_eur: tuple[int, int]  # list price range
    popularity: float


# fmt: off
PRODUCT_LINES: tuple[ProductLine, ...] = (
    ProductLine("HB", "Leather Goods", "Handbags",
                ("Céleste Tote", "Mirabelle Shoulder Bag", "Orsay Top Handle", "Lune Bucket Bag",
                 "Camille Crossbody", "Rivoli Clutch", "Aurèle 24h Bag", "Petit Céleste"),
                (1800, 6500), 1.2),
    ProductLine("SL", "Small Leather Goods", "Wallets & Card Holders",
                ("Card Holder", "Compact Wallet", "Zip Wallet", "Key Pouch", "Passport Cover",
                 "Coin Purse"),
                (290, 890), 2.0),
    ProductLine("BT", "Belts", "Belts", ("Reversible Belt", "Signature Buckle Belt", "Thin Belt"),
                (450, 790), 0.8),
    ProductLine("RW", "Ready-to-Wear", "Women's Ready-to-Wear",
                ("Silk Blouse", "Wool Coat", "Cashmere Sweater", "Pleated Skirt", "Tweed Jacket",
                 "Midi Dress", "Trench Coat"),
                (890, 5900), 1.0),
    ProductLine("RM", "Prêt-à-porter", "Homme",
                ("Chemise Popeline", "Costume Laine", "Pull Cachemire", "Blouson Cuir"),
                (590, 4900), 0.6),
    ProductLine("SH", "Shoes", "Shoes",
                ("Leather Sneaker", "Ballerina", "Ankle Boot", "Loafer", "Slingback Pump"),
                (650, 1350), 1.1),
    ProductLine("JW", "Fine Jewellery", "Jewellery",
                ("Étoile Ring", "Lune Pendant", "Tressé Bracelet", "Perle Earrings",
                 "Constellation Necklace"),
                (1500, 28000), 0.4),
    ProductLine("WT", "Watches", "Watches",
                ("Aurèle Automatique 38", "Aurèle Petite Seconde", "Chronographe 42"),
                (6500, 45000), 0.15),
    ProductLine("FR", "Fragrance", "Eau de Parfum",
                ("Nuit d'Aurèle EDP 100ml", "Rose Céleste EDP 50ml", "Vétiver Blanc EDP 100ml",
                 "Bougie Parfumée"),
                (95, 320), 2.5),
    ProductLine("SC", "Accessoires", "Foulards",
                ("Carré Soie 90", "Twilly", "Étole Cachemire", "Losange Soie"),
                (190, 890), 1.6),
    ProductLine("EY", "Eyewear", "Sunglasses", ("Cat-eye Sunglasses", "Pilot Sunglasses"),
                (420, 650), 0.7),
)
COLOURS: tuple[tuple[str, str], ...] = (
    ("BLK", "Noir"), ("GLD", "Gold"), ("CML", "Camel"), ("BRD", "Bordeaux"), ("IVY", "Ivoire"),
    ("NVY", "Marine"), ("GRN", "Vert Anglais"), ("RSE", "Rose Poudré"),
)

# fmt: on

# ---- web --------------------------------------------------------------------


@dataclass(frozen=True)
class Stream:
    stream_id: str
    hostname: str
    name: str


STREAMS: tuple[Stream, ...] = (
    Stream("4105228371", "www.maison-aurele.com", "Maison Aurèle - global site"),
    Stream("4105228392", "www.maison-aurele.cn", "Maison Aurèle - China site"),
)

# fmt: off
# (category, os, os_version, browser, browser_version, brand, model, marketing name, weight)
DEVICE_PROFILES: tuple[tuple[str, str, str, str, str, str, str, str, float], ...] = (
    ("desktop", "Windows", "Windows 10", "Chrome", "129.0.6668.90", "Google", "Chrome", "", 0.16),
    ("desktop", "Windows", "Windows 11", "Edge", "129.0.2792.79", "Microsoft", "Edge", "", 0.06),
    ("desktop", "Macintosh", "Macintosh Intel 10.15", "Safari", "18.0", "Apple", "Safari", "",
     0.12),
    ("desktop", "Macintosh", "Macintosh Intel 10.15", "Chrome", "129.0.6668.100", "Google",
     "Chrome", "", 0.07),
    ("mobile", "iOS", "iOS 18.0.1", "Safari", "18.0", "Apple", "iPhone", "", 0.30),
    ("mobile", "Android", "Android 14", "Chrome", "129.0.6668.81", "Samsung", "SM-S921B",
     "Galaxy S24", 0.12),
    ("mobile", "Android", "Android 14", "Chrome", "129.0.6668.81", "Google", "Pixel 8", "Pixel 8",
     0.04),
    ("mobile", "Android", "Android 13", "Android Webview", "128.0.6613.146", "Xiaomi",
     "23127PN0CC", "Xiaomi 14", 0.04),
    ("mobile", "Android", "Android 12", "Android Webview", "114.0.5735.196", "Huawei", "ALN-AL00",
     "Mate 60 Pro", 0.03),
    ("tablet", "iOS", "iPadOS 18.0", "Safari", "18.0", "Apple", "iPad", "", 0.05),
    ("desktop", "Linux", "Linux x86_64", "Firefox", "131.0", "Mozilla", "Firefox", "", 0.01),
)

# (source, medium, campaign, weight) per site; '(direct)' / '(none)' = no campaign data.
TRAFFIC_SOURCES: dict[str, tuple[tuple[str, str, str, float], ...]] = {
    "global": (
        ("(direct)", "(none)", "(direct)", 0.30),
        ("google", "organic", "(organic)", 0.26),
        ("google", "cpc", "brand_search_fw26", 0.10),
        ("newsletter", "email", "nl_new_collection_oct", 0.09),
        ("instagram", "social", "ig_holiday_teaser", 0.08),
        ("bing", "organic", "(organic)", 0.03),
        ("vogue.com", "referral", "(referral)", 0.04),
        ("facebook", "paid_social", "meta_retargeting", 0.05),
        ("affiliate_network", "affiliate", "aff_luxury_edit", 0.03),
        ("yahoo.co.jp", "organic", "(organic)", 0.02),
    ),
    "china": (
        ("(direct)", "(none)", "(direct)", 0.30),
        ("baidu", "organic", "(organic)", 0.25),
        ("wechat", "social", "wechat_miniprogram_launch", 0.2),
        ("weibo", "social", "weibo_kol_fw26", 0.1),
        ("xiaohongshu", "social", "xhs_seeding", 0.1),
        ("baidu", "cpc", "brand_zone", 0.05),
    ),
}
REFERRERS: dict[str, str] = {
    "google": "https://www.google.com/",
    "bing": "https://www.bing.com/",
    "baidu": "https://www.baidu.com/",
    "vogue.com": "https://www.vogue.com/fashion",
    "yahoo.co.jp": "https://search.yahoo.co.jp/",
    "instagram": "https://l.instagram.com/",
    "facebook": "https://m.facebook.com/",
}
SEARCH_TERMS: tuple[str, ...] = (
    "sac", "tote bag", "card holder", "foulard soie", "parfum", "gift for her", "belt",
    "sneakers", "watch", "bracelet", "cashmere", "ring size", "bougie", "sunglasses",
    "包", "香水", "バッグ", "가방", "wallet men", "new collection",
)
LOGIN_METHODS: tuple[str, ...] = ("email", "email", "email", "Google", "Apple", "WeChat")
PROMO_CODES: tuple[tuple[str, float], ...] = (
    ("WELCOME10", 0.10), ("VIP15", 0.15), ("FRIENDS20", 0.20), ("HOLIDAY10", 0.10),
)
APPOINTMENT_MOTIVATIONS: tuple[str, ...] = (
    "gift", "new_collection", "repair", "styling", "personal_shopping", "made_to_order",
    "after_sales",
)
PAYMENT_METHODS: dict[str, tuple[tuple[str, float], ...]] = {
    "default": (("card", 0.55), ("paypal", 0.12), ("apple_pay", 0.14), ("bank_transfer", 0.04),
                ("gift_card", 0.03), ("klarna", 0.07), ("amex", 0.05)),
    "CN": (("alipay", 0.45), ("wechat_pay", 0.35), ("union_pay", 0.15), ("card", 0.05)),
    "pos": (("card", 0.6), ("amex", 0.15), ("cash", 0.08), ("apple_pay", 0.1),
            ("gift_card", 0.02), ("bank_transfer", 0.05)),
    "pos_CN": (("alipay", 0.4), ("wechat_pay", 0.3), ("union_pay", 0.25), ("card", 0.05)),
}

# fmt: on

# Timestamps that no parser accepts (export bugs), for `unparseable_timestamp`.
UNPARSEABLE_TIMESTAMPS: tuple[str, ...] = (
    "0000-00-00 00:00:00",
    "2026-10-32 10:00:00",
    "not available",
    "31/09/2026 14:00",
    "2026-13-01T09:00:00Z",
    "N/A",
)
INVALID_EMAIL_SHAPES: tuple[str, ...] = (
    "{local}@{host}",  # no top-level domain: '{host}' is the domain without its suffix
    "{local}.{domain}",  # '@' missing
    "{local}@@{domain}",
    "{local}@{domain}.",
    "@{domain}",
)
INVALID_PHONES: tuple[str, ...] = ("12345", "06 12", "0000", "+33 6", "555-01")
# What a sales associate types when the customer gives no e-mail: valid-looking
# addresses shared by unrelated people (`placeholder_email`).
PLACEHOLDER_EMAILS: tuple[str, ...] = (
    "test@test.com",
    "noemail@maison-aurele.com",
    "no.email@none.com",
    "x@x.com",
)


def placeholder_phone_nsn(country: Country) -> str:
    """A valid-looking mobile number with no information: the country's first mobile prefix
    followed by zeros ('600000000' in France), typed when the customer gives no phone
    (`placeholder_phone`)."""
    prefix = country.mobile_prefixes[0]
    return prefix + "0" * (country.nsn_length - len(prefix))
