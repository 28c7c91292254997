"""The same text as a kit, as a Sphinx project translated with gettext: what the benchmark
compares kitbuilder's cold build with.

Every part of the kit becomes a document: its title, then every message of the part in
document order, one paragraph each, as the source language prints it (typed values
formatted). Each other locale gets a gettext catalog per document, msgid the source
paragraph and msgstr the paragraph as kitbuilder prints it in that locale, in the
``locale/<ll>/LC_MESSAGES/`` layout that sphinx-intl maintains. Sphinx builds each
language with its LaTeX builder and latexmk, on LuaLaTeX and the kit's fonts, as its
documentation describes for translated documents.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from kitbuilder.build import load_translator
from kitbuilder.catalogs import parse_locale
from kitbuilder.content import messages_in
from kitbuilder.kitdir import available_locales, read_content
from kitbuilder.localize import localize_message

CONF = """\
project = {title!r}
author = {author!r}
extensions = []
locale_dirs = ["locale/"]
gettext_compact = False
latex_engine = "lualatex"
latex_elements = {{
    "fontpkg": r"\\setmainfont{{TeX Gyre Pagella}}\\setsansfont{{TeX Gyre Heros}}\\setmonofont{{DejaVu Sans Mono}}",
}}
latex_documents = [("index", "kit.tex", project, author, "manual")]
"""

# Paragraph starts that reStructuredText reads as list items, and inline markup characters:
# the comparison needs the same amount of text, not its markup.
_LIST_START = re.compile(r"^(?:[-+*•#]|\(?\w{1,3}[.)])\s")
_MARKUP = re.compile(r"[*`|_\\]")


def paragraph(text: str) -> str:
    text = _MARKUP.sub(" ", " ".join(text.split()))
    return "Item " + text if _LIST_START.match(text) else text


def heading(text: str) -> str:
    text = paragraph(text)
    return f"{text}\n{'=' * len(text)}\n"


def write_project(kit_dir: Path, target: Path) -> list[str]:
    """Write the Sphinx project for ``kit_dir`` into ``target``; return its locales (the source first)."""
    kit = read_content(kit_dir)
    source = kit.config.source_language
    locales = [source, *(loc for loc in available_locales(kit_dir) if loc != source)]
    texts = {}
    for locale in locales:
        translator = load_translator(kit_dir, kit, locale)
        cldr = parse_locale(locale)
        texts[locale] = [[paragraph(localize_message(m, translator, cldr)) for m in messages_in(part)]
                         for part in kit.parts]
    src = target / "src"
    src.mkdir(parents=True)
    (src / "conf.py").write_text(CONF.format(title=kit.config.title.text, author=kit.config.author), encoding="utf-8")
    names = [part.id for part in kit.parts]
    toctree = "\n".join(f"   {name}" for name in names)
    (src / "index.rst").write_text(f"{heading(kit.config.title.text)}\n.. toctree::\n   :maxdepth: 1\n\n{toctree}\n",
                                   encoding="utf-8")
    for index, name in enumerate(names):
        title, *body = texts[source][index]
        (src / f"{name}.rst").write_text(heading(title) + "\n" + "\n\n".join(body) + "\n", encoding="utf-8")
        for locale in locales[1:]:
            catalog = Catalog(locale=locale, project=kit.config.title.text)
            for original, translated in zip(texts[source][index], texts[locale][index], strict=True):
                if catalog.get(original) is None:
                    catalog.add(original, translated)
            folder = src / "locale" / locale / "LC_MESSAGES"
            folder.mkdir(parents=True, exist_ok=True)
            with (folder / f"{name}.po").open("wb") as f:
                write_po(f, catalog, width=0)
    return locales


def build_language(project: Path, locale: str) -> float:
    """``sphinx-build -b latex`` then latexmk for one language, from a clean output folder: the time."""
    out = project / "out" / locale
    shutil.rmtree(out, ignore_errors=True)
    started = time.perf_counter()
    subprocess.run([shutil.which("sphinx-build") or "sphinx-build", "-q", "-b", "latex", "-D", f"language={locale}",
                    str(project / "src"), str(out)], check=True, capture_output=True)
    # luaotfload's font cache is no input of the document, but latexmk sees it change when
    # other engines run at the same time, and reruns until it gives up.
    with (out / "latexmkrc").open("a", encoding="utf-8") as rc:
        rc.write("$hash_calc_ignore_pattern{'luc'} = '^';\n")
    subprocess.run(["make", "-C", str(out), "all-pdf"], check=True, capture_output=True)
    return time.perf_counter() - started


def available() -> str:
    """Empty when Sphinx and latexmk are installed, otherwise what is missing."""
    missing = [tool for tool in ("sphinx-build", "latexmk") if shutil.which(tool) is None]
    return ", ".join(missing)
