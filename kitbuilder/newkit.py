"""A new kit directory that builds at once, for `kitbuilder new DIR`.

The new kit is a copy of ``skeleton/``: placeholder content that shows every block kind, its
catalogs complete in each language the skeleton is translated into (English, French,
Spanish, Russian, Arabic and Chinese: the UN's six), and a note on overriding templates. A
new kit holds the languages asked for (English and French unless told otherwise); a
language the skeleton has no translation for starts with empty catalogs, as
`kitbuilder init` makes them.

The skeleton is real files rather than strings here, so it is kept current with the
project's own commands, like any kit: after changing its content or the default
templates' labels, run ``kitbuilder update --kit kitbuilder/skeleton``, translate what is
new, and check that ``kitbuilder stat --kit kitbuilder/skeleton`` says 100% and
``kitbuilder check`` finds nothing.
"""

from __future__ import annotations

import functools
import shutil
from collections.abc import Mapping, Sequence
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

DEFAULT_LOCALES = ("en", "fr")


def skeleton_locales() -> list[str]:
    """The languages the skeleton's placeholder content is translated into."""
    folder = SKELETON / LOCALES_DIR
    return sorted(p.name for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []


def create_kit(target: Path, locales: Sequence[str] = DEFAULT_LOCALES) -> list[Path]:
    """Copy the skeleton kit into ``target`` (new or empty) with the catalogs of ``locales``;
    return the files created, in name order."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ConfigError("exists and is not empty: choose a new directory for the kit", target)
    if not SKELETON.is_dir():
        raise ConfigError("the kit skeleton is missing from this installation of kitbuilder", SKELETON)
    wanted = set(locales)
    untranslated = [locale for locale in locales if locale not in skeleton_locales()]
    if untranslated:
        from .latex.languages import babel_setup  # asks the installed TeX: only when a language is new

        for locale in untranslated:
            babel_setup(locale)  # a language TeX cannot set is refused before anything is written

    def copied(relative: Path) -> bool:
        parts = relative.parts
        if NOT_COPIED & set(parts):
            return False
        # locales/<ll>/...: only the languages asked for; the templates (*.pot) always.
        return not (len(parts) > 2 and parts[0] == LOCALES_DIR and parts[1] not in wanted)

    sources = sorted(p for p in SKELETON.rglob("*") if p.is_file() and copied(p.relative_to(SKELETON)))
    created = []
    for source in sources:
        destination = target / source.relative_to(SKELETON)
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, destination)  # contents only: the installed package's modes are not the user's
        created.append(destination)
    if untranslated:
        from .workflow import init

        for locale in untranslated:
            created.extend(init(target, locale))
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
