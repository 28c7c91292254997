"""How LaTeX sets each language: babel's language file where TeX has one, babel's own
locale data (``\\babelprovide``) otherwise; its script and direction.

``TEX_LANGUAGES`` says what TeX needs for a language beyond babel's own data (a language
file, hyphenation patterns) and the Debian package that holds it. ``babel_setup`` asks the
installed TeX (``kpsewhich``) and fontconfig (``fc-list``) whether a language can be set,
so a language this machine cannot set is refused with the package to install before any
engine runs, the same way by ``init``, ``update`` and ``build``.
"""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass

from babel import Locale

from ..catalogs import language_of
from ..errors import ConfigError
from .fonts import fonts_of, script_of


@dataclass(frozen=True)
class TexLanguage:
    """What TeX needs to set a language: babel's language file (``ldf``) rather than its ini
    data, the hyphenation patterns file, and the Debian package that provides them."""

    ldf: str = ""
    hyphenation: str = ""
    package: str = ""


# Languages not listed here use babel's ini data (babel-<ll>.ini) and need nothing more.
TEX_LANGUAGES: dict[str, TexLanguage] = {
    "en": TexLanguage(ldf="english"),  # its patterns are built into every LaTeX format
    "fr": TexLanguage(ldf="french", hyphenation="hyph-fr.tex", package="texlive-lang-french"),
    "es": TexLanguage(hyphenation="hyph-es.tex", package="texlive-lang-spanish"),
    "ru": TexLanguage(hyphenation="hyph-ru.tex", package="texlive-lang-cyrillic"),
    "de": TexLanguage(ldf="ngerman", hyphenation="hyph-de-1996.tex", package="texlive-lang-german"),
    "it": TexLanguage(ldf="italian", hyphenation="hyph-it.tex", package="texlive-lang-italian"),
}

# The Debian package holding babel itself (its ini files for every language).
BABEL_PACKAGE = "texlive-latex-base"


def is_rtl(locale: str) -> bool:
    return bool(Locale.parse(language_of(locale)).character_order == "right-to-left")


@functools.cache
def _kpsewhich(name: str) -> bool:
    kpsewhich = shutil.which("kpsewhich")
    if kpsewhich is None:
        return True  # no TeX at all: the build says so, with what to install
    found = subprocess.run([kpsewhich, name], capture_output=True, text=True, check=False).stdout.strip()
    return bool(found)


@functools.cache
def _font_installed(family: str) -> bool:
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return True  # cannot ask: the engine's log still names any missing glyph
    found = subprocess.run([fc_list, f"{family}:", "family"], capture_output=True, text=True, check=False).stdout
    return any(family.lower() in line.lower() for line in found.splitlines())


def missing_for(locale: str) -> list[tuple[str, str]]:
    """What this machine lacks to set ``locale``: (what, Debian package) pairs."""
    language = language_of(locale)
    tex = TEX_LANGUAGES.get(language, TexLanguage())
    missing = []
    if tex.ldf:
        if not _kpsewhich(f"{tex.ldf}.ldf"):
            missing.append((f"babel's language file {tex.ldf}.ldf", tex.package))
    elif not _kpsewhich(f"babel-{language}.ini"):
        missing.append((f"babel's locale data babel-{language}.ini", BABEL_PACKAGE))
    if tex.hyphenation and not _kpsewhich(tex.hyphenation):
        missing.append((f"the hyphenation patterns {tex.hyphenation}", tex.package))
    fonts = fonts_of(script_of(locale))
    for font in (fonts.serif, fonts.sans):
        if not _font_installed(font.name):
            missing.append((f"the font {font.name}", font.package))
    return missing


def packages_for(locales: Iterable[str]) -> list[str]:
    """The Debian packages a kit's locales need beyond the Latin set-up (for the set-up script)."""
    packages: dict[str, None] = {}
    for locale in locales:
        tex = TEX_LANGUAGES.get(language_of(locale), TexLanguage())
        if tex.package:
            packages[tex.package] = None
        fonts = fonts_of(script_of(locale))
        packages[fonts.serif.package] = None
        packages[fonts.sans.package] = None
    return list(packages)


def babel_name(locale: str) -> str:
    """The name babel knows the language by: its language file's, or CLDR's English name."""
    tex = TEX_LANGUAGES.get(language_of(locale))
    if tex and tex.ldf:
        return tex.ldf
    english = Locale.parse(language_of(locale)).english_name or language_of(locale)
    return re.sub(r"[^a-z]", "", english.lower().split(" ")[0])


def babel_setup(locale: str) -> dict[str, str | bool]:
    """How the templates load babel for a locale: a language file, or babel's ini data;
    its script and direction. Raises ``ConfigError`` naming the packages to install when
    the installed TeX or fonts cannot set it."""
    missing = missing_for(locale)
    if missing:
        what = "; ".join(w for w, _ in missing)
        packages = " ".join(dict.fromkeys(p for _, p in missing))
        raise ConfigError(f"this machine cannot typeset '{locale}': it lacks {what}. "
                          f"Install them: apt-get install {packages}")
    name = babel_name(locale)
    ldf = bool(TEX_LANGUAGES.get(language_of(locale), TexLanguage()).ldf)
    return {"option": name if ldf else "", "provide": "" if ldf else name, "tag": "" if ldf else language_of(locale),
            "name": name, "script": script_of(locale), "rtl": is_rtl(locale), "inline": False}




def main(argv: list[str]) -> int:
    """``python -m kitbuilder.latex.languages KIT_DIR...`` or ``--locales ll,ll``: the Debian
    packages those locales need, one a line (for scripts/ensure-system-deps)."""
    from ..edition import real_locale
    from ..kitdir import available_locales

    locales: list[str] = []
    args = list(argv)
    while args:
        arg = args.pop(0)
        if arg == "--locales" and args:
            locales += [code for code in args.pop(0).split(",") if code]
        else:
            from pathlib import Path

            locales += available_locales(Path(arg))
    for package in packages_for(real_locale(code) for code in dict.fromkeys(locales)):
        print(package)
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv[1:]))
