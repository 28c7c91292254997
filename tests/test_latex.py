import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from kitbuilder.errors import LatexError
from kitbuilder.latex import compile_pdf, languages, needs_another_pass, parse_log
from kitbuilder.latex.fonts import font_setup, script_of

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


def test_fonts_follow_the_script_of_each_language_and_of_the_words_the_text_uses() -> None:
    assert script_of("fr") == "Latn" and script_of("ru") == "Cyrl" and script_of("zh_Hant") == "Hant"
    english: dict[str, str | bool] = {"name": "english", "script": "Latn"}
    russian: dict[str, str | bool] = {"name": "russian", "script": "Cyrl"}
    fonts = font_setup([english, russian], set())
    assert (fonts["serif"], fonts["sans"]) == ("TeX Gyre Pagella", "TeX Gyre Heros")
    assert fonts["languages"] == [{"name": "russian", "serif": "P052", "sans": "Nimbus Sans",
                                   "serif_fallback": "kbcyrlserif", "sans_fallback": "kbcyrlsans"}]
    # Each font falls back on the fonts of the other scripts in use, then on DejaVu Sans.
    assert fonts["chains"]["kblatnserif"] == ["P052:mode=harf;", "DejaVuSans.ttf:mode=harf;"]
    # A Chinese word in English text: the CJK font joins the chain only when the text has one.
    assert "Noto Serif CJK SC:mode=harf;" in font_setup([english], {"Hans"})["chains"]["kblatnserif"]
    assert font_setup([english], set())["chains"]["kblatnserif"] == ["DejaVuSans.ttf:mode=harf;"]
    # A script without a row of its own keeps the Latin fonts.
    greek: dict[str, str | bool] = {"name": "greek", "script": "Grek"}
    assert font_setup([greek], set())["languages"] == []


DATED = ("\\documentclass{article}\n\\pdfvariable trailerid {<00112233445566778899aabbccddeeff>}\n"
         "\\begin{document}\nx\n\\end{document}\n")


@pytest.mark.latex
def test_the_time_zone_changes_no_byte_of_the_pdf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pdfs = []
    for zone in ("UTC", "Europe/Paris", "America/New_York"):
        monkeypatch.setenv("TZ", zone)
        folder = tmp_path / zone.replace("/", "-")
        folder.mkdir()
        (folder / "doc.tex").write_text(DATED)
        pdfs.append(compile_pdf(folder / "doc.tex", source_date_epoch=1_521_000_000).pdf.read_bytes())
    assert b"/CreationDate (D:20180314040000Z)" in pdfs[0]
    assert pdfs[1] == pdfs[0] and pdfs[2] == pdfs[0]


@pytest.mark.latex
def test_a_locale_the_system_lacks_does_not_stop_the_engine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LC_ALL", "xx_YY.UTF-8")
    monkeypatch.setenv("LANG", "zz_ZZ.UTF-8")
    (tmp_path / "doc.tex").write_text(DATED)
    assert compile_pdf(tmp_path / "doc.tex").log.pages == 1


def engines_in(folder: Path) -> list[int]:
    """The engines (of any user we may look at) whose working directory is below ``folder``."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cwd = os.readlink(proc / "cwd")
            command = (proc / "cmdline").read_bytes().split(b"\0")[0]
        except OSError:
            continue  # gone, or not ours to read
        if os.path.basename(command).startswith(b"lua") and Path(cwd).is_relative_to(folder):
            found.append(int(proc.name))
    return found


def wait_for(condition: Callable[[], object], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return bool(condition())


# A template that loops: expands forever, at full CPU, printing nothing. It first says so
# with a file, having flushed what the engine printed (an orphan engine that still prints
# dies of the closed pipe, and would hide the bug).
def cpu_limit(pid: int) -> int | None:
    limits = (Path("/proc") / str(pid) / "limits").read_text()
    soft = re.search(r"^Max cpu time +(\S+)", limits, re.M)
    return int(soft.group(1)) if soft and soft.group(1).isdigit() else None


SPIN = "\\directlua{io.stdout:flush() io.open('spinning', 'w'):close()}\\def\\spin{\\spin}\\spin\n"


@pytest.mark.latex
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT], ids=lambda sig: sig.name)
def test_the_engine_dies_with_kitbuilder(make_kit: Callable[[str], Path], sig: signal.Signals) -> None:
    kit = make_kit("basic")
    (kit / "templates/latex").mkdir(parents=True)
    (kit / "templates/latex/cover.tex").write_text(SPIN, encoding="utf-8")
    kitbuilder = Path(sys.executable).parent / "kitbuilder"
    with subprocess.Popen([str(kitbuilder), "build", "--kit", str(kit), "--locale", "en", "--locale", "fr"],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE) as build:
        try:
            assert wait_for(lambda: len(engines_in(kit)) == 2, 60), "the engines never started"
            assert wait_for(lambda: len(list(kit.glob("build/*/.work/spinning"))) == 2, 60), "no engine spins"
            # The kernel's own time limit, which holds with kitbuilder gone: CPU seconds.
            assert all(cpu_limit(pid) == 300 for pid in engines_in(kit))
            build.send_signal(sig)
            _, err = build.communicate(timeout=10)
            assert wait_for(lambda: not engines_in(kit), 3), f"engines left running after {sig.name}"
        finally:
            build.kill()
            for pid in engines_in(kit):  # this test's own strays, so that they do not spin on
                os.kill(pid, signal.SIGKILL)
    assert build.returncode != 0
    assert b"Traceback" not in err


@pytest.mark.latex
def test_a_compilation_never_shares_its_folder_with_a_live_engine(tmp_path: Path) -> None:
    (tmp_path / "spin.tex").write_text(SPIN)
    (tmp_path / "doc.tex").write_text(DATED)
    spinning: list[BaseException] = []

    def spin() -> None:
        try:
            compile_pdf(tmp_path / "spin.tex", timeout=4)
        except LatexError as exc:
            spinning.append(exc)

    first = threading.Thread(target=spin)
    first.start()
    try:
        assert wait_for(lambda: (tmp_path / "spinning").exists(), 60)
        beside: list[int] = []
        compile_pdf(tmp_path / "doc.tex", on_pass=lambda number: beside.extend(engines_in(tmp_path)))
    finally:
        first.join()
    assert beside == []
    assert "did not finish within 4 s" in str(spinning[0])
