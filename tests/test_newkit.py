"""`kitbuilder new`: the new kit shows every block kind and builds at once in English and French."""

import re
import subprocess
import unicodedata
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from conftest import pdf_text

from kitbuilder import newkit, workflow
from kitbuilder.build import build_edition, build_kit
from kitbuilder.content import BLOCK_KINDS, walk
from kitbuilder.edition import Edition
from kitbuilder.errors import ConfigError
from kitbuilder.kitdir import DEFAULT_TEMPLATES, read_content
from kitbuilder.newkit import create_kit
from kitbuilder.report import LocaleReport
from kitbuilder.review import catalog_stats, check_catalog
from kitbuilder.stamps import BuildOptions

# Words of each block kind as each PDF prints them (English source, French translation, and the
# French-written law the other way round); short, since pdftotext interleaves side-by-side boxes.
PRINTED = {
    "facts": {"en": ["An example colloquium for a new kit", "An evening colloquium that shows",
                     "Wednesday, May 15, 2030, 6:00 PM – 8:00 PM"],
              "fr": ["Un colloque d’exemple pour un nouveau dossier", "Un colloque en soirée qui montre",
                     "mercredi 15 mai 2030, de 18 h à 20 h"]},
    "text": {"en": ["About this kit", "builds at once in each of its languages."],
             "fr": ["À propos de ce dossier", "se construit d’emblée dans chacune de ses langues."]},
    "list": {"en": ["What to do next", "build one PDF per language."],
             "fr": ["Et maintenant", "construisez un PDF par langue."]},
    "people": {"en": ["Jordan Placeholder", "Journalist and moderator", "MODERATOR"],
               "fr": ["Jordan Placeholder", "Journaliste et modérateur", "MODÉRATEUR"]},
    "speech": {"en": ["Opening remarks", "thank you for joining us."],
               "fr": ["Discours d’ouverture", "merci de vous joindre à nous."]},
    "statistics": {"en": ["64%", "2.5 million", "€1,500", "of examples are reused at", "Example Survey 2029"],
                   "fr": ["64 %", "2,5 millions", "1 500 euros", "des exemples sont réutilisés",
                          "Enquête Exemple 2029"]},
    "chart": {"en": ["Share of examples reused, by year", "41%"],
              "fr": ["Part des exemples réutilisés, par année", "41 %"]},
    "columns": {"en": ["BY HAND", "WITH KITBUILDER", "One document per language"],
                "fr": ["À LA MAIN", "AVEC KITBUILDER", "Un document par langue"]},
    "entries": {"en": ["1. The organiser’s checklist", "2. Example Tool", "www.example.org/tool"],
                "fr": ["1. La liste de contrôle de l’organisateur", "2. Example Tool", "www.example.org/tool"]},
    "organisations": {"en": ["Example Foundation organises this colloquium", "contact@example.org", "+41 22 555 01 00"],
                      "fr": ["Fondation Exemple organise ce colloque", "contact@example.org", "+41 22 555 01 00"]},
    "instruments": {"en": ["Convention on Examples", "2021"],
                    "fr": ["Convention sur les exemples", "2021"]},
    "articles": {"en": ["Act No. 2029-1 of January 15, 2029 on examples", "Creates a public register of examples."],
                 "fr": ["Loi no 2029-1 du 15 janvier 2029 relative aux exemples",
                        "Crée un registre public des exemples."]},
    "measures": {"en": ["#1", "A register open to all", "Articles 2, 3"],
                 "fr": ["no 1", "Un registre ouvert à tous", "Articles 2, 3"]},
}


@pytest.fixture(scope="module")
def new_kit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    kit_dir = tmp_path_factory.mktemp("new") / "kit"
    create_kit(kit_dir)
    return kit_dir


@pytest.fixture(scope="module")
def built(new_kit: Path) -> dict[str, str]:
    """Both PDFs of the new kit, built as they come: the texts they print."""
    kit = read_content(new_kit)
    texts = {}
    for locale in ("en", "fr"):
        options = BuildOptions(strict=True, source_date_epoch=0)
        report = build_edition(new_kit, kit, Edition.parse(locale), new_kit / "build", options)
        assert report.warnings == []
        assert report.fallbacks == {}
        assert report.completion == 100.0
        texts[locale] = pdf_text(new_kit / "build" / locale / "kit.pdf")
    return texts


