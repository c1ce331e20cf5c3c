"""Find the people, places and organisations of an article.

``extract_entities`` runs, over headline, captions and body (never the
reader comments):

1. the tagger (a CRF over words, shapes, neighbours and gazetteer marks);
2. the article's own cues, which override the tagger where they overlap:
   acronym definitions ("… Levant" (ISIL)), "X provincial council",
   "the city of X", "neighbourhoods such as X";
3. one label per name across the article (majority vote), so a name
   tagged ORG three times and PER once is an organisation;
4. surnames and bare family names ("Mamuzini", "al-Jarba") resolved to the
   full name used elsewhere in the article; titles stripped;
5. canonical names: aliases, the gazetteer, and demonyms (Iraqi → Iraq).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from itertools import pairwise

from indexer.article import Article
from indexer.entities import classes
from indexer.entities.evidence import (
    StoryEvidence,
    countries_by_paragraph,
    is_word_like,
    place_key,
    story_evidence,
)
from indexer.entities.gazetteer import Gazetteer, Place
from indexer.entities.names import name_key
from indexer.entities.tagger import Mention, tag_mentions
from indexer.lexicon.entities import OFFICE_WORDS
from indexer.lexicon.names import NAME_PARTICLES, NAME_RUN, NAME_WORD, TITLES

_ACRONYM = re.compile(rf"(?P<long>{NAME_RUN})[\"”’']?\s*\((?P<short>[A-Z][A-Za-z]{{1,7}})\)")
_COUNCIL = re.compile(
    rf"(?P<org>(?P<place>{NAME_WORD})\s+(?:provincial|municipal|city|local|district|regional)\s+council)"
)
_CITY_OF = re.compile(
    rf"\b(?:city|town|village|province|district|region|governorate)\s+of\s+(?P<place>{NAME_WORD})"
)
_NEIGHBOURHOOD = re.compile(
    rf"(?:(?P<city>{NAME_WORD})\s+)?neighbou?rhoods?\b[^.;]{{0,80}}?\b(?:such\s+as|like|including|of)\s+(?P<place>{NAME_WORD})"
)
# "U.S. dollar", "Japanese yen": a currency, not a mention of the country.
_CURRENCY_AFTER = re.compile(
    r"\s+(?:dollars?|dlrs?|yen|francs?|marks?|pounds?|sterling|lire|lira|pesos?|rupees?|"
    r"crowns?|guilders?|cents?|currency|yuan|rand|riyals?|dinars?|rubles?|roubles?)\b",
    re.IGNORECASE,
)
_POSSESSIVE = re.compile(r"['’]s$")
_PARTNERS = re.compile(r"\s(?:and|&)\s+\S+['’]s$")
# skipped when a name's initials spell its acronym: "Islamic State of Iraq and the Levant" (ISIL)
_FUNCTION_WORDS = frozenset(["of", "and", "the", "for", "in", "on", "at"]) | NAME_PARTICLES


@dataclass(frozen=True, slots=True)
class Found:
    text: str
    label: str  # PER, LOC, ORG, MISC
    start: int
    end: int
    local_within: str | None = None  # a neighbourhood's city, from the text
    place: Place | None = None  # already resolved (a dateline's place)
    paragraph: int = 0  # 0: headline or dateline; then captions and body paragraphs in order


def find_mentions(text: str, gazetteer: Gazetteer) -> list[Mention]:
    """Tagger mentions, with the article's own cues overriding where they overlap."""
    cued = _cue_mentions(text)
    tagged = [m for m in tag_mentions(text, gazetteer) if not any(_overlaps(m, c) for c in cued)]
    return sorted([*tagged, *(Mention(c.text, c.label, c.start, c.end) for c in cued)], key=lambda m: m.start)


