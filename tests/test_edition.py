"""Editions: parsed once from what a user typed, then passed on as a type."""

from pathlib import Path

import pytest

from kitbuilder.edition import PSEUDO_LOCALES, Edition, EditionKind, real_locale, requested_editions
from kitbuilder.errors import ConfigError


def test_kinds_and_names() -> None:
    assert Edition.parse("fr").kind is EditionKind.SINGLE
    assert Edition.parse("qps").kind is EditionKind.PSEUDO
    bilingual = Edition.bilingual_pair("en, fr")
    assert bilingual == Edition.parse("en+fr") == Edition(("en", "fr"))
    assert (bilingual.kind, bilingual.name, str(bilingual)) == (EditionKind.BILINGUAL, "en+fr", "en+fr")


def test_a_pseudo_locale_borrows_a_real_locale_and_reads_no_catalog() -> None:
    assert set(PSEUDO_LOCALES) >= {"qps"}
    assert real_locale("qps") == "en" and real_locale("fr") == "fr"
    assert Edition.parse("qps").catalog_locales == ()
    assert Edition.parse("en+fr").catalog_locales == ("en", "fr")


@pytest.mark.parametrize("name", ["en+fr+de", "en+", "+fr", ""])
def test_what_is_no_edition_is_refused(name: str) -> None:
    with pytest.raises(ConfigError):
        Edition.parse(name)


@pytest.mark.parametrize("pair", ["en", "en,fr,de", "en,", "qps,fr"])
def test_bilingual_takes_two_real_locales(pair: str) -> None:
    with pytest.raises(ConfigError):
        Edition.bilingual_pair(pair)


def test_requested_editions_default_to_every_catalog_folder(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    with pytest.raises(ConfigError, match="no locales"):
        requested_editions(tmp_path, None, None)
    for locale in ("fr", "en"):
        (tmp_path / "locales" / locale / "LC_MESSAGES").mkdir(parents=True)
    assert [e.name for e in requested_editions(tmp_path, None, ["en,fr"])] == ["en", "fr", "en+fr"]
    assert [e.name for e in requested_editions(tmp_path, ["fr", "qps", "fr"], None)] == ["fr", "qps"]


def test_a_directory_without_content_is_no_kit(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="is this a kit directory"):
        requested_editions(tmp_path, ["en"], None)
