"""Catalog templates from the content and the templates, and catalogs merged from them.

Everything here takes and returns objects and bytes; ``workflow.py`` reads and writes
the files, and GNU gettext's tools (``msgtools.py``) merge them and set their layout.
"""

from __future__ import annotations

import datetime
import functools
import io
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

import jinja2
import jinja2.ext
from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.catalog import Message as BabelMessage
from babel.messages.pofile import read_po

from .catalogs import LABELS_DOMAIN, LABELS_LANGUAGE, needs_translation
from .content import messages_in, read_config, read_part
from .errors import TemplateError
from .kitdir import KIT_FILE
from .localize import domain_of
from .render import make_environment
from .schema import Kit, Message


def template_labels(search_path: Sequence[Path]) -> list[Message]:
    """The labels that templates translate with ``_("...")``, with their template and line."""
    files = tuple((path, path.stat().st_mtime_ns) for folder in search_path for path in sorted(folder.rglob("*.tex")))
    return list(_template_labels(tuple(search_path), files))


@functools.lru_cache(maxsize=8)
def _template_labels(search_path: tuple[Path, ...], files: tuple[tuple[Path, int], ...]) -> tuple[Message, ...]:
    """Cached on the templates' paths and modification times: every locale asks for the same labels."""
    env = make_environment(search_path, Locale.parse("en"), lambda s: s)
    found: list[Message] = []
    seen: set[str] = set()
    for folder in search_path:
        for path in sorted(folder.rglob("*.tex")):
            name = path.relative_to(folder).as_posix()
            if name in seen:
                continue  # overridden by a template earlier in the search path
            seen.add(name)
            try:
                ast = env.parse(path.read_text(encoding="utf-8"), name=name, filename=str(path))
            except jinja2.TemplateSyntaxError as exc:
                raise TemplateError(f"template syntax error: {exc.message}", path, exc.lineno) from None
            for line, _func, text in jinja2.ext.extract_from_ast(ast, gettext_functions=("_",)):
                if isinstance(text, str):
                    found.append(Message(text=text, path=f"templates/latex/{name}", line=line,
                                         source_language=LABELS_LANGUAGE, where=f"Template {name}"))
    return tuple(found)


def messages_by_domain(kit: Kit, labels: Iterable[Message]) -> dict[str, list[Message]]:
    """The messages to translate, by catalog domain (typed values alone are none)."""
    domains: dict[str, list[Message]] = {}
    for m in kit.messages:
        if needs_translation(m):
            domains.setdefault(domain_of(m), []).append(m)
    domains[LABELS_DOMAIN] = list(labels)
    return domains


def make_template(domain: str, messages: Iterable[Message], project: str) -> Catalog:
    """The ``.pot`` of one domain: one entry per distinct message, with every place it occurs."""
    pot = Catalog(project=project, version="", charset="utf-8", fuzzy=False,
                  msgid_bugs_address="", creation_date=None)
    for m in messages:
        comments = [c for c in (m.where, f"Note: {m.note}" if m.note else "") if c]
        existing = pot.get(m.text, context=m.context)
        if existing is not None:
            existing.locations.append((m.path, m.line))
            existing.auto_comments.extend(c for c in comments if c not in existing.auto_comments)
            continue
        flags = ["no-c-format"] if "%" in m.text else []
        pot.add(m.text, locations=[(m.path, m.line)], auto_comments=comments, context=m.context, flags=flags)
    return pot


def new_catalog_header(locale: str, project: str, revised: datetime.datetime) -> bytes:
    """A new locale's catalog before its first merge: a header complete enough that
    ``msgfmt --check`` has nothing to warn about (an empty Last-Translator is filled in by
    Poedit or Weblate at the first save)."""
    cldr = Locale.parse(locale)
    headers = [
        ("Project-Id-Version", project),
        ("Report-Msgid-Bugs-To", ""),
        ("PO-Revision-Date", revised.strftime("%Y-%m-%d %H:%M%z")),
        ("Last-Translator", ""),
        ("Language-Team", cldr.english_name or locale),
        ("Language", locale),
        ("MIME-Version", "1.0"),
        ("Content-Type", "text/plain; charset=UTF-8"),
        ("Content-Transfer-Encoding", "8bit"),
        ("Plural-Forms", Catalog(locale=cldr).plural_forms),
    ]
    out = ["# Translations of a kitbuilder kit.", 'msgid ""', 'msgstr ""']
    out += [_quote(f"{k}: {v}\n") for k, v in headers]
    return ("\n".join(out) + "\n").encode("utf-8")


def without_entries(po_text: str, keys: set[tuple[str | None, str]]) -> str:
    """A catalog in gettext's layout (entries apart by a blank line) without the entries,
    current or obsolete, whose (context, source text) is one of ``keys``."""
    blocks = po_text.split("\n\n")
    kept = blocks[:1]  # the header
    for block in blocks[1:]:
        catalog = read_po(io.StringIO(block))
        entry = next((m for m in [*catalog, *catalog.obsolete.values()] if m.id), None)
        if entry is None or (entry.context, str(entry.id)) not in keys:
            kept.append(block)
    return "\n\n".join(kept)


def _quote(text: str) -> str:
    escaped = (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
               .replace("\t", "\\t").replace("\r", "\\r"))
    return f'"{escaped}"'


def _entry(message: BabelMessage) -> list[str]:
    """One template entry, each string on one line: msgcat wraps it the canonical way afterwards."""
    lines = [f"#. {c}".rstrip() for c in message.auto_comments]
    if message.locations:
        lines.append("#: " + " ".join(f"{path}:{line}" if line else path for path, line in message.locations))
    if message.flags:
        lines.append("#, " + ", ".join(sorted(message.flags)))
    if message.context is not None:
        lines.append(f"msgctxt {_quote(message.context)}")
    lines.append(f"msgid {_quote(str(message.id))}")
    lines.append('msgstr ""')
    return lines


def template_bytes(template: Catalog) -> bytes:
    """The template as ``.pot`` text, without tool-version or date churn; msgcat then sets
    the canonical layout (Babel's ``write_po`` wraps differently from gettext)."""
    headers = [(k, v) for k, v in template.mime_headers
               if k not in ("Generated-By", "POT-Creation-Date", "PO-Revision-Date")]
    # Babel fills an empty version with the word VERSION.
    headers = [(k, v.removesuffix(" VERSION").strip() if k == "Project-Id-Version" else v) for k, v in headers]
    out = ["# Translations of a kitbuilder kit.", 'msgid ""', 'msgstr ""']
    out += [_quote(f"{k}: {v}\n") for k, v in headers]
    for message in template:
        if message.id:
            out.append("")
            out += _entry(message)
    return ("\n".join(out) + "\n").encode("utf-8")


# --- A Babel extractor, so `pybabel extract` with a mapping file finds the same messages. ---


def babel_extract(fileobj: IO[bytes], keywords: Any, comment_tags: Any,
                  options: dict[str, Any]) -> Iterator[tuple[int, str, Any, list[str]]]:
    """Babel extractor for kit content files: ``[kitbuilder_yaml: content/**.yaml]``."""
    text = fileobj.read().decode("utf-8")
    path = getattr(fileobj, "name", "content.yaml")
    path = Path(path).as_posix()
    language = options.get("source_language", "en")
    if Path(path).name == KIT_FILE:
        messages = messages_in(read_config(text, path))
    else:
        messages = messages_in(read_part(text, path, language))
    for m in messages:
        comments = [m.note] if m.note else []
        if m.context:
            yield m.line, "pgettext", (m.context, m.text), comments
        else:
            yield m.line, "gettext", m.text, comments

