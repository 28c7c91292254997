import gettext
import io
import re
import subprocess
from pathlib import Path

import pytest

from kitbuilder.catalogs import (
    FallbackReason,
    Translator,
    needs_translation,
    pseudo_east_asian,
    pseudo_mirrored,
    pseudo_translate,
    read_catalog,
    translation_problems,
)
from kitbuilder.errors import CatalogError
from kitbuilder.schema import MAX_MESSAGE_LENGTH, Message

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
    assert [f.reason for f in t.fallbacks] == [FallbackReason.FUZZY, FallbackReason.UNTRANSLATED,
                                               FallbackReason.UNTRANSLATED]
    assert t.counts() == {"fuzzy": 1, "untranslated": 2}
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
    assert fallback.reason is FallbackReason.INVALID
    assert fallback.describe().startswith("invalid translation: does not keep the source's values {number:18119}")


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


# --- Reading catalogs as GNU gettext does (issue 17, items 1-5) ---------------------------


def string_of(body: str, msgid: str, context: str | None = None) -> str:
    """The translation of ``msgid`` in the catalog ``body``, as read_catalog reads it."""
    entry = read_catalog(po(body), "speakers.po", "fr").get(msgid, context=context)
    assert entry is not None
    return str(entry.string)


def gettext_reads(body: str, tmp_path: Path) -> dict[str, str] | None:
    """What GNU msgfmt makes of a catalog: its messages read back from the compiled .mo file,
    or None when msgfmt --check rejects it."""
    source, compiled = tmp_path / "t.po", tmp_path / "t.mo"
    source.write_bytes(po(body).getvalue())
    if subprocess.run(["msgfmt", "--check", "-o", str(compiled), str(source)], capture_output=True).returncode:
        return None
    with compiled.open("rb") as f:
        translations = gettext.GNUTranslations(f)
    return {k: v for k, v in translations._catalog.items() if k}  # type: ignore[attr-defined]


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\u0085", "\x0b", "\x0c", "\x1c"])
def test_a_msgstr_with_a_line_or_page_separator_is_read_and_falls_back(separator: str, tmp_path: Path) -> None:
    body = f'msgid "Speakers"\nmsgstr "Inter{separator}venants"\n\nmsgid "Bio"\nmsgstr "Biographie"\n'
    assert gettext_reads(body, tmp_path) == {"Speakers": f"Inter{separator}venants", "Bio": "Biographie"}
    t = translator(body)
    assert t.translate(msg("Speakers"), "speakers") == "Speakers"
    assert t.translate(msg("Bio"), "speakers") == "Biographie"
    (fallback,) = t.fallbacks
    assert (fallback.catalog, fallback.line) == ("speakers.po", 6)
    assert "line break" in fallback.describe()


def test_a_duplicate_msgid_is_refused_with_both_lines(tmp_path: Path) -> None:
    body = 'msgid "Bio"\nmsgstr "Biographie"\n\nmsgid "Role"\nmsgstr "Rôle"\n\nmsgid "Bio"\nmsgstr "Bio"\n'
    assert gettext_reads(body, tmp_path) is None
    with pytest.raises(CatalogError, match=r"^speakers.po:12: duplicate message 'Bio' \(first at line 6\)"):
        read_catalog(po(body), "speakers.po", "fr")
    # The same text in another context is another message.
    other = 'msgid "Bio"\nmsgstr "Biographie"\n\nmsgctxt "short"\nmsgid "Bio"\nmsgstr "Bio"\n'
    assert string_of(other, "Bio", context="short") == "Bio"


def test_a_plural_entry_is_refused_with_its_line() -> None:
    body = 'msgid "One"\nmsgid_plural "Two"\nmsgstr[0] "Un"\nmsgstr[1] "Deux"\n'
    with pytest.raises(CatalogError, match=r"^speakers.po:7: .*msgid_plural.*no plural"):
        read_catalog(po(body), "speakers.po", "fr")


@pytest.mark.parametrize("keyword", ["msgid", "msgstr"])
def test_a_message_longer_than_the_limit_is_refused_where_it_is_read(keyword: str) -> None:
    long = "a" * (MAX_MESSAGE_LENGTH + 1)
    texts = {"msgid": long, "msgstr": "b"} if keyword == "msgid" else {"msgid": "b", "msgstr": long}
    body = 'msgid "x"\nmsgstr "y"\n\nmsgid ""\n"' + texts["msgid"] + '"\nmsgstr ""\n"' + texts["msgstr"] + '"\n'
    line = 10 if keyword == "msgid" else 12
    with pytest.raises(CatalogError, match=rf"^speakers.po:{line}: .*{MAX_MESSAGE_LENGTH + 1:,} characters.*"
                                           rf"{MAX_MESSAGE_LENGTH:,}"):
        read_catalog(po(body), "speakers.po", "fr")
    ok = 'msgid "b"\nmsgstr "' + "a" * MAX_MESSAGE_LENGTH + '"\n'
    assert len(string_of(ok, "b")) == MAX_MESSAGE_LENGTH


