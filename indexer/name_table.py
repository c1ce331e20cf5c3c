"""The archive's name table: which short forms stand for one full name across the archive.

Inside an article a surname is already its full name ("Lawson" after
"Nigel Lawson"); across the archive the people and organisations facets
still held ``Reagan`` beside ``Ronald Reagan`` and ``Fed`` beside
``Federal Reserve``. At each commit the writer merges such values, from
what the index holds and nothing else, so a rerun on the same articles
gives the same table.

The rule, per facet (people; organisations), for a value S and a longer
value L of the same facet:

1. **The forms fit.** S has fewer words than L, and
   - people: S's words are L's last words (``Reagan``, ``Ronald Reagan``);
   - organisations: S's words are a run of L's words (``Treasury``,
     ``U.S. Treasury``), or S is one word that opens L's first word, three
     letters at least (``Fed``, ``Federal Reserve``), or S is L's initials
     in any order, words such as "of" and "the" left out (``EC``,
     ``European Community``; ``USDA``, ``U.S. Agriculture Department``:
     English moves "Department of X" to "X Department").
2. **The articles say so.** Each article naming S votes between the
   values S fits. Organisations: for those named in the same article
   ("Fed" beside "Federal Reserve"). People: an article naming the full
   name has already resolved its surname to it, so S's articles vote by
   their companions instead, for the full names whose own articles name
   the same other people and organisations (weighted by how many;
   companions named in more than ``COMMON_SHARE`` (1 %) of the articles,
   and at least ``COMMON_FLOOR`` (20), such as Reuters or Congress, say
   nothing). A split vote is shared in proportion. Only values of
   ``MIN_SHARED`` (2) articles or more vote or are voted for (one article
   is often a tagging slip such as "Although Lawson"); at least
   ``MIN_SHARED`` articles and ``MIN_VOTING`` (10 %) of S's articles must
   vote, and L must win a majority (``DOMINANCE``, 50 %) of the votes and
   ``MARGIN`` (2) times the votes of the next candidate. So several full
   names sharing a surname and its stories, none dominant, keep S apart,
   as does a full name whose stories are not S's.
3. **The alias file wins.** A value whose name the shipped or user alias
   file lists (as a canonical name or a variant, of that kind) is never
   merged by this rule: the alias file says what it is.

Before any vote, an organisation's spellings of two words or more that differ
only by -isation / -ization, "the", "&" / "and" or a corporate form at the
end ("Goldman, Sachs and Co", "Goldman Sachs") are one organisation, and an
acronym also fits a name without its corporate form (``GM``, ``General
Motors Corp``).

Values are decided longest first, so a short form votes between whole
entities (``Federal Reserve`` has joined ``Federal Reserve Board`` before
``Fed`` votes; a value merges only into one with more words, so chains
end). Each entity is shown under its most named form of two words or more
(the full name, not the surname or the acronym) and counts the articles
naming any of its forms, once. Nothing here names a person or an organisation: the same rule
runs on every archive.

Kinds. Before merging, a name's kind is decided by the archive too
(``rekinding``), for a people value P:

- P is an organisation when organisation values are P itself (same words)
  or are built on P with a corporate form ("Sony Corp", "E.F. Hutton and
  Co Inc"), and either P is one word that ends no full name of the people
  facet (Google, Chelsea: no one is called "X Google"), or those
  organisation values are in more articles than P and the full names ending
  in P together (Ford). Its articles then count for that organisation.
- P is a given name, and no entity, when it is one word that opens at least
  ``MIN_SHARED`` full names and ends fewer than one in ``GIVEN_SHARE`` (10)
  of them (David, Alex): it names no one, so it is neither a value nor
  merged into a full name.
- P is a place, and no one, when it is one word that ends no such full
  name and the places facet holds it in more articles (Denver).
- An organisation value that is P itself, with no corporate form, is that
  person when P ends full names and is in more articles as a person
  (``Reagan`` tagged as an organisation).

A surname shared by several full names, none dominant, stays a value of
its own: its articles name someone, only not which of them, and they are
found nowhere else.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from indexer.entities.gazetteer import load_gazetteer
from indexer.entities.names import name_key
from indexer.lexicon.entities import CORPORATE_SUFFIXES
from indexer.lexicon.grammar import TITLE_SMALL_WORDS
from indexer.store import has_generations, index_aliases

MIN_SHARED = 2  # articles naming both forms: one could be chance
DOMINANCE = 0.5  # the full name's share of the votes: a majority…
MARGIN = 2.0  # …and this many times the votes of the next
MIN_VOTING = 0.10  # of the short form's articles, those that vote: fewer are no evidence
MIN_PREFIX = 3  # letters of a clipped first word ("Fed"): fewer fit too much
GIVEN_SHARE = 10  # a word opening this many times more full names than it ends is a given name
CONNECTORS = ("and", "&")  # "E.F. Hutton and Co": what joins a firm's name to its corporate form

PERSON_RULE = "person"
ORG_RULE = "org"
COMMON_SHARE = 0.01  # a companion named in more of the articles than this says nothing…
COMMON_FLOOR = 20  # …unless in this many articles or fewer (a small archive)
# Facet → the rule merging its values, the alias kind whose names are left alone, and the
# facets whose values are an article's companions (none: an article votes in itself).
MERGED_FACETS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "people": (PERSON_RULE, "person", ("people", "organisations")),
    "organisations": (ORG_RULE, "org", ()),
}


def _words(value: str) -> list[str]:
    return [w.casefold().strip(".,'’") or w for w in value.split()]


def _initials(value: str) -> str:
    """Sorted initials, dotted abbreviations spelt out (U.S. gives US): an acronym in any order."""
    letters = []
    for word in value.split():
        if word.casefold().strip(".,") in TITLE_SMALL_WORDS:
            continue
        parts = [p for p in word.split(".") if p]
        dotted = len(parts) > 1 and all(len(p) == 1 for p in parts)
        letters.extend([p[0] for p in parts] if dotted else [word[0]])
    return "".join(sorted(c.casefold() for c in letters if c.isalpha()))


def _is_acronym(value: str) -> bool:
    bare = value.replace(".", "")
    return 2 <= len(bare) <= 8 and bare.isalpha() and bare.isupper() and " " not in value


def _fit_keys(value: str, rule: str) -> set[str]:
    """Keys under which a shorter value fits this one (see the module's rule 1)."""
    words = _words(value)
    if len(words) < 2:
        return set()
    if rule == PERSON_RULE:
        return {"w:" + " ".join(words[start:]) for start in range(1, len(words))}
    runs = {
        "w:" + " ".join(words[a:b])
        for a in range(len(words))
        for b in range(a + 1, len(words) + 1)
        if b - a < len(words)
    }
    first = words[0]
    prefixes = {"p:" + first[:n] for n in range(MIN_PREFIX, len(first))}
    initials = {"a:" + _initials(value)}
    if len(words) > 2 and words[-1] in CORPORATE_SUFFIXES:  # GM: General Motors Corp
        initials.add("a:" + _initials(value.rsplit(maxsplit=1)[0]))
    return runs | prefixes | initials


def _variant(value: str) -> tuple[str, ...]:
    """One long name however it is spelt: -isation or -ization, with or without "the", "&" or
    "and", with or without its corporate form ("Goldman, Sachs and Co", "Goldman Sachs")."""
    words = [w.replace("isation", "ization") for w in _name_words(value) if w != "the"]
    words = ["and" if w == "&" else w for w in words]
    if len(words) > 2 and words[-1] in CORPORATE_SUFFIXES:
        words.pop()
        while len(words) > 2 and words[-1] in CONNECTORS:
            words.pop()
    return tuple(words)


def _merge_variants(values: Sequence[str], votes: _Votes, pinned: frozenset[str]) -> None:
    """Spellings of one name of two words or more are one organisation, whatever the articles:
    each joins the most named of them (one the alias file lists, if any)."""
    groups: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for number, value in enumerate(values):
        if len(words := _variant(value)) > 1:
            groups[words].append(number)
    for members in groups.values():
        listed = [m for m in members if (name_key(values[m]) or values[m]) in pinned]
        if len(members) < 2 or len(listed) > 1:
            continue
        target = listed[0] if listed else max(members, key=lambda m: (votes.articles(m), -m))
        for member in members:
            if member != target:
                votes.merge(member, target)


def _short_keys(value: str, rule: str) -> set[str]:
    """Keys this value looks for in longer values."""
    words = _words(value)
    found = {"w:" + " ".join(words)}
    if rule == ORG_RULE and len(words) == 1:
        found.add("p:" + words[0])
        if _is_acronym(value):
            found.add("a:" + "".join(sorted(value.replace(".", "").casefold())))
    return found


class Companions:
    """Each article's companions: the other people and organisations it names (ids across
    the facets given), leaving out the common ones (Reuters, Congress), which name nothing."""

    def __init__(self, postings: Sequence[tuple[np.ndarray, np.ndarray, int]], common: bool = False) -> None:
        """``postings``: per facet, its documents, their value numbers and its number of values;
        ``common``: keep the common values too."""
        docs, ids, offset = [], [], 0
        for found, numbers, size in postings:
            docs.append(found)
            ids.append(numbers + offset)
            offset += size
        all_docs = np.concatenate(docs) if docs else np.empty(0, dtype=np.int64)
        all_ids = np.concatenate(ids) if ids else np.empty(0, dtype=np.int64)
        frequency = np.bincount(all_ids, minlength=offset)
        articles = len(np.unique(all_docs))
        kept = frequency[all_ids] <= (np.inf if common else max(COMMON_SHARE * articles, COMMON_FLOOR))
        order = np.argsort(all_docs[kept], kind="stable")
        self._docs, self._ids = all_docs[kept][order], all_ids[kept][order]
        self._cache: dict[int, frozenset[int]] = {}

    def of(self, doc: int) -> frozenset[int]:
        found = self._cache.get(doc)
        if found is None:
            start, stop = np.searchsorted(self._docs, [doc, doc + 1])
            found = self._cache[doc] = frozenset(self._ids[start:stop].tolist())
        return found


def merge_roots(
    values: Sequence[str],
    docs_of: Sequence[np.ndarray],
    rule: str,
    companions: Companions | None = None,
    pinned: frozenset[str] = frozenset(),
) -> np.ndarray:
    """Value number → the value number of the entity it belongs to (itself when not merged).

    ``docs_of[n]``: the sorted documents of value n; ``companions``: what an
    article votes by (None: the values named in the article itself; else
    the companions its and the candidates' articles share, the values
    being the first of the companions' facets); ``pinned``: name keys the
    alias file lists."""
    # fewer articles than MIN_SHARED can neither vote enough nor be voted for
    voters = [n for n in range(len(values)) if len(docs_of[n]) >= MIN_SHARED]
    fits: dict[str, list[int]] = defaultdict(list)
    for number in voters:
        for key in _fit_keys(values[number], rule):
            fits[key].append(number)
    votes = _Votes(docs_of, companions)
    if rule == ORG_RULE:
        _merge_variants(values, votes, pinned)
    # longest first: a value's candidates are then already whole entities
    for number in sorted(voters, key=lambda n: -len(values[n].split())):
        value = values[number]
        if (name_key(value) or value) in pinned or votes.root(number) != number:
            continue
        candidates = {votes.root(c) for key in _short_keys(value, rule) for c in fits.get(key, ())}
        candidates.discard(votes.root(number))
        candidates = {c for c in candidates if votes.articles(c) >= MIN_SHARED}
        target = votes.dominant(number, sorted(candidates))
        if target is not None:
            votes.merge(number, target)
    return np.array([votes.root(n) for n in range(len(values))], dtype=np.int64)


class _Votes:
    """Entities as they merge, and the votes of a short form's articles between them."""

    def __init__(self, docs_of: Sequence[np.ndarray], companions: Companions | None) -> None:
        self._docs_of = docs_of
        self._companions = companions
        self._parent = list(range(len(docs_of)))
        self._members: dict[int, list[int]] = {}
        self._docs: dict[int, np.ndarray] = {}  # root → its entity's articles
        numbers = [np.full(len(docs), n, dtype=np.int64) for n, docs in enumerate(docs_of)]
        every = (np.concatenate(list(docs_of)), np.concatenate(numbers), len(docs_of)) if numbers else None
        self._named = Companions([every] if every else [], common=True)  # article → its values
        self._shared: dict[int, frozenset[int]] = {}  # root → its articles' companions

    def root(self, number: int) -> int:
        while self._parent[number] != number:
            number = self._parent[number]
        return number

    def merge(self, number: int, target: int) -> None:
        self._parent[number] = target
        self._members.setdefault(target, [target]).extend(self._members.pop(number, [number]))
        self._docs.pop(target, None)
        self._shared.pop(target, None)

    def _entity_docs(self, root: int) -> np.ndarray:
        found = self._docs.get(root)
        if found is None:
            members = self._members.get(root, [root])
            found = self._docs[root] = np.unique(np.concatenate([self._docs_of[m] for m in members]))
        return found

    def articles(self, root: int) -> int:
        """Articles naming any form of the entity."""
        return len(self._entity_docs(root))

    def _entity_companions(self, root: int, companions: Companions) -> frozenset[int]:
        found = self._shared.get(root)
        if found is None:
            found = frozenset().union(*(companions.of(d) for d in self._entity_docs(root).tolist()))
            found = self._shared[root] = found - set(self._members.get(root, [root]))
        return found

    def _weights(self, number: int, candidates: list[int]) -> np.ndarray:
        """Candidate × article of this value: how strongly the article points to the candidate."""
        docs = self._docs_of[number]
        if self._companions is None:  # named in the same article
            rows = {candidate: row for row, candidate in enumerate(candidates)}
            named = np.zeros((len(candidates), len(docs)))
            for column, doc in enumerate(docs.tolist()):
                for root in {self.root(v) for v in self._named.of(doc)} & rows.keys():
                    named[rows[root], column] = 1.0
            return named
        companions = self._companions
        own = {number}
        weights = np.zeros((len(candidates), len(docs)))
        for row, candidate in enumerate(candidates):
            theirs = self._entity_companions(candidate, companions) - own
            for column, doc in enumerate(docs.tolist()):
                weights[row, column] = len(companions.of(doc) & theirs)
        return weights

    def dominant(self, number: int, candidates: list[int]) -> int | None:
        """The candidate most of this value's articles vote for, if the evidence says so.

        Each article's vote is split between the candidates in proportion to
        its weights for them."""
        if not candidates:
            return None
        weights = self._weights(number, candidates)
        totals = weights.sum(axis=0)
        voting = totals > 0
        voted = int(voting.sum())
        if voted < MIN_SHARED or voted < MIN_VOTING * weights.shape[1]:
            return None
        shares = (weights[:, voting] / totals[voting]).sum(axis=1)
        ranked = np.argsort(-shares, kind="stable")
        best, runner_up = shares[ranked[0]], shares[ranked[1]] if len(ranked) > 1 else 0.0
        if best < DOMINANCE * voted or best < MARGIN * runner_up:
            return None
        return candidates[int(ranked[0])]


def shown_forms(values: Sequence[str], articles: np.ndarray, roots: np.ndarray) -> dict[int, int]:
    """Root → the form its entity is shown under: of its forms of more than one word (a
    full name, not a surname or an acronym), the one most articles name; else the root."""
    best: dict[int, int] = {}
    for number, root in enumerate(roots.tolist()):
        if len(values[number].split()) < 2 and number != root:
            continue
        shown = best.get(root)
        if shown is None or _better(values, articles, number, shown):
            best[root] = number
    return best


def _better(values: Sequence[str], articles: np.ndarray, number: int, shown: int) -> bool:
    full, held = len(values[number].split()) > 1, len(values[shown].split()) > 1
    return (full, int(articles[number])) > (held, int(articles[shown]))


def pinned_keys(directory: Path, kind: str) -> frozenset[str]:
    """Name keys of one kind that the shipped and the index's alias files list."""
    index_dir = directory.parent if has_generations(directory.parent) else directory
    aliases = load_gazetteer(index_aliases(index_dir), aliases_only=True).aliases.get(kind, {})
    return frozenset(aliases) | frozenset(k for c in aliases.values() if (k := name_key(c)))


# ---------------------------------------------------------------- re-kinding across facets


def _name_words(value: str) -> tuple[str, ...]:
    return tuple(w for w in _words(value) if not w.startswith("<"))  # a ticker "<F>" is no word


def _corporate_heads(value: str) -> list[tuple[str, ...]]:
    """The names a firm's name is built on, its corporate forms taken off: "Sony Corp" gives
    Sony, "E.F. Hutton and Co Inc" gives E.F. Hutton (none: the name has no corporate form)."""
    words, heads = list(_name_words(value)), []
    while len(words) > 1 and words[-1] in CORPORATE_SUFFIXES:
        words.pop()
        while len(words) > 1 and words[-1] in CONNECTORS:
            words.pop()
        heads.append(tuple(words))
    if heads:  # a firm named after its founders: "Donaldson, Lufkin and Jenrette Securities Corp"
        named = list(_name_words(value.split(",", 1)[0]))
        cut = next((i for i, w in enumerate(named) if w in CONNECTORS), len(named))
        heads.extend({tuple(named), tuple(named[:cut])} - {(), *heads})
    return heads


def _given_name(word: str, firsts: dict[str, int], lasts: dict[str, int]) -> bool:
    """A word opening full names and (almost) never ending one: David, Alex."""
    return firsts[word] >= MIN_SHARED and lasts[word] * GIVEN_SHARE <= firsts[word]


@dataclass(frozen=True, slots=True)
class Rekinding:
    """Which values of the people facet are organisations or no one, and the reverse."""

    to_organisations: dict[int, int]  # people value → the organisation value it is
    to_people: dict[int, int]  # organisation value → the people value it is
    no_one: frozenset[int]  # people values naming no one: a given name alone, a place


def rekinding(
    people: Sequence[str],
    people_articles: np.ndarray,
    orgs: Sequence[str],
    org_articles: np.ndarray,
    places: Sequence[tuple[str, int]] = (),
) -> Rekinding:
    """The archive's own evidence for the kind of a name (the module's "Kinds");
    ``places``: the places facet's values and their articles."""
    place_articles = {_name_words(value): articles for value, articles in places}
    org_by_words: dict[tuple[str, ...], int] = {}
    heads: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for number, value in enumerate(orgs):
        if org_articles[number]:
            org_by_words.setdefault(_name_words(value), number)
            for head in _corporate_heads(value):
                heads[head].append(number)
    person_evidence: dict[tuple[str, ...], int] = defaultdict(int)  # surname → its full names' articles
    firsts: dict[str, int] = defaultdict(int)
    lasts: dict[str, int] = defaultdict(int)
    for number, value in enumerate(people):
        words = _name_words(value)
        if len(words) > 1 and people_articles[number]:
            firsts[words[0]] += 1
            lasts[words[-1]] += 1
            if people_articles[number] >= MIN_SHARED:  # one article: often a slip ("Once Google")
                for start in range(1, len(words)):
                    person_evidence[words[start:]] += int(people_articles[number])
    to_orgs: dict[int, int] = {}
    to_people: dict[int, int] = {}
    given: set[int] = set()
    people_by_words = {_name_words(v): n for n, v in enumerate(people) if people_articles[n]}
    for number, value in enumerate(people):
        words, own = _name_words(value), int(people_articles[number])
        if not own or not words:
            continue
        same = org_by_words.get(words)
        firms = heads.get(words, [])
        evidence = (int(org_articles[same]) if same is not None else 0) + sum(
            int(org_articles[f]) for f in firms
        )
        lone = len(words) == 1 and not person_evidence.get(words)
        if evidence and (lone or evidence > own + person_evidence.get(words, 0)):
            to_orgs[number] = same if same is not None else max(firms, key=lambda f: int(org_articles[f]))
        elif len(words) == 1 and (
            _given_name(words[0], firsts, lasts) or (lone and place_articles.get(words, 0) > own)
        ):
            given.add(number)
    for words, number in org_by_words.items():
        person = people_by_words.get(words)
        if person is None or person in to_orgs or _corporate_heads(orgs[number]):
            continue
        if person_evidence.get(words) and int(people_articles[person]) > int(org_articles[number]):
            to_people[number] = person
    return Rekinding(to_orgs, to_people, frozenset(given))
