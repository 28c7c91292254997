"""Build a kit: load content -> load catalogs -> localize -> render LaTeX -> compile PDF -> report.

This module orchestrates: ``kitdir`` reads and writes the kit's files, the LaTeX layer
(``latex/``) runs the engine, and the steps in between are pure functions of text and objects.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import fcntl
import functools
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
    Fallback,
    PseudoTranslator,
    Translator,
    needs_translation,
    parse_locale,
)
from .edition import PSEUDO_LOCALES, Edition, EditionKind, real_locale
from .errors import CatalogError, GlyphError, KitbuilderError, LatexError, WriteError
from .extract import template_labels
from .formatting import format_percent_value
from .kitdir import (
    DEFAULT_TEMPLATES,
    PDF_NAME,
    REPORT_NAME,
    STAMP_NAME,
    WORK_DIR,
    output_folder,
    publish,
    read_content,
    read_locale_catalogs,
    remove_links,
    remove_stale_temporaries,
    search_path_of,
    write_if_changed,
)
from .latex import Engines, compile_pdf
from .latex.document import document_settings
from .latex.facts import PROOF_LUA, pdf_raster, pdf_words, poppler_available, read_facts
from .latex.fonts import scripts_in
from .latex.imposition import booklet_tex
from .latex.languages import babel_setup
from .latex.trailer import trailer_id_of, with_trailer_id
from .localize import localize
from .proof import OVERFLOW_RULES, ProofFault, chart_areas, check, text_over_graphic
from .render import render_kit, texts_of
from .report import LocaleReport, glyph_source, locate_warnings, part_pages, source_at
from .review import completion_percent
from .schema import Kit, Message
from .stamps import DEFAULT_OPTIONS, BuildOptions, input_digest, saved_report, source_date


def load_translator(kit_dir: Path, kit: Kit, locale: str) -> Translator:
    """A locale's translator: its catalogs, or a pseudo-locale's transform."""
    if locale in PSEUDO_LOCALES:
        return PseudoTranslator(locale, {})
    catalogs = read_locale_catalogs(kit_dir, kit, locale)
    return Translator(locale, {d: c for d, (_, c) in catalogs.items()}, {d: rel for d, (rel, _) in catalogs.items()})


# --- One edition -----------------------------------------------------------------------------


def completion(kit: Kit, locale: str, fallbacks: list[Fallback], labels: list[Message] | None = None) -> float:
    """The share of the messages a locale translates that it prints translated, in percent."""
    messages = list(kit.messages) + list(labels or [])
    translatable = {m.key for m in messages if needs_translation(m, locale)}
    missing = {f.message.key for f in fallbacks}
    return completion_percent(len(translatable - missing), len(translatable))


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
    labels: list[str]


def prepare_locale(kit_dir: Path, kit: Kit, locale: str, options: BuildOptions) -> PreparedLocale:
    pseudo = locale in PSEUDO_LOCALES
    cldr = parse_locale(real_locale(locale))
    babel_setup(real_locale(locale))  # a language TeX cannot set is refused before its catalogs are read
    translator = load_translator(kit_dir, kit, locale)
    labels = translator.catalogs.get(LABELS_DOMAIN)

    def gettext(text: str) -> str:
        label = Message(text=text, path=f"{LABELS_DOMAIN}.tex", source_language=LABELS_LANGUAGE)
        return translator.translate(label, LABELS_DOMAIN) if labels is not None or pseudo else text

    view = localize(kit, translator, cldr)
    labels_used = template_labels(search_path_of(kit_dir))
    # Translated now, so --strict and the draft mark count them too.
    printed_labels = [gettext(label.text) for label in labels_used]
    if options.strict and translator.fallbacks:
        first = translator.fallbacks[0]
        summary = ", ".join(f"{n} {reason}" for reason, n in sorted(translator.counts().items()))
        raise CatalogError(f"--strict: {summary} message(s) in '{locale}', first: "
                           f"{first.describe()}: {first.message.text[:60]!r}", first.catalog, first.line)
    done = completion(kit, locale, translator.fallbacks, labels_used)
    return PreparedLocale(locale, cldr, view, translator, gettext, done, printed_labels)


def base_settings(kit: Kit, prepared: list[PreparedLocale], options: BuildOptions) -> dict[str, Any]:
    """What the preamble needs: languages (the first is the main one), paper, print marks, draft mark."""
    main = prepared[0]
    scripts = scripts_in(text for p in prepared for text in [*texts_of(p.view), *p.labels])
    drafts = [p for p in prepared if p.translator.fallbacks]
    return {
        "locale": real_locale(main.locale),
        "bilingual": len(prepared) > 1,
        "draft": format_percent_value(round(min(p.completion for p in drafts), 1), main.cldr) if drafts else "",
        "generator": f"kitbuilder {__version__}",
        **document_settings([real_locale(p.locale) for p in prepared], kit.config.paper, options.print_marks,
                            scripts),
    }


def proof_lua(kit_dir: Path) -> Path:
    """The kit's own proof.lua if it has one, else kitbuilder's."""
    return next(p / "proof.lua" for p in [*search_path_of(kit_dir), DEFAULT_TEMPLATES] if (p / "proof.lua").is_file())


def render_locale(kit_dir: Path, kit: Kit, locale: str, options: BuildOptions) -> RenderedLocale:
    prepared = prepare_locale(kit_dir, kit, locale, options)
    settings = base_settings(kit, [prepared], options)
    tex = render_kit(prepared.view, settings, search_path_of(kit_dir), prepared.cldr, prepared.gettext)
    return RenderedLocale(with_trailer_id(tex), prepared.translator, prepared.completion)


def render_bilingual(kit_dir: Path, kit: Kit, edition: Edition, options: BuildOptions) -> RenderedLocale:
    """Both languages side by side in one document, part by part."""
    prepared = [prepare_locale(kit_dir, kit, locale, options) for locale in edition.locales]
    settings = base_settings(kit, prepared, options)
    views = [p.view for p in prepared]
    pairs = list(zip(views[0].parts, views[1].parts, strict=True))
    tex = render_kit(views[0], settings, search_path_of(kit_dir), [p.cldr for p in prepared], prepared[0].gettext,
                     template_name="bilingual.tex", kits=views, pairs=pairs, gettexts=[p.gettext for p in prepared])
    left, right = prepared
    # One record stands for the edition: both languages' catalogs and fallbacks.
    both = Translator(edition.name, {**right.translator.catalogs,
                      **left.translator.catalogs}, {**right.translator.paths, **left.translator.paths},
                      left.translator.fallbacks + right.translator.fallbacks)
    return RenderedLocale(with_trailer_id(tex), both, min(left.completion, right.completion))


_RENDERING = threading.Lock()


def proofread(facts_path: Path, pdf: Path) -> list[ProofFault]:
    """The proof check's faults: from the engine's facts file, and for the pages with charts,
    from the PDF's words and pixels as poppler sees them (skipped if poppler is missing)."""
    if not facts_path.exists():
        return []
    facts = read_facts(facts_path.read_text(encoding="utf-8"))
    faults = check(facts)
    areas = chart_areas(facts)
    if areas and poppler_available():
        faults += text_over_graphic(areas, functools.partial(pdf_words, pdf), functools.partial(pdf_raster, pdf))
    return sorted(faults, key=lambda f: (f.sheet, f.rule))