def test_creates_content_catalogs_and_template_note(tmp_path: Path) -> None:
    target = tmp_path / "kit"
    created = create_kit(target)
    names = {p.relative_to(target).as_posix() for p in created}
    assert all(p.is_file() for p in created)
    assert {"content/kit.yaml", "content/law.yaml", "locales/labels.pot", "locales/fr/LC_MESSAGES/labels.po",
            "locales/en/LC_MESSAGES/law.po", "templates/latex/README.md"} <= names
    assert "replaces the default template" in (target / "templates/latex/README.md").read_text(encoding="utf-8")


def test_content_shows_every_block_kind_the_templates_set(new_kit: Path) -> None:
    kit = read_content(new_kit)
    used = {obj.kind for obj in walk(kit.parts) if hasattr(obj, "kind") and isinstance(obj.kind, str)}
    templates = {p.stem for p in (DEFAULT_TEMPLATES / "blocks").glob("*.tex")}
    assert used == set(BLOCK_KINDS) == templates == set(PRINTED)
    assert kit.config.sponsors and kit.config.paper in ("a4", "letter")
    assert {p.source_language for p in kit.parts} == {"en", "fr"}


def test_catalogs_are_complete_clean_and_current(new_kit: Path) -> None:
    """As `kitbuilder update` writes them: updating changes nothing; stat says 100%; check finds nothing."""
    refresh = "the skeleton is out of date: run `kitbuilder update --kit kitbuilder/skeleton` and translate"
    assert workflow.extract(new_kit) == [], refresh
    assert workflow.update(new_kit).changed == [], refresh
    catalogs = workflow.catalogs_of(new_kit)
    assert {locale for locale, _path, _catalog in catalogs} == {"en", "fr"}
    for locale, path, catalog in catalogs:
        stats = catalog_stats(catalog, path, locale)
        assert (stats.fuzzy, stats.untranslated) == (0, 0), f"{path}: {refresh}"
        assert check_catalog(catalog, path) == []


@pytest.mark.latex
@pytest.mark.parametrize("kind", sorted(PRINTED))
@pytest.mark.parametrize("locale", ["en", "fr"])
@pytest.mark.latex
def test_both_pdfs_print_every_block_kind(built: dict[str, str], kind: str, locale: str) -> None:
    for words in PRINTED[kind][locale]:
        assert words in built[locale], f"{kind} block: {words!r} not in the {locale} PDF"


@pytest.mark.latex
def test_covers_are_translated(built: dict[str, str]) -> None:
    assert "Example Colloquium" in built["en"] and "PARTICIPANT KIT" in built["en"]
    assert "Colloque d’exemple" in built["fr"] and "DOSSIER DU PARTICIPANT" in built["fr"]
    assert "Genève" in built["fr"]


def test_refuses_a_directory_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not empty"):
        create_kit(tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_refuses_a_file_and_accepts_an_empty_directory(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("", encoding="utf-8")
    with pytest.raises(ConfigError):
        create_kit(tmp_path / "file")
    (tmp_path / "empty").mkdir()
    assert create_kit(tmp_path / "empty")


def test_leaves_out_what_a_build_in_the_skeleton_leaves(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    skeleton = tmp_path / "skeleton"
    (skeleton / "content").mkdir(parents=True)
    (skeleton / "content/kit.yaml").write_text("title: A kit\n", encoding="utf-8")
    (skeleton / "build/en").mkdir(parents=True)
    (skeleton / "build/en/kit.pdf").write_bytes(b"%PDF")
    monkeypatch.setattr(newkit, "SKELETON", skeleton)
    target = tmp_path / "kit"
    # This skeleton has no catalogs: the kit asks for no language (one it lacks would be started).
    assert newkit.create_kit(target, locales=[]) == [target / ".gitignore", target / "content/kit.yaml"]


def test_catalogs_pass_msgfmt_check_without_a_warning(new_kit: Path) -> None:
    for po in sorted((new_kit / "locales").glob("*/LC_MESSAGES/*.po")):
        proc = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po)], capture_output=True, text=True)
        assert (proc.returncode, proc.stderr) == (0, ""), po.name


