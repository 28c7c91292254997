"""Turn a loaded kit into one locale's view: every message translated and its values formatted.

The result is plain data (namespaces, lists, strings, dates) for the templates, which
therefore never see a ``Message`` and never translate anything themselves. Namespaces,
not dicts: a field called ``items`` must not be shadowed by ``dict.items`` in Jinja.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import PurePosixPath
from types import SimpleNamespace
from typing import Any

from babel import Locale

from .catalogs import EMAIL_RE, LABELS_DOMAIN, LABELS_LANGUAGE, URL_RE, Translator, language_of, needs_translation
from .formatting import format_tokens
from .schema import Kit, Message, field_names

# Spaces a translator may type where French typography puts its own (babel-french adds
# them, thin and unbreakable): before ; : ! ? and », and after «.
_FRENCH_SPACE_BEFORE = re.compile(r"[ \u00a0\u202f\u2009]+(?=[;:!?»])")
_FRENCH_SPACE_AFTER = re.compile(r"(?<=«)[ \u00a0\u202f\u2009]+")


def domain_of(message: Message) -> str:
    """The catalog domain of a message: the stem of the content file it was written in, or
    the one the loader chose for it (the kit's own words, repeated in a part, are ``kit``'s)."""
    return message.domain or PurePosixPath(message.path).stem


def needed_domains(kit: Kit, locale: str) -> dict[str, str]:
    """The catalog domains a locale needs, with each domain's source language."""
    domains: dict[str, str] = {}
    for m in kit.messages:
        if needs_translation(m, locale):
            domains[domain_of(m)] = m.source_language
    if language_of(locale) != LABELS_LANGUAGE:
        domains[LABELS_DOMAIN] = LABELS_LANGUAGE
    return domains


# French ordinals (1er, 1re, 62e, 2de, 3es): a number and its suffix, set in superior
# letters in print. Written with Unicode's modifier letters, which the escaping function
# turns into superscripts; lower case only, so "4G" or "1e6" are left alone.
_FRENCH_ORDINAL = re.compile(r"(?<![\w.,])(\d+)(ers?|res?|es?|nde?s?|des?|ds?)\b")
_SUPERIOR = str.maketrans("ednrs", "\u1d49\u1d48\u207f\u02b3\u02e2")
# « n° 5 » typed with a degree sign: French prints numero as n with a superior o (nᵒ 5).
_FRENCH_NUMERO = re.compile(r"(?<!\w)([nN])\u00b0(?=\s*\d)")


# What typography never touches: web and e-mail addresses, and identifiers (a word holding
# a character prose does not use, as in doc_2e or CRC/C/2e, or a code such as ISO-2e).
_UNTOUCHABLE = re.compile(rf"{URL_RE.pattern}|{EMAIL_RE.pattern}|\S*[/\\_=#@~|]\S*|\S*[A-Za-z][-.]\d\S*")


# Chinese and Japanese set a little space between ideographs and a run of Latin letters
# (网站 www.example.org, 由 Jordan Placeholder 主持), never between ideographs and digits
# (2018年3月14日).
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN_LATIN = re.compile(rf"(?<=[{_HAN}])(?=[A-Za-z\u00c0-\u024f])|(?<=[A-Za-z\u00c0-\u024f])(?=[{_HAN}])")
CJK_LANGUAGES = {"zh", "ja"}


def normalise_typography(text: str, language: str) -> str:
    """Apply the language's typographic conventions to what a translator typed: in French,
    drop the spaces babel-french sets itself and raise the letters of ordinals and numero;
    in Chinese, space Latin runs from the ideographs around them."""
    if language in CJK_LANGUAGES:
        return _HAN_LATIN.sub("\u2009", text)
    if language != "fr":
        return text
    out, last = [], 0
    for m in _UNTOUCHABLE.finditer(text):
        out += [_french(text[last : m.start()]), m.group(0)]
        last = m.end()
    out.append(_french(text[last:]))
    return "".join(out)


def _french(text: str) -> str:
    text = _FRENCH_SPACE_BEFORE.sub("", text)
    text = _FRENCH_SPACE_AFTER.sub("", text)
    text = _FRENCH_ORDINAL.sub(lambda m: m.group(1) + m.group(2).translate(_SUPERIOR), text)
    return _FRENCH_NUMERO.sub("\\1\u1d52", text)


# Where babel-french sets its spaces in print, written out as characters for the places
# that no typesetting reaches (the PDF's title and subject): a no-break space before a
# colon and inside guillemets, a narrow one before ; ! ?. Only before punctuation that
# ends a word and is followed by a space, so times (10:30) and addresses keep theirs.
_FRENCH_SPELLED_SPACES = (
    (re.compile(r"(?<=[^\s\d]):(?=\s|$)"), "\u00a0:"),
    (re.compile(r"(?<=\S)([;!?])(?=\s|$)"), "\u202f\\1"),
    (re.compile(r"«(?=\S)"), "«\u00a0"),
    (re.compile(r"(?<=\S)»"), "\u00a0»"),
)


def spell_out_typography(text: str, language: str) -> str:
    """``text`` with the spaces its language's typography sets in print written out."""
    text = normalise_typography(text, language)
    if language == "fr":
        for pattern, replacement in _FRENCH_SPELLED_SPACES:
            text = pattern.sub(replacement, text)
    return text


def localize_message(message: Message, translator: Translator, locale: Locale) -> str:
    text = translator.translate(message, domain_of(message))
    return normalise_typography(format_tokens(text, locale), language_of(translator.locale))


def localize(kit: Kit, translator: Translator, locale: Locale) -> SimpleNamespace:
    """The kit as the templates see it in one locale: ``{"config": ..., "parts": [...]}``."""

    def convert(value: Any) -> Any:
        if isinstance(value, Message):
            return localize_message(value, translator, locale)
        if isinstance(value, list):
            return [convert(v) for v in value]
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            fields = {}
            # Where the record, and each of its messages, was written, for the layout report
            # (never printed).
            origins = {}
            for name in field_names(value):
                raw = getattr(value, name)
                if isinstance(raw, Message):
                    origins[name] = f"{raw.path}:{raw.line}"
                fields[name] = convert(raw)
            path, line = value.__dict__.get("_origin", ("", 0))
            return SimpleNamespace(**fields, origin=f"{path}:{line}", origins=origins)
        return value

    return SimpleNamespace(config=convert(kit.config), parts=convert(kit.parts))
