"""Read gettext catalogs with Babel, and translate messages with them.

A catalog's domain is the content file it translates (``speakers.po`` for
``content/speakers.yaml``), or ``labels`` for the templates' own words. A locale needs a
catalog for every domain written in another language than its own.
"""

from __future__ import annotations

import enum
import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO

from babel import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, read_po

from .errors import CatalogError
from .formatting import TOKEN_RE, only_values, tokens_in
from .schema import MAX_MESSAGE_LENGTH, Message

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
    lines = check_po_syntax(data.decode("utf-8"), path)
    try:
        # Babel builds the catalog (comments, flags, obsolete entries) from the lines as
        # check_po_syntax rewrote them: strings already decoded the way gettext decodes them.
        catalog = read_po(lines, abort_invalid=True)
    except PoFileError as exc:
        lineno = getattr(exc, "lineno", None)  # Babel counts lines from 0
        raise CatalogError(f"syntax error: {exc}", path, lineno + 1 if lineno is not None else None) from None
    except (ValueError, UnknownLocaleError) as exc:
        raise CatalogError(f"unreadable catalog: {exc}", path, 1) from None
    declared = str(catalog.locale) if catalog.locale else ""
    if not declared:
        raise CatalogError("the header has no 'Language:' field", path, 1)
    if language_of(declared) != language_of(locale):
        raise CatalogError(f"the header declares Language: {declared}, but the catalog is for '{locale}'", path, 1)
    return catalog


# A PO string, as GNU gettext's lexer reads it: any character but a quote, a backslash or a
# newline, or one of C's escapes (the only ones gettext knows).
def check_rewritable(catalog: Catalog, path: str) -> None:
    """Refuse to rewrite a catalog whose strings hold a NUL: gettext's tools (msgcat,
    msgmerge) end a string there, so the rest of the translation would be lost. The
    build reads such an entry, and prints its source instead."""
    for message in catalog:
        if any("\x00" in str(text) for text in (message.id, message.string, message.context or "")):
            raise CatalogError("a string holds a NUL (\\000), where gettext's tools would cut it: remove it "
                               "before updating the catalog", path, message.lineno)


_PO_STRING = re.compile(r'"((?:[^"\\\n]|\\.)*)"')
_PO_ESCAPE = re.compile(r"\\(?:([ntbrfva\\\"])|([0-7]{1,3})|x([0-9A-Fa-f]+)|(.?))", re.S)
_PO_SIMPLE_ESCAPES = {"n": b"\n", "t": b"\t", "b": b"\b", "r": b"\r", "f": b"\f", "v": b"\v", "a": b"\a",
                      "\\": b"\\", "\"": b"\""}
_PO_KEYWORD = re.compile(r"(msgctxt|msgid|msgid_plural|msgstr|msgstr\[\d+\])?[ \t\r\f\v]*(?=\")")
# Whitespace between a PO file's tokens; str.strip() would also take Unicode's line and
# paragraph separators and ASCII's FS/GS/RS, which gettext reads as ordinary characters.
_PO_BLANKS = " \t\r\f\v"
# Which keyword may follow which: an entry is [msgctxt] msgid msgstr (no plurals: content has none).
_PO_NEXT = {
    None: {"msgctxt", "msgid"},
    "msgctxt": {"msgid"},
    "msgid": {"msgstr"},
    "msgstr": {"msgctxt", "msgid"},
}


def decode_po_string(text: str, path: str, line: int) -> str:
    """The text a PO string's contents (between its quotes) stand for, decoded as gettext
    decodes them: C escapes, octal and hex bytes, all read as UTF-8."""
    if "\\" not in text:
        return text
    out = bytearray()
    last = 0
    for m in _PO_ESCAPE.finditer(text):
        out += text[last : m.start()].encode("utf-8")
        simple, octal, hexa, other = m.groups()
        if simple is not None:
            out += _PO_SIMPLE_ESCAPES[simple]
        elif octal is not None:
            out.append(int(octal, 8) & 0xFF)
        elif hexa is not None:
            out.append(int(hexa, 16) & 0xFF)  # gettext reads every hex digit and keeps one byte
        else:
            raise CatalogError(f"syntax error: unknown escape '\\{other}' (gettext knows \\n \\t \\\\ \\\" "
                               "\\ooo \\xhh and a few more)", path, line)
        last = m.end()
    out += text[last:].encode("utf-8")
    try:
        return out.decode("utf-8")
    except UnicodeDecodeError:
        raise CatalogError("the string's escapes make bytes that are not valid UTF-8", path, line) from None


