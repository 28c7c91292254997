"""What a build reports: where each part starts, what the engine warned about and which
content caused it, and how editions' layouts differ. Pure functions of text and objects."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from typing import Any

from .catalogs import Translator, language_of
from .edition import Edition, EditionKind
from .latex import LogReport
from .localize import domain_of
from .schema import Kit


@dataclass
class LocaleReport:
    """The result of building one edition, as the CLI prints it and ``--json`` writes it."""

    edition: Edition
    pdf: str
    pages: int
    seconds: float
    passes: int
    warnings: list[str]
    fallbacks: dict[str, int]
    completion: float
    details: list[str] = field(default_factory=list)
    parts: list[dict[str, Any]] = field(default_factory=list)
    skipped: bool = False

    @classmethod
    def from_json(cls, saved: dict[str, Any]) -> LocaleReport:
        return cls(edition=Edition.parse(saved["locale"]), pdf=saved["pdf"], pages=saved["pages"],
                   seconds=saved["seconds"], passes=saved["passes"], warnings=saved["warnings"],
                   fallbacks=saved["fallbacks"], completion=saved["completion"], parts=saved["parts"],
                   skipped=saved["up_to_date"])

    @property
    def locale(self) -> str:
        """The edition's name: ``fr``, or ``en+fr``."""
        return self.edition.name

    def as_json(self) -> dict[str, Any]:
        return {
            "locale": self.locale,
            "pdf": self.pdf,
            "pages": self.pages,
            "seconds": round(self.seconds, 2),
            "passes": self.passes,
            "warnings": self.warnings,
            "fallbacks": self.fallbacks,
            "completion": round(self.completion, 1),
            "parts": self.parts,
            "up_to_date": self.skipped,
        }


_TOC_LINE = re.compile(r"\\contentsline \{section\}\{(.*)\}\{(\d+)\}\{[^}]*\}")


def part_pages(aux: str) -> list[dict[str, Any]]:
    """The page each part starts on, from the contents entries the engine wrote to the aux file
    (written on every run, whether or not the kit prints its contents)."""
    parts = []
    for m in _TOC_LINE.finditer(aux):
        title = re.sub(r"\\numberline \{[^}]*\}", "", m.group(1))
        title = re.sub(r"\\[a-zA-Z]+ ?(\{\})?", "", title).replace("{", "").replace("}", "").strip()
        parts.append({"title": title, "page": int(m.group(2))})
    return parts


_SOURCE_MARK = re.compile(r"^% kitbuilder-source: (.+)$")


def source_at(tex: str, line: int) -> str:
    """The content file and line that the ``.tex`` line was rendered from (marks left by part.tex)."""
    lines = tex.splitlines()
    for text in reversed(lines[: max(line, 0)]):
        m = _SOURCE_MARK.match(text)
        if m:
            return m.group(1)
    return ""


def locate_warnings(log: LogReport, tex: str, kit: Kit, translator: Translator) -> list[str]:
    """The log's warnings, each with the content (or catalog entry) that caused it where known."""
    warnings = []
    for box in log.overfull:
        if box.points <= 1.0:
            continue
        first = int(box.lines.split("-")[0]) if box.lines[:1].isdigit() else 0
        where = source_at(tex, first)
        warnings.append(f"overfull box {box.points:.1f}pt at kit.tex:{box.lines}" + (f" ({where})" if where else ""))
    for glyph in sorted(set(log.missing_glyphs)):
        char = glyph.split(" ")[0]
        warnings.append(f"missing glyph {glyph}" + glyph_origin(char, kit, translator)
                        + f" (no font for it in '{translator.locale}')")
    warnings += [f"undefined reference: {r}" for r in sorted(set(log.undefined_references))]
    return warnings


def glyph_source(char: str, kit: Kit, translator: Translator) -> tuple[str, int | None] | None:
    """Where a character that no font has came from: the message, or its translation's catalog entry."""
    for message in kit.messages:
        if char in message.text and language_of(message.source_language) == language_of(translator.locale):
            return message.path, message.line
        catalog = translator.catalogs.get(domain_of(message))
        entry = catalog.get(message.text, context=message.context) if catalog is not None else None
        if entry is not None and char in str(entry.string or ""):
            return translator.paths.get(domain_of(message), ""), entry.lineno
        if char in message.text:
            return message.path, message.line
    return None


def glyph_origin(char: str, kit: Kit, translator: Translator) -> str:
    found = glyph_source(char, kit, translator)
    return f" in {found[0]}:{found[1]}" if found else ""


def part_spans(parts: list[dict[str, Any]], pages: int) -> list[int]:
    """How many pages each part takes, from the page each starts on."""
    starts = [p["page"] for p in parts] + [pages + 1]
    return [b - a for a, b in itertools.pairwise(starts)]


def compare_layouts(reports: list[LocaleReport]) -> dict[str, list[str]]:
    """Parts that take a different number of pages than in the first locale.

    A longer language may push a part onto one more page; the same parts breaking
    differently across editions is what an organiser needs to see before printing.
    """
    found: dict[str, list[str]] = {}
    if len(reports) < 2 or not reports[0].parts:
        return found
    first = reports[0]
    reference = part_spans(first.parts, first.pages)
    for report in reports[1:]:
        if report.edition.kind is EditionKind.BILINGUAL:
            continue  # two languages a page: not comparable page for page
        spans = part_spans(report.parts, report.pages)
        if len(spans) != len(reference):
            continue  # a bilingual edition or another kit: parts do not correspond
        for part, mine, theirs in zip(report.parts, spans, reference, strict=True):
            if mine != theirs:
                found.setdefault(report.locale, []).append(
                    f"layout: '{part['title']}' takes {mine} page(s), {theirs} in {first.locale}")
    return found
