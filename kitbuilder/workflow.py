"""The translators' commands on a kit directory: extract, update, init.

Catalog files are written only when their bytes change, and always in the form GNU
gettext's ``msgcat`` writes, so a round trip through Poedit or Weblate adds no noise.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from babel.messages.catalog import Catalog

from .catalogs import check_rewritable, parse_locale, read_catalog
from .errors import CatalogError, ConfigError
from .extract import catalog_bytes, make_template, merge, messages_by_domain, new_catalog, template_labels
from .kitdir import (
    LOCALES_DIR,
    available_locales,
    catalog_path,
    read_content,
    read_locale_catalogs,
    search_path_of,
    write_if_changed,
)
from .latex.languages import babel_setup
from .localize import needed_domains
from .schema import Kit


def canonical(data: bytes, path: Path) -> bytes:
    """``data`` as msgcat writes it (line wrapping, escapes), or an error naming the file."""
    msgcat = shutil.which("msgcat")
    if msgcat is None:
        raise ConfigError("msgcat (GNU gettext) is not installed: `apt-get install gettext`")
    proc = subprocess.run([msgcat, "-"], input=data, capture_output=True, check=False)
    if proc.returncode != 0:
        raise CatalogError(f"msgcat rejects the catalog: {proc.stderr.decode(errors='replace').strip()}", path)
    return proc.stdout


def pot_path(kit_dir: Path, domain: str) -> Path:
    return kit_dir / LOCALES_DIR / f"{domain}.pot"


def catalog_templates(kit_dir: Path, kit: Kit) -> dict[str, Catalog]:
    """The ``.pot`` catalog of every domain: the content files' and the templates' labels."""
    project = kit.config.title.text
    return {domain: make_template(domain, messages, project)
            for domain, messages in messages_by_domain(kit, template_labels(search_path_of(kit_dir))).items()}


def write_templates(kit_dir: Path, pots: dict[str, Catalog]) -> list[Path]:
    """Write ``locales/<domain>.pot`` for every domain; return the files that changed."""
    changed = []
    for domain, pot in pots.items():
        path = pot_path(kit_dir, domain)
        if write_if_changed(path, canonical(catalog_bytes(pot, template=True), path)):
            changed.append(path)
    return changed


def extract(kit_dir: Path) -> list[Path]:
    """Write the catalog templates from the content and the templates."""
    return write_templates(kit_dir, catalog_templates(kit_dir, read_content(kit_dir)))


def update(kit_dir: Path, locales: list[str] | None = None) -> list[Path]:
    """Extract, then merge the templates into every locale's catalogs (creating missing ones).

    Returns every file that changed, templates included.
    """
    kit = read_content(kit_dir)
    locales = locales or available_locales(kit_dir)
    for locale in locales:
        parse_locale(locale)
        babel_setup(locale)  # as init and build do: no catalogs for a language TeX cannot set
    pots = catalog_templates(kit_dir, kit)
    changed = write_templates(kit_dir, pots)
    for locale in locales:
        for domain in sorted(needed_domains(kit, locale)):
            path = catalog_path(kit_dir, locale, domain)
            rel = path.relative_to(kit_dir).as_posix()
            if path.exists():
                with path.open("rb") as f:
                    existing = read_catalog(f, rel, locale)  # syntax and header checked
                check_rewritable(existing, rel)
                catalog = merge(existing, pots[domain])
            else:
                catalog = new_catalog(pots[domain], locale)
            if write_if_changed(path, canonical(catalog_bytes(catalog), path)):
                changed.append(path)
    return changed


def init(kit_dir: Path, locale: str) -> list[Path]:
    """Start a new language: its catalogs, from the current templates."""
    parse_locale(locale)
    folder = kit_dir / LOCALES_DIR / locale / "LC_MESSAGES"
    if folder.is_dir() and any(folder.glob("*.po")):
        raise ConfigError(f"locale '{locale}' already has catalogs: use `kitbuilder update`", folder)
    babel_setup(locale)  # a language the installed TeX cannot set is refused now, not at build time
    folder.mkdir(parents=True, exist_ok=True)
    return update(kit_dir, [locale])


def catalogs_of(kit_dir: Path, locales: list[str] | None = None) -> list[tuple[str, str, Catalog]]:
    """Every locale's catalogs that the kit needs, read and validated: (locale, path, catalog).

    A needed catalog that does not exist is an error: the locale cannot be built.
    """
    kit = read_content(kit_dir)
    return [(locale, rel, catalog) for locale in locales or available_locales(kit_dir)
            for rel, catalog in read_locale_catalogs(kit_dir, kit, locale).values()]
