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
    # A hyphen inside a number or reference ("2016-444"): printed as a hyphen, never broken.
    "\u2011": r"\mbox{-}",
    "\t": " ",
    "\n": " ",
    "\r": " ",
    "\u2028": " ",
    "\u2029": " ",
    "\u00ad": r"\-",
    # Modifier letters, as French ordinals and numero are written (62ᵉ, 1ᵉʳ, 2ᵈᵉ, nᵒ): the text fonts
    # have no glyph for them, so they are set as superscript letters.
    "\u1d49": r"\textsuperscript{e}",
    "\u1d48": r"\textsuperscript{d}",
    "\u207f": r"\textsuperscript{n}",
    "\u02b3": r"\textsuperscript{r}",
    "\u02e2": r"\textsuperscript{s}",
    "\u1d52": r"\textsuperscript{o}",
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


# TeX measures a line in points up to 16383.99pt: a longer unbroken run of letters (a
# 10,000-letter "word") overflows that silently, and runs off the page with no overfull box
# in the log. A run longer than this many characters (about 15,000pt at 30pt a letter) gets
# a break point after every so many, so what does not fit is an ordinary, reported overfull box.
MAX_UNBROKEN = 500
_LONG_RUN = re.compile(rf"\S{{{MAX_UNBROKEN + 1},}}")


def escape(text: str) -> str:
    """LaTeX that prints ``text`` literally, whatever it holds.

    Unicode is kept (LuaLaTeX reads UTF-8) but normalised to NFC, so a letter with a
    combining accent meets the font as one character where one exists.
    """
    if isinstance(text, Latex):
        return text
    text = unicodedata.normalize("NFC", str(text))
    pieces, start = [], 0
    for run in _LONG_RUN.finditer(text):
        for cut in range(run.start() + MAX_UNBROKEN, run.end(), MAX_UNBROKEN):
            pieces.append(text[start:cut])
            start = cut
    pieces.append(text[start:])
    return r"\kbbreak{}".join(_escape_normalised(piece) for piece in pieces)


def _escape_normalised(text: str) -> str:
    text = _CONTROL.sub("\ufffd", text)
    text = _NEEDS_ESCAPE.sub(lambda m: ESCAPES[m.group(0)], text)
    return _LIGATURE.sub(r"\\kbnolig{}", text)


# What never reaches PDF metadata (document title, author, subject): format characters
# (bidi controls such as U+202E, which would reorder the title in a reader's window, zero-width
# characters, the soft hyphen), controls, unassigned and private code points, and U+FFFD.
def plain_text(text: str) -> str:
    """Escaped text for places where only plain characters belong, such as PDF metadata."""
    text = re.sub(r"[\t\n\r\v\f\x1c-\x1e\x85\u2028\u2029]", " ", unicodedata.normalize("NFC", str(text)))
    return escape("".join(c for c in text if c != "\ufffd" and unicodedata.category(c) not in _NOT_PLAIN))


_NOT_PLAIN = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})


def escape_metadata(text: str) -> str:
    """Escaped text for the PDF's metadata (title, subject, bookmarks): typed no-break spaces
    stay characters, since hyperref would write the commands that set them as plain spaces."""
    return plain_text(text).replace(ESCAPES["\u00a0"], "\u00a0").replace(ESCAPES["\u202f"], "\u202f")


# What a URI may hold as it is (RFC 3986: unreserved and reserved characters, and percent
# escapes); anything else is percent-encoded as UTF-8, so no brace, backslash, space or ^^
# reaches TeX, while # ? & [ ] and existing escapes keep their meaning.
_NOT_IN_URI = re.compile(r"%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+")
# The URI characters TeX would read as markup, as hyperref's \href reads them back (its
# \hyper@normalise turns \% \# \& \_ \~ into the characters; \string$ is a plain $).
_URL_TEX = {"%": r"\%", "#": r"\#", "&": r"\&", "_": r"\_", "~": r"\~", "$": r"\string$"}


def escape_url(url: str) -> str:
    """A link target for ``\\href``: what is not URI syntax percent-encoded, then escaped for TeX."""
    uri = _NOT_IN_URI.sub(lambda m: "".join(f"%{b:02X}" for b in m.group(0).encode("utf-8", "surrogatepass")), url)
    return re.sub(r"[%#&_~$]", lambda m: _URL_TEX[m.group(0)], uri)


def mailto(address: str) -> str:
    """The ``mailto:`` URI of an e-mail address (RFC 6068): its ``%`` and delimiters encoded."""
    return "mailto:" + urllib.parse.quote(address, safe="@!$'*+=")


_ADDRESS_LEAD = re.compile(r"(?:[A-Za-z][A-Za-z0-9+.]*://)?(?:www\.)?")


def escape_breakable(text: str) -> str:
    """Escaped text that may break after a / and before a . (long addresses in narrow
    columns: a dot that ended a line would read as a sentence's end), never between the
    slashes of "//", never at a hyphen (which a reader would take for a break's), and never
    within the scheme or a "www.", which stay with the name they introduce."""
    text = str(text).replace("-", "\u2011")
    lead = _ADDRESS_LEAD.match(text)
    end = lead.end() if lead else 0
    return escape(text[:end]) + re.sub(r"(?<=/)(?=[^/])|(?<=[^/.])(?=\.)", r"\\kbbreak{}", escape(text[end:]))
