"""What a build makes: an edition, in one language, in two side by side, or in a pseudo-locale.

An edition is parsed once, where a user names it (``--locale fr``, ``--bilingual en,fr``),
and passed on as this type; its ``name`` is only its folder under ``build/`` and its
label in reports. Only the standard library here: the stamps use it before anything
heavier is loaded.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path

from .errors import ConfigError
from .kitdir import available_locales, require_kit

# A bilingual edition's name joins its locales: it is built into build/en+fr/.
BILINGUAL_SEPARATOR = "+"


@dataclass(frozen=True)
class PseudoLocale:
    """A made-up locale for testing layouts: it has no catalogs, every message is transformed
    (``catalogs.PSEUDO_TRANSFORMS``), and it borrows a real locale's formats, TeX language
    and fonts."""

    code: str
    base: str
    description: str


# Each pseudo-locale, by code. A new one is a row here and its transform in catalogs.
PSEUDO_LOCALES: dict[str, PseudoLocale] = {
    p.code: p for p in [
        PseudoLocale("qps", "en", "lengthens and accents every message"),
        PseudoLocale("qps-plocm", "ar", "mirrored: right to left, every letter an Arabic one"),
        PseudoLocale("qps-ploca", "zh", "East Asian: every word in ideographs, set as Chinese"),
    ]
}


class EditionKind(enum.Enum):
    SINGLE = "single"
    BILINGUAL = "bilingual"
    PSEUDO = "pseudo"


@dataclass(frozen=True)
class Edition:
    """One PDF's languages: one locale, or two set side by side (the first is the main one)."""

    locales: tuple[str, ...]

    def __post_init__(self) -> None:
        if not 1 <= len(self.locales) <= 2 or not all(self.locales):
            raise ConfigError(f"an edition has one or two locales, not {self.locales!r}")
        if len(self.locales) == 2 and any(code in PSEUDO_LOCALES for code in self.locales):
            raise ConfigError(f"a pseudo-locale is an edition of its own, not half of '{self.name}'")

    @classmethod
    def parse(cls, name: str) -> Edition:
        """The edition a name stands for: ``fr``, ``qps``, or ``en+fr``."""
        codes = tuple(code.strip() for code in name.split(BILINGUAL_SEPARATOR))
        if len(codes) > 2 or not all(codes):
            raise ConfigError(f"'{name}' is not an edition: one locale (fr) or two joined by "
                              f"'{BILINGUAL_SEPARATOR}' (en+fr)")
        return cls(codes)

    @classmethod
    def bilingual_pair(cls, pair: str) -> Edition:
        """The edition ``--bilingual en,fr`` asks for."""
        codes = tuple(code.strip() for code in pair.split(","))
        if len(codes) != 2 or not all(codes):
            raise ConfigError(f"--bilingual takes two locales, such as en,fr (not '{pair}')")
        return cls(codes)

    @property
    def name(self) -> str:
        return BILINGUAL_SEPARATOR.join(self.locales)

    @property
    def kind(self) -> EditionKind:
        if len(self.locales) == 2:
            return EditionKind.BILINGUAL
        return EditionKind.PSEUDO if self.locales[0] in PSEUDO_LOCALES else EditionKind.SINGLE

    @property
    def catalog_locales(self) -> tuple[str, ...]:
        """The locales whose catalogs the edition reads (a pseudo-locale has none)."""
        return tuple(code for code in self.locales if code not in PSEUDO_LOCALES)

    def __str__(self) -> str:
        return self.name


def real_locale(code: str) -> str:
    """The CLDR locale a code is formatted, hyphenated and set in: itself, or a pseudo-locale's base."""
    pseudo = PSEUDO_LOCALES.get(code)
    return pseudo.base if pseudo else code


def requested_editions(kit_dir: Path, locales: list[str] | None, bilingual: list[str] | None) -> list[Edition]:
    """The editions a build makes: the locales asked for (each once, in order; by default every
    locale with a catalog folder), then the bilingual pairs (``en,fr``)."""
    require_kit(kit_dir)
    names = list(dict.fromkeys(locales or available_locales(kit_dir)))
    if not names:
        raise ConfigError("no locales: add locales/<ll>/LC_MESSAGES/ (see `kitbuilder init`)", kit_dir)
    editions = [Edition.parse(name) for name in names]
    editions += [Edition.bilingual_pair(pair) for pair in bilingual or []]
    return list(dict.fromkeys(editions))
