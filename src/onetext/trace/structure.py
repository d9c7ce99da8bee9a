"""Structural variant sites: word order and optional punctuation, meaning kept.

A retyped quote keeps word order and the punctuation inside sentences, so these
sites survive where invisible marks and layout do not. Each finder is deliberately
narrow; what it accepts is vetted here, once:

- ``comma``: the optional comma after a short introductory phrase
  (``To that end, the Mission`` / ``To that end the Mission``) and before ``and``
  joining two clauses that each have their own subject and modal verb.
- ``sentences``: two adjacent sentences of one paragraph swap places when neither
  refers to the other (no pronoun, demonstrative, ``such``, sequence word, no
  body introduced with ``a``/``an`` or ``established``) and neither is a
  definition.
- ``items``: two coordinated single words (``food and medicine``, ``roads, bridges
  and schools``: the first two) swap when both are lower-case content words, not a
  fixed pair, and the sentence says nothing of order (``respectively``).
- ``shift``: in a sentence with one modal verb and no other punctuation, a
  trailing time adverbial from a vetted list (``within thirty days``, ``without
  delay``, ``at least once a year``...) stands after the verb phrase or between
  the modal and the verb (``The consulate shall take a decision within thirty
  days`` / ``The consulate shall within thirty days take a decision``). The verb
  phrase carries no forbidden word, no second verb (no ``to`` + verb, no ``-ing``,
  no relative pronoun), so the adverbial can only scope over the one verb in
  both positions, and the forbidden words keep their order.
- ``move``: a sentence-initial adverbial from a vetted list of starters (time
  limits, ``in accordance with``, ``to that end``...) moves behind the modal verb
  of a short subject (``Within thirty days, the Parties shall withdraw`` /
  ``The Parties shall, within thirty days, withdraw``), and back. In both
  positions the adverbial scopes over the whole verb phrase, and every word,
  forbidden or not, stays inside its sentence.

Pure: returns plain tuples that :mod:`onetext.trace.sites` turns into sites.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from typing import NamedTuple

from onetext.trace.coordination import coordination_spans, related_items
from onetext.trace.forbidden import FORBIDDEN_WORDS, word_tokens

__all__ = [
    "FIXED_PAIRS",
    "MOVABLE_STARTERS",
    "Rewrite",
    "comma_rewrites",
    "common_words",
    "item_rewrites",
    "join_rewrites",
    "move_rewrites",
    "sentence_rewrites",
    "sentence_spans",
    "shift_rewrites",
]


class Rewrite(NamedTuple):
    """A structural candidate: ``kind`` names the site kind; swaps and moves use
    both spans, commas only the first."""

    kind: str
    start: int
    end: int
    variants: tuple[str, ...]
    start2: int = 0
    end2: int = 0


MOVABLE_STARTERS = (
    "within",
    "upon",
    "after",
    "before",
    "during",
    "in accordance with",
    "in conformity with",
    "in the event of",
    "in case of",
    "to that end",
    "to this end",
    "for that purpose",
    "for this purpose",
    "in particular",
    "at the request of",
    "upon request",
    "on request",
    "in that case",
    "in such a case",
    "as soon as possible",
    "without delay",
    "not later than",
    "no later than",
    "at least once a year",
    "every year",
    "every month",
    "in consultation with",
    "with the assistance of",
    "through diplomatic channels",
    "on a regular basis",
    "by mutual consent",
)
"""Adverbials that may stand first or behind the modal verb with the same scope."""

_MODALS = ("shall", "may", "will", "must", "should")
_SUBJECT_START = frozenset(
    "the each either a an every any its their such this these those both neither no".split()
)
_LOWERABLE = frozenset(
    {
        *_SUBJECT_START,
        *(s.split()[0] for s in MOVABLE_STARTERS),
        "we",
        "they",
    }
)
_INTRODUCERS = re.compile(
    r"^(?:[Ff]urthermore|[Mm]oreover|[Ii]n addition|[Tt]o that end|[Tt]o this end|"
    r"[Ff]or that purpose|[Ff]or this purpose|[Ii]n particular|[Ii]n that case|"
    r"[Ii]n this regard|[Ii]n that regard|[Aa]ccordingly|[Tt]hereafter|[Ii]n practice|"
    r"[Ii]n principle|[Ii]n general|"
    r"(?:Within|After|Before|During|Upon|In|For|On|At|Under|Through|With) [^,;:.]{2,40})"
    r"(?P<comma>,) (?=(?:the|each|either|a|an|every|its|their|such|this|these|those|both|"
    r"no|neither|any|[A-Z][a-z]*) )",
)
_SUBJECT_AHEAD = (
    r"(?=(?:the|each|either|a|an|every|its|their|our|such|this|these|those|both|no|neither|"
    r"any|we|they|it|he|she|[A-Z][a-z]*) )"
)
_INTRO_CLAUSE = re.compile(
    r"^(?:(?:If|Where|When|Whenever|Once|Unless|Until|While|Whilst|Although|Since|As soon as|"
    r"As long as|In case|Before|After|To [a-z]+|[A-Z][a-z]{2,}ing) [^,;:.()\[\]]{3,90}"
    r"|(?:Within|After|Before|During|Upon|In|For|On|At|Under|Through|With|From|By|Over|"
    r"Following|Throughout|Between|Among|Across|Beyond|Pending|Without) [^,;:.()\[\]]{41,70})"
    r"(?P<comma>,) " + _SUBJECT_AHEAD
)
"""A sentence-initial subordinate clause, infinitive or participle, or a longer
prepositional phrase, closed by a comma before the subject: the comma is optional."""
_CLAUSE_AND = re.compile(
    r"(?P<comma>,?) and (?=(?:(?:the|each|either|a|an|its|their|our|such|this|these|that|those)"
    r"(?: [A-Za-z-]+){1,4} |(?:we|they|it) )?(?:shall|may|will|must|should|can) )"
)
_PURPOSE = re.compile(
    r"(?<=[a-z])(?P<comma>,?) (?=(?:in order to|so as to|with a view to|so that|"
    r"in accordance with|in conformity with|in consultation with|in cooperation with|"
    r"in co-operation with|in collaboration with|with the support of|"
    r"with the assistance of|with the help of|in close cooperation with)\b)"
)
"""A comma before a purpose clause or a phrase that only ever modifies the verb."""
ANAPHORA = frozenset(
    """it its they them their theirs this that these those such said same thereof therein
    thereto thereafter thereby therefore hereafter then also further furthermore moreover
    however accordingly subsequently first second third fourth next above below preceding
    following former latter aforementioned aforesaid another again otherwise likewise
    similarly besides finally lastly previously thus hence consequently he she him her his
    respectively addition established means mean meaning include includes""".split()
)
"""Words that tie a sentence to its neighbours: a sentence with one keeps its place."""

FIXED_PAIRS = frozenset(
    {
        ("terms", "conditions"),
        ("law", "order"),
        ("peace", "security"),
        ("safety", "security"),
        ("men", "women"),
        ("women", "men"),
        ("boys", "girls"),
        ("girls", "boys"),
        ("day", "night"),
        ("north", "south"),
        ("east", "west"),
        ("supply", "demand"),
        ("trial", "error"),
        ("goods", "services"),
        ("rules", "regulations"),
        ("research", "development"),
        ("ratification", "acceptance"),
        ("acceptance", "approval"),
        ("interpretation", "application"),
        ("monitoring", "evaluation"),
        ("present", "future"),
        ("signature", "ratification"),
        ("first", "second"),
        ("laws", "regulations"),
        ("income", "capital"),
        ("law", "regulations"),
        ("rights", "obligations"),
        ("rights", "duties"),
        ("duties", "obligations"),
        ("whole", "part"),
        ("regional", "minority"),
        ("civil", "political"),
        ("privileges", "immunities"),
        ("acts", "omissions"),
        ("exploration", "exploitation"),
        ("arrival", "departure"),
        ("entry", "exit"),
        ("imports", "exports"),
        ("import", "export"),
        ("passengers", "cargo"),
        ("cargo", "mail"),
        ("speech", "writing"),
        ("reading", "writing"),
        ("teaching", "study"),
        ("ship", "aircraft"),
        ("ships", "aircraft"),
        ("husband", "wife"),
        ("mother", "child"),
        ("theory", "practice"),
        ("ratification", "approval"),
        ("signature", "accession"),
        ("conversion", "remittance"),
        ("name", "behalf"),
        ("land", "sea"),
        ("loss", "damage"),
        ("past", "present"),
        ("kind", "description"),
    }
)
"""Pairs whose order is idiom or formula: a drafter would notice them swapped."""

_FUNCTION_BEFORE = frozenset(
    """the of in to for on at with from by its their our his her a an as between among into
    onto through via about against toward towards under over upon including such""".split()
)
_FUNCTION_AFTER = re.compile(
    r"^(?:[,;:.)]|\s(?:of|in|to|for|on|at|with|from|by|shall|may|will|must|should|are|is|"
    r"were|was|as|that|which|who|within|near|across|through|under|between|among|into|"
    r"throughout|during|after|before|until|where|when|if|so|than|along|around|beyond|against|"
    r"without|upon|over|above|below|per|via|including|concerning|regarding|and|or|have|has|"
    r"had|be|being|been|do|does|can|could|would|might|must|need)\b)"
)
_NOT_ITEMS = frozenset(
    """the a an of in to for on at with from by its their our his her this that these those
    such which who whom whose what shall may will must should can could would might is are
    was were be been being has have had do does did not no nor also only other others same
    both either neither each every all any some more most less least many much few one two
    three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen
    seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred
    thousand first second third""".split()
)
_ADJECTIVE = re.compile(r"(?:al|ic|ive|ous|ary|ible|able|ant|ent|ful)$")
_SUBJECT_WORDS = (
    r"(?:The|Each|Either|A|An|Every|Its|Their|Such|This|These|Those|Both|No|Neither|Any)"
)
_ABBREVIATIONS = re.compile(r"(?:\b(?:No|Nos|Art|para|paras|e\.g|i\.e|etc|Mr|Ms|Dr|St|cf|vol)\.$)")
_SENTENCE_END = re.compile(r"[.!?](?= [A-Z\"'(])")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentences of ``text`` as ``(start, end)``, end after the full stop; never across
    a line break or after a common abbreviation."""
    spans: list[tuple[int, int]] = []
    offset = 0
    for line in text.split("\n"):
        start = 0
        for match in _SENTENCE_END.finditer(line):
            if _ABBREVIATIONS.search(line[start : match.end()]):
                continue
            spans.append((offset + start, offset + match.end()))
            start = match.end() + 1
        if line[start:].strip():
            spans.append((offset + start, offset + len(line.rstrip())))
        offset += len(line) + 1
    return spans