def extract_entities(article: Article, gazetteer: Gazetteer) -> None:
    texts = [article.headline or "", *article.captions, *(p for s in article.sections for p in s.paragraphs)]
    found: list[Found] = []
    headline_found: list[Found] = []
    acronyms: dict[str, str] = {}
    for number, text in enumerate(texts):
        cued = _cue_mentions(text)
        acronyms.update(_acronyms(text))
        mentions = [replace(c, paragraph=number) for c in cued] + [
            Found(_clean(m.text, m.label), m.label, m.start, m.end, paragraph=number)
            for m in _judged_mentions(text, gazetteer, cued)
        ]
        # headline and captions capitalise freely: their lone words need the story's support
        (headline_found if number <= len(article.captions) else found).extend(mentions)
    found = _confirmed_headline_names(headline_found, found, gazetteer) + found
    found = [f for f in found if _is_entity(f.text, gazetteer) and not _is_publisher(f.text, article)]
    found = _dateline_place(article, gazetteer) + _people_in_offices(found)
    found = found + _lone_surnames(found, texts)
    labels = _vote_labels(found, acronyms, gazetteer)
    expansions = {**_firms_by_head(found, labels), **acronyms}
    people = _people(found, labels, gazetteer)
    resolver = Resolver.for_story(gazetteer, found, labels, texts)
    sports = classes.is_sports_story(article.headline or "")
    # in a sports story every paragraph is an entry (a fixture, a result): no country is passing
    kept = frozenset(range(len(texts))) if sports else _table_paragraphs(texts)
    affiliations = _affiliations(found, labels, texts)
    _fill(article, found, labels, people, expansions, resolver, kept, affiliations, sports)


def _judged_mentions(text: str, gazetteer: Gazetteer, cued: list[Found]) -> list[Mention]:
    """The tagger's mentions outside the cues, each judged by the evidence around it
    (``classes.judge``), neighbours that are one organisation joined."""
    judged: list[Mention] = []
    floor = 0
    for mention in tag_mentions(text, gazetteer):
        if any(_overlaps(mention, c) for c in cued) or _CURRENCY_AFTER.match(text, mention.end):
            continue
        kept = classes.judge(text, mention, gazetteer, floor)
        floor = mention.end
        if kept and kept.label in ("LOC", "MISC") and classes.inside_firm_name(text, kept):
            continue
        if kept:
            judged.extend(classes.person_of_body(kept))
    return classes.joined(judged, text)


def _people_in_offices(found: list[Found]) -> list[Found]:
    """A person the tagger read as the end of an office's name ("Chancellor of the Exchequer Nigel
    Lawson" gives "Exchequer Nigel Lawson") is that person, where the article names him by surname."""
    surnames = {name_key(f.text) for f in found if f.label == "PER" and " " not in f.text}
    repaired = []
    for item in found:
        words = item.text.split()
        tail = " ".join(words[-2:])
        office = words[-3].lower() if len(words) > 2 else ""
        if (
            item.label == "ORG"
            and office in OFFICE_WORDS
            and name_key(words[-1]) in surnames
            and tail.istitle()
        ):
            item = replace(item, text=tail, label="PER", start=item.end - len(tail))
        repaired.append(item)
    return repaired


def _lone_surnames(found: list[Found], texts: list[str]) -> list[Found]:
    """The surname of a person named in full, where it stands alone later and the tagger left it
    ("Phil Simmons" … "Simmons said"): the same person, written as the story writes him."""
    taken = {(f.paragraph, f.start) for f in found}
    named = {name_key(f.text) for f in found}
    surnames = {
        f.text.split()[-1]
        for f in found
        if f.label == "PER" and len(f.text.split()) > 1 and f.text.split()[-1][1:].islower()
    }
    extra = []
    for surname in surnames - {w for w in surnames if name_key(w) in named and not _person_key(w, found)}:
        pattern = re.compile(rf"(?<![\w'’-]){re.escape(surname)}(?![\w'’-])")
        for number, text in enumerate(texts[1:], start=1):
            for match in _scan(pattern, text, surname):
                if not _covered(found, number, match.start()) and (number, match.start()) not in taken:
                    extra.append(Found(surname, "PER", match.start(), match.end(), paragraph=number))
    return extra


def _person_key(word: str, found: list[Found]) -> bool:
    """Every lone mention of the word is a person's: no place or firm of that name in the story."""
    return all(f.label == "PER" for f in found if name_key(f.text) == name_key(word))


def _covered(found: list[Found], paragraph: int, start: int) -> bool:
    return any(f.paragraph == paragraph and f.start <= start < f.end for f in found)


def _is_entity(name: str, gazetteer: Gazetteer) -> bool:
    return bool(name) and not gazetteer.is_not_entity(name) and not classes.is_no_entity(name)


