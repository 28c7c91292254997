"""The kit directory: where a kit's files are, reading them, and writing files atomically.

A kit holds ``content/*.yaml``, ``locales/<ll>/LC_MESSAGES/*.po`` and optionally its own
``templates/latex/``; a build writes ``build/<edition>/``. Only the standard library is
imported here at start-up: the readers load Babel and the content schema when first called,
so a build with nothing to do never loads them.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import threading
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import CatalogError, ConfigError, ContentError, KitbuilderError, TemplateError, WriteError

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

    from .schema import Kit

# A kit directory, and where a build puts things.
CONTENT_DIR = "content"
KIT_FILE = "kit.yaml"
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
    """The kit's locales: its source language first, then those ``kit.yaml`` lists under
    ``locales``, or else every locale with a catalog folder, in name order.

    The source language is always built, catalogs or not: a kit written only in English
    needs no catalog folder for its English edition.
    """
    source, listed = _declared_locales(kit_dir)
    folder = kit_dir / LOCALES_DIR
    found = sorted(p.name for p in folder.iterdir() if (p / "LC_MESSAGES").is_dir()) if folder.is_dir() else []
    return list(dict.fromkeys([*([source] if source else []), *(listed if listed is not None else found)]))


def _declared_locales(kit_dir: Path) -> tuple[str | None, list[str] | None]:
    """``kit.yaml``'s source language and list of locales (None if it lists none); no
    source language without a kit.yaml.

    Read leniently, without the schema: an invalid kit.yaml is reported, with its line,
    by the content loader that every command runs next.
    """
    try:
        text = kit_file(kit_dir, kit_dir / CONTENT_DIR / KIT_FILE).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError, KitbuilderError):
        return None, None
    scanned = _scan_locales(text)
    if scanned is not None:
        return scanned
    import yaml  # only for a kit.yaml the scan cannot read: importing PyYAML costs a no-op build

    try:
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        data = None
    data = data if isinstance(data, dict) else {}
    source, listed = data.get("source_language"), data.get("locales")
    return (source if isinstance(source, str) else "en",
            [str(code) for code in listed] if isinstance(listed, list) else None)


_TOP_KEY = re.compile(r"^(source_language|locales):(.*)$", re.M)
_CODE = re.compile(r"""\s*(["']?)([A-Za-z]{2,3}(?:[_-][A-Za-z]{2})?)\1\s*""")
_ITEM = re.compile(r"^[ \t]+-[ \t]+(.*?)[ \t]*$")


def _scan_locales(text: str) -> tuple[str, list[str] | None] | None:
    """The two keys, read without PyYAML in the forms kits write them (``source_language: en``,
    ``locales: [en, fr]`` or a block list of codes); None for any other form."""
    source, listed = "en", None
    for m in _TOP_KEY.finditer(text):
        value = m.group(2).split(" #")[0].strip()
        if m.group(1) == "source_language":
            code = _CODE.fullmatch(value)
            if code is None:
                return None
            source = code.group(2)
        elif value.startswith("[") and value.endswith("]"):
            codes = [_CODE.fullmatch(v) for v in value[1:-1].split(",")] if value[1:-1].strip() else []
            if not all(codes):
                return None
            listed = [c.group(2) for c in codes if c]
        elif not value:
            listed = []
            for line in text[m.end() + 1:].splitlines():
                if not line.strip() or line.lstrip().startswith("#"):
                    continue
                item = _ITEM.match(line)
                if item is None:
                    if line[0] in " \t":
                        return None
                    break
                code = _CODE.fullmatch(item.group(1).split(" #")[0])
                if code is None:
                    return None
                listed.append(code.group(2))
        else:
            return None
    return source, listed


def kit_file(kit_dir: Path, path: Path, error: type[KitbuilderError] = ConfigError) -> Path:
    """``path``, a regular file that is the kit's own: a symbolic link may lead to another of
    the kit's files, never outside it (to /proc/self/environ, or a user's private files)."""
    rel = path.relative_to(kit_dir).as_posix() if path.is_relative_to(kit_dir) else str(path)
    real = path.resolve()
    if not real.is_relative_to(kit_dir.resolve()):
        raise error("is a symbolic link that leads outside the kit: kitbuilder reads only the kit's own files", rel)
    if not real.is_file():
        raise error("is not a regular file", rel)
    return real


def read_content(kit_dir: Path) -> Kit:
    """The kit's content, loaded and checked against the schema."""
    from .content import load_content

    folder = require_kit(kit_dir)
    files = {}
    for path in sorted(folder.glob("*.yaml")):
        rel = f"{CONTENT_DIR}/{path.name}"
        data = kit_file(kit_dir, path, ContentError).read_bytes()
        try:
            files[rel] = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise ContentError("not valid UTF-8", rel, line) from None
    return load_content(files)


def catalog_path(kit_dir: Path, locale: str, domain: str) -> Path:
    return kit_dir / LOCALES_DIR / locale / "LC_MESSAGES" / f"{domain}.po"


# Every catalog has an entry; a file without one is something else, and errors quote none of it.
_AN_ENTRY = re.compile(rb'^[ \t]*msgid[ \t]+"', re.M)


def read_catalog_file(kit_dir: Path, path: Path, locale: str) -> Catalog:
    """One of the kit's catalogs, read and checked (errors name it relative to the kit)."""
    from .catalogs import read_catalog

    rel = path.relative_to(kit_dir).as_posix()
    data = kit_file(kit_dir, path, CatalogError).read_bytes()
    if not _AN_ENTRY.search(data):
        raise CatalogError("not a gettext catalog (no msgid in it)", rel)
    return read_catalog(io.BytesIO(data), rel, locale)


def read_locale_catalogs(kit_dir: Path, kit: Kit, locale: str) -> dict[str, tuple[str, Catalog]]:
    """Every catalog a locale needs, by domain, with its path relative to the kit.

    A needed catalog that does not exist is an error, never a silently untranslated kit.
    """
    from .localize import needed_domains

    found = {}
    for domain in sorted(needed_domains(kit, locale)):
        path = catalog_path(kit_dir, locale, domain)
        rel = path.relative_to(kit_dir).as_posix()
        if not path.exists() and not path.is_symlink():
            raise CatalogError(f"missing catalog for '{locale}': run `kitbuilder update` and translate it", rel)
        found[domain] = (rel, read_catalog_file(kit_dir, path, locale))
    return found


def search_path_of(kit_dir: Path) -> list[Path]:
    """Where templates are looked up: the kit's own, then kitbuilder's. The kit's may not lead
    outside the kit either (templates are trusted, but only the ones the kit holds)."""
    own = kit_dir / TEMPLATES_DIR
    if own.is_dir():
        for path in sorted(own.rglob("*")):
            if path.is_symlink() or path.is_file():
                kit_file(kit_dir, path, TemplateError)
    return [p for p in (own, DEFAULT_TEMPLATES) if p.is_dir()]


# --- Writing: atomically, never through a symbolic link ---------------------------------------


def build_folder(kit_dir: Path, out: Path | None) -> Path:
    """Where a build writes: ``out``, which may be anywhere, or the kit's own build/ folder,
    which no symbolic link may lead elsewhere."""
    if out is None and (kit_dir / "build").is_symlink():
        raise ConfigError("is a symbolic link: kitbuilder writes nothing through a link; remove it, or use --out",
                          kit_dir / "build")
    return (out or kit_dir / "build").resolve()


def output_folder(out_dir: Path, *names: str) -> Path:
    """``out_dir/names...``, made where missing. Below the output folder kitbuilder follows no
    symbolic link: ``build/en/.work`` pointing elsewhere would have it write there."""
    folder = out_dir
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name in names:
            folder = folder / name
            with contextlib.suppress(FileExistsError):
                folder.mkdir()
            if folder.is_symlink():
                raise WriteError("is a symbolic link: kitbuilder writes nothing through a link; remove it", folder)
            if not folder.is_dir():
                raise WriteError("is not a folder", folder)
    except OSError as exc:
        raise WriteError(f"cannot make the folder: {exc.strerror or exc}", exc.filename or folder) from None
    return folder


_TEMPORARY = re.compile(r"\..+\.(\d+)\.\d+\.tmp")


def remove_stale_temporaries(folder: Path) -> None:
    """Remove the temporary files (see ``_stage``) that a process which no longer runs left in
    ``folder``: a build killed while it wrote, or that a full disk stopped before it could."""
    for entry in folder.iterdir():
        m = _TEMPORARY.fullmatch(entry.name)
        if m and not _is_running(int(m.group(1))) and not entry.is_dir():
            entry.unlink(missing_ok=True)


def _is_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


def remove_links(folder: Path) -> None:
    """Remove every symbolic link in ``folder`` (one of kitbuilder's own work folders): a tool
    that writes there (the engine) must not write through one."""
    for entry in folder.iterdir():
        if entry.is_symlink():
            entry.unlink()


def _same_bytes(path: Path, data: bytes) -> bool:
    """Whether ``path`` is a regular file (not a link) holding exactly ``data``."""
    try:
        return path.lstat().st_size == len(data) and not path.is_symlink() and path.read_bytes() == data
    except OSError:
        return False


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _stage(path: Path, data: bytes) -> Path:
    """A new temporary file beside ``path`` holding ``data``; on failure (a full disk) it is
    removed, and the error names ``path``."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        # O_EXCL and O_NOFOLLOW: a new file, never a link someone left under that name.
        # Created with os.open's mode, so the user's umask applies (mkstemp would make it 0600).
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
        try:
            fd = os.open(tmp, flags, 0o666)
        except FileExistsError:
            tmp.unlink()
            fd = os.open(tmp, flags, 0o666)
        try:
            _write_all(fd, data)
        finally:
            os.close(fd)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise WriteError(f"cannot write: {exc.strerror or exc}", path) from None
    return tmp


def publish(files: Mapping[Path, bytes | None]) -> list[Path]:
    """Write several files together or not at all (None removes a file); return those that changed.

    Each new file is written in full beside its place first; only when every one is written
    are they renamed into place, which needs no space. A full disk leaves every old file as it
    was and no temporary file behind. A link in a file's place is replaced, never followed.
    """
    staged: list[tuple[Path, Path]] = []
    try:
        for path, data in files.items():
            if data is not None and not _same_bytes(path, data):
                staged.append((_stage(path, data), path))
    except BaseException:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise
    changed = []
    for path, data in files.items():
        if data is None and (path.exists() or path.is_symlink()):
            path.unlink()
            changed.append(path)
    for tmp, path in staged:
        try:
            os.replace(tmp, path)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise WriteError(f"cannot write: {exc.strerror or exc}", path) from None
        changed.append(path)
    return changed


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write ``data`` atomically, and only if the file's bytes differ (see ``publish``)."""
    if _same_bytes(path, data):
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    return bool(publish({path: data}))


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
