"""The fonts each writing system prints in: one table, keyed by ISO 15924 script code.

A locale's script comes from CLDR's likely subtags (fr -> fr_Latn_FR). A script without
its own row prints in the Latin fonts. Each font has a chain of fallback fonts, built from
the scripts a kit's text actually uses, so a word of another script prints in its own
script's font; the build reports any character no font has.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from babel.core import get_global

from ..catalogs import language_of


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


def script_of(locale: str) -> str:
    """The script a locale is written in (``Latn``, ``Cyrl``, ``Arab``...), from CLDR."""
    likely: Mapping[str, str] = get_global("likely_subtags")
    parts = locale.replace("-", "_").split("_")
    scripts = [p for p in parts[1:] if len(p) == 4 and p.isalpha()]
    if scripts:
        return scripts[0].title()
    found = likely.get(language_of(locale), "").split("_")
    return found[1] if len(found) > 1 else "Latn"


def fonts_of(script: str) -> ScriptFonts:
    """A script's fonts; a script without its own row prints in the Latin fonts (and the
    fallback font)."""
    return FONTS_BY_SCRIPT.get(script, LATIN)


# Right-to-left words inside another language's text are set as their own language
# (babel's onchar): shaped by HarfBuzz in their script's font, in their own direction.
LANGUAGE_OF_RTL_SCRIPT = {"Arab": "ar", "Hebr": "he"}


def inline_languages(babels: list[dict[str, str | bool]], scripts: set[str]) -> list[dict[str, str | bool]]:
    """babel set-ups for the right-to-left scripts the text uses that no document language is in."""
    from .languages import babel_name  # languages reads this table: imported here, not at the top

    present = {str(b["script"]) for b in babels}
    return [{"option": "", "provide": babel_name(code), "tag": code, "name": babel_name(code), "script": script,
             "rtl": True, "inline": True}
            for script, code in LANGUAGE_OF_RTL_SCRIPT.items() if script in scripts and script not in present]


def font_setup(babels: list[dict[str, str | bool]], scripts: set[str]) -> dict[str, Any]:
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