def comma_rewrites(text: str) -> Iterable[Rewrite]:
    """Optional commas: after a short introductory phrase, before a clause-joining ``and``."""
    for start, end in sentence_spans(text):
        sentence = text[start:end]
        intro = _INTRODUCERS.match(sentence)
        if intro and len(sentence[: intro.start("comma")].split()) <= 6:
            at = start + intro.start("comma")
            yield Rewrite("comma", at, at + 1, (",", ""))
        else:
            clause = _INTRO_CLAUSE.match(sentence)
            if clause and len(sentence[: clause.start("comma")].split()) <= 16:
                at = start + clause.start("comma")
                yield Rewrite("comma", at, at + 1, (",", ""))
        for match in _PURPOSE.finditer(sentence):
            at = start + match.start()
            if match.group("comma"):
                yield Rewrite("comma", at, at + 1, (",", ""))
            else:
                yield Rewrite("comma", at, at, ("", ","))
        if not any(f" {m} " in f" {sentence[: len(sentence) // 2]} " for m in _MODALS):
            continue
        for match in _CLAUSE_AND.finditer(sentence):
            before = sentence[: match.start()]
            if not any(f" {m} " in f" {before} " for m in _MODALS):
                continue
            at = start + match.start()
            if match.group("comma"):
                yield Rewrite("comma", at, at + 1, (",", ""))
            else:
                yield Rewrite("comma", at, at, ("", ","))


