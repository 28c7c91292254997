import io

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from kitbuilder.review import catalog_stats, check_catalog

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