def _is_publisher(name: str, article: Article) -> bool:
    """The article's own publisher is its source, not one of its organisations
    ("Reuters Holdings", in a story about the company, is another name and stays)."""
    return bool(article.source) and classes.same_publisher(name, article.source or "")


def _firms_by_head(found: list[Found], labels: dict[str, str]) -> dict[str, str]:
    """Name key → the firm it opens, for names that are a firm's first word(s) in the article and
    nobody's surname: "Chrysler" beside "Chrysler Corp" is Chrysler Corp (labelled ORG here)."""
    firms = [f.text for f in found if labels[name_key(f.text)] == "ORG" and classes.is_firm(f.text)]
    heads = classes.organisation_heads(firms)
    surnames = {
        name_key(f.text.split()[-1]) for f in found if labels[name_key(f.text)] == "PER" and " " in f.text
    }
    expansions: dict[str, str] = {}
    for item in found:
        key = name_key(item.text)
        if key in heads and key not in surnames and labels[key] in ("PER", "ORG"):
            labels[key] = "ORG"
            expansions[key] = heads[key]
    return expansions


def _confirmed_headline_names(headline: list[Found], story: list[Found], gazetteer: Gazetteer) -> list[Found]:
    """Headline names, except single words the story never names and no table knows.

    Headlines capitalise every word ("Ferry service resumes…"); a lone
    capitalised word there is a name only if the story or a table agrees.
    """
    story_keys = {name_key(f.text) for f in story} | {name_key(f.text.split()[-1]) for f in story}
    return [
        f
        for f in headline
        if len(f.text.split()) > 1
        or name_key(f.text) in story_keys
        or gazetteer.place(f.text)
        or gazetteer.country_of_demonym(f.text)
        or name_key(f.text) in gazetteer.aliases["org"]
    ]


def _dateline_place(article: Article, gazetteer: Gazetteer) -> list[Found]:
    """The place a story was filed from ("HOUSTON, Feb 26", "ROCHESTER, N.Y.", "MOSUL, Iraq").

    Trusted whatever its size; the parts after the first say which one it is.
    """
    if not article.dateline:
        return []
    first, *rest = [part.strip() for part in article.dateline.split(",")]
    regions = [(part, p) for part in rest if (p := gazetteer.place(part))]
    place = _candidate_within(gazetteer, first, {p.name for _, p in regions}) or gazetteer.place(
        first, {p.country for _, p in regions if p.country}
    )
    if place and regions and place.country not in {p.country for _, p in regions}:
        place = None  # "GREENWICH, Conn.": not the London borough, a town the gazetteer lacks
    if place:
        return [Found(_display(first), "LOC", -1, -1, place=as_written(place, _display(first)))]
    # A town too small for the gazetteer: its state or country still says where.
    return [Found(p.name, "LOC", -1, -1, place=p) for _, p in regions[:1]]


def as_written(place: Place, written: str) -> Place:
    """A GeoNames place under the story's spelling when it is the same name ("Faw" for "Al Fāw").

    The facet shows the spelling most articles use; the alias table's names are chosen, and kept.
    """
    if (
        place.kind in ("city", "region")
        and written != place.name
        and not written.isupper()  # shouted in a dateline or headline: no spelling to prefer
        and name_key(written) == name_key(place.name)
    ):
        return replace(place, name=written)
    return place


def _candidate_within(gazetteer: Gazetteer, written: str, regions: set[str]) -> Place | None:
    """The place of that name inside one of ``regions``: "ALHAMBRA, Calif." is not the one in Arizona."""
    for candidate in gazetteer.places.get(name_key(gazetteer.canonical("place", written)), []):
        if regions & {candidate.country, *gazetteer.within_chain(candidate)}:
            return candidate
    return None


def _paragraph_countries(
    found: list[Found], labels: dict[str, str], gazetteer: Gazetteer
) -> Iterator[tuple[int, str]]:
    """(paragraph, country) for each country named outright; a word-like name names none on its own."""
    for item in found:
        label = labels[name_key(item.text)]
        if label == "LOC" and (item.place or not is_word_like(gazetteer, item.text)):
            place = item.place or gazetteer.place(item.text)
            if place and (place.well_known or item.place) and place.country:
                yield item.paragraph, place.country
        elif label == "MISC":
            country = gazetteer.country_of_demonym(item.text)
            if country:
                yield item.paragraph, country


