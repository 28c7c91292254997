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
