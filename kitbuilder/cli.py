"""The console: parse arguments, run a command, turn errors into one line and an exit code.

Exit codes: 0 success, 1 a build or input error, 2 a usage error.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .edition import requested_editions
from .errors import ConfigError, KitbuilderError
from .kitdir import available_locales, build_folder, watch
from .stamps import BuildOptions, all_up_to_date

if TYPE_CHECKING:
    from .report import LocaleReport

# The rest of kitbuilder (Babel, Jinja, the content) is imported by the commands that use
# it: a build with nothing to do answers from its stamps in a fraction of a second.


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _print_saved(saved: dict[str, Any]) -> None:
    print(f"[{saved['locale']}] {saved['pdf']}: up to date ({saved['pages']} pages)")


def _say_waiting(holder: int | None) -> None:
    who = f" (process {holder})" if holder is not None else ""
    _progress(f"kitbuilder: another build of this kit{who} is running: waiting for it to finish...")


def _print_report(report: LocaleReport, verbose: bool) -> None:
    locale = report.locale
    if report.skipped:
        _print_saved(report.as_json())
        return
    fallback = sum(report.fallbacks.values())
    note = f", {fallback} message(s) in the source language (draft, {report.completion:.0f}%)" if fallback else ""
    print(f"[{locale}] {report.pdf}: {report.pages} pages, {report.seconds:.1f} s, {report.passes} pass(es), "
          f"{len(report.warnings)} warning(s){note}")
    if verbose:
        for part in report.parts:
            print(f"[{locale}]   p. {part['page']}: {part['title']}")
        for detail in report.details:
            print(f"[{locale}]   fallback: {detail}")
    for warning in report.warnings:
        print(f"[{locale}]   warning: {warning}")


def _print_json(data: dict[str, Any]) -> None:
    json.dump(data, sys.stdout, indent=2)
    print()


def run_build(args: argparse.Namespace) -> int:
    kit_dir: Path = args.kit.resolve()
    out_dir = build_folder(kit_dir, args.out)
    editions = requested_editions(kit_dir, args.locale, args.bilingual)
    options = BuildOptions(strict=args.strict, print_marks=args.print_marks, booklet=args.booklet)
    saved = None if args.force else all_up_to_date(kit_dir, out_dir, editions, options)
    if saved is not None:
        if args.json:
            _print_json({"locales": saved, "failed": []})
        for entry in [] if args.json else saved:
            _print_saved(entry)
        return 0

    from .build import LocaleFailure, build_kit
    from .report import LocaleReport, compare_layouts

    # Progress is for people at a terminal; CI logs get the summary only.
    show_progress = sys.stderr.isatty() and not args.json
    results = build_kit(kit_dir, editions, out_dir, options, jobs=args.jobs, force=args.force,
                        progress=(lambda locale, step: _progress(f"[{locale}] {step}...")) if show_progress else None,
                        on_wait=_say_waiting if sys.stderr.isatty() else None)
    failed = [r for r in results if isinstance(r, LocaleFailure)]
    reports = [r for r in results if isinstance(r, LocaleReport)]
    for failure in failed:
        print(f"kitbuilder: [{failure.locale}] {failure.error}", file=sys.stderr)
    if args.json:
        _print_json({"locales": [r.as_json() for r in reports], "failed": [f.locale for f in failed]})
    else:
        for report in reports:
            _print_report(report, args.verbose)
        for locale, notes in compare_layouts(reports).items():
            for note in notes:
                print(f"[{locale}]   {note}")
    return 1 if failed else 0


def cmd_watch(args: argparse.Namespace) -> int:
    kit_dir: Path = args.kit.resolve()
    print(f"watching {kit_dir} (Ctrl-C to stop)", flush=True)
    for _ in watch(kit_dir, args.interval):
        try:
            run_build(args)
        except KitbuilderError as exc:
            print(f"kitbuilder: {exc}", file=sys.stderr)
        print(f"watching {kit_dir} (Ctrl-C to stop)", flush=True)
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    from .newkit import create_kit

    target = args.directory.resolve()
    locales = list(dict.fromkeys(code.strip() for code in args.locales.split(",") if code.strip()))
    if not locales:
        raise ConfigError(f"--locales takes a comma-separated list of locales, such as en,fr (not '{args.locales}')")
    from .catalogs import parse_locale

    for code in locales:
        parse_locale(code)
    for path in create_kit(target, locales):
        print(f"wrote {path}")
    pdfs = ", ".join(f"build/{code}/kit.pdf" for code in locales)
    print(f"kit created: `kitbuilder build --kit {target}` makes {pdfs}")
    return 0


def cmd_locales(args: argparse.Namespace) -> int:
    for locale in available_locales(args.kit.resolve()):
        print(locale)
    return 0


def cmd_extract(args: argparse.Namespace) -> int:
    from . import workflow

    changed = workflow.extract(args.kit.resolve())
    for path in changed:
        print(f"wrote {path}")
    print(f"{len(changed)} template(s) changed")
    return 0


def cmd_update(args: argparse.Namespace) -> int:
    from . import workflow

    kit_dir = args.kit.resolve()
    result = workflow.update(kit_dir, args.locale, obsolete=not args.no_obsolete, prune=args.prune,
                             check=args.check)
    verb = "not current:" if args.check else "wrote"
    for path in result.changed:
        print(f"{verb} {path.relative_to(kit_dir)}")
    for path in result.removed:
        print(f"removed {path.relative_to(kit_dir)}")
    for path in result.stale:
        print(f"stale: {path.relative_to(kit_dir)} (the kit no longer uses it; `kitbuilder update --prune` "
              "removes it)")
    if args.check:
        if result.changed or result.stale:
            print(f"kitbuilder: {len(result.changed) + len(result.stale)} catalog file(s) not current: "
                  "run `kitbuilder update` and commit the result", file=sys.stderr)
            return 1
        print("catalogs and templates are current")
        return 0
    print(f"{len(result.changed)} file(s) changed")
    return 0


def cmd_init(args: argparse.Namespace) -> int:
    from . import workflow

    for path in workflow.init(args.kit.resolve(), args.locale):
        print(f"wrote {path}")
    print(f"locale '{args.locale}' started: translate its catalogs, then `kitbuilder build --locale {args.locale}`")
    return 0


def cmd_stat(args: argparse.Namespace) -> int:
    from . import workflow
    from .review import catalog_stats, locale_totals

    rows = [catalog_stats(catalog, path, locale) for locale, path, catalog in workflow.catalogs_of(args.kit.resolve())]
    totals = locale_totals(rows)
    below = sorted(loc for loc, pct in totals.items() if args.fail_under is not None and pct < args.fail_under)
    if args.json:
        _print_json({"catalogs": [r.as_json() for r in rows],
                     "locales": {loc: round(pct, 1) for loc, pct in totals.items()}, "below": below})
    else:
        for row in rows:
            print(f"{row.path}: {row.translated} translated, {row.fuzzy} fuzzy, {row.untranslated} untranslated "
                  f"({row.percent:.1f}%)")
        for locale, pct in totals.items():
            print(f"{locale}: {pct:.1f}% translated")
    for locale in below:
        print(f"kitbuilder: locale '{locale}' is {totals[locale]:.1f}% translated, under {args.fail_under}%",
              file=sys.stderr)
    return 1 if below else 0


def cmd_check(args: argparse.Namespace) -> int:
    from . import workflow
    from .kitdir import read_content
    from .review import check_catalog, identifier_numbers

    findings = []
    count = 0
    for _locale, path, catalog in workflow.catalogs_of(args.kit.resolve()):
        count += 1
        findings.extend(check_catalog(catalog, path))
    warnings = identifier_numbers(read_content(args.kit.resolve()).messages)
    for line in [*findings, *warnings]:
        print(line)
    print(f"{count} catalog(s) checked, {len(findings)} problem(s)" +
          (f", {len(warnings)} warning(s)" if warnings else ""))
    return 1 if findings else 0


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kitbuilder",
        description="Build multilingual participant kits: YAML content plus one gettext catalog per "
                    "language, rendered through LaTeX into one PDF per language.",
        epilog="Run `kitbuilder COMMAND --help` for a command's options. Exit codes: 0 success, "
               "1 a build or input error (printed as file:line: message), 2 a usage error.",
    )
    parser.add_argument("--version", action="version", version=f"kitbuilder {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def kit_option(p: argparse.ArgumentParser) -> None:
        p.add_argument("--kit", type=Path, default=Path("."), metavar="DIR",
                       help="the kit directory, holding content/, locales/ and templates/ (default: .)")

    def build_options(p: argparse.ArgumentParser) -> None:
        kit_option(p)
        p.add_argument("--locale", action="append", metavar="LL",
                       help="build this locale (repeatable; default: every locale with a catalog folder; "
                            "pseudo-locales, built with no catalog: qps lengthens and accents every message, "
                            "qps-plocm mirrors the kit right to left in Arabic letters, qps-ploca sets it in "
                            "ideographs as Chinese)")
        p.add_argument("--out", type=Path, metavar="DIR", help="the output directory (default: KIT/build)")
        p.add_argument("--strict", action="store_true",
                       help="fail if any message is untranslated, fuzzy or invalid (for CI and print runs)")
        p.add_argument("--print", dest="print_marks", action="store_true",
                       help="add crop marks and bleed, and write TrimBox and BleedBox, for a print shop")
        p.add_argument("--booklet", action="store_true",
                       help="also write kit-booklet.pdf, imposed for saddle stitching")
        p.add_argument("--bilingual", action="append", metavar="LL,LL",
                       help="also build a bilingual edition, the two languages side by side, into "
                            "OUT/LL+LL/kit.pdf (repeatable)")
        p.add_argument("-j", "--jobs", type=int, default=0, metavar="N",
                       help="build up to N locales at once (default: the number of cores)")
        p.add_argument("--force", action="store_true", help="rebuild even the locales whose inputs did not change")
        p.add_argument("--json", action="store_true", help="print a machine-readable report on standard output")
        p.add_argument("-v", "--verbose", action="store_true",
                       help="also list the page each part starts on and each untranslated message")

    def command(func: Callable[[argparse.Namespace], int], name: str, help: str, description: str | None = None,
                kit: bool = True) -> argparse.ArgumentParser:
        """A subcommand running ``func``, with the --kit option unless ``kit`` is False."""
        p = sub.add_parser(name, help=help, description=description)
        if kit:
            kit_option(p)
        p.set_defaults(func=func)
        return p

    p = command(run_build, "build", help="build each locale's PDF into build/<locale>/kit.pdf",
                description="Build each locale's PDF into OUT/<locale>/kit.pdf, with kit.tex and kit.log "
                            "beside it. Locales whose inputs did not change are skipped; a failed build "
                            "leaves the previous PDF in place.", kit=False)
    build_options(p)

    p = command(cmd_watch, "watch", help="rebuild whenever a content, catalog or template file is saved", kit=False)
    build_options(p)
    p.add_argument("--interval", type=float, default=0.5, metavar="SECONDS", help="how often to look for changes")

    p = command(cmd_new, "new", help="create a new kit: placeholder content showing every block, translated",
                description="Create a new kit: placeholder content showing every kind of block, with its "
                            "catalogs already translated into each language asked for (the placeholder "
                            "text exists in en, fr, es, ru, ar and zh; another language starts untranslated).",
                kit=False)
    p.add_argument("directory", type=Path, metavar="DIR", help="the new kit's directory (new, or empty)")
    p.add_argument("--locales", default="en,fr", metavar="LL,LL,...",
                   help="the kit's languages, comma-separated (default: en,fr; the UN's six: en,fr,es,ru,ar,zh)")

    command(cmd_locales, "locales", help="list the kit's locales, one a line (for a CI matrix)")

    command(cmd_extract, "extract", help="write the catalog templates (locales/*.pot) from content and templates")

    p = command(cmd_update, "update", help="extract, then merge the templates into every locale's catalogs",
                description="Extract, then merge the templates into each locale's catalogs with GNU "
                            "msgmerge --previous: translations kept, changed sources marked fuzzy (old "
                            "source as #|), unused entries kept as #~ and brought back if their text "
                            "returns. Header fields that other tools (Poedit, Weblate) wrote are kept. "
                            "Catalogs of parts the kit no longer has are named as stale.")
    p.add_argument("--locale", action="append", metavar="LL", help="only this locale (repeatable)")
    p.add_argument("--check", action="store_true",
                   help="write nothing; exit 1 if a template or catalog is not current or stale (for CI)")
    p.add_argument("--prune", action="store_true", help="remove the stale catalogs and templates")
    p.add_argument("--no-obsolete", action="store_true", help="drop the obsolete (#~) entries")

    p = command(cmd_init, "init", help="start a new language: create its catalogs")
    p.add_argument("locale", metavar="LL", help="the locale to start, such as es or de")

    p = command(cmd_stat, "stat", help="translated / fuzzy / untranslated counts per locale and catalog")
    p.add_argument("--fail-under", type=float, metavar="N", help="exit 1 if a locale is under N percent translated")
    p.add_argument("--json", action="store_true", help="print the counts as JSON")

    command(cmd_check, "check", help="check every translation keeps the source's values, numbers and addresses",
            description="Check every catalog: a translation must keep its source's typed values, numbers, URLs "
                        "and e-mail addresses, keep brackets and quotes balanced, and add no line break. Exit 1 "
                        "on any problem, each printed as file:line. Also warns of content that builds but likely "
                        "says something else: a number token used for an identifier ('Bill no. {number:1437}').")
    return parser


class Terminated(KeyboardInterrupt):
    """SIGTERM, handled like Ctrl-C: the build stops its engines and removes its temporary files."""


def _terminate(signum: int, frame: object) -> None:
    raise Terminated


def main(argv: Sequence[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    in_main_thread = threading.current_thread() is threading.main_thread()  # where signals may be handled
    previous = signal.signal(signal.SIGTERM, _terminate) if in_main_thread else None
    try:
        code: int = args.func(args)
    except KitbuilderError as exc:
        print(f"kitbuilder: {exc}", file=sys.stderr)
        return 1
    except Terminated:
        print("kitbuilder: terminated", file=sys.stderr)
        return 128 + signal.SIGTERM
    except KeyboardInterrupt:
        print("kitbuilder: interrupted", file=sys.stderr)
        return 128 + signal.SIGINT
    except OSError as exc:  # a folder that cannot be written, a disk that is full
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"kitbuilder: {where}{exc.strerror or exc}", file=sys.stderr)
        return 1
    finally:
        if in_main_thread:
            signal.signal(signal.SIGTERM, previous)
    return code


if __name__ == "__main__":
    sys.exit(main())
