"""Read gettext catalogs with Babel, and translate messages with them.

A catalog's domain is the content file it translates (``speakers.po`` for
``content/speakers.yaml``), or ``labels`` for the templates' own words. A locale needs a
catalog for every domain written in another language than its own.
"""

from __future__ import annotations

import functools
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import IO

from babel import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, read_po

from .errors import CatalogError
from .formatting import TOKEN_RE, only_values, tokens_in
from .schema import Message

LABELS_DOMAIN = "labels"
# The templates are written in English: their labels are translated from English.
LABELS_LANGUAGE = "en"


def language_of(locale: str) -> str:
    """The language part of a locale code: 'fr' for 'fr_CA'."""
    return locale.replace("-", "_").split("_")[0]


def parse_locale(code: str) -> Locale:
    try:
        return Locale.parse(code.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        raise CatalogError(f"'{code}' is not a locale that CLDR knows (such as 'en', 'fr', 'es')") from None


def needs_translation(message: Message, locale: str | None = None) -> bool:
    """Whether a message is a translator's task (into ``locale``, if given): not when it is
    made only of typed values, which each language formats itself, nor when it is already
    in the locale's language."""
    if locale is not None and language_of(message.source_language) == language_of(locale):
        return False
    return not only_values(message.text)


def read_catalog(fileobj: IO[bytes], path: str, locale: str) -> Catalog:
    """Parse a ``.po`` file; errors name the file and line. Its header must be for ``locale``."""
    data = fileobj.read()
    header = data[:4096].decode("ascii", errors="replace")
    charset = re.search(r"charset=([-\w]+)", header)
    if charset and charset.group(1).lower().replace("_", "-") not in ("utf-8", "utf8"):
        line = header[: charset.start()].count("\n") + 1
        raise CatalogError(f"the header declares charset {charset.group(1)}; catalogs must be UTF-8", path, line)
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CatalogError("not valid UTF-8", path, line) from None
    check_po_syntax(data.decode("utf-8"), path)
    try:
        catalog = read_po(io.BytesIO(data), abort_invalid=True)
    except PoFileError as exc:
        raise CatalogError(f"syntax error: {exc}", path, getattr(exc, "lineno", None)) from None
    except (ValueError, UnknownLocaleError) as exc:
        raise CatalogError(f"unreadable catalog: {exc}", path, 1) from None
    declared = str(catalog.locale) if catalog.locale else ""
    if not declared:
        raise CatalogError("the header has no 'Language:' field", path, 1)
    if language_of(declared) != language_of(locale):
        raise CatalogError(f"the header declares Language: {declared}, but the catalog is for '{locale}'", path, 1)
    return catalog


_PO_STRING = r'"(?:[^"\\]|\\[\\"abfnrtv?]|\\[0-7]{1,3}|\\x[0-9A-Fa-f]+)*"'
_PO_LINE = re.compile(rf"^(msgctxt|msgid|msgid_plural|msgstr|msgstr\[\d+\])?\s*({_PO_STRING})\s*$")
# Which keyword may follow which: an entry is [msgctxt] msgid [msgid_plural] msgstr... .
_PO_NEXT = {
    None: {"msgctxt", "msgid"},
    "msgctxt": {"msgid"},
    "msgid": {"msgstr", "msgid_plural"},
    "msgid_plural": {"msgstr[n]"},
    "msgstr": {"msgctxt", "msgid"},
    "msgstr[n]": {"msgstr[n]", "msgctxt", "msgid"},
}


def check_po_syntax(text: str, path: str) -> None:
    """Raise ``CatalogError`` at the first line that is not PO syntax.

    Babel's reader forgives some mistakes (a second msgstr, a missing quote) that GNU
    msgfmt rejects; a catalog that a translator broke must fail here, with its line.
    """
    last: str | None = None
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        m = _PO_LINE.match(stripped)
        if m is None:
            raise CatalogError(f"syntax error: cannot read {stripped[:40]!r} (unbalanced quote or unknown keyword)",
                               path, number)
        keyword = m.group(1)
        if keyword is None:
            if last is None:
                raise CatalogError("syntax error: a string with no keyword before it", path, number)
            continue
        kind = "msgstr[n]" if keyword.startswith("msgstr[") else keyword
        if kind not in _PO_NEXT[last]:
            raise CatalogError(f"syntax error: '{keyword}' cannot follow '{last or 'the start'}'", path, number)
        last = kind
    if last in ("msgctxt", "msgid", "msgid_plural"):
        raise CatalogError("syntax error: the last entry has no msgstr", path, len(text.splitlines()))


@dataclass
class Fallback:
    """A message printed in its source language, and why."""

    message: Message
    reason: str  # "untranslated", "fuzzy", or what was wrong with the translation
    catalog: str = ""
    line: int | None = None


@dataclass
class Translator:
    """Translates messages into one locale with that locale's catalogs, by domain.

    Messages without a usable translation fall back to their source text; each fallback
    is recorded, so the build can report it, stamp a draft mark, or fail in strict mode.
    """

    locale: str
    catalogs: dict[str, Catalog]
    paths: dict[str, str] = field(default_factory=dict)
    fallbacks: list[Fallback] = field(default_factory=list)
    _recorded: set[tuple[str, tuple[str | None, str]]] = field(default_factory=set, repr=False)

    def translate(self, message: Message, domain: str) -> str:
        if not needs_translation(message, self.locale):
            return message.text
        catalog = self.catalogs.get(domain)
        path = self.paths.get(domain, f"{domain}.po")
        if catalog is None:
            raise CatalogError(f"no catalog for domain '{domain}' in locale '{self.locale}'", path)
        entry = catalog.get(message.text, context=message.context)
        if entry is None or not entry.string:
            return self._fall_back(Fallback(message, "untranslated", path, entry.lineno if entry else None))
        if entry.fuzzy:
            return self._fall_back(Fallback(message, "fuzzy", path, entry.lineno))
        translation = str(entry.string)
        problems = translation_problems(message.text, translation)
        if problems:
            return self._fall_back(Fallback(message, "invalid translation: " + "; ".join(problems), path, entry.lineno))
        return translation

    def _fall_back(self, fallback: Fallback) -> str:
        """Print the source text instead, and record why (once per message, however often it is printed)."""
        key = (fallback.catalog, fallback.message.key)
        if key not in self._recorded:
            self._recorded.add(key)
            self.fallbacks.append(fallback)
        return fallback.message.text

    def counts(self) -> Counter[str]:
        return Counter("untranslated" if f.reason == "untranslated" else "fuzzy" if f.reason == "fuzzy"
                       else "invalid" for f in self.fallbacks)


@functools.lru_cache(maxsize=4096)
def translation_problems(source: str, translation: str) -> tuple[str, ...]:
    """Why a translation cannot be printed in place of its source (empty if it can).

    Typed values (tokens), numbers, web and e-mail addresses are data, not words: a
    translation keeps them all. Brackets and quotes stay balanced, and a message stays
    one paragraph.
    """
    problems = []
    if Counter(tokens_in(source)) != Counter(tokens_in(translation)):
        problems.append("does not keep the source's values " + (", ".join(tokens_in(source)) or "(none)"))
    for kind, pattern in (("web address", URL_RE), ("e-mail address", EMAIL_RE)):
        lost = Counter(pattern.findall(source)) - Counter(pattern.findall(translation))
        if lost:
            problems.append(f"drops or alters the {kind} {next(iter(lost))}")
        added = Counter(pattern.findall(translation)) - Counter(pattern.findall(source))
        if added and not lost:
            problems.append(f"adds the {kind} {next(iter(added))}, which the source does not have")
    plain_source, plain_translation = (TOKEN_RE.sub("", URL_RE.sub("", t)) for t in (source, translation))
    lost_numbers = Counter(NUMBER_RE.findall(plain_source)) - Counter(NUMBER_RE.findall(plain_translation))
    if lost_numbers:
        problems.append(f"drops or alters the number {next(iter(lost_numbers))}")
    for opening, closing in BRACKETS:
        if translation.count(opening) != translation.count(closing) and \
                source.count(opening) == source.count(closing):
            problems.append(f"unbalanced {opening}{closing}")
    if any(c in translation for c in LINE_BREAKS) and not any(c in source for c in LINE_BREAKS):
        problems.append("has a line break; a message is one paragraph")
    return tuple(problems)


URL_RE = re.compile(r"\b(?:https?://|www\.)[^\s<>\"]*[^\s<>\".,;:!?)\]»]")
EMAIL_RE = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
NUMBER_RE = re.compile(r"\d+")
BRACKETS = (("(", ")"), ("[", "]"), ("{", "}"), ("«", "»"), ("“", "”"))
LINE_BREAKS = ("\n", "\u2028", "\u2029")


# --- The pseudo-locale: every message lengthened and accented, for layout stress tests. ---

PSEUDO_LOCALE = "qps"
_ACCENTED = str.maketrans(
    # Accented forms every text font has (Latin-1 and Latin Extended-A).
    "acdeghijklnorstuwyzACDEGHIJKLNORSTUWYZ",
    "åçđéĝĥîĵķĺñöŕšţûŵýžÅÇĐÉĜĤÎĴĶĹÑÖŔŠŢÛŴÝŽ",
)
_KEEP = re.compile(rf"{TOKEN_RE.pattern}|{URL_RE.pattern}|{EMAIL_RE.pattern}")


def pseudo_translate(text: str) -> str:
    """``[Ŝƥéåķéŕš ···]``: accented, about 40% longer, tokens and addresses untouched."""
    out, last = [], 0
    for m in _KEEP.finditer(text):
        out.append(text[last : m.start()].translate(_ACCENTED))
        out.append(m.group(0))
        last = m.end()
    out.append(text[last:].translate(_ACCENTED))
    padding = " ".join("·" * 5 for _ in range(max(1, round(len(text) * 0.4 / 6))))
    return f"[{''.join(out)} {padding}]"


class PseudoTranslator(Translator):
    """Translates every message into the pseudo-locale; it has no catalog to maintain."""

    def translate(self, message: Message, domain: str) -> str:
        return pseudo_translate(message.text)