def _independent(sentence: str) -> bool:
    words = word_tokens(sentence)
    if len(words) < 4 or set(words) & ANAPHORA:
        return False
    if re.search(r"\b(?:[Aa]n?) [A-Z]", sentence) or '"' in sentence:
        return False
    return sentence.endswith(".") and not sentence.lower().startswith(("done ", "in witness"))


def sentence_rewrites(text: str) -> Iterable[Rewrite]:
    """Adjacent independent sentences of one line, in pairs (1-2, 3-4, ...)."""
    spans = sentence_spans(text)
    used = -1
    for index in range(len(spans) - 1):
        if index <= used:
            continue
        (s1, e1), (s2, e2) = spans[index], spans[index + 1]
        if text[e1:s2] != " ":
            continue
        first, second = text[s1:e1], text[s2:e2]
        if _independent(first) and _independent(second) and first[-1] == second[-1]:
            used = index + 1
            yield Rewrite("sentences", s1, e1 - 1, (first[:-1], second[:-1]), s2, e2 - 1)


def common_words(texts: Iterable[str]) -> frozenset[str]:
    """Words a document writes in lower case and never capitalised inside a sentence
    (one that starts a sentence may be lower-cased after a semicolon), and, marked
    with a leading ``^``, words it only ever capitalises (names, defined terms: they
    keep their capital after a semicolon)."""
    lower: set[str] = set()
    capital: set[str] = set()
    for text in texts:
        lower.update(re.findall(r"(?<![\w-])[a-z][a-z-]+(?![\w-])", text))
        capital.update(re.findall(r"(?<=[a-z,] )[A-Z][a-z-]+", text))
    folded = {w.lower() for w in capital}
    names = {"^" + w for w in capital if w.lower() not in lower}
    return frozenset((lower - folded) | names)