def test_replacing_placeholder_content_leaves_no_placeholder_guesses(tmp_path: Path) -> None:
    """The skeleton's own translations of its own text are not translations of the user's text:
    once the text is replaced they are neither fuzzy guesses nor kept as obsolete entries."""
    kit_dir = tmp_path / "kit"
    create_kit(kit_dir)
    for name, old, new in [("kit", "Example Foundation", "Scelles Foundation"),
                           ("resources", "Example Foundation", "Scelles Foundation"),
                           ("figures", "readers of example kits each year", "readers of participant kits each year"),
                           ("figures", "{number:2500000|compact}", "{money:2500000 EUR|compact}")]:
        path = kit_dir / "content" / f"{name}.yaml"
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new), encoding="utf-8")
    workflow.update(kit_dir)
    for po in sorted((kit_dir / "locales").glob("*/LC_MESSAGES/*.po")):
        body = po.read_text(encoding="utf-8")
        assert "#, fuzzy" not in body and "#~" not in body, po.name
    with (kit_dir / "locales/fr/LC_MESSAGES/kit.po").open("rb") as f:
        assert read_po(f)["Scelles Foundation"].string == ""
    with (kit_dir / "locales/fr/LC_MESSAGES/figures.po").open("rb") as f:
        figures = read_po(f)
    assert figures["readers of participant kits each year"].string == ""
    assert figures["An estimate, rounded to the nearest hundred thousand."].string  # untouched: kept


def test_writes_a_gitignore_that_keeps_builds_out(tmp_path: Path) -> None:
    target = tmp_path / "kit"
    assert target / ".gitignore" in create_kit(target)
    assert "build/" in (target / ".gitignore").read_text(encoding="utf-8").splitlines()


# --- The UN's six official languages, through the same templates -------------------------------

UN_LOCALES = ["en", "fr", "es", "ru", "ar", "zh"]

# Per locale: the script its words are in (a character range), whether it reads right to left,
# the text font the PDF must embed, and a date and amounts as a native reader expects them
# printed (the skeleton's event date, its money and compact figures), as patterns: pdftotext
# gives the digits of a right-to-left line in visual order, so there only the words' order is
# checked.
def _printed(*texts: str) -> list[str]:
    return [re.escape(t) for t in texts]


def _near(*words: str) -> str:
    """A pattern for words within a few characters of each other, in any order."""
    return "".join(f"(?=.{{0,40}}?{re.escape(w)})" for w in words)


SCRIPTS = {
    "en": (r"[A-Za-z]", False, "TeXGyrePagella", _printed("Wednesday, May 15, 2030", "€1,500", "2.5 million")),
    "fr": (r"[A-Za-zéèà]", False, "TeXGyrePagella", _printed("mercredi 15 mai 2030", "1 500 euros", "2,5 millions")),
    "es": (r"[A-Za-zñáéíóú]", False, "TeXGyrePagella",
           _printed("miércoles, 15 de mayo de 2030", "1.500 €", "2,5 millones")),
    "ru": (r"[\u0400-\u04ff]", False, "P052", _printed("среда, 15 мая 2030 г.", "1 500 €", "2,5 миллиона")),
    "ar": (r"[\u0600-\u06ff]", True, "Amiri", [_near("ربعاء", "15", "مايو", "2030"),
                                                r"1,500\s*€|€\s*1,500", r"2\.5\s*مليون|مليون\s*2\.5"]),
    "zh": (r"[\u4e00-\u9fff]", False, "NotoSerifCJK", _printed("2030年5月15日星期三", "€1,500", "250万")),
}


def _text(pdf: Path) -> str:
    """The PDF's text, Arabic presentation forms as letters, with no bidi controls or thin spaces."""
    return re.sub("[\u2009\u200e\u200f\u202a-\u202e]", "", unicodedata.normalize("NFKC", pdf_text(pdf)))


@pytest.fixture(scope="module")
def un_kit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A kit made with `kitbuilder new --locales en,fr,es,ru,ar,zh`, built with --strict in all six
    and in two bilingual editions that pair English with a right-to-left and a CJK language."""
    kit_dir = tmp_path_factory.mktemp("un") / "kit"
    create_kit(kit_dir, UN_LOCALES)
    editions = [Edition.parse(code) for code in UN_LOCALES] + [Edition.parse("en+ar"), Edition.parse("en+zh")]
    results = build_kit(kit_dir, editions, kit_dir / "build", BuildOptions(strict=True, source_date_epoch=0), jobs=2)
    failed = [r for r in results if not isinstance(r, LocaleReport)]
    assert failed == []
    for report in results:
        assert isinstance(report, LocaleReport) and report.warnings == [] and report.completion == 100.0
    return kit_dir


def _pdffonts(pdf: Path) -> list[list[str]]:
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    return [line.split() for line in out.splitlines()[2:]]


def _heading_line(pdf: Path, page: int) -> tuple[float, float, float]:
    """The left and right edges of a page's largest line of text (its part heading), and the
    page's width, from the glyph boxes pdftotext -bbox gives."""
    out = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    width = float(re.search(r'<page width="([\d.]+)"', out).group(1))  # type: ignore[union-attr]
    lines: dict[float, list[tuple[float, float, float]]] = {}
    for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">', out):
        x0, y0, x1, y1 = (float(v) for v in m.groups())
        if x0 < 0.08 * width or x1 > 0.92 * width:
            continue  # the side tab, up the outer edge
        lines.setdefault(round(y1), []).append((x0, x1, y1 - y0))
    heading = max(lines.values(), key=lambda boxes: max(h for _, _, h in boxes))
    return min(x0 for x0, _, _ in heading), max(x1 for _, x1, _ in heading), width


