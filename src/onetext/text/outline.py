"""Read a negotiating text into a :class:`~onetext.text.tree.DocumentTree`.

The reader goes line by line and keeps a stack of open nodes. It knows the
markers real texts use: ``Part II``/``Chapter 3``/``Section A``/``Article 4``
(with the heading after a dash or colon, or on the next line), Roman ``II.``
and letter ``A.`` headings, Markdown ``#`` and setext headings, ``{Title}``
lines, paragraphs ``1.``, ``12)``, ``1bis.``, ``3.3alt:``, ``1.1.2``,
``Point 7``, ``Paragraph 3``, UN ``PP1``/``OP3`` (preambular and operative
paragraphs), ``Article 4, paragraph 2``; items ``(a)``,
``a.``, ``a)``, ``(i)``, ``(1)``, bullets ``-``, ``–``, ``•``, ``→``, and
items marked only by indentation under a chapeau ending in ``:``;
``Option 1:`` blocks; footnote definitions ``[^4]: ...``. Every word of the
source lands in the title, the preamble, a heading, a label or a node's text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from onetext.errors import DocumentParseError
from onetext.text.brackets import check_balance, extract_notes, extract_options, stray_brackets
from onetext.text.tree import DocumentTree, Level, Node

__all__ = ["MAX_LINES", "parse_document", "parse_document_lines", "strip_emphasis"]

MAX_LINES = 200_000
"""A text longer than this is refused: parsing must stay bounded."""

_SUFFIX = r"(?:\s?(?:bis|ter|quater|quinquies|sexies|septies|octies|alt))"
_EMPH = r"(?:\*\*|__)?"
_WORD_NUMBERS = (
    "ONE|TWO|THREE|FOUR|FIVE|SIX|SEVEN|EIGHT|NINE|TEN|One|Two|Three|Four|Five|Six|Seven|"
    "Eight|Nine|Ten"
)
_KINDS: dict[str, Level] = {
    "part": Level.PART,
    "title": Level.PART,
    "annex": Level.PART,
    "appendix": Level.PART,
    "schedule": Level.PART,
    "chapter": Level.CHAPTER,
    "chap.": Level.CHAPTER,
    "section": Level.SECTION,
    "sect.": Level.SECTION,
    "§": Level.SECTION,
    "subsection": Level.SECTION,
    "article": Level.ARTICLE,
    "art.": Level.ARTICLE,
}
_CONTAINER = re.compile(
    rf"^(?P<bracket>\[)?{_EMPH}(?P<word>Part|PART|Title|TITLE|Annex|ANNEX|Appendix|APPENDIX|Schedule|SCHEDULE|"
    r"Chapter|CHAPTER|Chap\.|Section|SECTION|Sect\.|§|Subsection|SUBSECTION|"
    r"Article|ARTICLE|Art\.)\s*"
    rf"(?P<num>(?:\d{{1,6}}|[IVXLCDM]{{1,8}}|[A-Z]|{_WORD_NUMBERS})(?:[.\-]\d{{1,4}})*{_SUFFIX}?"
    r"(?:\([a-z]{1,3}\))*)"
    rf"\.?{_EMPH}(?(bracket)\])"  # "[Article 3bis]": a whole Article in brackets
    r"(?:\s*$|\s*(?:[.:—–]|\s-)\s*(?P<title>.*?)\s*$|\s+(?P<caps>[A-Z][A-Z0-9 ,'’&()\-]{2,})$"
    r"|\s+\((?P<paren>[^()]{1,80})\)$)"  # "Article 2 (purpose)", as ADP drafts head them
)
_ARTICLE_PARAGRAPH = re.compile(
    r"^(?:Article|ARTICLE|Art\.)\s+(?P<article>\d{1,6}" + _SUFFIX + r"?),?\s+"
    r"(?:paragraph|Paragraph|para\.|Para\.)\s+(?P<num>\d{1,6}" + _SUFFIX + r"?)"
    r"\s*[.:]?\s*(?P<rest>.*)$"
)
_ROMAN_HEADING = re.compile(r"^(?P<num>[IVXLC]{1,7})\.\s+(?P<title>[A-Z\[{(].{0,118})$")
_LETTER_HEADING = re.compile(r"^(?P<num>[A-Z])\.\s+(?P<title>[A-Z\[{(].{0,118})$")
_PARAGRAPH = re.compile(
    rf"^(?P<open>\[\s*)?{_EMPH}"
    r"(?:(?P<word>Point|POINT|Paragraph|PARAGRAPH|Para\.|Item|ITEM|Clause|CLAUSE)\s+"
    r"|(?P<un>PP|OP)\s?)?"
    rf"(?P<num>\d{{1,9}}(?:\.\d{{1,4}})*{_SUFFIX}?(?:\.\d{{1,4}})*(?:\([a-z]{{1,3}}\))*)"
    r"(?P<punct>\.\)|[.):])?"
    rf"{_EMPH}(?:\s+(?P<rest>.*?)|)\s*$"
)
_ITEM = re.compile(
    r"^(?P<open>\[\s*)?(?P<mark>\((?:[a-z]{1,3}|[ivxlc]{1,7}|\d{1,3}|[A-Z]{1,2})\)"
    rf"(?:{_SUFFIX}\.?(?=\S|\s))?"  # "(c)bis." in a converted decision
    r"|(?:[a-z]{1,2}|[ivxlc]{1,7}|[A-Z])\)|(?:[a-z]|[ivxlc]{2,7})\.(?=\s)"
    r"|[-–—•→▪◦+*](?=\s))\s*(?P<rest>.*?)\s*$"
)
_OPTION = re.compile(
    r"^(?P<open>\[\s*)?(?:Option|OPTION|Alternative|ALTERNATIVE)\s+(?P<num>\d{1,3}|[A-Z])"
    r"(?:\s*\((?P<note>[^()]{1,80})\))?"  # "Option I (paras 6-9bis):", as ADP decisions have it
    r"\s*(?:[:.)\-–—]\s*(?P<rest>.*?)|)\s*$"
)
_MD_HEADING = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<text>.+?)\s*#*\s*$")
_SETEXT = re.compile(r"^(?:=+|-{3,})\s*$")
_PREAMBLE = re.compile(r"^(?:Preamble|PREAMBLE|Preambular (?:part|paragraphs))\s*:?$")
_FRONT_MATTER_TITLE = re.compile(r"^title:\s*(?P<title>.+?)\s*$")
_BODY_LINE = re.compile(
    r"^(?:The|THE) (?:[A-Z][\w’'\-]* )*?(?:Assembly|Council|Conference of the Parties|"
    r"Meeting of the Parties|Commission|Board|Committee|Parties)(?: [\w’'\-/ ]{1,80})?,$"
)
"""``The General Assembly,`` / ``The Conference of the Parties,``: a resolution's or a
decision's acting body, after which unnumbered paragraphs are PP (then OP) units.
A treaty's ``The Parties to this Agreement,`` is not one: its preamble ends in
``Have agreed as follows:`` and stays words before the first Article unless a
``Preamble`` heading makes units of it."""
_TREATY_BODY = re.compile(r"^(?:The|THE) (?:High Contracting )?Parties to ", re.IGNORECASE)
_OPERATIVE = re.compile(
    r"^(?:(?:Also|Further|Furthermore|Strongly|Once again|Again|Hereby|Firmly)\s+)?"
    r"(?:Decides|Requests|Calls upon|Calls on|Urges|Invites|Encourages|Welcomes|Notes|"
    r"Takes note|Recogni[sz]es|Reaffirms|Affirms|Stresses|Emphasi[sz]es|Underlines|"
    r"Underscores|Expresses|Proclaims|Declares|Adopts|Approves|Endorses|Authori[sz]es|"
    r"Recommends|Appeals|Supports|Condemns|Demands|Acknowledges|Agrees|Resolves|"
    r"Reiterates|Confirms|Commends|Deplores|Regrets|Designates|Establishes|Requires)\b"
)
_KRAMDOWN_ATTRIBUTES = re.compile(r"^\{:[^{}]*\}$")
_BRACED = re.compile(r"^\{(?P<text>[^{}]+)\}$")
_FOOTNOTE = re.compile(r"^\[\^(?P<key>[^\]\s]+)\]:\s*(?P<text>.*)$")
_RULE = re.compile(r"^(?:\*\s*){3,}$|^(?:_\s*){3,}$")
_BOLD = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_ITALIC = re.compile(r"(?<![\w*\\])([*_])(?!\[)(?=\S)(.+?)(?<=\S)(?<!\])\1(?![\w*])")
_ROMAN = re.compile(r"^[ivxlc]+$")
_BULLETS = {
    "-": "dash",
    "–": "dash",
    "—": "dash",
    "•": "dot",
    "▪": "dot",
    "◦": "dot",
    "→": "arrow",
    "+": "star",
    "*": "star",
}
_TERMINAL = tuple('.;:!?)]"”’…')


def strip_emphasis(text: str) -> str:
    """Markdown bold and italics without their markers; ``*[note]*`` stays as written."""
    text = _BOLD.sub(r"\2", text)
    return _ITALIC.sub(r"\2", text)


def _heading_like(text: str) -> bool:
    """A short line that names a section rather than says something."""
    return (
        0 < len(text) <= 100
        and not text.endswith((".", ";", ":", ","))
        and (text[0].isupper() or text[0] in "[{(")
    )


def _caps(text: str) -> bool:
    """An ALL-CAPS heading; not a document symbol such as ``FCCC/CP/2015/L.9``."""
    letters = [c for c in text if c.isalpha()]
    return (
        len(letters) >= 4
        and "/" not in text
        and (" " in text or not any(c.isdigit() for c in text))
        and all(c.isupper() for c in letters)
        and len(text) <= 120
        and not text.endswith((":", ",", ";", "."))
    )


@dataclass
class _Builder:
    level: Level
    label: str
    key: str | None  # the citation component; None for unnumbered containers
    heading: str | None
    line: int
    indent: int = 0
    style: str = ""  # items: letter, roman, number, upper, bullet-x, indent
    option: bool = False
    printed: str = ""  # the marker as the text prints it: "Article 4", "Point 7", "(a)"
    paragraphs: list[str] = field(default_factory=list)
    fresh: bool = True
    children: list[_Builder] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    last_line_text: str = ""

    def add(self, text: str) -> None:
        if not text:
            return
        if self.paragraphs and not self.fresh:
            self.paragraphs[-1] = f"{self.paragraphs[-1]} {text}"
        else:
            self.paragraphs.append(text)
        self.fresh = False
        self.last_line_text = text

    @property
    def text(self) -> str:
        return "\n".join(p.strip() for p in self.paragraphs if p.strip())


def _item_style(mark: str, open_items: Sequence[_Builder]) -> tuple[str, str]:
    """(style, key) of an item marker. ``(i)``, ``(c)``, ``(v)`` are letters when they
    follow an open lettered item in order (``(h)`` then ``(i)``), else Roman numerals."""
    if not mark:
        return "indent", ""
    if mark[0] in _BULLETS:
        return f"bullet-{_BULLETS[mark[0]]}", ""
    core = mark.strip("().")
    if core.isdigit():
        return "number", f"({core})"
    if core.isupper():
        return "upper", f"({core})"
    if _ROMAN.match(core):
        for item in open_items:
            own = re.match(r"\((\w+)\)", item.key or "")  # "(b)quinquies" follows from b
            last = own.group(1)[-1:] if own else ""
            if item.style == "letter" and len(core) == 1 and last and ord(core) == ord(last) + 1:
                return "letter", f"({core})"
        return "roman", f"({core})"
    return "letter", f"({core})"


class _Reader:
    def __init__(self, lines: Sequence[str], *, markdown: bool, lenient: bool = False) -> None:
        self.lines = [line.expandtabs(4).rstrip() for line in lines]
        self.markdown = markdown
        self.lenient = lenient
        self.warnings: tuple[str, ...] = ()
        self.title: str | None = None
        self.preamble: list[str] = []
        self.preamble_fresh = False
        self.top: list[_Builder] = []
        self.stack: list[_Builder] = []
        self.pending_heading: str | None = None
        self.pending_line = 0
        self.footnotes: list[tuple[str, str, int]] = []
        self.bullet_counts: dict[int, int] = {}
        self.blank_before = False
        self.expect_heading: _Builder | None = None
        # unnumbered PP (then OP) units: after a "Preamble" heading (in its section)
        # or after "The General Assembly," (at the top)
        self.unnumbered: str | None = None
        self.unnumbered_parent: _Builder | None = None
        self.unnumbered_counts = {"PP": 0, "OP": 0}

    # -- the stack -------------------------------------------------------
    def current(self) -> _Builder | None:
        return self.stack[-1] if self.stack else None

    def open(self, node: _Builder, parent: _Builder | None) -> None:
        siblings = parent.children if parent is not None else self.top
        if self.pending_heading is not None and node.heading is not None:
            # the node has a heading of its own: the pending one heads the preamble,
            # or a section of its own just before the node
            if self.top:
                self.flush_heading_as_section(parent)
            else:
                self.preamble.append(self.pending_heading)
                self.pending_heading = None
        siblings.append(node)
        while self.stack and self.stack[-1] is not parent:
            self.stack.pop()
        self.stack.append(node)
        if self.pending_heading is not None:
            node.heading = self.pending_heading
            self.pending_heading = None

    def flush_heading_as_section(self, parent: _Builder | None) -> None:
        """A heading with nothing of its own to head becomes an unnumbered section."""
        if self.pending_heading is None:
            return
        section = _Builder(Level.SECTION, "", None, self.pending_heading, self.pending_line)
        (parent.children if parent is not None else self.top).append(section)
        self.pending_heading = None

    def container_parent(self, level: Level, number: str) -> _Builder | None:
        """Where a new container of ``level`` goes: under the nearest open container
        that ranks above it (or that its dotted number extends)."""
        rank = _RANK[level]
        stack = self.stack
        for index in range(len(stack) - 1, -1, -1):
            if stack[index].level is level and stack[index].key is not None:
                stack = stack[:index]  # a new Article goes beside the open one, never in it
                break
        for node in reversed(stack):
            if node.option or not node.level.is_container or (node is self.unnumbered_parent):
                continue
            if node.key is not None and number.startswith(f"{node.label}.") and node.level != level:
                return node
            if _RANK[node.level] < rank:
                return node
        return None

    def paragraph_parent(self) -> _Builder | None:
        for node in reversed(self.stack):
            if node.level.is_container or node.option:
                return node
        return None

    def article(self) -> _Builder | None:
        for node in reversed(self.stack):
            if node.level is Level.ARTICLE:
                return node
        return None

    # -- reading ---------------------------------------------------------
    def read(self) -> DocumentTree:
        if len(self.lines) > MAX_LINES:
            raise DocumentParseError(
                f"the text has {len(self.lines):,} lines; onetext reads at most {MAX_LINES:,}"
            )
        if self.lenient:
            self.warnings = tuple(
                f"unbalanced bracket read at its unit's edge: {stray}"
                for stray in stray_brackets("\n".join(self.lines))
            )
        else:
            check_balance("\n".join(self.lines))
        index = self.skip_front_matter()
        while index < len(self.lines):
            raw = self.lines[index]
            number = index + 1
            index += 1
            stripped = raw.strip()
            if not stripped:
                self.blank()
                continue
            if _RULE.match(stripped) and not self.markdown:
                continue
            if self.markdown and (
                _RULE.match(stripped) or (_SETEXT.match(stripped) and stripped.startswith("-"))
            ):
                continue
            footnote = _FOOTNOTE.match(stripped)
            if footnote:
                while index < len(self.lines) and self.lines[index].startswith("    "):
                    stripped = f"{stripped} {self.lines[index].strip()}"
                    index += 1
                self.footnotes.append((footnote.group("key"), stripped, number))
                continue
            underline = self.lines[index].strip() if index < len(self.lines) else ""
            if _SETEXT.match(underline) and not _ITEM.match(stripped):
                index += 1
                self.heading(strip_emphasis(stripped), number, depth=1 if "=" in underline else 2)
                continue
            heading = _MD_HEADING.match(stripped) if self.markdown or stripped[:1] == "#" else None
            if heading and (self.markdown or len(heading.group("hashes")) >= 1):
                text = strip_emphasis(heading.group("text"))
                self.heading(text, number, depth=len(heading.group("hashes")))
                continue
            if self.markdown and _KRAMDOWN_ATTRIBUTES.match(stripped):
                continue  # "{:toc}", "{: .class}": page-building attributes, not text
            braced = _BRACED.match(stripped)
            if braced and len(stripped) <= 120:
                self.heading(stripped, number, depth=6, plain=True)
                continue
            self.line(raw, strip_emphasis(stripped) if self.markdown else stripped, number)
        return self.finish()

    def skip_front_matter(self) -> int:
        """A YAML front matter block (``---`` … ``---``, as Jekyll and Pandoc write
        it) is metadata, not text: its ``title:`` is the title. Where the text begins."""
        if not self.lines or self.lines[0].strip() != "---":
            return 0
        for index in range(1, min(len(self.lines), 60)):
            line = self.lines[index].strip()
            if line in ("---", "..."):
                for meta in self.lines[1:index]:
                    found = _FRONT_MATTER_TITLE.match(meta.strip())
                    if found and self.title is None:
                        self.title = found.group("title").strip("'\"")
                return index + 1
            if line and not re.match(r"^[\w-]+:|^-\s|^\s", self.lines[index]):
                return 0
        return 0

    def blank(self) -> None:
        self.blank_before = True
        node = self.current()
        if node is not None:
            node.fresh = True
        self.preamble_fresh = True

    def heading(self, text: str, number: int, *, depth: int, plain: bool = False) -> None:
        """A heading line: a container marker, a numbered heading, the title or a heading."""
        self.blank_before = False
        waiting = self.expect_heading
        self.expect_heading = None
        if (
            plain
            and waiting is not None
            and waiting is self.current()
            and not waiting.paragraphs
            and waiting.heading is None
        ):
            waiting.heading = text
            return
        if not plain and self.open_preamble_part(text, number):
            return
        if not plain and self.structural(text, number, heading_line=True):
            return
        if depth == 1 and self.title is None and not self.top and not self.preamble:
            self.title = text
            return
        self.set_pending(text, number)

    def set_pending(self, text: str, number: int) -> None:
        if self.pending_heading is not None:
            self.flush_heading_as_section(self.paragraph_parent() if self.top else None)
        self.pending_heading = text
        self.pending_line = number

    def structural(self, text: str, number: int, *, heading_line: bool) -> bool:
        """Open a container or a paragraph if ``text`` is a marker; say whether it was."""
        found = _ARTICLE_PARAGRAPH.match(text)
        if found:
            article = self.find_or_open_article(found.group("article"), number)
            printed = text[: found.start("rest")].strip().rstrip(".:")
            self.open_paragraph(
                found.group("num"), found.group("rest"), number, 0, parent=article, printed=printed
            )
            return True
        found = _CONTAINER.match(text)
        if found:
            word = found.group("word").lower()
            level = _KINDS.get(word, Level.SECTION)
            title = found.group("title") or found.group("caps") or found.group("paren")
            printed = f"{found.group('word')} {found.group('num')}"
            if found.group("bracket"):
                printed = f"[{printed}]"
            self.open_container(level, found.group("num"), title or None, number, printed=printed)
            return True
        for pattern, level in ((_ROMAN_HEADING, Level.CHAPTER), (_LETTER_HEADING, Level.SECTION)):
            found = pattern.match(text)
            if found and (heading_line or _heading_like(found.group("title"))):
                title = found.group("title")
                if heading_line or _heading_like(title):
                    self.open_container(level, found.group("num"), title, number)
                    return True
        if heading_line:
            found = _PARAGRAPH.match(text)
            if (
                found
                and found.group("rest")
                and (found.group("punct") or "." in found.group("num"))
            ):
                level = Level.PARAGRAPH if self.article() is not None else Level.SECTION
                if level is Level.SECTION:
                    self.open_container(level, found.group("num"), found.group("rest"), number)
                else:
                    self.open_paragraph(found.group("num"), "", number, 0)
                    node = self.current()
                    if node is not None:
                        node.heading = found.group("rest")
                return True
        return False

    def find_or_open_article(self, label: str, number: int) -> _Builder:
        label = re.sub(r"\s+", "", label)
        for node in reversed(self.stack):
            if node.level is Level.ARTICLE and node.label == label:
                return node
        self.open_container(
            Level.ARTICLE, label, None, number, expect_heading=False, printed=f"Article {label}"
        )
        opened = self.current()
        assert opened is not None
        return opened

    def open_container(
        self,
        level: Level,
        label: str,
        title: str | None,
        number: int,
        *,
        expect_heading: bool = True,
        printed: str = "",
    ) -> None:
        printed = printed or label
        label = re.sub(r"\s+", "", label)
        self.end_preamble_part()
        parent = self.container_parent(level, label)
        if self.pending_heading is not None and title is None:
            title, self.pending_heading = self.pending_heading, None
        node = _Builder(level, label, label, title, number, printed=printed)
        self.open(node, parent)
        self.expect_heading = node if title is None and expect_heading else None
        self.blank_before = False

    def open_paragraph(
        self,
        label: str,
        rest: str,
        number: int,
        indent: int,
        *,
        parent: _Builder | None = None,
        printed: str = "",
    ) -> None:
        printed = printed or label
        label = re.sub(r"\s+", "", label)
        if parent is None:
            parent = self.paragraph_parent()
        article = self.article()
        key = label
        level = Level.PARAGRAPH
        if article is not None and label.startswith(f"{article.label}.") and parent is article:
            key = label[len(article.label) + 1 :]
        elif "." in label:
            for node in reversed(self.stack):
                if (
                    node.level in (Level.PARAGRAPH, Level.ITEM)
                    and not node.option
                    and label.startswith(f"{node.label}.")
                ):
                    parent = node
                    key = label[len(node.label) + 1 :]
                    level = Level.ITEM
                    break
        node = _Builder(level, label, key, None, number, indent=indent, printed=printed)
        self.open(node, parent)
        node.add(rest)
        self.expect_heading = None
        self.blank_before = False

    def open_option(
        self, number_label: str, rest: str, open_bracket: str, number: int, note: str | None = None
    ) -> None:
        parent: _Builder | None = None
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index].option:
                parent = self.stack[index - 1] if index > 0 else None
                break
        else:
            current = self.current()
            parent = current if current is None or current.level.is_container else None
            parent = parent or self.paragraph_parent()
        node = _Builder(
            Level.PARAGRAPH, f"Option {number_label}", f"opt{number_label}", None, number
        )
        node.option = True
        node.heading = note
        self.open(node, parent)
        node.add(f"{open_bracket}{rest}".strip())
        self.expect_heading = None

    def open_item(self, mark: str, rest: str, open_bracket: str, number: int, indent: int) -> None:
        owner = self.current()
        siblings_parent: _Builder | None = owner
        open_items = [n for n in self.stack if n.level is Level.ITEM]
        suffix = re.search(rf"\){_SUFFIX}\.?$", mark)
        style, key = _item_style(mark[: suffix.start() + 1] if suffix else mark, open_items)
        if suffix:
            key += re.sub(r"[\s.]", "", mark[suffix.start() + 1 :])
        # a sibling of an open item of the same style closes what is below it
        for node in reversed(self.stack):
            if node.level is Level.ITEM and node.style == style:
                index = self.stack.index(node)
                siblings_parent = self.stack[index - 1] if index > 0 else None
                break
            if node.level is not Level.ITEM:
                break
        if siblings_parent is None:
            siblings_parent = self.paragraph_parent()
        if style.startswith("bullet") or style == "indent":
            counter = id(siblings_parent)
            self.bullet_counts[counter] = self.bullet_counts.get(counter, 0) + 1
            key = f"-{self.bullet_counts[counter]}"
        node = _Builder(Level.ITEM, mark, key, None, number, indent=indent, style=style)
        self.open(node, siblings_parent)
        node.add(f"{open_bracket}{rest}".strip())
        self.blank_before = False

    def line(self, raw: str, text: str, number: int) -> None:
        indent = len(raw) - len(raw.lstrip())
        current = self.current()
        if self.expect_heading is not None:
            node = self.expect_heading
            self.expect_heading = None
            marker = _PARAGRAPH.match(text) or _ITEM.match(text) or _OPTION.match(text)
            if (
                current is node
                and not node.paragraphs
                and _heading_like(text)
                and not marker
                and self.stands_alone(number)
            ):
                node.heading = text
                return
        if self.open_preamble_part(text, number):
            return
        if self.structural(text, number, heading_line=False):
            return
        if self.preamble_line(text, number, indent):
            return
        option = _OPTION.match(text)
        nested_option = (
            option is not None
            and current is not None
            and current.level is Level.PARAGRAPH
            and not current.option
            and indent > current.indent
        )  # "    Option 1: ..." indented under "3. (Nature)": the paragraph's own choice
        if (
            option
            and not nested_option
            and self.top
            and (
                current is None
                or any(n.option for n in self.stack)
                or (current.level.is_container and not current.option)
                or self.opens_a_block(option, number)
            )
        ):
            self.open_option(
                option.group("num"),
                option.group("rest") or "",
                option.group("open") or "",
                number,
                option.group("note"),
            )
            return
        if option and current is not None:
            current.fresh = True  # "Option 2:" inside a paragraph starts a line of its own
        found = _PARAGRAPH.match(text)
        if found and self.nested_numbered_item(found, current, indent):
            num = found.group("num")
            self.open_item(
                f"{num}{found.group('punct')}",
                found.group("rest") or "",
                found.group("open") or "",
                number,
                indent,
            )
            return
        if found and self.numbered_heading(found, number):
            return
        if found and self.plausible_paragraph(found, current):
            rest = (found.group("open") or "") + (found.group("rest") or "")
            word, un, num = found.group("word"), found.group("un"), found.group("num")
            printed = f"{word} {num}" if word else f"{un}{num}" if un else num
            self.open_paragraph(f"{un}{num}" if un else num, rest, number, indent, printed=printed)
            return
        item = _ITEM.match(text)
        if item and (current is not None):
            self.open_item(
                item.group("mark"), item.group("rest"), item.group("open") or "", number, indent
            )
            return
        if (
            not self.markdown
            and _caps(text)
            and not self.pending_heading
            and self.title is None
            and not self.top
            and not self.preamble
        ):
            self.title = text
            return
        if _caps(text) and (self.top or self.title is not None):
            self.set_pending(text, number)
            self.blank_before = False
            return
        if current is None:
            self.to_preamble(text)
            return
        if self.indented_item(current, indent):
            self.open_item("", text, "", number, indent)
            opened = self.current()
            if opened is not None:
                opened.style = "indent"
            return
        if self.pending_heading is not None:
            parent = self.paragraph_parent()
            self.flush_heading_as_section(parent)
            section = (parent.children if parent is not None else self.top)[-1]
            self.stack = [n for n in self.stack if n.level.is_container and n is not section]
            self.stack.append(section)
            current = section
        current.add(text)
        self.blank_before = False

    def open_preamble_part(self, text: str, number: int) -> bool:
        """``Preamble`` before any Article, or a resolution's ``The General
        Assembly,``: the unnumbered paragraphs that follow are units ``PP1``,
        ``PP2``... (negotiated like any other: drafts bracket them), not words
        before the first unit."""
        if self.unnumbered is not None or any(n.level is Level.ARTICLE for n in self.top):
            return False
        if _PREAMBLE.match(text) and self.unnumbered_parent is None:
            self.pending_heading = None
            node = _Builder(Level.SECTION, "", None, text.rstrip(": "), number)
            self.open(node, None)
            self.unnumbered, self.unnumbered_parent = "PP", node
            self.blank_before = False
            return True
        if (
            not self.top
            and _BODY_LINE.match(text)
            and not _TREATY_BODY.match(text)
            and self.stands_alone(number)
        ):
            self.to_preamble(text)
            self.unnumbered = "PP"
            return True
        return False

    def preamble_line(self, text: str, number: int, indent: int) -> bool:
        """A line among unnumbered PP/OP units: a new unit after a blank line (an
        operative verb turns PP into OP after a resolution's body line), ``Option
        2:`` joining the unit its ``Option 1:`` opened, else the unit going on."""
        part = self.unnumbered_parent
        if self.unnumbered is None or self.paragraph_parent() is not part:
            return False
        current = self.current()
        option = _OPTION.match(text)
        numbered = _PARAGRAPH.match(text)
        if numbered and not option:
            if numbered.group("un") is None:  # numbered PP/OP paragraphs read as they are
                self.end_preamble_part()  # numbered operative paragraphs begin
            return False
        if _ITEM.match(text):
            return False
        if current is not part and current is not None:
            first_option = option is not None and option.group("num") in ("1", "A", "I")
            if option and not first_option and "Option" in current.text:
                current.fresh = True
                current.add(text)
                return True
            if not self.blank_before and not first_option:
                current.add(text)
                return True
        if self.unnumbered == "PP" and part is None and _OPERATIVE.match(text):
            self.unnumbered = "OP"
        kind = self.unnumbered
        self.unnumbered_counts[kind] += 1
        label = f"{kind}{self.unnumbered_counts[kind]}"
        self.open_paragraph(label, text, number, indent, parent=part, printed=label)
        return True

    def end_preamble_part(self) -> None:
        part = self.unnumbered_parent
        if part is not None and part in self.stack:
            self.stack = self.stack[: self.stack.index(part)]
        self.unnumbered = None

    def opens_a_block(self, option: re.Match[str], number: int) -> bool:
        """``Option I (paras 6-9bis):`` alone after a blank line, numbered paragraphs
        after it: a block of paragraphs, not a choice inside the paragraph above."""
        if option.group("rest") or not self.blank_before:
            return False
        following = next((ln.strip() for ln in self.lines[number:] if ln.strip()), "")
        return bool(_PARAGRAPH.match(strip_emphasis(following)))

    def stands_alone(self, number: int) -> bool:
        """A heading is a line of its own: the next line is blank, a marker or the end
        (a hard-wrapped sentence's first line is not a heading)."""
        following = self.lines[number].strip() if number < len(self.lines) else ""
        if not following:
            return True
        return bool(
            _PARAGRAPH.match(following)
            or _ITEM.match(following)
            or _OPTION.match(following)
            or _CONTAINER.match(following)
        )

    def indented_item(self, current: _Builder, indent: int) -> bool:
        """An item marked only by indentation: under a chapeau ending in ``:``, or
        after another such item ending in ``;``."""
        if current.style == "indent":
            return indent >= current.indent and current.last_line_text.endswith((";", ":"))
        return (
            bool(current.paragraphs)
            and not self.blank_before
            and indent > current.indent
            and current.last_line_text.endswith(":")
            and current.level is not Level.ITEM
        )

    def nested_numbered_item(
        self, found: re.Match[str], current: _Builder | None, indent: int
    ) -> bool:
        """``    1. Holding...`` indented under paragraph 1 (by one space after a
        chapeau ending in ``:``): a (Markdown) nested list, the items of that
        paragraph (a converted ``(a)``, ``(b)``), not paragraph 1 again. Unindented,
        ``1.`` after a chapeau stays ambiguous and is read as a paragraph."""
        if current is None or found.group("word") or found.group("un"):
            return False
        if not found.group("punct") or not found.group("num").isdigit():
            return False
        owner = next(
            (n for n in reversed(self.stack) if n.level in (Level.PARAGRAPH, Level.ITEM)), None
        )
        if owner is None or owner.option:
            return False
        value = int(found.group("num"))
        if owner.level is Level.ITEM and owner.style == "number" and indent == owner.indent:
            return value == int((owner.key or "0").strip("()") or 0) + 1  # the list goes on
        chapeau = owner.last_line_text.endswith(":") and indent > owner.indent
        return value == 1 and (indent >= owner.indent + 2 or chapeau)

    def numbered_heading(self, found: re.Match[str], number: int) -> bool:
        """``1. Budget`` alone, then a blank line and prose: a numbered section's heading."""
        rest = found.group("rest") or ""
        if found.group("word") or found.group("un") or found.group("open"):
            return False
        if not found.group("punct"):
            return False
        if not _heading_like(rest) or len(rest) > 80 or "[" in rest:
            return False
        after = self.lines[number : number + 1]
        if not after or after[0].strip():
            return False
        following = next((ln.strip() for ln in self.lines[number:] if ln.strip()), "")
        parent = self.paragraph_parent()
        in_sections = parent is not None and parent.level is Level.SECTION and parent.key
        if not following or _PARAGRAPH.match(following):
            return False
        if _ITEM.match(following) and not in_sections:
            return False
        if _CONTAINER.match(following) or _OPTION.match(following):
            return False
        if self.article() is not None:
            self.open_paragraph(found.group("num"), "", number, 0)
            node = self.current()
            if node is not None:
                node.heading = rest
            return True
        self.open_container(Level.SECTION, found.group("num"), rest, number, expect_heading=False)
        return True

    def plausible_paragraph(self, found: re.Match[str], current: _Builder | None) -> bool:
        """``2015. The Parties`` on a wrapped line is not paragraph 2015."""
        if found.group("word") or found.group("un"):
            return True
        if (
            not found.group("punct")
            and "." not in found.group("num")
            and "alt" not in found.group("num")
        ):
            return False
        if not found.group("rest") and not found.group("punct"):
            return False
        if current is None or self.blank_before:
            return True
        last = current.last_line_text
        if not last or last.endswith(_TERMINAL):
            return True
        base = re.match(r"\d+", found.group("num"))
        return base is not None and int(base.group(0)) <= 1

    def to_preamble(self, text: str) -> None:
        if not self.markdown and self.title is None and not self.preamble:
            self.title = text
            return
        if self.pending_heading is not None:
            self.preamble.append(self.pending_heading)
            self.pending_heading = None
            self.preamble_fresh = True
        if self.preamble and not self.preamble_fresh:
            self.preamble[-1] = f"{self.preamble[-1]} {text}"
        else:
            self.preamble.append(text)
        self.preamble_fresh = False

    # -- finishing -------------------------------------------------------
    def finish(self) -> DocumentTree:
        if self.pending_heading is not None:
            if self.top:
                self.flush_heading_as_section(self.paragraph_parent())
            else:
                self.preamble.append(self.pending_heading)
        if not self.top:
            raise DocumentParseError(
                "expected a numbered draft: paragraphs such as '1.', '12)', '12bis.', "
                f"'Point 7' or 'Article 3'; found none in {len(self.lines)} lines"
            )
        refs = _Refs(self.top, lenient=self.lenient)
        self.warnings += tuple(refs.warnings)
        nodes = tuple(refs.build(b, ()) for b in self.top)
        nodes = _attach_footnotes(nodes, self.footnotes)
        preamble = "\n".join(self.preamble)
        if self.footnotes and not nodes:
            preamble += "\n" + "\n".join(f for _k, f, _n in self.footnotes)
        return DocumentTree(self.title, preamble, nodes, self.warnings)


_RANK = {
    Level.PART: 0,
    Level.CHAPTER: 1,
    Level.SECTION: 2,
    Level.ARTICLE: 3,
    Level.PARAGRAPH: 4,
    Level.ITEM: 5,
}
_CONTAINER_WORD = {
    Level.PART: "Part",
    Level.CHAPTER: "Chapter",
    Level.SECTION: "Section",
    Level.ARTICLE: "Article",
}


class _Refs:
    """Citations: the shortest numbering path that is unique in the document."""

    def __init__(self, top: Sequence[_Builder], *, lenient: bool = False) -> None:
        self.included: set[Level] = {Level.ARTICLE}
        self.top = top
        self.warnings: list[str] = []
        for extra in (None, Level.SECTION, Level.CHAPTER, Level.PART):
            if extra is not None:
                self.included.add(extra)
            if self.unique():
                return
        if lenient:
            self.tell_apart()
        self.unique(raise_on_duplicate=True)

    def tell_apart(self) -> None:
        """A number printed twice (a converted text, or one number in two Option
        blocks of a paragraph): the later ones are cited ``N~2``, ``N~3``... The
        outermost clashes are renamed first, so their children need no suffix."""
        for _round in range(16):
            groups = self.numbered_places()
            clashes = {ref: nodes for ref, nodes in groups.items() if len(nodes) > 1}
            if not clashes:
                return
            outermost = min(depth for nodes in clashes.values() for depth, _n in nodes)
            for ref, nodes in clashes.items():
                if min(depth for depth, _n in nodes) != outermost:
                    continue
                first = nodes[0][1]
                copies = 1
                for _depth, node in nodes[1:]:
                    if node.key is None:
                        continue
                    copies += 1
                    while f"{ref}~{copies}" in groups:
                        copies += 1
                    node.key = f"{node.key}~{copies}"
                    self.warnings.append(
                        f"{ref} is numbered twice (lines {first.line} and {node.line}): "
                        f"the later is cited as {ref}~{copies}"
                    )

    def numbered_places(self) -> dict[str, list[tuple[int, _Builder]]]:
        """Every citation with the (depth, node) pairs that print it, in reading order."""
        groups: dict[str, list[tuple[int, _Builder]]] = {}
        self.unnamed = 0

        def walk(node: _Builder, chain: tuple[str, ...], depth: int) -> None:
            ref, own_chain = self.ref_of(node, chain)
            groups.setdefault(ref, []).append((depth, node))
            for child in node.children:
                walk(child, own_chain, depth + 1)

        for node in self.top:
            walk(node, (), 0)
        return groups

    def unique(self, *, raise_on_duplicate: bool = False) -> bool:
        seen: dict[str, _Builder] = {}
        duplicate: list[tuple[str, _Builder, _Builder]] = []
        self.unnamed = 0

        def walk(node: _Builder, chain: tuple[str, ...]) -> None:
            ref, own_chain = self.ref_of(node, chain)
            if ref in seen:
                duplicate.append((ref, seen[ref], node))
            seen[ref] = node
            for child in node.children:
                walk(child, own_chain)

        for node in self.top:
            walk(node, ())
        if duplicate and raise_on_duplicate:
            _ref, first, second = duplicate[0]
            raise DocumentParseError(
                f"{_describe(second)} appears twice (first at line {first.line}); "
                "parsing stopped here",
                line=second.line,
            )
        return not duplicate

    def ref_of(self, node: _Builder, chain: tuple[str, ...]) -> tuple[str, tuple[str, ...]]:
        if node.key is None:
            self.unnamed += 1
            return f"sec{self.unnamed}", chain
        if node.level.is_container and node.level not in self.included:
            word = _CONTAINER_WORD[node.level]
            prefix = ".".join(chain)
            ref = f"{word} {node.key}" if not prefix else f"{prefix} {word} {node.key}"
            return ref, chain
        own = (*chain, node.key)
        return _join(own), own

    def build(self, node: _Builder, chain: tuple[str, ...]) -> Node:
        ref, own_chain = self.ref_of(node, chain)
        text = node.text
        if node.level.is_container and not node.key and not text and not node.children:
            text = ""
        return Node(
            ref=ref,
            label=node.printed or node.label,
            level=node.level,
            heading=node.heading,
            text=text,
            options=extract_options(ref, text),
            notes=extract_notes(text) + tuple(node.notes),
            children=tuple(self.build(c, own_chain) for c in node.children),
            line=node.line,
        )


def _join(parts: Sequence[str]) -> str:
    out = ""
    for part in parts:
        if out and not part.startswith(("(", "-")):
            out += "."
        out += part
    return out


def _describe(node: _Builder) -> str:
    if node.level is Level.ITEM:
        return f"item {node.label}"
    if node.level.is_container:
        return f"{_CONTAINER_WORD[node.level]} {node.label}"
    return f"paragraph {node.label}"


def _attach_footnotes(
    nodes: tuple[Node, ...], footnotes: Sequence[tuple[str, str, int]]
) -> tuple[Node, ...]:
    """A footnote's text joins the notes of the first unit that cites it (or the last unit)."""
    if not footnotes:
        return nodes
    pending = {key: text for key, text, _line in footnotes}
    placed: dict[str, str] = {}

    def place(node: Node) -> Node:
        extra = []
        for key, text in list(pending.items()):
            if f"[^{key}]" in node.text:
                extra.append(text)
                placed[key] = text
                del pending[key]
        children = tuple(place(c) for c in node.children)
        if not extra and children == node.children:
            return node
        return Node(
            node.ref,
            node.label,
            node.level,
            node.heading,
            node.text,
            node.options,
            node.notes + tuple(extra),
            children,
            node.line,
        )

    placed_nodes = tuple(place(n) for n in nodes)
    if pending:
        last = placed_nodes[-1]
        last = Node(
            last.ref,
            last.label,
            last.level,
            last.heading,
            last.text,
            last.options,
            last.notes + tuple(pending.values()),
            last.children,
            last.line,
        )
        placed_nodes = (*placed_nodes[:-1], last)
    return placed_nodes


def parse_document_lines(
    lines: Sequence[str], *, markdown: bool = False, lenient: bool = False
) -> DocumentTree:
    """Read already-split lines; ``markdown`` enables ``#`` titles and emphasis;
    ``lenient`` reads unbalanced brackets at their unit's edge and lists them in
    ``warnings`` instead of refusing the text."""
    return _Reader(lines, markdown=markdown, lenient=lenient).read()


def parse_document(source: str, *, markdown: bool = False, lenient: bool = False) -> DocumentTree:
    """Read a whole text into its tree; raises ``DocumentParseError`` with the line."""
    if "\x00" in source:
        raise DocumentParseError("expected a text document, found binary data")
    return parse_document_lines(source.splitlines(), markdown=markdown, lenient=lenient)
