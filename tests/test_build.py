"""Integration: the fixture kit compiles with real LuaLaTeX and reads back with pdftotext."""

import concurrent.futures
import errno
import json
import os
import re
import shutil
import subprocess
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOTS, pdf_text, replace_in

from kitbuilder.build import build_edition, build_kit, build_lock, longest_first
from kitbuilder.edition import Edition
from kitbuilder.errors import CatalogError, GlyphError, LatexError, WriteError
from kitbuilder.kitdir import REPORT_NAME, WORK_DIR, read_content
from kitbuilder.latex.facts import parse_bbox
from kitbuilder.latex.imposition import booklet_order
from kitbuilder.newkit import create_kit
from kitbuilder.report import LocaleReport
from kitbuilder.stamps import BuildOptions

LITERAL = r"100% of $5 & #1 a_b ^^5c \input{/etc/passwd} ~ -- << >>"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Build the basic kit once in both languages; the texts of both PDFs."""


    kit_dir = tmp_path_factory.mktemp("built") / "basic"
    shutil.copytree(ROOTS / "basic", kit_dir, ignore=shutil.ignore_patterns("build"))
    kit = read_content(kit_dir)
    texts = {}
    for locale in ("en", "fr"):
        options = BuildOptions(source_date_epoch=0)
        report = build_edition(kit_dir, kit, Edition.parse(locale), kit_dir / "build", options)
        assert report.warnings == []
        assert report.fallbacks == {}
        texts[locale] = pdf_text(kit_dir / "build" / locale / "kit.pdf")
        for suffix in ("tex", "log"):
            assert (kit_dir / "build" / locale / f"kit.{suffix}").is_file()
    return texts


@pytest.mark.latex
def test_french_pdf_holds_french_text_dates_and_numbers(built: dict[str, str]) -> None:
    fr = built["fr"]
    assert "mercredi 14 mars 2018, de 18 h à 20 h" in fr
    assert "Plus de 18 119 signalements" in fr
    assert "une amende de 1 500 euros" in fr
    assert "97 %" in fr
    assert "2 millions" in fr
    assert "Intervenants" in fr
    assert "Modérateur".upper() in fr
    # French-sourced text is printed as written.
    assert "Loi no 2016-444 du 13 avril 2016" in fr  # nᵒ, its o set as a superior letter


@pytest.mark.latex
def test_english_pdf_holds_english_and_translated_french_source(built: dict[str, str]) -> None:
    en = built["en"]
    assert "Wednesday, March 14, 2018" in en
    assert "More than 18,119 reports; a fine of €1,500." in en
    assert "97%" in en
    assert "Act No. 2016-444 of 13 April 2016" in en
    assert "Creates an obligation for internet service providers." in en


@pytest.mark.latex
def test_latex_specials_print_literally(built: dict[str, str]) -> None:
    assert LITERAL in built["en"]
    assert LITERAL in built["fr"]
    assert "Testing 50% & more: $ # _ ^ ~ \\ { }" in built["en"]


@pytest.mark.latex
def test_measures_link_to_articles(built: dict[str, str]) -> None:
    assert "Articles 1, 2" in built["en"]


def test_french_build_without_french_catalog_is_an_error(make_kit: Callable[[str], Path]) -> None:
    kit_dir = make_kit("basic")
    (kit_dir / "locales/fr/LC_MESSAGES/speakers.po").unlink()
    with pytest.raises(CatalogError, match=r"locales/fr/LC_MESSAGES/speakers.po: missing catalog for 'fr'"):
        build_edition(kit_dir, read_content(kit_dir), Edition.parse("fr"), kit_dir / "build")


@pytest.mark.latex
def test_strict_build_fails_on_fuzzy_and_normal_build_marks_draft(make_kit: Callable[[str], Path]) -> None:
    kit_dir = make_kit("basic")
    po = kit_dir / "locales/fr/LC_MESSAGES/speakers.po"
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace('msgid "He has won', '#, fuzzy\nmsgid "He has won'), encoding="utf-8")
    kit = read_content(kit_dir)
    with pytest.raises(CatalogError, match=r"--strict: 1 fuzzy message\(s\) in 'fr'"):
        build_edition(kit_dir, kit, Edition.parse("fr"), kit_dir / "build", BuildOptions(strict=True))
    report = build_edition(kit_dir, kit, Edition.parse("fr"), kit_dir / "build")
    assert report.fallbacks == {"fuzzy": 1}
    text = pdf_text(kit_dir / "build/fr/kit.pdf")
    assert "He has won numerous awards." in text
    assert "BROUILLON • traduit : 97,7 %" in text  # 42 of 43: names and values alone are not counted


@pytest.mark.latex
def test_failed_build_keeps_the_previous_pdf(make_kit: Callable[[str], Path]) -> None:
    kit_dir = make_kit("basic")
    kit = read_content(kit_dir)
    build_edition(kit_dir, kit, Edition.parse("en"), kit_dir / "build")
    pdf = kit_dir / "build/en/kit.pdf"
    before = pdf.read_bytes()
    templates = kit_dir / "templates/latex"
    templates.mkdir(parents=True)
    (templates / "cover.tex").write_text("\\undefinedcommand\n", encoding="utf-8")
    with pytest.raises(LatexError, match="Undefined control sequence"):
        build_edition(kit_dir, kit, Edition.parse("en"), kit_dir / "build")
    assert pdf.read_bytes() == before


@pytest.mark.latex
def test_same_inputs_give_identical_pdfs_anywhere(make_kit: Callable[[str], Path], tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    first = make_kit("basic")
    second = tmp_path / "elsewhere" / "kit"
    shutil.copytree(first, second)
    pdfs = []
    # Elsewhere also means another time zone, and a locale the system does not have.
    for kit_dir, zone, locale in ((first, "UTC", "C.UTF-8"), (second, "Europe/Paris", "xx_YY.UTF-8")):
        monkeypatch.setenv("TZ", zone)
        monkeypatch.setenv("LC_ALL", locale)
        build_edition(kit_dir, read_content(kit_dir), Edition.parse("fr"), kit_dir / "out",
                     BuildOptions(source_date_epoch=1_521_000_000))
        pdfs.append((kit_dir / "out/fr/kit.pdf").read_bytes())
    assert pdfs[0] == pdfs[1]
    assert b"LuaTeX" not in pdfs[0]  # no engine banner
    assert b"/CreationDate (D:20180314040000Z)" in pdfs[0]


@pytest.mark.latex
def test_print_and_booklet_options(make_kit: Callable[[str], Path]) -> None:
    kit_dir = make_kit("basic")
    build_edition(kit_dir, read_content(kit_dir), Edition.parse("en"), kit_dir / "build",
                 BuildOptions(print_marks=True, booklet=True))
    pdf, booklet = kit_dir / "build/en/kit.pdf", kit_dir / "build/en/kit-booklet.pdf"
    for path in (pdf, booklet):
        subprocess.run(["qpdf", "--check", str(path)], check=True, capture_output=True)
    info = subprocess.run(["pdfinfo", "-box", str(pdf)], capture_output=True, text=True, check=True).stdout
    # A4 (595.28 x 841.89) centred on a sheet 10 mm larger each side, bleed 3 mm.
    assert re.search(r"TrimBox:\s+28\.35\s+28\.35\s+623\.62\s+870\.24", info)
    assert re.search(r"BleedBox:\s+19\.84\s+19\.84\s+632\.13\s+878\.74", info)
    assert re.search(r"MediaBox:\s+0\.00\s+0\.00\s+651\.97\s+898\.58", info)
    sheets = subprocess.run(["pdfinfo", str(booklet)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Pages:\s+4\n", sheets)  # 5 pages padded to 8, two a sheet side
    assert re.search(r"Page size:\s+1190\.55 x 841\.89", sheets)


def test_booklet_order_pads_to_four() -> None:
    assert booklet_order(8) == [8, 1, 2, 7, 6, 3, 4, 5]
    assert booklet_order(5) == [None, 1, 2, None, None, 3, 4, 5]


@pytest.mark.latex
def test_pseudo_locale_needs_no_catalog(make_kit: Callable[[str], Path]) -> None:
    kit_dir = make_kit("basic")
    report = build_edition(kit_dir, read_content(kit_dir), Edition.parse("qps"), kit_dir / "build")
    assert report.warnings == []
    text = pdf_text(kit_dir / "build/qps/kit.pdf")
    assert "[Šƥéåķéŕš" not in text  # letters without a Latin-1 accent stay plain
    assert "[Špéåķéŕš ·····]" in text
    assert "18,119" in text  # typed values still formatted


def page_texts(pdf: Path) -> list[str]:
    count = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                                                           check=True).stdout).group(1))  # type: ignore[union-attr]
    return [re.sub(r"\s+", " ", subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"],
                                               capture_output=True, text=True, check=True).stdout)
            for n in range(1, count + 1)]


@pytest.mark.latex
def test_bilingual_edition_sets_both_languages_on_the_same_pages(make_kit: Callable[[str], Path]) -> None:
    kit_dir = make_kit("basic")
    report = build_edition(kit_dir, read_content(kit_dir), Edition.parse("en+fr"), kit_dir / "build")
    assert report.warnings == []
    pages = page_texts(kit_dir / "build/en+fr/kit.pdf")
    cover = pages[0]
    assert "Test Colloquium" in cover
    assert "Colloque de test" in cover
    assert "Wednesday, March 14, 2018" in cover
    assert "mercredi 14 mars 2018" in cover  # each column's values in its own language
    pairs = [("Speakers", "Intervenants"), ("A veteran journalist and author", "Journaliste et auteur chevronné"),
             ("Creates an obligation", "Crée une obligation"),
             ("Wednesday, March 14, 2018", "mercredi 14 mars 2018")]
    for english, french in pairs:
        assert any(english in page and french in page for page in pages), (english, french)


def _with_bio(kit_dir: Path, words: str) -> None:
    speakers = kit_dir / "content/speakers.yaml"
    replace_in(speakers, "He has won numerous awards.", words)


# Linear B: no font of any script's row, nor the fallback font, has it.
NO_FONT = "\U00010000"


@pytest.mark.latex
def test_a_character_no_font_has_is_reported_with_its_source(make_kit: Callable[[str], Path]) -> None:
    kit_dir = make_kit("basic")
    _with_bio(kit_dir, f"He has won {NO_FONT} awards.")
    report = build_edition(kit_dir, read_content(kit_dir), Edition.parse("en"), kit_dir / "build")
    assert [w for w in report.warnings if w.startswith("missing glyph")] == [
        f"missing glyph {NO_FONT} (U+10000) in content/speakers.yaml:12 (no font for it in 'en')"]


@pytest.mark.latex
def test_a_character_no_font_has_fails_strict_with_its_source(make_kit: Callable[[str], Path]) -> None:
    kit_dir = make_kit("basic")
    _with_bio(kit_dir, f"He has won {NO_FONT} awards.")
    with pytest.raises(GlyphError) as caught:
        build_edition(kit_dir, read_content(kit_dir), Edition.parse("en"), kit_dir / "build", BuildOptions(strict=True))
    assert str(caught.value).startswith(f"content/speakers.yaml:12: --strict: no font has {NO_FONT} (U+10000)")
    assert "'en'" in str(caught.value)
    assert not (kit_dir / "build/en/kit.pdf").exists()  # nothing half-printed replaces a good PDF


@pytest.mark.latex
def test_words_of_other_scripts_print_in_their_own_fonts_and_order(make_kit: Callable[[str], Path]) -> None:
    """A Chinese prize and an Arabic or Hebrew name inside English text: each in its script's
    font (never a blank), the right-to-left words in their own order."""
    kit_dir = make_kit("basic")
    _with_bio(kit_dir, "He has won the 新闻奖 prize and met كتاب and שלום in person.")
    report = build_edition(kit_dir, read_content(kit_dir), Edition.parse("en"), kit_dir / "build",
                           BuildOptions(strict=True))
    assert not [w for w in report.warnings if w.startswith("missing glyph")]
    text = pdf_text(kit_dir / "build/en/kit.pdf")
    assert "新闻奖" in text
    # pdftotext gives right-to-left words in their logical order when they were set right to left
    # (and Arabic letters as the presentation forms of the glyphs: NFKC gives the letters back).
    assert "كتاب" in unicodedata.normalize("NFKC", text) and "שלום" in text
    fonts = subprocess.run(["pdffonts", str(kit_dir / "build/en/kit.pdf")], capture_output=True, text=True,
                           check=True).stdout
    assert "NotoSerifCJK" in fonts and "Amiri" in fonts


@pytest.mark.latex
def test_two_builds_at_once_do_not_corrupt_each_other(make_kit: Callable[[str], Path]) -> None:
    kit_dir = make_kit("basic")
    options = BuildOptions(source_date_epoch=0)

    def build() -> list[object]:
        return list(build_kit(kit_dir, [Edition.parse("en")], kit_dir / "build", options, force=True))

    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        results = [f.result() for f in [pool.submit(build), pool.submit(build)]]
    assert all(isinstance(r[0], LocaleReport) for r in results)
    subprocess.run(["qpdf", "--check", str(kit_dir / "build/en/kit.pdf")], check=True, capture_output=True)


def test_strict_counts_template_labels_too(make_kit: Callable[[str], Path]) -> None:
    kit_dir = make_kit("basic")
    labels = kit_dir / "locales/fr/LC_MESSAGES/labels.po"
    replace_in(labels, 'msgid "Moderator"', '#, fuzzy\nmsgid "Moderator"')
    with pytest.raises(CatalogError, match=r"--strict: 1 fuzzy message\(s\) in 'fr', first: fuzzy: 'Moderator'"):
        build_edition(kit_dir, read_content(kit_dir), Edition.parse("fr"), kit_dir / "build", BuildOptions(strict=True))


@pytest.mark.latex
def test_an_address_in_the_kit_title_builds(make_kit: Callable[[str], Path]) -> None:
    kit_dir = make_kit("basic")
    config = kit_dir / "content/kit.yaml"
    replace_in(config, "title: Test Colloquium", "title: Test Colloquium www.example.org/Path")
    report = build_edition(kit_dir, read_content(kit_dir), Edition.parse("en"), kit_dir / "build")
    assert "Test Colloquium www.example.org/Path" in pdf_text(kit_dir / "build/en/kit.pdf")
    assert report.warnings == []


@pytest.mark.latex
def test_a_latex_error_names_the_content_and_template_it_came_from(make_kit: Callable[[str], Path]) -> None:
    kit_dir = make_kit("basic")
    templates = kit_dir / "templates/latex/blocks"
    templates.mkdir(parents=True)
    (templates / "people.tex").write_text("\\undefinedcommand\n", encoding="utf-8")
    with pytest.raises(LatexError, match=r"Undefined control sequence\. \(rendered from content/speakers.yaml:4, "
                                         r"template blocks/people.tex\)"):
        build_edition(kit_dir, read_content(kit_dir), Edition.parse("en"), kit_dir / "build")


def editions(names: list[str]) -> list[Edition]:
    return [Edition.parse(name) for name in names]


def names(editions: list[Edition]) -> list[str]:
    return [edition.name for edition in editions]


def test_longest_locale_starts_first(tmp_path: Path) -> None:
    # A cold build knows nothing yet: the bilingual edition, twice the text, goes first,
    # and the source language, shorter than its translations, last.
    assert names(longest_first(tmp_path, editions(["de", "en", "fr", "en+fr"]), "en")) == ["en+fr", "de", "fr", "en"]
    for locale, seconds in {"en": 9.0, "fr": 11.5, "en+fr": 14.0}.items():
        (tmp_path / locale / WORK_DIR).mkdir(parents=True)
        (tmp_path / locale / WORK_DIR / REPORT_NAME).write_text(json.dumps({"seconds": seconds}))
    assert names(longest_first(tmp_path, editions(["en", "fr", "en+fr"]), "en")) == ["en+fr", "fr", "en"]
    (tmp_path / "fr" / WORK_DIR / REPORT_NAME).write_text("{broken")
    assert names(longest_first(tmp_path, editions(["en", "fr", "en+fr"]), "en")) == ["en+fr", "en", "fr"]


@pytest.mark.latex
def test_progress_names_each_step_of_each_locale_and_nothing_when_up_to_date(
        make_kit: Callable[[str], Path]) -> None:
    kit_dir = make_kit("basic")
    steps: list[tuple[str, str]] = []
    options = BuildOptions(source_date_epoch=0)
    build_kit(kit_dir, editions(["en", "fr"]), kit_dir / "build", options, progress=lambda *step: steps.append(step))
    for locale in ("en", "fr"):
        assert [step for loc, step in steps if loc == locale] == [
            "rendering", "engine pass 1"]
    steps.clear()
    build_kit(kit_dir, editions(["en", "fr"]), kit_dir / "build", options, progress=lambda *step: steps.append(step))
    assert steps == []


def test_the_lock_file_is_never_reached_through_a_link(tmp_path: Path) -> None:
    victim = tmp_path / "precious.txt"
    victim.write_text("keep me")
    (tmp_path / "build").mkdir()
    (tmp_path / "build" / ".lock").symlink_to(victim)
    with pytest.raises(WriteError, match=r"build/\.lock: is a symbolic link"), build_lock(tmp_path / "build"):
        pass
    assert victim.read_text() == "keep me"


@pytest.mark.latex
def test_a_build_writes_through_no_link(make_kit: Callable[[str], Path], tmp_path: Path) -> None:
    kit_dir = make_kit("basic")
    victims = {name: tmp_path / name for name in ("log", "pdf")}
    for victim in victims.values():
        victim.write_text("keep me")
    (kit_dir / "build/en/.work").mkdir(parents=True)
    (kit_dir / "build/en/.work/kit.log").symlink_to(victims["log"])  # the engine writes this one
    (kit_dir / "build/en/kit.pdf").symlink_to(victims["pdf"])  # and kitbuilder this one
    build_edition(kit_dir, read_content(kit_dir), Edition.parse("en"), kit_dir / "build")
    assert all(victim.read_text() == "keep me" for victim in victims.values())
    assert (kit_dir / "build/en/kit.pdf").read_bytes().startswith(b"%PDF")


def test_a_work_folder_that_is_a_link_is_refused(make_kit: Callable[[str], Path], tmp_path: Path) -> None:
    kit_dir = make_kit("basic")
    (kit_dir / "build/en").mkdir(parents=True)
    (kit_dir / "build/en/.work").symlink_to(tmp_path)
    with pytest.raises(WriteError, match=r"build/en/\.work: is a symbolic link"):
        build_edition(kit_dir, read_content(kit_dir), Edition.parse("en"), kit_dir / "build")


@pytest.mark.latex
def test_a_full_disk_while_publishing_keeps_the_old_outputs_together(make_kit: Callable[[str], Path],
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    kit_dir = make_kit("basic")
    locale_dir = kit_dir / "build/en"
    locale_dir.mkdir(parents=True)
    old = {locale_dir / f"kit.{suffix}": f"old {suffix}".encode() for suffix in ("tex", "log", "pdf")}
    for path, data in old.items():
        path.write_bytes(data)
    real_write = os.write

    def full_when_publishing_the_pdf(fd: int, data: bytes | memoryview) -> int:
        target = os.readlink(f"/proc/self/fd/{fd}")
        if target.startswith(f"{locale_dir}/.kit.pdf."):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", full_when_publishing_the_pdf)
    with pytest.raises(WriteError, match=re.escape(f"{locale_dir / 'kit.pdf'}: cannot write: No space left on device")):
        build_edition(kit_dir, read_content(kit_dir), Edition.parse("en"), kit_dir / "build")
    assert {p: p.read_bytes() for p in locale_dir.iterdir() if p.is_file()} == old


def link_targets(pdf: Path) -> list[tuple[int, str]]:
    """Every link annotation's page and target (URI or named destination)."""
    data = json.loads(subprocess.run(["qpdf", "--json", str(pdf)], capture_output=True, text=True, check=True).stdout)
    objects = data["qpdf"][1]

    def resolve(value: Any) -> Any:
        return objects[f"obj:{value}"]["value"] if isinstance(value, str) and value.endswith(" R") else value

    found = []
    for number, page in enumerate(data["pages"], 1):
        for annot in resolve(resolve(page["object"]).get("/Annots", [])):
            action = resolve(resolve(annot).get("/A", {}))
            found.append((number, str(action.get("/URI") or action.get("/D") or resolve(annot).get("/Dest"))))
    return found


