import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kitbuilder.texescape import MAX_UNBROKEN, Latex, escape, escape_breakable, escape_url, plain_text

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
    assert escape("nᵒ 1") == r"n\textsuperscript{o} 1"


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
    rest = re.sub(r"\\textsuperscript\{[a-z]\}", "", out)  # superior letters (62ᵉ, nᵒ)
    rest = re.sub(rf"\\symbol\{{\"FFFD\}}|\\(?:{commands})\{{\}}|\\[{{}}$&%#_,-]|\{{\[\}}|\{{\]\}}", "", rest)
    assert not set(rest) & set(SPECIALS), rest
    assert "\n" not in out


def as_hyperref_reads(target: str) -> str:
    """The URI that hyperref's \\href makes of an escaped target (its \\hyper@normalise)."""
    return re.sub(r"\\([%#&_~])", r"\1", target.replace(r"\string$", "$"))


@pytest.mark.parametrize(
    ("url", "uri"),
    [
        ("https://example.org/page#frag", "https://example.org/page#frag"),
        ("https://example.org/?a=1&b=2", "https://example.org/?a=1&b=2"),
        ("https://example.org/a%20b", "https://example.org/a%20b"),
        ("https://example.org/A%2fB", "https://example.org/A%2fB"),
        ("http://[::1]:8080/x", "http://[::1]:8080/x"),
        ("https://example.org/~user/x_y", "https://example.org/~user/x_y"),
        ("https://example.org/$x!'()*+,;=:@", "https://example.org/$x!'()*+,;=:@"),
        ("https://example.org/a b", "https://example.org/a%20b"),
        ("https://example.org/é", "https://example.org/%C3%A9"),
        ("https://example.org/50%", "https://example.org/50%25"),
        ("https://example.org/%zz", "https://example.org/%25zz"),
        ("https://example.org/^^5c{x}\\|`\"<>", "https://example.org/%5E%5E5c%7Bx%7D%5C%7C%60%22%3C%3E"),
    ],
)
def test_link_targets_keep_their_meaning(url: str, uri: str) -> None:
    """Issue 17, item 10: only what a URI cannot hold is percent-encoded (RFC 3986)."""
    target = escape_url(url)
    assert as_hyperref_reads(target) == uri
    # What reaches TeX holds no special but the escaped ones hyperref reads back.
    bare = re.sub(r"\\[%#&_~]|\\string\$", "", target)
    assert not set(bare) & set("\\{}%#&_~$^"), bare


@given(st.text())
def test_any_link_target_is_safe_for_tex(url: str) -> None:
    bare = re.sub(r"\\[%#&_~]|\\string\$", "", escape_url(url))
    assert not set(bare) & set("\\{}%#&_~$^ \n"), bare


def test_plain_text_for_metadata_holds_no_format_or_replacement_character() -> None:
    """Issue 17, item 11: bidi controls would reorder a title in the reader's window list."""
    assert plain_text("Kit \u202eevil\u202c 2018\u200f\u2066x\u2069\ufffd\x00\u00ad!") == "Kit evil 2018x!"
    assert plain_text("Line\nbreak\tand\u2028more") == "Line break and more"
    assert plain_text("50% & $") == r"50\% \& \$"


def test_a_very_long_word_gets_break_points_so_tex_can_measure_its_lines() -> None:
    """Issue 17, item 8: past 16383.99pt a TeX line overflows without any warning."""
    word = "x" * (3 * MAX_UNBROKEN + 7)
    assert escape(word) == r"\kbbreak{}".join(["x" * MAX_UNBROKEN] * 3 + ["x" * 7])
    assert escape("a " * MAX_UNBROKEN) == "a " * MAX_UNBROKEN  # words of ordinary length are left alone
    assert escape("%" * (MAX_UNBROKEN + 1)) == "\\%" * MAX_UNBROKEN + r"\kbbreak{}\%"


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


def test_an_address_breaks_after_slashes_and_before_dots_never_inside_a_double_slash_or_at_a_hyphen() -> None:
    # The print editors found "https:/ /primetime..." and "www.internet-/signalement.gouv.fr";
    # the third proof, "https:// / primetime..." and "www. / fondationscelles.org": the scheme
    # and "www." stay with the name they introduce; the fourth, "https://primetime. /
    # bluejeans.com", a dot ending a line as a sentence ends: a dot starts the next line.
    assert escape_breakable("https://www.internet-signalement.gouv.fr/a") == (
        r"https://www.internet\mbox{-}signalement\kbbreak{}.gouv\kbbreak{}.fr/\kbbreak{}a")
    assert escape_breakable("www.fondationscelles.org") == r"www.fondationscelles\kbbreak{}.org"
    assert escape_breakable("https://primetime.bluejeans.com/a2m") == (
        r"https://primetime\kbbreak{}.bluejeans\kbbreak{}.com/\kbbreak{}a2m")