def _named_places(found: list[Found], labels: dict[str, str], gazetteer: Gazetteer) -> dict[int, set[str]]:
    """Per paragraph, the places (regions above all) it names by a name that is not also a word."""
    named: dict[int, set[str]] = defaultdict(set)
    for item in found:
        if labels[name_key(item.text)] == "LOC" and not is_word_like(gazetteer, item.text):
            place = item.place or gazetteer.place(item.text)
            if place:
                named[item.paragraph].add(place.name)
    return dict(named)


@dataclass(frozen=True, slots=True)
class Resolver:
    """Looks places up in the gazetteer, trusting a small place only when its country is in the story.

    "West", "Gulf" and "Split" are regions or towns somewhere; read as
    such only when the article is about Cameroon, Papua New Guinea or Croatia.
    A place spelled like a word or a name needs more (``indexer.entities.evidence``).
    """

    gazetteer: Gazetteer
    countries: set[str]
    evidence: StoryEvidence = field(default_factory=StoryEvidence)

    @classmethod
    def for_story(
        cls, gazetteer: Gazetteer, found: list[Found], labels: dict[str, str], texts: list[str]
    ) -> Resolver:
        pairs = list(_paragraph_countries(found, labels, gazetteer))
        places = [f for f in found if labels[name_key(f.text)] == "LOC"]
        companies = frozenset(
            place_key(gazetteer, f.text.split()[0])
            for f in found
            if labels[name_key(f.text)] == "ORG" and len(f.text.split()) > 1
        )
        named = _named_places(found, labels, gazetteer)
        evidence = story_evidence(gazetteer, places, texts, countries_by_paragraph(pairs), named, companies)
        return cls(gazetteer, {country for _, country in pairs}, evidence)

    def place(self, written: str) -> Place | None:
        key = place_key(self.gazetteer, written)
        if is_word_like(self.gazetteer, written) and key in self.evidence.supported:
            return self.evidence.supported[key]
        place = self._qualified(key) or self.gazetteer.place(written, self.countries)
        if place and written.isupper() and len(written) <= 3 and place.kind != "country":
            return None  # PA, SEN: a ticker or an abbreviation, not Pennsylvania
        if is_word_like(self.gazetteer, written) and key not in self.evidence.evidenced:
            return None
        if place and (place.well_known or place.country in self.countries):
            return as_written(place, _display(written))
        return None

    def refuses(self, written: str) -> bool:
        """A name spelled like a word, with nothing in the story to make it a place."""
        return (
            is_word_like(self.gazetteer, written)
            and place_key(self.gazetteer, written) not in self.evidence.evidenced
        )

    def qualifier_region(self, written: str) -> Place | None:
        """The region a name's own qualifier puts it in, when no candidate of that name is there."""
        qualifier = self.evidence.qualifiers.get(place_key(self.gazetteer, written))
        if (
            qualifier is None
            or qualifier.kind == "country"
            or self._qualified(place_key(self.gazetteer, written))
        ):
            return None
        return qualifier

    def _qualified(self, key: str) -> Place | None:
        """The candidate inside the region or country its qualifier names ("Greenwich, Conn.")."""
        qualifier = self.evidence.qualifiers.get(key)
        if qualifier is None:
            return None
        for candidate in self.gazetteer.places.get(key, []):
            if candidate.country == qualifier.name or qualifier.name in self.gazetteer.within_chain(
                candidate
            ):
                return candidate
        return None


def _scan(pattern: re.Pattern[str], text: str, needed: str) -> Iterator[re.Match[str]]:
    """The pattern's matches; a text without ``needed``, which every match contains, is not scanned
    (the patterns start at any capitalised word: scanning costs more than the test)."""
    return pattern.finditer(text) if needed in text else iter(())


