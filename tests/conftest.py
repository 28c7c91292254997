"""Shared fixtures: fixture kits under tests/roots/<case>/, copied to a temporary directory."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings

# In CI the fuzz tests draw the same examples on every run: a run fails for a change, not for
# a draw. Elsewhere they draw new ones, and a failing draw is kept (.hypothesis/) to be replayed.
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOTS = Path(__file__).parent / "roots"


@pytest.fixture
def make_kit(tmp_path: Path) -> Callable[[str], Path]:
    """Copy ``tests/roots/<case>`` to a temporary directory and return its path."""

    def make(case: str) -> Path:
        target = tmp_path / case
        shutil.copytree(ROOTS / case, target, ignore=shutil.ignore_patterns("build"))
        return target

    return make


def replace_in(path: Path, old: str, new: str) -> None:
    """Edit a file of a copied test kit: every ``old`` in it becomes ``new``."""
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def pdf_text(pdf: Path) -> str:
    """The PDF's text with whitespace folded and end-of-line hyphenation undone."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    text = re.sub(r"-\n(?=[a-zà-ÿ])", "", text)
    return re.sub(r"\s+", " ", text.replace("\u202f", " ").replace("\u00a0", " "))


def commit_all(kit: Path, message: str, date: str, init: bool = False) -> None:
    """Commit everything in ``kit`` at ``date`` (an ISO time), as an organiser's repository would."""
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "GIT_AUTHOR_NAME": "Test",
           "GIT_AUTHOR_EMAIL": "test@example.org", "GIT_COMMITTER_NAME": "Test",
           "GIT_COMMITTER_EMAIL": "test@example.org"}
    commands = [["git", "init", "-q"]] * init + [["git", "add", "-A"], ["git", "commit", "-q", "-m", message]]
    for command in commands:
        subprocess.run(command, cwd=kit, env=env, check=True, capture_output=True)


@pytest.fixture(autouse=True)
def _engine_only_in_latex_tests(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """A test that runs LuaLaTeX must be marked ``latex``: `make test-fast` leaves those out
    and must stay fast. An unmarked test that reaches the engine fails and says so."""
    if request.node.get_closest_marker("latex") is None:

        def refuse() -> str:
            raise AssertionError(f"{request.node.nodeid} runs the TeX engine: mark it @pytest.mark.latex")

        monkeypatch.setattr("kitbuilder.latex.engine.find_engine", refuse)
