"""Build a kit: load content -> load catalogs -> localize -> render LaTeX -> compile PDF -> report.

This module orchestrates: ``kitdir`` reads and writes the kit's files, the LaTeX layer
(``latex/``) runs the engine, and the steps in between are pure functions of text and objects.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import fcntl
import functools
import hashlib
import json
import os
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel import Locale

from . import __version__
from .catalogs import (
    LABELS_DOMAIN,
    LABELS_LANGUAGE,
    PSEUDO_LOCALE,
    Fallback,
    PseudoTranslator,
    Translator,
    language_of,
    parse_locale,
)
from .errors import CatalogError, KitbuilderError, LatexError, WriteError
from .extract import template_labels
from .formatting import format_percent_value
from .kitdir import (
    BILINGUAL_SEPARATOR,
    PDF_NAME,
    REPORT_NAME,
    STAMP_NAME,
    WORK_DIR,
    output_folder,
    publish,
    read_content,
    read_locale_catalogs,
    remove_links,
    search_path_of,
    write_if_changed,
)
from .latex import Engines, compile_pdf
from .latex.fonts import fonts_for
from .latex.imposition import PAPER_OPTION, booklet_tex, print_geometry
from .latex.languages import babel_setup
from .latex.trailer import TRAILER_ID_PLACEHOLDER, with_trailer_id
from .localize import localize
from .render import render_kit
from .report import LocaleReport, locate_warnings, part_pages, source_at
from .schema import Kit, Message
from .stamps import DEFAULT_OPTIONS, BuildOptions, input_digest, saved_report


def load_translator(kit_dir: Path, kit: Kit, locale: str) -> Translator:
    catalogs = read_locale_catalogs(kit_dir, kit, locale)
    return Translator(locale, {d: c for d, (_, c) in catalogs.items()}, {d: rel for d, (rel, _) in catalogs.items()})


# --- One locale -----------------------------------------------------------------------------


def completion(kit: Kit, locale: str, fallbacks: list[Fallback], labels: list[Message] | None = None) -> float:
    """The share of the messages a locale translates that it prints translated, in percent."""
    messages = list(kit.messages) + list(labels or [])
    translatable = {m.key for m in messages if language_of(m.source_language) != language_of(locale)}
    if not translatable:
        return 100.0
    missing = {f.message.key for f in fallbacks}
    return 100.0 * (len(translatable) - len(missing & translatable)) / len(translatable)


def load_translator_for(kit_dir: Path, kit: Kit, locale: str) -> Translator:
    if locale == PSEUDO_LOCALE:
        return PseudoTranslator(locale, {})
    return load_translator(kit_dir, kit, locale)


@dataclass
class RenderedLocale:
    """A locale's LaTeX, and what translating it found."""

    tex: str
    translator: Translator
    completion: float


@dataclass
class PreparedLocale:
    """One locale's view of the kit, ready for a template: translated, formatted, with its labels."""

    locale: str
    cldr: Locale
    view: Any
    translator: Translator
    gettext: Callable[[str], str]
    completion: float
    babel: dict[str, str]


def prepare_locale(kit_dir: Path, kit: Kit, locale: str, options: BuildOptions) -> PreparedLocale:
    pseudo = locale == PSEUDO_LOCALE
    cldr = parse_locale("en" if pseudo else locale)
    translator = load_translator_for(kit_dir, kit, locale)
    labels = translator.catalogs.get(LABELS_DOMAIN)

    def gettext(text: str) -> str:
        label = Message(text=text, path=f"{LABELS_DOMAIN}.tex", source_language=LABELS_LANGUAGE)
        return translator.translate(label, LABELS_DOMAIN) if labels is not None or pseudo else text

    view = localize(kit, translator, cldr)
    labels_used = template_labels(search_path_of(kit_dir))
    for label in labels_used:  # translated now, so --strict and the draft mark count them too
        gettext(label.text)
    if options.strict and translator.fallbacks:
        first = translator.fallbacks[0]
        summary = ", ".join(f"{n} {reason}" for reason, n in sorted(translator.counts().items()))
        raise CatalogError(f"--strict: {summary} message(s) in '{locale}', first: "
                           f"{first.reason}: {first.message.text[:60]!r}", first.catalog, first.line)
    done = completion(kit, locale, translator.fallbacks, labels_used)
    return PreparedLocale(locale, cldr, view, translator, gettext, done, babel_setup("en" if pseudo else locale))


def base_settings(kit: Kit, prepared: list[PreparedLocale], options: BuildOptions) -> dict[str, Any]:
    """What the preamble needs: languages (the first is the main one), paper, print marks, draft mark."""
    main = prepared[0]
    drafts = [p for p in prepared if p.translator.fallbacks]
    return {
        "locale": main.cldr.language if main.locale == PSEUDO_LOCALE else main.locale,
        "babels": [p.babel for p in prepared],
        "language_names": [p.babel["option"] or p.babel["provide"] for p in prepared],
        "bilingual": len(prepared) > 1,
        "draft": format_percent_value(round(min(p.completion for p in drafts), 1), main.cldr) if drafts else "",
        "generator": f"kitbuilder {__version__}",
        "paper": PAPER_OPTION[kit.config.paper],
        "print": print_geometry(kit.config.paper) if options.print_marks else None,
        "trailer_id": TRAILER_ID_PLACEHOLDER,
        "fonts": fonts_for(str(main.cldr)),
    }


