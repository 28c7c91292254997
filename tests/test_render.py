import datetime
import re
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import pytest
from babel import Locale
from conftest import replace_in

from kitbuilder.build import render_edition, render_locale
from kitbuilder.edition import Edition
from kitbuilder.errors import TemplateError
from kitbuilder.kitdir import read_content
from kitbuilder.latex.document import month_words
from kitbuilder.newkit import create_kit
from kitbuilder.render import aligned_slices, balanced_rows, column_shares, render_kit, to_latex
from kitbuilder.stamps import BuildOptions
from kitbuilder.texescape import Latex

FR = Locale.parse("fr")


def write(folder: Path, body: str) -> list[Path]:
    (folder / "kit.tex").write_text(body, encoding="utf-8")
    return [folder]


def render(tmp_path: Path, body: str, **kit: object) -> str:
    return render_kit(SimpleNamespace(**kit), {}, write(tmp_path, body), FR, lambda s: {"Source": "Source"}.get(s, s))


def test_values_are_escaped_and_latex_marker_is_not(tmp_path: Path) -> None:
    out = render(tmp_path, r"\VAR{kit.a} \VAR{kit.b|latex} \VAR{_('Source')}", a="50% & $", b=r"\textbf{x}")
    assert out == r"50\% \& \$ \textbf{x} Source"


def test_dates_print_in_the_locale(tmp_path: Path) -> None:
    out = render(tmp_path, r"\VAR{kit.d} / \VAR{kit.d|date('full')}", d=datetime.date(2018, 3, 14))
    # A date never splits across lines: its parts are tied.
    assert out == r"14\nobreakspace{}mars\nobreakspace{}2018 / mercredi 14\nobreakspace{}mars\nobreakspace{}2018"


def test_urls_become_links() -> None:
    assert to_latex("see www.example.org.", FR) == \
        r"see \kbhref{https://www.example.org}{www.example\kbbreak{}.org}."


def test_an_e_mail_address_links_whole_and_percent_encoded() -> None:
    """Issue 17, item 10: the address is data in a mailto: URI (RFC 6068), % and all."""
    assert to_latex("write to x%y@example.org.", FR) == \
        r"write to \kbhref{mailto:x\%25y@example.org}{x\%y@example\kbbreak{}.org}."


def test_missing_value_is_an_error_with_template_line(tmp_path: Path) -> None:
    with pytest.raises(TemplateError) as info:
        render(tmp_path, "line one\n\\VAR{kit.nothing}\n")
    assert str(info.value).startswith(f"{tmp_path / 'kit.tex'}:2: undefined value")


def test_template_syntax_error(tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match=r"kit.tex:1: template syntax error"):
        render(tmp_path, r"\BLOCK{if x}")


def test_printing_none_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match=re.escape("printed None")):
        render(tmp_path, r"\VAR{kit.a}", a=None)


def test_missing_template(tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match=re.escape("template not found: kit.tex")):
        render_kit(SimpleNamespace(), {}, [tmp_path], FR, str)


def test_latex_marker_is_a_str() -> None:
    assert isinstance(Latex("x"), str)


def test_a_division_by_zero_names_the_template_and_line(tmp_path: Path) -> None:
    with pytest.raises(TemplateError) as info:
        render(tmp_path, "one\ntwo\n\\VAR{kit.a / 0}\n", a=1)
    assert str(info.value) == f"{tmp_path / 'kit.tex'}:3: template error: division by zero"
    assert info.value.__cause__ is None and info.value.__suppress_context__


def test_a_template_that_includes_itself_names_the_include(tmp_path: Path) -> None:
    (tmp_path / "part.tex").write_text("a part\n\\BLOCK{include 'part.tex'}\n", encoding="utf-8")
    with pytest.raises(TemplateError) as info:
        render(tmp_path, "\\BLOCK{include 'part.tex'}\n")
    assert str(info.value).startswith(f"{tmp_path / 'part.tex'}:2: template error: ")
    assert "includes itself" in str(info.value)


def test_latex_survives_tilde_concatenation_in_a_template(tmp_path: Path) -> None:
    # Was double-escaped: `~` made a plain str of the marked LaTeX, which finalize escaped.
    out = render(tmp_path, r"\VAR{kit.a ~ (kit.b|latex)} \VAR{(kit.b|latex) ~ ' ' ~ 3}", a="50%", b=r"\textbf{x}")
    assert out == r"50\%\textbf{x} \textbf{x} 3"


