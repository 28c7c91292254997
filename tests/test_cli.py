"""The console: exit codes, one-line errors, the JSON report, skipping unchanged locales."""

import json
import os
import pty
import re
import select
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import commit_all, pdf_text, replace_in

from kitbuilder.build import build_lock
from kitbuilder.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["build", "--no-such-option"])
    assert info.value.code == 2


def test_content_error_is_one_line_and_exit_1(make_kit: Callable[[str], Path],
                                              capsys: pytest.CaptureFixture[str]) -> None:
    kit = make_kit("basic")
    speakers = kit / "content/speakers.yaml"
    replace_in(speakers, "role: Veteran", "rol: Veteran")
    code, _, err = run(capsys, "build", "--kit", str(kit))
    assert code == 1
    assert err.strip().splitlines() == [
        "kitbuilder: content/speakers.yaml:9: speaker 'herbert': unknown field 'rol' (did you mean 'role'?)"]
    assert "Traceback" not in err


def test_broken_catalog_is_one_line_and_exit_1(make_kit: Callable[[str], Path],
                                               capsys: pytest.CaptureFixture[str]) -> None:
    kit = make_kit("basic")
    po = kit / "locales/fr/LC_MESSAGES/speakers.po"
    po.write_text(po.read_text(encoding="utf-8") + '\nmsgid "unterminated\nmsgstr ""\n', encoding="utf-8")
    code, _, err = run(capsys, "build", "--kit", str(kit), "--locale", "fr")
    assert code == 1
    assert re.fullmatch(r"kitbuilder: \[fr\] locales/fr/LC_MESSAGES/speakers.po:\d+: syntax error: .*\n", err)


@pytest.mark.latex
def test_json_report_then_noop_then_one_message_edit(make_kit: Callable[[str], Path],
                                                     capsys: pytest.CaptureFixture[str],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    kit = make_kit("basic")
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    (kit / ".gitignore").write_text("build/\n", encoding="utf-8")
    commit_all(kit, "The kit", "2018-03-01T09:00:00+00:00", init=True)
    code, out, _ = run(capsys, "build", "--kit", str(kit), "--json")
    assert code == 0
    report = {r["locale"]: r for r in json.loads(out)["locales"]}
    assert set(report) == {"en", "fr"}
    assert report["fr"]["pages"] == 5
    assert report["fr"]["warnings"] == []
    assert [p["title"] for p in report["fr"]["parts"]] == ["L’événement", "Intervenants",
                                                           "Annexe 1 – La loi article par article"]
    assert Path(report["fr"]["pdf"]).is_file()

    # A commit that only touches the README leaves every locale up to date: no engine runs.
    (kit / "README.md").write_text("Notes for the organisers.\n", encoding="utf-8")
    commit_all(kit, "README only", "2018-03-02T09:00:00+00:00")
    code, out, _ = run(capsys, "build", "--kit", str(kit), "--json")
    assert [r["up_to_date"] for r in json.loads(out)["locales"]] == [True, True]

    po = kit / "locales/fr/LC_MESSAGES/speakers.po"
    replace_in(po, "Il a reçu de nombreux prix.", "Il a reçu de très nombreux prix.")
    code, out, _ = run(capsys, "build", "--kit", str(kit), "--json")
    after = {r["locale"]: r for r in json.loads(out)["locales"]}
    assert after["en"]["up_to_date"] is True
    assert after["fr"]["up_to_date"] is False
    assert after["fr"]["passes"] == 1


@pytest.mark.latex
def test_progress_at_a_terminal_and_only_the_summary_in_ci(make_kit: Callable[[str], Path],
                                                          capsys: pytest.CaptureFixture[str],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    kit = make_kit("basic")
    with monkeypatch.context() as terminal:
        terminal.setattr(sys.stderr, "isatty", lambda: True)
        code, out, err = run(capsys, "build", "--kit", str(kit), "--locale", "fr")
    assert code == 0
    assert err.splitlines() == ["[fr] rendering...", "[fr] engine pass 1..."]
    assert out.startswith("[fr] ")
    code, out, err = run(capsys, "build", "--kit", str(kit), "--locale", "fr", "--force")
    assert (code, err) == (0, "")
    assert re.fullmatch(r"\[fr\] \S+/build/fr/kit.pdf: 5 pages, [\d.]+ s, 1 pass\(es\), 0 warning\(s\), "
                        r"0 proof fault\(s\)\n", out)


def test_locales_lists_catalog_folders(make_kit: Callable[[str], Path], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "locales", "--kit", str(make_kit("basic")))
    assert (code, out) == (0, "en\nfr\n")


def test_console_script_help_explains_itself() -> None:
    out = subprocess.run([str(Path(sys.executable).parent / "kitbuilder"), "build", "--help"], capture_output=True,
                         text=True, check=True).stdout
    for option in ("--locale", "--kit", "--out", "--json", "--strict", "--print", "--booklet", "--jobs"):
        assert option in out


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (("date: 2018-03-14", "date: 2018-02-30"), r"kitbuilder: content/kit.yaml:5: kit: 'date': day is out of range"),
        (("city: New York", "city: !foo x"), r"kitbuilder: content/kit.yaml:6: kit: 'city': could not determine"),
        (("parts: [event, speakers, law]", "parts: [event, speakers, law, labels]"),
         r"kitbuilder: content/kit.yaml:13: parts: 'labels' cannot name a content file"),
        (("city: New York", "city: New\x0bYork"), r"kitbuilder: content/kit.yaml:6: YAML error"),
    ],
)
def test_input_mistakes_are_one_line_never_a_traceback(make_kit: Callable[[str], Path],
                                                       capsys: pytest.CaptureFixture[str],
                                                       edit: tuple[str, str], expected: str) -> None:
    kit = make_kit("basic")
    config = kit / "content/kit.yaml"
    replace_in(config, *edit)
    code, _, err = run(capsys, "build", "--kit", str(kit), "--locale", "en")
    assert code == 1
    assert len(err.strip().splitlines()) == 1
    assert re.match(expected, err), err


