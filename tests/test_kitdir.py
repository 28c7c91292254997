"""What a kit's locales are, without loading the content: the source language is always one."""

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from kitbuilder.kitdir import available_locales


def test_locales_are_the_catalog_folders(make_kit: Callable[[str], Path]) -> None:
    assert available_locales(make_kit("basic")) == ["en", "fr"]


def test_the_source_language_is_always_built(make_kit: Callable[[str], Path]) -> None:
    """Without a catalog folder of its own (no part is written in another language), English is a locale."""
    kit = make_kit("basic")
    shutil.rmtree(kit / "locales/en")
    assert available_locales(kit) == ["en", "fr"]
    config = kit / "content/kit.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "source_language: fr\n", encoding="utf-8")
    shutil.rmtree(kit / "locales/fr")
    assert available_locales(kit) == ["fr"]


def test_a_kit_may_list_its_locales(make_kit: Callable[[str], Path]) -> None:
    kit = make_kit("basic")
    config = kit / "content/kit.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "locales: [fr, es]\n", encoding="utf-8")
    assert available_locales(kit) == ["en", "fr", "es"]


@pytest.mark.parametrize("text", [
    "locales: [fr, es]\n",
    "locales: ['fr', \"es\"]  # the editions\n",
    "locales:\n  - fr\n  # Spanish next\n  - es\nsource_language: en\n",
    "locales: !!seq [fr, es]\n",  # a form only YAML reads
    "locales: [\n  fr, es]\n",
])
def test_the_listed_locales_are_read_as_yaml_reads_them(make_kit: Callable[[str], Path], text: str) -> None:
    kit = make_kit("basic")
    config = kit / "content/kit.yaml"
    config.write_text(config.read_text(encoding="utf-8") + text, encoding="utf-8")
    assert available_locales(kit) == ["en", "fr", "es"]
