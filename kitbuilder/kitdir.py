"""The kit directory: where a kit's files are, reading them, and writing files atomically.

A kit holds ``content/*.yaml``, ``locales/<ll>/LC_MESSAGES/*.po`` and optionally its own
``templates/latex/``; a build writes ``build/<edition>/``. Only the standard library is
imported here at start-up: the readers load Babel and the content schema when first called,
so a build with nothing to do never loads them.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import CatalogError, ConfigError, ContentError

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

    from .schema import Kit

# A kit directory, and where a build puts things.
CONTENT_DIR = "content"
LOCALES_DIR = "locales"
TEMPLATES_DIR = Path("templates") / "latex"
PDF_NAME = "kit"
WORK_DIR = ".work"
STAMP_NAME = "inputs.sha256"
REPORT_NAME = "report.json"
PACKAGE_DIR = Path(__file__).parent
DEFAULT_TEMPLATES = PACKAGE_DIR / "templates" / "latex"


def require_kit(kit_dir: Path) -> Path:
    """The kit's content folder, or an error saying this is no kit directory."""
    folder = kit_dir / CONTENT_DIR
    if not folder.is_dir():
        raise ConfigError(f"no {CONTENT_DIR}/ folder: is this a kit directory? (use --kit DIR)", kit_dir)
    return folder


def available_locales(kit_dir: Path) -> list[str]:
    """Every locale that has a catalog folder, in name order."""
    folder = kit_dir / LOCALES_DIR
    return sorted(p.name for p in folder.iterdir() if (p / "LC_MESSAGES").is_dir()) if folder.is_dir() else []


def read_content(kit_dir: Path) -> Kit:
    """The kit's content, loaded and checked against the schema."""
    from .content import load_content

    folder = require_kit(kit_dir)
    files = {}
    for path in sorted(folder.glob("*.yaml")):
        data = path.read_bytes()
        try:
            files[f"{CONTENT_DIR}/{path.name}"] = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise ContentError("not valid UTF-8", f"{CONTENT_DIR}/{path.name}", line) from None
    return load_content(files)


def catalog_path(kit_dir: Path, locale: str, domain: str) -> Path:
    return kit_dir / LOCALES_DIR / locale / "LC_MESSAGES" / f"{domain}.po"


def read_locale_catalogs(kit_dir: Path, kit: Kit, locale: str) -> dict[str, tuple[str, Catalog]]:
    """Every catalog a locale needs, by domain, with its path relative to the kit.

    A needed catalog that does not exist is an error, never a silently untranslated kit.
    """
    from .catalogs import read_catalog
    from .localize import needed_domains

    found = {}
    for domain in sorted(needed_domains(kit, locale)):
        path = catalog_path(kit_dir, locale, domain)
        rel = path.relative_to(kit_dir).as_posix()
        if not path.is_file():
            raise CatalogError(f"missing catalog for '{locale}': run `kitbuilder update` and translate it", rel)
        with path.open("rb") as f:
            found[domain] = (rel, read_catalog(f, rel, locale))
    return found


def search_path_of(kit_dir: Path) -> list[Path]:
    return [p for p in (kit_dir / TEMPLATES_DIR, DEFAULT_TEMPLATES) if p.is_dir()]


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write ``data`` atomically, and only if the file's bytes differ."""
    if path.exists() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    # Created with os.open's mode, so the user's umask applies (mkstemp would make it 0600).
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.replace(tmp, path)
    return True


# What a kit's author edits: a change to one of these files is worth a rebuild.
WATCHED = (CONTENT_DIR, LOCALES_DIR, "templates")
WATCHED_SUFFIXES = (".yaml", ".po", ".tex")


def snapshot(kit_dir: Path) -> dict[Path, float]:
    """The modification time of every file of the kit that a build reads."""
    folders = [kit_dir / name for name in WATCHED]
    return {p: p.stat().st_mtime for folder in folders if folder.is_dir()
            for p in folder.rglob("*") if p.suffix in WATCHED_SUFFIXES and p.is_file()}


def watch(kit_dir: Path, interval: float) -> Iterator[None]:
    """Yield at once, then each time a kit file is saved (looking every ``interval`` seconds)."""
    seen: dict[Path, float] | None = None
    while True:
        current = snapshot(kit_dir)
        if current != seen:
            seen = current
            yield
        time.sleep(interval)
