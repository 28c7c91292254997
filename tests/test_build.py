"""Integration: the fixture kit compiles with real LuaLaTeX and reads back with pdftotext."""

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ROOTS, pdf_text

from kitbuilder.build import build_locale, read_content
from kitbuilder.errors import CatalogError, LatexError

pytestmark = pytest.mark.latex

LITERAL = r"100% of $5 & #1 a_b ^^5c \input{/etc/passwd} ~ -- << >>"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Build the basic kit once in both languages; the texts of both PDFs."""


    kit_dir = tmp_path_factory.mktemp("built") / "basic"
    shutil.copytree(ROOTS / "basic", kit_dir, ignore=shutil.ignore_patterns("build"))
    kit = read_content(kit_dir)
    texts = {}
    for locale in ("en", "fr"):
        report = build_locale(kit_dir, kit, locale, kit_dir / "build", source_date_epoch=0)
        assert report.warnings == []
        assert report.fallbacks == {}
        texts[locale] = pdf_text(kit_dir / "build" / locale / "kit.pdf")
        for suffix in ("tex", "log"):
            assert (kit_dir / "build" / locale / f"kit.{suffix}").is_file()
    return texts


def test_french_pdf_holds_french_text_dates_and_numbers(built: dict[str, str]) -> None:
    fr = built["fr"]
    assert "mercredi 14 mars 2018, de 18:00 à 20:00" in fr
    assert "Plus de 18 119 signalements" in fr
    assert "une amende de 1 500 €" in fr
    assert "97 %" in fr
    assert "2 millions" in fr
    assert "Intervenants" in fr
    assert "Modérateur".upper() in fr
    # French-sourced text is printed as written.
    assert "Loi n° 2016-444 du 13 avril 2016" in fr


def test_english_pdf_holds_english_and_translated_french_source(built: dict[str, str]) -> None:
    en = built["en"]
    assert "Wednesday, March 14, 2018" in en
    assert "More than 18,119 reports; a fine of €1,500." in en
    assert "97%" in en
    assert "Act No. 2016-444 of 13 April 2016" in en
    assert "Creates an obligation for internet service providers." in en


def test_latex_specials_print_literally(built: dict[str, str]) -> None:
    assert LITERAL in built["en"]
    assert LITERAL in built["fr"]
    assert "Testing 50% & more: $ # _ ^ ~ \\ { }" in built["en"]


def test_measures_link_to_articles(built: dict[str, str]) -> None:
    assert "Articles 1, 2" in built["en"]


def test_french_build_without_french_catalog_is_an_error(make_kit: Callable[[str], Path]) -> None:
    kit_dir = make_kit("basic")
    (kit_dir / "locales/fr/LC_MESSAGES/speakers.po").unlink()
    with pytest.raises(CatalogError, match=r"locales/fr/LC_MESSAGES/speakers.po: missing catalog for 'fr'"):
        build_locale(kit_dir, read_content(kit_dir), "fr", kit_dir / "build")


def test_strict_build_fails_on_fuzzy_and_normal_build_marks_draft(make_kit: Callable[[str], Path]) -> None:
    kit_dir = make_kit("basic")
    po = kit_dir / "locales/fr/LC_MESSAGES/speakers.po"
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace('msgid "He has won', '#, fuzzy\nmsgid "He has won'), encoding="utf-8")
    kit = read_content(kit_dir)
    with pytest.raises(CatalogError, match=r"--strict: 1 fuzzy message\(s\) in 'fr'"):
        build_locale(kit_dir, kit, "fr", kit_dir / "build", strict=True)
    report = build_locale(kit_dir, kit, "fr", kit_dir / "build")
    assert report.fallbacks == {"fuzzy": 1}
    text = pdf_text(kit_dir / "build/fr/kit.pdf")
    assert "He has won numerous awards." in text
    assert "BROUILLON • traduit : 95,8 %" in text


def test_failed_build_keeps_the_previous_pdf(make_kit: Callable[[str], Path]) -> None:
    kit_dir = make_kit("basic")
    kit = read_content(kit_dir)
    build_locale(kit_dir, kit, "en", kit_dir / "build")
    pdf = kit_dir / "build/en/kit.pdf"
    before = pdf.read_bytes()
    templates = kit_dir / "templates/latex"
    templates.mkdir(parents=True)
    (templates / "cover.tex").write_text("\\undefinedcommand\n", encoding="utf-8")
    with pytest.raises(LatexError, match="Undefined control sequence"):
        build_locale(kit_dir, kit, "en", kit_dir / "build")
    assert pdf.read_bytes() == before
