"""The fonts each writing system prints in: one table, keyed by ISO 15924 script code.

A locale's script comes from CLDR's likely subtags (fr -> fr_Latn_FR). A script without
its own row prints in the Latin fonts, with the fallback font supplying the glyphs they
lack (the build reports any character no font has).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass

from babel.core import get_global

from ..catalogs import language_of


@dataclass(frozen=True)
class ScriptFonts:
    """The fontspec names of a script's text, heading and code fonts."""

    main: str
    sans: str
    mono: str


# Characters the text fonts lack come from this one font (each fallback font is loaded
# again for every size and shape of the text fonts: a second one costs ~10% of a pass).
FALLBACK_FONT = "DejaVuSans.ttf:mode=harf;"

LATIN = ScriptFonts(main="TeX Gyre Pagella", sans="TeX Gyre Heros", mono="DejaVu Sans Mono")

FONTS_BY_SCRIPT: dict[str, ScriptFonts] = {
    "Latn": LATIN,
}


def script_of(locale: str) -> str:
    """The script a locale is written in (``Latn``, ``Cyrl``, ``Arab``...), from CLDR."""
    likely: Mapping[str, str] = get_global("likely_subtags")
    parts = locale.replace("-", "_").split("_")
    scripts = [p for p in parts[1:] if len(p) == 4 and p.isalpha()]
    if scripts:
        return scripts[0].title()
    found = likely.get(language_of(locale), "").split("_")
    return found[1] if len(found) > 1 else "Latn"


def fonts_for(locale: str) -> dict[str, str]:
    """The preamble's fonts for a document whose main language is ``locale``."""
    fonts = FONTS_BY_SCRIPT.get(script_of(locale), LATIN)
    return {**asdict(fonts), "fallback": FALLBACK_FONT}
