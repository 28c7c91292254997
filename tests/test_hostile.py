"""Hostile text: whatever content authors or translators type prints as that text.

Each example goes into the content and into the French translation. Without the engine,
many generated examples are rendered and each must come out escaped exactly once; with
LuaLaTeX (marked latex), a few are built in both locales and the PDFs are read back.
"""

import io
import json
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
import yaml
from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po
from conftest import ROOTS, pdf_text
from hypothesis import HealthCheck, Phase, assume, example, given, settings
from hypothesis import strategies as st

from kitbuilder.build import build_edition, load_translator, render_locale
from kitbuilder.cli import main
from kitbuilder.edition import Edition
from kitbuilder.errors import KitbuilderError
from kitbuilder.kitdir import read_content
from kitbuilder.localize import localize_message
from kitbuilder.proof import OVERFLOW_RULES
from kitbuilder.render import to_latex
from kitbuilder.report import LocaleReport
from kitbuilder.stamps import BuildOptions

# Characters TeX, LaTeX, babel or the PDF reader could take for something else.
SPECIALS = "\\{}$&%#_^~[]<>|\"'`-!?,.:;@/*=+"
PRINTABLE = st.text(alphabet=st.sampled_from(SPECIALS + "abcXYZ019 "), min_size=1, max_size=30)
ANY_UNICODE = st.text(
    alphabet=st.one_of(
        st.sampled_from(SPECIALS),
        st.sampled_from("\x00\x07\x1b\x7f\u2028\u2029\u00a0\u202f\u200b\u0301\u0308"),  # controls, separators, marks
        st.sampled_from("שלום مرحبا Ωμέγα Привет 漢字 🙂 ☃ ∑"),  # right-to-left, other scripts, no font at all
        st.characters(codec="utf-8"),
    ),
    min_size=1,
    max_size=20,
)


def hostile_kit(tmp_path: Path, text: str) -> Path:
    """The one-paragraph kit with ``text`` in the content and in its French translation."""
    kit = tmp_path / "hostile"
    if kit.exists():
        shutil.rmtree(kit)
    shutil.copytree(ROOTS / "hostile", kit)
    paragraph = f"BEGIN {text} END"
    part = yaml.safe_load((kit / "content/text.yaml").read_text(encoding="utf-8"))
    part["blocks"][0]["paragraphs"] = [paragraph]
    (kit / "content/text.yaml").write_text(yaml.safe_dump(part, allow_unicode=True), encoding="utf-8")
    source = " ".join(paragraph.split())  # as the loader folds it
    catalog = Catalog(locale="fr", charset="utf-8")
    catalog.add("Text", "Texte")
    catalog.add(source, "FR " + source)
    buffer = io.BytesIO()
    write_po(buffer, catalog)
    (kit / "locales/fr/LC_MESSAGES/text.po").write_bytes(buffer.getvalue())
    return kit


def build_with(tmp_path: Path, text: str) -> dict[str, str]:
    """Build the hostile kit in both locales: the texts their PDFs print."""
    kit = hostile_kit(tmp_path, text)
    texts = {}
    content = read_content(kit)
    for locale in ("en", "fr"):
        report = build_edition(kit, content, Edition.parse(locale), kit / "build")
        assert not [w for w in report.warnings if "overfull" in w]
        texts[locale] = pdf_text(kit / "build" / locale / "kit.pdf")
    return texts


