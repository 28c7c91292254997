"""What the preamble needs from the LaTeX layer, for a document in one or two languages."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

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
        "rtl": bool(babels[0]["rtl"]),
        "bidi": any(b["rtl"] for b in babels) or bool(used & RTL_SCRIPTS),
        "fonts": font_setup(babels + inline, used),
        "paper": PAPER_OPTION[paper],
        "print": print_geometry(paper) if print_marks else None,
        "trailer_id": TRAILER_ID_PLACEHOLDER,
    }
