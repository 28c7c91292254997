"""What `stat` and `check` report about catalogs: completion, and translations that cannot print.

Pure functions of Babel catalogs; ``workflow`` finds the files.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from babel.messages.catalog import Catalog

from .catalogs import translation_problems
from .schema import Message


@dataclass
class CatalogStats:
    """Counts of one catalog's messages (the header and obsolete entries not counted)."""

    path: str
    locale: str
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def percent(self) -> float:
        return completion_percent(self.translated, self.total)

    def as_json(self) -> dict[str, object]:
        return {"catalog": self.path, "locale": self.locale, "translated": self.translated, "fuzzy": self.fuzzy,
                "untranslated": self.untranslated, "percent": round(self.percent, 1)}


def completion_percent(translated: int, total: int) -> float:
    """The completion figure everywhere (``stat``, the build's draft mark and report): the
    share of messages translated, in percent; nothing to translate is complete."""
    return 100.0 * translated / total if total else 100.0


def locale_totals(rows: list[CatalogStats]) -> dict[str, float]:
    """Each locale's completion over all its catalogs, in the order the rows name them."""
    counts: dict[str, list[int]] = {}
    for row in rows:
        done = counts.setdefault(row.locale, [0, 0])
        done[0] += row.translated
        done[1] += row.total
    return {locale: completion_percent(translated, total) for locale, (translated, total) in counts.items()}


def catalog_stats(catalog: Catalog, path: str, locale: str) -> CatalogStats:
    stats = CatalogStats(path, locale)
    for message in catalog:
        if not message.id:
            continue
        if message.fuzzy:
            stats.fuzzy += 1
        elif message.string:
            stats.translated += 1
        else:
            stats.untranslated += 1
    return stats


@dataclass
class Finding:
    """A translation that the build would refuse, located in its ``.po`` file."""

    path: str
    line: int
    msgid: str
    problem: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.problem} (msgid {self.msgid[:60]!r})"


@dataclass
class ContentWarning:
    """Content that builds but likely does not say what its author meant, located in its file."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: warning: {self.message}"


# A number token right after a word that introduces an identifier: "Bill no. {number:1437}".
# Identifiers stay text; a token would print them as quantities ("1,437", "1 437").
_IDENTIFIER_NUMBER = re.compile(
    r"(?i)(?<![\w.])(no\.|nos\.|n°|nº|n\.|number|#|bill|act|law|resolution|decree|directive|regulation|case|"
    r"loi|décret|résolution|arrêt|affaire|ley|decreto)\s*(\{number:(\d{4,})\})")


def identifier_numbers(messages: Iterable[Message]) -> list[ContentWarning]:
    """Number tokens in the content that look like identifiers, which should be text."""
    warnings = []
    for message in messages:
        for m in _IDENTIFIER_NUMBER.finditer(message.text):
            warnings.append(ContentWarning(
                message.path, message.line,
                f"'{m.group(2)}' after '{m.group(1)}' looks like an identifier: write it as text "
                f"('{m.group(1)} {m.group(3)}'), since a number token groups its digits"))
    return warnings


def check_catalog(catalog: Catalog, path: str) -> list[Finding]:
    """Every translated, non-fuzzy entry whose translation breaks the rules of ``translation_problems``."""
    findings = []
    for message in catalog:
        if not message.id or not message.string or message.fuzzy:
            continue
        for problem in translation_problems(str(message.id), str(message.string)):
            findings.append(Finding(path, message.lineno or 0, str(message.id), problem))
    return findings