def render_locale(kit_dir: Path, kit: Kit, locale: str, options: BuildOptions) -> RenderedLocale:
    prepared = prepare_locale(kit_dir, kit, locale, options)
    settings = base_settings(kit, [prepared], options)
    tex = render_kit(prepared.view, settings, search_path_of(kit_dir), prepared.cldr, prepared.gettext)
    return RenderedLocale(with_trailer_id(tex), prepared.translator, prepared.completion)


def render_bilingual(kit_dir: Path, kit: Kit, locales: tuple[str, str], options: BuildOptions) -> RenderedLocale:
    """Both languages side by side in one document, part by part."""
    prepared = [prepare_locale(kit_dir, kit, locale, options) for locale in locales]
    settings = base_settings(kit, prepared, options)
    views = [p.view for p in prepared]
    pairs = list(zip(views[0].parts, views[1].parts, strict=True))
    tex = render_kit(views[0], settings, search_path_of(kit_dir), [p.cldr for p in prepared], prepared[0].gettext,
                     template_name="bilingual.tex", kits=views, pairs=pairs, gettexts=[p.gettext for p in prepared])
    left, right = prepared
    # One record stands for the edition: both languages' catalogs and fallbacks.
    both = Translator(f"{left.locale}{BILINGUAL_SEPARATOR}{right.locale}", {**right.translator.catalogs,
                      **left.translator.catalogs}, {**right.translator.paths, **left.translator.paths},
                      left.translator.fallbacks + right.translator.fallbacks)
    return RenderedLocale(with_trailer_id(tex), both, min(left.completion, right.completion))


_RENDERING = threading.Lock()


def build_locale(kit_dir: Path, kit: Kit, locale: str, out_dir: Path, options: BuildOptions = DEFAULT_OPTIONS,
                 progress: Callable[[str], None] | None = None, engines: Engines | None = None) -> LocaleReport:
    """Render and compile one locale (or a bilingual "en+fr") into ``out_dir/<locale>/kit.pdf``.

    ``progress`` is told each step as it starts: rendering, each engine pass, the booklet.
    """
    started = time.monotonic()
    tell = progress or (lambda what: None)

    def on_pass(number: int) -> None:
        tell(f"engine pass {number}")

    # Rendering is Python, which runs one thread at a time anyway: taking turns lets the
    # first locale's engine start as soon as its own text is ready, not when every locale's is.
    with _RENDERING:
        tell("rendering")
        if BILINGUAL_SEPARATOR in locale:
            left, right = locale.split(BILINGUAL_SEPARATOR)
            rendered = render_bilingual(kit_dir, kit, (left, right), options)
        else:
            rendered = render_locale(kit_dir, kit, locale, options)
    locale_dir = output_folder(out_dir, locale)
    work = output_folder(out_dir, locale, WORK_DIR)
    remove_links(work)  # the engine opens its outputs the way TeX does, following links
    tex_path = work / f"{PDF_NAME}.tex"
    write_if_changed(tex_path, rendered.tex.encode("utf-8"))
    try:
        result = compile_pdf(tex_path, source_date_epoch=options.source_date_epoch, on_pass=on_pass,
                             engines=engines)
    except LatexError as exc:
        origin = source_at(rendered.tex, exc.line or 0) if exc.path == str(tex_path) else ""
        if origin:
            exc.message += f" (rendered from {origin})"
        raise
    outputs = [".tex", ".log", ".pdf"]
    if options.booklet:
        pdf = work / f"{PDF_NAME}.pdf"
        booklet = work / f"{PDF_NAME}-booklet.tex"
        digest = hashlib.md5(pdf.read_bytes(), usedforsecurity=False).hexdigest()
        write_if_changed(booklet, booklet_tex(pdf.name, kit.config.paper, result.log.pages, digest).encode("utf-8"))
        tell("imposing the booklet")
        compile_pdf(booklet, source_date_epoch=options.source_date_epoch, max_passes=1, engines=engines)
        outputs.append("-booklet.pdf")
    # Only a successful build replaces what the organiser already has, and all of it or none
    # of it (a full disk leaves the old kit.tex beside the old kit.pdf); a booklet from an
    # earlier --booklet build does not stay beside a newer kit.
    published: dict[Path, bytes | None] = {
        locale_dir / f"{PDF_NAME}{suffix}": (work / f"{PDF_NAME}{suffix}").read_bytes() for suffix in outputs}
    if not options.booklet:
        published[locale_dir / f"{PDF_NAME}-booklet.pdf"] = None
    publish(published)
    translator = rendered.translator
    details = [f"{f.catalog}:{f.line or ''}: {f.reason}: {f.message.text[:70]}" for f in translator.fallbacks]
    aux = work / f"{PDF_NAME}.aux"
    return LocaleReport(
        locale=locale,
        pdf=str(locale_dir / f"{PDF_NAME}.pdf"),
        pages=result.log.pages,
        seconds=time.monotonic() - started,
        passes=result.passes,
        warnings=locate_warnings(result.log, rendered.tex, kit, translator),
        fallbacks=dict(translator.counts()),
        completion=rendered.completion,
        details=details,
        parts=part_pages(aux.read_text(encoding="utf-8") if aux.exists() else ""),
    )