@pytest.mark.latex
def test_new_kit_has_the_catalogs_of_the_languages_asked_for(un_kit: Path) -> None:
    assert sorted(p.name for p in (un_kit / "locales").iterdir() if p.is_dir()) == sorted(UN_LOCALES)
    for locale, path, catalog in workflow.catalogs_of(un_kit):
        stats = catalog_stats(catalog, path, locale)
        assert (stats.fuzzy, stats.untranslated) == (0, 0), path
        assert check_catalog(catalog, path) == []


@pytest.mark.latex
@pytest.mark.parametrize("locale", UN_LOCALES)
def test_each_official_language_prints_in_its_script_fonts_direction_and_formats(un_kit: Path, locale: str) -> None:
    script, rtl, font, formatted = SCRIPTS[locale]
    pdf = un_kit / "build" / locale / "kit.pdf"
    text = _text(pdf)
    assert len(re.findall(script, text)) > 1000
    fonts = _pdffonts(pdf)
    assert fonts and all("yes" in row[-5:-3] for row in fonts), fonts  # every font embedded
    assert not any("Type" in row and "3" in row for row in fonts)
    assert any(font in row[0] for row in fonts)
    for value in formatted:
        assert re.search(value, text), (locale, value)
    # The first part's heading starts at the right margin right to left, at the left otherwise.
    left, right, width = _heading_line(pdf, 3)
    assert (left > 0.4 * width and right > 0.75 * width) if rtl else (left < 0.25 * width and right < 0.6 * width)


@pytest.mark.latex
def test_pdf_metadata_names_the_language_and_title(un_kit: Path) -> None:
    for locale, title in [("ar", "ندوة المثال"), ("zh", "示例研讨会"), ("ru", "Коллоквиум «Пример»")]:
        info = subprocess.run(["pdfinfo", str(un_kit / "build" / locale / "kit.pdf")], capture_output=True,
                              text=True, check=True).stdout
        assert re.search(f"^Title: +{title}$", info, re.M)
        # The catalog sits in a compressed object stream: qpdf writes it out as text.
        raw = subprocess.run(["qpdf", "--qdf", "--object-streams=disable", str(un_kit / "build" / locale / "kit.pdf"),
                              "-"], capture_output=True, check=True).stdout
        assert re.search(rb"/Lang \(" + locale.encode() + rb"\)", raw)
        assert not re.search("[\u200e\u200f\u202a-\u202e\ufffd]", info)  # no stray bidi control


@pytest.mark.latex
@pytest.mark.parametrize(("edition", "other", "script"), [("en+ar", "ar", r"[\u0600-\u06ff]"),
                                                          ("en+zh", "zh", r"[\u4e00-\u9fff]")])
def test_bilingual_editions_pair_english_with_arabic_and_chinese(un_kit: Path, edition: str, other: str,
                                                                 script: str) -> None:
    pdf = un_kit / "build" / edition / "kit.pdf"
    text = _text(pdf)
    assert "Wednesday, May 15, 2030" in text and re.search(SCRIPTS[other][3][0], text)
    assert len(re.findall(script, text)) > 1000
    assert any(SCRIPTS[other][2] in row[0] for row in _pdffonts(pdf))


def test_new_kit_holds_the_catalogs_of_the_languages_asked_for_only(tmp_path: Path) -> None:
    target = tmp_path / "kit"
    create_kit(target, ["en", "es", "zh"])
    assert sorted(p.name for p in (target / "locales").iterdir() if p.is_dir()) == ["en", "es", "zh"]
    labels = (target / "locales/zh/LC_MESSAGES/labels.po").read_text(encoding="utf-8")
    assert 'msgstr "主持人"' in labels  # translated, as a native editor would
    assert sorted(newkit.skeleton_locales()) == ["ar", "en", "es", "fr", "ru", "zh"]
