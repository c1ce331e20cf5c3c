"""Words about people's names: titles, abbreviations, particles, and the words a name is made of."""

# ruff: noqa: SIM905 -- word lists are written as text and split, as spaCy writes its language data

from __future__ import annotations

from indexer.lexicon.patterns import one_of

# Titles and roles written before a name: stripped from it ("Sheikh X", "Retired Lt. Gen. X"),
# and the tagger's "title" feature.
TITLES = frozenset(
    """
    mr mrs ms miss dr prof sir dame lord lady
    sheikh shaikh sheik imam mullah ayatollah emir amir
    king queen prince princess
    president vice premier chancellor minister secretary governor mayor senator rep representative
    gen general col colonel maj major capt captain lt lieutenant sgt sergeant commander
    brig brigadier adm admiral
    judge justice
    pope cardinal bishop rabbi father rev reverend
    ambassador spokesman spokeswoman spokesperson chairman chairwoman chief director officer
    expert analyst leader
    coach striker midfielder defender goalkeeper
    """.split()
)

# Abbreviations written with a dot that ends no sentence: people's titles, places, companies.
TITLE_ABBREVIATIONS = frozenset(
    "Mr Mrs Ms Dr Prof Rev Sen Sens Rep Reps Gov Gen Lt Col Maj Capt Sgt Jr Sr".split()
)
PLACE_ABBREVIATIONS = frozenset("St Mt Ft".split())
COMPANY_ABBREVIATIONS = frozenset("Inc Co Corp Ltd".split())
ABBREVIATIONS = TITLE_ABBREVIATIONS | PLACE_ABBREVIATIONS | COMPANY_ABBREVIATIONS | {"No"}

# The tokenizer's abbreviations, kept as the tagger's model was trained on them: adding
# Rev. or Ft. changes what the tagger finds (measured on Wikinews), so this list changes
# only together with a retrained model (python -m tools.train_tagger).
TAGGER_ABBREVIATIONS = frozenset(
    "Mr Mrs Ms Dr Prof Sen Rep Gov Gen Lt Col Maj Capt Sgt Jr Sr St Mt Inc Co Corp Ltd".split()
)

# The Arabic article before a name, with its assimilated forms (ar-Raqqa, ash-Sham, adh-Dhahab).
ARABIC_ARTICLES = frozenset("al el ul ar as ash ad adh at ath az an".split())
# Father of, son of, daughter of: Abu Bakr, bin Laden, bint Ali.
KINSHIP_WORDS = frozenset("abu bin ibn bint".split())
# Lower-case words inside a person's name (Ahmed al Sharifi, Abd al-Aziz, Michiel de Jong, Ortega y Gasset).
NAME_PARTICLES = frozenset("al el abu abd bin ibn bint ould de da di van von der den du la le y".split())

# The tagger's particle features, kept as its model was trained on them: the lists above
# change what the tagger finds (measured on Reuters and CoNLL), so these change only
# together with a retrained model.
TAGGER_PARTICLES = frozenset("al el abu abd bin ibn bint ould de da di van von der".split())
TAGGER_PARTICLE_PREFIXES = frozenset("al el ar as ash ad at az an abu bin ibn".split())

# Prefixes a speaker's name word may carry with a hyphen or with a space (bin Laden,
# de Blasio). Narrower than the particles: with a space, "at", "le" or "la" before a
# capital are English or French words ('at The Simple Dollar' is no speaker's name).
SPEAKER_NAME_PREFIXES = frozenset("al el ar as ad an ash abu bin ibn bint de van von da di".split())

# A capitalised name word, in linear time whatever the text: it starts only where a word
# starts (not at every capital of a long one), its parts have the lengths of real names'
# and are taken whole (possessive: never re-split). "-[A-Z]?[\w'’]+" once split each
# "-Bb" of a long hyphenated name two ways, doubling the time per segment.
NAME_WORD = (
    r"(?:(?<![\w'’])(?:[A-Z][\w'’]{0,50}+(?:-[\w'’]{1,50}+){0,8}+"
    rf"|(?:{one_of(ARABIC_ARTICLES | KINSHIP_WORDS)})-[A-Z][\w'’-]{{1,60}}+))"
)
# A run of name words joined by particles or small words: "Islamic State of Iraq and the Levant".
_RUN_JOINERS = one_of({"of", "and", "the", "for"} | NAME_PARTICLES)
NAME_RUN = rf"{NAME_WORD}(?:\s++(?:(?:{_RUN_JOINERS})\s++){{0,3}}+{NAME_WORD}){{0,7}}"
# A speaker's name word (dots and hyphens inside: "Lt.", "Abdul-Rahman"), bounded like NAME_WORD.
SPEAKER_NAME_WORD = (
    r"(?<![\w'’])(?:[A-Z][\w'’.-]{0,50}"
    rf"|(?:{one_of(SPEAKER_NAME_PREFIXES)})[-\s][A-Z][\w'’-]{{0,50}})"
)
# A signature under a reader's comment or a letter: capitalised words with short particles between.
SIGNATURE_NAME = r"[A-Z][\w'’.-]*(?:\s+(?:[a-z]{1,3}[-']?\s*)?[A-Z][\w'’.-]*){0,4}"
