"""A PDF's trailer ID, made from its LaTeX source rather than the time and place of the build."""

from __future__ import annotations

import hashlib

TRAILER_ID_PLACEHOLDER = "0" * 32


def with_trailer_id(tex: str) -> str:
    """Give the PDF a trailer ID made from its LaTeX source, so the same inputs (content,
    catalogs, templates) give the same bytes wherever and whenever they are built."""
    return tex.replace(f"<{TRAILER_ID_PLACEHOLDER}>", f"<{trailer_id_of(tex.encode())}>")


def trailer_id_of(data: bytes) -> str:
    """A trailer ID for a PDF made from ``data`` (its source, or the PDF a booklet imposes)."""
    return hashlib.md5(data, usedforsecurity=False).hexdigest()
