"""Build a kit: load content -> load catalogs -> localize -> render LaTeX -> compile PDF -> report.

This module owns the kit directory's paths and runs the engine; the steps it calls are
pure functions of text and objects.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from babel import Locale

from . import __version__
from .catalogs import (
    LABELS_DOMAIN,
    LABELS_LANGUAGE,
    Fallback,
    Translator,
    language_of,
    parse_locale,
    read_catalog,
)
from .content import load_content, messages_in
from .errors import CatalogError, ConfigError
from .formatting import format_percent_value
from .latex import compile_pdf
from .localize import domain_of, localize
from .render import DEFAULT_TEMPLATES, render_kit
from .schema import Kit, Message

CONTENT_DIR = "content"
LOCALES_DIR = "locales"
TEMPLATES_DIR = Path("templates") / "latex"
PDF_NAME = "kit"


@dataclass
class LocaleReport:
    """The result of building one locale, as the CLI prints it and ``--json`` writes it."""

    locale: str
    pdf: str
    pages: int
    seconds: float
    passes: int
    warnings: list[str]
    fallbacks: dict[str, int]
    completion: float
    details: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "locale": self.locale,
            "pdf": self.pdf,
            "pages": self.pages,
            "seconds": round(self.seconds, 2),
            "passes": self.passes,
            "warnings": self.warnings,
            "fallbacks": self.fallbacks,
            "completion": round(self.completion, 1),
        }


# --- Reading the kit directory ------------------------------------------------------------


def read_content(kit_dir: Path) -> Kit:
    folder = kit_dir / CONTENT_DIR
    if not folder.is_dir():
        raise ConfigError(f"no {CONTENT_DIR}/ folder: is this a kit directory? (use --kit DIR)", kit_dir)
    files = {f"{CONTENT_DIR}/{p.name}": p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.yaml"))}
    return load_content(files)


def available_locales(kit_dir: Path) -> list[str]:
    """Every locale that has a catalog folder, in name order."""
    folder = kit_dir / LOCALES_DIR
    return sorted(p.name for p in folder.iterdir() if (p / "LC_MESSAGES").is_dir()) if folder.is_dir() else []


def needed_domains(kit: Kit, locale: str) -> dict[str, str]:
    """The catalog domains a locale needs, with each domain's source language."""
    domains: dict[str, str] = {}
    for m in messages_in([kit.config, *kit.parts]):
        if language_of(m.source_language) != language_of(locale):
            domains[domain_of(m)] = m.source_language
    if language_of(locale) != LABELS_LANGUAGE:
        domains[LABELS_DOMAIN] = LABELS_LANGUAGE
    return domains


def catalog_path(kit_dir: Path, locale: str, domain: str) -> Path:
    return kit_dir / LOCALES_DIR / locale / "LC_MESSAGES" / f"{domain}.po"


def load_translator(kit_dir: Path, kit: Kit, locale: str) -> Translator:
    catalogs = {}
    paths = {}
    for domain in sorted(needed_domains(kit, locale)):
        path = catalog_path(kit_dir, locale, domain)
        rel = path.relative_to(kit_dir).as_posix()
        if not path.is_file():
            raise CatalogError(f"missing catalog for '{locale}': run `kitbuilder update` and translate it", rel)
        with path.open("rb") as f:
            catalogs[domain] = read_catalog(f, rel, locale)
        paths[domain] = rel
    return Translator(locale, catalogs, paths)


def babel_setup(locale: str) -> dict[str, str]:
    """How the templates load babel for a locale: a language file, or babel's ini data."""
    name = (Locale.parse(language_of(locale)).english_name or locale).lower().split(" ")[0]
    kpsewhich = shutil.which("kpsewhich")
    if kpsewhich is None:
        return {"option": name, "provide": ""}
    found = subprocess.run([kpsewhich, f"{name}.ldf", f"babel-{language_of(locale)}.ini"], capture_output=True,
                           text=True, check=False).stdout.split()
    if any(p.endswith(".ldf") for p in found):
        return {"option": name, "provide": ""}
    if found:
        return {"option": "", "provide": language_of(locale)}
    raise ConfigError(f"LaTeX's babel has no support for '{locale}' ({name}) on this machine: "
                      f"install the TeX Live language package for it")