def _po_quote(text: str) -> str:
    """A PO string Babel's reader decodes back to exactly ``text``."""
    escaped = text.replace("\\", "\\\\").replace("\"", "\\\"")
    return '"' + escaped.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t") + '"'


def check_po_syntax(text: str, path: str) -> list[str]:
    """Read a catalog's lines as GNU msgfmt does; raise ``CatalogError`` at the first line it
    would reject, or that kitbuilder refuses. Returns the lines with every string rewritten
    in a form Babel's more forgiving reader decodes to what gettext reads.

    Refused, with the line: what is not PO syntax, escapes gettext does not know, a second
    definition of a message (msgfmt's "duplicate message definition"), plural entries (content
    has no plurals), and a message longer than ``MAX_MESSAGE_LENGTH``.
    """
    out: list[str] = []
    last: str | None = None
    seen: dict[tuple[str | None, str], int] = {}
    context: str | None = None
    current = ""  # the text of the string being read: msgctxt, msgid or msgstr
    msgid = ""
    msgid_line = keyword_line = 0
    lines = text.split("\n")  # gettext's lines end at "\n" only
    for number, raw in enumerate(lines, 1):
        if "\x00" in raw:
            raise CatalogError("a NUL byte: a catalog is text (write \\000 to mean it)", path, number)
        stripped = raw.strip(_PO_BLANKS)
        if stripped.startswith("#-#-#-#-#"):
            raise CatalogError("msgcat left conflicting translations here (#-#-#-#-#): keep one, "
                               "delete the others and the markers", path, number)
        if stripped.startswith("#~"):
            out.append(_obsolete_line(stripped, path, number))
            continue
        if not stripped or stripped.startswith("#"):
            out.append(stripped)
            continue
        keyword_match = _PO_KEYWORD.match(stripped)
        string = _PO_STRING.match(stripped, keyword_match.end()) if keyword_match else None
        if keyword_match is None or string is None or stripped[string.end():].strip(_PO_BLANKS):
            raise CatalogError(f"syntax error: cannot read {stripped[:40]!r} (unbalanced quote or unknown keyword)",
                               path, number)
        keyword = keyword_match.group(1)
        decoded = decode_po_string(string.group(1), path, number)
        if "\x04" in decoded:  # how a .mo file separates a message's context from its text
            raise CatalogError("the control character U+0004 (EOT) is not allowed in a string; gettext "
                               "refuses it", path, number)
        if keyword is None:
            if last is None:
                raise CatalogError("syntax error: a string with no keyword before it", path, number)
            current += decoded
        else:
            if keyword == "msgid_plural" or keyword.startswith("msgstr["):
                raise CatalogError(f"'{keyword}': kitbuilder's messages have no plural forms; translate the "
                                   "entry with one msgid and one msgstr", path, number)
            if keyword not in _PO_NEXT[last]:
                raise CatalogError(f"syntax error: '{keyword}' cannot follow '{last or 'the start'}'", path, number)
            if last == "msgctxt":
                context = current
            elif last == "msgid":
                _check_unique(seen, context, current, msgid_line, path)
                msgid = current
            elif last == "msgstr":
                _check_line_ends(msgid, current, msgid_line, path)
            if keyword == "msgid":
                msgid_line = number
            elif keyword == "msgctxt" or last == "msgstr":
                context = None
            last, current, keyword_line = keyword, decoded, number
        if len(current) > MAX_MESSAGE_LENGTH:
            raise CatalogError(f"this {last} is {len(current):,} characters long; a message may have at most "
                               f"{MAX_MESSAGE_LENGTH:,} (split it into paragraphs)", path, number)
        out.append(f"{keyword} {_po_quote(decoded)}" if keyword else _po_quote(decoded))
    if last in ("msgctxt", "msgid"):
        raise CatalogError("syntax error: the last entry has no msgstr", path, keyword_line)
    if last == "msgstr":
        _check_line_ends(msgid, current, msgid_line, path)
    return out


