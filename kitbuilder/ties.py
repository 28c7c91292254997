"""Where a line must not break: words that belong together, per language, in one table.

One rule decides both sides of the matter: ``tie`` puts a no-break space between such
words when a message is localized, and the proof check (``proof.py``) asks ``bond`` of
every line break the engine made, so a break the table forbids is reported as a fault.

- a number and its unit or scale word: "12 milliards", "10 years", "24 heures"; a count
  and the word it counts: "23 ONG", "12 cities"; an ordinal or a year and the noun after it:
  "8th Avenue", "41e Rue", "the 1949 Convention";
- the parts of a date: "March 14, 2018", "14 mars 2018", "21 June 2004" (month names
  come from CLDR, so every language has them);
- a legal reference and its number: "art. L. 451-1", "n° 2016-444", "No. 2016-444";
  and a number is never cut at its own hyphen ("8112-2"): that hyphen becomes U+2011;
- an enumerator in the text and what it numbers: "and (6) that", "(b) the";
- a range's dash and the number or time before it: "6:00 PM – 8:00 PM" never starts a line
  with its dash;
- a name: a capitalised word and its number, inside a sentence ("Fortune 500", "Section
  230"); a short capitalised word, a title or an initial and the capitalised word after it
  ("New York", "Mr. Herbert", "R. Vance"); and a hyphen between two capitals, which joins a
  name ("Per-Anders", "WCBS-TV", "États-Unis"), becomes U+2011 too.
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass

from babel import Locale
from babel.core import UnknownLocaleError

NO_BREAK_SPACE = "\u00a0"
NO_BREAK_HYPHEN = "\u2011"
MAX_TIED_WORD = 24


@dataclass(frozen=True)
class TieRules:
    """One language's words that hold on to a number."""

    # Words that, after a number, are its unit or its scale (compared in lower case).
    units: frozenset[str] = frozenset()
    # Abbreviations and words that introduce a number: "art." 12, "n°" 2016-444 (as written).
    before_number: frozenset[str] = frozenset()
    # Whether a number also holds on to the word it counts, a noun or its adjective ("23 ONG",
    # "12 cities", "500 different"), as French typography wants and English proofs mark; then
    # these words, which follow a number without being counted by it ("12 du code", "3 à 5",
    # "2009 to"), are let go (compared in lower case).
    counted_nouns: bool = False
    not_counted: frozenset[str] = frozenset()


_EN_UNITS = ("hundred thousand million millions billion billions trillion trillions percent per "
             "year years month months week weeks day days hour hours minute minutes second seconds "
             "km kilometres kilometers mile miles dollars euros pounds")
_FR_UNITS = ("cent cents mille million millions milliard milliards millier milliers billion billions "
             "an ans année années mois semaine semaines jour jours heure heures h minute minutes min "
             "seconde secondes km kilomètres euros dollars livres fois")
_EN_NOT_COUNTED = ("to and or of in on at by for with from than the a an as is are was were be has have had "
                   "that which who per out into onto over under after before since until between among")
_FR_NOT_COUNTED = ("à au aux de du des et ou en le la les un une sur par pour dans avec sans que qui ne se "
                   "selon contre vers chez entre sous après avant depuis pendant dont")
_EN_REFERENCES = ("art. arts. Art. Arts. article articles Article Articles No. Nos. no. nos. § L. R. D. "
                  "Section Sections section sections Chapter chapter")
_FR_REFERENCES = "art. arts. Art. article articles Article n° nº no n\u1d52 Nº N° N\u1d52 L. R. D. § section chapitre"

TIES: dict[str, TieRules] = {
    "en": TieRules(frozenset(_EN_UNITS.split()), frozenset(_EN_REFERENCES.split()), counted_nouns=True,
                   not_counted=frozenset(_EN_NOT_COUNTED.split())),
    "fr": TieRules(frozenset(_FR_UNITS.split()), frozenset(_FR_REFERENCES.split()), counted_nouns=True,
                   not_counted=frozenset(_FR_NOT_COUNTED.split())),
}

