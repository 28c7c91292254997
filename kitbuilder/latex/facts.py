"""Read what the engine and poppler saw of the typesetting, for the proof check.

``proof.lua`` (a template, loaded by ``proof.tex``) writes a facts file beside the log:
each paragraph line with its origin, role and ends, where each line was shipped, the
running heads' ink and each page's fill. ``read_facts`` reads it (pure: text in, ``Facts``
out). For what the engine cannot see (a drawing), ``pdf_words`` and ``pdf_raster`` ask
poppler for one page's words and pixels, read by ``parse_bbox`` and ``parse_ppm``.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

PT = 65536  # scaled points per TeX point
# The Lua, copied beside the document, where the engine loads it (see proof.tex).
PROOF_LUA = "kbproof.lua"


@dataclass
class Line:
    id: int
    paragraph: int
    index: int
    origin: str
    role: str
    language: str
    hyphenated: bool
    first: str
    last: str
    part: int = -1  # the part the line belongs to (0: the cover and contents), -1 if unknown


@dataclass
class Shipped:
    line: int
    sheet: int
    page: int
    x: int
    y: int
    width: int
    height: int
    depth: int
    overflow: int


@dataclass
class Facts:
    lines: dict[int, Line] = field(default_factory=dict)
    shipped: list[Shipped] = field(default_factory=list)
    heads: dict[int, dict[str, tuple[int, int, int, int]]] = field(default_factory=dict)
    fill: dict[int, tuple[int, int, int]] = field(default_factory=dict)  # sheet -> page, fill, textheight
    body_top: dict[int, int] = field(default_factory=dict)  # sheet -> the text block's top
    parts: dict[int, int] = field(default_factory=dict)  # sheet -> part number
    geometry: dict[str, str] = field(default_factory=dict)


def read_facts(text: str) -> Facts:
    """Parse the facts file that ``proof.lua`` writes."""
    facts = Facts()
    origins: dict[str, str] = {}
    for raw in text.splitlines():
        f = raw.split("\t")
        kind = f[0]
        try:
            if kind == "O":
                origins[f[1]] = f[2]
            elif kind == "L":
                facts.lines[int(f[1])] = Line(int(f[1]), int(f[2]), int(f[3]), origins.get(f[4], ""), f[5], f[6],
                                              f[7] == "1", f[8], f[9], int(f[10]) if len(f) > 10 else -1)
            elif kind == "S":
                facts.shipped.append(Shipped(*(int(float(v)) for v in f[1:10])))
            elif kind == "B":
                x0, y0, x1, y1 = (int(float(v)) for v in f[4:8])
                facts.heads.setdefault(int(f[1]), {})[f[3]] = (x0, y0, x1, y1)
            elif kind == "F":
                facts.fill[int(f[1])] = (int(f[2]), int(float(f[3])), int(float(f[4])))
                facts.body_top[int(f[1])] = int(float(f[5])) if len(f) > 5 else 0
            elif kind == "P":
                facts.parts[int(f[1])] = int(f[3])
            elif kind == "G":
                facts.geometry[f[1]] = f[2]
        except (IndexError, ValueError):
            continue  # a truncated record (an engine stopped mid-write) says nothing reliable
    return facts


@dataclass(frozen=True)
class Word:
    """A word as poppler places it on a page, in PDF points from the top left."""

    x0: float
    y0: float
    x1: float
    y1: float
    text: str


_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')


def parse_bbox(text: str) -> list[Word]:
    """The words of ``pdftotext -bbox`` output (one page)."""
    return [Word(float(a), float(b), float(c), float(d), html.unescape(t)) for a, b, c, d, t in _WORD.findall(text)]


@dataclass(frozen=True)
class Raster:
    """A page, or a band of it from ``top`` (PDF points) down, rendered to pixels (binary PPM,
    as ``pdftoppm`` writes it) at ``dpi``."""

    width: int
    height: int
    pixels: bytes
    dpi: float
    top: float = 0.0

    def share(self, word: Word, colour: tuple[int, int, int], tolerance: int = 60) -> float:
        """How much of the background around the word's letters is within ``tolerance`` of
        ``colour``: the more of the top and the bottom fifths of its box, which its letters
        barely touch (so a word in the bars' own colour is not taken for a bar). The more of
        the two, not both together: a value set just past its bar's end has a sliver of the
        bar in both, a value over its bar has it across one at least."""
        scale = self.dpi / 72
        x0, x1 = max(0, int(word.x0 * scale)), min(self.width, int(word.x1 * scale) + 1)
        top, bottom = (word.y0 - self.top) * scale, (word.y1 - self.top) * scale
        band = (bottom - top) / 5
        rows = range(max(0, int(top)), min(self.height, int(bottom) + 1))
        return max(self._share([y for y in rows if y < top + band], x0, x1, colour, tolerance),
                   self._share([y for y in rows if y > bottom - band], x0, x1, colour, tolerance))

    def _share(self, rows: list[int], x0: int, x1: int, colour: tuple[int, int, int], tolerance: int) -> float:
        total = hits = 0
        for y in rows:
            row = y * self.width * 3
            for x in range(x0, x1):
                i = row + x * 3
                r, g, b = self.pixels[i], self.pixels[i + 1], self.pixels[i + 2]
                total += 1
                hits += abs(r - colour[0]) + abs(g - colour[1]) + abs(b - colour[2]) <= tolerance
        return hits / total if total else 0.0


def parse_ppm(data: bytes, dpi: float, top: float = 0.0) -> Raster:
    """A binary PPM (P6, maxval 255), of a band from ``top`` (PDF points) down."""
    fields = data.split(maxsplit=4)
    if len(fields) < 5 or fields[0] != b"P6" or fields[3] != b"255":
        raise ValueError("not a binary PPM with 8-bit samples")
    width, height = int(fields[1]), int(fields[2])
    return Raster(width, height, fields[4][: width * height * 3], dpi, top)


RASTER_DPI = 72


def poppler_available() -> bool:
    return shutil.which("pdftotext") is not None and shutil.which("pdftoppm") is not None


def pdf_words(pdf: Path, sheet: int) -> list[Word]:
    """The words poppler finds on one page (sheet: the physical page, from 1)."""
    out = subprocess.run(["pdftotext", "-f", str(sheet), "-l", str(sheet), "-bbox", str(pdf), "-"],
                         capture_output=True, text=True, check=False).stdout
    return parse_bbox(out)


def pdf_raster(pdf: Path, sheet: int, top: float, bottom: float, dpi: int = RASTER_DPI) -> Raster:
    """The band of one page from ``top`` to ``bottom`` (PDF points), rendered by poppler
    (only the band: rendering the whole page would cost several times more)."""
    y0, y1 = int(top * dpi / 72), int(bottom * dpi / 72) + 1
    out = subprocess.run(["pdftoppm", "-f", str(sheet), "-l", str(sheet), "-r", str(dpi), "-x", "0", "-y", str(y0),
                          "-W", "100000", "-H", str(y1 - y0), str(pdf)], capture_output=True, check=False).stdout
    return parse_ppm(out, dpi, y0 * 72 / dpi)