def _cue_mentions(text: str) -> list[Found]:
    cued: list[Found] = []
    for match in _scan(_ACRONYM, text, "("):
        long_name = _trim_to_initials(match["long"], match["short"])
        if long_name:
            start = match.start("long") + match["long"].rfind(long_name)
            cued.append(Found(long_name, "ORG", start, start + len(long_name)))
            cued.append(Found(match["short"], "ORG", match.start("short"), match.end("short")))
    for match in _scan(_COUNCIL, text, "council"):
        cued.append(Found(match["org"], "ORG", match.start("org"), match.end("org")))
        cued.append(Found(match["place"], "LOC", match.start("place"), match.end("place")))
    for match in _CITY_OF.finditer(text):
        cued.append(Found(match["place"], "LOC", match.start("place"), match.end("place")))
    for match in _scan(_NEIGHBOURHOOD, text, "neighbo"):
        place = _POSSESSIVE.sub("", match["place"])
        cued.append(
            Found(place, "LOC", match.start("place"), match.start("place") + len(place), match["city"])
        )
    return _without_nested(cued)


def _without_nested(cued: list[Found]) -> list[Found]:
    kept: list[Found] = []
    for item in sorted(cued, key=lambda f: (f.start, -(f.end - f.start))):
        if not any(k.start <= item.start and item.end <= k.end and k.label == item.label for k in kept):
            kept.append(item)
    return kept


def _trim_to_initials(long_name: str, short: str) -> str | None:
    """The tail of a capitalised run whose initials spell the acronym (function words skipped)."""
    words = long_name.split()
    while words and words[0].lower() in _FUNCTION_WORDS:
        words = words[1:]
    for first in range(len(words)):
        tail = words[first:]
        initials = "".join(w[0] for w in tail if w.lower() not in _FUNCTION_WORDS)
        if initials.upper() == short.upper() or initials.upper() == short.upper().rstrip("S"):
            return " ".join(tail)
    return None


def _acronyms(text: str) -> dict[str, str]:
    found = {}
    for match in _scan(_ACRONYM, text, "("):
        long_name = _trim_to_initials(match["long"], match["short"])
        if long_name:
            found[name_key(match["short"])] = long_name
    return found


def _overlaps(a: Mention | Found, b: Found) -> bool:
    return a.start < b.end and b.start < a.end


def _clean(text: str, label: str) -> str:
    """The name without a possessive (kept in a firm named for two: "Standard and Poor's"), a
    leading "the", and, before a person's name only, titles: "General" opens "General Motors
    Corp" and "General Agreement on Tariffs and Trade"."""
    partners = label == "ORG" and bool(_PARTNERS.search(text))
    words = (text.strip() if partners else _POSSESSIVE.sub("", text.strip())).split()
    while label != "ORG" and len(words) > 1 and _is_title_before_name(words[0], words[1]):
        words = words[1:]
    if words and words[0].lower() == "the":
        words = words[1:]
    return " ".join(words)


def _is_title_before_name(word: str, following: str) -> bool:
    """A title opening a person's name ("Queen Elizabeth"), not a name's first word: "Queen of the
    South", "Queen's Park" and "Queen 's Park" go on with a small word or a possessive."""
    return word.lower().rstrip(".") in TITLES and following[:1].isupper()


def _vote_labels(found: list[Found], acronyms: dict[str, str], gazetteer: Gazetteer) -> dict[str, str]:
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    written: dict[str, str] = {}
    for item in found:
        key = name_key(item.text)
        votes[key][item.label] += 1
        written.setdefault(key, item.text)
    labels = {key: counter.most_common(1)[0][0] for key, counter in votes.items()}
    for key, label in labels.items():
        if label == "PER" and _place_taken_for_person(written[key], votes[key]["PER"], gazetteer):
            labels[key] = "LOC"
        elif label == "PER" and key in gazetteer.aliases["org"] and key not in gazetteer.aliases["person"]:
            labels[key] = "ORG"  # the alias table names an organisation so ("Lib Dem", "Tories")
    for short in acronyms:
        labels[short] = "ORG"
    return labels


def _place_taken_for_person(name: str, person_votes: int, gazetteer: Gazetteer) -> bool:
    """A region ("Latin America"), or a well-known place the tagger called a person once."""
    return classes.is_region(name) or (person_votes == 1 and classes.well_known_place(name, gazetteer))