@pytest.mark.latex
def test_a_cold_build_takes_one_pass_and_prints_what_a_second_pass_would(make_kit: Callable[[str], Path]) -> None:
    kit_dir = make_kit("basic")
    options = BuildOptions(source_date_epoch=0)
    report = build_edition(kit_dir, read_content(kit_dir), Edition.parse("fr"), kit_dir / "build", options)
    assert report.passes == 1
    work = kit_dir / "build" / "fr" / WORK_DIR
    one_pass = work.parent / "kit.pdf"
    # The engine run again on the first pass's auxiliary files, as a two-pass build would.
    subprocess.run(["lualatex", "-interaction=nonstopmode", "-halt-on-error", "kit.tex"], cwd=work, check=True,
                   capture_output=True, env={**os.environ, "SOURCE_DATE_EPOCH": "0", "FORCE_SOURCE_DATE": "1"})
    two_passes = work / "kit.pdf"
    assert page_texts(one_pass) == page_texts(two_passes)
    assert link_targets(one_pass) == link_targets(two_passes)
    assert "Sommaire".upper() in page_texts(one_pass)[1]
    # Its running head is written as the parts' are, not in capitals (fifth proof: "CONTENTS").
    assert page_texts(one_pass)[1].split()[0] == "Sommaire"


def outline_titles(pdf: Path) -> list[str]:
    data = json.loads(subprocess.run(["qpdf", "--json", "--json-key=outlines", str(pdf)], capture_output=True,
                                     text=True, check=True).stdout)

    def walk(items: list[dict[str, Any]]) -> list[str]:
        return [title for item in items for title in [item["title"], *walk(item.get("kids", []))]]

    return walk(data["outlines"])


