"""GNU gettext's own tools, run as processes: the catalogs kitbuilder writes are theirs.

``msgmerge --previous`` merges a template into a catalog exactly as a translator's
``msgmerge -U`` would (it brings back an entry that was obsolete, keeps every header field
other tools wrote, wraps and orders the way Poedit and translate-toolkit expect), so running
one tool after the other changes nothing. Bytes in, bytes out; errors name the catalog.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from .errors import CatalogError, ConfigError


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise ConfigError(f"{name} (GNU gettext) is not installed: `apt-get install gettext`")
    return path


def _run(args: list[str], data: bytes | None, path: str | Path, what: str) -> bytes:
    proc = subprocess.run(args, input=data, capture_output=True, check=False)
    if proc.returncode != 0:
        raise CatalogError(f"{what}: {proc.stderr.decode(errors='replace').strip()}", path)
    return proc.stdout


def canonical(data: bytes, path: str | Path) -> bytes:
    """``data`` as msgcat writes it (line wrapping, escapes), or an error naming the file."""
    return _run([_tool("msgcat"), "-"], data, path, "msgcat rejects the catalog")


def merge(catalog: bytes, template: bytes, path: str | Path) -> bytes:
    """The catalog merged with the template, as ``msgmerge --previous`` writes it.

    Translations are kept; a changed source is matched to its old translation, marked
    fuzzy with the old source as ``#|``; entries no longer used stay as ``#~`` and come
    back, translated, when their source does.
    """
    with tempfile.TemporaryDirectory(prefix="kitbuilder-") as tmp:
        ref = Path(tmp) / "template.pot"
        ref.write_bytes(template)
        return _run([_tool("msgmerge"), "--quiet", "--previous", "-o", "-", "-", str(ref)], catalog, path,
                    "msgmerge cannot merge the catalog")


def without_obsolete(catalog: bytes, path: str | Path) -> bytes:
    """The catalog without its obsolete (``#~``) entries."""
    return _run([_tool("msgattrib"), "--no-obsolete", "-"], catalog, path, "msgattrib rejects the catalog")