def _people(found: list[Found], labels: dict[str, str], gazetteer: Gazetteer) -> dict[str, str]:
    """Name key → the full name it stands for: surnames point at the full name."""
    full_names = [f.text for f in found if labels[name_key(f.text)] == "PER" and len(f.text.split()) > 1]
    by_surname: dict[str, str] = {}
    for name in full_names:
        by_surname.setdefault(name_key(name.split()[-1]), gazetteer.canonical("person", name))
    people: dict[str, str] = {}
    for item in found:
        key = name_key(item.text)
        single = len(item.text.split()) == 1
        if single and key in by_surname and labels[key] in ("PER", "ORG", "MISC"):
            people[key] = by_surname[key]
        elif labels[key] == "PER":
            people[key] = gazetteer.canonical("person", item.text)
    return people


def _fill(
    article: Article,
    found: list[Found],
    labels: dict[str, str],
    people: dict[str, str],
    acronyms: dict[str, str],
    resolver: Resolver,
    tables: frozenset[int] = frozenset(),
    affiliations: frozenset[str] = frozenset(),
    sports: bool = False,
) -> None:
    names: dict[str, dict[str, None]] = {"people": {}, "places": {}, "organisations": {}}
    spellings: dict[str, dict[str, None]] = defaultdict(dict)
    within: dict[str, list[str]] = {}
    place_mentions: dict[str, list[int]] = defaultdict(list)
    anchored: set[str] = set()
    for item in found:
        key = name_key(item.text)
        kind, canonical = _classify(
            item, key, _own_label(item, labels[key], resolver, sports), people, acronyms, resolver
        )
        if kind is None or canonical is None:
            continue
        names[kind][canonical] = None
        spellings[f"{kind}:{canonical}"][item.text] = None
        if kind == "places":
            within.setdefault(canonical, _within(item, canonical, resolver))
            place_mentions[canonical].append(item.paragraph)
            if key in affiliations:
                anchored.add(canonical)
    for country in _passing_countries(place_mentions, within, resolver.gazetteer, tables, anchored):
        del names["places"][country], within[country], spellings[f"places:{country}"]
    for byline_name in article.byline:
        names["people"].setdefault(byline_name, None)
        spellings[f"people:{byline_name}"].setdefault(byline_name, None)
    article.people = list(names["people"])
    article.places = list(names["places"])
    article.organisations = list(names["organisations"])
    article.spellings = {k: list(v) for k, v in spellings.items()}
    article.place_within = within


_NUMBER = re.compile(r"\d")
_AFFILIATION = re.compile(r"\(\s*[A-Z][\w.'’]*(?:\s+[A-Z][\w.'’]*){0,2}\s*\)")


def _table_paragraphs(texts: list[str]) -> frozenset[int]:
    """Paragraphs that are rows of a results table: mostly numbers, or a score beside a
    bracketed affiliation ("Monica Seles ( U.S. ) beat … 6-3")."""
    rows = set()
    for number, text in enumerate(texts):
        words = text.split()
        numeric = sum(bool(_NUMBER.search(w)) for w in words)
        if words and (numeric * 3 >= len(words) or (numeric and _AFFILIATION.search(text))):
            rows.add(number)
    return frozenset(rows)


LEDE_PARAGRAPHS = 1  # a place named once outside the headline, dateline and first paragraph may be passing
LIST_COUNTRIES = 6  # a paragraph naming this many countries is a list the story is about (a table, members)
# "India's Leander Paes", "Tono Eitel of Germany": a country that says whose a person of the story is;
# the story is about the person, so about the country. (A firm's "of Japan" is Reuters' aside.)
_POSSESSOR_BETWEEN = re.compile(r"\s*['’]s\s+")
_OF_BETWEEN = re.compile(r"\s+of\s+(?:the\s+)?")


def _affiliations(found: list[Found], labels: dict[str, str], texts: list[str]) -> frozenset[str]:
    """Name keys of places written as a person's affiliation, right before or after the name."""
    by_paragraph: dict[int, list[Found]] = defaultdict(list)
    for item in found:
        if item.start >= 0:
            by_paragraph[item.paragraph].append(item)
    keys = set()
    for paragraph, items in by_paragraph.items():
        items.sort(key=lambda f: f.start)
        for first, second in pairwise(items):
            between = (texts[paragraph], first.end, second.start)
            kinds = (labels[name_key(first.text)], labels[name_key(second.text)])
            if kinds == ("LOC", "PER") and _POSSESSOR_BETWEEN.fullmatch(*between):
                keys.add(name_key(first.text))
            if kinds == ("PER", "LOC") and _OF_BETWEEN.fullmatch(*between):
                keys.add(name_key(second.text))
    return frozenset(keys)


