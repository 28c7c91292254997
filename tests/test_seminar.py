"""Integration: the second kit, a one-day seminar written from scratch by following the README,
builds with --strict in English, French and the bilingual edition (real LuaLaTeX)."""

import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import ROOTS, pdf_text

from kitbuilder.build import build_kit
from kitbuilder.edition import Edition
from kitbuilder.report import LocaleReport
from kitbuilder.review import check_catalog
from kitbuilder.stamps import BuildOptions
from kitbuilder.workflow import catalogs_of

pytestmark = pytest.mark.latex

EDITIONS = [Edition.parse(e) for e in ("en", "fr", "en+fr")]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    kit_dir = tmp_path_factory.mktemp("seminar") / "seminar"
    shutil.copytree(ROOTS / "seminar", kit_dir, ignore=shutil.ignore_patterns("build"))
    reports = build_kit(kit_dir, EDITIONS, kit_dir / "build", BuildOptions(strict=True, source_date_epoch=0))
    for report in reports:
        assert isinstance(report, LocaleReport), report
        assert report.warnings == [], report.locale
        assert report.fallbacks == {}, report.locale
    return kit_dir


def test_every_translation_keeps_its_values(built: Path) -> None:
    assert [f for _, path, catalog in catalogs_of(built) for f in check_catalog(catalog, path)] == []


def test_the_english_kit(built: Path) -> None:
    en = pdf_text(built / "build/en/kit.pdf")
    for text in ["UNDER THE AEGIS OF Coastal Universities Network",
                 "WITH THE SUPPORT OF Harbour City Legal Clinic Open Data Workshop",
                 "Thursday, November 21, 2019, online", "The 3rd seminar of the Northern Alliance",
                 "From 9:30 AM to 5:00 PM", "Olga Petrenko Labour inspector, seasonal work sector",
                 "15–20%", "2.5 million", "$150 billion", "40.3 million",
                 "Figure as published: 42,000.",
                 "Adopted: May 3, 2005 • Signed: May 16, 2005 • In force: February 1, 2008",
                 "Tabled: March 29, 2010 • Adopted: April 5, 2011 • In force: April 15, 2011",
                 "https://caselaw.example.org", "Wednesday, March 18, 2020, 9:30 AM, online."]:
        assert text in en, text


def test_the_french_kit(built: Path) -> None:
    fr = pdf_text(built / "build/fr/kit.pdf")
    for text in ["SOUS L’ÉGIDE DU Réseau des universités du littoral",
                 "jeudi 21 novembre 2019, en ligne", "Le 3e séminaire de l’Alliance du Nord",
                 "De 9 h 30 à 17 h", "15 à 20 %", "2,5 millions", "40,3 millions",
                 "Chiffre publié : 42 000.",
                 "Adoption : 3 mai 2005 • Signature : 16 mai 2005 • Entrée en vigueur : 1er février 2008",
                 "Dépôt : 29 mars 2010 • Adoption : 5 avril 2011 • Entrée en vigueur : 15 avril 2011",
                 "mercredi 18 mars 2020, 9 h 30, en ligne."]:
        assert text in fr, text


def test_the_french_pdf_title_follows_french_typography(built: Path) -> None:
    info = subprocess.run(["pdfinfo", str(built / "build/fr/kit.pdf")], capture_output=True, text=True,
                          check=True).stdout
    assert "Title:           Des preuves contre l’exploitation\u00a0: données, droit et outils en ligne\n" in info


def test_the_bilingual_edition_holds_both_languages(built: Path) -> None:
    both = pdf_text(built / "build/en+fr/kit.pdf")
    for text in ["Evidence Against Exploitation", "Des preuves contre l’exploitation",
                 "Upcoming meetings", "Prochaines rencontres", "Dépôt : 29 mars 2010", "Tabled: March 29, 2010"]:
        assert text in both, text