_BARE_NUMBER = re.compile(
    r"(?:(?:^|[\s.;:)])(?:\d+[a-z]?|[ivx]{1,4}|[a-z])|\((?:\d+[a-z]?|[ivx]{1,4}|[a-z])\))\.$"
)


def join_rewrites(
    text: str, avoid: Iterable[tuple[int, int]] = (), common: frozenset[str] = frozenset()
) -> Iterable[Rewrite]:
    """A full stop between two sentences of one line may be a semicolon; the next
    sentence must start with a determiner or a word of ``common``
    (:func:`common_words`), lower-cased after the semicolon."""
    spans = sentence_spans(text)
    blocked = list(avoid)
    for (_, e1), (s2, _) in itertools.pairwise(spans):
        if text[e1 - 1 : s2] != ". ":
            continue
        if _BARE_NUMBER.search(text, 0, e1):
            continue  # "... tax. 4. The Convention": a paragraph number, not a sentence end
        head = re.match(_SUBJECT_WORDS + r"\b", text[s2:])
        first = re.match(r"[A-Z][a-z-]+\b", text[s2:])
        keep = False
        if head is None and first is not None:
            if first.group(0).lower() in common:
                head = first
            elif "^" + first.group(0) in common:
                head, keep = first, True
        if head is None or any(a <= e1 - 1 < b or a <= s2 < b for a, b in blocked):
            continue
        word = head.group(0)
        after = word if keep else word.lower()
        yield Rewrite("join", e1 - 1, s2 + len(word), (f". {word}", f"; {after}"))