def test_latex_survives_the_join_filter(tmp_path: Path) -> None:
    out = render(tmp_path, r"\VAR{[kit.a, kit.b|latex]|join(', ')} \VAR{[kit.a, kit.a]|join('&')}",
                 a="a_b", b=r"\emph{c}")
    assert out == r"a\_b, \emph{c} a\_b\&a\_b"


def test_plain_text_concatenation_is_still_linked_and_escaped_once(tmp_path: Path) -> None:
    out = render(tmp_path, r"\VAR{kit.a ~ ' & ' ~ kit.a}", a="www.example.org")
    assert out.count(r"\kbhref{") == 2 and r"\&" in out


def test_pdf_metadata_follows_the_language_typography(tmp_path: Path) -> None:
    out = render(tmp_path, r"\VAR{kit.title|metadata}", title="Des preuves: données & droit")
    assert out == "Des preuves\u00a0: données \\& droit"



def test_blocks_may_ask_to_start_a_page_or_keep_together(make_kit: Callable[[str], Path]) -> None:
    kit_dir = make_kit("basic")
    plain = render_locale(kit_dir, read_content(kit_dir), "en", BuildOptions()).tex
    assert "\\kbkeepbox\\vbox" not in plain[:plain.index("template blocks/statistics.tex")]
    event = kit_dir / "content" / "event.yaml"
    text = event.read_text(encoding="utf-8")
    text = text.replace("  - kind: facts\n", "  - kind: facts\n    keep_together: true\n", 1)
    text = text.replace("  - kind: statistics\n", "  - kind: statistics\n    break_before: true\n", 1)
    event.write_text(text, encoding="utf-8")
    kit = read_content(kit_dir)
    tex = render_locale(kit_dir, kit, "en", BuildOptions()).tex
    facts = tex.index("template blocks/facts.tex")
    statistics = tex.index("template blocks/statistics.tex")
    # The facts are set aside, measured, given their room, then put back.
    assert re.search(r"\\setbox\\kbkeepbox\\vbox\{%.*\\needspace\{\\dimexpr\\ht\\kbkeepbox.*\\unvbox\\kbkeepbox",
                     tex[facts:statistics], re.S)
    assert "\\clearpage" in tex[statistics:statistics + 200]


@pytest.mark.parametrize(("left", "right", "share"), [(1, 1, 0.5), (5, 4, 0.556), (2, 1, 0.6), (1, 9, 0.4)])
def test_columns_are_as_wide_as_their_texts_are_long(make_kit: Callable[[str], Path], left: int, right: int,
                                                     share: float) -> None:
    """Third proof (fr pp. 17-18): a comparison whose United States column is twice as long as
    its France column ran on alone onto a page of its own. The columns share the width as
    their texts share the length, within a fifth of an even share."""
    kit_dir = make_kit("basic")
    sentence = "Each column holds a text of its own length. " * 10
    column = "      - title: {}\n        blocks:\n          - kind: text\n            paragraphs: [\"{}\"]\n"
    block = ("  - kind: columns\n    columns:\n" + column.format("East", sentence * left)
             + column.format("West", sentence * right))
    law = kit_dir / "content" / "law.yaml"
    law.write_text(law.read_text(encoding="utf-8").replace("blocks:\n", "blocks:\n" + block, 1), encoding="utf-8")
    tex = render_locale(kit_dir, read_content(kit_dir), "en", BuildOptions()).tex
    ratio = re.search(r"\\columnratio\{([\d.]+),([\d.]+)\}\n(?:.*\n)?\\begin\{paracol\}\{2\}", tex)
    assert ratio and float(ratio.group(1)) == pytest.approx(share, abs=0.003)
    assert float(ratio.group(1)) + float(ratio.group(2)) == pytest.approx(1)


@pytest.mark.parametrize(("count", "rows"), [(1, [1]), (3, [3]), (4, [2, 2]), (5, [3, 2]), (7, [3, 2, 2]),
                                              (10, [3, 3, 2, 2])])
def test_a_group_of_figures_is_set_in_rows_as_even_as_can_be(count: int, rows: list[int]) -> None:
    """Third proof (en p. 9, fr p. 12): four figures were set three and one, the one alone on
    the next page."""
    items = list(range(count))
    assert [len(row) for row in balanced_rows(items, 3)] == rows
    assert [item for row in balanced_rows(items, 3) for item in row] == items


