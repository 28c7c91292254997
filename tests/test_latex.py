from pathlib import Path

import pytest

from kitbuilder.errors import LatexError
from kitbuilder.latex import compile_pdf, languages, needs_another_pass, parse_log

LOG = """\
This is LuaHBTeX, Version 1.15.0 (TeX Live 2022/Debian)  (format=lualatex 2023.1.1)
Overfull \\hbox (12.3pt too wide) in paragraph at lines 40--41
[]\\TU/TeXGyrePagella(0)/m/n/10.95 averyveryverylongword
Overfull \\hbox (0.4pt too wide) in paragraph at lines 50--50
Underfull \\hbox (badness 10000) in paragraph at lines 60--61
Missing character: There is no ☃ (U+2603) in font TeXGyrePagella-Regular!
LaTeX Warning: Reference `part:x' on page 3 undefined on input line 12.
Output written on kit.pdf (7 pages, 12345 bytes).
"""


def test_log_warnings_are_counted() -> None:
    report = parse_log(LOG)
    assert report.error is None
    assert report.pages == 7
    assert [o.points for o in report.overfull] == [12.3, 0.4]
    assert report.overfull[0].lines == "40--41"
    assert report.missing_glyphs == ["☃ (U+2603)"]
    assert report.undefined_references == ["part:x"]


def test_log_error_with_file_and_line() -> None:
    report = parse_log("./kit.tex:3: Undefined control sequence.\nl.3 \\foo\n! Emergency stop.\n")
    assert (report.error, report.error_file, report.error_line) == ("Undefined control sequence.", "./kit.tex", 3)


PACKAGE_LOADED = "Package: rerunfilecheck 2022-07-10 v1.10 Rerun checks for auxiliary files (HO)\n"


@pytest.mark.parametrize(("log", "aux_changed", "again"), [
    (PACKAGE_LOADED, True, False),  # a package's banner is no request
    (PACKAGE_LOADED + "LaTeX Warning: Label(s) may have changed. Rerun to get cross-references right.\n", False, True),
    ("Package longtable Warning: Table widths have changed. Rerun LaTeX.\n", False, True),
    ("kitbuilder: the contents took another number of pages than was held for it: rerun\n", False, True),
    (LOG, True, True),  # a reference undefined in a pass that wrote new labels
    (LOG, False, False),  # ... and one that stays undefined: another pass would not help
])
def test_another_pass_only_when_the_log_asks(log: str, aux_changed: bool, again: bool) -> None:
    assert needs_another_pass(log, parse_log(log), aux_changed=aux_changed) is again


@pytest.mark.latex
def test_engine_error_becomes_latex_error(tmp_path: Path) -> None:
    tex = tmp_path / "doc.tex"
    tex.write_text("\\documentclass{article}\n\\begin{document}\n\\undefinedmacro\n\\end{document}\n")
    with pytest.raises(LatexError) as info:
        compile_pdf(tex)
    assert info.value.line == 3
    assert info.value.path == str(tex)
    assert "Undefined control sequence" in str(info.value)


@pytest.mark.latex
def test_engine_cannot_read_outside_its_directory(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET")
    work = tmp_path / "work"
    work.mkdir()
    tex = work / "doc.tex"
    tex.write_text("\\documentclass{article}\n\\begin{document}\nx\\input{../secret.txt}\n\\end{document}\n")
    with pytest.raises(LatexError, match="not found"):
        compile_pdf(tex)


@pytest.mark.latex
def test_engine_runs_only_the_passes_needed(tmp_path: Path) -> None:
    tex = tmp_path / "doc.tex"
    tex.write_text("\\documentclass{article}\n\\begin{document}\n\\tableofcontents\n\\section{A}\\label{a}"
                   "See \\ref{a}.\n\\end{document}\n")
    first = compile_pdf(tex)
    assert first.passes == 2
    assert first.pdf.is_file()
    again = compile_pdf(tex)
    assert again.passes == 1


@pytest.mark.latex
def test_a_document_without_auxiliary_files_still_gets_its_pdf(tmp_path: Path) -> None:
    # The first pass of a cold build writes no PDF (-draftmode): one that writes no aux
    # file either must not be mistaken for a settled, finished build.
    tex = tmp_path / "doc.tex"
    tex.write_text("\\documentclass{article}\n\\nofiles\n\\begin{document}\nx\n\\end{document}\n")
    result = compile_pdf(tex)
    assert result.pdf.is_file()
    assert result.log.pages == 1


@pytest.mark.latex
def test_a_loop_that_never_ends_is_stopped(tmp_path: Path) -> None:
    tex = tmp_path / "doc.tex"
    tex.write_text("\\documentclass{article}\n\\begin{document}\n\\def\\loop{x\\loop}\\loop\n\\end{document}\n")
    with pytest.raises(LatexError, match="did not finish within 5 s"):
        compile_pdf(tex, timeout=5)


def test_a_script_s_packages_are_wanted_only_for_a_kit_with_a_locale_in_it(
        capsys: pytest.CaptureFixture[str]) -> None:
    """What scripts/ensure-system-deps installs: for the 2018 kit (en, fr) the Latin fonts and
    French alone; for the skeleton's six languages each script's fonts and TeX packages."""
    root = Path(__file__).resolve().parent.parent
    assert languages.main([str(root)]) == 0
    assert capsys.readouterr().out.split() == ["fonts-texgyre", "texlive-lang-french"]
    assert languages.main([str(root / "kitbuilder/skeleton")]) == 0
    assert set(capsys.readouterr().out.split()) == {
        "fonts-texgyre", "texlive-lang-french", "texlive-lang-spanish", "texlive-lang-cyrillic", "fonts-urw-base35",
        "fonts-hosny-amiri", "fonts-noto-core", "fonts-noto-cjk"}
    assert languages.main(["--locales", "qps-ploca"]) == 0  # a pseudo-locale needs its base's script
    assert capsys.readouterr().out.split() == ["fonts-noto-cjk"]