_PAIR = re.compile(r"(?<![\w'-])([a-z][a-z-]{2,}) (and|or) ([a-z][a-z-]{2,})(?![\w'-])")
_THE_PAIR = re.compile(r"(?<![\w'-])(the [a-z][a-z-]{2,}) (and|or) (the [a-z][a-z-]{2,})(?![\w'-])")
_LIST3 = re.compile(
    r"(?<![\w'-])([a-z][a-z-]{2,}), ([a-z][a-z-]{2,}),? (and|or) ([a-z][a-z-]{2,})(?![\w'-])"
)


def _content_words(*words: str) -> bool:
    return all(
        w not in _NOT_ITEMS and w not in FORBIDDEN_WORDS and not w.endswith("ly") for w in words
    ) and not any(related_items(a, b) for a, b in itertools.combinations(words, 2))


def _article_fits(before: list[str], first: str, second: str) -> bool:
    """``an oil or gas well`` cannot become ``an gas or oil well``."""
    if not before or before[-1].lower() not in {"a", "an"}:
        return True
    return (first[:1] in "aeiou") == (second[:1] in "aeiou")


def item_rewrites(text: str, permute_lists: bool = True) -> Iterable[Rewrite]:
    """Two coordinated single words swap; a list of three single words takes any of
    its six orders, with or without the serial comma (one ``list`` site, written
    as an edit); without ``permute_lists``, the first two of a list swap."""
    for start, end in sentence_spans(text):
        sentence = text[start:end]
        lowered = sentence.lower()
        if "respectively" in lowered or "in that order" in lowered or "in this order" in lowered:
            continue
        taken: list[tuple[int, int]] = []
        for match in _LIST3.finditer(sentence):
            a, b, c = match.group(1), match.group(2), match.group(4)
            if permute_lists:
                before = sentence[: match.start()].split()
                if not before or before[-1].lower() not in _FUNCTION_BEFORE:
                    continue
                if not _FUNCTION_AFTER.match(sentence[match.end() :] or "."):
                    continue
                if sentence[match.end() :].startswith(" of "):
                    continue  # "places of worship": the last item may own its complement
                if not _content_words(a, b, c) or len({a, b, c}) < 3:
                    continue
                if (a, b) in FIXED_PAIRS or (b, c) in FIXED_PAIRS:
                    continue  # a formula ("ratification, acceptance or approval")
                taken.append((match.start(), match.end()))
                own = match.group(0)
                conj = match.group(3)
                forms = [own] + [
                    f"{x}, {y}{comma} {conj} {z}"
                    for x, y, z in itertools.permutations((a, b, c))
                    for comma in ("", ",")
                    if f"{x}, {y}{comma} {conj} {z}" != own
                ]
                yield Rewrite("list", start + match.start(), start + match.end(), tuple(forms))
                continue
            before = sentence[: match.start()].split()
            if not before or before[-1].lower() not in _FUNCTION_BEFORE:
                continue
            adjectives = bool(_ADJECTIVE.search(a) and _ADJECTIVE.search(b))
            if not adjectives and not _FUNCTION_AFTER.match(sentence[match.end() :] or "."):
                continue
            if not _content_words(a, b, c) or (a, b) in FIXED_PAIRS:
                continue
            if not _article_fits(before, a, b):
                continue
            taken.append((match.start(), match.end()))
            yield Rewrite(
                "items",
                start + match.start(1),
                start + match.end(1),
                (a, b),
                start + match.start(2),
                start + match.end(2),
            )
        for match in _THE_PAIR.finditer(sentence):
            a, b = match.group(1), match.group(3)
            if not _FUNCTION_AFTER.match(sentence[match.end() :] or "."):
                continue
            if not _content_words(a[4:], b[4:]) or (a[4:], b[4:]) in FIXED_PAIRS or a == b:
                continue
            taken.append((match.start(), match.end()))
            yield Rewrite(
                "items",
                start + match.start(1),
                start + match.end(1),
                (a, b),
                start + match.start(3),
                start + match.end(3),
            )
        for match in _PAIR.finditer(sentence):
            if any(s <= match.start() < e for s, e in taken):
                continue
            a, b = match.group(1), match.group(3)
            before = sentence[: match.start()].split()
            if not before or before[-1].lower() not in _FUNCTION_BEFORE:
                continue
            if before[-1].endswith(","):
                continue
            adjectives = bool(_ADJECTIVE.search(a) and _ADJECTIVE.search(b))
            if not adjectives and not _FUNCTION_AFTER.match(sentence[match.end() :] or "."):
                continue
            if not _content_words(a, b) or (a, b) in FIXED_PAIRS or a == b:
                continue
            if not _article_fits(before, a, b):
                continue
            taken.append((match.start(), match.end()))
            yield Rewrite(
                "items",
                start + match.start(1),
                start + match.end(1),
                (a, b),
                start + match.start(3),
                start + match.end(3),
            )
        for s1, e1, s2, e2 in coordination_spans(sentence, FIXED_PAIRS):
            if any(s < e2 and s1 < e for s, e in taken):
                continue
            taken.append((s1, e2))
            yield Rewrite(
                "items",
                start + s1,
                start + e1,
                (sentence[s1:e1], sentence[s2:e2]),
                start + s2,
                start + e2,
            )


