"""Load content YAML into the schema's dataclasses, with errors that name file, line and field.

Validation reads the schema's type hints, so a field is declared once, in ``schema.py``.
The YAML is composed into nodes (not plain values) to keep every value's line.
"""

from __future__ import annotations

import dataclasses
import datetime
import difflib
import math
import re
import types
import typing
from collections.abc import Iterator, Mapping
from pathlib import PurePosixPath
from typing import Any

import yaml

from . import schema
from .errors import ContentError
from .formatting import TOKEN_KINDS, TokenError, check_tokens
from .kitdir import KIT_FILE
from .schema import MAX_MESSAGE_LENGTH, Block, Kit, KitConfig, Message, Part, field_types

ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9.-]*")
LANGUAGE_RE = re.compile(r"[a-z]{2,3}(_[A-Z]{2})?")
INSTRUMENT_STAGES = ("tabled", "signed", "adopted", "in_force")
TOKEN_START = re.compile(rf"(?:{'|'.join(TOKEN_KINDS)}):")
# Catalog domains that are not content files: the kit's own settings and the templates' labels.
RESERVED_PARTS = frozenset({"kit", "labels"})


def block_kinds() -> dict[str, type[Any]]:
    """Every block dataclass by the value of its ``kind`` key."""
    kinds = {}
    for cls in typing.get_args(Block):
        (kind,) = typing.get_args(field_types(cls)["kind"])
        kinds[kind] = cls
    return kinds


BLOCK_KINDS = block_kinds()


def describe(cls: type[Any]) -> str:
    """A class name as content authors say it: 'statistic', 'people block'."""
    if cls is schema.Person:
        return "speaker"
    return re.sub(r"(?<!^)([A-Z])", r" \1", cls.__name__).lower()


