from babel import Locale

from kitbuilder.catalogs import Translator
from kitbuilder.content import load_content
from kitbuilder.localize import localize, normalise_typography, spell_out_typography

KIT = """\
title: Kit
subtitle: Sub
kind: Participant kit
date: 2018-03-14
city: Paris
parts: [facts]
"""

FACTS = """\
id: facts
title: Facts
blocks:
  - kind: statistics
    items:
      - id: women
        figure: "{percent:97}"
        label: are women
        source: UNODC
"""


def test_typed_spaces_before_french_high_punctuation_are_removed() -> None:
    assert normalise_typography("Note : oui ; « cité » ! Vraiment ?", "fr") == "Note: oui; «cité»! Vraiment?"
    assert normalise_typography("Note\u00a0: «\u202fcité\u00a0»", "fr") == "Note: «cité»"
    assert normalise_typography("Note : yes", "en") == "Note : yes"


def test_french_ordinals_are_raised() -> None:
    assert normalise_typography("la 62e session, le 1er mars, la 1re fois, 2de", "fr") == (
        "la 62ᵉ session, le 1ᵉʳ mars, la 1ʳᵉ fois, 2ᵈᵉ")
    # Not ordinals: a unit, an exponent, a decimal, an English ordinal outside French.
    assert normalise_typography("4G, 1e6, 3,5e, 2.5e", "fr") == "4G, 1e6, 3,5e, 2.5e"
    assert normalise_typography("the 62nd session", "en") == "the 62nd session"


def test_french_numero_is_n_with_superior_o() -> None:
    # « n° » typed with a degree sign is set as French prints it, n with a superior o.
    assert normalise_typography("Loi n° 2016-444, N° 5, no 3", "fr") == "Loi nᵒ 2016-444, Nᵒ 5, no 3"
    # Not a numero: degrees, a word ending in n, English.
    assert normalise_typography("20 °C, 90°, un° 3", "fr") == "20 °C, 90°, un° 3"
    assert normalise_typography("n° 5", "en") == "n° 5"


def test_view_holds_translated_formatted_text_and_where_it_came_from() -> None:
    kit = load_content({"content/kit.yaml": KIT, "content/facts.yaml": FACTS})
    view = localize(kit, Translator("en", {}), Locale.parse("en"))
    stat = view.parts[0].blocks[0].items[0]
    assert stat.figure == "97%"
    assert stat.source == "UNODC"
    assert stat.origin == "content/facts.yaml:6"
    assert view.config.date.isoformat() == "2018-03-14"


def test_french_typography_leaves_addresses_and_identifiers_alone() -> None:
    """Issue 17, item 9: an ordinal rule must not rewrite a link or a reference."""
    for kept in ["https://example.org/2e-rapport", "https://example.org/rapports/1er", "www.example.org/3es?x=2e",
                 "2e.rapport@example.org", "doc_2e", "CRC/C/2e", "ISO-2e",
                 "https://example.org/«2e»"]:
        assert kept in normalise_typography(f"Voir {kept} pour le 2e rapport !", "fr"), kept
        assert normalise_typography(f"Voir {kept} pour le 2e rapport !", "fr").endswith("le 2ᵉ rapport!")
    assert normalise_typography("Voir https://example.org/2e-rapport : le 1er.", "fr") == \
        "Voir https://example.org/2e-rapport: le 1ᵉʳ."


def test_chinese_spaces_latin_runs_from_ideographs_but_not_digits() -> None:
    assert normalise_typography("由Jordan Placeholder主持，见www.example.org。", "zh") == (
        "由\u2009Jordan Placeholder\u2009主持，见\u2009www.example.org。")
    assert normalise_typography("2018年3月14日，共18,119人", "zh") == "2018年3月14日，共18,119人"
    assert normalise_typography("由 Jordan 主持", "zh") == "由 Jordan 主持"  # typed spaces are not doubled


def test_metadata_spells_out_the_spaces_french_typography_sets_in_print() -> None:
    assert spell_out_typography("Des preuves : données, droit ; vraiment ? « oui » ! 10:30 https://x.org", "fr") == \
        "Des preuves\u00a0: données, droit\u202f; vraiment\u202f? «\u00a0oui\u00a0»\u202f! 10:30 https://x.org"
    assert spell_out_typography("Evidence: data", "en") == "Evidence: data"
