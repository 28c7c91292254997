import datetime
from decimal import Decimal

import pytest
from babel import Locale

from kitbuilder.formatting import TokenError, check_tokens, format_tokens, parse_token, tokens_in

EN, FR = Locale.parse("en"), Locale.parse("fr")


def nb(text: str) -> str:
    """CLDR's French spaces (no-break and narrow no-break) as plain spaces, for readable asserts."""
    return text.replace("\u202f", " ").replace("\u00a0", " ")


@pytest.mark.parametrize(
    ("token", "english", "french"),
    [
        ("{date:2018-03-14|full}", "Wednesday, March 14, 2018", "mercredi 14 mars 2018"),
        ("{date:2018-03-14}", "March 14, 2018", "14 mars 2018"),
        ("{number:18119}", "18,119", "18 119"),
        ("{money:1500 EUR}", "€1,500", "1 500 euros"),
        ("{money:1500.5 EUR}", "€1,500.50", "1 500,50 euros"),
        ("{percent:97}", "97%", "97 %"),
        ("{percent:1052}", "1,052%", "1 052 %"),
        ("{number:20000000|compact}", "20 million", "20 millions"),
        ("{number:1200000|compact}", "1.2 million", "1,2 million"),
        ("{time:18:00}", "6:00 PM", "18 h"),
        ("{time:18:30}", "6:30 PM", "18 h 30"),
        ("{money:12000000000 USD|compact}", "$12 billion", "12 milliards de dollars"),
        ("{date:2010-01-01}", "January 1, 2010", "1er janvier 2010"),
    ],
)
def test_tokens_format_per_locale(token: str, english: str, french: str) -> None:
    assert nb(format_tokens(token, EN)) == english
    assert nb(format_tokens(token, FR)) == french


@pytest.mark.parametrize(
    ("token", "french"),
    [
        # French prose writes the currency's name, not its symbol: « 100 000 dollars ».
        ("{money:100000 USD}", "100 000 dollars"),
        ("{money:75000 EUR}", "75 000 euros"),
        # Singular below two, as French counts: « 1 euro », « 1,50 euro ».
        ("{money:1 EUR}", "1 euro"),
        ("{money:1.5 EUR}", "1,50 euro"),
        # A scale word takes « de », elided before a vowel.
        ("{money:150000000000 USD|compact}", "150 milliards de dollars"),
        ("{money:2000000 EUR|compact}", "2 millions d’euros"),
        ("{money:1200000 USD|compact}", "1,2 million de dollars"),
        # Below a million French has no scale word for money (not « 100 mille dollars »).
        ("{money:100000 USD|compact}", "100 000 dollars"),
        # Other currencies by their CLDR name.
        ("{money:20 GBP}", "20 livres sterling"),
        ("{money:3000000 CHF|compact}", "3 millions de francs suisses"),
    ],
)
def test_french_writes_money_in_words(token: str, french: str) -> None:
    assert nb(format_tokens(token, FR)) == french


def test_french_money_is_tied_to_its_amount() -> None:
    # The currency never starts a line away from its amount, nor a scale word from its number.
    assert format_tokens("{money:100000 USD}", FR) == "100\u202f000\u00a0dollars"
    assert format_tokens("{money:12000000000 USD|compact}", FR) == "12\u00a0milliards de\u00a0dollars"


def test_text_around_tokens_is_kept() -> None:
    assert nb(format_tokens("More than {number:18119} reports {not a token}", FR)) == \
        "More than 18 119 reports {not a token}"


def test_tokens_are_typed() -> None:
    assert parse_token("number", "5.6", None).value == Decimal("5.6")
    assert parse_token("date", "2018-03-14", "full").value == datetime.date(2018, 3, 14)
    assert tokens_in("a {percent:5} b {number:2}") == ["{percent:5}", "{number:2}"]


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("{number:lots}", "'lots' is not a valid number"),
        ("{date:2018-02-30}", "'2018-02-30' is not a valid date"),
        ("{number:5|bold}", "unknown option 'bold'"),
    ],
)
def test_bad_tokens_are_errors(text: str, error: str) -> None:
    with pytest.raises(TokenError, match=error):
        check_tokens(text)


