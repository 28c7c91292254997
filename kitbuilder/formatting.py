"""Typed values inside messages, and their formatting per locale through Babel (CLDR).

A message carries its numbers, dates and amounts as inline tokens, so translators move
them around but never retype them, and each edition prints them its own way::

    {number:18119}               18,119 / 18 119
    {number:20000000|compact}    20 million / 20 millions
    {percent:97}                 97% / 97 %
    {money:1500 EUR}             €1,500 / 1 500 euros
    {money:12000000000 USD|compact}   $12 billion / 12 milliards de dollars
    {date:2018-03-14}            March 14, 2018 / 14 mars 2018 (add |full for the weekday)
    {time:18:00}                 6:00 PM / 18 h
    {money:1500}                 1,500 / 1 500: an amount whose currency the source does not give
    {range:15000..20000}         15,000–20,000 / 15 000 à 20 000
    {range:15..20|percent}       15–20% / 15 à 20 %
    {range:15000..20000 EUR}     €15,000–20,000 / 15 000 à 20 000 euros (|compact as for money)
    {ordinal:3}                  3rd / 3ᵉ / 3.º in Spanish (|feminine: 1ʳᵉ, 1.ª)

Anything else between braces is ordinary text. Identifiers are not quantities: a bill's,
a resolution's or a telephone number stays text ("Bill no. 1437"), since a number token
would group its digits ("Bill no. 1,437"); ``kitbuilder check`` warns when one is.

Money follows each language's prose, not only its number format: English sets the symbol
($100,000), French writes the currency's name after the amount (« 100 000 dollars »,
« 12 milliards de dollars », « 1 500 euros »), as French books and the French codes do;
a symbol after the amount (« 12 milliards $US ») is accounting shorthand. The languages
that write money in words, and how, are in ``MONEY_IN_WORDS``.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from babel import Locale
from babel.dates import format_date, format_time
from babel.numbers import (
    format_compact_decimal,
    format_currency,
    format_decimal,
    format_percent,
    get_currency_name,
    get_currency_precision,
)

TOKEN_RE = re.compile(r"\{(number|percent|money|date|time|range|ordinal):([^{}|]*)(?:\|([a-z]+))?\}")

TOKEN_KINDS = ("number", "percent", "money", "date", "time", "range", "ordinal")

FLAGS = {
    "number": {"compact"},
    "percent": set(),
    "money": {"compact"},
    "date": {"full", "short"},
    "time": set(),
    "range": {"compact", "percent"},
    "ordinal": {"feminine"},
}

# How a language joins the two ends of a range. CLDR's numbers/miscPatterns "range"
# (which Babel does not carry), except French, whose typography writes ranges in words
# in running text ("15 000 à 20 000"). A language not listed takes CLDR's root pattern.
RANGE_PATTERNS = {"en": "{0}–{1}", "fr": "{0} à {1}", "es": "{0}-{1}", "de": "{0}–{1}", "it": "{0}-{1}",
                  "pt": "{0}–{1}", "nl": "{0}-{1}"}
ROOT_RANGE_PATTERN = "{0}–{1}"

# Ordinal suffixes by the language's CLDR ordinal plural category ("other" always given),
# masculine and feminine. French sets them in superior letters, written with Unicode's
# modifier letters (the escaping function raises them). A language not listed writes
# ordinals as most of Europe does: the number and a period ("3.").
ORDINAL_SUFFIXES: dict[str, tuple[dict[str, str], dict[str, str]]] = {
    "en": ({"one": "st", "two": "nd", "few": "rd", "other": "th"},) * 2,
    "fr": ({"one": "\u1d49\u02b3", "other": "\u1d49"}, {"one": "\u02b3\u1d49", "other": "\u1d49"}),
    "es": ({"other": ".º"}, {"other": ".ª"}),
    "it": ({"other": "º"}, {"other": "ª"}),
    "pt": ({"other": ".º"}, {"other": ".ª"}),
}
DEFAULT_ORDINAL_SUFFIX = "."


@dataclass(frozen=True)
class MoneyInWords:
    """How a language's prose writes an amount of money: the amount, then the currency's name
    (singular or plural as the amount counts), and after a scale word a linking word."""

    of: str
    """Links a scale word to the currency: « 12 milliards de dollars »."""
    of_elided: str
    """The same before a vowel: « 2 millions d’euros »."""
    names: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    """Singular and plural names where CLDR's display name is one for lists of currencies
    (« dollar des États-Unis ») rather than the one prose uses."""


# Per language. A language not listed sets money with its CLDR currency pattern (€1,500).
MONEY_IN_WORDS: Mapping[str, MoneyInWords] = {
    "fr": MoneyInWords(of="de", of_elided="d’", names={"USD": ("dollar", "dollars")}),
}

# Amounts from a million up have a scale word (« 12 milliards »); French has none for money
# below that (CLDR's « 100 mille » is not how an amount is written).
_SCALE_FROM = Decimal(1_000_000)
_VOWELS = frozenset("aeiouàâäéèêëîïôöùûü")


class TokenError(ValueError):
    """A token whose value is not of its type; the loader adds the file and line."""


@dataclass(frozen=True)
class Token:
    kind: str
    value: Decimal | datetime.date | datetime.time
    currency: str = ""
    flag: str = ""
    # A range's upper end (``value`` is its lower end).
    upper: Decimal | None = None


def parse_token(kind: str, raw: str, flag: str | None) -> Token:
    raw = raw.strip()
    flag = flag or ""
    if flag and flag not in FLAGS[kind]:
        raise TokenError(f"{{{kind}:{raw}|{flag}}}: unknown option '{flag}'")
    if kind == "range":
        return _parse_range(raw, flag)
    try:
        if kind == "ordinal":
            if not re.fullmatch(r"[1-9][0-9]*", raw):
                raise ValueError(raw)
            return Token(kind, Decimal(raw), flag=flag)
        if kind in ("number", "percent"):
            return Token(kind, _printable_number(kind, raw, Decimal(raw)), flag=flag)
        if kind == "money":
            amount, currency = _amount_and_currency(kind, raw)
            return Token(kind, _printable_number(kind, raw, Decimal(amount)), currency=currency, flag=flag)
        if kind == "date":
            return Token(kind, datetime.date.fromisoformat(raw), flag=flag)
        return Token(kind, datetime.time.fromisoformat(raw), flag=flag)
    except (InvalidOperation, ValueError) as exc:
        if isinstance(exc, TokenError):
            raise
        raise TokenError(f"{{{kind}:{raw}}}: '{raw}' is not a valid {kind}") from None


# Typed numbers stay below a quintillion (10**18) and keep at most 18 decimals: CLDR's
# patterns write them out digit by digit, so 1E+100000 would print a hundred thousand digits.
MAX_MAGNITUDE = 18


def _printable_number(kind: str, raw: str, value: Decimal) -> Decimal:
    if not value.is_finite():
        raise TokenError(f"{{{kind}:{raw}}}: '{raw}' is not a finite number")
    if value and not -MAX_MAGNITUDE <= value.adjusted() < MAX_MAGNITUDE:
        raise TokenError(f"{{{kind}:{raw}}}: '{raw}' is too large or too small to print "
                         f"(between 1E-{MAX_MAGNITUDE} and 1E+{MAX_MAGNITUDE})")
    return value


def _amount_and_currency(kind: str, raw: str) -> tuple[str, str]:
    """An amount and its ISO currency code; no code for an amount whose currency the source
    does not give."""
    amount, _, currency = raw.partition(" ")
    if currency and not re.fullmatch(r"[A-Z]{3}", currency):
        raise TokenError(f"{{{kind}:{raw}}}: expected an amount and a currency code, as '1500 EUR'")
    return amount, currency


def _parse_range(raw: str, flag: str) -> Token:
    numbers, currency = _amount_and_currency("range", raw)
    low, dots, high = numbers.partition("..")
    if not dots:
        raise TokenError(f"{{range:{raw}}}: expected two values, as '15000..20000'")
    if currency and flag == "percent":
        raise TokenError(f"{{range:{raw}|percent}}: a range of percentages has no currency")
    try:
        lower, upper = Decimal(low), Decimal(high)
    except InvalidOperation:
        raise TokenError(f"{{range:{raw}}}: '{numbers}' is not a valid range") from None
    if not (lower.is_finite() and upper.is_finite()):
        raise TokenError(f"{{range:{raw}}}: '{numbers}' is not a valid range")
    lower, upper = (_printable_number("range", raw, v) for v in (lower, upper))
    if lower > upper:
        raise TokenError(f"{{range:{raw}}}: the first value is larger than the second")
    return Token("range", lower, currency=currency, flag=flag, upper=upper)


# What may stand beside typed values in a message that is still only values: spaces and the
# signs that qualify a figure ("+{number:18119}"). A dash is not among them: a range reads
# "15 000 à 20 000" in French, which is a translator's choice.
_VALUE_SIGNS = re.compile(r"[\s+±<>≤≥~≈]*")


def only_values(text: str) -> bool:
    """Whether a text is made only of typed values (and signs), so every language prints it
    from the values alone: ``{percent:12}``, ``+{number:3000000000|compact}``."""
    return bool(TOKEN_RE.search(text)) and _VALUE_SIGNS.fullmatch(TOKEN_RE.sub("", text)) is not None


def tokens_in(text: str) -> list[str]:
    """The tokens of a text, as written, in order (for checking a translation keeps them)."""
    return [m.group(0) for m in TOKEN_RE.finditer(text)]


def check_tokens(text: str) -> None:
    """Raise ``TokenError`` for the first token of ``text`` whose value does not parse."""
    for m in TOKEN_RE.finditer(text):
        parse_token(m.group(1), m.group(2), m.group(3))


def format_value(token: Token, locale: Locale) -> str:
    """A typed value as the locale writes it (CLDR patterns through Babel)."""
    value = token.value
    if token.kind == "number":
        assert isinstance(value, Decimal)
        if token.flag == "compact":
            return str(format_compact_decimal(value, format_type="long", locale=locale, fraction_digits=1))
        return str(format_decimal(value, locale=locale))
    if token.kind == "percent":
        assert isinstance(value, Decimal)
        return str(format_percent(value / 100, locale=locale, decimal_quantization=False))
    if token.kind == "range":
        return _format_range(token, locale)
    if token.kind == "ordinal":
        assert isinstance(value, Decimal)
        return _format_ordinal(int(value), token.flag == "feminine", locale)
    if token.kind == "money" and not token.currency:
        assert isinstance(value, Decimal)
        if token.flag == "compact":
            return str(format_compact_decimal(value, format_type="long", locale=locale, fraction_digits=1))
        digits = 0 if value == value.to_integral_value() else 2
        return str(format_decimal(value, format=None if digits == 0 else "#,##0.00", locale=locale))
    if token.kind == "money":
        assert isinstance(value, Decimal)
        words = MONEY_IN_WORDS.get(locale.language)
        if words is not None:
            return money_in_words(value, token.currency, token.flag == "compact", locale, words)
        pattern = locale.currency_formats["standard"].pattern
        if token.flag == "compact":
            # "$12 billion" / "12 milliards $US": the long compact number in the locale's currency
            # pattern (CLDR's own compact currency forms are abbreviations such as "12 Md $US").
            amount = str(format_compact_decimal(value, format_type="long", locale=locale, fraction_digits=1))
            symbol = str(format_currency(0, token.currency, format="¤", locale=locale))
            return re.sub(r"[#0,.]+", amount, pattern.split(";")[0], count=1).replace("¤", symbol)
        if value == value.to_integral_value():
            # Whole amounts print without cents, as the kit's prose does ("€1,500").
            pattern = re.sub(r"\.0+", "", pattern)
        return str(format_currency(value, token.currency, format=pattern, locale=locale, currency_digits=False))
    if token.kind == "date":
        assert isinstance(value, datetime.date)
        return format_date_value(value, locale, token.flag or "long")
    assert isinstance(value, datetime.time)
    if locale.language == "fr":
        # French typography writes hours with « h »: 18 h, 18 h 30 (CLDR gives 18:00).
        return f"{value.hour}\u00a0h" + (f"\u00a0{value.minute:02d}" if value.minute else "")
    return str(format_time(value, format="short", locale=locale))


_DIGITS = re.compile(r"\d(?:.*\d)?")


def _format_range(token: Token, locale: Locale) -> str:
    """Both ends formatted as their kind (number, percentage, money), joined by the
    language's range pattern; a unit both ends share is written once ("15–20%")."""
    assert token.upper is not None
    kind = "percent" if token.flag == "percent" else "money" if token.currency else "number"
    flag = "compact" if token.flag == "compact" else ""
    low, high = (format_value(Token(kind, v, currency=token.currency, flag=flag), locale)
                 for v in (token.value, token.upper))
    pattern = RANGE_PATTERNS.get(locale.language, ROOT_RANGE_PATTERN)
    low_digits, high_digits = _DIGITS.search(low), _DIGITS.search(high)
    assert low_digits is not None and high_digits is not None
    prefix, suffix = low[: low_digits.start()], low[low_digits.end():]
    if (prefix, suffix) == (high[: high_digits.start()], high[high_digits.end():]):
        return prefix + pattern.format(low_digits.group(0), high_digits.group(0)) + suffix
    return pattern.format(low, high)


