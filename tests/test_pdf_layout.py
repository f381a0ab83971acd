"""Typed text in a PDF (triggermap/pdf_layout.py): cleaned to what the embedded font can draw, cut with an
ellipsis."""

from triggermap.handout import NOTE_LIMIT, TYPED_LIMITS
from triggermap.pdf_layout import ELLIPSIS, clean_typed, font_glyphs


def test_clean_typed_text():
    glyphs = font_glyphs()
    assert clean_typed(None, 10, glyphs) == ""
    assert clean_typed("  Jane\x00\t Doe\u200b\u202e ", 80, glyphs) == "Jane Doe"
    assert clean_typed("Dana 🦄😀", 80, glyphs) == "Dana 😀", "drawable emoji stay, others go"
    assert clean_typed("lone \ud800 surrogate", 80, glyphs) == "lone surrogate"
    assert clean_typed("שלום עולם", 80, glyphs) == "שלום עולם"
    cut = clean_typed("word " * 3000, NOTE_LIMIT, glyphs)
    assert len(cut) <= NOTE_LIMIT and cut.endswith(f"word{ELLIPSIS}")
    assert clean_typed("x" * 200, TYPED_LIMITS["client"], glyphs) == "x" * (TYPED_LIMITS["client"] - 1) + ELLIPSIS
    assert clean_typed("a\n\n\nb\r\nc\rd\ne", 80, glyphs, max_lines=3) == "a\nb\nc d e"