@pytest.mark.latex
def test_a_part_that_spills_is_set_again_tighter_in_the_same_pass(make_kit: Callable[[str], Path]) -> None:
    kit_dir = make_kit("basic")
    kit_yaml = kit_dir / "content" / "kit.yaml"
    replace_in(kit_yaml, "parts: [event, speakers, law]", "parts: [event, speakers, law, spill]")
    # One paragraph more than the part's page holds at the kit's normal spacing.
    paragraphs = "".join(f"    - Paragraph {n} of a part that fills its page almost to the foot, and then a little "
                         "more.\n" for n in range(1, 34))
    (kit_dir / "content" / "spill.yaml").write_text(
        f"id: spill\ntitle: Spill\nblocks:\n  - kind: text\n    paragraphs:\n{paragraphs}", encoding="utf-8")
    report = build_edition(kit_dir, read_content(kit_dir), Edition.parse("en"), kit_dir / "build",
                           BuildOptions(source_date_epoch=0))
    work = kit_dir / "build" / "en" / WORK_DIR
    assert "part spill spills a few lines onto a page of its own: set again, tighter (level 1)" in (
        work / "kit.log").read_text(encoding="utf-8", errors="replace")
    assert report.passes == 1
    one_pass = work.parent / "kit.pdf"
    pages = page_texts(one_pass)
    assert "SPILL" in pages[-1] and "Paragraph 1 " in pages[-1] and "Paragraph 33 " in pages[-1]
    # The try that was thrown away left nothing behind: one bookmark for the part, its
    # contents entry on its page, the pages numbered on.
    assert outline_titles(one_pass).count("Spill") == 1
    contents = subprocess.run(["pdftotext", "-layout", "-f", "2", "-l", "2", str(one_pass), "-"],
                              capture_output=True, text=True, check=True).stdout
    assert re.search(rf"^\s*4\s+Spill\s.*\b{len(pages)}$", contents, re.M), contents
    # What a second pass over this pass's auxiliary files prints.
    subprocess.run(["lualatex", "-interaction=nonstopmode", "-halt-on-error", "kit.tex"], cwd=work, check=True,
                   capture_output=True, env={**os.environ, "SOURCE_DATE_EPOCH": "0", "FORCE_SOURCE_DATE": "1"})
    assert page_texts(one_pass) == page_texts(work / "kit.pdf")
    assert link_targets(one_pass) == link_targets(work / "kit.pdf")
    assert outline_titles(one_pass) == outline_titles(work / "kit.pdf")


