"""What a build depends on, and whether it changed since the last successful build.

Only the standard library here: a build with nothing to do answers from these stamps
without loading Babel, Jinja or the content (a no-op build is mostly Python's start-up).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import __version__
from .errors import ConfigError
from .kitdir import (
    BILINGUAL_SEPARATOR,
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
    source_date_epoch: int | None = None


DEFAULT_OPTIONS = BuildOptions()


def source_date(kit_dir: Path) -> int:
    """The time the PDFs claim to be made: SOURCE_DATE_EPOCH, or the kit's last git commit."""
    if "SOURCE_DATE_EPOCH" in os.environ:
        value = os.environ["SOURCE_DATE_EPOCH"]
        if not value.isdigit():
            raise ConfigError(f"SOURCE_DATE_EPOCH must be a number of seconds, not '{value}'")
        return int(value)
    git = shutil.which("git")
    if git:
        out = subprocess.run([git, "log", "-1", "--format=%ct"], cwd=kit_dir, capture_output=True, text=True,
                             check=False).stdout.strip()
        if out.isdigit():
            return int(out)
    return 0


def input_digest(kit_dir: Path, locale: str, options: BuildOptions) -> str:
    """A digest of everything one locale's PDF depends on.

    The content, that locale's catalogs, the kit's and kitbuilder's templates, kitbuilder
    itself, and the build options: a change to another locale's catalog changes nothing here.
    """
    h = hashlib.sha256(repr((__version__, locale, options)).encode())
    catalogs = [kit_dir / LOCALES_DIR / part for part in locale.split(BILINGUAL_SEPARATOR)]
    folders = [kit_dir / CONTENT_DIR, *catalogs, kit_dir / TEMPLATES_DIR, DEFAULT_TEMPLATES]
    files = [p for folder in folders if folder.is_dir() for p in sorted(folder.rglob("*"))]
    for path in [*files, *sorted(PACKAGE_DIR.rglob("*.py"))]:
        if path.suffix in (".yaml", ".po", ".tex", ".py") and path.is_file():
            h.update(path.as_posix().encode())
            h.update(path.read_bytes())
    return h.hexdigest()


def saved_report(out_dir: Path, locale: str, digest: str) -> dict[str, Any] | None:
    """The last build's report for ``locale`` if its inputs still have ``digest`` and its
    PDF is still there; None when the locale needs building."""
    work = out_dir / locale / WORK_DIR
    stamp, report = work / STAMP_NAME, work / REPORT_NAME
    if not (stamp.exists() and report.exists() and (out_dir / locale / f"{PDF_NAME}.pdf").exists()):
        return None
    if stamp.read_text(encoding="ascii") != digest:
        return None
    saved: dict[str, Any] = json.loads(report.read_text(encoding="utf-8"))
    return {**saved, "seconds": 0.0, "passes": 0, "up_to_date": True}
