"""What the preamble needs from the LaTeX layer, for a document in one or two languages."""

from __future__ import annotations

import re
from typing import Any

from .fonts import fonts_for
from .imposition import PAPER_OPTION, print_geometry
from .languages import babel_setup
from .trailer import TRAILER_ID_PLACEHOLDER


def document_settings(locales: list[str], paper: str, print_marks: bool) -> dict[str, Any]:
    """Babel for each language (the first is the main one), the main language's fonts, the
    paper and its print marks, and the placeholder that ``with_trailer_id`` fills in."""
    babels = [babel_setup(locale) for locale in locales]
    return {
        "babels": babels,
        "language_names": [b["option"] or b["provide"] for b in babels],
        # Each language's code, for the proof check to know which tie rules a line follows.
        "language_codes": [re.split("[-_]", locale)[0] for locale in locales],
        "fonts": fonts_for(locales[0]),
        "paper": PAPER_OPTION[paper],
        "print": print_geometry(paper) if print_marks else None,
        "trailer_id": TRAILER_ID_PLACEHOLDER,
    }