@pytest.mark.parametrize(
    ("token", "english", "french"),
    [
        ("{range:15000..20000}", "15,000–20,000", "15 000 à 20 000"),
        ("{range:15..20|percent}", "15–20%", "15 à 20 %"),
        ("{range:15000..20000 EUR}", "€15,000–20,000", "15 000 à 20 000 euros"),
        ("{range:15000000..20000000|compact}", "15–20 million", "15 à 20 millions"),
        ("{range:1000000..2000000|compact}", "1–2 million", "1 million à 2 millions"),
        ("{range:2000000000..3000000000 USD|compact}", "$2–3 billion", "2 à 3 milliards de dollars"),
    ],
)
def test_ranges_format_per_locale(token: str, english: str, french: str) -> None:
    assert nb(format_tokens(token, EN)) == english
    assert nb(format_tokens(token, FR)) == french


def test_range_in_spanish_uses_its_own_pattern() -> None:
    assert nb(format_tokens("{range:15000..20000}", Locale.parse("es"))) == "15.000-20.000"


@pytest.mark.parametrize(
    ("token", "english", "french", "spanish"),
    [
        ("{ordinal:1}", "1st", "1\u1d49\u02b3", "1.º"),
        ("{ordinal:2}", "2nd", "2\u1d49", "2.º"),
        ("{ordinal:3}", "3rd", "3\u1d49", "3.º"),
        ("{ordinal:11}", "11th", "11\u1d49", "11.º"),
        ("{ordinal:22}", "22nd", "22\u1d49", "22.º"),
        ("{ordinal:1|feminine}", "1st", "1\u02b3\u1d49", "1.ª"),
    ],
)
def test_ordinals_per_locale(token: str, english: str, french: str, spanish: str) -> None:
    assert format_tokens(token, EN) == english
    assert format_tokens(token, FR) == french
    assert nb(format_tokens(token, Locale.parse("es"))) == nb(spanish)


def test_ordinal_in_a_language_without_suffixes_takes_a_period() -> None:
    assert format_tokens("{ordinal:3}", Locale.parse("de")) == "3."


def test_money_without_a_currency_prints_the_amount_alone() -> None:
    assert format_tokens("{money:1500}", EN) == "1,500"
    assert nb(format_tokens("{money:1500.5}", FR)) == "1 500,50"
    assert nb(format_tokens("{money:12000000000|compact}", FR)) == "12 milliards"


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("{range:20}", "expected two values, as '15000..20000'"),
        ("{range:20..15}", "the first value is larger"),
        ("{range:a..b}", "is not a valid range"),
        ("{range:1..Infinity}", "is not a valid range"),
        ("{range:NaN..2}", "is not a valid range"),
        ("{ordinal:3.5}", "is not a valid ordinal"),
        ("{ordinal:0}", "is not a valid ordinal"),
        ("{money:1500 euros}", "a currency code"),
    ],
)
def test_bad_range_and_ordinal_tokens_are_errors(text: str, error: str) -> None:
    with pytest.raises(TokenError, match=error):
        check_tokens(text)


@pytest.mark.parametrize(("token", "spanish"), [
    ("{number:1500}", "1500"),
    ("{number:15000}", "15.000"),
    ("{number:-2500}", "-2500"),
    ("{money:1500 EUR}", "1500\u00a0€"),
    ("{money:15000 EUR}", "15.000\u00a0€"),
    ("{money:1500}", "1500"),
    ("{range:1500..3000}", "1500-3000"),
    ("{range:1500..15000}", "1500-15.000"),
])
def test_spanish_groups_thousands_only_from_five_digits(token: str, spanish: str) -> None:
    """CLDR's minimum grouping digits: Spanish writes 1500 but 15.000 (Babel groups both)."""
    assert nb(format_tokens(token, Locale.parse("es"))) == nb(spanish)