@pytest.mark.parametrize(
    ("written", "meaning"),
    [
        (r"a\134b", "a\\b"),
        (r"a\x5c/b", "a\\/b"),
        (r"\x5C\x22", "\\\""),
        (r"caf\303\251", "café"),
        (r"caf\xc3\xa9", "café"),
        (r"\101\102C", "ABC"),
        (r"tab\there", "tab\there"),
        (r"bell\a", "bell\a"),
        (r"\"quoted\" \\ back", "\"quoted\" \\ back"),
    ],
)
def test_escapes_mean_what_they_mean_to_gettext(written: str, meaning: str, tmp_path: Path) -> None:
    body = f'msgid "src"\nmsgstr "{written}"\n'
    assert gettext_reads(body, tmp_path) == {"src": meaning}
    assert string_of(body, "src") == meaning


@pytest.mark.parametrize("written", [r"\?", r"\q", r"\x", r"\'", r"\u00e9"])
def test_escapes_gettext_rejects_are_syntax_errors(written: str, tmp_path: Path) -> None:
    body = f'msgid "src"\nmsgstr "{written}"\n'
    assert gettext_reads(body, tmp_path) is None
    with pytest.raises(CatalogError, match=r"^speakers.po:7: syntax error: .*escape"):
        read_catalog(po(body), "speakers.po", "fr")


def test_an_escaped_nul_is_kept_and_the_translation_falls_back() -> None:
    t = translator('msgid "Speakers"\nmsgstr "Inter\\000venants"\n')
    assert t.catalogs["speakers"]["Speakers"].string == "Inter\x00venants"
    assert t.translate(msg("Speakers"), "speakers") == "Speakers"
    (fallback,) = t.fallbacks
    assert fallback.line == 6
    assert "control character U+0000" in fallback.describe()


@pytest.mark.parametrize("written", [r"caf\351", r"a\x5cb"])  # gettext reads every hex digit: \x5cb is one byte
def test_escapes_that_make_invalid_utf8_are_refused(written: str) -> None:
    with pytest.raises(CatalogError, match=r"^speakers.po:7: .*not valid UTF-8"):
        read_catalog(po(f'msgid "src"\nmsgstr "{written}"\n'), "speakers.po", "fr")


def test_obsolete_entries_decode_escapes_too() -> None:
    """update writes obsolete entries back: their escapes must keep their meaning as well."""
    catalog = read_catalog(po('msgid "a"\nmsgstr "b"\n\n#~ msgid "old\\x5c/"\n#~ msgstr "ancien \\134 \\"x\\""\n'),
                           "speakers.po", "fr")
    (obsolete,) = catalog.obsolete.values()
    assert (obsolete.id, obsolete.string) == ("old\\/", 'ancien \\ "x"')


def test_pseudo_locale_keeps_placeholders_tokens_and_addresses() -> None:
    # A template label's placeholder is filled in after translation: accenting it breaks it.
    assert pseudo_translate("#%(number)s") == "[#%(number)s ·····]"
    assert pseudo_translate("More than {number:18119} at www.example.org") == (
        "[Möŕé ţĥåñ {number:18119} åţ www.example.org ····· ····· ·····]")


def test_mirrored_pseudo_locale_is_arabic_letters_around_what_stays_as_typed() -> None:
    text = pseudo_mirrored("Café, {number:18119} at www.example.org?")
    assert text.startswith("[كافي، {number:18119} ات www.example.org؟ ")
    assert not re.search(r"[A-Za-zé]", text.replace("www.example.org", "").replace("{number:18119}", ""))
    assert pseudo_mirrored("#%(number)s").startswith("[#%(number)s ")


def test_east_asian_pseudo_locale_is_ideographs_with_no_spaces_between_words() -> None:
    text = pseudo_east_asian("The organiser’s checklist: {date:2018-03-14} (see www.example.org).")
    assert text.startswith("【") and text.endswith("】")
    body = text[1:-1].replace("{date:2018-03-14}", "").replace("www.example.org", "")
    assert not re.search(r"[A-Za-z,.:()]", body)  # full-width punctuation, ideographs only
    assert "：" in body and "（" in body and "）" in body
    # One ideograph for every two letters of each word (The, organiser, s, checklist), no spaces.
    assert body.split(" ")[0] == body.split(" ")[0].rstrip("：") + "："
    assert len(body.split(" ")[0].rstrip("：")) == 2 + 5 + 1 + 5