def test_column_shares_follow_the_text_within_a_fifth_of_even() -> None:
    def column(text: str) -> SimpleNamespace:
        return SimpleNamespace(title="", blocks=[SimpleNamespace(paragraphs=[text])])
    assert column_shares([column("ab"), column("cd")]) == pytest.approx([0.5, 0.5])
    assert column_shares([column("a" * 60), column("a" * 40)]) == pytest.approx([0.6, 0.4])
    assert column_shares([column("a" * 90), column("a" * 10)]) == pytest.approx([0.6, 0.4])
    assert column_shares([column(""), column("")]) == pytest.approx([0.5, 0.5])


def test_four_figures_are_two_rows_of_two_half_as_wide(make_kit: Callable[[str], Path]) -> None:
    kit_dir = make_kit("basic")
    more = "".join(f"      - id: more{i}\n        figure: \"{i}\"\n        label: more\n        source: UNICEF\n"
                   for i in (1, 2))
    replace_in(kit_dir / "content" / "event.yaml", "        source: UNICEF\n", "        source: UNICEF\n" + more)
    tex = render_locale(kit_dir, read_content(kit_dir), "en", BuildOptions()).tex
    group = tex[tex.index("template blocks/statistics.tex"):]
    rows = re.findall(r"\\kbstatrow\{(\d)\}", group[:group.index("\\kbpartend")])
    assert rows == ["2", "2"]


def test_items_joined_with_a_latex_separator_keep_their_ties_and_links(tmp_path: Path) -> None:
    # A list separator may be LaTeX (Chinese 、 with a break after it); the items it joins are
    # still printed as any text is: "L. 110-2" tied, an address linked.
    out = render(tmp_path, r"\VAR{[kit.a, kit.b]|join(', '|latex)}", a="L. 110-2", b="www.example.org")
    assert out.startswith(r"L.\nobreakspace{}110\mbox{-}2, ")
    assert r"\kbhref{" in out


def test_text_beside_latex_in_a_concatenation_keeps_its_ties_and_links(tmp_path: Path) -> None:
    # `~` and `join` are one mechanism: plain text beside deliberate LaTeX prints as any text does.
    out = render(tmp_path, r"\VAR{kit.a ~ ('\\,'|latex) ~ kit.b}", a="L. 110-2", b="www.example.org")
    assert out.startswith(r"L.\nobreakspace{}110\mbox{-}2\,")
    assert r"\kbhref{" in out


def test_month_names_are_never_hyphenated_in_any_language_with_patterns(make_kit: Callable[[str], Path]) -> None:
    # A date is never cut apart, not even inside its month ("Jan-/uary 1, 2010", en p. 5).
    kit_dir = make_kit("basic")
    tex = render_locale(kit_dir, read_content(kit_dir), "fr", BuildOptions()).tex
    line = re.search(r"\\babelhyphenation\[french\]\{([^}]*)\}", tex)
    assert line and {"janvier", "février", "décembre"} <= set(line.group(1).split())
    assert "january" in month_words("en") and month_words("zh") == []


def test_bilingual_contents_and_heads_spell_the_second_languages_spaces(make_kit: Callable[[str], Path]) -> None:
    # "About us / Qui sommes-nous?" (second proof): the bilingual contents and running heads
    # are set in the first language, where babel-french adds no space before "?".
    kit_dir = make_kit("basic")
    po = kit_dir / "locales" / "fr" / "LC_MESSAGES" / "event.po"
    replace_in(po, 'msgstr "L’événement"', 'msgstr "Quoi de neuf ?"')
    tex = render_edition(kit_dir, read_content(kit_dir), Edition.parse("en+fr"), BuildOptions()).tex
    section = re.search(r"\\section\[The event / ([^]]*)\]", tex)
    assert section and section.group(1) == r"Quoi de neuf\kbnnbsp{}?"
    assert r"{neuf\kbnnbsp{}?}" in tex  # the running head's words


def test_bilingual_items_start_level_room_asked_once_across_both_columns(make_kit: Callable[[str], Path]) -> None:
    # Second proof: an item's two sides started on different pages ('Blue Campaign', en+fr
    # pp. 57-58), a \needspace inside one column moving that side alone. Between two items the
    # room is asked for in paracol's spanning text; inside the columns no side asks again.
    kit_dir = make_kit("basic")
    tex = render_edition(kit_dir, read_content(kit_dir), Edition.parse("en+fr"), BuildOptions()).tex
    between = re.findall(r"\\switchcolumn\*\[\\kbsidesneed\{6\}\]", tex)
    assert len(between) >= 1
    second_item = tex[tex.index(between[0]):]
    left, right = second_item.split("\\switchcolumn\\kbright{}", 1)
    assert "\\kbalignedsides" in left and "\\kbfreesides" in left
    assert "\\kbalignedsides" in right.split("\\switchcolumn*", 1)[0]


