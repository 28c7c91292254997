"""What the preamble needs from the LaTeX layer, for a document in one or two languages."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from ..ties import month_names
from .fonts import font_setup, inline_languages
from .imposition import PAPER_OPTION, print_geometry
from .languages import babel_setup
from .trailer import TRAILER_ID_PLACEHOLDER

# Scripts whose words, wherever they appear, turn on babel's bidirectional algorithm.
RTL_SCRIPTS = {"Arab", "Hebr"}


def document_settings(locales: list[str], paper: str, print_marks: bool,
                      scripts: Iterable[str] = ()) -> dict[str, Any]:
    """Babel for each language (the first is the main one), and for right-to-left words of a
    script no language of the document is in; whether the page reads right to left and
    whether bidi is needed; each language's fonts with their fallback chains (from the
    ``scripts`` the text uses); the paper and its print marks, and the placeholder that
    ``with_trailer_id`` fills in."""
    used = set(scripts)
    babels = [babel_setup(locale) for locale in locales]
    inline = inline_languages(babels, used)
    return {
        "babels": babels + inline,
        "language_names": [b["name"] for b in babels],
        # Words never hyphenated, per language: month names (a date is never cut apart,
        # not even inside its month's name).
        "unhyphenated": [{"name": b["name"], "words": words}
                         for b, locale in zip(babels, locales, strict=True) if (words := month_words(locale))],
        # Each language's code, for the proof check to know which tie rules a line follows.
        "language_codes": [re.split("[-_]", locale)[0] for locale in locales],
        "rtl": bool(babels[0]["rtl"]),
        "bidi": any(b["rtl"] for b in babels) or bool(used & RTL_SCRIPTS),
        "fonts": font_setup(babels + inline, used),
        "paper": PAPER_OPTION[paper],
        "print": print_geometry(paper) if print_marks else None,
        "trailer_id": TRAILER_ID_PLACEHOLDER,
    }


def month_words(locale: str) -> list[str]:
    """The language's month names (CLDR's, wide and abbreviated) that TeX could hyphenate:
    single words of letters below the CJK blocks (a script without hyphenation patterns
    has nothing to keep whole)."""
    language = re.split("[-_]", locale)[0]
    return sorted(name for name in month_names(language)
                  if name.isalpha() and all(ord(c) < 0x2000 for c in name) and len(name) > 3)
