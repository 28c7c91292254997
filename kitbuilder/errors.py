"""One error root for everything a user can get wrong; the CLI turns them into exit codes."""

from __future__ import annotations

from pathlib import Path


class KitbuilderError(Exception):
    """An error in the user's input, located at ``path:line`` where that is known.

    Printed as ``path:line: message`` (the way compilers, Jinja and Babel do), so an
    editor or CI log can jump to it.
    """

    def __init__(self, message: str, path: str | Path | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line

    def __str__(self) -> str:
        where = self.path or ""
        if where and self.line:
            where = f"{where}:{self.line}"
        return f"{where}: {self.message}" if where else self.message


class ContentError(KitbuilderError):
    """A content file that does not parse or does not fit the schema."""


class CatalogError(KitbuilderError):
    """A gettext catalog that is missing, unreadable or for another language."""


class TemplateError(KitbuilderError):
    """A Jinja template that is missing, does not parse, or uses a missing value."""


class LatexError(KitbuilderError):
    """An error reported by the TeX engine, located in the generated ``.tex`` file."""


class ConfigError(KitbuilderError):
    """A kit directory or command-line setting that cannot be used."""


class GlyphError(KitbuilderError):
    """A character that no configured font has (``--strict``), located where it was typed."""
class WriteError(KitbuilderError):
    """A file kitbuilder could not write: a full disk, a folder it may not write to, or a
    symbolic link where it writes (it never writes through one)."""
