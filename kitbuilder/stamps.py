"""What a build depends on, and whether it changed since the last successful build.

Only the standard library here: a build with nothing to do answers from these stamps
without loading Babel, Jinja or the content (a no-op build is mostly Python's start-up).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import __version__
from .errors import ConfigError

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
# A bilingual edition is built like a locale named "en+fr", into build/en+fr/.
BILINGUAL_SEPARATOR = "+"


@dataclass(frozen=True)
class BuildOptions:
    """How to build: what a user chose on the command line."""

    strict: bool = False
    print_marks: bool = False  # crop marks and bleed, with TrimBox and BleedBox
    booklet: bool = False  # also write kit-booklet.pdf, imposed for saddle stitching
    source_date_epoch: int | None = None


DEFAULT_OPTIONS = BuildOptions()


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
    return list(dict.fromkeys([source, *(listed if listed is not None else found)]))


def _declared_locales(kit_dir: Path) -> tuple[str, list[str] | None]:
    """``kit.yaml``'s source language and list of locales (None if it lists none).

    Read leniently, without the schema: an invalid kit.yaml is reported, with its line,
    by the content loader that every command runs next.
    """
    try:
        text = (kit_dir / CONTENT_DIR / KIT_FILE).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return "en", None
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
    for path in [*files, *sorted(PACKAGE_DIR.glob("*.py"))]:
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
