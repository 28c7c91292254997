import io

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from kitbuilder.review import CatalogStats, catalog_stats, check_catalog, completion_percent, locale_totals

PO = '''msgid ""
msgstr ""
"Language: fr\\n"

msgid "Speakers"
msgstr "Intervenants"

#, fuzzy
msgid "Bio"
msgstr "Biographie"

msgid "Role"
msgstr ""

msgid "See www.example.org ({number:5} times)"
msgstr "Voir le site ({number:6} fois"
'''


def catalog() -> Catalog:
    return read_po(io.BytesIO(PO.encode()))


def test_stats_count_translated_fuzzy_untranslated() -> None:
    stats = catalog_stats(catalog(), "speakers.po", "fr")
    assert (stats.translated, stats.fuzzy, stats.untranslated) == (2, 1, 1)
    assert stats.percent == 50.0


def test_check_names_file_line_and_every_problem() -> None:
    findings = [str(f) for f in check_catalog(catalog(), "speakers.po")]
    assert findings == [
        "speakers.po:15: does not keep the source's values {number:5} (msgid 'See www.example.org ({number:5} "
        "times)')",
        "speakers.po:15: drops or alters the web address www.example.org (msgid 'See www.example.org "
        "({number:5} times)')",
        "speakers.po:15: unbalanced () (msgid 'See www.example.org ({number:5} times)')",
    ]


def test_a_locale_total_counts_messages_not_catalogs() -> None:
    rows = [CatalogStats("a.po", "fr", translated=9, untranslated=1), CatalogStats("b.po", "fr", fuzzy=0),
            CatalogStats("c.po", "de", translated=1, fuzzy=1, untranslated=2)]
    assert locale_totals(rows) == {"fr": 90.0, "de": 25.0}
    assert completion_percent(0, 0) == 100.0  # nothing to translate is complete


def identifier(text: str) -> list[str]:
    from kitbuilder.review import identifier_numbers
    from kitbuilder.schema import Message

    return [str(f) for f in identifier_numbers([Message(text, "content/law.yaml", 7)])]


def test_a_number_token_used_as_an_identifier_is_warned() -> None:
    assert identifier("Bill no. {number:1437} was tabled.") == [
        "content/law.yaml:7: warning: '{number:1437}' after 'no.' looks like an identifier: write it as text "
        "('no. 1437'), since a number token groups its digits"]
    assert identifier("Resolution {number:2331} and n° {number:2016}")[1].startswith(
        "content/law.yaml:7: warning: '{number:2016}' after 'n°'")


def test_a_quantity_is_no_identifier() -> None:
    assert identifier("No. of reports: {number:1437}. More than {number:18119} reports.") == []
    assert identifier("Bill no. 1437, {percent:12} of cases") == []