def _passing_countries(
    mentions: dict[str, list[int]],
    within: dict[str, list[str]],
    gazetteer: Gazetteer,
    tables: frozenset[int] = frozenset(),
    anchored: set[str] | frozenset[str] = frozenset(),
) -> list[str]:
    """Countries named once past the lede, and towns that only bring in such a country.

    "…has licensing arrangements in Australia and Japan" in the third
    paragraph does not place a story in Japan, nor "will be listed in
    Luxembourg" in a Eurobond's last; a country named in the headline, the
    dateline or the lede, named twice, holding another place of the story,
    or one of a long list (the EC's members, a table of producers), does; so
    does a row of a results table ("Tim Henman (Britain) beat …  6-3 6-4"):
    each row is an entry of the story, not an aside.
    A town named once past the lede is passing only when the story names
    nothing of its region or country otherwise (a neighbourhood of the
    story's city never is).
    """
    holding = {country for chain in within.values() for country in chain}
    known = {place: gazetteer.place(place) for place in mentions}
    named_once = [
        ps[0] for p, ps in mentions.items() if len(ps) == 1 and (k := known[p]) and k.kind == "country"
    ]
    listed = {paragraph for paragraph, count in Counter(named_once).items() if count >= LIST_COUNTRIES}
    passing = []
    for place, paragraphs in mentions.items():
        found = known[place]
        if (
            not found
            or len(paragraphs) != 1
            or place in holding
            or place in anchored
            or paragraphs[0] <= LEDE_PARAGRAPHS
            or paragraphs[0] in tables
        ):
            continue
        passing_country = found.kind == "country" and paragraphs[0] not in listed
        brings_a_country = found.kind == "city" and not set(within[place]) & set(mentions)
        if passing_country or brings_a_country:
            passing.append(place)
    return passing


def _own_label(item: Found, label: str, resolver: Resolver, sports: bool = False) -> str:
    """The article's label for a name, except where the tagger read this mention as the known place a
    team or a firm is named after: "MINNESOTA AT MILWAUKEE" is the city, "MILWAUKEE 70 63" of the
    standings its team; one name, two things. In a sports story, the tagger's team named after a
    place stays a team even where the place wins the article's vote."""
    if sports and label == "LOC" and item.label == "ORG":
        return "ORG"
    if label != "ORG" or item.label != "LOC":
        return label
    return "LOC" if item.place or resolver.gazetteer.place(item.text) else label


def _classify(
    item: Found,
    key: str,
    label: str,
    people: dict[str, str],
    acronyms: dict[str, str],
    resolver: Resolver,
) -> tuple[str | None, str | None]:
    gazetteer = resolver.gazetteer
    if key in people:
        return "people", people[key]
    if label == "ORG":
        return "organisations", _display(gazetteer.canonical("org", acronyms.get(key, item.text)))
    if label == "LOC":
        place = item.place or (None if item.local_within else resolver.place(item.text))
        if place:
            return "places", place.name
        if resolver.refuses(item.text):
            return None, None  # "stock split", "mobile phones": a word, not the town
        if item.text.isupper() and len(item.text) <= 3:
            return None, None  # an unknown code in a capitalised headline or dateline
        return "places", _display(item.text)
    country = gazetteer.country_of_demonym(item.text) if label == "MISC" else None
    return ("places", country) if country else (None, None)


def _display(name: str) -> str:
    """Names shouted in a headline or dateline (MOSUL) are shown as names are written."""
    return name.title() if name.isupper() and len(name) > 4 else name


def _within(item: Found, canonical: str, resolver: Resolver) -> list[str]:
    gazetteer = resolver.gazetteer
    if item.local_within:
        city = resolver.place(item.local_within)
        return [city.name, *gazetteer.within_chain(city)] if city else [item.local_within]
    place = item.place or resolver.place(canonical)
    if place:
        return gazetteer.within_chain(place)
    region = resolver.qualifier_region(item.text)  # "Greenwich, Conn.": a town the gazetteer lacks
    return [region.name, *gazetteer.within_chain(region)] if region else []
