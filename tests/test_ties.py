"""The tie table: what may not break, per language, as the templates' fix and the proof check see it."""

from __future__ import annotations

import pytest

from kitbuilder.ties import NO_BREAK_HYPHEN, bond, cut_number, tie

NB = "\u00a0"


@pytest.mark.parametrize(("text", "language", "expected"), [
    ("Grâce à 12 milliards de dollars", "fr", f"Grâce à 12{NB}milliards de dollars"),
    ("en 10 ans, 24 heures sur 24", "fr", f"en 10{NB}ans, 24{NB}heures sur 24"),
    ("over the previous 12 months", "en", f"over the previous 12{NB}months"),
    ("on March 14, 2018 in New York", "en", f"on March{NB}14,{NB}2018 in New{NB}York"),
    ("le 14 mars 2018 à New York", "fr", f"le 14{NB}mars{NB}2018 à New{NB}York"),
    ("since 21 June 2004", "en", f"since 21{NB}June{NB}2004"),
    ("l'art. L. 8112-2 du code", "fr", f"l'art.{NB}L.{NB}8112{NO_BREAK_HYPHEN}2 du code"),
    ("la loi n° 2016-444", "fr", f"la loi n°{NB}2016{NO_BREAK_HYPHEN}444"),
    # nᵒ written with a modifier letter, as French typography sets it (fr p. 17, "no / 2004-575").
    ("Loi n\u1d52 2004-575 du", "fr", f"Loi n\u1d52{NB}2004{NO_BREAK_HYPHEN}575 du"),
    ("Act No. 2016-444 of", "en", f"Act{NB}No.{NB}2016{NO_BREAK_HYPHEN}444 of"),
    # A range's dash never starts a line: "6:00 PM / – 8:00 PM" (en+fr p. 4, second proof).
    ("from 6:00\u202fPM – 8:00\u202fPM", "en", f"from 6:00\u202fPM{NB}– 8:00\u202fPM"),
    ("de 18 h – 20 h", "fr", f"de 18{NB}h{NB}– 20{NB}h"),
    ("pages 12 – 14", "en", f"pages 12{NB}– 14"),
    # A name held together (third proof): "Fortune / 500", "Section 230", "New / York",
    # "Mr. / Herbert", "Cyrus R. / Vance".
    ("2018, New York (NY)", "fr", f"2018, New{NB}York (NY)"),
    ("as Mr. Herbert said", "en", f"as Mr.{NB}Herbert said"),
    ("Cyrus R. Vance, Jr.", "en", f"Cyrus R.{NB}Vance, Jr."),
    ("the Fortune 500 companies", "en", f"the Fortune{NB}500{NB}companies"),
    ("under Section 230 of the CDA", "en", f"under Section{NB}230 of the CDA"),
    # A hyphen between two capitals joins a name: "Per- / Anders", "WCBS- / TV", "États- / Unis".
    ("Per-Anders Sunesson", "en", f"Per{NO_BREAK_HYPHEN}Anders Sunesson"),
    ("sur WCBS-TV et aux États-Unis.", "fr", f"sur WCBS{NO_BREAK_HYPHEN}TV et aux États{NO_BREAK_HYPHEN}Unis."),
    ("(«Anti-Corruption»)", "en", f"(«Anti{NO_BREAK_HYPHEN}Corruption»)"),
    ("the pro-US-UK line", "en", f"the pro-US{NO_BREAK_HYPHEN}UK line"),
    # French keeps a number with the noun it counts, not only with its unit (fifth proof,
    # fr: "23 / ONG").
    ("dont 23 ONG et 4 associations.", "fr", f"dont 23{NB}ONG et 4{NB}associations."),
    # An enumerator in the running text stays with what it numbers (sixth proof: "and (6) /
    # that States", "infraction, (2) / qu'il").
    ("and (6) that States Parties and (b) the", "en", f"and (6){NB}that States Parties and (b){NB}the"),
    ("infraction, (2) qu'il", "fr", f"infraction, (2){NB}qu'il"),
    # An ordinal and a year hold on to the noun after them, a capitalised one too; a section
    # number to its "Section" at a sentence's start (seventh proof: "8th / Avenue", "41e /
    # Rue", "the United Nations 1949 / Convention", "themselves. Section / 108").
    ("41st Street and 8th Avenue", "en", f"41st{NB}Street and 8th{NB}Avenue"),
    ("à l'angle de la 41e Rue et de la 8e Avenue", "fr", f"à l'angle de la 41e{NB}Rue et de la 8e{NB}Avenue"),
    ("the United Nations 1949 Convention", "en", f"the United Nations 1949{NB}Convention"),
    ("themselves. Section 108 provides", "en", f"themselves. Section{NB}108{NB}provides"),
    # English too (sixth proof: "across 12 / cities", "over 500 / different flows").
    ("across 12 cities with 424 positive results", "en", f"across 12{NB}cities with 424{NB}positive results"),
])
def test_tie_joins_what_must_not_break(text: str, language: str, expected: str) -> None:
    assert tie(text, language) == expected