# --- The whole kit: every locale, in parallel, skipping what has not changed ---------------

LOCK_NAME = ".lock"


@contextlib.contextmanager
def build_lock(out_dir: Path, on_wait: Callable[[int | None], None] | None = None) -> Iterator[None]:
    """One build at a time per output directory. The kernel drops the lock when the process
    ends, however it ends, so an interrupted build leaves no stale lock.

    ``on_wait`` is told the process holding the lock (None if unknown) when this build has
    to wait for it. The lock file is never reached through a symbolic link, and holds the
    holder's process id.
    """
    output_folder(out_dir)
    try:
        fd = os.open(out_dir / LOCK_NAME, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o666)
    except OSError as exc:
        problem = "is a symbolic link: kitbuilder writes nothing through a link; remove it" \
            if (out_dir / LOCK_NAME).is_symlink() else f"cannot write: {exc.strerror or exc}"
        raise WriteError(problem, out_dir / LOCK_NAME) from None
    with os.fdopen(fd, "r+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_wait is not None:
                holder = handle.read(32).strip()
                on_wait(int(holder) if holder.isdigit() else None)
            fcntl.flock(handle, fcntl.LOCK_EX)  # another build of this kit is running: wait for it
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n".encode())
        handle.flush()
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def longest_first(out_dir: Path, locales: list[str], source_language: str) -> list[str]:
    """The order to start ``locales`` in: the longest last time first, so that with fewer
    cores than locales the short ones fill in beside it rather than after it. Without a
    previous report: a bilingual edition (both texts) first, the source language last
    (translations run longer than their source)."""

    def expected_seconds(locale: str) -> float:
        try:
            report = json.loads((out_dir / locale / WORK_DIR / REPORT_NAME).read_text(encoding="utf-8"))
            return float(report["seconds"])
        except (OSError, ValueError, KeyError, TypeError):
            if BILINGUAL_SEPARATOR in locale:
                return float("inf")
            return -1.0 if locale == source_language else 0.0

    return sorted(locales, key=expected_seconds, reverse=True)


@dataclass
class LocaleFailure:
    locale: str
    error: KitbuilderError


def build_kit(kit_dir: Path, locales: list[str], out_dir: Path, options: BuildOptions, *, jobs: int = 0,
              force: bool = False, progress: Callable[[str, str], None] | None = None,
              on_wait: Callable[[int | None], None] | None = None) -> list[LocaleReport | LocaleFailure]:
    """Build every locale, up to ``jobs`` at once; a locale whose inputs did not change is skipped.

    A failing locale does not stop the others; its error is returned in its place.
    ``progress`` is told the locale and the step of each locale being built, as it starts;
    ``on_wait``, the process this build waits for when another build of the kit is running.
    """
    with build_lock(out_dir, on_wait):
        digests = {locale: input_digest(kit_dir, locale, options) for locale in locales}
        results: dict[str, LocaleReport | LocaleFailure] = {}
        pending = []
        for locale in locales:
            saved = None if force else saved_report(out_dir, locale, digests[locale])
            if saved is not None:
                results[locale] = LocaleReport.from_json(saved)
            else:
                pending.append(locale)
        if pending:
            kit = read_content(kit_dir)
            pending = longest_first(out_dir, pending, kit.config.source_language)

            def one(locale: str) -> LocaleReport | LocaleFailure:
                tell = functools.partial(progress, locale) if progress else None
                try:
                    report = build_locale(kit_dir, kit, locale, out_dir, options=options, progress=tell,
                                          engines=engines)
                    work = out_dir / locale / WORK_DIR
                    publish({work / STAMP_NAME: digests[locale].encode(),
                             work / REPORT_NAME: json.dumps(report.as_json(), indent=2).encode()})
                except KitbuilderError as exc:
                    return LocaleFailure(locale, exc)
                return report

            workers = max(1, min(jobs or os.cpu_count() or 1, len(pending)))
            engines = Engines()
            with concurrent.futures.ThreadPoolExecutor(workers) as pool:
                try:
                    for locale, result in zip(pending, pool.map(one, pending), strict=True):
                        results[locale] = result
                except BaseException:  # Ctrl-C, SIGTERM: stop the engines now, not at their time limit
                    pool.shutdown(wait=False, cancel_futures=True)
                    engines.stop()
                    raise
        return [results[locale] for locale in locales]
