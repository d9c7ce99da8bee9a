"""Coordination-order sites: two coordinated items trade places, meaning kept.

Treaty language coordinates constantly (``on income and on capital``, ``to revoke
or suspend``, ``economic and social development``, ``the Commission and the
Secretariat``). When both items are short, carry no legal word and the words
around them attach to the pair as a whole, a drafter reading one copy cannot tell
which order was the original. Five shapes are accepted, each narrowly:

- ``repeated``: a preposition repeated before each item (``of A or of B``), both
  items at most five words, the second closed by punctuation or by a word that
  cannot continue a noun phrase (a determiner, a modal or auxiliary, a
  subordinator); the preposition does not occur earlier in the clause, so the pair
  cannot hang inside a longer phrase of the same shape.
- ``verbs``: two verbs after ``to`` or a modal sharing an object (``to revoke or
  suspend such authorisations``); with ``or`` any two verbs, with ``and`` only two
  verbs of a vetted list of verbs that imply no sequence; never a pair of
  :data:`SEQUENCE_PAIRS`.
- ``adjectives``: two adjectives of a vetted closed list before a noun
  (``technical and financial assistance``), not after an adverb, and not after
  ``a``/``an`` when the swap would need the other article.
- ``determiners``: two short noun phrases each with its own article (``the
  Commission and the Secretariat``, ``a company or an association``) at the start
  of a clause or after a symmetric word (``between``, ``both``), closed as above;
  with the same article only the nouns move, so a capital stays first; also the
  object of a verb right after a modal or ``to`` (``shall inform the Commission
  and the Secretariat.``).
- ``quantified``: two bare nouns after ``any``, ``all``, ``every``, ``these``...
  (``any vessel or aircraft``), followed by punctuation or a function word other
  than ``of`` (which binds to the nearer noun).

Never: a pronoun or anaphor in an item (``its``, ``such``, ``the same``,
``thereof``, ``other``...), a number, a forbidden word, a quoted (defined) term,
a sentence that says ``respectively`` or ``in that order``, items where one is the
other's inflection or prefix (``class or classes``), a conventional binomial
(given by the caller: :data:`onetext.trace.structure.FIXED_PAIRS`). Pure; yields
``(start, end, start2, end2)`` spans relative to the sentence given.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from onetext.trace.forbidden import FORBIDDEN_WORDS

__all__ = [
    "COORDINATION_ADJECTIVES",
    "SEQUENCE_PAIRS",
    "SYMMETRIC_VERBS",
    "coordination_spans",
    "related_items",
]

Spans = tuple[int, int, int, int]

COORDINATION_ADJECTIVES = frozenset(
    """economic social technical financial legal administrative scientific cultural
    national international regional bilateral multilateral public private inbound outbound
    political environmental commercial industrial judicial fiscal educational medical
    humanitarian federal provincial municipal governmental non-governmental maritime
    agricultural institutional operational organisational organizational procedural
    ancillary supplementary preparatory auxiliary temporary permanent direct indirect
    domestic foreign formal informal physical mental moral material spiritual urban rural
    existing future oral written human animal statistical professional vocational academic
    linguistic religious ethnic racial economical technological military civilian
    practical logistical educative sanitary phytosanitary veterinary postal joint
    protective promotional personal different identical equivalent comparable""".split()
)
"""Adjectives common in treaty text whose order before a noun is free."""

SYMMETRIC_VERBS = frozenset(
    """promote protect encourage facilitate support strengthen enhance respect preserve
    safeguard foster improve expand deepen broaden intensify assist advise coordinate
    harmonise harmonize simplify clarify modernise modernize diversify increase
    reinforce""".split()
)
"""Verbs that, joined by ``and``, name two parallel aims, not two steps."""

SEQUENCE_PAIRS = frozenset(
    {
        frozenset(pair.split("/"))
        for pair in """sign/ratify ratify/accept accept/approve review/approve develop/implement
        adopt/implement design/implement plan/implement prepare/submit prepare/adopt
        consider/adopt examine/approve receive/examine receive/consider collect/analyse
        collect/analyze collect/process identify/address establish/maintain
        negotiate/conclude investigate/prosecute prosecute/punish arrest/detain search/seize
        seize/confiscate prevent/combat prevent/suppress detect/prevent monitor/evaluate
        assess/evaluate draft/adopt issue/publish take/discharge taking/discharging
        promote/protect protect/promote""".split()
    }
)
"""Verb pairs whose order is a sequence or a formula: never swapped."""

_PREPOSITIONS = (
    "of on in to for by from with at under into against over through upon towards toward"
)
_PREPOSITION_SET = frozenset(_PREPOSITIONS.split())
_MODALS = frozenset("shall may will must should can could would might".split())
_CLOSING_WORDS = frozenset(
    """the a an all any each every no shall may will must should can could would might is
    are was were has have had be if where when unless provided whether whereas while
    whilst""".split()
)
"""Words that cannot continue the noun phrase before them: a pair closed by one of
them has nothing hanging on its last item alone."""
_AGREEING = frozenset("is are was were has have does do".split())
_REFERRING = frozenset(
    """it its they them their theirs this that these those such said same thereof therein
    thereto therewith thereunder hereof herein hereto he she him her his we our us you your
    who whom whose which what other others another similar further additional remaining
    rest former latter respective respectively aforementioned aforesaid above below
    following preceding either both neither each every all any some no not nor one ones
    own also then only still thus hence""".split()
)
"""Words that refer back or quantify: an item holding one keeps its place."""
_NUMBER_WORDS = frozenset(
    """one two three four five six seven eight nine ten eleven twelve thirteen fourteen
    fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy
    eighty ninety hundred thousand million billion first second third fourth fifth half
    twice once double single""".split()
)
_SAFE_BEFORE_DETERMINERS = frozenset(
    """between among amongst both that means mean include includes including notify
    inform consult invite invites request requests""".split()
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
_TOKEN = re.compile(r"[A-Za-z][A-Za-z'-]*|\d[\d.,]*|[^\sA-Za-z\d]")
_ORDER_WORDS = re.compile(
    r"\b(?:respectively|in (?:that|this|the same) order|vice versa|in turn|alternately|"
    r"alternating|successively|consecutively|in rotation|followed by)\b",
    re.IGNORECASE,
)


def _stem(word: str) -> str:
    word = word.lower()
    if word.endswith("ies") and len(word) > 5:
        return word[:-3] + "y"
    for ending in ("es", "s", "ed", "ing"):
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


_NEGATING_PREFIXES = ("in", "im", "il", "ir", "un", "non", "non-", "dis", "de")


def _negated(word: str, other: str) -> bool:
    """``incorporeal`` is ``corporeal`` negated (``international`` is not ``national``)."""
    return word.endswith(other) and word[: len(word) - len(other)] in _NEGATING_PREFIXES


def related_items(first: str, second: str) -> bool:
    """Whether two items share a word, its inflection or a prefix (``class`` and
    ``classes``, ``the offender`` and ``the alleged offender``): swapped, such a pair
    reads as a correction, so it keeps its order."""
    ones = [w.lower() for w in _WORD.findall(first) if w.lower() not in {"the", "a", "an"}]
    twos = [w.lower() for w in _WORD.findall(second) if w.lower() not in {"the", "a", "an"}]
    for x in ones:
        for y in twos:
            if x.startswith(y) or y.startswith(x) or _negated(x, y) or _negated(y, x):
                return True  # "class", "classes"; "corporeal", "incorporeal"
            if _stem(x) == _stem(y):
                return True
    return False


def _plain_item(item: str) -> bool:
    """An item made of words only, with no legal, referring or number word."""
    tokens = _TOKEN.findall(item)
    if not tokens or not all(_WORD.fullmatch(t) for t in tokens):
        return False
    for token in tokens:
        word = token.lower()
        if word in FORBIDDEN_WORDS or word in _REFERRING or word in _NUMBER_WORDS:
            return False
        if word in _MODALS or word in {"and", "or", "nor", "but"}:
            return False
        if word.startswith("there") or word.startswith("here"):
            return False  # thereof, hereinafter...
    return True


def _fixed(first: str, second: str, pairs: frozenset[tuple[str, str]]) -> bool:
    a, b = first.lower().split()[-1], second.lower().split()[-1]
    return (a, b) in pairs or (b, a) in pairs


def _item_end(tail: str, conjunction: str, limit: int) -> int | None:
    """Where the item at the start of ``tail`` ends: before the first punctuation
    mark or closing word within ``limit`` words (a leading article belongs to the
    item); ``None`` when nothing closes it, or when an agreeing verb follows an
    ``or`` (it agrees with the nearer item)."""
    words = list(re.finditer(r"[A-Za-z][A-Za-z'-]*|\S", tail))
    end = 0
    for index, match in enumerate(words):
        token = match.group(0)
        word = token.lower()
        closing = not _WORD.fullmatch(token) or (index > 0 and word in _CLOSING_WORDS)
        if closing:
            if index == 0 or token in "([\"'\u201c\u2018":
                return None
            if conjunction == "or" and word in _AGREEING:
                return None
            return end
        if index == 0 and word in {"the", "a", "an"}:
            limit += 1
        if index >= limit:
            return None
        end = match.end()
    return end if words else None


_LIST_GOES_ON = re.compile(
    r"^, (?:[A-Za-z][A-Za-z'-]*)(?: [A-Za-z][A-Za-z'-]*){0,2}(?:,| and | or )"
)


def _list_goes_on(rest: str) -> bool:
    """``of duties and of increases, surcharges and costs``: the second item opens a
    longer list, and a swap would regroup it."""
    found = _LIST_GOES_ON.match(rest)
    if found is None:
        return False
    words = found.group(0)[2:].split()
    return not any(w.strip(",").lower() in _PREPOSITION_SET | {"including"} for w in words)


def _quoted(sentence: str, start: int, end: int) -> bool:
    for match in re.finditer(r"[\"\u201c\u2018'][^\"\u201d\u2019]*[\"\u201d\u2019]", sentence):
        if match.start() < end and start < match.end():
            return True
    return False


def _clause_before(sentence: str, position: int) -> str:
    """The text of the clause before ``position`` (from the last ``,;:(``)."""
    head = sentence[:position]
    cut = max(head.rfind(c) for c in ",;:(")
    return head[cut + 1 :]


_REPEATED = re.compile(
    rf"(?<![\w-])(?P<conj>and|or) (?P<prep>{_PREPOSITIONS.replace(' ', '|')}) ",
)


_MODIFIER_ENDING = re.compile(r"(?:al|ic|ive|ous|ary|ory|ible|able|ant|ent|ful|less|ish)$")


def _modifier(word: str) -> bool:
    word = word.lower()
    return (
        word in COORDINATION_ADJECTIVES
        or bool(_MODIFIER_ENDING.search(word))
        or (word.startswith("non-"))
    )


def _repeated_prepositions(sentence: str) -> Iterable[Spans]:
    for match in _REPEATED.finditer(sentence):
        prep, conj = match.group("prep"), match.group("conj")
        clause = _clause_before(sentence, match.start())
        words = clause.split()
        if prep not in words:
            continue
        last = len(words) - 1 - words[::-1].index(prep)
        if prep in words[:last]:
            continue  # "of the sale of goods or of services": which "of" is repeated?
        first = " ".join(words[last + 1 :])
        if not 1 <= len(first.split()) <= 5:
            continue
        if prep == "to" and not re.match(r"(?:the|an?|[A-Z])\b", first):
            continue  # "to analyse incidents and to organise": verbs, not nouns
        a_start = match.start() - 1 - len(first)
        if sentence[a_start : match.start() - 1] != first:
            continue
        size = _item_end(sentence[match.end() :], conj, 5)
        if size is None:
            continue
        second = sentence[match.end() : match.end() + size].split()
        if len(second) > len(first.split()) and _modifier(first.split()[-1]):
            continue  # "of a military and of a non-military nature": the first lacks its noun
        yield a_start, a_start + len(first), match.end(), match.end() + size


_VERB_PAIR = re.compile(
    r"(?<![\w-])(?P<lead>[Tt]o|shall|may|will|must|should|can|could|would|might) "
    r"(?P<a>[a-z]{3,}) (?P<conj>and|or) (?P<b>[a-z]{3,}) (?P<next>[a-z]+)\b"
)
_OBJECT_START = frozenset(
    """the a an any all such its their his her this these those each every other
    whatever""".split()
)


_NOT_AN_OBJECT = (_PREPOSITION_SET | _CLOSING_WORDS | _MODALS | {"and", "or", "nor", "not"}) - (
    _OBJECT_START
)


def _verb_pairs(sentence: str) -> Iterable[Spans]:
    for match in _VERB_PAIR.finditer(sentence):
        a, b, conj = match.group("a"), match.group("b"), match.group("conj")
        if frozenset((a, b)) in SEQUENCE_PAIRS or a.endswith("ly") or b.endswith("ly"):
            continue
        if a.endswith(("ing", "ed")) or b.endswith(("ing", "ed")):
            continue
        following = match.group("next")
        if match.group("lead").lower() == "to" and following not in _OBJECT_START:
            continue  # "to goods or services provided": nouns, not verbs
        if following in _NOT_AN_OBJECT:
            continue  # "shall take or cause to be taken": no shared object
        if conj == "and" and not (a in SYMMETRIC_VERBS and b in SYMMETRIC_VERBS):
            continue
        yield match.start("a"), match.end("a"), match.start("b"), match.end("b")


_ADJECTIVE_PAIR = re.compile(
    r"(?<![\w-])(?P<a>[a-z][a-z-]{2,}) (?P<conj>and|or) (?P<b>[a-z][a-z-]{2,}) "
    r"(?P<noun>[a-z][a-z-]{2,})\b"
)
_VOWEL_SOUND = re.compile(r"^(?:[aeio]|u(?!n[iy]|s[eu]|t))", re.IGNORECASE)


def _adjective_pairs(sentence: str) -> Iterable[Spans]:
    for match in _ADJECTIVE_PAIR.finditer(sentence):
        a, b, noun = match.group("a"), match.group("b"), match.group("noun")
        if a not in COORDINATION_ADJECTIVES or b not in COORDINATION_ADJECTIVES:
            continue
        if noun in COORDINATION_ADJECTIVES or noun in FORBIDDEN_WORDS or noun in _REFERRING:
            continue
        if noun in {"and", "or", "nor", "of", "to", "in", "on", "for", "by", "with", "as"}:
            continue
        before = sentence[: match.start()].split()
        previous = before[-1].lower() if before else ""
        if previous.endswith(("ly", ",")):
            continue  # an adverb scopes over the first adjective; a formula list
        if previous in {"a", "an"} and bool(_VOWEL_SOUND.match(a)) != bool(_VOWEL_SOUND.match(b)):
            continue  # "an economic or social" would need "a social or economic"
        yield match.start("a"), match.end("a"), match.start("b"), match.end("b")


_DETERMINER_PAIR = re.compile(
    r"(?<![\w-])(?P<da>[Tt]he|[Aa]n?) (?P<a>[A-Za-z][A-Za-z'-]*(?: [A-Za-z][A-Za-z'-]*){0,2}) "
    r"(?P<conj>and|or) (?P<db>the|an?) "
)
_NOT_IN_NOUN_PHRASE = _PREPOSITION_SET | _CLOSING_WORDS | {"and", "or", "nor", "as", "than"}


def _verb_before(clause: list[str]) -> bool:
    """The pair is the object of a verb right after a modal or ``to`` (``shall
    inform the Commission and the Secretariat``): nothing before it can take one
    item alone."""
    if len(clause) < 2:
        return False
    verb, lead = clause[-1].lower(), clause[-2].lower()
    if lead not in _MODALS and lead != "to":
        return False
    not_a_verb = _PREPOSITION_SET | _CLOSING_WORDS | _REFERRING | FORBIDDEN_WORDS
    return verb not in not_a_verb and not verb.endswith(("ly", "ing", "ed"))


def _determiner_pairs(sentence: str) -> Iterable[Spans]:
    for match in _DETERMINER_PAIR.finditer(sentence):
        da, db, a = match.group("da"), match.group("db"), match.group("a")
        if any(w.lower() in _NOT_IN_NOUN_PHRASE for w in a.split()):
            continue
        clause = _clause_before(sentence, match.start()).split()
        previous = clause[-1].lower() if clause else ""
        if (
            previous in {"between", "among", "amongst"}
            and len(clause) >= 2
            and clause[-2][:1].isupper()
        ):
            continue  # "the Agreement between the Netherlands and the Agency": a title
        if previous and previous not in _SAFE_BEFORE_DETERMINERS and not _verb_before(clause):
            if not (previous in _PREPOSITION_SET and len(clause) >= 2):
                continue
            if not clause[-2].lower().endswith(("ed", "en")):
                continue  # "the decision of the Commission and ...": "of" could bind one
        size = _item_end(sentence[match.end() :], match.group("conj"), 3)
        if size is None:
            continue
        b = sentence[match.end() : match.end() + size]
        if any(w.lower() in _NOT_IN_NOUN_PHRASE for w in b.split()):
            continue
        if da.lower() == db:
            yield match.start("a"), match.end("a"), match.end(), match.end() + size
        elif not da[0].isupper():  # "A company or an association": the capital stays
            yield match.start("da"), match.end("a"), match.start("db"), match.end() + size


_QUANTIFIED_PAIR = re.compile(
    r"(?<![\w-])(?P<q>any|all|no|every|each|either|these|those) "
    r"(?P<a>[a-z][a-z-]{2,}) (?P<conj>and|or) (?P<b>[a-z][a-z-]{2,})(?![\w'-])"
)
_AFTER_BARE_PAIR = re.compile(
    r"^(?:[,;:.)]|$|\s(?:in|to|for|on|at|with|from|by|shall|may|will|must|should|are|is|"
    r"were|was|as|within|under|between|among|into|during|after|before|until|where|when|if|"
    r"without|upon|over|per|via|concerning|regarding|have|has|had|be|being|been|can|could|"
    r"would|might)\b)"
)
"""What may follow a bare pair: the vetted function words of
:mod:`onetext.trace.structure`, less ``of`` (it binds to the nearer noun), less
``that``/``which``/``who`` (a relative clause may belong to the second item only)."""


def _quantified_pairs(sentence: str) -> Iterable[Spans]:
    """``any person or entity``: a quantifier or demonstrative distributes over a
    pair of bare nouns the way an article does."""
    for match in _QUANTIFIED_PAIR.finditer(sentence):
        rest = sentence[match.end() :]
        if not _AFTER_BARE_PAIR.match(rest):
            continue
        conj = match.group("conj")
        if conj == "or" and re.match(r"\s(?:is|are|was|were|has|have)\b", rest):
            continue  # the verb agrees with the nearer item
        if match.group("q") == "either" and conj != "or":
            continue
        if _modifier(match.group("a")) or _modifier(match.group("b")):
            continue  # "any public or private": adjectives, the noun follows later
        yield match.start("a"), match.end("a"), match.start("b"), match.end("b")


def _named(item: str) -> bool:
    """An item with a capitalised word: a party, a State, an institution or a defined term."""
    return any(word[:1].isupper() for word in item.split())


def coordination_spans(
    sentence: str, fixed_pairs: frozenset[tuple[str, str]] = frozenset()
) -> Iterable[Spans]:
    """The coordinated pairs of one sentence that may trade places, as
    ``(start, end, start2, end2)``, the two items in text order, none overlapping;
    ``fixed_pairs`` are conventional binomials (last words of the items)."""
    if _ORDER_WORDS.search(sentence):
        return
    taken: list[tuple[int, int]] = []
    finders = (
        _repeated_prepositions,
        _verb_pairs,
        _adjective_pairs,
        _determiner_pairs,
        _quantified_pairs,
    )
    for finder in finders:
        for s1, e1, s2, e2 in finder(sentence):
            first, second = sentence[s1:e1], sentence[s2:e2]
            if not (_plain_item(first) and _plain_item(second)):
                continue
            if first.lower() == second.lower() or related_items(first, second):
                continue
            if _named(first) or _named(second):
                continue  # parties and institutions are named in an order of protocol
            if _fixed(first, second, fixed_pairs) or _quoted(sentence, s1, e2):
                continue
            if first.split()[-1].lower() in _PREPOSITION_SET | {"the", "a", "an"}:
                continue
            if second.split()[-1].lower() in _PREPOSITION_SET | {"the", "a", "an"}:
                continue
            if s1 == 0:
                continue  # a sentence-initial capital would move
            if _list_goes_on(sentence[e2:]):
                continue
            if any(s1 < b and a < e2 for a, b in taken):
                continue
            taken.append((s1, e2))
            yield s1, e1, s2, e2
