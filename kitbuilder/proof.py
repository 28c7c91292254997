"""The proof check: the typesetting faults a print editor marks in red, found in what the
engine recorded about every line and page (``proof.lua`` writes ``kit.proof`` beside the
log). Pure functions: the facts (``latex/facts.py`` reads them) in, faults out.

Each rule, with its threshold (also in the README):

- ``cut-number-unit``, ``cut-date``, ``cut-legal-reference``, ``cut-name``, ``cut-enumerator``:
  a line break between words that ``ties.bond`` says belong together; ``cut-number``: a
  number cut at its own hyphen.
- ``hyphenated-title``: a part title, heading, label, box title or cover line that ends
  in a hyphen.
- ``last-line-scrap``: a paragraph whose last line holds nothing but the rest of a word
  hyphenated at the end of the line before ("omnipré- / sent.").
- ``running-heads-overlap``: the left and right running heads closer than 6pt, or either
  touching the side tab.
- ``past-text-block``: a line wider than its measure by more than 1pt; ``off-page``: ink
  outside the paper; ``label-too-long``, ``cell-too-long``, ``cover-too-long``: the same for
  a label, a table cell, a cover line (or a cover that runs onto a second page).
- ``heading-at-foot``: a heading with nothing of its own below it on its page (in its
  column), its text on the next.
- ``page-mostly-empty``: a page filled less than half way that is not its part's last;
  ``part-spills``: a part's last page holding less than 15% of a page (a few lines).
- ``text-over-graphic``: a word inside a chart (between its title and its source) with
  more than a quarter of the band above or below its letters in the bars' colour, as the
  finished PDF shows it (the engine cannot see a drawing: ``text_over_graphic`` reads
  the words and pixels that the build gets from poppler for the pages with charts).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from .latex.facts import PT, Facts, Line, Raster, Shipped, Word
from .ties import bond, cut_number

OVERFLOW_TOLERANCE = 1 * PT
HEAD_GAP = 6 * PT
MOSTLY_EMPTY = 0.5
SPILL = 0.15
TITLE_ROLES = {"part", "heading", "label", "boxtitle", "cover", "chart"}
HEADING_ROLES = {"part", "heading"}
# The rules for a line that does not fit its measure or the page.
OVERFLOW_RULES = {"past-text-block", "off-page", "label-too-long", "cell-too-long", "cover-too-long"}
FIGURE = 20 * PT  # a line without words this tall is a picture


@dataclass(frozen=True)
class ProofFault:
    """One fault: its rule, the printed page, the content behind it, and the words concerned."""

    rule: str
    page: int
    origin: str
    text: str
    sheet: int = 0

    def __str__(self) -> str:
        where = f" ({self.origin})" if self.origin else ""
        return f"p. {self.page}: {self.rule}: {self.text}{where}"

    def as_json(self) -> dict[str, object]:
        return {"rule": self.rule, "page": self.page, "sheet": self.sheet, "origin": self.origin, "text": self.text}


def check(facts: Facts) -> list[ProofFault]:
    """Every fault the facts show, in page order."""
    faults = [*_cuts(facts), *_hyphenated_titles(facts), *_last_line_scraps(facts), *_overflows(facts),
              *_running_heads(facts), *_headings_at_foot(facts), *_page_fill(facts)]
    unique = list(dict.fromkeys(faults))
    return sorted(unique, key=lambda f: (f.sheet, f.rule))


def _first_shipment(facts: Facts) -> dict[int, Shipped]:
    found: dict[int, Shipped] = {}
    for s in facts.shipped:
        found.setdefault(s.line, s)
    return found


def _short(words: str, limit: int = 40) -> str:
    return words if len(words) <= limit else words[: limit - 1] + "…"


def _quote(line: Line) -> str:
    first, last = _short(line.first), _short(line.last)
    return f"“{first} … {last}”" if line.first != line.last else f"“{first}”"


def _cuts(facts: Facts) -> list[ProofFault]:
    shipped = _first_shipment(facts)
    faults = []
    for line in facts.lines.values():
        after = facts.lines.get(line.id + 1)
        where = shipped.get(line.id)
        if after is None or where is None or after.paragraph != line.paragraph or line.hyphenated:
            continue
        if not line.last or not after.first:
            continue
        first_word = after.first.split(" ")[0]
        if cut_number(line.last, first_word):
            rule: str | None = "number"
        else:
            rule = bond(line.last.split(" "), first_word, line.language)
        if rule:
            faults.append(ProofFault(f"cut-{rule}", where.page, line.origin,
                                     f"“{line.last.split(' ')[-1]} / {first_word}”", where.sheet))
    return faults


def _hyphenated_titles(facts: Facts) -> list[ProofFault]:
    shipped = _first_shipment(facts)
    faults = []
    for line in facts.lines.values():
        where = shipped.get(line.id)
        if where is not None and line.hyphenated and line.role in TITLE_ROLES:
            after = facts.lines.get(line.id + 1)
            rest = after.first.split(" ")[0] if after and after.paragraph == line.paragraph else ""
            faults.append(ProofFault("hyphenated-title", where.page, line.origin,
                                     f"{line.role} “{line.last.split(' ')[-1]} / {rest}”", where.sheet))
    return faults


def _last_line_scraps(facts: Facts) -> list[ProofFault]:
    shipped = _first_shipment(facts)
    faults = []
    for line in facts.lines.values():
        last = facts.lines.get(line.id + 1)
        after = facts.lines.get(line.id + 2)
        where = shipped.get(line.id)
        if (where is None or not line.hyphenated or line.role in TITLE_ROLES  # hyphenated-title's
                or last is None or last.paragraph != line.paragraph
                or (after is not None and after.paragraph == line.paragraph)
                or " " in last.last or last.first != last.last):  # more than the word's rest
            continue
        faults.append(ProofFault("last-line-scrap", where.page, line.origin,
                                 f"“{line.last.split(' ')[-1]} / {last.last}”", where.sheet))
    return faults


def _geometry(facts: Facts, key: str) -> int:
    try:
        return int(float(facts.geometry.get(key, "0")))
    except ValueError:
        return 0


def _overflows(facts: Facts) -> list[ProofFault]:
    paper_w, paper_h = _geometry(facts, "paperwidth"), _geometry(facts, "paperheight")
    faults = []
    for s in facts.shipped:
        line = facts.lines.get(s.line)
        if line is None:
            continue
        text = _quote(line)
        if line.role == "cover" and s.sheet > 1:
            faults.append(ProofFault("cover-too-long", s.page, line.origin, f"runs onto sheet {s.sheet}: {text}",
                                     s.sheet))
            continue
        right = s.x + s.width + s.overflow
        if line.role == "cover" and s.overflow > OVERFLOW_TOLERANCE:
            faults.append(ProofFault("cover-too-long", s.page, line.origin, f"{s.overflow / PT:.1f}pt too wide: {text}",
                                     s.sheet))
        elif paper_w and paper_h and (right > paper_w or s.x < 0 or s.y + s.depth > paper_h or s.y - s.height < 0):
            faults.append(ProofFault("off-page", s.page, line.origin, text, s.sheet))
        elif s.overflow > OVERFLOW_TOLERANCE:
            rule = {"label": "label-too-long", "cell": "cell-too-long"}.get(
                line.role, "past-text-block")
            faults.append(ProofFault(rule, s.page, line.origin, f"{s.overflow / PT:.1f}pt too wide: {text}",
                                     s.sheet))
    return faults


def _overlap(a: tuple[int, int, int, int], b: tuple[int, int, int, int], gap: int) -> bool:
    return a[0] < b[2] + gap and b[0] < a[2] + gap and a[1] < b[3] + gap and b[1] < a[3] + gap


def _part_origin(facts: Facts) -> dict[int, str]:
    """The origin of each sheet's current part title (for faults of the running heads)."""
    titles = sorted((s.sheet, facts.lines[s.line].origin) for s in facts.shipped
                    if s.line in facts.lines and facts.lines[s.line].role == "part")
    found: dict[int, str] = {}
    current = ""
    sheets = sorted(set(facts.fill) | set(facts.heads))
    i = 0
    for sheet in sheets:
        while i < len(titles) and titles[i][0] <= sheet:
            current = titles[i][1]
            i += 1
        found[sheet] = current
    return found


