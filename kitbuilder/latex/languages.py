"""How LaTeX sets each language: babel's language file where TeX has one, babel's own
locale data (``\\babelprovide``) otherwise.

It asks the installed TeX (``kpsewhich``) which files exist, so a language this machine
cannot set is refused before any engine runs.
"""

from __future__ import annotations

import functools
import shutil
import subprocess

from babel import Locale

from ..catalogs import language_of
from ..errors import ConfigError


@functools.cache  # the installed TeX does not change while kitbuilder runs; kpsewhich takes a while
def babel_setup(locale: str) -> dict[str, str]:
    """How the templates load babel for a locale: a language file, or babel's ini data."""
    if Locale.parse(language_of(locale)).character_order == "right-to-left":
        raise ConfigError(f"'{locale}' is written right to left: the templates cannot set it yet "
                          "(they need bidirectional typesetting)")
    name = (Locale.parse(language_of(locale)).english_name or locale).lower().split(" ")[0]
    kpsewhich = shutil.which("kpsewhich")
    if kpsewhich is None:
        return {"option": name, "provide": "", "tag": ""}
    found = subprocess.run([kpsewhich, f"{name}.ldf", f"babel-{language_of(locale)}.ini"], capture_output=True,
                           text=True, check=False).stdout.split()
    if any(p.endswith(".ldf") for p in found):
        return {"option": name, "provide": "", "tag": ""}
    if found:
        return {"option": "", "provide": name, "tag": language_of(locale)}
    raise ConfigError(f"LaTeX's babel has no support for '{locale}' ({name}) on this machine: "
                      f"install the TeX Live language package for it")
