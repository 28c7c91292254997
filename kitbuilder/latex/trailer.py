"""A PDF's trailer ID, made from its LaTeX source rather than the time and place of the build."""

from __future__ import annotations

import hashlib

TRAILER_ID_PLACEHOLDER = "0" * 32


def with_trailer_id(tex: str) -> str:
    """Give the PDF a trailer ID made from its LaTeX source, so the same inputs (content,
    catalogs, templates) give the same bytes wherever and whenever they are built."""
    digest = hashlib.md5(tex.encode(), usedforsecurity=False).hexdigest()
    return tex.replace(f"<{TRAILER_ID_PLACEHOLDER}>", f"<{digest}>")
