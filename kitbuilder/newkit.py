"""A new kit directory that builds at once, for `kitbuilder new DIR`.

The new kit is a copy of ``skeleton/``: placeholder content that shows every block kind, its
catalogs complete in English and French, and a note on overriding templates. The skeleton is
real files rather than strings here, so it is kept current with the project's own commands,
like any kit: after changing its content or the default templates' labels, run
``kitbuilder update --kit kitbuilder/skeleton``, translate what is new, and check that
``kitbuilder stat --kit kitbuilder/skeleton`` says 100% and ``kitbuilder check`` finds nothing.
"""

from __future__ import annotations

import functools
import shutil
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

from babel.messages.pofile import read_po

from .catalogs import language_of
from .errors import ConfigError
from .kitdir import LOCALES_DIR

SKELETON = Path(__file__).parent / "skeleton"

# What building or importing inside the skeleton may leave there; a new kit starts without it.
NOT_COPIED = {"build", "__pycache__"}

# Written by `new` rather than kept in the skeleton: package data globs skip dotfiles.
GITIGNORE = "# What kitbuilder builds: make it again with `kitbuilder build`.\nbuild/\n"


def create_kit(target: Path) -> list[Path]:
    """Copy the skeleton kit into ``target`` (new or empty); return the files created, in name order."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ConfigError("exists and is not empty: choose a new directory for the kit", target)
    if not SKELETON.is_dir():
        raise ConfigError("the kit skeleton is missing from this installation of kitbuilder", SKELETON)
    sources = sorted(p for p in SKELETON.rglob("*")
                     if p.is_file() and not NOT_COPIED & set(p.relative_to(SKELETON).parts))
    created = []
    for source in sources:
        destination = target / source.relative_to(SKELETON)
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, destination)  # contents only: the installed package's modes are not the user's
        created.append(destination)
    gitignore = target / ".gitignore"
    gitignore.write_text(GITIGNORE, encoding="utf-8")
    return sorted([*created, gitignore])


def placeholder_translations(locale: str) -> Mapping[tuple[str | None, str], str]:
    """The skeleton's own translations into ``locale``'s language, by (context, source text).

    A new kit starts with them; once its author replaces the placeholder text they translate
    nothing of the author's, so ``update`` drops them rather than offer them as guesses.
    """
    return _placeholder_translations(language_of(locale))


@functools.lru_cache(maxsize=8)
def _placeholder_translations(language: str) -> Mapping[tuple[str | None, str], str]:
    folder = SKELETON / LOCALES_DIR / language / "LC_MESSAGES"
    found: dict[tuple[str | None, str], str] = {}
    for path in sorted(folder.glob("*.po")):
        with path.open("rb") as f:
            for message in read_po(f):
                if message.id and message.string:
                    found[(message.context, str(message.id))] = str(message.string)
    return MappingProxyType(found)