def _format_ordinal(number: int, feminine: bool, locale: Locale) -> str:
    suffixes = ORDINAL_SUFFIXES.get(locale.language)
    if suffixes is None:
        return f"{number}{DEFAULT_ORDINAL_SUFFIX}"
    forms = suffixes[1 if feminine else 0]
    return f"{number}{forms.get(locale.ordinal_form(number), forms['other'])}"


def money_in_words(value: Decimal, currency: str, compact: bool, locale: Locale, words: MoneyInWords) -> str:
    """An amount as prose writes it: « 100 000 dollars », « 1,50 euro », « 12 milliards de
    dollars ». The name is tied to its amount, the scale word to its number, by no-break spaces."""
    singular, plural = words.names.get(currency) or (
        str(get_currency_name(currency, 1, locale)), str(get_currency_name(currency, 2, locale)))
    if compact and abs(value) >= _SCALE_FROM:
        amount = str(format_compact_decimal(value, format_type="long", locale=locale, fraction_digits=1))
        amount = amount.replace(" ", "\u00a0")
        link = words.of_elided + plural if plural[0].lower() in _VOWELS else f"{words.of}\u00a0{plural}"
        return f"{amount} {link}"
    if value == value.to_integral_value():
        amount = str(format_decimal(value, locale=locale))
    else:
        digits = get_currency_precision(currency)
        amount = str(format_decimal(value, format="#,##0." + "0" * digits, locale=locale))
    name = singular if locale.plural_form(abs(value)) == "one" else plural
    return f"{amount}\u00a0{name}"


