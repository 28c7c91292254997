"""How LaTeX sets each language and script: babel's set-up, and the fonts of each script.

Two tables: ``FONTS_BY_SCRIPT`` (the one place fonts are chosen, by ISO 15924 script code)
and ``TEX_LANGUAGES`` (what TeX needs for a language beyond babel's own data: a language
file, hyphenation patterns, and the Debian package that holds them). Everything else comes
from CLDR: a locale's script (likely subtags) and its direction.

``babel_setup`` asks the installed TeX (``kpsewhich``) and fontconfig (``fc-list``) whether
the language can be set, so a language this machine cannot set is refused with the package
to install before any engine runs, the same way by ``init``, ``update`` and ``build``.
"""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from babel import Locale
from babel.core import get_global

from .catalogs import language_of
from .errors import ConfigError


@dataclass(frozen=True)
class Font:
    """A font family as fontconfig names it, and the Debian package that installs it."""

    name: str
    package: str


@dataclass(frozen=True)
class ScriptFonts:
    """A script's text (serif) and heading (sans) fonts. ``has_latin``: the fonts also hold
    the Latin alphabet; if not, Latin names, numbers and addresses inside the script's
    text come from the Latin fonts."""

    serif: Font
    sans: Font
    has_latin: bool = True


LATIN = ScriptFonts(Font("TeX Gyre Pagella", "fonts-texgyre"), Font("TeX Gyre Heros", "fonts-texgyre"))

# The design pairs a Palatino serif with a Helvetica sans: each script gets the nearest pair
# with real bold (and, where the script uses it, italic).
FONTS_BY_SCRIPT: dict[str, ScriptFonts] = {
    "Latn": LATIN,
    # URW's Palatino and Helvetica clones, with Cyrillic in all four shapes.
    "Cyrl": ScriptFonts(Font("P052", "fonts-urw-base35"), Font("Nimbus Sans", "fonts-urw-base35")),
    "Hans": ScriptFonts(Font("Noto Serif CJK SC", "fonts-noto-cjk"), Font("Noto Sans CJK SC", "fonts-noto-cjk")),
    "Hant": ScriptFonts(Font("Noto Serif CJK TC", "fonts-noto-cjk"), Font("Noto Sans CJK TC", "fonts-noto-cjk")),
    # Amiri, a Naskh with Latin letters of its own: numbers and explicit hyphens inside Arabic
    # text (whose line-break forms no fallback font reaches) need no other font.
    "Arab": ScriptFonts(Font("Amiri", "fonts-hosny-amiri"), Font("Noto Sans Arabic", "fonts-noto-core"),
                        has_latin=False),
    "Hebr": ScriptFonts(Font("Noto Serif Hebrew", "fonts-noto-core"), Font("Noto Sans Hebrew", "fonts-noto-core"),
                        has_latin=False),
}

# Characters any font lacks come last from this one (each fallback font is loaded again for
# every size and shape of the text fonts: a second one costs ~10% of a pass).
FALLBACK_FONT = "DejaVuSans.ttf"

# Which script a character belongs to, for the scripts a kit's text uses (Latin and
# common punctuation need nothing more than the Latin fonts).
_SCRIPT_RANGES: tuple[tuple[str, str], ...] = (
    ("Cyrl", "\u0400-\u052f\u1c80-\u1c8f\u2de0-\u2dff\ua640-\ua69f"),
    ("Hebr", "\u0590-\u05ff\ufb1d-\ufb4f"),
    ("Arab", "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff"),
    ("Hans", "\u2e80-\u2fdf\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"),
)
_SCRIPT_RE = {script: re.compile(f"[{chars}]") for script, chars in _SCRIPT_RANGES}


def scripts_in(texts: Iterable[str]) -> set[str]:
    """The scripts (beyond Latin) that ``texts`` use, as ISO 15924 codes."""
    found: set[str] = set()
    for text in texts:
        for script, pattern in _SCRIPT_RE.items():
            if script not in found and pattern.search(text):
                found.add(script)
    return found


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


def script_of(locale: str) -> str:
    """The script a locale is written in (``Latn``, ``Cyrl``, ``Arab``...), from CLDR."""
    likely: Mapping[str, str] = get_global("likely_subtags")
    parts = locale.replace("-", "_").split("_")
    scripts = [p for p in parts[1:] if len(p) == 4 and p.isalpha()]
    if scripts:
        return scripts[0].title()
    found = likely.get(language_of(locale), "").split("_")
    return found[1] if len(found) > 1 else "Latn"


def is_rtl(locale: str) -> bool:
    return bool(Locale.parse(language_of(locale)).character_order == "right-to-left")


def fonts_of(script: str) -> ScriptFonts:
    """A script's fonts; a script without its own row prints in the Latin fonts (and the
    fallback font)."""
    return FONTS_BY_SCRIPT.get(script, LATIN)


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


# Right-to-left words inside another language's text are set as their own language
# (babel's onchar): shaped by HarfBuzz in their script's font, in their own direction.
LANGUAGE_OF_RTL_SCRIPT = {"Arab": "ar", "Hebr": "he"}


def inline_languages(babels: list[dict[str, str | bool]], scripts: set[str]) -> list[dict[str, str | bool]]:
    """babel set-ups for the right-to-left scripts the text uses that no document language is in."""
    present = {str(b["script"]) for b in babels}
    return [{"option": "", "provide": babel_name(code), "tag": code, "name": babel_name(code), "script": script,
             "rtl": True, "inline": True}
            for script, code in LANGUAGE_OF_RTL_SCRIPT.items() if script in scripts and script not in present]


def font_setup(babels: list[dict[str, str | bool]], scripts: set[str]) -> dict[str, object]:
    """The fonts the preamble declares: the Latin pair for every language, each other
    language's own pair, and for each font a fallback chain (the Latin font where the
    script has no Latin letters, the fonts of any other script the text uses, then the
    fallback font), so no character of the kit prints as a blank."""
    used = {str(b["script"]) for b in babels} | scripts
    chains: dict[str, list[str]] = {}

    def chain(script: str, kind: str) -> str:
        key = f"kb{script.lower()}{kind}"
        fonts: list[str] = []
        if not fonts_of(script).has_latin:
            fonts.append(getattr(LATIN, kind).name)
        for other in sorted(used - {script, "Latn"}):
            candidate = getattr(fonts_of(other), kind).name
            if candidate not in fonts and other in FONTS_BY_SCRIPT:
                fonts.append(candidate)
        if script == "Latn":  # right-to-left words are their own language, with their own fonts
            fonts = [f for f in fonts if f not in {getattr(fonts_of(s), kind).name for s in LANGUAGE_OF_RTL_SCRIPT}]
        chains[key] = [f"{name}:mode=harf;" for name in fonts] + [f"{FALLBACK_FONT}:mode=harf;"]
        return key

    languages = []
    for b in babels:
        script = str(b["script"])
        if script == "Latn" or script not in FONTS_BY_SCRIPT:
            continue
        fonts = fonts_of(script)
        languages.append({"name": b["name"], "serif": fonts.serif.name, "sans": fonts.sans.name,
                          "serif_fallback": chain(script, "serif"), "sans_fallback": chain(script, "sans")})
    return {"serif": LATIN.serif.name, "sans": LATIN.sans.name, "mono": "DejaVu Sans Mono",
            "serif_fallback": chain("Latn", "serif"), "sans_fallback": chain("Latn", "sans"),
            "languages": languages, "chains": chains}
