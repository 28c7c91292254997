"""The schema reference: generated from schema.py, complete, and checked in as generated."""

import dataclasses
import datetime
import re
import typing
from pathlib import Path

import pytest

from kitbuilder import schema
from kitbuilder.schemadoc import REGENERATE, records, schema_markdown, type_words

DOC = Path(__file__).parent.parent / "docs" / "schema.md"
BLOCKS = typing.get_args(schema.Block)


def section(markdown: str, name: str) -> str:
    """The text under a record's heading, up to the next heading."""
    match = re.search(rf"^#+ {name}\n(.*?)(?=^#|\Z)", markdown, flags=re.M | re.S)
    assert match, f"no section for {name}"
    return match.group(1)


def row(text: str, field: str) -> str:
    match = re.search(rf"^\| `{field}` \|.*$", text, flags=re.M)
    assert match, f"no row for field '{field}'"
    return match.group(0)


def test_checked_in_reference_is_current() -> None:
    assert DOC.read_text(encoding="utf-8") == schema_markdown(), f"docs/schema.md is out of date: run `{REGENERATE}`"


def test_output_is_deterministic() -> None:
    assert schema_markdown() == schema_markdown()


def test_every_record_is_documented_once_in_reading_order() -> None:
    found = records()
    assert found[:3] == [schema.KitConfig, schema.Sponsor, schema.Part]
    assert [r for r in found if r in BLOCKS] == list(BLOCKS)
    assert len(found) == len(set(found))
    assert schema.Message not in found
    markdown = schema_markdown()
    for cls in found:
        assert len(re.findall(rf"^#+ {cls.__name__}$", markdown, flags=re.M)) == 1, cls.__name__


@pytest.mark.parametrize("block", BLOCKS, ids=lambda cls: cls.__name__)
def test_every_field_of_every_block_kind_appears(block: type) -> None:
    markdown = schema_markdown()
    text = section(markdown, block.__name__)
    (kind,) = typing.get_args(typing.get_type_hints(block)["kind"])
    assert f"`kind: {kind}`" in text
    for f in dataclasses.fields(block):
        assert f.name == "kind" or f.metadata["doc"] in row(text, f.name)


def test_every_field_of_every_nested_record_appears() -> None:
    markdown = schema_markdown()
    for cls in records():
        text = section(markdown, cls.__name__)
        for f in dataclasses.fields(cls):
            row(text, f.name)


def test_translated_and_literal_fields_say_so() -> None:
    markdown = schema_markdown()
    person = section(markdown, "Person")
    assert "| message (translated) |" in row(person, "role")
    assert "| list of messages (paragraphs, translated) |" in row(person, "bio")
    assert "| text (literal, not translated) |" in row(person, "name")
    for cls in records():
        text = section(markdown, cls.__name__)
        for name, hint in typing.get_type_hints(cls, vars(schema)).items():
            words = type_words(hint)
            if hint in (schema.Message, schema.Message | None, list[schema.Message]):
                assert "translated" in words and "not translated" not in words, (cls.__name__, name)
            if hint in (str, str | None, list[str]):
                assert "literal, not translated" in words, (cls.__name__, name)
            assert words.replace("|", "\\|") in row(text, name)


def test_type_words() -> None:
    assert type_words(int) == "whole number"
    assert type_words(float) == "number"
    assert type_words(bool) == "true/false"
    assert type_words(datetime.date) == "date (YYYY-MM-DD)"
    assert type_words(typing.Literal["a", "b"]) == "one of: `a`, `b`"
    assert type_words(list[schema.Fact]) == "list of [Fact](#fact)"
    assert type_words(schema.Block) == "block (see [Blocks](#blocks))"


def test_defaults_and_typed_tokens_are_documented() -> None:
    markdown = schema_markdown()
    assert "| default `percent` |" in row(section(markdown, "ChartBlock"), "unit")
    assert "| required |" in row(section(markdown, "KitConfig"), "date")
    assert "| optional |" in row(section(markdown, "Statistic"), "note")
    tokens = section(markdown, "Typed values in messages")
    assert "{money:1500 EUR}" in tokens
    assert "| `date` | `full`, `short` |" in tokens