@pytest.mark.latex
def test_a_figure_too_wide_for_its_box_is_set_smaller_never_hyphenated(make_kit: Callable[[str], Path]) -> None:
    kit_dir = make_kit("basic")
    event = kit_dir / "content" / "event.yaml"
    event.write_text(event.read_text(encoding="utf-8").replace(
        "        source: UNICEF\n",
        "        source: UNICEF\n      - id: long\n        figure: Incomprehensibilities\n"
        "        label: a word wider than its box at the figures' size\n        source: UNICEF\n", 1),
        encoding="utf-8")
    report = build_edition(kit_dir, read_content(kit_dir), Edition.parse("en"), kit_dir / "build", BuildOptions())
    assert report.proof == []
    assert "Incomprehensibilities" in pdf_text(kit_dir / "build" / "en" / "kit.pdf")
    # The figure's line is a box title to the proof check, and it was not hyphenated.
    lines = [line.split("\t") for line in (kit_dir / "build" / "en" / WORK_DIR / "kit.proof").read_text(
        encoding="utf-8").splitlines() if line.startswith("L\t")]
    figure = [line for line in lines if line[5] == "boxtitle" and "Incomprehensibilities" in line[8]]
    assert figure and all(line[7] == "0" for line in figure)


@pytest.mark.latex
def test_names_and_slashed_words_are_never_hyphenated(make_kit: Callable[[str], Path]) -> None:
    """Third proof: "Pros-kauer", "Cooper-ation" in a title, "buttons/-platforms" (tcolorbox's
    listings left "/" a letter, so the hyphenator broke right after it)."""
    kit_dir = make_kit("basic")
    words = ["report", "buttons/platforms", "Proskauer", "Backpage.com", "Cooperation", "organisations"]
    text = " ".join(" ".join(words[i % 6:] + words[:i % 6][::-1]) for i in range(60))  # breaks fall everywhere
    replace_in(kit_dir / "content" / "speakers.yaml", "bio: Monique Villa is CEO of the Thomson Reuters Foundation.",
               "bio: " + text)
    report = build_edition(kit_dir, read_content(kit_dir), Edition.parse("en"), kit_dir / "build", BuildOptions())
    assert report.proof == []
    lines = [line.split("\t") for line in (kit_dir / "build" / "en" / WORK_DIR / "kit.proof").read_text(
        encoding="utf-8").splitlines() if line.startswith("L\t")]
    broken = [line[9].split(" ")[-1] for line in lines if line[7] == "1"]
    assert any(word.startswith(("or-", "organ-", "organisa-")) for word in broken)  # the text does hyphenate...
    assert [word for word in broken if word[:1].isupper() or word.endswith(("/-", "button-"))] == []  # ...nor these


