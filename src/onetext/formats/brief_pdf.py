"""The brief for principals as PDF, laid out from the same outline as the other formats.

fpdf2 writes the file; text outside Latin-1 needs a Unicode TrueType font, so
the renderer embeds DejaVu Sans. It looks first in matplotlib's own data (a
dependency, so the same font on every machine), then where Linux distributions
put DejaVu (Debian's ``fonts-dejavu-core``). With no font found it refuses with
a message naming that package rather than print a brief with words lost. A
character the font has no glyph for is printed as U+FFFD, visibly, never dropped.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import TTFFont

from onetext.errors import OnetextError

if TYPE_CHECKING:
    from onetext.formats.outline import Outline

__all__ = ["BriefFont", "find_brief_font", "render_outline_pdf"]

REGULAR = "DejaVuSans.ttf"
BOLD = "DejaVuSans-Bold.ttf"
SYSTEM_FONT_DIRS = (
    Path("/usr/share/fonts/truetype/dejavu"),  # Debian, Ubuntu: fonts-dejavu-core
    Path("/usr/share/fonts/dejavu-sans-fonts"),  # Fedora
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/share/fonts/TTF"),  # Arch
    Path("/usr/local/share/fonts/dejavu"),
)
_FAMILY = "brief"
_BULLET = "•"
_MISSING = "\ufffd"
_TOTAL = "{nb}"


@dataclass(frozen=True)
class BriefFont:
    """The two faces the brief is set in."""

    regular: Path
    bold: Path


def _font_dirs() -> list[Path]:
    """matplotlib's bundled fonts first (found without importing matplotlib)."""
    dirs = []
    spec = importlib.util.find_spec("matplotlib")
    if spec is not None and spec.origin is not None:
        dirs.append(Path(spec.origin).parent / "mpl-data" / "fonts" / "ttf")
    return [*dirs, *SYSTEM_FONT_DIRS]


def find_brief_font(dirs: tuple[Path, ...] | None = None) -> BriefFont:
    """The first directory holding both DejaVu Sans faces, or a clear refusal."""
    for folder in _font_dirs() if dirs is None else dirs:
        regular, bold = folder / REGULAR, folder / BOLD
        if regular.is_file() and bold.is_file():
            return BriefFont(regular, bold)
    raise OnetextError(
        "cannot write the brief as PDF: no Unicode font (DejaVu Sans) found; "
        "install Debian's fonts-dejavu-core package"
    )


@cache
def _default_font() -> BriefFont:
    return find_brief_font()


def _glyphs(pdf: FPDF, key: str) -> set[int]:
    font = pdf.fonts[key]
    return set(font.cmap) if isinstance(font, TTFFont) else set()


class _BriefPdf(FPDF):
    """A4, page numbers in the footer.

    fpdf2 replaces the total-pages alias in any text it sets. The alias is on
    from each footer to the next page's header (fpdf2 fills it in only if it is
    on when the file is written, after the last footer), so the body's text,
    a note that says "{nb}" included, is printed as written.
    """

    def __init__(self) -> None:
        super().__init__(format="A4")
        self.str_alias_nb_pages = ""

    def header(self) -> None:
        self.str_alias_nb_pages = ""

    def footer(self) -> None:
        self.str_alias_nb_pages = _TOTAL
        self.set_y(-15)
        self.set_font(_FAMILY, size=8)
        self.set_text_color(110)
        self.cell(0, 10, f"Page {self.page_no()} of {_TOTAL}", align="C")


class _Writer:
    """Puts the outline's words on pages; every string passes through ``clean``."""

    def __init__(self, font: BriefFont, title: str) -> None:
        pdf = _BriefPdf()
        pdf.set_margins(20, 18, 20)
        pdf.set_auto_page_break(True, margin=20)
        pdf.add_font(_FAMILY, "", font.regular)
        pdf.add_font(_FAMILY, "B", font.bold)
        self.glyphs = _glyphs(pdf, _FAMILY) & _glyphs(pdf, f"{_FAMILY}B")
        self.pdf = pdf
        pdf.set_title(self.clean(title))
        pdf.set_creator("onetext")
        pdf.set_lang("en")
        pdf.add_page()

    def clean(self, text: str) -> str:
        """Keep line breaks, make other white space a space, mark what cannot print."""
        out = []
        for char in text:
            if char == "\n":
                out.append(char)
            elif char.isspace():
                out.append(" ")
            else:
                out.append(char if ord(char) in self.glyphs else _MISSING)
        return "".join(out)

    def heading(self, text: str, size: float, *, level: int | None, gap: float) -> None:
        pdf = self.pdf
        height = size * 0.5
        # keep a heading with at least a few lines of what follows it
        if pdf.will_page_break(gap + height + 18):
            pdf.add_page()
        else:
            pdf.ln(gap)
        words = self.clean(text)
        if level is not None:
            pdf.start_section(" ".join(words.split()) or "-", level=level)
        pdf.set_font(_FAMILY, "B", size)
        pdf.set_text_color(0)
        pdf.multi_cell(0, height, words, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def paragraph(self, text: str, *, grey: bool = False) -> None:
        pdf = self.pdf
        pdf.set_font(_FAMILY, "", 10)
        pdf.set_text_color(90 if grey else 0)
        pdf.multi_cell(0, 5, self.clean(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(1)

    def bullet(self, text: str, *, grey: bool = False) -> None:
        pdf = self.pdf
        pdf.set_font(_FAMILY, "", 10)
        pdf.set_text_color(90 if grey else 0)
        if pdf.will_page_break(5):
            pdf.add_page()
        pdf.set_x(pdf.l_margin + 2)
        pdf.cell(5, 5, _BULLET)
        pdf.multi_cell(0, 5, self.clean(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(0.8)

    def output(self) -> bytes:
        return bytes(self.pdf.output())


def render_outline_pdf(outline: Outline, font: BriefFont | None = None) -> bytes:
    """The outline as a PDF: title, facts, then each section with its items."""
    writer = _Writer(font or _default_font(), outline.title)
    if outline.banner:
        writer.paragraph(outline.banner)
    writer.heading(outline.title, 18, level=None, gap=0)
    writer.pdf.ln(2)
    for fact in outline.facts:
        writer.bullet(fact, grey=True)
    for section in outline.sections:
        writer.heading(section.title, 14, level=0, gap=6)
        writer.pdf.set_draw_color(150)
        y = writer.pdf.get_y() + 0.5
        writer.pdf.line(writer.pdf.l_margin, y, writer.pdf.w - writer.pdf.r_margin, y)
        writer.pdf.ln(2.5)
        if section.intro:
            writer.paragraph(section.intro, grey=True)
        for item in section.items:
            if item.head:
                writer.heading(item.head, 11, level=1, gap=3)
                writer.pdf.ln(0.5)
            for line in item.lines:
                writer.bullet(line)
    return writer.output()