_NUMBER = re.compile(r"^[$€£(]?\d[\d.,\u202f\u00a0\u2009]*(?:er|re|e|\u1d49|\u1d49\u02b3)?[%,;:)]*$")
_DAY = re.compile(r"^(?:[1-9]|[12]\d|3[01])(?:er|\u1d49\u02b3|st|nd|rd|th)?,?$")
_YEAR = re.compile(r"^\d{4}[,.;:)]*$")
_CODE_NUMBER = re.compile(r"^\d[\d\u2011-]*")
_ENUMERATOR = re.compile(r"^\((?:\d{1,2}|[a-z]|[ivx]{1,4})\)$")  # (6), (b), (iv)
_ORDINAL = re.compile(r"^\d+(?:st|nd|rd|th|e|er|re|ème|\u1d49|\u1d49\u02b3)$")  # 8th, 41e, 1er
_BARE_COUNT = re.compile(r"^\d[\d\u202f\u00a0]*$")  # a count: no sign, no decimals, no punctuation after
_SPACES = re.compile("[\u00a0\u202f\u2009]")
_TRIM = "()[]«»\u201c\u201d\u2018\u2019\"'.,;:!?"


@functools.lru_cache(maxsize=32)
def month_names(language: str) -> frozenset[str]:
    """The language's month names, wide and abbreviated, in lower case (from CLDR)."""
    try:
        locale = Locale.parse(language)
    except (UnknownLocaleError, ValueError):
        return frozenset()
    names: set[str] = set()
    for width in ("wide", "abbreviated"):
        for context in ("format", "stand-alone"):
            names.update(str(n).lower() for n in locale.months[context][width].values())
    return frozenset(names)


def _word(text: str) -> str:
    return text.strip(_TRIM).lower()


_OPENER = re.compile(r"^.*['\u2019]")
_DASHES = ("\u2013", "\u2014")
_TIME_SUFFIXES = frozenset({"am", "pm", "a.m.", "p.m.", "h"})
_NUMBER_HYPHEN = re.compile(r"(?<=\d)-(?=\d)")
_BARE_NUMBER = re.compile(r"^\d+[,.;:)»\u201d]*$")
_SENTENCE_END = (".", "!", "?", ":", "…")
_TITLES = frozenset({"Mr", "Mrs", "Ms", "Dr", "St", "Mme", "Mlle", "Me", "Pr"})


def _name_lead(word: str) -> bool:
    """A word that holds on to the capitalised word after it: a short capitalised word
    ("New" York, "Le" Monde), a title ("Mr." Herbert) or an initial ("R." Vance); not an
    acronym ending a sentence ("US.")."""
    lead = word.rstrip(".")
    if not lead.isalpha() or not lead[:1].isupper():
        return False
    if lead == word:
        return len(lead) <= 3 and not lead.isupper()
    return word == lead + "." and (len(lead) == 1 or lead in _TITLES)


def _capital_compound(word: str) -> str:
    """``word`` with each hyphen between two capitals made non-breaking: "Per‑Anders"."""
    parts = word.split("-")
    out = [parts[0]]
    for before, part in itertools.pairwise(parts):
        before = _OPENER.sub("", before.rsplit("\u2011", 1)[-1]).lstrip(_TRIM)
        joined = before[:1].isupper() and part.lstrip(_TRIM)[:1].isupper()
        out.append((NO_BREAK_HYPHEN if joined else "-") + part)
    return "".join(out)


def _counted(number: str, word: str, rules: TieRules) -> bool:
    """A word that ``number`` counts or names: after a count, a noun or its adjective in lower
    case, or an acronym ("23 ONG", "12 cities"); after an ordinal or a year, a capitalised
    noun too ("8th Avenue", "41e Rue", "the 1949 Convention"). A year is not a count ("en
    2018 les")."""
    bare = word.rstrip(_TRIM)
    if not bare.isalpha() or bare.lower() in rules.not_counted:
        return False
    capitalised = bare[:1].isupper() and not bare.isupper()
    ordinal = _ORDINAL.match(number) is not None
    if ordinal or (len(number) == 4 and number.isdigit()):
        return capitalised or (ordinal and bare.islower())
    if not _BARE_COUNT.match(number):
        return False
    return bare.islower() or (bare.isupper() and len(bare) > 1)


