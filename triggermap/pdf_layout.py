"""A page to lay printed handouts out on: fpdf2 with the bundled DejaVu Sans (embedded in every PDF), text that
is measured before it is drawn, rows of blocks that move to a new page when they do not fit, and the cleaning
that text typed by a person gets before it is printed.

No Streamlit; nothing is written to disk.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from fontTools.ttLib import TTFont
from fpdf import FPDF, FPDFException
from fpdf.enums import MethodReturnValue, ResourceAccessPolicy, XPos, YPos

FONT_DIR = Path(__file__).with_name("fonts")
FAMILY = "DejaVu"
FONTS = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}  # style -> file
PAPERS = ("A4", "Letter")
PT = 25.4 / 72  # millimetres in a point

INK = (31, 42, 51)
MUTED = (88, 99, 110)
RULE = (204, 214, 221)

MARGIN = 15.0  # left, right and top, in mm
COLUMN_GAP = 7.0  # between blocks side by side, in mm
FOOTER_SPACE = 19.0  # from the bottom edge to the lowest line of content

Block = Callable[["Sheet", float, float, float, bool], float]
"""Draws itself at (x, y) in width w, or only measures itself when ``dry`` (the last argument); returns its height."""
Row = tuple[Sequence[tuple[float, Block]], float]
"""Blocks side by side, each with its width, and the space after them (see ``Sheet.row``)."""


@dataclass(frozen=True)
class Style:
    """How a piece of text is set."""

    size: float  # points
    bold: bool = False
    colour: tuple[int, int, int] = INK
    leading: float = 1.32  # line height as a multiple of the size

    @property
    def line(self) -> float:
        return self.size * self.leading * PT


class Sheet(FPDF):
    """An A4 or Letter document with the handout's fonts, margins and footer.

    ``footer_left`` and ``footer_right`` are printed at the foot of every page, the right one followed by
    "Page n of N"."""

    def __init__(self, paper: str, footer_left: str, footer_right: str):
        if paper not in PAPERS:
            raise ValueError(f"unknown paper size {paper!r}; expected one of {PAPERS}")
        super().__init__(format=paper, unit="mm")
        for style, file in FONTS.items():
            self.add_font(FAMILY, style, FONT_DIR / file)
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.c_margin = 0  # text starts exactly where a column starts
        self.set_auto_page_break(False)  # rows move to the next page themselves (see ``row``)
        self.resource_access_policy = ResourceAccessPolicy.NONE  # an SVG's <image> loads no file or URL
        self.footer_left, self.footer_right = footer_left, footer_right
        self.cursor = MARGIN
        self.on_new_page: Callable[[], None] = lambda: None
        self._heights: dict[tuple[Block, float, float], float] = {}

    @property
    def bottom(self) -> float:
        return self.h - FOOTER_SPACE

    # ---- text --------------------------------------------------------------------------------------

    def paragraph(self, x: float, y: float, w: float, content: str, style: Style, dry: bool = False,
                  align: str = "L", typed: bool = False) -> float:
        """``content`` wrapped to width ``w`` at (x, y), or only measured when ``dry``; returns its height.

        ``typed`` text (what a person typed) is shaped, so right-to-left scripts read in their own order and
        Arabic letters join; it must have been cleaned with ``clean_typed``."""
        if not content:
            return 0.0
        self.set_font(FAMILY, "B" if style.bold else "", style.size)
        self.set_text_color(*style.colour)
        self.set_xy(x, y)
        with self._shaped(typed):
            return self.multi_cell(w, style.line, content, align=align, dry_run=dry, new_x=XPos.LEFT,
                                   new_y=YPos.NEXT, output=MethodReturnValue.HEIGHT)

    @contextmanager
    def _shaped(self, on: bool) -> Iterator[None]:
        if not on:
            yield
            return
        try:
            self.set_text_shaping(True)
        except FPDFException:  # uharfbuzz missing: the text still prints, right-to-left scripts in stored order
            yield
            return
        try:
            yield
        finally:
            self.set_text_shaping(False)  # the footer's page count needs shaping off

    def gutter(self, x: float, y: float, w: float, label: str, content: str, style: Style, label_style: Style,
               label_w: float, dry: bool = False) -> float:
        """A label in a narrow column on the left and its text beside it (a numbered step, "Stop if", a bullet)."""
        label_h = self.paragraph(x, y, label_w, label, label_style, dry)
        return max(label_h, self.paragraph(x + label_w, y, w - label_w, content, style, dry))

    def bullets(self, x: float, y: float, w: float, items: Sequence[str], style: Style, dry: bool = False,
                gap: float = 0.8) -> float:
        """A bulleted list; returns its height."""
        top = y
        for item in items:
            y += self.gutter(x, y, w, "•", item, style, style, 3.6, dry) + gap
        return y - top - gap if items else 0.0

    # ---- drawing -----------------------------------------------------------------------------------

    def rule(self, y: float, colour: tuple[int, int, int] = RULE) -> None:
        """A line across the page at ``y``."""
        self.set_draw_color(*colour)
        self.set_line_width(0.3)
        self.line(self.l_margin, y, self.w - self.r_margin, y)

    # ---- flow --------------------------------------------------------------------------------------

    def start_page(self) -> None:
        self.add_page()
        self.cursor = self.t_margin
        self.on_new_page()

    def measure(self, block: Block, w: float) -> float:
        """The height ``block`` takes in width ``w`` at the cursor (remembered: rows are often measured twice)."""
        key = (block, w, self.cursor)
        if key not in self._heights:
            self._heights[key] = block(self, 0, 0, w, True)
        return self._heights[key]

    def fits(self, blocks: Sequence[tuple[float, Block]]) -> bool:
        return self.cursor + max(self.measure(block, w) for w, block in blocks) <= self.bottom

    def row(self, blocks: Sequence[tuple[float, Block]], after: float = 5.0) -> None:
        """Blocks side by side at the cursor, each (width, block), COLUMN_GAP apart; the row moves to a new page
        when it does not fit on this one, and the cursor moves below its tallest block."""
        height = max(self.measure(block, w) for w, block in blocks)
        if self.cursor + height > self.bottom and self.cursor > self.t_margin + 25:
            self.start_page()
        x = self.l_margin
        for w, block in blocks:
            block(self, x, self.cursor, w, False)
            x += w + COLUMN_GAP
        self.cursor += height + after

    def footer(self) -> None:
        y = self.h - FOOTER_SPACE + 6
        self.rule(y - 1.5)
        small = Style(7, colour=MUTED)
        right = f"{self.footer_right} · Page {self.page_no()} of {{nb}}"
        self.set_font(FAMILY, "", small.size)
        right_w = self.get_string_width(right.replace("{nb}", "999"))
        self.paragraph(self.l_margin, y, self.epw - right_w - 6, self.footer_left, small)
        self.set_xy(self.w - self.r_margin - right_w, y)
        self.cell(right_w, small.line, right, align="R")  # one line: the page count is filled in at the end


# ---- text from people ------------------------------------------------------------------------------


@functools.cache
def font_glyphs() -> frozenset[int]:
    """The characters both bundled fonts can draw."""
    drawable = []
    for file in FONTS.values():
        with TTFont(FONT_DIR / file, lazy=True) as font:
            drawable.append(frozenset(font.getBestCmap()))
    return frozenset.intersection(*drawable)


ELLIPSIS = "…"


def clean_typed(text: str | None, limit: int, glyphs: frozenset[int], max_lines: int = 1) -> str:
    """What a person typed, ready to print: control and formatting characters removed, characters the font
    cannot draw (most emoji) dropped, spaces collapsed, at most ``max_lines`` lines, and cut at a word
    boundary to ``limit`` characters with "…" when it was longer. Never raises on any string."""
    text = unicodedata.normalize("NFC", text or "")
    lines = [_printable(line, glyphs) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = [line for line in lines if line]
    if len(lines) > max_lines:
        lines = lines[:max_lines - 1] + [" ".join(lines[max_lines - 1:])]
    joined = "\n".join(lines)
    return joined if len(joined) <= limit else _cut(joined, limit)


def _printable(line: str, glyphs: frozenset[int]) -> str:
    kept = "".join(
        " " if ch.isspace() else ch
        for ch in line
        if ch.isspace() or (not unicodedata.category(ch).startswith("C") and ord(ch) in glyphs)
    )
    return " ".join(kept.split())


def _cut(text: str, limit: int) -> str:
    head = text[: limit - 1]
    space = max(head.rfind(" "), head.rfind("\n"))
    if space > limit * 0.6:  # cut between words unless that loses too much
        head = head[:space]
    return head.rstrip(" \n,;:.-") + ELLIPSIS


def hex_rgb(colour: str) -> tuple[int, int, int]:
    """``"#b3261e"`` -> ``(179, 38, 30)``."""
    colour = colour.lstrip("#")
    return int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16)
