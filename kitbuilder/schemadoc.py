"""The content schema reference, in Markdown, generated from ``schema.py`` so it cannot drift.

Every record (the kit, a part, each block kind and the records they hold) is documented
once, from its docstring and its fields' type hints, defaults and ``doc`` metadata. The
section on typed values comes from ``formatting.py``'s own docstring.

Regenerate the checked-in copy with ``python -m kitbuilder.schemadoc > docs/schema.md``.
"""

from __future__ import annotations

import dataclasses
import datetime
import inspect
import re
import textwrap
import types
import typing
from collections.abc import Iterator
from typing import Any

from . import formatting, schema
from .schema import Message, field_types

REGENERATE = "python -m kitbuilder.schemadoc > docs/schema.md"

# Plain types in the words content authors read; records and unions are worded by ``type_words``.
SCALAR_WORDS: dict[Any, tuple[str, str]] = {
    Message: ("message (translated)", "list of messages (paragraphs, translated)"),
    str: ("text (literal, not translated)", "list of texts (literal, not translated)"),
    schema.Name: ("name (literal unless marked)", "list of names (literal unless marked)"),
    int: ("whole number", "list of whole numbers"),
    float: ("number", "list of numbers"),
    datetime.date: ("date (YYYY-MM-DD)", "list of dates (YYYY-MM-DD)"),
    bool: ("true/false", "list of true/false values"),
}

FIELD_TYPES = """\
- **message (translated)**: words a reader reads. Each language's catalog translates it. Write a
  string, or a mapping `{text: ..., note: ..., context: ...}`: `note` is shown to translators,
  `context` separates the same words that need two translations. It may hold typed values as
  tokens (see [Typed values in messages](#typed-values-in-messages)).
- **list of messages (paragraphs, translated)**: one message per paragraph, as a YAML list; a
  single paragraph, with its note or not, may be written without the list.
- **text (literal, not translated)**: printed as written in every language: names, addresses,
  telephone numbers, URLs, identifiers. An identifier inside a message stays text too
  ("Bill no. 1437"), never a number token.
- **name (literal unless marked)**: a proper name (a person, an organisation, a tool, a source),
  printed as written in every language and never asked of translators. Where it has an official
  form in each language, ask for its translation with a message mapping and `translate: true`:
  `{text: Scelles Foundation, translate: true}`.
- **whole number**, **number**, **true/false**, **date (YYYY-MM-DD)**: typed data; numbers and
  dates are printed the way each language writes them.
- **one of: ...**: exactly one of the words listed.
- **list of** a record: a YAML list of mappings, each with that record's fields.
- **block**: a mapping whose `kind` says which block it is (see [Blocks](#blocks)).
"""


def records() -> list[type[Any]]:
    """Every record to document, each once, in reading order: the kit, a part, the blocks.

    A record used inside another comes right after the first record that uses it.
    """
    seen: list[type[Any]] = []
    for root in [schema.KitConfig, schema.Part, *typing.get_args(schema.Block)]:
        for cls in _records_under(root):
            if cls not in seen:
                seen.append(cls)
    return seen


def _records_under(cls: type[Any]) -> Iterator[type[Any]]:
    yield cls
    for hint in field_types(cls).values():
        for inner in _records_in(hint):
            yield from _records_under(inner)


def _records_in(hint: Any) -> list[type[Any]]:
    """The documented records a type hint names (blocks are documented on their own)."""
    if hint == schema.Block or hint is Message or hint == schema.Name:
        return []
    if typing.get_origin(hint) in (list, types.UnionType, typing.Union):
        return [r for arg in typing.get_args(hint) for r in _records_in(arg)]
    return [typing.cast(type[Any], hint)] if dataclasses.is_dataclass(hint) else []


def is_block(cls: type[Any]) -> bool:
    return cls in typing.get_args(schema.Block)


def block_kind(cls: type[Any]) -> str:
    (kind,) = typing.get_args(field_types(cls)["kind"])
    return str(kind)


def type_words(hint: Any) -> str:
    """A field's type as the reference says it: 'message (translated)', 'list of [Fact](#fact)'."""
    if typing.get_origin(hint) in (types.UnionType, typing.Union) and hint != schema.Block:
        options = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(options) == 1:
            return type_words(options[0])  # optional: the default column says so
    if hint == schema.Block:
        return "block (see [Blocks](#blocks))"
    if typing.get_origin(hint) is typing.Literal:
        return "one of: " + ", ".join(f"`{v}`" for v in typing.get_args(hint))
    if typing.get_origin(hint) is list:
        (item,) = typing.get_args(hint)
        if item == schema.Block:
            return "list of blocks (see [Blocks](#blocks))"
        if item in SCALAR_WORDS:
            return SCALAR_WORDS[item][1]
        if dataclasses.is_dataclass(item):
            return f"list of {_link(typing.cast(type[Any], item))}"
    if hint in SCALAR_WORDS:
        return SCALAR_WORDS[hint][0]
    if dataclasses.is_dataclass(hint):
        return _link(typing.cast(type[Any], hint))
    raise TypeError(f"schemadoc: no words for the type {hint!r}: add them to SCALAR_WORDS")


