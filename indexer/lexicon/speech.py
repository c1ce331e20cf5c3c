"""The verbs that report speech ("said", "told", "tweeted", "according to")."""

# ruff: noqa: SIM905 -- word lists are written as text and split, as spaCy writes its language data

from __future__ import annotations

SPEECH_VERBS = frozenset(
    """
    said says say saying told tells tell telling added adds adding explained explains noted notes
    stated asked asks replied replies continued continues insisted insists argued argues warned warns
    wrote writes tweeted tweets declared declares claimed claims recalled recalls acknowledged
    announced announces conceded concedes emphasised emphasized stressed stresses remarked observed
    suggested suggests admitted admits complained joked jokes predicted promised urged urges vowed vows
    concluded answered responded commented quipped posted cautioned shouted yelled testified countered
    boasted lamented mused read reads reported reports described describes called calls
    thundered whispered laughed sighed agreed agrees disagreed confirmed confirms denied denies
    assured proclaimed pleaded emailed texted messaged wondered asserted asserts maintained
    asking noting writing arguing explaining warning insisting claiming declaring stating replying
    responding tweeting
    """.split()
)
# Phrases of more than one word, one a line.
SPEECH_PHRASES = frozenset(
    line.strip()
    for line in """
    pointed out
    went on
    goes on
    according to
    According to
    shot back
    fired back
    hit back
    """.strip().splitlines()
)
# "told X" names the listener, and "called X" what was said of them: never the speaker.
LISTENER_VERBS = frozenset("told tells tell telling called calls".split())
# Verbs that may come before their speaker ('…," said Ahmed al-Sharifi').
INVERTING_VERBS = (SPEECH_VERBS | SPEECH_PHRASES) - LISTENER_VERBS
# Verbs that open a sentence before its speaker ("Said Ellis: …").
OPENING_VERBS = ("Said", "Says", "Added", "Asked", "Wrote")
