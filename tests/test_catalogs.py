import io
import re

import pytest

from kitbuilder.catalogs import Translator, needs_translation, read_catalog, translation_problems
from kitbuilder.errors import CatalogError
from kitbuilder.schema import Message

HEADER = 'msgid ""\nmsgstr ""\n"Language: {lang}\\n"\n"Content-Type: text/plain; charset={charset}\\n"\n\n'


def po(body: str, lang: str = "fr", charset: str = "UTF-8") -> io.BytesIO:
    return io.BytesIO((HEADER.format(lang=lang, charset=charset) + body).encode("utf-8"))


def translator(body: str) -> Translator:
    return Translator("fr", {"speakers": read_catalog(po(body), "speakers.po", "fr")}, {"speakers": "speakers.po"})


def msg(text: str, language: str = "en") -> Message:
    return Message(text, "content/speakers.yaml", 3, source_language=language)


def test_translates_and_records_fallbacks() -> None:
    t = translator('msgid "Speakers"\nmsgstr "Intervenants"\n\n#, fuzzy\nmsgid "Bio"\nmsgstr "Biographie"\n\n'
                   'msgid "Role"\nmsgstr ""\n')
    assert t.translate(msg("Speakers"), "speakers") == "Intervenants"
    assert t.translate(msg("Bio"), "speakers") == "Bio"
    assert t.translate(msg("Role"), "speakers") == "Role"
    assert t.translate(msg("Absent"), "speakers") == "Absent"
    assert [f.reason for f in t.fallbacks] == ["fuzzy", "untranslated", "untranslated"]
    assert t.fallbacks[0].line == 10


def test_text_in_the_target_language_needs_no_catalog() -> None:
    t = Translator("fr", {})
    assert t.translate(msg("Loi n° 2016-444", "fr"), "law") == "Loi n° 2016-444"


def test_missing_catalog_is_an_error_not_english() -> None:
    with pytest.raises(CatalogError, match=re.escape("no catalog for domain 'speakers'")):
        Translator("fr", {}).translate(msg("Speakers"), "speakers")


def test_a_translation_that_loses_a_value_falls_back_with_its_line() -> None:
    t = translator('msgid "{number:18119} reports"\nmsgstr "{number:18118} signalements"\n')
    assert t.translate(msg("{number:18119} reports"), "speakers") == "{number:18119} reports"
    (fallback,) = t.fallbacks
    assert fallback.line == 6
    assert "does not keep the source's values {number:18119}" in fallback.reason


@pytest.mark.parametrize(
    ("source", "translation", "problem"),
    [
        ("See www.example.org.", "Voir le site.", "drops or alters the web address www.example.org"),
        ("Write to a@b.org", "Écrire à a@b.com", "drops or alters the e-mail address a@b.org"),
        ("Section 230 of 1996", "Section 231 de 1996", "drops or alters the number 230"),
        ("(CDA)", "(CDA", "unbalanced ()"),
        ("One paragraph", "Un\nparagraphe", "has a line break"),
    ],
)
def test_translation_problems(source: str, translation: str, problem: str) -> None:
    assert any(problem in p for p in translation_problems(source, translation))


def test_a_good_translation_has_no_problem() -> None:
    assert translation_problems("“{percent:97}” of www.x.org (1949)", "« {percent:97} » de www.x.org (1949)") == ()


def test_catalog_for_another_language_is_refused() -> None:
    with pytest.raises(CatalogError, match=r"speakers.po:1: the header declares Language: de, but the catalog "
                                           r"is for 'fr'"):
        read_catalog(po("", lang="de"), "speakers.po", "fr")


def test_catalog_in_another_charset_is_refused() -> None:
    with pytest.raises(CatalogError, match=re.escape("speakers.po:4: the header declares charset ISO-8859-1")):
        read_catalog(po("", charset="ISO-8859-1"), "speakers.po", "fr")


def test_syntax_error_names_the_line() -> None:
    with pytest.raises(CatalogError, match=r"speakers.po:8: syntax error"):
        read_catalog(po('msgid "a"\nmsgstr "b"\nmsgstr "c"\n'), "speakers.po", "fr")


@pytest.mark.parametrize("text", ["{percent:12}", "{date:2014-03-20|full}", "+{number:3000000000|compact}",
                                  "{number:18119}+", "{number:5} {percent:3}"])
def test_a_message_made_only_of_typed_values_is_no_translation_task(text: str) -> None:
    t = translator('msgid "Speakers"\nmsgstr "Intervenants"\n')
    assert not needs_translation(msg(text))
    assert t.translate(msg(text), "speakers") == text
    assert t.fallbacks == []


@pytest.mark.parametrize("text", ["{time:18:00} – {time:20:00}", "{number:3} speakers", "No. {number:7}"])
def test_words_or_a_range_between_values_are_translated(text: str) -> None:
    assert needs_translation(msg(text))