class _Reader:
    """Validates one file's nodes against the schema; knows the file for its errors."""

    def __init__(self, path: str, source_language: str) -> None:
        self.path = path
        self.source_language = source_language
        self._constructor = yaml.SafeLoader("")

    def error(self, node: yaml.Node, message: str) -> ContentError:
        return ContentError(message, self.path, node.start_mark.line + 1)

    def scalar(self, node: yaml.Node, what: str = "") -> Any:
        if not isinstance(node, yaml.ScalarNode):
            prefix = f"{what}: " if what else ""
            raise self.error(node, f"{prefix}expected a single value, found a {_node_kind(node)}")
        try:
            return self._constructor.construct_object(node)
        except (yaml.YAMLError, ValueError) as exc:  # a date like 2018-02-30, an unknown !tag
            prefix = f"{what}: " if what else ""
            problem = getattr(exc, "problem", None) or str(exc)
            if "integer string conversion" in problem:
                problem = "a number too long to read"
            raise self.error(node, f"{prefix}{problem}") from None

    def read(self, node: yaml.Node, hint: Any, what: str) -> Any:
        """Read ``node`` as a value of type ``hint``; ``what`` names it in errors."""
        if hint == schema.Name:
            return self.name(node, what)
        origin = typing.get_origin(hint)
        if origin in (types.UnionType, typing.Union):
            options = typing.get_args(hint)
            if type(None) in options:
                if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null"):
                    return None
                rest = [o for o in options if o is not type(None)]
                return self.read(node, rest[0] if len(rest) == 1 else typing.Union[tuple(rest)], what)  # noqa: UP007
            return self.read_block(node, what)
        if origin is list:
            (item,) = typing.get_args(hint)
            if item is Message and (isinstance(node, yaml.MappingNode) or
                                    (isinstance(node, yaml.ScalarNode) and not node.tag.endswith(":null"))):
                return [self.message(node, what)]  # one paragraph (with its note) may be written without a list
            if not isinstance(node, yaml.SequenceNode):
                raise self.error(node, f"{what}: expected a list, found a {_node_kind(node)}")
            return [self.read(child, item, f"{what}[{i + 1}]") for i, child in enumerate(node.value)]
        if origin is typing.Literal:
            value = self.scalar(node, what)
            allowed = typing.get_args(hint)
            if value not in allowed:
                raise self.error(node, f"{what}: '{value}' is not one of {', '.join(map(str, allowed))}")
            return value
        if hint is Message:
            return self.message(node, what)
        if dataclasses.is_dataclass(hint):
            return self.record(node, typing.cast(type[Any], hint), what)
        return self.typed_scalar(node, hint, what)

    def typed_scalar(self, node: yaml.Node, hint: Any, what: str) -> Any:
        value = self.scalar(node, what)
        if hint is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if hint is float and isinstance(value, float) and not math.isfinite(value):
            raise self.error(node, f"{what}: expected a finite number, found '{node.value}'")
        if hint is str and isinstance(value, int | float) and not isinstance(value, bool):
            value = node.value  # a phone number or a code written without quotes
        if hint is str and isinstance(value, str) and len(value) > MAX_MESSAGE_LENGTH:
            # (The engine reads a paragraph as one line, whose length its input buffer bounds.)
            raise self.error(node, f"{what}: this text is {len(value):,} characters long; the limit is "
                                   f"{MAX_MESSAGE_LENGTH:,} (split it into paragraphs)")
        if hint is datetime.date and isinstance(value, datetime.datetime):
            value = value.date()
        ok = isinstance(value, hint) and not (hint is int and isinstance(value, bool))
        if not ok:
            expected = {datetime.date: "a date (YYYY-MM-DD)", int: "a whole number", float: "a number",
                        bool: "true or false", str: "text"}.get(hint, hint.__name__)
            raise self.error(node, f"{what}: expected {expected}, found '{node.value}'")
        return value

    def name(self, node: yaml.Node, what: str) -> str | Message:
        """A proper name: literal text, or a message when the kit asks for its translation."""
        if not isinstance(node, yaml.MappingNode):
            text = re.sub(r"\s+", " ", self.typed_scalar(node, str, what)).strip()
            if not text:
                raise self.error(node, f"{what}: empty name")
            return text
        fields = self.mapping(node, what, {"text", "context", "note", "translate"})
        if "translate" not in fields or self.typed_scalar(fields["translate"], bool, f"{what}.translate") is not True:
            raise self.error(node, f"{what}: a name is printed as written in every language; "
                                   "to have it translated, add 'translate: true'")
        return self.message(node, what, {"translate"})

    def message(self, node: yaml.Node, what: str, also: frozenset[str] | set[str] = frozenset()) -> Message:
        """A translatable text; ``also`` are further keys its mapping form may have (read by the caller)."""
        context = note = None
        text_node = node
        if isinstance(node, yaml.MappingNode):
            if node.flow_style and any(TOKEN_START.match(str(k.value)) for k, _ in node.value):
                # '{number:3} victims' unquoted: YAML read the token as a mapping.
                raise self.error(node, f"{what}: quote this text: it starts with '{{'")
            fields = self.mapping(node, what, {"text", "context", "note", *also})
            if "text" not in fields:
                raise self.error(node, f"{what}: missing 'text'")
            text_node = fields["text"]
            context = self.typed_scalar(fields["context"], str, f"{what}.context") if "context" in fields else None
            note = self.typed_scalar(fields["note"], str, f"{what}.note") if "note" in fields else None
        text = self.typed_scalar(text_node, str, what)
        # YAML folding leaves runs of spaces and newlines: one paragraph. No-break spaces stay.
        text = re.sub(r"[ \t\r\n]+", " ", text).strip()
        if not text:
            raise self.error(text_node, f"{what}: empty text")
        try:
            check_tokens(text)
        except TokenError as exc:
            raise self.error(text_node, f"{what}: {exc}") from None
        return Message(text=text, path=self.path, line=text_node.start_mark.line + 1, context=context,
                       note=note, source_language=self.source_language)

    def mapping(self, node: yaml.Node, what: str, known: set[str]) -> dict[str, yaml.Node]:
        if not isinstance(node, yaml.MappingNode):
            raise self.error(node, f"{what}: expected a mapping of fields, found a {_node_kind(node)}")
        fields: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = self.scalar(key_node)
            if key not in known:
                close = difflib.get_close_matches(str(key), sorted(known), n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else f" (known: {', '.join(sorted(known))})"
                raise self.error(key_node, f"{what}: unknown field '{key}'{hint}")
            if key in fields:
                raise self.error(key_node, f"{what}: '{key}' given twice")
            fields[key] = value_node
        return fields

    def record(self, node: yaml.Node, cls: type[Any], what: str) -> Any:
        hints = field_types(cls)
        label = self.label(node, cls) or what
        fields = self.mapping(node, label, set(hints))
        values: dict[str, Any] = {}
        for f in dataclasses.fields(cls):
            if f.name not in fields:
                if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                    raise self.error(node, f"{label}: missing '{f.name}'")
                continue
            values[f.name] = self.read(fields[f.name], hints[f.name], f"{label}: '{f.name}'")
        for f in dataclasses.fields(cls):
            required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
            if required and values.get(f.name) == [] and f.name != "blocks":
                raise self.error(fields[f.name], f"{label}: '{f.name}' is empty")
        if cls is schema.Entry and values.get("name") is None and values.get("title") is None:
            raise self.error(node, f"{label}: give it a 'name' (printed as it is) or a 'title' (translated)")
        if cls is schema.Instrument and not any(values.get(k) is not None for k in ("year", *INSTRUMENT_STAGES)):
            stages = ", ".join(f"'{k}'" for k in INSTRUMENT_STAGES)
            raise self.error(node, f"{label}: give it a 'year', or the dates of its stages ({stages})")
        if "id" in values and not ID_RE.fullmatch(str(values["id"])):
            raise self.error(fields["id"], f"{label}: id must be letters, digits, '-' or '.'")
        instance = cls(**values)
        # Dataclasses keep no YAML node: remember where the record starts, for later errors.
        instance.__dict__["_origin"] = (self.path, node.start_mark.line + 1)
        return instance

    def label(self, node: yaml.Node, cls: type[Any]) -> str:
        """How errors name a record: "speaker 'herbert'", from its id (or literal name)."""
        if not isinstance(node, yaml.MappingNode):
            return ""
        keys = {k.value: v for k, v in node.value if isinstance(k, yaml.ScalarNode)}
        for key in ("id", "name"):
            value = keys.get(key)
            if isinstance(value, yaml.ScalarNode) and hints_literal(cls, key):
                return f"{describe(cls)} '{value.value}'"
        return ""

    def read_block(self, node: yaml.Node, what: str) -> Any:
        if not isinstance(node, yaml.MappingNode):
            raise self.error(node, f"{what}: expected a block (a mapping with 'kind')")
        kind_node = next((v for k, v in node.value if k.value == "kind"), None)
        if kind_node is None:
            raise self.error(node, f"{what}: a block needs a 'kind' ({', '.join(BLOCK_KINDS)})")
        kind = self.scalar(kind_node)
        if kind not in BLOCK_KINDS:
            close = difflib.get_close_matches(str(kind), list(BLOCK_KINDS), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else f" (known: {', '.join(BLOCK_KINDS)})"
            raise self.error(kind_node, f"{what}: unknown block kind '{kind}'{hint}")
        return self.record(node, BLOCK_KINDS[kind], f"{kind} block")


def hints_literal(cls: type[Any], key: str) -> bool:
    """Whether ``cls`` has a field ``key`` of literal text (ids and names, never messages)."""
    hint = field_types(cls).get(key)
    return hint in (str, str | None)


def _node_kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "mapping"
    return "list" if isinstance(node, yaml.SequenceNode) else "single value"


# libyaml's parser where PyYAML has it (the pure-Python one is most of loading a large kit).
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


# Limits on one content file, so that a small file cannot stand for a huge kit (aliases
# repeating a long text, nested aliases repeating each other: "billion laughs") and a huge
# file is refused before it is parsed. The 2018 kit's largest file has 20,000 characters.
MAX_CONTENT_SIZE = 2_000_000  # characters in the file, and in its values with aliases expanded
MAX_ALIASES = 100  # aliases (*name) in one file
MAX_DEPTH = 64  # mappings and lists nested in each other (the schema needs about ten)


def compose(text: str, path: str) -> yaml.Node:
    if len(text) > MAX_CONTENT_SIZE:
        raise ContentError(f"the file is larger than {MAX_CONTENT_SIZE:,} characters: split it into parts", path,
                           text.count("\n", 0, MAX_CONTENT_SIZE) + 1)
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise ContentError(f"YAML syntax error: {_yaml_hint(exc, text)}", path,
                           mark.line + 1 if mark else None) from None
    except yaml.YAMLError as exc:  # the reader's errors: characters YAML does not allow
        line = text[: getattr(exc, "position", 0)].count("\n") + 1
        raise ContentError(f"YAML error: {getattr(exc, 'reason', exc)}", path, line) from None
    if node is None:
        raise ContentError("the file is empty", path, 1)
    _check_expansion(node, path)
    return node


def _check_expansion(root: yaml.Node, path: str) -> None:
    """Refuse a document whose aliases repeat too much, nest too deep, or contain themselves,
    before anything walks it value by value. Each node is measured once: an alias is a
    second arrival at a node already measured."""
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()
    aliases = 0

    def line_of(node: yaml.Node) -> int:
        return node.start_mark.line + 1

    def size(node: yaml.Node, depth: int) -> int:
        nonlocal aliases
        key = id(node)
        if key in open_nodes:
            raise ContentError("an alias refers to the value that contains it", path, line_of(node))
        if key in sizes:
            aliases += 1
            if aliases > MAX_ALIASES:
                raise ContentError(f"more than {MAX_ALIASES:,} aliases (*name) in one file: repeat less, "
                                   "or write the text out", path, line_of(node))
            return sizes[key]
        if depth > MAX_DEPTH:
            raise ContentError(f"values nested more than {MAX_DEPTH} levels deep", path, line_of(node))
        if isinstance(node, yaml.ScalarNode):
            total = len(node.value)
        else:
            open_nodes.add(key)
            total = 0
            children = node.value if isinstance(node, yaml.SequenceNode) else [c for kv in node.value for c in kv]
            for child in children:
                total += size(child, depth + 1)
                if total > MAX_CONTENT_SIZE:
                    raise ContentError(f"with its aliases expanded, the file holds more than {MAX_CONTENT_SIZE:,} "
                                       "characters of content", path, line_of(child))
            open_nodes.discard(key)
        sizes[key] = total
        return total

    size(root, 0)


# Characters that mean something to YAML at the start of a value: text starting with one
# must be quoted.
_INDICATOR_START = re.compile(r"^[ \t]*(?:-[ \t]+)*(?:[^\s#'\"{\[][^:#]*:[ \t]+)?([{\[*&@`%!|>'\"])")


def _yaml_hint(exc: yaml.MarkedYAMLError, text: str) -> str:
    """YAML's complaint, led by what to do about it where an author's usual mistake explains it."""
    problem = str(exc.problem or exc.context)
    mark = exc.problem_mark or exc.context_mark
    lines = text.splitlines()
    line = lines[mark.line] if mark is not None and mark.line < len(lines) else ""
    if "\t" in line[: len(line) - len(line.lstrip(" \t"))]:
        return f"indent with spaces, not tabs ({problem})"
    if "mapping values are not allowed" in problem:
        return f"quote this text: it contains ': ' ({problem})"
    start = _INDICATOR_START.match(line)
    if start:
        return f"quote this text: it starts with '{start.group(1)}' ({problem})"
    return problem


def read_config(text: str, path: str) -> KitConfig:
    """Read ``content/kit.yaml``."""
    node = compose(text, path)
    language = _declared_language(node, path) or "en"
    config = _Reader(path, language).record(node, KitConfig, "kit")
    assert isinstance(config, KitConfig)
    for code in config.locales:
        if not LANGUAGE_RE.fullmatch(code):
            raise ContentError(f"locales: '{code}' is not a locale code such as 'fr' or 'pt_BR'", path,
                               _line_of(node, "locales"))
    # Each part name's line, for the errors about parts that load_content finds later.
    parts_node = next(v for k, v in node.value if k.value == "parts")
    items = parts_node.value if isinstance(parts_node, yaml.SequenceNode) else [parts_node]
    lines = [item.start_mark.line + 1 for item in items]
    first_line: dict[str, int] = {}
    for name, line in zip(config.parts, lines, strict=True):
        if not ID_RE.fullmatch(name) or name in RESERVED_PARTS:
            raise ContentError(f"parts: '{name}' cannot name a content file (letters, digits, '-' and '.'; "
                               f"not {' or '.join(sorted(RESERVED_PARTS))})", path, line)
        if name in first_line:
            raise ContentError(f"parts: '{name}' is listed twice (first on line {first_line[name]})", path, line)
        first_line[name] = line
    config.__dict__["_part_lines"] = first_line
    return config


def read_part(text: str, path: str, default_language: str) -> Part:
    """Read one content file: one part of the kit."""
    node = compose(text, path)
    language = _declared_language(node, path) or default_language
    part = _Reader(path, language).record(node, Part, "part")
    assert isinstance(part, Part)
    part.source_language = language
    return part


def _line_of(node: yaml.Node, key: str) -> int | None:
    """The line of a top-level key of a mapping node."""
    if isinstance(node, yaml.MappingNode):
        for k, _value in node.value:
            if k.value == key:
                return int(k.start_mark.line) + 1
    return None


def _declared_language(node: yaml.Node, path: str) -> str | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    for key, value in node.value:
        if key.value == "source_language":
            if not isinstance(value, yaml.ScalarNode) or not LANGUAGE_RE.fullmatch(str(value.value)):
                raise ContentError("source_language: expected a language code such as 'en' or 'fr'", path,
                                   value.start_mark.line + 1)
            return str(value.value)
    return None


def load_content(files: Mapping[str, str]) -> Kit:
    """Build the kit from its content files' texts, keyed by their path (``content/x.yaml``).

    The kit file names the parts in order; the whole kit is then cross-checked.
    """
    config_path = next((p for p in files if p.endswith("/" + KIT_FILE) or p == KIT_FILE), None)
    if config_path is None:
        raise ContentError(f"no {KIT_FILE}: the kit's title, date and list of parts go there", "content")
    config = read_config(files[config_path], config_path)
    part_lines: dict[str, int] = config.__dict__["_part_lines"]
    folder = config_path.rpartition("/")[0]
    parts = []
    for name in config.parts:
        path = f"{folder}/{name}.yaml" if folder else f"{name}.yaml"
        if path not in files:
            raise ContentError(f"part '{name}' is listed in {KIT_FILE} but {path} does not exist", config_path,
                               part_lines[name])
        parts.append(read_part(files[path], path, config.source_language))
    unused = sorted(set(files) - {config_path} - {f"{folder}/{n}.yaml" if folder else f"{n}.yaml"
                                                   for n in config.parts})
    if unused:
        raise ContentError(f"not listed in the parts of {KIT_FILE}: add it or remove it", unused[0], 1)
    kit = Kit(config=config, parts=parts)
    check_references(kit)
    annotate_messages(kit)
    kit.messages = list(messages_in([config, *parts]))
    share_kit_words(kit)
    return kit


def share_kit_words(kit: Kit) -> None:
    """The kit's own words (its title, its sponsors), repeated word for word in a part, are
    translated once: from the kit's catalog, where the part's occurrence is listed too."""
    own = {(m.key, m.source_language): m.path for m in messages_in(kit.config)}
    for m in kit.messages:
        path = own.get((m.key, m.source_language))
        if path is not None and path != m.path:
            object.__setattr__(m, "domain", PurePosixPath(path).stem)


_FIELD_NAMES: dict[type[Any], tuple[str, ...]] = {}


def walk(obj: Any) -> Iterator[Any]:
    """Every dataclass instance in ``obj``, depth first, in document order."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        yield obj
        names = _FIELD_NAMES.get(type(obj))
        if names is None:
            names = _FIELD_NAMES[type(obj)] = tuple(f.name for f in dataclasses.fields(obj))
        for name in names:
            yield from walk(getattr(obj, name))
    elif isinstance(obj, list):
        for item in obj:
            yield from walk(item)


def messages_in(obj: Any) -> Iterator[Message]:
    """Every translatable message in ``obj`` (a kit, part, block...), in document order."""
    for inner in walk(obj):
        for value in vars(inner).values():
            if isinstance(value, Message):
                yield value
            elif isinstance(value, list):
                yield from (v for v in value if isinstance(v, Message))


def check_references(kit: Kit) -> None:
    """Ids are unique across the kit; measures cite articles that exist."""
    seen: dict[str, Message | None] = {}
    articles: dict[str, set[int]] = {}
    for part in kit.parts:
        for obj in walk(part):
            ident = getattr(obj, "id", None)
            if ident is not None:
                if ident in seen:
                    raise ContentError(f"duplicate id '{ident}'", *_where(obj, part))
                seen[ident] = None
            if isinstance(obj, schema.ArticlesBlock):
                numbers = [a.number for a in obj.items]
                dup = next((n for n in numbers if numbers.count(n) > 1), None)
                if dup is not None:
                    raise ContentError(f"articles '{obj.id}': article {dup} given twice", *_where(obj, part))
                articles[obj.id] = set(numbers)
    for part in kit.parts:
        for obj in walk(part):
            if isinstance(obj, schema.MeasuresBlock):
                if obj.law not in articles:
                    raise ContentError(f"measures: 'law' names '{obj.law}', which is no articles block",
                                       *_where(obj, part))
                for measure in walk(obj.pillars):
                    if isinstance(measure, schema.Measure):
                        for number in measure.articles:
                            if number not in articles[obj.law]:
                                raise ContentError(
                                    f"measure '{measure.id}': cites article {number}, "
                                    f"which is not in the articles of '{obj.law}'",
                                    *_where(measure, part))


def _where(obj: Any, part: Part) -> tuple[str, int | None]:
    """The file and line where ``obj`` was written."""
    origin: tuple[str, int | None] = obj.__dict__.get("_origin", (part.title.path, None))
    return origin


def annotate_messages(kit: Kit) -> None:
    """Tell each message where it appears, in words, for the translator's comment."""
    for part in kit.parts:
        _annotate(part, part.title.text, part)


def _annotate(obj: Any, trail: str, part: Part) -> None:
    label = getattr(obj, "name", None) if isinstance(getattr(obj, "name", None), str) else None
    label = label or getattr(obj, "id", None) or ""
    here = f"{trail} - {label}" if label and obj is not part else trail
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        name = f.name.replace("_", " ")
        if isinstance(value, Message):
            object.__setattr__(value, "where", f"{here} - {name}")
        elif isinstance(value, list):
            messages = [v for v in value if isinstance(v, Message)]
            for i, m in enumerate(messages):
                suffix = f", paragraph {i + 1}" if len(messages) > 1 else ""
                object.__setattr__(m, "where", f"{here} - {name}{suffix}")
            for item in value:
                if dataclasses.is_dataclass(item):
                    _annotate(item, here, part)
        elif dataclasses.is_dataclass(value):
            _annotate(value, here, part)