def source_date(kit_dir: Path) -> int:
    """The time the PDFs claim to be made: SOURCE_DATE_EPOCH, or the kit's last git commit."""
    if "SOURCE_DATE_EPOCH" in os.environ:
        return int(os.environ["SOURCE_DATE_EPOCH"])
    git = shutil.which("git")
    if git:
        out = subprocess.run([git, "log", "-1", "--format=%ct"], cwd=kit_dir, capture_output=True, text=True,
                             check=False).stdout.strip()
        if out.isdigit():
            return int(out)
    return 0


def _read_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _read_umask()


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write ``data`` atomically, and only if the file's bytes differ."""
    if path.exists() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp makes 0600 files; keep the permissions users expect
    os.replace(tmp, path)
    return True


# --- One locale -----------------------------------------------------------------------------


def completion(kit: Kit, locale: str, fallbacks: list[Fallback]) -> float:
    translatable = {(m.context, m.text) for m in messages_in([kit.config, *kit.parts])
                    if language_of(m.source_language) != language_of(locale)}
    if not translatable:
        return 100.0
    missing = {(f.message.context, f.message.text) for f in fallbacks}
    return 100.0 * (len(translatable) - len(missing & translatable)) / len(translatable)


def build_locale(kit_dir: Path, kit: Kit, locale: str, out_dir: Path, *, strict: bool = False,
                 source_date_epoch: int | None = None) -> LocaleReport:
    started = time.monotonic()
    cldr = parse_locale(locale)
    translator = load_translator(kit_dir, kit, locale)
    labels = translator.catalogs.get(LABELS_DOMAIN)

    def gettext(text: str) -> str:
        label = Message(text=text, path=f"{LABELS_DOMAIN}.tex", source_language=LABELS_LANGUAGE)
        return translator.translate(label, LABELS_DOMAIN) if labels is not None else text

    view = localize(kit, translator, cldr)
    fallbacks = list(translator.fallbacks)
    if strict and fallbacks:
        first = fallbacks[0]
        counts = translator.counts()
        summary = ", ".join(f"{n} {reason}" for reason, n in sorted(counts.items()))
        raise CatalogError(f"--strict: {summary} message(s) in '{locale}', first: "
                           f"{first.reason}: {first.message.text[:60]!r}", first.catalog, first.line)
    done = completion(kit, locale, fallbacks)
    settings = {
        "locale": locale,
        "language": language_of(locale),
        "babel": babel_setup(locale),
        "draft": format_percent_value(round(done, 1), cldr) if fallbacks else "",
        "generator": f"kitbuilder {__version__}",
        "paper": {"a4": "a4paper", "letter": "letterpaper"}[kit.config.paper],
        # The same inputs give the same PDF, wherever and whenever they are built.
        "trailer_id": "",
    }
    search_path = [kit_dir / TEMPLATES_DIR, DEFAULT_TEMPLATES]
    render_path = [p for p in search_path if p.is_dir()]
    settings["trailer_id"] = hashlib.md5(repr((view, settings)).encode(), usedforsecurity=False).hexdigest()
    tex = render_kit(view, settings, render_path, cldr, gettext)

    locale_dir = out_dir / locale
    work = locale_dir / ".work"
    work.mkdir(parents=True, exist_ok=True)
    tex_path = work / f"{PDF_NAME}.tex"
    write_if_changed(tex_path, tex.encode("utf-8"))
    result = compile_pdf(tex_path, source_date_epoch=source_date_epoch)
    # Only a successful build replaces what the organiser already has.
    for suffix in (".tex", ".log", ".pdf"):
        write_if_changed(locale_dir / f"{PDF_NAME}{suffix}", (work / f"{PDF_NAME}{suffix}").read_bytes())
    details = [f"{f.catalog}:{f.line or ''}: {f.reason}: {f.message.text[:70]}" for f in fallbacks]
    return LocaleReport(
        locale=locale,
        pdf=str(locale_dir / f"{PDF_NAME}.pdf"),
        pages=result.log.pages,
        seconds=time.monotonic() - started,
        passes=result.passes,
        warnings=result.log.warnings,
        fallbacks=dict(translator.counts()),
        completion=done,
        details=details,
    )
