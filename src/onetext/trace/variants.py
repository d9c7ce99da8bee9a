"""The curated tables of meaning-preserving variants.

Each group lists surface forms that mean exactly the same in a legal text; the
site finder offers the forms of a group wherever one of them occurs. Nothing here
may contain a word of :data:`onetext.trace.forbidden.FORBIDDEN_WORDS` (a test
checks it). Spelling groups pair British and American forms (-ise/-ize, -our/-or,
-re/-er, -ce/-se, -ll-/-l-); phrase groups are neutral paraphrases of drafting
style; hyphen groups are the accepted ways of writing one compound.
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = [
    "CLOSED_CLASHES",
    "HYPHEN_GROUPS",
    "HYPHEN_PREFIXES",
    "NUMBER_UNITS",
    "NUMBER_WORDS",
    "PERCENT_FORMS",
    "PHRASE_GROUPS",
    "SPELLING_GROUPS",
    "VariantGroup",
    "number_in_words",
]


class VariantGroup(NamedTuple):
    """Surface forms with one meaning; ``one_way``: only ``forms[0]`` starts a site."""

    forms: tuple[str, ...]
    one_way: bool = False


_ISE_STEMS = (
    "author",
    "capital",
    "categor",
    "character",
    "civil",
    "demilitar",
    "demobil",
    "emphas",
    "final",
    "formal",
    "harmon",
    "institutional",
    "legal",
    "legitim",
    "mobil",
    "modern",
    "monet",
    "neutral",
    "normal",
    "operational",
    "organ",
    "penal",
    "priorit",
    "privat",
    "real",
    "recogn",
    "rational",
    "standard",
    "stabil",
    "summar",
    "synchron",
    "util",
    "visual",
    "minim",
    "maxim",
    "memorial",
    "optim",
    "symbol",
    "special",
    "central",
    "decentral",
    "criminal",
    "apolog",
    "jeopard",
    "scrutin",
    "mechan",
    "subsid",
    "militar",
    "radical",
    "industrial",
    "national",
    "critic",
    "local",
    "revital",
    "immun",
    "terror",
    "sympath",
    "equal",
    "custom",
    "digit",
    "familiar",
    "general",
    "global",
    "hospital",
    "individual",
    "liberal",
    "marginal",
    "material",
    "memor",
    "monopol",
    "polar",
    "popular",
    "public",
    "regular",
    "sanit",
    "social",
    "steril",
    "synthes",
    "urban",
    "vital",
    "item",
    "democrat",
    "computer",
)
_ISE_ENDINGS = (
    ("ise", "ize"),
    ("ises", "izes"),
    ("ised", "ized"),
    ("ising", "izing"),
    ("isation", "ization"),
    ("isations", "izations"),
    ("isational", "izational"),
)
_OUR_STEMS = (
    "lab",
    "hon",
    "fav",
    "behavi",
    "neighb",
    "harb",
    "vig",
    "rum",
    "col",
    "sav",
    "arm",
    "rig",
    "val",
    "ferv",
    "hum",
    "od",
    "vap",
    "clam",
)
_OUR_ENDINGS = ("", "s", "ed", "ing", "able", "ably", "ite", "ites", "hood", "er", "ers")
_RE_WORDS = ("centre", "kilometre", "metre", "theatre", "fibre", "litre", "millimetre", "calibre")
_CE_WORDS = (("defence", "defense"), ("offence", "offense"), ("pretence", "pretense"))
_LL_WORDS = (
    "cancel",
    "travel",
    "model",
    "label",
    "signal",
    "fuel",
    "level",
    "channel",
    "total",
    "counsel",
    "equal",
)
_OTHER_SPELLING = (
    ("programme", "program"),
    ("programmes", "programs"),
    ("judgement", "judgment"),
    ("judgements", "judgments"),
    ("acknowledgement", "acknowledgment"),
    ("ageing", "aging"),
    ("catalogue", "catalog"),
    ("fulfil", "fulfill"),
    ("fulfilment", "fulfillment"),
    ("instalment", "installment"),
    ("instalments", "installments"),
    ("enrolment", "enrollment"),
    ("manoeuvre", "maneuver"),
    ("manoeuvres", "maneuvers"),
    ("towards", "toward"),
    ("amongst", "among"),
    ("analyse", "analyze"),
    ("paralyse", "paralyze"),
    ("grey", "gray"),
    ("analysed", "analyzed"),
    ("dialogue", "dialog"),
    ("afterwards", "afterward"),
    ("sceptical", "skeptical"),
    ("railway", "railroad"),
    ("railways", "railroads"),
    ("licence", "license"),
    ("licences", "licenses"),
    ("per cent", "percent"),
    ("paediatric", "pediatric"),
    ("enrol", "enroll"),
    ("mould", "mold"),
    ("sulphur", "sulfur"),
)
_ONE_WAY_SPELLING = (("whilst", "while"),)


def _spelling_groups() -> tuple[VariantGroup, ...]:
    groups: list[tuple[str, ...]] = []
    for stem in _ISE_STEMS:
        groups += [(stem + uk, stem + us) for uk, us in _ISE_ENDINGS]
    for stem in _OUR_STEMS:
        groups += [(f"{stem}our{end}", f"{stem}or{end}") for end in _OUR_ENDINGS]
    for word in _RE_WORDS:
        groups += [(word, word[:-2] + "er"), (word + "s", word[:-2] + "ers")]
    groups += list(_CE_WORDS)
    for stem in _LL_WORDS:
        groups += [(f"{stem}led", f"{stem}ed"), (f"{stem}ling", f"{stem}ing")]
    groups += list(_OTHER_SPELLING)
    return tuple(VariantGroup(g) for g in groups) + tuple(
        VariantGroup(g, one_way=True) for g in _ONE_WAY_SPELLING
    )


SPELLING_GROUPS: tuple[VariantGroup, ...] = _spelling_groups()
"""British form first, American second."""

PHRASE_GROUPS: tuple[VariantGroup, ...] = (
    VariantGroup(("in order to", "so as to")),
    VariantGroup(("in order that", "so that")),
    VariantGroup(("with regard to", "regarding", "with respect to", "concerning", "in respect of")),
    VariantGroup(("in the event of", "in case of")),
    VariantGroup(("on a voluntary basis", "voluntarily")),
    VariantGroup(("on a regular basis", "regularly")),
    VariantGroup(("in a timely manner", "in a timely fashion")),
    VariantGroup(("in a sustainable manner", "sustainably")),
    VariantGroup(("in writing", "in written form")),
    VariantGroup(("in a position to", "able to")),
    VariantGroup(("with the assistance of", "with the help of")),
    VariantGroup(("on the territory of", "in the territory of")),
    VariantGroup(("furthermore,", "moreover,", "in addition,")),
    VariantGroup(("to that end", "for that purpose", "to this end", "for this purpose")),
    VariantGroup(("in this regard", "in that regard")),
    VariantGroup(("information on", "information about")),
    VariantGroup(("for the purpose of", "for the purposes of")),
    VariantGroup(("the present Agreement", "this Agreement")),
    VariantGroup(("the present Convention", "this Convention")),
    VariantGroup(("the present Treaty", "this Treaty")),
    VariantGroup(("the present Protocol", "this Protocol")),
    VariantGroup(("the present Arrangement", "this Arrangement")),
    VariantGroup(("the present Memorandum", "this Memorandum")),
    VariantGroup(("the present Article", "this Article")),
    VariantGroup(("the present Annex", "this Annex")),
    VariantGroup(("for example", "for instance")),
    VariantGroup(("that is to say", "namely")),
    VariantGroup(("take part in", "participate in")),
    VariantGroup(("takes part in", "participates in")),
    VariantGroup(("took part in", "participated in")),
    VariantGroup(("taking part in", "participating in")),
    VariantGroup(("with a view to", "with the aim of")),
    VariantGroup(("the aforementioned", "the aforesaid", "the said")),
    VariantGroup(("in accordance with", "in conformity with")),
    VariantGroup(("in relation to", "in connection with")),
    VariantGroup(("relating to", "pertaining to")),
    VariantGroup(("referred to in", "mentioned in")),
    VariantGroup(("set out in", "set forth in")),
    VariantGroup(("sets out", "sets forth")),
    VariantGroup(("take into account", "take into consideration")),
    VariantGroup(("takes into account", "takes into consideration")),
    VariantGroup(("taken into account", "taken into consideration")),
    VariantGroup(("taking into account", "taking into consideration")),
    VariantGroup(("as a result of", "as a consequence of")),
    VariantGroup(("due to", "owing to")),
    VariantGroup(("at the request of", "upon the request of")),
    VariantGroup(("hereinafter referred to as", "hereinafter called")),
    VariantGroup(("once a year", "once per year")),
    VariantGroup(("twice a year", "twice per year")),
    VariantGroup(("once a month", "once per month")),
    VariantGroup(("carry out", "perform")),
    VariantGroup(("carries out", "performs")),
    VariantGroup(("carried out", "performed")),
    VariantGroup(("carrying out", "performing")),
    VariantGroup(("take a decision", "make a decision")),
    VariantGroup(("state the reasons", "give the reasons")),
    VariantGroup(("written notification", "notification in writing")),
    VariantGroup(("in the field of", "in the area of", "in the sphere of")),
    VariantGroup(("at the same time", "simultaneously")),
    VariantGroup(("as a priority", "as a matter of priority")),
    VariantGroup(("be communicated to", "be transmitted to")),
    VariantGroup(("be published", "be made public")),
    VariantGroup(("composed of", "consisting of")),
    VariantGroup(("for an indefinite period", "for an unlimited period")),
    VariantGroup(("take effect", "become effective")),
    VariantGroup(("under the age of", "below the age of")),
    VariantGroup(("desiring to", "wishing to")),
    VariantGroup(("be allowed to", "be permitted to")),
    VariantGroup(("for reasons of", "on grounds of")),
    VariantGroup(("laid down", "set out"), one_way=True),
    VariantGroup(("commence", "begin")),
    VariantGroup(("commences", "begins")),
    VariantGroup(("in the course of", "over the course of"), one_way=True),
    VariantGroup(("in particular", "particularly"), one_way=True),
    VariantGroup(("upon", "on"), one_way=True),
    VariantGroup(("commencement", "beginning"), one_way=True),
    VariantGroup(("assist", "help"), one_way=True),
    VariantGroup(("assistance", "help"), one_way=True),
    VariantGroup(("whereby", "through which"), one_way=True),
    VariantGroup(("the entry into force", "entry into force"), one_way=True),
    VariantGroup(("in conjunction with", "together with")),
    VariantGroup(("as soon as possible", "at the earliest possible time")),
    VariantGroup(("in the light of", "in light of")),
    VariantGroup(("draw up", "prepare"), one_way=True),
    VariantGroup(("drawn up", "prepared"), one_way=True),
)
"""Neutral drafting paraphrases. ``one_way``: only the first form starts a site
(``on`` is not always ``upon``)."""

HYPHEN_GROUPS: tuple[VariantGroup, ...] = (
    VariantGroup(("ceasefire", "cease-fire")),
    VariantGroup(("peacekeeping", "peace-keeping")),
    VariantGroup(("peacekeepers", "peace-keepers")),
    VariantGroup(("peacebuilding", "peace-building")),
    VariantGroup(("cooperation", "co-operation")),
    VariantGroup(("cooperate", "co-operate")),
    VariantGroup(("coordinate", "co-ordinate")),
    VariantGroup(("coordination", "co-ordination")),
    VariantGroup(("coordinated", "co-ordinated")),
    VariantGroup(("non-aggression", "nonaggression")),
    VariantGroup(("post-war", "postwar")),
    VariantGroup(("pre-war", "prewar")),
    VariantGroup(("anti-personnel", "antipersonnel")),
    VariantGroup(("socio-economic", "socioeconomic")),
    VariantGroup(("subcommittee", "sub-committee")),
    VariantGroup(("subcommittees", "sub-committees")),
    VariantGroup(("subparagraph", "sub-paragraph")),
    VariantGroup(("reintegration", "re-integration")),
    VariantGroup(("redeployment", "re-deployment")),
    VariantGroup(("demining", "de-mining")),
    VariantGroup(("e-mail", "email")),
    VariantGroup(("multi-party", "multiparty")),
    VariantGroup(("well-being", "wellbeing")),
    VariantGroup(("counter-terrorism", "counterterrorism")),
    VariantGroup(("inter-agency", "interagency")),
    VariantGroup(("nationwide", "nation-wide")),
    VariantGroup(("checkpoint", "check-point")),
    VariantGroup(("checkpoints", "check-points")),
    VariantGroup(("stockpile", "stock-pile")),
    VariantGroup(("stockpiles", "stock-piles")),
    VariantGroup(("ex-combatants", "former combatants")),
    VariantGroup(("secretary-general", "secretary general")),
    VariantGroup(("non-discriminatory", "nondiscriminatory")),
    VariantGroup(("non-governmental", "nongovernmental")),
    VariantGroup(("non-violent", "nonviolent")),
    VariantGroup(("health care", "healthcare")),
    VariantGroup(("hotline", "hot line")),
    VariantGroup(("minefield", "mine-field")),
    VariantGroup(("minefields", "mine-fields")),
    VariantGroup(("landmines", "land mines")),
    VariantGroup(("reopen", "re-open")),
    VariantGroup(("re-establish", "reestablish")),
    VariantGroup(("crossing point", "crossing-point")),
    VariantGroup(("stand-off", "standoff")),
    VariantGroup(("build-up", "buildup")),
    VariantGroup(("multi-year", "multiyear")),
    VariantGroup(("transboundary", "trans-boundary")),
    VariantGroup(("intergovernmental", "inter-governmental")),
    VariantGroup(("subregional", "sub-regional")),
    VariantGroup(("groundwater", "ground water")),
    VariantGroup(("wastewater", "waste water")),
    VariantGroup(("floodplains", "flood plains")),
    VariantGroup(("floodplain", "flood plain")),
    VariantGroup(("watercourse", "water course")),
    VariantGroup(("watercourses", "water courses")),
    VariantGroup(("website", "web site")),
    VariantGroup(("online", "on-line")),
    VariantGroup(("childcare", "child care")),
    VariantGroup(("timeframe", "time frame", "time-frame")),
    VariantGroup(("time limit", "time-limit")),
    VariantGroup(("time limits", "time-limits")),
    VariantGroup(("pre-existing", "preexisting")),
    VariantGroup(("post-conflict", "postconflict")),
    VariantGroup(("self-employed", "self employed"), one_way=True),
    VariantGroup(("on-demand", "on demand"), one_way=True),
    VariantGroup(("medium-term", "medium term"), one_way=True),
    VariantGroup(("policy-making", "policy making"), one_way=True),
    VariantGroup(("income-related", "income related"), one_way=True),
    VariantGroup(("cross-border", "crossborder")),
    VariantGroup(("decision-making", "decision making"), one_way=True),
    VariantGroup(("large-scale", "large scale"), one_way=True),
    VariantGroup(("confidence-building", "confidence building"), one_way=True),
    VariantGroup(("multiple-rocket", "multiple rocket"), one_way=True),
    VariantGroup(("follow-up", "follow up"), one_way=True),
    VariantGroup(("long-term", "long term"), one_way=True),
    VariantGroup(("short-term", "short term"), one_way=True),
    VariantGroup(("day-to-day", "day to day"), one_way=True),
)
"""Compounds written closed, hyphenated or open."""

HYPHEN_PREFIXES = ("non", "multi", "inter", "anti", "socio", "intra", "post", "pre", "sub")
"""Prefixes whose hyphenated compounds (``non-binding``, ``multi-year``) may also be
written closed; the closed form of a word on :data:`CLOSED_CLASHES` is another word."""

CLOSED_CLASHES = frozenset(
    {
        "preposition",
        "present",
        "prevent",
        "presentation",
        "presume",
        "presumption",
        "postage",
        "interned",
        "intern",
        "interment",
        "subject",
        "submission",
        "subsidiary",
        "preserve",
        "prescribe",
        "premises",
        "intercourse",
        "interest",
        "preface",
        "prefix",
        "premise",
    }
)

NUMBER_WORDS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]

NUMBER_UNITS = (
    "days",
    "day",
    "weeks",
    "week",
    "months",
    "month",
    "years",
    "year",
    "hours",
    "hour",
    "kilometres",
    "kilometers",
    "metres",
    "meters",
    "members",
    "persons",
    "observers",
    "representatives",
    "delegates",
    "experts",
    "officers",
    "rounds",
    "meetings",
    "working days",
    "calendar days",
    "copies",
    "languages",
    "seats",
    "stations",
    "millimetres",
    "millimeters",
    "minutes",
    "vehicles",
    "units",
    "convoys",
    "sites",
    "monitors",
    "staff",
    "posts",
    "teams",
    "crossings",
    "checkpoints",
)
"""Nouns after which a small number may be written in figures or in words."""

PERCENT_FORMS = ("{n} per cent", "{n} percent", "{n}%")


def number_in_words(n: int) -> str:
    """``435`` → ``four hundred thirty-five``; 0 to 999 (no ``and``: it is forbidden)."""
    if n < 0 or n > 999:
        raise ValueError(n)
    hundreds, rest = divmod(n, 100)
    if hundreds:
        head = f"{NUMBER_WORDS[hundreds]} hundred"
        return head if not rest else f"{head} {number_in_words(rest)}"
    if n < 20:
        return NUMBER_WORDS[n]
    tens, ones = divmod(n, 10)
    return _TENS[tens - 2] + (f"-{NUMBER_WORDS[ones]}" if ones else "")