@pytest.mark.parametrize("argv", [["build", "--locale", "en+fr+de"], ["build", "--locale", "zz"],
                                  ["update", "--locale", "zz"], ["build", "--bilingual", "en"]])
def test_bad_locales_are_one_line(make_kit: Callable[[str], Path], capsys: pytest.CaptureFixture[str],
                                  argv: list[str]) -> None:
    code, _, err = run(capsys, *argv, "--kit", str(make_kit("basic")))
    assert code == 1
    assert err.startswith("kitbuilder: ")
    assert len(err.strip().splitlines()) == 1


@pytest.mark.latex
def test_watch_rebuilds_what_changed(make_kit: Callable[[str], Path]) -> None:
    kit = make_kit("basic")
    command = [str(Path(sys.executable).parent / "kitbuilder"), "watch", "--kit", str(kit), "--locale", "fr",
               "--interval", "0.2"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) as proc:
        assert proc.stdout is not None
        lines: list[str] = []

        def read_until(text: str) -> None:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                line = proc.stdout.readline()  # type: ignore[union-attr]
                lines.append(line)
                if text in line:
                    return
            raise AssertionError(f"no {text!r} in {lines}")

        try:
            read_until("kit.pdf: 5 pages")
            read_until("watching")
            po = kit / "locales/fr/LC_MESSAGES/speakers.po"
            replace_in(po, "nombreux prix", "nombreuses distinctions")
            read_until("1 pass(es)")
        finally:
            proc.terminate()
    assert "nombreuses distinctions" in pdf_text(kit / "build/fr/kit.pdf")


def test_update_check_exits_1_when_a_catalog_is_not_current(make_kit: Callable[[str], Path],
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    kit = make_kit("basic")
    assert run(capsys, "update", "--kit", str(kit))[0] == 0
    assert run(capsys, "update", "--check", "--kit", str(kit))[0] == 0
    speakers = kit / "content/speakers.yaml"
    replace_in(speakers, "role: Veteran journalist", "role: Journalist")
    code, out, err = run(capsys, "update", "--check", "--kit", str(kit))
    assert code == 1
    assert "locales/fr/LC_MESSAGES/speakers.po" in out and "locales/speakers.pot" in out
    assert "kitbuilder update" in err


def test_update_names_stale_catalogs_and_prune_removes_them(make_kit: Callable[[str], Path],
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    kit = make_kit("basic")
    config = kit / "content/kit.yaml"
    replace_in(config, "[event, speakers, law]", "[event, law]")
    (kit / "content/speakers.yaml").unlink()
    code, out, _ = run(capsys, "update", "--kit", str(kit))
    assert code == 0
    assert "stale: locales/fr/LC_MESSAGES/speakers.po (the kit no longer uses it; " \
           "`kitbuilder update --prune` removes it)" in out
    assert run(capsys, "update", "--check", "--kit", str(kit))[0] == 1  # stale files are not current
    code, out, _ = run(capsys, "update", "--prune", "--kit", str(kit))
    assert "removed locales/fr/LC_MESSAGES/speakers.po" in out and "removed locales/speakers.pot" in out
    assert run(capsys, "update", "--check", "--kit", str(kit))[0] == 0


def test_a_second_build_says_at_a_terminal_that_it_waits_and_for_whom(make_kit: Callable[[str], Path]) -> None:
    kit = make_kit("basic")
    kitbuilder = Path(sys.executable).parent / "kitbuilder"
    primary, secondary = pty.openpty()
    command = [str(kitbuilder), "build", "--kit", str(kit), "--locale", "en"]
    # This test's process is the first build; the second one's standard error is a terminal.
    with build_lock(kit / "build"), subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                                     stderr=secondary) as second:
        os.close(secondary)
        try:
            said = b""
            deadline = time.monotonic() + 30
            while b"\n" not in said and time.monotonic() < deadline:
                if select.select([primary], [], [], 0.5)[0]:
                    said += os.read(primary, 1000)
            assert second.poll() is None  # still waiting
        finally:
            second.terminate()
            os.close(primary)
    assert said.decode().splitlines()[0] == \
        f"kitbuilder: another build of this kit (process {os.getpid()}) is running: waiting for it to finish..."


def test_a_build_folder_that_is_a_link_is_refused(make_kit: Callable[[str], Path], tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    kit = make_kit("basic")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (kit / "build").symlink_to(elsewhere)
    code, _, err = run(capsys, "build", "--kit", str(kit), "--locale", "en")
    assert (code, err) == (1, f"kitbuilder: {kit / 'build'}: is a symbolic link: kitbuilder writes nothing through "
                              "a link; remove it, or use --out\n")
    assert list(elsewhere.iterdir()) == []


def test_check_warns_of_a_number_token_used_as_an_identifier(make_kit: Callable[[str], Path],
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    kit = make_kit("basic")
    event = kit / "content/event.yaml"
    text = event.read_text(encoding="utf-8")
    event.write_text(text.replace("title: ", "title: Bill no. {number:1437} - ", 1), encoding="utf-8")
    code, out, _ = run(capsys, "check", "--kit", str(kit))
    assert code == 0
    assert re.search(r"^content/event\.yaml:\d+: warning: '\{number:1437\}' after 'no\.' looks like an identifier",
                     out, re.M)
    assert out.splitlines()[-1].endswith("0 problem(s), 1 warning(s)")
