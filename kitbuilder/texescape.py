"""Turn any text into LaTeX that prints exactly that text: the one escaping function.

Applied once per value at render time (``render.py`` makes it Jinja's ``finalize``), so
nothing a content author or translator types can reach TeX as markup. Templates that
mean LaTeX say so with the ``latex`` filter, which wraps a value in ``Latex``.
"""

from __future__ import annotations

import re
import unicodedata
import urllib.parse
from collections.abc import Iterable


class Latex(str):
    """Text that is already LaTeX: the escaping function passes it through unchanged.

    Like markupsafe's ``Markup``, it keeps its type when added to or joined with text,
    escaping the text: so deliberate LaTeX is never escaped twice, and text never slips
    into LaTeX unescaped.
    """

    __slots__ = ()

    def __add__(self, other: str) -> Latex:
        if not isinstance(other, str):
            return NotImplemented
        return Latex(str.__add__(self, escape(other)))

    def __radd__(self, other: str) -> Latex:
        if not isinstance(other, str):
            return NotImplemented
        return Latex(str.__add__(escape(other), self))

    def join(self, items: Iterable[str]) -> Latex:
        return Latex(str.join(self, (escape(item) for item in items)))


def concat(values: Iterable[object]) -> str:
    """What a template's ``~`` makes of its operands: plain text, or LaTeX if any operand is."""
    parts = [v if isinstance(v, str) else str(v) for v in values]
    if any(isinstance(p, Latex) for p in parts):
        return Latex("").join(parts)
    return "".join(parts)


# Each character that means something to TeX, to a LaTeX command, or to babel, mapped to
# a sequence that prints it.
ESCAPES: dict[str, str] = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "%": r"\%",
    "#": r"\#",
    "_": r"\_",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
    "[": "{[}",
    "]": "{]}",
    "\"": r"\textquotedbl{}",
    "|": r"\textbar{}",
    # TeX's font conventions would curl these (' into ’, ` into ‘): they print as typed.
    "'": r"\textquotesingle{}",
    "`": r"\textasciigrave{}",
    # Spaces: typed no-break spaces keep their meaning; line and paragraph separators,
    # tabs and newlines become ordinary spaces (a message is one paragraph).
    "\u00a0": r"\nobreakspace{}",
    "\u202f": r"\kbnnbsp{}",
    "\u2009": r"\,",
    "\t": " ",
    "\n": " ",
    "\r": " ",
    "\u2028": " ",
    "\u2029": " ",
    "\u00ad": r"\-",
    # Modifier letters, as French ordinals are written (62ᵉ, 1ᵉʳ, 2ᵈᵉ): the text fonts
    # have no glyph for them, so they are set as superscript letters.
    "\u1d49": r"\textsuperscript{e}",
    "\u1d48": r"\textsuperscript{d}",
    "\u207f": r"\textsuperscript{n}",
    "\u02b3": r"\textsuperscript{r}",
    "\u02e2": r"\textsuperscript{s}",
    # LuaTeX reads a literal U+FFFD as a sign of broken input and stops: ask for the glyph instead.
    "\ufffd": r'\symbol{"FFFD}',
}

# Characters that would otherwise reach TeX and act: controls, and a few that TeX's
# fonts or parser handle badly. Replaced by a visible mark rather than dropped.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufeff\ufffe\uffff]")
_NEEDS_ESCAPE = re.compile("[" + re.escape("".join(ESCAPES)) + "]")

# The font ligatures that TeX's conventions add (fontspec's Ligatures=TeX): typed by a
# user, these pairs print as typed. ``\kbnolig`` is a zero kern defined in the preamble;
# in LuaTeX an empty group would not stop the ligature.
LIGATURE_PAIRS = ("--", ",,", "<<", ">>")
_LIGATURE = re.compile("|".join(f"(?<={re.escape(p[0])})(?={re.escape(p[1])})" for p in LIGATURE_PAIRS))


def escape(text: str) -> str:
    """LaTeX that prints ``text`` literally, whatever it holds.

    Unicode is kept (LuaLaTeX reads UTF-8) but normalised to NFC, so a letter with a
    combining accent meets the font as one character where one exists.
    """
    if isinstance(text, Latex):
        return text
    text = unicodedata.normalize("NFC", str(text))
    text = _CONTROL.sub("\ufffd", text)
    text = _NEEDS_ESCAPE.sub(lambda m: ESCAPES[m.group(0)], text)
    return _LIGATURE.sub(r"\\kbnolig{}", text)


# Characters a link target keeps as they are; everything else is percent-encoded, so no
# TeX special, no ^^ notation and no brace reaches \href (whose argument may sit inside
# another command's argument, where hyperref cannot change catcodes).
URL_SAFE = ":/?=.,;+@-_"


def escape_url(url: str) -> str:
    """A link target for ``\\href``: percent-encoded, then ``%`` escaped for TeX."""
    encoded = urllib.parse.quote(url, safe=URL_SAFE).replace("~", "%7E")
    return encoded.replace("%", r"\%")


def escape_breakable(text: str) -> str:
    """Escaped text that may break after / and . (long addresses in narrow columns)."""
    return re.sub(r"(?<=[/.])(?=.)", r"\\kbbreak{}", escape(text))
