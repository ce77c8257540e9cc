"""Word lists of the event coder (:mod:`vetowatch.extract.events`): modality heads, verbs
whose dictionary patterns are idioms, dictionary gaps, synonyms.

Written for vetowatch from the CAMEO codebook's categories and the PLOVER codebook; no
third-party text.
"""

from __future__ import annotations

FUTURE_AUX = frozenset({"will", "would", "shall", "'ll", "wo"})
DEONTIC_AUX = frozenset({"must", "should"})
INTENT_HEADS = frozenset(
    {
        "agree",
        "plan",
        "prepare",
        "intend",
        "vow",
        "pledge",
        "promise",
        "offer",
        "swear",
        "decide",
        "ready",
        "willing",
        "prepared",
        "determined",
        "expect",
        "aim",
        "seek",
    }
)
# a directive's ordered act is the event: "ordered the paper to suspend publication"
DIRECTIVES = frozenset({"order", "force", "compel", "oblige", "instruct", "direct"})
PROMISES = frozenset({"agree", "promise", "pledge", "offer", "vow", "commit"})
REFUSALS = frozenset({"refuse", "decline", "reject", "deny", "spurn", "rebuff"})
# the intent form of a deed: cooperation → express intent (03x), force → threaten (13x)
INTENT_OF = {"04": "036", "05": "032", "06": "031", "07": "033", "08": "035"}
THREAT_OF = {
    "14": "133",
    "15": "138",
    "16": "131",
    "17": "137",
    "18": "138",
    "19": "138",
    "20": "138",
}

# light verbs: their patterns are idioms ("take part", "make way") of that verb alone
IDIOM_VERBS = frozenset(
    {
        "take",
        "make",
        "give",
        "have",
        "get",
        "hold",
        "put",
        "set",
        "do",
        "go",
        "come",
        "keep",
        "bring",
        "run",
        "pay",
        "lay",
        "turn",
        "draw",
    }
)
# verbs the dictionary lacks or leaves without a code, coded from the CAMEO codebook
EXTRA_VERBS = {
    "demobilize": "0873",  # demobilise armed forces
    "demobilise": "0873",
    "renege": "120",  # go back on a commitment: reject
    "violate": "128",  # defy norms, law (patterns such as violated the ceasefire win)
}
# particles and prepositions: a pattern made of these alone (``- * TO``) has no content
FUNCTION_WORDS = frozenset(
    {
        "to",
        "up",
        "out",
        "off",
        "away",
        "down",
        "in",
        "on",
        "back",
        "over",
        "for",
        "with",
        "into",
        "at",
        "by",
        "from",
        "about",
        "around",
        "through",
    }
)
# words the dictionary's patterns use one of, for the same thing: "diplomatic ties" matches
# a pattern written with "diplomatic relations"
SYNONYMS = {"ties": "relations", "tie": "relation", "relations": "ties", "relation": "tie"}