@pytest.mark.parametrize(("text", "language"), [
    ("Twelve people came in May and stayed", "en"),
    ("see https://example.org/2016-444 now", "en"),
    ("from 2009 to 2012 and 3 of them", "en"),
    ("in 2018 the law", "en"),
    ("no one", "en"),
    ("the victims – physical, verbal", "en"),
    ("In 2018 the law", "en"),
    ("It grew. In 2018 the law", "en"),
    ("a well-known Ambassador-at-Large", "en"),
    ("is in the US. The report", "en"),
    ("the UN Women office", "en"),
    ("le titre 12 du code et 3 à 5 en 2018 les", "fr"),
    # A title in title case is not a run of names (fourth proof, en p. 3: its first line
    # could not break and was set very loose).
    ("“Combating Online Sex Trafficking: Confronting Challenges”", "en"),
])
def test_tie_leaves_ordinary_spaces_and_links_alone(text: str, language: str) -> None:
    assert tie(text, language) == text


def test_bond_names_the_rule_a_break_would_break() -> None:
    assert bond(["previous", "12"], "months", "en") == "number-unit"
    assert bond(["Grâce", "12"], "milliards", "fr") == "number-unit"
    assert bond(["on", "March"], "14,", "en") == "date"
    assert bond(["March", "14,"], "2018", "en") == "date"
    assert bond(["14", "mars"], "2018", "fr") == "date"
    assert bond(["art.", "L."], "8112-2", "fr") == "legal-reference"
    assert bond(["loi", "n°"], "1437", "fr") == "legal-reference"
    assert bond(["the", "law"], "of", "en") is None
    assert bond(["in", "2018"], "the", "en") is None
    assert bond(["the", "Fortune"], "500", "en") == "name"
    assert bond(["and", "(6)"], "that", "en") == "enumerator"
    assert bond(["Cyrus", "R."], "Vance,", "en") == "name"
    assert bond(["grew.", "In"], "2018", "en") is None
    # A heading set in capitals (\MakeUppercase) is no name: "LA LOI FRANÇAISE DE / 2016".
    assert bond(["FRANÇAISE", "DE"], "2016,", "fr") is None
    assert cut_number("8112-", "2")
    assert not cut_number("well-", "known")


def test_a_language_without_a_table_still_keeps_its_dates() -> None:
    assert tie("el 14 marzo 2018", "es") == f"el 14{NB}marzo{NB}2018"
    assert tie("text 12 units", "qps") == "text 12 units"


def test_a_sentence_written_without_spaces_keeps_its_hyphens_as_places_to_break() -> None:
    sentence = "第222-3、222-8、222-10、222-12、222-13条的规定"
    assert tie(sentence, "zh") == sentence