def _link(cls: type[Any]) -> str:
    return f"[{cls.__name__}](#{cls.__name__.lower()})"


def default_words(f: dataclasses.Field[Any]) -> str:
    """'required', 'optional' (nothing when left out), or the value used when left out."""
    if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
        return "required"
    value = f.default if f.default_factory is dataclasses.MISSING else f.default_factory()
    if value is None or value == "" or value == []:
        return "optional"
    if isinstance(value, bool):
        return f"default `{str(value).lower()}`"
    return f"default `{value}`"


def field_doc(cls: type[Any], f: dataclasses.Field[Any]) -> str:
    if f.name == "kind" and is_block(cls):
        return f"Always `{block_kind(cls)}`: says which kind of block this is."
    if "doc" not in f.metadata:
        raise ValueError(f"schemadoc: {cls.__name__}.{f.name} has no documentation: declare it with doc()")
    return str(f.metadata["doc"])


def rest_to_markdown(text: str) -> str:
    """The little reStructuredText the docstrings use: ``code``, and a ``::`` literal block."""
    out: list[str] = []
    literal_next = False
    for paragraph in inspect.cleandoc(text).split("\n\n"):
        if literal_next and paragraph.startswith("    "):
            out.append("```\n" + textwrap.dedent(paragraph) + "\n```")
            continue
        literal_next = paragraph.endswith("::")
        paragraph = re.sub(r"``(.+?)``", r"`\1`", paragraph)
        out.append(paragraph[:-1] if literal_next else paragraph)
    return "\n\n".join(out)


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def record_markdown(cls: type[Any], level: int) -> str:
    hints = field_types(cls)
    lines = [f"{'#' * level} {cls.__name__}", ""]
    summary = rest_to_markdown(inspect.getdoc(cls) or "")
    lines.append(f"`kind: {block_kind(cls)}`. {summary}" if is_block(cls) else summary)
    lines += ["", "| Field | Type | Required or default | Description |", "|---|---|---|---|"]
    for f in dataclasses.fields(cls):
        lines.append(f"| `{f.name}` | {_cell(type_words(hints[f.name]))} | {default_words(f)} | "
                     f"{_cell(field_doc(cls, f))} |")
    return "\n".join(lines) + "\n"


def tokens_markdown() -> str:
    """Typed values inside messages: ``formatting.py``'s docstring and the options each token takes."""
    # The docstring's first line is its summary for developers; the section's heading says it.
    _summary, _, body = inspect.cleandoc(formatting.__doc__ or "").partition("\n\n")
    lines = [rest_to_markdown(body), "",
             "| Token | Options (after a `\\|`) |", "|---|---|"]
    for kind, flags in formatting.FLAGS.items():
        lines.append(f"| `{kind}` | {', '.join(f'`{f}`' for f in sorted(flags)) or '(none)'} |")
    return "\n".join(lines) + "\n"


def schema_markdown() -> str:
    """The whole reference, as ``docs/schema.md`` holds it."""
    roots = {schema.KitConfig: "The kit", schema.Part: "Parts"}
    out = [
        "# Content schema",
        "",
        f"<!-- Generated from kitbuilder/schema.py by `{REGENERATE}`: do not edit by hand. -->",
        "",
        "A kit's content is YAML: `content/kit.yaml` describes the kit and lists its parts, and each",
        "part is one file, `content/<part>.yaml`, holding a list of blocks. This reference lists every",
        "field, its type, whether it is required, and whether it is translated.",
        "",
        "## Field types",
        "",
        FIELD_TYPES,
        "## Typed values in messages",
        "",
        tokens_markdown(),
    ]
    blocks_started = False
    for cls in records():
        if cls in roots:
            out += [f"## {roots[cls]}", ""]
        if is_block(cls) and not blocks_started:
            blocks_started = True
            kinds = ", ".join(f"[`{block_kind(b)}`](#{b.__name__.lower()})" for b in typing.get_args(schema.Block))
            out += ["## Blocks", "",
                    "A block is a mapping whose `kind` says which it is, followed by that kind's fields.",
                    f"The kinds: {kinds}.", ""]
        top = cls in roots or is_block(cls)
        out += [record_markdown(cls, 3 if top else 4)]
    return "\n".join(out).rstrip("\n") + "\n"


if __name__ == "__main__":
    print(schema_markdown(), end="")
