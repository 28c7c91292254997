"""Read what LuaLaTeX said in its log: the first error, and the warnings worth reporting.

Pure: log text in, ``LogReport`` out (``engine`` runs the engine so that each message is
one line of the log).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass
class Overfull:
    """An overfull box: how far it sticks out, and the source lines that made it."""

    points: float
    lines: str


@dataclass
class LogReport:
    """What a LaTeX log says: the first error, and the warnings worth reporting."""

    error: str | None = None
    error_file: str | None = None
    error_line: int | None = None
    overfull: list[Overfull] = field(default_factory=list)
    missing_glyphs: list[str] = field(default_factory=list)
    undefined_references: list[str] = field(default_factory=list)
    pages: int = 0


_FILE_LINE_ERROR = re.compile(r"^(\.?/?[^:\n]+\.tex):(\d+): (.+)$", re.M)
_BANG_ERROR = re.compile(r"^! (.+)$", re.M)
_OVERFULL = re.compile(r"^Overfull \\[hv]box \(([\d.]+)pt too \w+\) (?:in paragraph|detected|has occurred while "
                       r"\\output is active)(?: at lines? ([\d-]+))?", re.M)
_MISSING = re.compile(r"Missing character: There is no (.+?) in font", re.M)
_UNDEFINED = re.compile(r"(?:Reference|Citation) `([^']+)' on page \d+ undefined")
_PAGES = re.compile(r"Output written on .*?\((\d+) pages?")


def parse_log(text: str) -> LogReport:
    """Read a LuaLaTeX log (run with -file-line-error)."""
    # compile_pdf sets max_print_line high, so each message is one line of the log.
    report = LogReport()
    m = _FILE_LINE_ERROR.search(text)
    bang = _BANG_ERROR.search(text)
    if m and (bang is None or m.start() <= bang.start() or "Emergency stop" in bang.group(1)):
        report.error, report.error_file, report.error_line = m.group(3).strip(), m.group(1), int(m.group(2))
    elif bang:
        report.error = bang.group(1).strip()
    if report.error and "Emergency stop" in report.error:
        # The real cause is the message before it.
        earlier = [e for e in _FILE_LINE_ERROR.finditer(text) if "Emergency stop" not in e.group(3)]
        if earlier:
            report.error, report.error_file, report.error_line = (earlier[0].group(3).strip(), earlier[0].group(1),
                                                                  int(earlier[0].group(2)))
    for o in _OVERFULL.finditer(text):
        report.overfull.append(Overfull(float(o.group(1)), o.group(2) or "?"))
    report.missing_glyphs = _MISSING.findall(text)
    report.undefined_references = _UNDEFINED.findall(text)
    pages = _PAGES.search(text)
    report.pages = int(pages.group(1)) if pages else 0
    return report


# What a pass says when its output used something only a later pass knows: LaTeX's and the
# packages' "Rerun" warnings, and the kit templates' own (which hold every page until the
# end of the pass, so the contents and page numbers are right after one; see onepass.tex).
_RERUN = re.compile(r"\bRerun (?:to|LaTeX)\b|^kitbuilder: .*: rerun\b", re.M)


def needs_another_pass(log_text: str, report: LogReport, *, aux_changed: bool) -> bool:
    """Whether the PDF a pass wrote may differ from the next pass's.

    A reference still undefined when the auxiliary files did not change will stay
    undefined: another pass would not help (the build reports it).
    """
    return bool(_RERUN.search(log_text)) or bool(report.undefined_references and aux_changed)
