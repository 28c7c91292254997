import re

from hypothesis import given
from hypothesis import strategies as st

from kitbuilder.texescape import Latex, escape

SPECIALS = "\\{}$&%#_^~"


def test_every_special_becomes_text() -> None:
    assert escape(r"\ { } $ & % # _ ^ ~") == (
        r"\textbackslash{} \{ \} \$ \& \% \# \_ \textasciicircum{} \textasciitilde{}")


def test_ligatures_are_broken_only_between_pairs() -> None:
    assert escape("a--b") == r"a-\kbnolig{}-b"
    assert escape("---") == r"-\kbnolig{}-\kbnolig{}-"
    assert escape("<<x>>") == r"<\kbnolig{}<x>\kbnolig{}>"
    assert escape("self-made") == "self-made"


def test_tex_caret_notation_and_controls_are_inert() -> None:
    assert escape("^^5cinput") == r"\textasciicircum{}\textasciicircum{}5cinput"
    assert escape("a\x00b\x1bc\ufffd") == r'a\symbol{"FFFD}b\symbol{"FFFD}c\symbol{"FFFD}'
    assert escape("a\u2028b\nc") == "a b c"


def test_superior_letters_become_superscripts() -> None:
    # Modifier letters, as French ordinals are typed: no text font has them.
    assert escape("62ᵉ, 1ᵉʳ") == r"62\textsuperscript{e}, 1\textsuperscript{e}\textsuperscript{r}"


def test_deliberate_latex_passes_through() -> None:
    assert escape(Latex(r"\textbf{x}")) == r"\textbf{x}"


def test_combining_marks_are_composed() -> None:
    assert escape("e\u0301") == "é"


@given(st.text())
def test_no_special_survives_unescaped(text: str) -> None:
    out = escape(text)
    # Remove every sequence the table produces; what is left must hold no TeX special.
    commands = (
        "textbackslash|textasciicircum|textasciitilde|textquotedbl|textbar|textquotesingle|textasciigrave"
        "|kbnolig|kbnnbsp|nobreakspace"
    )
    rest = re.sub(rf"\\symbol\{{\"FFFD\}}|\\(?:{commands})\{{\}}|\\[{{}}$&%#_,-]|\{{\[\}}|\{{\]\}}", "", out)
    assert not set(rest) & set(SPECIALS), rest
    assert "\n" not in out


# Deliberate LaTeX keeps its type through concatenation and joining, the way markupsafe's
# Markup does: the other operand is escaped once, and the result is never escaped again.


def test_latex_plus_text_escapes_the_text_once() -> None:
    joined = Latex(r"\textbf{x}") + "50%"
    assert isinstance(joined, Latex)
    assert joined == r"\textbf{x}50\%"
    assert escape(joined) == r"\textbf{x}50\%"


def test_text_plus_latex_escapes_the_text_once() -> None:
    joined = "a&b" + Latex(r"\par")
    assert isinstance(joined, Latex)
    assert joined == r"a\&b\par"


def test_latex_join_escapes_plain_items_only() -> None:
    joined = Latex(", ").join(["a_b", Latex(r"\emph{c}")])
    assert isinstance(joined, Latex)
    assert joined == r"a\_b, \emph{c}"


@given(st.text(), st.text())
def test_concatenation_is_escaping_then_concatenating(text: str, other: str) -> None:
    assert Latex(escape(text)) + other == escape(text) + escape(other)
    assert other + Latex(escape(text)) == escape(other) + escape(text)
