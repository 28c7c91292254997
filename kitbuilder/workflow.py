"""The translators' commands on a kit directory: extract, update, init.

Catalog files are written only when their bytes change, and in the form GNU gettext's
tools write (``msgmerge`` merges, ``msgcat`` lays out templates), so a round trip through
msgmerge, Poedit or Weblate adds no noise.
"""

from __future__ import annotations

import concurrent.futures
import datetime
import os
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog

from . import msgtools
from .catalogs import check_rewritable, parse_locale
from .errors import CatalogError, ConfigError
from .extract import (
    make_template,
    messages_by_domain,
    new_catalog_header,
    template_bytes,
    template_labels,
    without_entries,
)
from .kitdir import (
    LOCALES_DIR,
    available_locales,
    catalog_path,
    kit_file,
    read_catalog_file,
    read_content,
    read_locale_catalogs,
    search_path_of,
    write_if_changed,
)
from .latex.languages import babel_setup
from .localize import needed_domains
from .newkit import placeholder_translations
from .schema import Kit


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
        if write_if_changed(path, msgtools.canonical(template_bytes(pot), path)):
            changed.append(path)
    return changed


def extract(kit_dir: Path) -> list[Path]:
    """Write the catalog templates from the content and the templates."""
    return write_templates(kit_dir, catalog_templates(kit_dir, read_content(kit_dir)))


@dataclass
class UpdateResult:
    """What ``update`` wrote (or, checking, would write), and the files the kit no longer uses."""

    changed: list[Path] = field(default_factory=list)
    stale: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)


def update(kit_dir: Path, locales: list[str] | None = None, *, obsolete: bool = True, prune: bool = False,
           check: bool = False) -> UpdateResult:
    """Extract, then merge the templates into every locale's catalogs (creating missing ones).

    Merging is GNU msgmerge's, so a translator's ``msgmerge -U`` and this agree byte for
    byte. ``obsolete=False`` drops the ``#~`` entries; catalogs and templates of parts the
    kit no longer has are reported as stale, and removed with ``prune``. With ``check``,
    nothing is written: ``changed`` lists what is not current.
    """
    kit = read_content(kit_dir)
    chosen = locales or available_locales(kit_dir)
    for locale in chosen:
        parse_locale(locale)
        babel_setup(locale)  # as init and build do: no catalogs for a language TeX cannot set
    pots = catalog_templates(kit_dir, kit)
    jobs = [(locale, domain) for locale in chosen for domain in sorted(needed_domains(kit, locale))]

    def template_of(domain: str) -> bytes:
        return msgtools.canonical(template_bytes(pots[domain]), pot_path(kit_dir, domain))

    def catalog_of(job: tuple[str, str]) -> bytes:
        locale, domain = job
        return merged_catalog(kit_dir, catalog_path(kit_dir, locale, domain), locale, pots[domain],
                              pot_bytes[domain], obsolete=obsolete)

    # gettext's tools are processes, each file on its own: run a few at once.
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        pot_bytes = dict(zip(pots, pool.map(template_of, pots), strict=True))
        outputs = {pot_path(kit_dir, domain): data for domain, data in pot_bytes.items()}
        outputs.update(zip((catalog_path(kit_dir, *job) for job in jobs), pool.map(catalog_of, jobs), strict=True))
    result = UpdateResult()
    for path, data in outputs.items():
        if path.exists() and path.read_bytes() == data:
            continue
        if not check:
            write_if_changed(path, data)
        result.changed.append(path)
    result.stale = stale_files(kit_dir, kit, set(pots), chosen, every_locale=not locales)
    if prune and not check:
        for path in result.stale:
            path.unlink()
        result.removed, result.stale = result.stale, []
    return result


def merged_catalog(kit_dir: Path, path: Path, locale: str, template: Catalog, template_data: bytes, *,
                   obsolete: bool = True) -> bytes:
    """A locale's catalog of one domain, merged with its template (a new one if it has none)."""
    rel = path.relative_to(kit_dir).as_posix()
    if path.exists() or path.is_symlink():
        existing = read_catalog_file(kit_dir, path, locale)  # syntax and header checked, errors with their line
        check_rewritable(existing, rel)
        data = kit_file(kit_dir, path, CatalogError).read_bytes()
        replaced = replaced_placeholders(existing, template, locale)
        if replaced:
            data = without_entries(msgtools.canonical(data, rel).decode("utf-8"), replaced).encode("utf-8")
    else:
        data = new_catalog_header(locale, template.project, datetime.datetime.now(datetime.UTC))
    merged = msgtools.merge(data, template_data, rel)
    return merged if obsolete else msgtools.without_obsolete(merged, rel)


def replaced_placeholders(catalog: Catalog, template: Catalog, locale: str) -> set[tuple[str | None, str]]:
    """The entries of a catalog that are the new-kit skeleton's placeholder translations of
    text the kit no longer has: merged, they would become fuzzy guesses or obsolete noise."""
    placeholders = placeholder_translations(locale)
    if not placeholders:
        return set()
    current = {(m.context, str(m.id)) for m in template if m.id}
    return {(m.context, str(m.id)) for m in [*catalog, *catalog.obsolete.values()]
            if m.id and (m.context, str(m.id)) not in current
            and placeholders.get((m.context, str(m.id))) == m.string}


def stale_files(kit_dir: Path, kit: Kit, domains: set[str], locales: list[str], *, every_locale: bool) -> list[Path]:
    """Templates and catalogs whose part the kit no longer has (or that a locale no longer
    needs), and, looking at ``every_locale``, the catalogs of a locale that the kit's list
    of locales no longer names."""
    folder = kit_dir / LOCALES_DIR
    if not folder.is_dir():
        return []
    stale = sorted(p for p in folder.glob("*.pot") if p.stem not in domains)
    for locale in locales:
        needed = needed_domains(kit, locale)
        stale += sorted(p for p in (folder / locale / "LC_MESSAGES").glob("*.po") if p.stem not in needed)
    if every_locale and kit.config.locales:
        dropped = sorted(p for p in folder.iterdir() if p.is_dir() and p.name not in available_locales(kit_dir))
        stale += [po for locale_dir in dropped for po in sorted((locale_dir / "LC_MESSAGES").glob("*.po"))]
    return stale


def init(kit_dir: Path, locale: str) -> list[Path]:
    """Start a new language: its catalogs, from the current templates."""
    parse_locale(locale)
    folder = kit_dir / LOCALES_DIR / locale / "LC_MESSAGES"
    if folder.is_dir() and any(folder.glob("*.po")):
        raise ConfigError(f"locale '{locale}' already has catalogs: use `kitbuilder update`", folder)
    babel_setup(locale)  # a language the installed TeX cannot set is refused now, not at build time
    folder.mkdir(parents=True, exist_ok=True)
    return update(kit_dir, [locale]).changed


def catalogs_of(kit_dir: Path, locales: list[str] | None = None) -> list[tuple[str, str, Catalog]]:
    """Every locale's catalogs that the kit needs, read and validated: (locale, path, catalog).

    A needed catalog that does not exist is an error: the locale cannot be built.
    """
    kit = read_content(kit_dir)
    return [(locale, rel, catalog) for locale in locales or available_locales(kit_dir)
            for rel, catalog in read_locale_catalogs(kit_dir, kit, locale).values()]
