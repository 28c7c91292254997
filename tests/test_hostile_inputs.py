"""Hostile and broken inputs, table-driven, and a bounded fuzz: no traceback, ever (issue 17).

Every case goes through what a build does before the engine (load the content, read the
catalogs, translate, format, render the LaTeX) and through ``kitbuilder check``; an input
is either used, or refused with a one-line ``path:line: message``. No TeX engine runs here:
what only the PDF shows is tested in test_hostile.py.
"""

from __future__ import annotations

import contextlib
import gettext
import io
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from conftest import ROOTS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kitbuilder.build import render_locale
from kitbuilder.catalogs import read_catalog
from kitbuilder.cli import main
from kitbuilder.content import MAX_ALIASES, MAX_CONTENT_SIZE
from kitbuilder.errors import CatalogError, KitbuilderError
from kitbuilder.kitdir import read_content
from kitbuilder.schema import MAX_MESSAGE_LENGTH
from kitbuilder.stamps import BuildOptions

TEXT_YAML = "content/text.yaml"
TEXT_PO = "locales/fr/LC_MESSAGES/text.po"
PARAGRAPH_MSGSTR = 'msgstr "BEGIN substitut END"'


@contextlib.contextmanager
def hostile_kit() -> Iterator[Path]:
    """A fresh copy of the one-paragraph kit (a context manager: the fuzz makes many)."""
    with tempfile.TemporaryDirectory() as folder:
        kit = Path(folder) / "hostile"
        shutil.copytree(ROOTS / "hostile", kit, ignore=shutil.ignore_patterns("build"))
        yield kit


def run(kit: Path, locale: str = "fr") -> str:
    """Render ``locale`` as a build does before the engine; the LaTeX."""
    return render_locale(kit, read_content(kit), locale, BuildOptions()).tex


