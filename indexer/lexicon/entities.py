"""Words that say what kind of thing a found name is: a firm, a wire service, a holiday, a table's
abbreviation, a generic noun. Read by ``indexer.entities.classes``; all keys are lower case."""

# ruff: noqa: SIM905 -- word lists are written as text and split, as spaCy writes its language data

from __future__ import annotations

# Wire services and agency slugs: a story's sign-off ("… costs. REUTER") or credit, never a person.
WIRE_SERVICES = frozenset("reuter reuters ap afp upi dpa ansa efe tass xinhua kyodo pti ips".split())

# The last word of a firm's name: corporate forms in their written and abbreviated shapes, and the
# heads firms are named with ("Chrysler Corp", "Sony Group", "Citicorp Holdings").
CORPORATE_SUFFIXES = frozenset(
    """
    corp corporation inc incorporated co cos company companies plc ltd limited llc llp lp
    ag sa nv bv gmbh spa sarl kk oy ab asa bhd pty pte
    group bank bancorp bankshares banc holdings holding industries enterprises
    partners associates securities investors airlines airways motors
    electronics pictures entertainment studios records media communications technologies
    systems software networks telecom telecommunications petroleum chemicals pharmaceuticals
    """.split()
)

# Corporate forms written into a one-word firm's name: "Citicorp", "Norwest Bancorp".
IN_WORD_FORMS = ("corp", "bancorp", "bancshares")

# Nouns that introduce a firm by its trade, right before its name: "search giant Google",
# "record company Sony BMG", "the carmaker Chrysler".
FIRM_NOUNS = frozenset(
    """
    company companies firm firms group maker makers carmaker automaker giant giants retailer
    carrier airline insurer brokerage broker label studio chain manufacturer conglomerate
    subsidiary publisher bank lender operator rivals
    """.split()
)

# Words around a name that only a company has: "<CHRY>" follows it in Reuters copy (matched by
# shape in ``classes``), "X shares", "shares of X".
SHARE_WORDS = frozenset("shares stock stake".split())
# After "stock" or "shares", words that make it a market's: "Tokyo stock index".
MARKET_WORDS = frozenset("market markets index indices exchange exchanges prices price".split())

# Holidays, events, awards and fixtures: capitalised like names, none of a person, a place or an
# organisation. A whole name equal to one of these is no entity ("Oscar Arias" is not "Oscar").
# One name a line: many have several words.
EVENTS = frozenset(
    line.strip()
    for line in """
    christmas
    xmas
    easter
    ramadan
    eid
    hanukkah
    passover
    diwali
    thanksgiving
    halloween
    lent
    advent
    new year
    new year's eve
    christmas day
    christmas eve
    boxing day
    good friday
    valentine's day
    independence day
    labor day
    labour day
    memorial day
    oscar
    oscars
    academy award
    academy awards
    grammy
    grammys
    emmy
    emmys
    bafta
    baftas
    golden globe
    golden globes
    brit awards
    booker prize
    nobel prize
    super bowl
    world cup
    world series
    premiership
    premier league
    champions league
    six nations
    olympics
    olympic games
    paralympics
    grand prix
    """.splitlines()
    if line.strip()
)

# Abbreviations of Reuters' results tables ("Shr 1.20 dlrs vs 1.10", "Nine mths", "1st Qtr"): a
# found name holding one of these is a table's row label, never an entity.
FINANCIAL_ABBREVIATIONS = frozenset(
    """
    qtr qtrs mth mths shr shrs avg revs rev mln mlns bln blns pct dlr dlrs cts ct
    oper prev vs yr yrs wk wks
    """.split()
)

# Measures of an economy written as acronyms ("GNP rose 1.2 pct", "the CPI"): a quantity, not a body.
ECONOMIC_MEASURES = frozenset("gnp gdp cpi ppi psbr m0 m1 m2 m3 l1 nnp gni".split())

# Capitalised only because they open a sentence or a clause, never a name's first word: the
# tagger glues them to the name after them ("Moreover", "With Wikinews", "Which"). Closed-class
# words and sentence adverbs only; words that are also given names (Will, Grant, Bill) are left out.
OPENING_WORDS = frozenset(
    """
    which what whatever who whom whose whoever where when why how
    with without within among amongst despite unlike like via per
    moreover however meanwhile furthermore nevertheless nonetheless therefore thus hence
    also although though whereas because unless until whether otherwise besides instead
    indeed overall additionally likewise accordingly consequently subsequently
    this that these those it its he she they we you his her their our my your
    """.split()
)