def _check_line_ends(msgid: str, msgstr: str, line: int, path: str) -> None:
    """GNU msgfmt refuses a translation that does not begin and end with a newline as its source does."""
    if not msgid or not msgstr:
        return  # the header, or an untranslated entry
    for where, test in (("begin", str.startswith), ("end", str.endswith)):
        if test(msgid, "\n") != test(msgstr, "\n"):
            raise CatalogError(f"the msgid and the msgstr do not both {where} with a line break (\\n); "
                               "gettext refuses such an entry", path, line)


def _obsolete_line(line: str, path: str, number: int) -> str:
    """An obsolete entry's line (``#~ msgid "..."``) with its string rewritten as for a live
    entry, so its escapes keep their meaning when ``update`` writes it back."""
    rest = line[2:].strip(_PO_BLANKS)
    keyword_match = _PO_KEYWORD.match(rest)
    string = _PO_STRING.match(rest, keyword_match.end()) if keyword_match else None
    if keyword_match is None or string is None or rest[string.end():].strip(_PO_BLANKS):
        return line  # a previous msgid (#~|) or what Babel reads as it likes: not printed, never built
    keyword = keyword_match.group(1)
    quoted = _po_quote(decode_po_string(string.group(1), path, number))
    return f"#~ {keyword} {quoted}" if keyword else f"#~ {quoted}"


def _check_unique(seen: dict[tuple[str | None, str], int], context: str | None, msgid: str, line: int,
                  path: str) -> None:
    first = seen.setdefault((context, msgid), line)
    if first != line:
        shown = msgid if len(msgid) <= 60 else msgid[:57] + "..."
        in_context = f" in context '{context}'" if context is not None else ""
        raise CatalogError(f"duplicate message {shown!r}{in_context} (first at line {first}); gettext "
                           "refuses a catalog that defines a message twice", path, line)


class FallbackReason(enum.Enum):
    """Why a message printed in its source language."""

    UNTRANSLATED = "untranslated"
    FUZZY = "fuzzy"
    INVALID = "invalid"


@dataclass
class Fallback:
    """A message printed in its source language, and why."""

    message: Message
    reason: FallbackReason
    catalog: str = ""
    line: int | None = None
    problems: tuple[str, ...] = ()  # what is wrong with an invalid translation

    def describe(self) -> str:
        if self.reason is FallbackReason.INVALID:
            return "invalid translation: " + "; ".join(self.problems)
        return str(self.reason.value)


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
            line = entry.lineno if entry else None
            return self._fall_back(Fallback(message, FallbackReason.UNTRANSLATED, path, line))
        if entry.fuzzy:
            return self._fall_back(Fallback(message, FallbackReason.FUZZY, path, entry.lineno))
        translation = str(entry.string)
        problems = translation_problems(message.text, translation)
        if problems:
            return self._fall_back(Fallback(message, FallbackReason.INVALID, path, entry.lineno, problems))
        return translation

    def _fall_back(self, fallback: Fallback) -> str:
        """Print the source text instead, and record why (once per message, however often it is printed)."""
        key = (fallback.catalog, fallback.message.key)
        if key not in self._recorded:
            self._recorded.add(key)
            self.fallbacks.append(fallback)
        return fallback.message.text

    def counts(self) -> Counter[str]:
        return Counter(str(f.reason.value) for f in self.fallbacks)


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
    control = CONTROL_RE.search(translation)
    if control and not CONTROL_RE.search(source):
        problems.append(f"has a control character U+{ord(control.group(0)):04X}, which is not text")
    return tuple(problems)


URL_RE = re.compile(r"\b(?:https?://|www\.)[^\s<>\"]*[^\s<>\".,;:!?)\]»]")
# The local part may hold what RFC 5322 allows there, but braces and bars (tokens' syntax) and slashes.
EMAIL_RE = re.compile(r"(?<![\w.!#$%&'*+=?^`~-])[\w.!#$%&'*+=?^`~-]+@[\w-]+(?:\.[\w-]+)+\b")
NUMBER_RE = re.compile(r"\d+")
BRACKETS = (("(", ")"), ("[", "]"), ("{", "}"), ("«", "»"), ("“", "”"))
# Every character that ends a line somewhere (Python's str.splitlines: Unicode's separators,
# NEL, and ASCII's vertical tab, form feed and FS/GS/RS): gettext reads them as text.
LINE_BREAKS = ("\n", "\r", "\v", "\f", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")
CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f]")


# --- Pseudo-locales: every message transformed, for layout stress tests. ---

