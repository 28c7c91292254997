"""What a build depends on, and whether it changed since the last successful build.

Only the standard library here: a build with nothing to do answers from these stamps
without loading Babel, Jinja or the content (a no-op build is mostly Python's start-up).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import __version__
from .edition import Edition
from .errors import ConfigError
from .kitdir import (
    CONTENT_DIR,
    DEFAULT_TEMPLATES,
    LOCALES_DIR,
    PACKAGE_DIR,
    PDF_NAME,
    REPORT_NAME,
    STAMP_NAME,
    TEMPLATES_DIR,
    WORK_DIR,
)


@dataclass(frozen=True)
class BuildOptions:
    """How to build: what a user chose on the command line."""

    strict: bool = False
    print_marks: bool = False  # crop marks and bleed, with TrimBox and BleedBox
    booklet: bool = False  # also write kit-booklet.pdf, imposed for saddle stitching
    # The date the PDFs claim; None: SOURCE_DATE_EPOCH, or the last commit of each edition's inputs.
    source_date_epoch: int | None = None


DEFAULT_OPTIONS = BuildOptions()


def edition_inputs(kit_dir: Path, edition: Edition) -> list[Path]:
    """The kit's folders an edition's PDF is made from: the content, its catalogs, the kit's templates."""
    catalogs = [kit_dir / LOCALES_DIR / code for code in edition.catalog_locales]
    return [kit_dir / CONTENT_DIR, *catalogs, kit_dir / TEMPLATES_DIR]


def source_date(kit_dir: Path, edition: Edition, options: BuildOptions = DEFAULT_OPTIONS) -> int:
    """The time an edition's PDF claims to be made: the options' date, SOURCE_DATE_EPOCH, or
    the last git commit that touched the edition's inputs. Not the kit's last commit: one
    that only changed the README (or another language) must leave the edition as it is."""
    if options.source_date_epoch is not None:
        return options.source_date_epoch
    if "SOURCE_DATE_EPOCH" in os.environ:
        value = os.environ["SOURCE_DATE_EPOCH"]
        if not value.isdigit():
            raise ConfigError(f"SOURCE_DATE_EPOCH must be a number of seconds, not '{value}'")
        return int(value)
    git = shutil.which("git")
    if git:
        paths = [p.relative_to(kit_dir).as_posix() for p in edition_inputs(kit_dir, edition)]
        out = subprocess.run([git, "log", "-1", "--format=%ct", "--", *paths], cwd=kit_dir, capture_output=True,
                             text=True, check=False).stdout.strip()
        if out.isdigit():
            return int(out)
    return 0


def input_digest(kit_dir: Path, edition: Edition, options: BuildOptions) -> str:
    """A digest of everything one edition's PDF depends on.

    The content, that edition's catalogs, the kit's and kitbuilder's templates, kitbuilder
    itself, and the build options: a change to another locale's catalog changes nothing here.
    """
    dated = dataclasses.replace(options, source_date_epoch=source_date(kit_dir, edition, options))
    h = hashlib.sha256(repr((__version__, edition.name, dated)).encode())
    folders = [*edition_inputs(kit_dir, edition), DEFAULT_TEMPLATES]
    files = [p for folder in folders if folder.is_dir() for p in sorted(folder.rglob("*"))]
    for path in [*files, *sorted(PACKAGE_DIR.rglob("*.py"))]:
        if path.suffix in (".yaml", ".po", ".tex", ".lua", ".py") and path.is_file():
            h.update(path.as_posix().encode())
            h.update(path.read_bytes())
    return h.hexdigest()


def saved_report(out_dir: Path, edition: Edition, digest: str) -> dict[str, Any] | None:
    """The last build's report for ``edition`` if its inputs still have ``digest`` and its
    PDF is still there; None when the edition needs building."""
    work = out_dir / edition.name / WORK_DIR
    stamp, report = work / STAMP_NAME, work / REPORT_NAME
    if not (stamp.exists() and report.exists() and (out_dir / edition.name / f"{PDF_NAME}.pdf").exists()):
        return None
    if stamp.read_text(encoding="ascii") != digest:
        return None
    saved: dict[str, Any] = json.loads(report.read_text(encoding="utf-8"))
    return {**saved, "seconds": 0.0, "passes": 0, "up_to_date": True}


def all_up_to_date(kit_dir: Path, out_dir: Path, editions: list[Edition],
                   options: BuildOptions) -> list[dict[str, Any]] | None:
    """Every edition's saved report if none needs building, else None: a build with nothing
    to do answers from these without loading the rest of kitbuilder."""
    saved = [saved_report(out_dir, e, input_digest(kit_dir, e, options)) for e in editions]
    return None if any(s is None for s in saved) else [s for s in saved if s is not None]