def folded(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def french(text: str) -> str:
    """As babel-french sets it: a space before ; : ! ? (typed spaces there are normalised away)."""
    return re.sub(r"\s*([;:!?])", r" \1", text)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
# U+0004 separates a context from its text in a .mo file: gettext refuses it in a catalog,
# and so does read_catalog (tests/test_catalogs.py), so it cannot reach a translation. Nor
# can a raw NUL byte, which Babel's writer would put in text.po as it is and msgfmt refuses.
@given(st.one_of(PRINTABLE, ANY_UNICODE).filter(lambda text: "\x04" not in text and "\x00" not in text))
@example("0-0")  # a number's hyphen is tied (U+2011), which the escaper prints as \mbox{-}
def test_hostile_text_is_escaped_exactly_once_on_its_way_to_tex(tmp_path: Path, text: str) -> None:
    kit = hostile_kit(tmp_path, text)
    try:
        content = read_content(kit)
        translators = {locale: load_translator(kit, content, locale) for locale in ("en", "fr")}
    except KitbuilderError:
        assume(False)  # refused with its file and line (a NUL byte, say): test_hostile_inputs checks how
    (message,) = [m for m in content.messages if m.text.startswith("BEGIN")]
    for locale, translator in translators.items():
        cldr = Locale.parse(locale)
        printed = localize_message(message, translator, cldr)
        tex = render_locale(kit, content, locale, BuildOptions()).tex
        assert to_latex(printed, cldr) in tex
        body = tex[tex.index(r"\begin{document}"):]
        # No command but the escaper's own reaches TeX from the paragraph.
        paragraph = body[body.index("BEGIN"):body.rindex("END")]
        commands = set(re.findall(r"\\([A-Za-z]+)", paragraph))
        assert commands <= ESCAPER_COMMANDS, commands


# The commands the escaping function (and the link markup) writes.
ESCAPER_COMMANDS = {"textbackslash", "textasciicircum", "textasciitilde", "textquotedbl", "textbar",
                    "textquotesingle", "textasciigrave", "kbnolig", "kbnnbsp", "nobreakspace", "symbol",
                    "textsuperscript", "href", "kblink", "kbbreak", "mbox"}


# Through the engine: hand-picked examples only (the generated ones are checked above).
@pytest.mark.latex
@settings(phases=[Phase.explicit], deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(PRINTABLE.filter(lambda s: s.strip()))
@example(r"\input{/etc/passwd} \write18{touch /tmp/kitbuilder-pwned} \directlua{os.exit(1)}")
@example(r"\catcode`\@=11 \csname relax\endcsname ^^5cinput{/etc/hostname} $x^2$ 100% & #1 a_b ~")
@example("-- --- `` '' << >> !` ?` ,,")
def test_printable_specials_print_literally(tmp_path: Path, text: str) -> None:
    texts = build_with(tmp_path, text)
    assert f"BEGIN {folded(text)} END" in texts["en"]
    assert french(f"FR BEGIN {folded(text)} END") in french(texts["fr"])
    assert "root:x:0" not in texts["en"]
    assert not Path("/tmp/kitbuilder-pwned").exists()


@pytest.mark.latex
@settings(phases=[Phase.explicit], deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ANY_UNICODE)
@example("שלום مرحبا Ωμέγα Привет")
def test_any_unicode_builds_and_surrounding_text_survives(tmp_path: Path, text: str) -> None:
    texts = build_with(tmp_path, text)
    for locale in ("en", "fr"):
        assert "BEGIN" in texts[locale]
        assert "END" in texts[locale]
    # Letters the fonts (or the DejaVu fallback) have come back out of the PDF.
    for word in re.findall(r"[A-Za-zΑ-Ωα-ωА-Яа-я]{3,}", unicodedata.normalize("NFC", text)):
        assert word in texts["en"]


@pytest.mark.latex
def test_a_web_address_cannot_smuggle_tex_or_lua(tmp_path: Path) -> None:
    """TeX reads ^^5c as a backslash: inside a link target it must not get the chance."""
    marker = tmp_path / "lua-ran"
    payload = (f"https://example.org/^^5cdirectlua^^7blocal^^20f=io.open('{marker}','w')^^7d "
               "mail^^5cinput@example.org")
    texts = build_with(tmp_path, payload)
    assert not marker.exists()
    assert "example.org" in texts["en"]


# --- Faults only the PDF shows (issue 17, items 8, 10 and 11): built in English alone. ------


def build_english(tmp_path: Path, blocks: list[dict[str, object]], title: str = "Hostile text",
                  options: BuildOptions | None = None) -> tuple[Path, LocaleReport]:
    kit = tmp_path / "hostile"
    shutil.copytree(ROOTS / "hostile", kit)
    config = yaml.safe_load((kit / "content/kit.yaml").read_text(encoding="utf-8"))
    config["title"] = title
    (kit / "content/kit.yaml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    part = yaml.safe_load((kit / "content/text.yaml").read_text(encoding="utf-8"))
    part["blocks"] = blocks
    (kit / "content/text.yaml").write_text(yaml.safe_dump(part, allow_unicode=True, width=10**6), encoding="utf-8")
    report = build_edition(kit, read_content(kit), Edition.parse("en"), kit / "build", options or BuildOptions())
    return kit / "build/en/kit.pdf", report


def pdf_objects(pdf: Path) -> list[object]:
    """Every value of the PDF's objects, as qpdf reads them (strings decoded: "u:..." is text)."""
    data = json.loads(subprocess.run(["qpdf", "--json", str(pdf)], capture_output=True, text=True,
                                     check=True).stdout)
    found: list[object] = []

    def walk(value: object) -> None:
        found.append(value)
        if isinstance(value, dict):
            for inner in value.values():
                walk(inner)
        elif isinstance(value, list):
            for inner in value:
                walk(inner)

    walk(data)
    return found


def pdf_values(pdf: Path, key: str) -> set[str]:
    return {str(o[key]).removeprefix("u:") for o in pdf_objects(pdf) if isinstance(o, dict) and key in o}


def pdf_info(pdf: Path) -> dict[str, str]:
    """The document information dictionary (title, author...), as qpdf decodes it."""
    objects = json.loads(subprocess.run(["qpdf", "--json", str(pdf)], capture_output=True, text=True,
                                        check=True).stdout)["qpdf"][1]
    info = objects["obj:" + objects["trailer"]["value"]["/Info"]]["value"]
    return {k: str(v).removeprefix("u:") for k, v in info.items()}


@pytest.mark.latex
def test_a_word_too_long_for_the_page_is_a_warning_naming_its_source(tmp_path: Path) -> None:
    """A 9,000-letter word overflowed TeX's largest dimension and left the page unreported."""
    blocks: list[dict[str, object]] = [{"kind": "text", "paragraphs": ["BEGIN " + "x" * 9000 + " END"]}]
    pdf, report = build_english(tmp_path / "normal", blocks)
    overfull = [w for w in report.warnings if w.startswith("overfull")]
    assert overfull, report.warnings
    assert all("content/text.yaml:" in w for w in overfull), overfull
    # The proof check sees the line leave the page and names its content line; --strict
    # fails on it (tests/test_proof.py runs the command line).
    off_page = [f for f in report.proof if f["rule"] in OVERFLOW_RULES]
    assert off_page, report.proof
    assert all(f["origin"].startswith("content/text.yaml:") for f in off_page), off_page
    assert main(["build", "--kit", str(pdf.parents[2]), "--locale", "en", "--strict"]) == 1


LINKS = ["https://example.org/page#frag", "https://example.org/?a=1&b=2", "https://example.org/a%20b",
         "http://[::1]:8080/x", "https://example.org/~me/x_y$z!'()*+,;=", "https://example.org/Mixed/Case"]


@pytest.mark.latex
def test_link_targets_keep_their_meaning_and_case_in_the_pdf(tmp_path: Path) -> None:
    """Link targets as RFC 3986 reads them, also where the visible text is upper-cased."""
    paragraphs = [f"Link {url} here." for url in LINKS] + ["Mail x%y@example.org now."]
    blocks: list[dict[str, object]] = [{"kind": "text", "paragraphs": paragraphs},
              {"kind": "facts", "items": [{"label": "See https://example.org/Upper/Case#Frag",
                                           "text": ["Facts."]}]}]
    pdf, _ = build_english(tmp_path, blocks)
    # (A link broken across lines is one annotation a line: compare the set of targets.)
    assert pdf_values(pdf, "/URI") == {*LINKS, "mailto:x%25y@example.org", "https://example.org/Upper/Case#Frag"}
    text = pdf_text(pdf)
    # The label wraps in its narrow column, the fact's first line printed beside it.
    assert re.search(r"HTTPS://EXAMPLE\.ORG/(?:Facts\.)?UPPER/CASE#FRAG", text.replace(" ", ""))
    assert "x%y@example.org" in text


@pytest.mark.latex
def test_pdf_metadata_holds_no_bidi_control_or_replacement_character(tmp_path: Path) -> None:
    pdf, _ = build_english(tmp_path, [{"kind": "text", "paragraphs": ["Text."]}],
                           title="Kit \u202eevil\u202c \u2066title\u2069\u200b 2018")
    assert pdf_info(pdf)["/Title"] == "Kit evil title 2018"