def format_tokens(text: str, locale: Locale) -> str:
    """Replace every token of ``text`` by its value formatted for ``locale``."""

    def replace(m: re.Match[str]) -> str:
        return format_value(parse_token(m.group(1), m.group(2), m.group(3)), locale)

    return TOKEN_RE.sub(replace, text)


def format_date_value(value: datetime.date, locale: Locale, style: str = "long") -> str:
    """A date field of the content, as the locale writes it."""
    text = str(format_date(value, format=style, locale=locale))
    if locale.language == "fr" and value.day == 1 and style in ("long", "full"):
        # French writes the first of the month as an ordinal: « 1er janvier », which CLDR leaves out.
        text = re.sub(r"(?<!\d)1(?= )", "1er", text, count=1)
    return text


def format_number_value(value: int | float | Decimal, locale: Locale) -> str:
    """A number field of the content, as the locale writes it."""
    return str(format_decimal(value, locale=locale))


def format_percent_value(value: int | float | Decimal, locale: Locale) -> str:
    """A percentage field of the content (97 for 97%), as the locale writes it."""
    return str(format_percent(Decimal(str(value)) / 100, locale=locale, decimal_quantization=False))


# The comma between items in a running line (article numbers, "code, art. 3"), where a
# language has its own: Arabic script's reversed comma, the ideographic enumeration comma.
LIST_SEPARATORS = {"ar": "\u060c ", "fa": "\u060c ", "ur": "\u060c ", "zh": "\u3001", "ja": "\u3001"}


def list_separator(locale: Locale) -> str:
    return LIST_SEPARATORS.get(locale.language, ", ")
