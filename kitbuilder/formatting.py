"""Typed values inside messages, and their formatting per locale through Babel (CLDR).

A message carries its numbers, dates and amounts as inline tokens, so translators move
them around but never retype them, and each edition prints them its own way::

    {number:18119}               18,119 / 18 119
    {number:20000000|compact}    20 million / 20 millions
    {percent:97}                 97% / 97 %
    {money:1500 EUR}             €1,500 / 1 500 €
    {money:12000000000 USD|compact}   $12 billion / 12 milliards $US
    {date:2018-03-14}            March 14, 2018 / 14 mars 2018 (add |full for the weekday)
    {time:18:00}                 6:00 PM / 18 h

Anything else between braces is ordinary text.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from babel import Locale
from babel.dates import format_date, format_time
from babel.numbers import (
    format_compact_decimal,
    format_currency,
    format_decimal,
    format_percent,
)

TOKEN_RE = re.compile(r"\{(number|percent|money|date|time):([^{}|]*)(?:\|([a-z]+))?\}")

FLAGS = {
    "number": {"compact"},
    "percent": set(),
    "money": {"compact"},
    "date": {"full", "short"},
    "time": set(),
}


class TokenError(ValueError):
    """A token whose value is not of its type; the loader adds the file and line."""


@dataclass(frozen=True)
class Token:
    kind: str
    value: Decimal | datetime.date | datetime.time
    currency: str = ""
    flag: str = ""


def parse_token(kind: str, raw: str, flag: str | None) -> Token:
    raw = raw.strip()
    flag = flag or ""
    if flag and flag not in FLAGS[kind]:
        raise TokenError(f"{{{kind}:{raw}|{flag}}}: unknown option '{flag}'")
    try:
        if kind in ("number", "percent"):
            return Token(kind, Decimal(raw), flag=flag)
        if kind == "money":
            amount, _, currency = raw.partition(" ")
            if not re.fullmatch(r"[A-Z]{3}", currency):
                raise TokenError(f"{{money:{raw}}}: expected an amount and a currency code, as '1500 EUR'")
            return Token(kind, Decimal(amount), currency=currency, flag=flag)
        if kind == "date":
            return Token(kind, datetime.date.fromisoformat(raw), flag=flag)
        return Token(kind, datetime.time.fromisoformat(raw), flag=flag)
    except (InvalidOperation, ValueError) as exc:
        if isinstance(exc, TokenError):
            raise
        raise TokenError(f"{{{kind}:{raw}}}: '{raw}' is not a valid {kind}") from None


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
    if token.kind == "money":
        assert isinstance(value, Decimal)
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