def _side_tab(facts: Facts) -> tuple[int, int, int, int] | None:
    raw = facts.geometry.get("sidetab", "").split()
    paper_h = _geometry(facts, "paperheight")
    if len(raw) != 4 or not paper_h:
        return None
    length, height, depth, x = (int(v) for v in raw)
    # Set up the outer edge, rotated a quarter turn: its height points left, its length runs
    # up the page about the middle.
    return (x - height, paper_h // 2 - length // 2, x + depth, paper_h // 2 + length // 2)


def _running_heads(facts: Facts) -> list[ProofFault]:
    faults = []
    origins = _part_origin(facts)
    tab = _side_tab(facts)
    for sheet, boxes in sorted(facts.heads.items()):
        page = facts.fill.get(sheet, (0, 0, 0))[0]
        left, right = boxes.get("headleft"), boxes.get("headright")
        if left and right and _overlap(left, right, HEAD_GAP):
            faults.append(ProofFault("running-heads-overlap", page, origins.get(sheet, ""),
                                     "the left and right running heads touch", sheet))
        for name, box in (("left", left), ("right", right)):
            if box and tab and _overlap(box, tab, 2 * PT):
                faults.append(ProofFault("running-heads-overlap", page, origins.get(sheet, ""),
                                         f"the {name} running head touches the side tab", sheet))
    return faults


def _headings_at_foot(facts: Facts) -> list[ProofFault]:
    last_sheet = max(facts.fill, default=0)
    by_sheet: dict[int, list[tuple[Shipped, Line]]] = defaultdict(list)
    for s in facts.shipped:
        line = facts.lines.get(s.line)
        top = facts.body_top.get(s.sheet, 0)
        height = facts.fill.get(s.sheet, (0, 0, 0))[2]
        if line is not None and top <= s.y <= top + height + s.depth:  # the text block: not heads or feet
            by_sheet[s.sheet].append((s, line))
    faults = []
    for sheet, items in by_sheet.items():
        if sheet >= last_sheet:
            continue
        for s, line in items:
            if line.role not in HEADING_ROLES:
                continue
            # Its text: a line with words, or a picture, below it in its column (a thin rule
            # under a title is neither).
            below = [o for o, other in items if other.role not in HEADING_ROLES and o.y > s.y
                     and (other.first or other.last or o.height + o.depth > FIGURE)
                     and o.x < s.x + s.width and s.x < o.x + o.width]
            if not below:
                faults.append(ProofFault("heading-at-foot", s.page, line.origin,
                                         f"{_quote(line)} ends its page; its text is on the next", sheet))
    return faults


def _sheet_parts(facts: Facts) -> dict[int, int]:
    """The part each page belongs to: that of its first line of text in the text block."""
    first: dict[int, tuple[int, int]] = {}
    for s in facts.shipped:
        line = facts.lines.get(s.line)
        top = facts.body_top.get(s.sheet, 0)
        if line is None or line.part < 0 or not top <= s.y <= top + facts.fill.get(s.sheet, (0, 0, 0))[2]:
            continue
        if s.sheet not in first or s.y < first[s.sheet][0]:
            first[s.sheet] = (s.y, line.part)
    return {sheet: part for sheet, (_, part) in first.items()}


def _page_fill(facts: Facts) -> list[ProofFault]:
    faults = []
    sheets = sorted(facts.fill)
    first_line_origin: dict[int, str] = {}
    for s in facts.shipped:
        if s.line in facts.lines:
            first_line_origin.setdefault(s.sheet, facts.lines[s.line].origin)
    span: dict[int, list[int]] = defaultdict(list)
    parts = _sheet_parts(facts)
    for sheet in sheets:
        span[parts.get(sheet, facts.parts.get(sheet, 0))].append(sheet)
    for part, part_sheets in span.items():
        if part == 0:
            continue  # the cover and the contents
        for sheet in part_sheets:
            page, fill, height = facts.fill[sheet]
            if fill < 0 or height <= 0:
                continue
            share = fill / height
            origin = first_line_origin.get(sheet, "")
            if sheet != part_sheets[-1] and share < MOSTLY_EMPTY:
                faults.append(ProofFault("page-mostly-empty", page, origin,
                                         f"filled {share:.0%} inside its part", sheet))
            elif sheet == part_sheets[-1] and len(part_sheets) > 1 and share < SPILL:
                faults.append(ProofFault("part-spills", page, origin,
                                         f"the part's last page holds only {share:.0%} of a page", sheet))
    return faults


# --- Text over a graphic: read from the finished PDF --------------------------------------

BP_PER_SP = 72 / 72.27 / PT  # PDF points (poppler's unit) per TeX scaled point
OVERPRINT = 0.25
BAR_COLOUR = (0x8C, 0x1D, 0x40)  # kbaccent, the bars' fill (preamble.tex)


@dataclass(frozen=True)
class ChartArea:
    """Where a chart was set: its sheet and page, its top and bottom in PDF points."""

    sheet: int
    page: int
    top: float
    bottom: float
    origin: str


def chart_areas(facts: Facts) -> list[ChartArea]:
    """Each chart's area: from its title line to the last line of its block (its source)."""
    shipped = _first_shipment(facts)
    areas = []
    for line in facts.lines.values():
        where = shipped.get(line.id)
        if line.role != "chart" or where is None:
            continue
        below = [s for s in facts.shipped if s.sheet == where.sheet and s.y > where.y
                 and s.line in facts.lines and facts.lines[s.line].origin == line.origin]
        bottom = max((s.y for s in below), default=where.y)
        areas.append(ChartArea(where.sheet, where.page, (where.y + where.depth) * BP_PER_SP,
                               (bottom - where.height) * BP_PER_SP, line.origin))
    return areas


def text_over_graphic(areas: list[ChartArea], words: Callable[[int], list[Word]],
                      raster: Callable[[int, float, float], Raster]) -> list[ProofFault]:
    """Words in a chart's area printed over its bars: ``words`` gives a sheet's words,
    ``raster`` the band of a sheet between two heights (PDF points)."""
    faults = []
    by_sheet: dict[int, list[ChartArea]] = {}
    for area in dict.fromkeys(areas):  # a chart shipped twice (copied boxes) is looked at once
        by_sheet.setdefault(area.sheet, []).append(area)
    for sheet, on_sheet in by_sheet.items():
        # One band per sheet, from its highest chart area to its lowest: one poppler run.
        picture = raster(sheet, min(a.top for a in on_sheet), max(a.bottom for a in on_sheet))
        sheet_words = words(sheet)
        for area, word in ((a, w) for a in on_sheet for w in sheet_words):
            if area.top <= word.y0 and word.y1 <= area.bottom and picture.share(word, BAR_COLOUR) > OVERPRINT:
                faults.append(ProofFault("text-over-graphic", area.page, area.origin,
                                         f"“{word.text}” is printed over a bar", area.sheet))
    return list(dict.fromkeys(faults))
