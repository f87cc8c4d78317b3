"""Country names → ISO 3166-1 alpha-3 code and ITU region.

Accepts ISO codes, official and common names, ITU-style names ("Korea (Republic of)", "MONTENEGRO (REPUBLIC OF)")
and common spellings ("Viet Nam", "Côte d'Ivoire", "Russia"). The region table is a data file that regional
offices can correct: schemas/data/itu_regions.csv. A territory counts in the region of the member state that
administers it (Réunion → France → Europe); a place with no administering member state, or a disputed one
(Antarctica, Western Sahara), is in the group NOT_ITU_MEMBER, counted in none of the six ITU regions.
"""

import csv
import re
import unicodedata
from functools import cache, lru_cache
from importlib.resources import files
from typing import NamedTuple

import pycountry

# Spellings pycountry does not know, or knows as another country ("Congo" alone is the Republic of the Congo).
_ALIASES = {
    "russia": "RUS", "south korea": "KOR", "north korea": "PRK", "korea": "KOR", "iran": "IRN", "syria": "SYR",
    "laos": "LAO", "vietnam": "VNM", "bolivia": "BOL", "venezuela": "VEN", "tanzania": "TZA", "moldova": "MDA",
    "palestine": "PSE", "state of palestine": "PSE", "ivory coast": "CIV", "cape verde": "CPV",
    "swaziland": "SWZ", "macedonia": "MKD", "turkey": "TUR", "czech republic": "CZE", "uk": "GBR",
    "great britain": "GBR", "england": "GBR", "usa": "USA", "us": "USA", "united states of america": "USA",
    "democratic republic of the congo": "COD", "dr congo": "COD", "drc": "COD",
    "congo, democratic republic of the": "COD",
    "congo, democratic republic of": "COD", "republic of the congo": "COG", "brunei": "BRN", "micronesia": "FSM",
    "burma": "MMR", "east timor": "TLS", "vatican": "VAT", "holy see": "VAT", "uae": "ARE",
    "the gambia": "GMB", "the bahamas": "BHS", "kyrgyz republic": "KGZ", "slovak republic": "SVK",
}


NOT_ITU_MEMBER = "Not an ITU member"
RULES = ("member", "observer", "non-member state", "territory", "no administering member", "disputed")


class Country(NamedTuple):
    code: str  # ISO 3166-1 alpha-3
    name: str
    region: str  # ITU region, or NOT_ITU_MEMBER
    administered_by: str | None = None  # a territory's administering member state (alpha-3)
    rule: str = "member"  # one of RULES: why the country or territory is in its region


def _fold(name: str) -> str:
    """Case-, accent- and punctuation-insensitive form of a name; 'X (Republic of)' reads as 'X, Republic of'."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()
    text = re.sub(r"\s*\(([^)]*)\)\s*", r", \1", text)
    text = text.replace("’", "'").replace("`", "'")
    return re.sub(r"\s+", " ", text).strip(" ,.")


@cache
def _regions() -> dict[str, Country]:
    rows = (files("schemas") / "data" / "itu_regions.csv").read_text(encoding="utf-8").splitlines()
    reader = csv.DictReader(line for line in rows if not line.startswith("#"))
    return {row["alpha3"]: Country(row["alpha3"], row["name"], row["region"], row.get("administered_by") or None,
                                   row.get("rule") or "member") for row in reader}


def all_countries() -> list[Country]:
    """Every country and territory of the table, by code."""
    return [country for _, country in sorted(_regions().items())]


@cache
def _index() -> dict[str, str]:
    index: dict[str, str] = {}
    for c in pycountry.countries:
        for attr in ("alpha_2", "alpha_3", "name", "official_name", "common_name"):
            value = getattr(c, attr, None)
            if value:
                index.setdefault(_fold(value), c.alpha_3)
    index.update(_ALIASES)
    return index


@lru_cache(maxsize=4096)
def lookup_country(name: str) -> Country | None:
    """The country a submitter meant, or None when the name is not recognised."""
    folded = _fold(name)
    index = _index()
    code = index.get(folded)
    if code is None and "," in folded:  # "Montenegro, republic of" → "Montenegro"
        code = index.get(folded.split(",")[0].strip())
    if code is None:
        return None
    return _regions()[code]


def countries_in_region(region: str) -> list[Country]:
    """The countries and territories counted in `region` (an ITU region or NOT_ITU_MEMBER), by code."""
    return [country for country in all_countries() if country.region == region]
