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
   values S fits, in proportion to their articles in its context: the
   same article for organisations ("Fed" beside "Federal Reserve"); for
   people the same month, since an article naming the full name has
   already resolved its surname to it (undated articles are one context
   of their own). A candidate needs ``MIN_SHARED`` (2) articles of its own
   (one article is often a tagging slip such as "Although Lawson"), at
   least ``MIN_SHARED`` articles and ``MIN_VOTING`` (10 %) of S's articles
   must vote, and L must win a majority (``DOMINANCE``, 50 %) of the votes
   and ``MARGIN`` (2) times the votes of the next candidate. So several
   full names sharing a surname with none dominant (Gordon Brown, Nick
   Brown) keep S apart, as does a full name never in the news when S is.
3. **The alias file wins.** A value whose name the shipped or user alias
   file lists (as a canonical name or a variant, of that kind) is never
   merged by this rule: the alias file says what it is.

Values are decided longest first, so a short form votes between whole
entities (``Federal Reserve`` has joined ``Federal Reserve Board`` before
``Fed`` votes; a value merges only into one with more words, so chains
end). Each entity is shown under its most named form of two words or more
(the full name, not the surname or the acronym) and counts the articles
naming any of its forms, once. Nothing here names a person or an organisation: the same rule
runs on every archive.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from indexer.entities.gazetteer import load_gazetteer
from indexer.entities.names import name_key
from indexer.lexicon.grammar import TITLE_SMALL_WORDS
from indexer.store import has_generations, index_aliases

MIN_SHARED = 2  # articles naming both forms: one could be chance
DOMINANCE = 0.5  # the full name's share of the votes: a majority…
MARGIN = 2.0  # …and this many times the votes of the next
MIN_VOTING = 0.10  # of the short form's articles, those that vote: fewer are no evidence
MIN_PREFIX = 3  # letters of a clipped first word ("Fed"): fewer fit too much

PERSON_RULE = "person"
ORG_RULE = "org"
# Facet → the rule merging its values, the alias kind whose names are left alone, and the
# table whose values are the context an article votes in (None: the article itself).
MERGED_FACETS: dict[str, tuple[str, str, str | None]] = {
    "people": (PERSON_RULE, "person", "month"),
    "organisations": (ORG_RULE, "org", None),
}


def _words(value: str) -> list[str]:
    return [name_key(w) or w.casefold() for w in value.split()]


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
    return runs | prefixes | {"a:" + _initials(value)}


def _short_keys(value: str, rule: str) -> set[str]:
    """Keys this value looks for in longer values."""
    words = _words(value)
    found = {"w:" + " ".join(words)}
    if rule == ORG_RULE and len(words) == 1:
        found.add("p:" + words[0])
        if _is_acronym(value):
            found.add("a:" + "".join(sorted(value.replace(".", "").casefold())))
    return found


def merge_roots(
    values: Sequence[str],
    docs_of: Sequence[np.ndarray],
    rule: str,
    context: np.ndarray | None = None,
    pinned: frozenset[str] = frozenset(),
) -> np.ndarray:
    """Value number → the value number of the entity it belongs to (itself when not merged).

    ``docs_of[n]``: the sorted documents of value n; ``context``: document →
    the context its articles vote in (people: the month; None: the article
    itself); ``pinned``: name keys the alias file lists."""
    fits: dict[str, list[int]] = defaultdict(list)
    for number, value in enumerate(values):
        if len(docs_of[number]):
            for key in _fit_keys(value, rule):
                fits[key].append(number)
    votes = _Votes(docs_of, context)
    # longest first: a value's candidates are then already whole entities
    for number in sorted(range(len(values)), key=lambda n: -len(values[n].split())):
        value = values[number]
        if (name_key(value) or value) in pinned or not len(docs_of[number]):
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

    def __init__(self, docs_of: Sequence[np.ndarray], context: np.ndarray | None) -> None:
        self._docs_of = docs_of
        self._context = context
        self._parent = list(range(len(docs_of)))
        self._members: dict[int, list[int]] = {}
        self._counts: dict[int, tuple[np.ndarray, np.ndarray]] = {}  # root → its contexts, articles in each

    def root(self, number: int) -> int:
        while self._parent[number] != number:
            number = self._parent[number]
        return number

    def merge(self, number: int, target: int) -> None:
        self._parent[number] = target
        self._members.setdefault(target, [target]).extend(self._members.pop(number, [number]))
        self._counts.pop(target, None)

    def _contexts(self, docs: np.ndarray) -> np.ndarray:
        return docs if self._context is None else self._context[docs]

    def _entity_counts(self, root: int) -> tuple[np.ndarray, np.ndarray]:
        found = self._counts.get(root)
        if found is None:
            members = self._members.get(root, [root])
            docs = np.unique(np.concatenate([self._docs_of[m] for m in members]))
            contexts, counts = np.unique(self._contexts(docs), return_counts=True)
            found = self._counts[root] = (contexts, counts)
        return found

    def dominant(self, number: int, candidates: list[int]) -> int | None:
        """The candidate most of this value's articles vote for, if the evidence says so.

        Each article's vote is split between the candidates named in its
        context, in proportion to their articles there."""
        if not candidates:
            return None
        contexts = self._contexts(self._docs_of[number])
        weights = np.zeros((len(candidates), len(contexts)))
        for row, candidate in enumerate(candidates):
            known, counts = self._entity_counts(candidate)
            at = np.clip(np.searchsorted(known, contexts), 0, max(len(known) - 1, 0))
            if len(known):
                weights[row] = np.where(known[at] == contexts, counts[at], 0)
        totals = weights.sum(axis=0)
        voting = totals > 0
        voted = int(voting.sum())
        if voted < MIN_SHARED or voted < MIN_VOTING * len(contexts):
            return None
        shares = (weights[:, voting] / totals[voting]).sum(axis=1)
        ranked = np.argsort(-shares, kind="stable")
        best, runner_up = shares[ranked[0]], shares[ranked[1]] if len(ranked) > 1 else 0.0
        if best < DOMINANCE * voted or best < MARGIN * runner_up:
            return None
        return candidates[int(ranked[0])]

    def articles(self, root: int) -> int:
        """Articles naming any form of the entity."""
        members = self._members.get(root, [root])
        return len(np.unique(np.concatenate([self._docs_of[m] for m in members])))


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
