"""Render a localized kit into LaTeX with Jinja2.

Delimiters that LaTeX does not use (``\\VAR{...}``, ``\\BLOCK{...}``, ``\\#{...}``);
``StrictUndefined``, so a missing value is an error; and ``finalize``, so every value a
template prints goes through the escaping function once. ``|latex`` is the visible
opt-out for values that are LaTeX on purpose.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import jinja2
import jinja2.bccache
import jinja2.compiler
import jinja2.nodes
from babel import Locale

from .catalogs import EMAIL_RE, URL_RE
from .errors import KitbuilderError, TemplateError
from .formatting import format_date_value, format_number_value, format_percent_value, list_separator
from .localize import spell_out_typography
from .texescape import Latex, concat, escape, escape_breakable, escape_metadata, escape_url, mailto, plain_text
from .ties import tie

MAIN_TEMPLATE = "kit.tex"

_LINK_RE = re.compile(rf"({URL_RE.pattern})|({EMAIL_RE.pattern})")


def texts_of(value: Any) -> Iterator[str]:
    """Every string of a localized view (to find the scripts a kit's text uses, to measure a column)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from texts_of(item)
    elif isinstance(value, SimpleNamespace):
        for item in vars(value).values():
            yield from texts_of(item)


def to_latex(value: Any, locale: Locale) -> str:
    """How a value prints: escaped text with live links, or a date/number in the locale's form."""
    if isinstance(value, Latex):
        return value
    if isinstance(value, jinja2.Undefined):
        return str(value)  # StrictUndefined raises here: a missing value is an error
    if isinstance(value, bool) or value is None:
        raise TypeError(f"a template printed {value!r}; test it with \\BLOCK{{if ...}} instead")
    if isinstance(value, datetime.date):
        return to_latex(format_date_value(value, locale), locale)
    if isinstance(value, int | float | Decimal):
        return str(value)  # years and article numbers: never grouped (use |number for quantities)
    if not isinstance(value, str):
        raise TypeError(f"a template printed a {type(value).__name__}; print its fields instead")
    # Ties (ties.py) for every text printed, translated or not: "art. L. 8112-2" is often literal.
    value = tie(value, locale.language)
    out = []
    last = 0
    for m in _LINK_RE.finditer(value):
        out.append(escape(value[last : m.start()]))
        link = m.group(0)
        target = link if m.group(2) is None else mailto(link)
        if target.startswith("www."):
            target = "https://" + target
        # \kbhref (the preamble's): a case change (\MakeUppercase) leaves its target alone.
        out.append(rf"\kbhref{{{escape_url(target)}}}{{{escape_breakable(link)}}}")
        last = m.end()
    out.append(escape(value[last:]))
    return "".join(out)


# A block's lead (its heading, lead-in, headline box) and its closing words are slices of
# their own, paragraph by paragraph, so that what follows each starts level in both languages.
_LEAD_FIELDS = ("title", "intro", "headline")
_TAIL_FIELDS = ("outro",)
# An item's own sequences (an entry's paragraphs, then its bullets; a person's biography)
# are aligned one by one, its heading with the first; its address comes with the last.
_ITEM_SEQUENCES = ("text", "items", "bio")
_ITEM_TAIL_FIELDS = ("url",)


@dataclass(frozen=True)
class ItemSlice:
    """Where one slice of a bulleted list stands in it: slices of one list join where they meet."""

    first: bool
    last: bool


def _emptied(obj: Any, names: Sequence[str]) -> dict[str, Any]:
    """``obj``'s fields ``names`` (those it has) as they are when empty."""
    values = vars(obj)
    return {name: [] if isinstance(values[name], list) else (False if isinstance(values[name], bool) else None)
            for name in names if name in values}


def _item_parts(item: Any) -> list[SimpleNamespace]:
    """``item`` cut into the parts that are aligned one by one: each of its paragraphs and
    bullets (``shows_heading``: the part prints the item's heading; ``goes_on``: another part
    follows), or the item whole."""
    if not isinstance(item, SimpleNamespace):
        return [item]  # a bullet of a list: a message
    values = vars(item)
    sequences = [name for name in _ITEM_SEQUENCES if isinstance(values.get(name), list)]
    pieces = [(name, k) for name in sequences for k in range(len(values[name]))]
    if len(pieces) < 2:
        return [item]
    bullets = len(values.get("items") or [])
    parts = []
    for n, (name, k) in enumerate(pieces):
        changes: dict[str, Any] = {other: [] for other in sequences}
        changes[name] = [values[name][k]]
        if name == "items":
            changes["item_slice"] = ItemSlice(first=k == 0, last=k == bullets - 1)
        if n < len(pieces) - 1:
            changes.update(_emptied(item, _ITEM_TAIL_FIELDS))
        parts.append(SimpleNamespace(**{**values, **changes, "shows_heading": n == 0,
                                        "goes_on": n < len(pieces) - 1}))
    return parts


def aligned_slices(block: Any, field: str) -> list[SimpleNamespace]:
    """The slices of ``block`` that the bilingual edition aligns across its columns, one by
    one, each a copy of the block holding part of it. ``begins`` says what a slice begins:
    "lead" (the block's heading with its first lead-in paragraph, or a further lead-in
    paragraph), "item" (an item, with its heading), "part" (the rest of an item: an entry's
    paragraph or bullet) or "tail" (a closing paragraph). The two languages' blocks come from
    one content file, so they give the same slices."""
    values = vars(block)
    items = values[field]
    bare = {**values, **_emptied(block, _LEAD_FIELDS), **_emptied(block, _TAIL_FIELDS), field: [],
            "number_offset": 0}
    slices = []
    intro = values.get("intro")
    if any(values.get(name) for name in _LEAD_FIELDS):
        first = {**values, **_emptied(block, _TAIL_FIELDS), field: [], "number_offset": 0, "begins": "lead"}
        if isinstance(intro, list) and intro:
            first["intro"] = intro[:1]
        slices.append(SimpleNamespace(**first))
        for paragraph in intro[1:] if isinstance(intro, list) else []:
            slices.append(SimpleNamespace(**{**bare, "intro": [paragraph], "begins": "lead"}))
    for index, item in enumerate(items):
        for n, part in enumerate(_item_parts(item)):
            slices.append(SimpleNamespace(**{
                **bare, field: [part],
                "number_offset": index,  # numbered entries keep their numbers
                "item_slice": ItemSlice(first=index == 0, last=index == len(items) - 1),
                "begins": "item" if n == 0 else "part"}))
    outro = values.get("outro")
    for paragraph in outro if isinstance(outro, list) else []:
        slices.append(SimpleNamespace(**{**bare, "outro": [paragraph], "begins": "tail"}))
    return slices


class _MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept for the life of the process: every locale (and every thread)
    renders the same templates, and Jinja's parsing is most of kitbuilder's own time.
    Entries are keyed by the template's source checksum, so an edited template recompiles."""

    def __init__(self) -> None:
        self._store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = self._store.get(bucket.key + bucket.checksum)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._store[bucket.key + bucket.checksum] = bucket.bytecode_to_string()


_BYTECODE_CACHE = _MemoryBytecodeCache()


class _LatexCodeGenerator(jinja2.compiler.CodeGenerator):
    """Compiles ``~`` to ``concat``, so deliberate LaTeX keeps its type through it (Jinja
    itself only keeps markupsafe's Markup, and only with HTML autoescaping on)."""

    def visit_Concat(self, node: jinja2.nodes.Concat, frame: jinja2.compiler.Frame) -> None:
        self.write("environment.concat((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


class _LatexEnvironment(jinja2.Environment):
    code_generator_class = _LatexCodeGenerator
    concat = staticmethod(concat)


def printed_concat(values: Iterable[Any], locale: Locale) -> str:
    """What ``~`` makes of its operands: plain text, or LaTeX if any operand is, and then each
    plain operand prints as any text does in ``locale`` (ties, links, escaping)."""
    parts = [v if isinstance(v, str) else str(v) for v in values]
    if any(isinstance(p, Latex) for p in parts):
        parts = [p if isinstance(p, Latex) else Latex(to_latex(p, locale)) for p in parts]
    return concat(parts)


def balanced_rows(items: Sequence[Any], columns: int) -> list[list[Any]]:
    """``items`` in as few rows of at most ``columns`` as they need, the rows as even as can
    be, the longer ones first: four in rows of three are two and two, not three and one."""
    count = len(items)
    rows = max(1, -(-count // columns))
    short, longer = divmod(count, rows)
    out, start = [], 0
    for row in range(rows):
        end = start + short + (1 if row < longer else 0)
        out.append(list(items[start:end]))
        start = end
    return out


def column_shares(columns: Sequence[Any]) -> list[float]:
    """Each column's share of the width: its share of the text (every string in it, in
    characters), kept within a fifth of an even share, the shares summing to one."""
    lengths = [sum(len(text) for text in texts_of(column)) for column in columns]
    total, even = sum(lengths), 1 / len(lengths)
    shares = [min(max(n / total if total else even, even * 0.8), even * 1.2) for n in lengths]
    return [share / sum(shares) for share in shares]


def join_filter(values: Iterable[Any], separator: str, locale: Locale) -> str:
    """Jinja's ``join`` for LaTeX: ``~`` between the items, the separator between each two."""
    return printed_concat(_interleave([v if isinstance(v, str) else str(v) for v in values], separator), locale)


def _interleave(items: list[str], separator: str) -> Iterator[str]:
    for i, item in enumerate(items):
        if i:
            yield separator
        yield item


def separator_latex(separator: str) -> Latex:
    """A list separator as LaTeX: one with no space of its own (Chinese 、) may still end a
    line, or a list of numbers in a narrow column could never break."""
    return Latex(escape(separator) + ("" if " " in separator else r"\allowbreak{}"))


class LanguageSwitch:
    """The locale that values print in: one per document, or one per column of a bilingual
    edition, switched by the template with ``use_language(i)``."""

    def __init__(self, locales: Sequence[Locale]) -> None:
        self.locales = list(locales)
        self.current = self.locales[0]

    def use(self, index: int) -> str:
        self.current = self.locales[index]
        return ""


def make_environment(search_path: Sequence[Path], locales: Locale | Sequence[Locale],
                     gettext: Callable[[str], str]) -> jinja2.Environment:
    switch = LanguageSwitch([locales] if isinstance(locales, Locale) else locales)
    env = _LatexEnvironment(
        loader=jinja2.FileSystemLoader([str(p) for p in search_path]),
        block_start_string=r"\BLOCK{",
        block_end_string="}",
        variable_start_string=r"\VAR{",
        variable_end_string="}",
        comment_start_string=r"\#{",
        comment_end_string="}",
        line_comment_prefix="%#",
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        finalize=lambda value: to_latex(value, switch.current),
        extensions=["jinja2.ext.loopcontrols", "jinja2.ext.do"],
        bytecode_cache=_BYTECODE_CACHE,
    )
    env.filters["latex"] = Latex
    env.concat = lambda values: printed_concat(values, switch.current)
    env.filters["join"] = lambda values, separator="": join_filter(values, separator, switch.current)
    # Text for places where a link cannot go: PDF metadata, running heads, the side tab.
    env.filters["plain"] = lambda value: Latex(plain_text(value if isinstance(value, Latex)
                                                          else tie(str(value), switch.current.language)))
    # Text for the PDF's metadata, which no typesetting reaches: the language's spaces written out.
    env.filters["metadata"] = lambda value: Latex(escape_metadata(spell_out_typography(value, switch.current.language)))
    env.filters["spelled"] = lambda value, language=None: spell_out_typography(value, language) if language else value
    env.filters["date"] = lambda value, style="long": format_date_value(value, switch.current, style)
    env.filters["number"] = lambda value: format_number_value(value, switch.current)
    env.filters["percent"] = lambda value: format_percent_value(value, switch.current)
    env.filters["balanced_rows"] = balanced_rows
    env.filters["column_shares"] = column_shares
    env.globals["_"] = gettext
    env.globals["list_separator"] = lambda: separator_latex(list_separator(switch.current))
    # Whether the language values print in now (a bilingual edition's column) reads right to left.
    env.globals["right_to_left"] = lambda: switch.current.character_order == "right-to-left"
    env.globals["aligned_slices"] = aligned_slices
    env.globals["use_language"] = switch.use
    return env


def render_kit(kit: Any, settings: dict[str, Any], search_path: Sequence[Path], locale: Locale | Sequence[Locale],
               gettext: Callable[[str], str], template_name: str = MAIN_TEMPLATE, **extra: Any) -> str:
    """The kit's LaTeX source for one locale.

    ``kit`` is ``localize``'s output; ``settings`` holds what the templates need to set up
    the document (babel language, metadata, paper, draft mark).
    """
    env = make_environment(search_path, locale, gettext)
    try:
        template = env.get_template(template_name)
        # Each language's gettext: one, or one per column of a bilingual edition.
        return template.render(kit=kit, settings=settings, **{"gettexts": [gettext], **extra})
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"template syntax error: {exc.message}", exc.filename or exc.name, exc.lineno) from None
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(f"template not found: {exc.name}", search_path[0]) from None
    except jinja2.UndefinedError as exc:
        path, line = _template_frame(exc)
        raise TemplateError(f"undefined value: {exc.message}", path, line) from None
    except TypeError as exc:
        path, line = _template_frame(exc)
        raise TemplateError(str(exc), path, line) from None
    except RecursionError as exc:
        path, line = _template_frame(exc)
        raise TemplateError("template error: a template includes itself, or calls a macro that never stops "
                            "calling itself", path, line) from None
    except KitbuilderError:
        raise  # a message or value the template asked for, already located
    except Exception as exc:  # templates are trusted code, but their authors deserve file and line
        path, line = _template_frame(exc)
        raise TemplateError(f"template error: {exc or type(exc).__name__}", path, line) from None


def _template_frame(exc: BaseException) -> tuple[str | None, int | None]:
    """The template file and line where a rendering error happened (Jinja's own traceback)."""
    tb = exc.__traceback__
    found: tuple[str | None, int | None] = (None, None)
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith(".tex"):  # Jinja rewrites its frames to the template file and line
            found = (name, tb.tb_lineno)
        tb = tb.tb_next
    return found