# Nouns that name a kind of body, not one body: "Bank", "Commission", "Central Bank", "Finance
# Ministry" on their own are no organisation. A name made only of these words and ending in one of
# the heads is no entity value ("World Bank" and "European Commission" are kept).
GENERIC_HEADS = frozenset(
    """
    bank banks commission ministry ministries committee council board agency authority
    company companies corp corporation inc co ltd plc group firm chapter pc unit division
    government cabinet exchange
    """.split()
)
GENERIC_MODIFIERS = frozenset(
    """
    central national federal finance foreign trade agriculture agricultural economy
    economic interior defence defense justice health energy oil industry industrial labour
    labor education transport commerce planning investment development the
    """.split()
)

# Words a tagger glues onto the end of a name in capitalised text ("REAGAN WILL", "Reagan Friday",
# "U.S. Said", "U.S. For"): verbs of the headline, small words and days. Months that are also
# given names (May, June, April, August) are left out.
GLUED_WORDS = frozenset(
    """
    will would could should can cannot must shall said says say told tells sees seen
    for to from with at in on of by as and or but is are was were be has have had
    not no nor yet
    monday tuesday wednesday thursday friday saturday sunday today yesterday tonight
    january february september october november december jan feb sept oct nov dec
    """.split()
)

# Words before a continent or a well-known place that make a region of it ("Latin America",
# "Southeast Asia"): a name so made is a place, never a person.
REGION_MODIFIERS = frozenset(
    """
    latin north south east west central northern southern eastern western
    northeast northwest southeast southwest north-east north-west south-east south-west
    sub-saharan middle far near greater upper lower
    """.split()
)
# Continents, oceans and world regions: with or without a modifier, a place, never a person.
CONTINENTS = frozenset(
    """
    america americas asia europe africa oceania antarctica arctic caribbean pacific atlantic
    mediterranean balkans baltics scandinavia gulf
    """.split()
)
REGIONS = frozenset(["middle east", "far east", "near east", "persian gulf", "indian ocean"])

# The office a title names, last before an official's name: "Chancellor of the Exchequer Nigel
# Lawson", "Chief of Staff Howard Baker", "Minister of State for Finance X".
OFFICE_WORDS = frozenset(
    """
    exchequer state staff finance treasury defence defense interior commerce agriculture trade
    energy justice labour labor health education transport economy industry affairs
    """.split()
)

# Words that with a letter after them name a kind of share or bond: "Class B common", "Series A".
SHARE_CLASS_WORDS = frozenset("class series tranche".split())

# Sports, as a wire's sports desk opens a headline ("SOCCER - SHEARER NAMED AS ENGLAND CAPTAIN"):
# in such a story every country is a team or a player's, named as one of its entries.
SPORTS = frozenset(
    """
    soccer football tennis cricket golf rugby boxing basketball baseball athletics cycling
    motor racing motorcycling formula one horse racing ice hockey hockey volleyball handball
    swimming skiing rowing sailing yachting squash badminton snooker darts judo wrestling
    olympics nfl nba nhl
    """.split()
)

# The heads of bodies named "X of Y" ("Bank of England", "University of Chicago", "Friends of the
# Earth"): a capitalised pair before "of" ending in one of these is the body's name, not a person
# with an affiliation ("Lynn Reaser of Barnett Banks Inc").
BODY_HEADS = frozenset(
    """
    university universities institute institution association federation union league society
    church department bureau office chamber court house college school academy museum friends
    party organisation organization confederation movement front army navy force forces council
    commission ministry committee board agency authority bank banks fund trust foundation club
    state states republic kingdom province city county district port bay gulf isle island islands
    cape lake river mount sea coast duke duchess prince princess king queen lord earl baron
    chancellor secretary minister president governor mayor archbishop bishop pope sultan emir
    council conference congress assembly parliament senate order orchestra theatre hospital
    centre center stock exchange market times daily journal news gazette star voice
    """.split()
)
