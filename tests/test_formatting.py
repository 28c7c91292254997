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
        ("{money:1500}", "expected an amount and a currency code"),
        ("{number:5|bold}", "unknown option 'bold'"),
    ],
)
def test_bad_tokens_are_errors(text: str, error: str) -> None:
    with pytest.raises(TokenError, match=error):
        check_tokens(text)
