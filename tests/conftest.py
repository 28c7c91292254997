"""Shared fixtures: fixture kits under tests/roots/<case>/, copied to a temporary directory."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

ROOTS = Path(__file__).parent / "roots"


@pytest.fixture
def make_kit(tmp_path: Path) -> Callable[[str], Path]:
    """Copy ``tests/roots/<case>`` to a temporary directory and return its path."""

    def make(case: str) -> Path:
        target = tmp_path / case
        shutil.copytree(ROOTS / case, target, ignore=shutil.ignore_patterns("build"))
        return target

    return make


def pdf_text(pdf: Path) -> str:
    """The PDF's text with whitespace folded and end-of-line hyphenation undone."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    text = re.sub(r"-\n(?=[a-zà-ÿ])", "", text)
    return re.sub(r"\s+", " ", text.replace("\u202f", " ").replace("\u00a0", " "))