def bond(before: list[str], after: str, language: str) -> str | None:
    """Why the space between the words ``before`` (the last is next to it) and ``after``
    may not break, in ``language``: "number-unit", "date", "legal-reference", "name",
    "enumerator", or None."""
    before = [w for word in before for w in _SPACES.split(word) if w]
    after = _SPACES.split(after)[0]
    if not before or not after:
        return None
    rules = TIES.get(language, TieRules())
    last = before[-1]
    if after in _DASHES and (any(c.isdigit() for c in last) or last.lower() in _TIME_SUFFIXES):
        return "number-unit"  # a range's dash stays with its first end: "6:00 PM –" / "8:00 PM"
    if _ENUMERATOR.match(last) and after[:1].isalpha():
        return "enumerator"  # (6) / that: an enumerator stays with what it numbers
    # Every rule but one wants a digit at the end of `last` or the start of `after`: most
    # pairs of words are done with here (bond is asked of every space of every message).
    digits = not last.isalpha() and any(c.isdigit() for c in last)
    if not digits and not after[:1].isdigit():
        opener = (_OPENER.sub("", last) if "'" in last or "\u2019" in last else last).lstrip("(«\u201c")
        if opener in rules.before_number and after.rstrip(",") in rules.before_number:
            return "legal-reference"
        # Not in a run of capitalised words (a title in title case): there, "Sex" before
        # "Trafficking" is no name, and tying the run would leave its line no break.
        in_run = len(before) > 1 and before[-2][:1].isupper() and last == last.rstrip(".")
        return "name" if after[:1].isupper() and not in_run and _name_lead(opener) else None
    months = month_names(language)
    if digits and _NUMBER.match(last) and _word(after) in rules.units:
        return "number-unit"
    if rules.counted_nouns and digits and _counted(last, after, rules):
        return "number-unit"  # 23 / ONG, 8th / Avenue, the 1949 / Convention
    if digits and _DAY.match(last) and _word(after) in months:
        return "date"
    if _word(last) in months and (_DAY.match(after) or _YEAR.match(after)):
        return "date"
    if digits and _DAY.match(last) and last.endswith(",") and _YEAR.match(after) and len(before) > 1 \
            and _word(before[-2]) in months:
        return "date"  # March 14, / 2018
    if last[:1].isupper() and not last.isupper() and len(last) > 1 and last.isalpha() and _BARE_NUMBER.match(after) \
            and not _YEAR.match(after) and len(before) > 1 and not before[-2].endswith(_SENTENCE_END):
        return "name"  # Fortune / 500; not a sentence's first word ("In 2018"), nor capitals, nor a year
    opener = _OPENER.sub("", last).lstrip("(«\u201c")  # l'art. -> art.
    if opener in rules.before_number and (_CODE_NUMBER.match(after) or after.rstrip(",") in rules.before_number):
        return "legal-reference"
    return None


def cut_number(before: str, after: str) -> bool:
    """A number cut at its own hyphen: "8112-" / "2"."""
    return bool(re.search(r"\d[-\u2011]$", before)) and after[:1].isdigit()


_LINKISH = re.compile(r"[/@]|www\.")


def tie(text: str, language: str) -> str:
    """``text`` with a no-break space wherever ``bond`` forbids a break, and hyphens inside
    numbers ("8112-2", "2016-444") and between capitals ("Per-Anders") made non-breaking."""
    # Only in a word of ordinary length: a "word" of a language written without spaces (a
    # whole Chinese sentence) may need its hyphens as its only places to break.
    words = [_capital_compound(_NUMBER_HYPHEN.sub(NO_BREAK_HYPHEN, w))
             if "-" in w and not _LINKISH.search(w) and len(w) <= MAX_TIED_WORD else w for w in text.split(" ")]
    if len(words) < 2:
        return words[0]
    out = [words[0]]
    for i in range(1, len(words)):
        joined = bond(words[max(0, i - 2):i], words[i], language) if words[i - 1] and words[i] else None
        out.append((NO_BREAK_SPACE if joined else " ") + words[i])
    return "".join(out)
