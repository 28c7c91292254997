"""Hostile text: whatever content authors or translators type prints as that text, through real TeX.

Each example goes into the content and into the French translation, both locales are
built with LuaLaTeX, and the PDFs are read back.
"""

import io
import re
import shutil
import unicodedata
from pathlib import Path

import pytest
import yaml
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po
from conftest import ROOTS, pdf_text
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kitbuilder.build import build_locale
from kitbuilder.kitdir import read_content

pytestmark = pytest.mark.latex

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


def build_with(tmp_path: Path, text: str) -> dict[str, str]:
    """Build the one-paragraph kit with ``text`` in the content and in its French translation."""
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
    texts = {}
    content = read_content(kit)
    for locale in ("en", "fr"):
        report = build_locale(kit, content, locale, kit / "build")
        assert not [w for w in report.warnings if "overfull" in w]
        texts[locale] = pdf_text(kit / "build" / locale / "kit.pdf")
    return texts


def folded(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def french(text: str) -> str:
    """As babel-french sets it: a space before ; : ! ? (typed spaces there are normalised away)."""
    return re.sub(r"\s*([;:!?])", r" \1", text)


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
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


@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
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


def test_a_web_address_cannot_smuggle_tex_or_lua(tmp_path: Path) -> None:
    """TeX reads ^^5c as a backslash: inside a link target it must not get the chance."""
    marker = tmp_path / "lua-ran"
    payload = (f"https://example.org/^^5cdirectlua^^7blocal^^20f=io.open('{marker}','w')^^7d "
               "mail^^5cinput@example.org")
    texts = build_with(tmp_path, payload)
    assert not marker.exists()
    assert "example.org" in texts["en"]
