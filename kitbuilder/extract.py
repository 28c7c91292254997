"""Catalog templates from the content and the templates, and catalogs merged from them.

Everything here takes and returns objects and bytes; ``workflow.py`` reads and writes
the files and passes the output through ``msgcat`` so it is in GNU gettext's canonical form.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

import jinja2.ext
from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from .catalogs import LABELS_DOMAIN, LABELS_LANGUAGE
from .content import KIT_FILE, messages_in, read_config, read_part
from .localize import domain_of
from .render import make_environment
from .schema import Kit, Message


def template_labels(search_path: Sequence[Path]) -> list[Message]:
    """The labels that templates translate with ``_("...")``, with their template and line."""
    env = make_environment(search_path, Locale.parse("en"), lambda s: s)
    found: list[Message] = []
    seen: set[str] = set()
    for folder in search_path:
        for path in sorted(folder.rglob("*.tex")):
            name = path.relative_to(folder).as_posix()
            if name in seen:
                continue  # overridden by a template earlier in the search path
            seen.add(name)
            ast = env.parse(path.read_text(encoding="utf-8"), name=name)
            for line, _func, text in jinja2.ext.extract_from_ast(ast, gettext_functions=("_",)):
                if isinstance(text, str):
                    found.append(Message(text=text, path=f"templates/latex/{name}", line=line,
                                         source_language=LABELS_LANGUAGE, where=f"Template {name}"))
    return found


def messages_by_domain(kit: Kit, labels: Iterable[Message]) -> dict[str, list[Message]]:
    domains: dict[str, list[Message]] = {}
    for m in messages_in([kit.config, *kit.parts]):
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


def new_catalog(template: Catalog, locale: str) -> Catalog:
    """A new locale's catalog: the template's messages, untranslated, with a correct header."""
    catalog = Catalog(locale=Locale.parse(locale), project=template.project, version="", charset="utf-8",
                      fuzzy=False, msgid_bugs_address="", creation_date=template.creation_date)
    catalog.update(template, no_fuzzy_matching=True)
    return catalog


def merge(existing: Catalog, template: Catalog) -> Catalog:
    """Merge a template into a catalog the way msgmerge does.

    Translations are kept; a changed source is matched to its old translation, marked
    fuzzy, with the old source kept as ``#|``; entries no longer used stay as ``#~``.
    """
    existing.update(template, no_fuzzy_matching=False, update_header_comment=False)
    return existing


def catalog_bytes(catalog: Catalog, *, template: bool = False) -> bytes:
    """The catalog as ``.po`` (or ``.pot``) text, without tool-version or date churn."""
    buf = io.BytesIO()
    write_po(buf, catalog, width=79, include_previous=True, sort_output=False, omit_header=False)
    text = buf.getvalue().decode("utf-8")
    text = re.sub(r'^"Generated-By: .*\\n"\n', "", text, flags=re.M)
    text = re.sub(r'^("Project-Id-Version: .*?) VERSION\\n"', r'\1\\n"', text, count=1, flags=re.M)
    if template:
        text = re.sub(r'^"POT-Creation-Date: .*\\n"\n', "", text, flags=re.M)
    text = re.sub(r'^"(PO-Revision-Date|POT-Creation-Date): .*\\n"\n', "", text, flags=re.M)
    # Babel writes a boilerplate header comment naming the year; keep it to one neutral line.
    text = re.sub(r"\A(#.*\n)+", "# Translations of a kitbuilder kit.\n", text)
    return text.encode("utf-8")


# --- A Babel extractor, so `pybabel extract` with a mapping file finds the same messages. ---


def babel_extract(fileobj: IO[bytes], keywords: Any, comment_tags: Any,
                  options: dict[str, Any]) -> Iterator[tuple[int, str, Any, list[str]]]:
    """Babel extractor for kit content files: ``[kitbuilder_yaml: content/**.yaml]``."""
    text = fileobj.read().decode("utf-8")
    path = getattr(fileobj, "name", "content.yaml")
    path = Path(path).as_posix()
    language = options.get("source_language", "en")
    if path.endswith(KIT_FILE):
        messages = messages_in(read_config(text, path))
    else:
        messages = messages_in(read_part(text, path, language))
    for m in messages:
        comments = [m.note] if m.note else []
        if m.context:
            yield m.line, "pgettext", (m.context, m.text), comments
        else:
            yield m.line, "gettext", m.text, comments