def check_says(kit: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """``kitbuilder check``'s exit code and what it printed to stderr."""
    code = main(["check", "--kit", str(kit)])
    return code, capsys.readouterr().err


def part(paragraph: str) -> str:
    return f"id: text\ntitle: Text\npage_break: false\nblocks:\n  - kind: text\n    paragraphs:\n      - {paragraph}\n"


LONG = "word " * 1900
CONTENT_CASES = [
    # (name, content/text.yaml, the error it gives as "line: message" regex; None: it builds)
    ("number sNaN", part('"{number:sNaN} reports"'), r"7: .*not a finite number"),
    ("percent sNaN", part('"{percent:sNaN}"'), r"7: .*not a finite number"),
    ("money sNaN", part('"{money:sNaN EUR}"'), r"7: .*not a finite number"),
    ("number 1E+100000", part('"{number:1E+100000}"'), r"7: .*too large"),
    ("compact 1E+huge", part('"{number:1E+999999999999999999|compact}"'), r"7: .*too large"),
    ("chart .nan", part("x") + "  - kind: chart\n    id: c\n    title: T\n    source: S\n    bars:\n"
     "      - {label: a, value: .nan}\n", r"13: .*expected a finite number, found '.nan'"),
    ("chart .inf", part("x") + "  - kind: chart\n    id: c\n    title: T\n    source: S\n    bars:\n"
     "      - {label: a, value: -.inf}\n", r"13: .*expected a finite number"),
    ("alias amplification", part(f"&p {LONG}") + "".join("      - *p\n" for _ in range(2000)),
     rf"7: more than {MAX_ALIASES} aliases"),
    ("billion laughs", "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]\n" for i in range(1, 12)) + part("x"),
     r"\d+: (more than .* aliases|with its aliases expanded)"),
    ("alias inside itself", "id: text\ntitle: Text\nblocks: &b\n  - kind: text\n    paragraphs: *b\n",
     r"3: an alias refers to the value that contains it"),
    ("message too long", part("x" * (MAX_MESSAGE_LENGTH + 1)), rf"7: .*the limit is {MAX_MESSAGE_LENGTH:,}"),
    ("literal text too long", part("x").replace("id: text", "id: text\nsource_language: en").replace(
        "    paragraphs:", "    title: {text: x, note: " + "n" * (MAX_MESSAGE_LENGTH + 1) + "}\n    paragraphs:"),
     rf"7: .*'title'.note: this text is {MAX_MESSAGE_LENGTH + 1:,} characters long"),
    ("file too large", part("x") + "".join(f"      - {'y' * 999}\n" for _ in range(MAX_CONTENT_SIZE // 1000)),
     rf"\d+: the file is larger than {MAX_CONTENT_SIZE:,} characters"),
    ("nested too deep", "id: text\ntitle: Text\nblocks: " + "[" * 900 + "]" * 900 + "\n", r"3: values nested"),
    ("nested deeper than libyaml", "id: text\ntitle: Text\nblocks: " + "[" * 2000 + "]" * 2000 + "\n",
     r"3: YAML syntax error"),
    ("python tag", part("!!python/object/apply:os.system [echo pwned]"), r"7: .*expected a single value"),
    ("python tag on a value", part("x").replace("title: Text", "title: !!python/name:os.system x"),
     r"2: .*could not determine a constructor"),
    ("NUL byte", part("a\x00b"), r"7: YAML error: .*"),
    ("tab indentation", "id: text\ntitle: Text\nblocks:\n\t- kind: text\n", r"4: YAML syntax error"),
    ("empty", "", r"1: the file is empty"),
    ("only a comment", "# nothing\n", r"1: the file is empty"),
    ("a list, not a mapping", "- a\n- b\n", r"1: .*expected a mapping"),
    ("unknown field", part("x").replace("page_break", "pagebreak"), r"3: .*unknown field 'pagebreak'"),
    ("date that does not exist", part('"{date:2018-02-30}"'), r"7: .*not a valid date"),
    ("huge integer", part("x") + "  - kind: articles\n    id: l\n    law: L\n    items:\n"
     "      - {id: a, number: " + "9" * 5000 + ", description: d}\n", r"12: .*'number': a number too long"),
    ("stray mapping key", part("x") + "  [a]: b\n", r"8: YAML syntax error"),
    ("TeX and Lua in content", part(r"'\input{/etc/passwd} \directlua{os.exit(1)} ^^5c %'"), None),
    ("bidi controls", part("\u202eevil\u202c \u2066x\u2069"), None),
    ("10,000-letter word", part("w" * MAX_MESSAGE_LENGTH), None),
    ("URL ordinal", part("https://example.org/2e-rapport"), None),
]


@pytest.mark.parametrize(("content", "expected"), [c[1:] for c in CONTENT_CASES], ids=[c[0] for c in CONTENT_CASES])
def test_hostile_content(content: str, expected: str | None, capsys: pytest.CaptureFixture[str]) -> None:
    with hostile_kit() as kit:
        (kit / TEXT_YAML).write_text(content, encoding="utf-8")
        if expected is None:
            assert run(kit, "en")
            return
        with pytest.raises(KitbuilderError) as info:
            run(kit, "en")
        assert re.match(rf"{TEXT_YAML}:{expected}", str(info.value)), str(info.value)
        code, err = check_says(kit, capsys)
        assert code == 1
        assert err == f"kitbuilder: {info.value}\n"  # one line, the same, and no traceback


PO_CASES: list[tuple[str, str, tuple[str, str, int] | None]] = [
    # (name, what replaces the paragraph's msgstr line; None: it is translated, or "fallback" (the
    # source is printed, the entry reported) or "error", a regex, and the line from the msgstr's)
    *[(f"separator U+{ord(c):04X}", f'msgstr "BEGIN sub{c}stitut END"', ("fallback", "line break", -1))
      for c in "\u2028\u2029\u0085\x0b\x0c\x1c\x1d\x1e"],
    ("escaped NUL", r'msgstr "BEGIN sub\000stitut END"', ("fallback", "control character U\\+0000", -1)),
    ("escaped ESC", r'msgstr "BEGIN sub\x1bstitut END"', ("fallback", "control character U\\+001B", -1)),
    ("octal backslash", r'msgstr "BEGIN \134input END"', None),
    ("hex backslash", r'msgstr "BEGIN \x5c/input END"', None),
    ("TeX and Lua in a msgstr", r'msgstr "BEGIN \\input{/etc/passwd} \\directlua{os.exit(1)} ^^5c % END"', None),
    # Line 22: the fixture catalog's header has a PO-Revision-Date line.
    ("duplicate msgid", PARAGRAPH_MSGSTR + '\n\nmsgid "BEGIN placeholder END"\nmsgstr "x"',
     ("error", r"duplicate message 'BEGIN placeholder END' \(first at line 22\)", 2)),
    ("plural", 'msgid_plural "BEGIN placeholders END"\nmsgstr[0] "Un"\nmsgstr[1] "Deux"',
     ("error", "'msgid_plural': kitbuilder's messages have no plural forms", 0)),
    ("msgstr too long", f'msgstr "{"x" * (MAX_MESSAGE_LENGTH + 1)}"', ("error", "at most", 0)),
    ("unknown escape", r'msgstr "BEGIN \q END"', ("error", r"syntax error: unknown escape '\\q'", 0)),
    ("escapes making bad UTF-8", r'msgstr "BEGIN \351 END"', ("error", "not valid UTF-8", 0)),
    ("EOT, the .mo context separator", r'msgstr "BEGIN \004 END"', ("error", "U\\+0004", 0)),
    ("a raw NUL byte", 'msgstr "BEGIN \x00 END"', ("error", "a NUL byte", 0)),
    ("line breaks that differ", r'msgstr "BEGIN substitut END\n"', ("error", "do not both end with a line", -1)),
    ("unbalanced quote", 'msgstr "BEGIN substitut END', ("error", "syntax error", 0)),
    ("second msgstr", PARAGRAPH_MSGSTR + '\nmsgstr "again"', ("error", "syntax error", 1)),
    ("msgctxt and no msgid", PARAGRAPH_MSGSTR + '\nmsgctxt "c"', ("error", "no msgstr", 1)),
    ("conflict marker", PARAGRAPH_MSGSTR + "\n#-#-#-#-#  a.po  #-#-#-#-#", ("error", "conflicting translations", 1)),
    ("CRLF line ends", PARAGRAPH_MSGSTR + "\r", None),
    ("obsolete entry", PARAGRAPH_MSGSTR + '\n\n#~ msgid "gone"\n#~ msgstr "parti"', None),
]


@pytest.mark.parametrize(("msgstr", "expected"), [c[1:] for c in PO_CASES], ids=[c[0] for c in PO_CASES])
def test_hostile_catalog(msgstr: str, expected: tuple[str, str, int] | None,
                         capsys: pytest.CaptureFixture[str]) -> None:
    with hostile_kit() as kit:
        po = kit / TEXT_PO
        text = po.read_text(encoding="utf-8")
        line = text[: text.index(PARAGRAPH_MSGSTR)].count("\n") + 1
        po.write_bytes(text.replace(PARAGRAPH_MSGSTR, msgstr).encode("utf-8"))
        kind = expected[0] if expected else "ok"
        if kind == "error":
            assert expected is not None
            with pytest.raises(CatalogError) as info:
                run(kit)
            assert re.match(rf"{TEXT_PO}:{line + expected[2]}: .*{expected[1]}", str(info.value)), str(info.value)
            code, err = check_says(kit, capsys)
            assert (code, err) == (1, f"kitbuilder: {info.value}\n")
            return
        rendered = render_locale(kit, read_content(kit), "fr", BuildOptions())
        fallbacks = rendered.translator.fallbacks
        if kind == "fallback":
            assert expected is not None
            (fallback,) = fallbacks
            assert (fallback.catalog, fallback.line) == (TEXT_PO, line + expected[2])  # the entry's msgid line
            assert re.search(expected[1], fallback.describe())
            assert "BEGIN placeholder END" in rendered.tex  # the source is printed instead
            code, out = main(["check", "--kit", str(kit)]), capsys.readouterr().out
            assert code == 1
            assert f"{TEXT_PO}:{line + expected[2]}:" in out
        else:
            assert fallbacks == []
            assert "BEGIN" in rendered.tex


# --- Property-based: whatever is typed, a build reads it or refuses it with path:line. -------

HOSTILE_CHARS = st.one_of(
    st.sampled_from(list("\\{}$&%#_^~[]<>|\"'`-!?,.:;@/*=+&*!|>-?:#{}[]")),  # TeX's and YAML's specials
    st.sampled_from(list("\x00\x07\x0b\x0c\x1b\x1c\x7f\x85\u00a0\u00ad\u200b\u200e\u202e\u2028\u2029\ufeff\ufffd")),
    st.sampled_from(["{number:", "{percent:", "{money:", "{date:", "|compact}", "}", "NaN", "1E+99999", "sNaN",
                     "https://", "www.", "@example.org", "2e", "1er", "&a ", "*a", "!!", "\n", "\n  ", "- ", ": "]),
    st.characters(codec="utf-8"),
)
HOSTILE_TEXT = st.lists(HOSTILE_CHARS, max_size=25).map("".join)
# A bounded run: a fixed number of examples, each well under a second (no TeX engine).
BOUNDED = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@BOUNDED
@given(paragraph=HOSTILE_TEXT, splice=HOSTILE_TEXT, at=st.integers(min_value=0, max_value=200))
def test_fuzzed_content_yaml_is_read_or_refused_with_its_line(paragraph: str, splice: str, at: int) -> None:
    """A paragraph of anything (as YAML writes it), and raw YAML spliced into the file anywhere."""
    document = {"id": "text", "title": "Text", "page_break": False,
                "blocks": [{"kind": "text", "paragraphs": [paragraph or "x"]}]}
    valid = yaml.safe_dump(document, allow_unicode=True)
    for content in (valid, valid[:at] + splice + valid[at:]):
        with hostile_kit() as kit:
            (kit / TEXT_YAML).write_text(content, encoding="utf-8", errors="surrogatepass")
            for locale in ("en", "fr"):
                try:
                    run(kit, locale)
                except KitbuilderError as exc:
                    assert exc.path and str(exc).startswith(exc.path), str(exc)
                    assert exc.line is not None or "catalog" in str(exc), str(exc)


def gettext_reads(po: bytes) -> dict[str, str] | None:
    """The messages GNU msgfmt compiles from ``po``, or None when it refuses the file."""
    with tempfile.TemporaryDirectory() as folder:
        source, compiled = Path(folder) / "t.po", Path(folder) / "t.mo"
        source.write_bytes(po)
        if subprocess.run(["msgfmt", "-o", str(compiled), str(source)], capture_output=True).returncode:
            return None
        with compiled.open("rb") as f:
            try:
                catalog: dict[str, str] = gettext.GNUTranslations(f)._catalog  # type: ignore[attr-defined]
            except UnicodeDecodeError:
                return None  # escapes that make bytes that are not UTF-8: kitbuilder refuses those
        return {k: v for k, v in catalog.items() if k}


PO_CHARS = st.one_of(
    st.sampled_from(["\\", "\\\\", '\\"', '"', "\\n", "\\t", "\\a", "\\134", "\\x5c", "\\x", "\\000", "\\0",
                     "\\303\\251", "\\xc3\\xa9", "\\351", "\\q", "\\?", "\\'", "\n", '"\n"', "\nmsgstr \"",
                     "\nmsgid \"", "\nmsgid_plural \"", "#", "\r", "{number:18119}", "https://x.org/2e"]),
    st.sampled_from(list("\x00\x0b\x0c\x1c\x85\u2028\u2029\u202e\ufeff")),
    st.characters(codec="utf-8", exclude_characters="\x00"),
)
PO_TEXT = st.lists(PO_CHARS, max_size=20).map("".join)


@settings(BOUNDED, max_examples=150)
@given(msgid=PO_TEXT, msgstr=PO_TEXT)
def test_fuzzed_po_entries_read_as_gettext_reads_them_or_are_refused_with_their_line(msgid: str, msgstr: str) -> None:
    header = ('msgid ""\nmsgstr ""\n"Language: fr\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
              'msgid "Text"\nmsgstr "Texte"\n\n')
    po = (header + f'msgid "{msgid}"\nmsgstr "{msgstr}"\n').encode("utf-8", errors="surrogatepass")
    expected = gettext_reads(po)
    try:
        catalog = read_catalog(io.BytesIO(po), TEXT_PO, "fr")
    except CatalogError as exc:
        assert exc.line is not None and 1 <= exc.line <= po.count(b"\n") + 1, str(exc)
        assert str(exc).startswith(f"{TEXT_PO}:{exc.line}: ")
        return
    read = {str(m.id): str(m.string) for m in catalog if m.id and m.string}
    if any("\x00" in str(m.id) + str(m.string) for m in catalog):
        return  # gettext cuts a string at an escaped NUL; kitbuilder keeps it, to report the translation
    assert expected is not None, "kitbuilder read a catalog GNU msgfmt refuses"
    assert read == expected