def render_edition(kit_dir: Path, kit: Kit, edition: Edition, options: BuildOptions) -> RenderedLocale:
    if edition.kind is EditionKind.BILINGUAL:
        return render_bilingual(kit_dir, kit, edition, options)
    return render_locale(kit_dir, kit, edition.locales[0], options)


def build_edition(kit_dir: Path, kit: Kit, edition: Edition, out_dir: Path, options: BuildOptions = DEFAULT_OPTIONS,
                  progress: Callable[[str], None] | None = None, engines: Engines | None = None) -> LocaleReport:
    """Render and compile one edition into ``out_dir/<edition>/kit.pdf``.

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
        rendered = render_edition(kit_dir, kit, edition, options)
    locale_dir = output_folder(out_dir, edition.name)
    work = output_folder(out_dir, edition.name, WORK_DIR)
    for folder in (locale_dir, work):
        remove_stale_temporaries(folder)
    remove_links(work)  # the engine opens its outputs the way TeX does, following links
    tex_path = work / f"{PDF_NAME}.tex"
    write_if_changed(tex_path, rendered.tex.encode("utf-8"))
    write_if_changed(work / PROOF_LUA, proof_lua(kit_dir).read_bytes())
    epoch = source_date(kit_dir, edition, options)
    try:
        result = compile_pdf(tex_path, source_date_epoch=epoch, on_pass=on_pass, engines=engines)
    except LatexError as exc:
        origin = source_at(rendered.tex, exc.line or 0) if exc.path == str(tex_path) else ""
        if origin:
            exc.message += f" (rendered from {origin})"
        raise
    translator = rendered.translator
    if options.strict and result.log.missing_glyphs:
        # A blank where a character should be is never printed on purpose: the PDF stays in
        # .work, and the one the organiser has is not replaced.
        glyph = result.log.missing_glyphs[0]
        where = glyph_source(glyph.split(" ")[0], kit, translator) or (None, None)
        raise GlyphError(f"--strict: no font has {glyph}, so '{edition}' would print a blank "
                         f"({len(set(result.log.missing_glyphs))} character(s) missing)", *where)
    faults = proofread(work / f"{PDF_NAME}.proof", work / f"{PDF_NAME}.pdf")
    overflows = [f for f in faults if f.rule in OVERFLOW_RULES]
    if options.strict and overflows:
        # A print run does not go out with text running into the margin or off the page: the
        # proof check sees each such line, with its content line. (Other proof faults fail
        # --strict once every edition is reported.)
        raise LatexError(f"--strict: overfull box on {overflows[0]}"
                         + (f" (and {len(overflows) - 1} more)" if overflows[1:] else ""))
    if options.strict:
        # What the proof check does not see (a box that is no line), the log's overfull boxes do.
        off_page = [w for w in locate_warnings(result.log, rendered.tex, kit, translator)
                    if w.startswith("overfull")]
        if off_page:
            raise LatexError(f"--strict: {off_page[0]}" + (f" (and {len(off_page) - 1} more)" if off_page[1:] else ""))
    outputs = [".tex", ".log", ".pdf"]
    if options.booklet:
        pdf = work / f"{PDF_NAME}.pdf"
        booklet = work / f"{PDF_NAME}-booklet.tex"
        imposed = booklet_tex(pdf.name, kit.config.paper, result.log.pages, trailer_id_of(pdf.read_bytes()))
        write_if_changed(booklet, imposed.encode("utf-8"))
        tell("imposing the booklet")
        compile_pdf(booklet, source_date_epoch=epoch, max_passes=1, engines=engines)
        outputs.append("-booklet.pdf")
    # Only a successful build replaces what the organiser already has, and all of it or none
    # of it (a full disk leaves the old kit.tex beside the old kit.pdf); a booklet from an
    # earlier --booklet build does not stay beside a newer kit.
    published: dict[Path, bytes | None] = {
        locale_dir / f"{PDF_NAME}{suffix}": (work / f"{PDF_NAME}{suffix}").read_bytes() for suffix in outputs}
    if not options.booklet:
        published[locale_dir / f"{PDF_NAME}-booklet.pdf"] = None
    publish(published)
    details = [f"{f.catalog}:{f.line or ''}: {f.describe()}: {f.message.text[:70]}" for f in translator.fallbacks]
    aux = work / f"{PDF_NAME}.aux"
    return LocaleReport(
        edition=edition,
        pdf=str(locale_dir / f"{PDF_NAME}.pdf"),
        pages=result.log.pages,
        seconds=time.monotonic() - started,
        passes=result.passes,
        warnings=locate_warnings(result.log, rendered.tex, kit, translator),
        fallbacks=dict(translator.counts()),
        completion=rendered.completion,
        details=details,
        parts=part_pages(aux.read_text(encoding="utf-8") if aux.exists() else ""),
        proof=[f.as_json() for f in faults],
    )


# --- The whole kit: every edition, in parallel, skipping what has not changed ---------------

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


def longest_first(out_dir: Path, editions: list[Edition], source_language: str) -> list[Edition]:
    """The order to start ``editions`` in: the longest last time first, so that with fewer
    cores than editions the short ones fill in beside it rather than after it. Without a
    previous report: a bilingual edition (both texts) first, the source language last
    (translations run longer than their source)."""

    def expected_seconds(edition: Edition) -> float:
        try:
            report = json.loads((out_dir / edition.name / WORK_DIR / REPORT_NAME).read_text(encoding="utf-8"))
            return float(report["seconds"])
        except (OSError, ValueError, KeyError, TypeError):
            if edition.kind is EditionKind.BILINGUAL:
                return float("inf")
            return -1.0 if edition.locales == (source_language,) else 0.0

    return sorted(editions, key=expected_seconds, reverse=True)


@dataclass
class LocaleFailure:
    """An edition that could not be built, and why."""

    edition: Edition
    error: KitbuilderError

    @property
    def locale(self) -> str:
        return self.edition.name


def check_locales(editions: list[Edition]) -> None:
    """Refuse, before building anything, a locale that CLDR does not know."""
    for edition in editions:
        for code in edition.catalog_locales:
            parse_locale(code)


def build_kit(kit_dir: Path, editions: list[Edition], out_dir: Path, options: BuildOptions, *, jobs: int = 0,
              force: bool = False, progress: Callable[[str, str], None] | None = None,
              on_wait: Callable[[int | None], None] | None = None) -> list[LocaleReport | LocaleFailure]:
    """Build every edition, up to ``jobs`` at once; an edition whose inputs did not change is skipped.

    A failing edition does not stop the others; its error is returned in its place.
    ``progress`` is told the edition and the step of each edition being built, as it starts;
    ``on_wait``, the process this build waits for when another build of the kit is running.
    """
    check_locales(editions)
    with build_lock(out_dir, on_wait):
        digests = {edition: input_digest(kit_dir, edition, options) for edition in editions}
        results: dict[Edition, LocaleReport | LocaleFailure] = {}
        pending = []
        for edition in editions:
            saved = None if force else saved_report(out_dir, edition, digests[edition])
            if saved is not None:
                results[edition] = LocaleReport.from_json(saved)
            else:
                pending.append(edition)
        if pending:
            kit = read_content(kit_dir)
            pending = longest_first(out_dir, pending, kit.config.source_language)

            def one(edition: Edition) -> LocaleReport | LocaleFailure:
                tell = functools.partial(progress, edition.name) if progress else None
                try:
                    report = build_edition(kit_dir, kit, edition, out_dir, options=options, progress=tell,
                                           engines=engines)
                    work = out_dir / edition.name / WORK_DIR
                    publish({work / STAMP_NAME: digests[edition].encode(),
                             work / REPORT_NAME: json.dumps(report.as_json(), indent=2).encode()})
                except KitbuilderError as exc:
                    return LocaleFailure(edition, exc)
                return report

            engines = Engines()
            workers = max(1, min(jobs or os.cpu_count() or 1, len(pending)))
            with concurrent.futures.ThreadPoolExecutor(workers) as pool:
                try:
                    for edition, result in zip(pending, pool.map(one, pending), strict=True):
                        results[edition] = result
                except BaseException:  # Ctrl-C, SIGTERM: stop the engines now, not at their time limit
                    pool.shutdown(wait=False, cancel_futures=True)
                    engines.stop()
                    raise
        return [results[edition] for edition in editions]