_STARTER = "|".join(re.escape(s) for s in sorted(MOVABLE_STARTERS, key=len, reverse=True))
_MODAL = "|".join(_MODALS)
_SUBJECT = r"(?:[A-Za-z][\w'-]*)(?: [A-Za-z][\w'-]*){0,6}"
_FRONT = re.compile(
    rf"^(?P<adv>(?:{_STARTER})\b[^,;:()\[\]]{{0,60}}?), (?P<subj>{_SUBJECT} (?:{_MODAL}))"
    rf"(?= (?!not\b|never\b|only\b)[a-z])",
    re.IGNORECASE,
)
_MIDDLE = re.compile(
    rf"^(?P<subj>{_SUBJECT} (?:{_MODAL})), (?P<adv>(?:{_STARTER})\b[^,;:()\[\]]{{0,60}}?),"
    rf"(?= [a-z])",
    re.IGNORECASE,
)


def _one_modal(sentence: str) -> bool:
    return sum(1 for w in word_tokens(sentence) if w in _MODALS) == 1


def _subject_ok(subject: str) -> bool:
    words = subject.split()
    head = words[0]
    if head.lower() not in _SUBJECT_START and not head[:1].isupper():
        return False
    return not any(w.lower() in _MODALS for w in words[:-1]) and "," not in subject


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def lower_first(text: str) -> str:
    """Lower-case the first word only if it is a determiner or a vetted starter."""
    head = text.split(" ", 1)[0]
    return text[:1].lower() + text[1:] if head.lower() in _LOWERABLE else text


def move_rewrites(text: str) -> Iterable[Rewrite]:
    """``ADV, SUBJECT MODAL verb`` <-> ``SUBJECT MODAL, ADV, verb`` at a sentence start."""
    for start, end in sentence_spans(text):
        sentence = text[start:end]
        if not _one_modal(sentence):
            continue
        front = _FRONT.match(sentence)
        if front and _subject_ok(front.group("subj")):
            adv, subj = front.group("adv"), front.group("subj")
            yield Rewrite(
                "move",
                start + front.start("adv"),
                start + front.end("adv"),
                (adv, subj),
                start + front.start("subj"),
                start + front.end("subj"),
            )
            continue
        middle = _MIDDLE.match(sentence)
        if middle and _subject_ok(middle.group("subj")):
            adv, subj = middle.group("adv"), middle.group("subj")
            yield Rewrite(
                "move",
                start + middle.start("subj"),
                start + middle.end("subj"),
                (subj, adv),
                start + middle.start("adv"),
                start + middle.end("adv"),
            )


