"""Function words the quote rules read a sentence by."""

# ruff: noqa: SIM905 -- word lists are written as text and split, as spaCy writes its language data

from __future__ import annotations

from indexer.dates import CALENDAR_WORDS

# The pronouns that speak and take the last named speaker.
PRONOUNS = frozenset("he she they i we".split())
# Lower-case words a quoted title keeps ("Islamic State of Iraq and the Levant").
TITLE_SMALL_WORDS = frozenset("of and the a an in on for to at by de al &".split())
# Capitalised words that open a clause, never a speaker's name.
CLAUSE_WORDS = (
    frozenset(
        """
        the a an and but or so yet when while though although if as after before since because once
        in on at for from with by to of
        this that these those there here it its his her their our my your
        today yesterday tomorrow
        according however meanwhile still also even instead democratic republican
        during following despite amid under over about against among through without within into upon
        """.split()
    )
    | CALENDAR_WORDS
)
# Words that open a noun phrase naming a speaker ("the source", "a spokesman").
DETERMINERS = frozenset("the a an one another his her their its some two three".split())
# Words that are never the speaker's phrase ("it said", "the report says").
NOT_SPEAKERS = frozenset("it this that which who what there here report reports".split())
# What stands between a subject and its verb: "she still says", "Trump later told", "he has said".
BETWEEN_SUBJECT_AND_VERB = frozenset(
    """
    also still later then again often once never even just only
    has had have would will could might may must should did does do was is
    """.split()
)
# Past tenses without -ed: a verb after its subject ("Cruz made", "she spoke").
IRREGULAR_PAST = frozenset(
    "made took gave got went came put sent began brought kept left held found saw thought spoke ran won lost "
    "met paid felt sang".split()
)
AUXILIARIES = frozenset("is was has had have will would could can did does are were may".split())
# Words of an opening phrase before a sentence's subject ("In Salem, Trump said"), and before a
# speech-less sentence's subject ("Kicking off the day, Trump accused"), which may open with more.
SUBJECT_OPENERS = tuple(
    "In On At During After Before Earlier Later Meanwhile However But And Though While When".split()
)
INTRODUCTION_OPENERS = SUBJECT_OPENERS + tuple(
    """
    With Following Since Still Yet Then Last This Next Asked Like Unlike Under For From As If Once Now
    Today Instead Indeed Separately Finally
    """.split()
)
# Conjunctions that open another clause: '"…," but he said that …'.
NEXT_CLAUSE_CONJUNCTIONS = frozenset("but and while although though whereas because".split())
# Prepositions after a name that say where the speaker works: "Cameron Easley for Morning Consult".
AFFILIATION_PREPOSITIONS = frozenset("for at from with in on to about".split())
# Verbs after a quote and a name that are no speech: '"…," Trump was', '"…" is'.
NOT_SPEECH_AFTER_QUOTE = frozenset("was is has does as us this its".split())