_ACCENTED = str.maketrans(
    # Accented forms every text font has (Latin-1 and Latin Extended-A).
    "acdeghijklnorstuwyzACDEGHIJKLNORSTUWYZ",
    "åçđéĝĥîĵķĺñöŕšţûŵýžÅÇĐÉĜĤÎĴĶĹÑÖŔŠŢÛŴÝŽ",
)
# Left as typed: typed values, addresses, and the placeholders of template labels
# ("#%(number)s"), which the template fills in after translation.
_PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]")
_KEEP = re.compile(rf"{TOKEN_RE.pattern}|{URL_RE.pattern}|{EMAIL_RE.pattern}|{_PLACEHOLDER.pattern}")


def pseudo_translate(text: str) -> str:
    """``[Ŝƥéåķéŕš ···]``: accented, about 40% longer, tokens, addresses and placeholders untouched."""
    out, last = [], 0
    for m in _KEEP.finditer(text):
        out.append(text[last : m.start()].translate(_ACCENTED))
        out.append(m.group(0))
        last = m.end()
    out.append(text[last:].translate(_ACCENTED))
    padding = " ".join("·" * 5 for _ in range(max(1, round(len(text) * 0.4 / 6))))
    return f"[{''.join(out)} {padding}]"


def _keeping(text: str, transform: Callable[[str], str]) -> str:
    """``text`` with ``transform`` applied to everything but typed values, addresses and placeholders."""
    out, last = [], 0
    for m in _KEEP.finditer(text):
        out.append(transform(text[last : m.start()]))
        out.append(m.group(0))
        last = m.end()
    out.append(transform(text[last:]))
    return "".join(out)


# Latin letters to Arabic ones, so a mirrored pseudo-locale is truly right to left (bidi,
# shaping and the Arabic fonts all at work), like Microsoft's qps-plocm.
_ARABIC = str.maketrans({**dict(zip("abcdefghijklmnopqrstuvwxyz", "ابكديفغهيجكلمنوبقرستوفوكيز", strict=True)),
                         **dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "ابكديفغهيجكلمنوبقرستوفوكيز", strict=True)),
                         ",": "،", ";": "؛", "?": "؟"})


def _unaccented(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def pseudo_mirrored(text: str) -> str:
    """Right to left: every letter an Arabic one, about 40% longer, values and addresses as typed."""
    padding = " ".join("ـ" * 5 for _ in range(max(1, round(len(text) * 0.4 / 6))))
    return f"[{_keeping(text, lambda part: _unaccented(part).translate(_ARABIC))} {padding}]"


# One ideograph for every two Latin letters (about the width of the English), no spaces
# between words and full-width punctuation: a Chinese-looking text, like Microsoft's
# qps-ploca, that exercises CJK fonts and line breaking.
_IDEOGRAPHS = "文字排版测试示例会议手册语言资料页面标题内容印刷检查布局表格数据"
_FULL_WIDTH = str.maketrans({",": "，", ".": "。", ":": "：", ";": "；", "!": "！", "?": "？", "(": "（",
                             ")": "）", "“": "「", "”": "」", "’": "", "'": ""})
_WORD = re.compile(r"[^\W\d_]+")


def _ideographs(part: str) -> str:
    def word(m: re.Match[str]) -> str:
        letters = _unaccented(m.group(0)).lower()
        return "".join(_IDEOGRAPHS[(ord(letters[i]) * 7 + i) % len(_IDEOGRAPHS)] for i in range(0, len(letters), 2))

    # Spaces between words go; those beside digits and Latin that is kept stay.
    return re.sub(r"(?<=[^\x00-\x7f]) (?=[^\x00-\x7f])", "", _WORD.sub(word, part).translate(_FULL_WIDTH))


def pseudo_east_asian(text: str) -> str:
    """East Asian: every word ideographs, full-width punctuation, values and addresses as typed."""
    return f"【{_keeping(text, _ideographs)}】"


class PseudoTranslator(Translator):
    """Translates every message into a pseudo-locale; it has no catalog to maintain."""

    def translate(self, message: Message, domain: str) -> str:
        return PSEUDO_TRANSFORMS[self.locale](message.text)


# How each pseudo-locale of ``edition.PSEUDO_LOCALES`` transforms a message, by code.
PSEUDO_TRANSFORMS: dict[str, Callable[[str], str]] = {
    "qps": pseudo_translate,
    "qps-plocm": pseudo_mirrored,
    "qps-ploca": pseudo_east_asian,
}