_TIME_UNIT = r"(?:working |calendar )?(?:days?|weeks?|months?|years?|hours?)"
_AMOUNT = r"(?:\d{1,3}|[a-z]+(?:-[a-z]+)?)(?: \(\d{1,3}\))?"
_FIXED_ADVERBIALS = (
    rf"within (?:a period of )?{_AMOUNT} {_TIME_UNIT}|as soon as possible|without delay|"
    r"at least once a (?:year|month)|once a (?:year|month)|at least once per (?:year|month)|"
    r"at the earliest opportunity|at the earliest possible time|through diplomatic channels|"
    rf"by mutual consent|on a regular basis|every {_AMOUNT} {_TIME_UNIT}|at any time|"
    r"upon request|on request|at the request of (?:the|either|each|any|a|an) [A-Z][\w-]*"
    r"(?: [A-Z][\w-]*){0,3}|jointly|annually|regularly|immediately|promptly|"
    r"by (?:19|20)\d\d|in (?:19|20)\d\d|by the end of (?:the|this|its|their|our) [a-z]+"
    r"(?: [a-z]+)?"
)
_NOT_FRONTED = re.compile(r"^(?:jointly|annually|regularly|immediately|promptly)$")
_PASSIVE_ONLY = r"in accordance with|in conformity with"
_TRAILING = re.compile(
    rf"^(?P<subj>[A-Z][^;:()\[\]]*? (?:{_MODAL}) )(?P<vp>[a-z][^,;:()\[\]]*?) "
    rf"(?P<adv>(?:{_FIXED_ADVERBIALS})(?: of [^,;:()\[\]]{{1,60}})?"
    rf"|(?:{_PASSIVE_ONLY}) [^,;:()\[\]]{{1,60}})[.;]$"
)
_SECOND_VERB = re.compile(
    r"\bto (?!(?:the|a|an|its|their|his|her|our|this|these|those|such|[A-Z])\b)[a-z]"
    r"|\b[a-z]+ing\b|\b(?:that|which|who|whom|whose)\b"
)


def _shiftable(vp: str) -> bool:
    """A verb phrase the adverbial may cross: one verb (``be`` + participle allowed),
    at most 12 words, no forbidden word, no second verb or relative clause."""
    words = word_tokens(vp)
    if not 1 <= len(words) <= 12 or set(words) & FORBIDDEN_WORDS:
        return False
    if words[0] in {"also", "then", "thereafter"}:
        return False
    return not _SECOND_VERB.search(vp)


def _frontable(subject: str) -> bool:
    """A short subject without a comma whose first word may be lower-cased behind a
    fronted adverbial: a determiner or ``we``/``they``."""
    words = subject.split()
    if "," in subject or len(words) > 9:
        return False
    return words[0].lower() in _LOWERABLE  # a name or a noun would keep its capital


def shift_rewrites(text: str) -> Iterable[Rewrite]:
    """``SUBJ MODAL vp ADV.``: the vetted adverbial ``ADV`` may also stand between the
    modal and the verb (``shall within thirty days take``; not after ``will``, where
    it reads as prose) or, with a comma, before the subject. One site, two spans
    (``SUBJ MODAL vp`` and ``ADV``); ``variants`` are the positions as written in
    the version, in the order end, middle, front."""
    for start, end in sentence_spans(text):
        sentence = text[start:end]
        if not _one_modal(sentence):
            continue
        trailing = _TRAILING.match(sentence)
        if trailing is None:
            continue
        subj, vp, adv = trailing.group("subj"), trailing.group("vp"), trailing.group("adv")
        if re.match(_PASSIVE_ONLY, adv) and (not vp.startswith("be ") or "," in subj):
            continue  # an active object could carry the phrase: "measures in accordance ..."
        if not _shiftable(vp):
            continue
        forms = [f"{subj}{vp} {adv}"]
        if not subj.endswith("will "):
            forms.append(f"{subj}{adv} {vp}")
        if _frontable(subj) and not _NOT_FRONTED.match(adv):
            forms.append(f"{upper_first(adv)}, {lower_first(subj)}{vp}")
        if len(forms) > 1:
            yield Rewrite(
                "shift",
                start,
                start + trailing.end("vp"),
                tuple(forms),
                start + trailing.start("adv"),
                start + trailing.end("adv"),
            )
