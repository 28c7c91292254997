"""What makes an edition out of date: its inputs, never a commit that touched something else."""

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import commit_all, replace_in

from kitbuilder.edition import Edition
from kitbuilder.stamps import BuildOptions, input_digest, source_date


@pytest.fixture
def repo(make_kit: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    kit = make_kit("basic")
    (kit / "README.md").write_text("A kit.\n", encoding="utf-8")
    commit_all(kit, "The kit", "2018-03-01T09:00:00+00:00", init=True)
    return kit


def digests(kit: Path) -> dict[str, str]:
    # As the console computes them for `kitbuilder build`.
    return {name: input_digest(kit, Edition.parse(name), BuildOptions()) for name in ("en", "fr", "en+fr")}


def test_a_commit_that_only_touches_the_readme_changes_no_stamp(repo: Path) -> None:
    before = digests(repo)
    (repo / "README.md").write_text("A kit, with a longer note.\n", encoding="utf-8")
    commit_all(repo, "README only", "2018-03-02T09:00:00+00:00")
    assert digests(repo) == before


def test_a_commit_to_one_catalog_changes_only_its_editions(repo: Path) -> None:
    before = digests(repo)
    po = repo / "locales/fr/LC_MESSAGES/speakers.po"
    replace_in(po, "nombreux prix", "nombreuses distinctions")
    commit_all(repo, "French wording", "2018-03-03T09:00:00+00:00")
    after = digests(repo)
    assert after["en"] == before["en"]
    assert after["fr"] != before["fr"]
    assert after["en+fr"] != before["en+fr"]


def test_the_date_is_the_last_commit_of_the_editions_inputs(repo: Path) -> None:
    (repo / "README.md").write_text("Later.\n", encoding="utf-8")
    commit_all(repo, "README only", "2018-03-05T09:00:00+00:00")
    first = 1519894800  # 2018-03-01T09:00:00Z, the commit that added the content and catalogs
    assert source_date(repo, Edition.parse("fr")) == first
    assert source_date(repo, Edition.parse("fr"), BuildOptions(source_date_epoch=7)) == 7