@pytest.mark.latex
def test_a_list_in_a_narrow_column_is_ragged_like_its_paragraphs(make_kit: Callable[[str], Path]) -> None:
    """Third proof (fr p. 17): the bullets of a columns block were justified, with rivers, beside
    ragged paragraphs (LaTeX starts a list's paragraphs from \\@rightskip, not \\rightskip)."""
    kit_dir = make_kit("basic")
    item = ("Providers must set up a device for reporting harmful content that is easy to see and to use, "
            "keep the data an investigation needs and give it to the courts when they ask for it.")
    block = ("  - kind: columns\n    columns:\n"
             f"      - title: East\n        blocks:\n          - kind: list\n            items: [\"{item}\"]\n"
             f"      - title: West\n        blocks:\n          - kind: list\n            items: [\"{item}\"]\n")
    replace_in(kit_dir / "content" / "speakers.yaml", "blocks:\n", "blocks:\n" + block)
    build_edition(kit_dir, read_content(kit_dir), Edition.parse("en"), kit_dir / "build", BuildOptions())
    out = subprocess.run(["pdftotext", "-bbox", str(kit_dir / "build" / "en" / "kit.pdf"), "-"],
                         capture_output=True, text=True, check=True).stdout
    page = out[out.index("Providers"):]
    page = page[:page.index("</page>")]
    right_edges: dict[float, float] = {}
    for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<', page):
        x0, y0, x1 = (float(v) for v in m.group(1, 2, 3))
        if x0 < 300:  # the first column, down to the item's last word
            right_edges[round(y0)] = max(right_edges.get(round(y0), 0.0), x1)
            if m.group(4) == "it.":
                break
    lines = sorted(right_edges.items())[:-1]  # the item's lines but its last
    assert len(lines) >= 4
    assert max(x for _, x in lines) - min(x for _, x in lines) > 3  # ragged: not all flush right