def test_bilingual_lists_are_aligned_item_by_item(tmp_path: Path) -> None:
    # Fifth proof, en+fr pp. 26-27: a list was set as one block per side, so at a page turn
    # one side's items ran a line or two ahead of the other's. Sixth proof, p. 25: its first
    # item started a line low on the side whose lead-in was longer. The heading and lead-in
    # are a slice of their own, then each item, then the closing words. Room is asked across
    # both columns before each item but the first, which stays with the lead.
    kit_dir = tmp_path / "kit"
    create_kit(kit_dir)
    tex = render_edition(kit_dir, read_content(kit_dir), Edition.parse("en+fr"), BuildOptions()).tex
    start = tex.index("What to do next")
    block = tex[start:tex.index("\\switchcolumn*{}\n\\end{paracol}", start)]
    slices = re.split(r"\\switchcolumn\*(?:\{\}|\[\\kbsidesneed\{6\}\])", block)
    assert re.findall(r"\\switchcolumn\*(\{\}|\[\\kbsidesneed\{6\}\])", block) == [
        "{}", "[\\kbsidesneed{6}]", "[\\kbsidesneed{6}]", "{}"]
    assert [s.count("\\item ") for s in slices] == [0, 2, 2, 2, 0]
    assert "To make this kit your own" in slices[0] and "To make this kit your own" not in "".join(slices[1:])
    assert "marked as a draft" in slices[4] and "marked as a draft" not in "".join(slices[:4])


def test_an_entry_is_aligned_paragraph_by_paragraph_and_bullet_by_bullet() -> None:
    # Fifth proof, en+fr pp. 43-44: "7. Cooperation"'s bullets ran out of step at a page
    # turn; sixth proof, p. 55: a tool's second paragraph drifted. The block's heading and
    # lead-in come first, alone; an entry's paragraphs and bullets one by one, its heading
    # with the first, its address with the last; the block's closing words with the last.
    entry = SimpleNamespace(id="coop", title="Cooperation", text=["Improve it.", "And more."],
                            url="www.example.org", items=["a", "b"])
    block = SimpleNamespace(kind="entries", title="Areas", intro=["Lead.", "Lead on."], outro=["End."],
                            numbered=True,
                            items=[entry, SimpleNamespace(id="one", title="Alone", text=[], url=None, items=["d"])])
    slices = aligned_slices(block, "items")
    assert [s.begins for s in slices] == ["lead", "lead", "item", "part", "part", "part", "item", "tail"]
    assert [(s.title, s.intro, s.outro, s.items) for s in slices[:2] + slices[-1:]] == [
        ("Areas", ["Lead."], [], []), (None, ["Lead on."], [], []), (None, [], ["End."], [])]
    assert [(s.title, s.intro, s.outro) for s in slices[2:7]] == [(None, [], [])] * 5
    slices = slices[1:]
    parts = [s.items[0] for s in slices[1:5]]
    assert [(p.text, p.items, p.shows_heading) for p in parts] == [
        (["Improve it."], [], True), (["And more."], [], False), ([], ["a"], False), ([], ["b"], False)]
    assert [p.url for p in parts] == [None, None, None, "www.example.org"]
    assert [(p.item_slice.first, p.item_slice.last) for p in parts[2:]] == [(True, False), (False, True)]
    assert slices[5].items[0].items == ["d"] and not hasattr(slices[5].items[0], "shows_heading")
    assert [s.number_offset for s in slices[:-1]] == [0, 0, 0, 0, 0, 1]
    assert entry.items == ["a", "b"] and block.title == "Areas"  # the content is left as it was


def test_a_biography_is_aligned_paragraph_by_paragraph() -> None:
    # Seventh proof, en+fr pp. 13-14: a speaker's biography drifted nine lines from its
    # translation. A person is cut into one part per paragraph, the name and role line
    # with the first; each part says whether another follows (the box goes on).
    person = SimpleNamespace(id="swift", name="Angel Nguyen Swift", role="Vice President", bio=["a", "b", "c"],
                             moderator=False)
    block = SimpleNamespace(kind="people", title=None, people=[person])
    slices = aligned_slices(block, "people")
    parts = [s.people[0] for s in slices]
    assert [(p.bio, p.shows_heading, p.goes_on) for p in parts] == [
        (["a"], True, True), (["b"], False, True), (["c"], False, False)]
    assert [s.begins for s in slices] == ["item", "part", "part"]
