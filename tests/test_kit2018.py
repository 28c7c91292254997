"""The real 2018 kit: its content validates, every id is rendered in both languages, nothing falls back."""

import re
import subprocess
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from kitbuilder.build import build_edition, render_locale
from kitbuilder.content import walk
from kitbuilder.edition import Edition
from kitbuilder.kitdir import read_content
from kitbuilder.schema import Part
from kitbuilder.stamps import BuildOptions

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def kit():  # type: ignore[no-untyped-def]
    return read_content(ROOT)


@pytest.mark.parametrize("locale", ["en", "fr"])
def test_every_id_is_rendered_with_no_fallback(kit, locale: str) -> None:  # type: ignore[no-untyped-def]
    rendered = render_locale(ROOT, kit, locale, BuildOptions(strict=True))
    anchors = set(re.findall(r"\\kbtarget\{[a-z]+:([^}]+)\}", rendered.tex))
    ids = {obj.id for part in kit.parts for obj in walk(part) if getattr(obj, "id", None)}
    assert ids - anchors == set()
    assert rendered.translator.fallbacks == []


def test_the_kit_has_every_part_of_the_outline(kit) -> None:  # type: ignore[no-untyped-def]
    assert [p.id for p in kit.parts] == ["event", "speakers", "situation", "legal", "technology", "action", "about",
                                         "speeches", "tools", "measures", "articles", "abolitionist", "back"]
    assert all(isinstance(p, Part) for p in kit.parts)
    people = [obj for obj in walk(kit.parts[1]) if obj.__class__.__name__ == "Person"]
    assert len(people) == 11
    assert sum(p.moderator for p in people) == 1
    articles = [obj for obj in walk(kit.parts[10]) if obj.__class__.__name__ == "Article"]
    assert [a.number for a in articles] == list(range(1, 24))


def test_french_catalogs_ask_for_no_name_or_value_to_be_copied() -> None:
    """Names the same in every language and typed values alone are not translators' work: the
    only entries whose French is their English are words that French spells the same."""
    same_in_french = {"Contact", "Article", "Articles", "art.", "Source", "France", "New York", "Podcast"}
    copied = set()
    for path in sorted((ROOT / "locales/fr/LC_MESSAGES").glob("*.po")):
        with path.open("rb") as f:
            copied |= {m.id for m in read_po(f) if m.id and m.string == m.id}
    assert copied == same_in_french


def test_no_two_articles_of_the_law_print_one_description(kit) -> None:  # type: ignore[no-untyped-def]
    # Articles the law enacts together (15 and 16) each say what they do, not the same words
    # twice with only the other's number changed ("Avec l'article 16, ..." / "Avec l'article 15, ...").
    articles = [obj for obj in walk(kit.parts[10]) if obj.__class__.__name__ == "Article"]
    descriptions = [tuple(re.sub(r"\d+", "N", m.text) for m in a.description) for a in articles]
    assert len(set(descriptions)) == len(descriptions)


@pytest.mark.parametrize(("locale", "numbered"), [("en", r"\#1"),
                                                   ("fr", r"n\textsuperscript{o}\nobreakspace{}1")])
def test_measures_are_numbered_as_the_language_writes_it(kit, locale: str, numbered: str) -> None:  # type: ignore[no-untyped-def]
    # French numbers with « nᵒ », as the kit sets the law's « nᵒ 2016-444 », never with « # ».
    tex = render_locale(ROOT, kit, locale, BuildOptions(strict=True)).tex
    measures = tex[tex.index("kbtarget{measure:measures-1}"):]
    assert numbered in measures[:600]
    if locale == "fr":
        assert r"\#" not in measures[:measures.index("kbtarget{law:")]


@pytest.mark.latex
@pytest.mark.parametrize(("pseudo", "font", "letters"), [("qps-plocm", "Amiri", r"[\u0627-\u064a]"),
                                                         ("qps-ploca", "NotoSerifCJK", r"[\u4e00-\u9fff]")])
def test_the_kit_builds_in_the_right_to_left_and_east_asian_pseudo_locales(  # type: ignore[no-untyped-def]
        kit, tmp_path: Path, pseudo: str, font: str, letters: str) -> None:
    """Before any translation exists, the layout holds in a mirrored and in a CJK setting: --strict
    fails on a glyph no font has and on text running off the page."""
    report = build_edition(ROOT, kit, Edition.parse(pseudo), tmp_path, BuildOptions(strict=True, source_date_epoch=0))
    assert report.warnings == []
    pdf = tmp_path / pseudo / "kit.pdf"
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert font in fonts and "Type 3" not in fonts
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert len(re.findall(letters, text)) > 10_000