@pytest.mark.latex
def test_a_block_that_asks_for_room_it_has_stays_on_its_page(make_kit: Callable[[str], Path]) -> None:
    """Third proof (fr p. 12): a row of figures that fitted went to the next page, leaving a
    third of the page blank. needspace's break before it carried a bonus and as much stretch
    as the room asked, and TeX found it cheaper than a full page. (The proof-faults root
    prints paragraphs as LaTeX: the page is filled with rules of known heights.)"""
    kit_dir = make_kit("proof-faults")
    block = "  - kind: text\n    paragraphs: [\"{}\\\\noindent\\\\rule{{1pt}}{{{}\\\\textheight}} {}\"]\n"
    (kit_dir / "content" / "fill.yaml").write_text(
        "id: fill\ntitle: Fill\nblocks:\n" + block.format("", 0.5, "FIRST")
        + block.format("\\\\needspace{0.2\\\\textheight}", 0.2, "KEEPME") + block.format("", 0.4, "NEXT"),
        encoding="utf-8")
    replace_in(kit_dir / "content" / "kit.yaml", "parts: [faults, foot, empty, spill]", "parts: [fill]")
    for name in ("faults", "foot", "empty", "spill"):
        (kit_dir / "content" / f"{name}.yaml").unlink()
    build_edition(kit_dir, read_content(kit_dir), Edition.parse("en"), kit_dir / "build", BuildOptions())
    text = subprocess.run(["pdftotext", str(kit_dir / "build" / "en" / "kit.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    pages = text.split("\f")
    first = next(i for i, page in enumerate(pages) if "FIRST" in page)
    assert "KEEPME" in pages[first] and "NEXT" not in pages[first]


@pytest.mark.latex
def test_contents_longer_than_the_place_held_for_it_costs_one_more_pass(make_kit: Callable[[str], Path]) -> None:
    kit_dir = make_kit("basic")
    kit_yaml = kit_dir / "content" / "kit.yaml"
    names = [f"extra{n:02d}" for n in range(60)]
    for name in names:
        (kit_dir / "content" / f"{name}.yaml").write_text(
            f"id: {name}\ntitle: Extra part {name[5:]}\nblocks:\n  - kind: text\n    paragraphs: [Some text.]\n",
            encoding="utf-8")
    replace_in(kit_yaml, "parts: [event, speakers, law]", f"parts: [event, speakers, law, {', '.join(names)}]")
    options = BuildOptions(source_date_epoch=0)
    report = build_edition(kit_dir, read_content(kit_dir), Edition.parse("en"), kit_dir / "build", options)
    # A cold pass holds one page for the contents; sixty more parts take three.
    assert report.passes == 2
    pdf = kit_dir / "build" / "en" / "kit.pdf"
    pages = page_texts(pdf)
    contents = subprocess.run(["pdftotext", "-layout", "-f", "2", "-l", "5", str(pdf), "-"], capture_output=True,
                              text=True, check=True).stdout
    for name in (names[0], names[-1]):
        listed = re.search(rf"Extra part {name[5:]}\b.*?(\d+)\s*$", contents, re.M)
        assert listed is not None
        printed_on = int(listed.group(1))
        assert f"EXTRA PART {name[5:]}" in pages[printed_on - 1]


LONG_WORD = "0123456789" * 8  # no hyphenation point: it cannot fit a line


@pytest.mark.latex
def test_a_cover_line_too_long_is_set_smaller_or_named_by_its_content_line(make_kit: Callable[[str], Path]) -> None:
    kit_dir = make_kit("basic")
    config = kit_dir / "content/kit.yaml"
    original = config.read_text(encoding="utf-8")
    # A word that cannot fit the line at the subtitle's size is set smaller until it fits.
    config.write_text(original.replace('subtitle: "', f'subtitle: "{LONG_WORD} '), encoding="utf-8")
    report = build_edition(kit_dir, read_content(kit_dir), Edition.parse("en"), kit_dir / "build")
    assert [w for w in report.warnings if w.startswith("overfull box")] == []
    assert report.proof == []
    # One too long even at the smallest size is a proof fault, named by its content line.
    config.write_text(original.replace('subtitle: "', f'subtitle: "{LONG_WORD * 6} '), encoding="utf-8")
    report = build_edition(kit_dir, read_content(kit_dir), Edition.parse("en"), kit_dir / "build")
    assert {(f["rule"], f["origin"]) for f in report.proof} == {("cover-too-long", "content/kit.yaml:3")}


@pytest.mark.latex
def test_an_overfull_box_in_the_bilingual_edition_names_its_content_line(make_kit: Callable[[str], Path]) -> None:
    kit_dir = make_kit("basic")
    speakers = kit_dir / "content/speakers.yaml"
    replace_in(speakers, "He has won numerous awards.", f"He has won {LONG_WORD}.")
    report = build_edition(kit_dir, read_content(kit_dir), Edition.parse("en+fr"), kit_dir / "build")
    overfull = [w for w in report.warnings if w.startswith("overfull box")]
    assert overfull
    assert all(w.endswith("(content/speakers.yaml:6, template aligned.tex)") for w in overfull), overfull


@pytest.mark.latex
def test_bilingual_pairs_start_level_whatever_the_length_of_what_comes_before(tmp_path: Path) -> None:
    """Sixth and seventh proofs (en+fr pp. 25, 37, 55, 63, 73): a list's first bullet, an
    entry's paragraphs, the text under an entry's heading started a line or more lower on
    the side whose lead-in or heading was longer. Each is a slice of its own, started level
    in both columns, and a heading is set as deep as its twin."""
    kit_dir = tmp_path / "kit"
    create_kit(kit_dir)
    po = kit_dir / "locales" / "fr" / "LC_MESSAGES" / "event.po"
    # A lead-in three lines long in French, one line in English.
    replace_in(po, 'msgstr "Pour faire de ce dossier le vôtre"',
               'msgstr "Pour faire de ce dossier le vôtre, avant de le remettre aux participants le jour de '
               'la manifestation, suivez ces quelques étapes dans l’ordre où elles sont données ici"')
    # An entry's heading three lines long in French (seventh proof: its text started lower).
    replace_in(kit_dir / "locales" / "fr" / "LC_MESSAGES" / "resources.po",
               'msgstr "La liste de contrôle de l’organisateur"',
               'msgstr "La liste de contrôle complète et détaillée de l’organisateur de la manifestation"')
    build_edition(kit_dir, read_content(kit_dir), Edition.parse("en+fr"), kit_dir / "build", BuildOptions())
    words = parse_bbox(subprocess.run(["pdftotext", "-bbox", str(kit_dir / "build" / "en+fr" / "kit.pdf"), "-"],
                                      capture_output=True, text=True, check=True).stdout)

    def top(*text: str) -> float:
        """Where the words ``text`` are printed in this order: the top of the first."""
        return next(w.y0 for i, w in enumerate(words) if tuple(v.text for v in words[i:i + len(text)]) == text)

    # The first bullets, after lead-ins of one line and three, and the second bullets.
    assert abs(top("replace", "the", "placeholder") - top("remplacez", "le", "contenu")) < 0.5
    assert abs(top("refresh", "the", "catalogs") - top("mettez", "à", "jour")) < 0.5
    assert top("To", "make", "this", "kit") < top("replace", "the", "placeholder") - 20
    # The entry's text, under headings of one line and three.
    assert abs(top("A", "list", "of", "everything") - top("La", "liste", "de", "tout")) < 0.5


@pytest.mark.latex
def test_a_part_a_few_points_long_or_ending_on_a_page_break_is_no_spill(make_kit: Callable[[str], Path]) -> None:
    """Two part endings that are not spills (fifth proof): a last line 2pt below the type
    area stays on its page (\\kbpartslack), and a part that ends with a page break leaves an
    empty page, not a page a few lines long. Neither is set again. (The proof-faults root
    prints paragraphs as LaTeX: the first part is filled to 2pt past its page's foot.)"""
    kit_dir = make_kit("proof-faults")
    (kit_dir / "content" / "slack.yaml").write_text(
        'id: slack\ntitle: Slack\nblocks:\n  - kind: text\n    paragraphs: ["\\\\noindent\\\\rule{1pt}'
        '{\\\\dimexpr\\\\pagegoal-\\\\pagetotal-1pt-\\\\parskip-\\\\baselineskip+2pt\\\\relax}", "LAST LINE"]\n',
        encoding="utf-8")
    (kit_dir / "content" / "ends.yaml").write_text(
        'id: ends\ntitle: Ends\nblocks:\n  - kind: text\n    paragraphs: ["A page of its own.\\\\newpage"]\n',
        encoding="utf-8")
    replace_in(kit_dir / "content" / "kit.yaml", "parts: [faults, foot, empty, spill]", "parts: [slack, ends]")
    for name in ("faults", "foot", "empty", "spill"):
        (kit_dir / "content" / f"{name}.yaml").unlink()
    report = build_edition(kit_dir, read_content(kit_dir), Edition.parse("en"), kit_dir / "build", BuildOptions())
    log = (kit_dir / "build" / "en" / WORK_DIR / "kit.log").read_text(encoding="utf-8", errors="replace")
    assert "spills" not in log
    pages = page_texts(kit_dir / "build" / "en" / "kit.pdf")
    assert len(pages) == 3 and "LAST LINE" in pages[1] and "A page of its own" in pages[2]
    assert not [f for f in report.proof if f["rule"] == "part-spills"]
