"""The proof check: each rule fires where its fault is planted, and nowhere on a clean kit.

Unit tests feed ``check`` facts written by hand (the format proof.lua writes); the
integration tests build real kits with LuaLaTeX: tests/roots/proof-faults/ plants one
fault per rule, tests/roots/basic/ is clean in every edition, the pseudo-locale included.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from kitbuilder.build import build_kit
from kitbuilder.cli import main
from kitbuilder.edition import Edition
from kitbuilder.latex.facts import PT, Raster, Word, parse_bbox, parse_ppm, read_facts
from kitbuilder.proof import BAR_COLOUR, ChartArea, check, text_over_graphic
from kitbuilder.report import LocaleReport
from kitbuilder.stamps import BuildOptions

ROOTS = Path(__file__).parent / "roots"

# A4 in sp, a text block 451pt wide and 714pt high whose top is 80pt down the page.
GEOMETRY = "G\tpaperwidth\t39158276\nG\tpaperheight\t55380990\n"
TOP, HEIGHT = 80 * PT, 714 * PT


def page(sheet: int, fill: float, part: int = 1) -> str:
    return f"F\t{sheet}\t{sheet}\t{int(fill * HEIGHT)}\t{HEIGHT}\t{TOP}\nP\t{sheet}\t{sheet}\t{part}\n"


def line(id: int, par: int, idx: int, first: str, last: str, *, role: str = "", lang: str = "en",
         hyph: int = 0, origin: int = 1) -> str:
    return f"L\t{id}\t{par}\t{idx}\t{origin}\t{role}\t{lang}\t{hyph}\t{first}\t{last}\n"


def ship(id: int, sheet: int, y: float, *, x: int = 72 * PT, width: int = 451 * PT, overflow: int = 0) -> str:
    return f"S\t{id}\t{sheet}\t{sheet}\t{x}\t{int(y)}\t{width}\t{8 * PT}\t{2 * PT}\t{overflow}\n"


def rules_of(facts: str) -> list[tuple[str, int, str]]:
    return [(f.rule, f.page, f.origin) for f in check(read_facts(GEOMETRY + "O\t1\tcontent/a.yaml:7\n" + facts))]


def test_a_clean_page_has_no_fault() -> None:
    facts = (page(1, 0.9) + page(2, 0.6)
             + line(1, 1, 1, "Over the previous", "previous 12 months") + ship(1, 1, TOP + 20 * PT)
             + line(2, 1, 2, "the reports grew", "grew.") + ship(2, 1, TOP + 34 * PT)
             + line(3, 2, 1, "A heading", "A heading", role="heading") + ship(3, 1, TOP + 60 * PT)
             + line(4, 3, 1, "Its text", "text") + ship(4, 1, TOP + 74 * PT))
    assert rules_of(facts) == []


@pytest.mark.parametrize(("last", "first", "lang", "rule"), [
    ("the previous 12", "months ago", "en", "cut-number-unit"),
    ("grâce à 12", "milliards de", "fr", "cut-number-unit"),
    ("on March 14,", "2018 in", "en", "cut-date"),
    ("le 14 mars", "2018 à", "fr", "cut-date"),
    ("see art. L.", "8112-2 of", "en", "cut-legal-reference"),
    ("la loi n°", "1437 du", "fr", "cut-legal-reference"),
    ("article L. 8112-", "2 du", "fr", "cut-number"),
    ("of the Fortune", "500 companies", "en", "cut-name"),
    ("Parties, and (6)", "that States", "en", "cut-enumerator"),
])
def test_a_break_the_tie_table_forbids_is_a_cut(last: str, first: str, lang: str, rule: str) -> None:
    facts = (page(1, 0.9) + line(1, 1, 1, "Some", last, lang=lang) + ship(1, 1, TOP + 20 * PT)
             + line(2, 1, 2, first, "end.", lang=lang) + ship(2, 1, TOP + 34 * PT))
    assert rules_of(facts) == [(rule, 1, "content/a.yaml:7")]


def test_a_cut_across_paragraphs_or_at_a_hyphen_is_not_a_tie_fault() -> None:
    facts = (page(1, 0.9) + line(1, 1, 1, "Some", "previous 12") + ship(1, 1, TOP + 20 * PT)
             + line(2, 2, 1, "months ago", "ago") + ship(2, 1, TOP + 34 * PT)
             + line(3, 3, 1, "A", "the twelve-", hyph=1) + ship(3, 1, TOP + 48 * PT)
             + line(4, 3, 2, "months", "and") + ship(4, 1, TOP + 62 * PT)
             + line(5, 3, 3, "more", "end.") + ship(5, 1, TOP + 76 * PT))
    assert rules_of(facts) == []


@pytest.mark.parametrize("role", ["part", "heading", "label", "boxtitle", "cover"])
def test_a_hyphenated_title_is_a_fault_but_running_text_may_hyphenate(role: str) -> None:
    facts = (page(1, 0.9) + line(1, 1, 1, "Interna-", "Interna-", role=role, hyph=1) + ship(1, 1, TOP + 20 * PT)
             + line(2, 1, 2, "tionalisation", "tionalisation", role=role) + ship(2, 1, TOP + 34 * PT)
             + line(3, 2, 1, "Text", "interna-", hyph=1) + ship(3, 1, TOP + 60 * PT)
             + line(4, 2, 2, "tional and", "more") + ship(4, 1, TOP + 74 * PT)
             + line(5, 2, 3, "words", "end.") + ship(5, 1, TOP + 88 * PT))
    assert rules_of(facts) == [("hyphenated-title", 1, "content/a.yaml:7")]


def test_a_paragraph_ending_on_the_rest_of_a_hyphenated_word_is_a_fault() -> None:
    # Fifth proof, fr p. 19: "un phénomène omnipré- / sent." A hyphen anywhere else, or
    # before a last line that holds more than the word's rest, is not this fault.
    facts = (page(1, 0.9)
             + line(1, 1, 1, "Au cours", "phénomène omnipré-", hyph=1, lang="fr") + ship(1, 1, TOP + 20 * PT)
             + line(2, 1, 2, "sent.", "sent.", lang="fr") + ship(2, 1, TOP + 34 * PT)
             + line(3, 2, 1, "Text", "interna-", hyph=1) + ship(3, 1, TOP + 60 * PT)
             + line(4, 2, 2, "tional and", "more") + ship(4, 1, TOP + 74 * PT)
             + line(5, 2, 3, "words", "end.") + ship(5, 1, TOP + 88 * PT)
             + line(6, 3, 1, "Women", "subordi-", hyph=1) + ship(6, 1, TOP + 102 * PT)
             + line(7, 3, 2, "nate", "and girls.") + ship(7, 1, TOP + 116 * PT))
    assert rules_of(facts) == [("last-line-scrap", 1, "content/a.yaml:7")]


def test_lines_too_wide_are_named_by_what_they_are() -> None:
    facts = (page(1, 0.9)
             + line(1, 1, 1, "Wide", "Wide") + ship(1, 1, TOP + 20 * PT, overflow=3 * PT)
             + line(2, 2, 1, "Barely", "Barely") + ship(2, 1, TOP + 34 * PT, overflow=PT // 2)
             + line(3, 3, 1, "WHY", "WHY", role="label") + ship(3, 1, TOP + 48 * PT, overflow=5 * PT)
             + line(4, 4, 1, "L.", "L.", role="cell") + ship(4, 1, TOP + 62 * PT, overflow=5 * PT)
             + line(5, 5, 1, "Far", "Far") + ship(5, 1, TOP + 76 * PT, overflow=200 * PT))
    assert sorted(r for r, _, _ in rules_of(facts)) == ["cell-too-long", "label-too-long", "off-page",
                                                         "past-text-block"]


def test_a_cover_line_too_wide_or_on_the_second_sheet() -> None:
    facts = (page(1, 0.9, part=0) + page(2, 0.9, part=0)
             + line(1, 1, 1, "Title", "Title", role="cover") + ship(1, 1, TOP, overflow=40 * PT)
             + line(2, 2, 1, "Hosted", "Hosted", role="cover") + ship(2, 2, TOP))
    assert [r for r, _, _ in rules_of(facts)] == ["cover-too-long", "cover-too-long"]


def test_running_heads_that_touch_each_other_or_the_side_tab() -> None:
    tab = f"G\tsidetab\t{780 * PT} {6 * PT} {2 * PT} {int(570 * PT)}\n"  # up the outer edge, 780pt long
    facts = (tab + page(1, 0.9) + page(2, 0.9) + page(3, 0.9)
             + line(1, 1, 1, "PART", "PART", role="part") + ship(1, 1, TOP + 10 * PT)
             + line(2, 2, 1, "Text", "text") + ship(2, 1, TOP + 30 * PT)
             # sheet 1: apart; sheet 2: the left head runs into the right one; sheet 3: into the tab
             + f"B\t1\t1\theadleft\t{72 * PT}\t{50 * PT}\t{200 * PT}\t{58 * PT}\t1\n"
             + f"B\t1\t1\theadright\t{400 * PT}\t{50 * PT}\t{523 * PT}\t{58 * PT}\t1\n"
             + f"B\t2\t2\theadleft\t{72 * PT}\t{50 * PT}\t{405 * PT}\t{58 * PT}\t1\n"
             + f"B\t2\t2\theadright\t{400 * PT}\t{50 * PT}\t{523 * PT}\t{58 * PT}\t1\n"
             + f"B\t3\t3\theadright\t{400 * PT}\t{50 * PT}\t{566 * PT}\t{58 * PT}\t1\n")
    assert [(r, p) for r, p, _ in rules_of(facts)] == [("running-heads-overlap", 2), ("running-heads-overlap", 3)]


def test_a_heading_at_the_foot_of_its_page() -> None:
    facts = (page(1, 0.95) + page(2, 0.5)
             + line(1, 1, 1, "Text", "text") + ship(1, 1, TOP + 20 * PT)
             + line(2, 2, 1, "Stranded", "Stranded", role="heading") + ship(2, 1, TOP + 690 * PT)
             + line(3, 3, 1, "Its text", "text") + ship(3, 2, TOP + 12 * PT)
             # a rule under the heading is not its text, nor is the running foot below the block
             + line(5, 5, 1, "", "") + ship(5, 1, TOP + 700 * PT)
             + line(4, 4, 1, "1", "1") + ship(4, 1, TOP + HEIGHT + 30 * PT))
    assert rules_of(facts) == [("heading-at-foot", 1, "content/a.yaml:7")]


def test_a_heading_beside_text_in_another_column_is_still_stranded() -> None:
    facts = (page(1, 0.95) + page(2, 0.5)
             + line(1, 1, 1, "Left", "Left", role="heading") + ship(1, 1, TOP + 690 * PT, width=200 * PT)
             + line(2, 2, 1, "Right", "text") + ship(2, 1, TOP + 700 * PT, x=300 * PT, width=200 * PT))
    assert [r for r, _, _ in rules_of(facts)] == ["heading-at-foot"]


def test_page_fill_inside_a_part_and_at_its_end() -> None:
    facts = (page(1, 0.9, part=0)  # the cover is no part's page
             + page(2, 0.3, part=1) + page(3, 0.8, part=1) + page(4, 0.1, part=1)  # empty inside, then spills
             + page(5, 0.2, part=2)  # a one-page part may be short
             + page(6, 0.95, part=3) + page(7, 0.4, part=3))  # a part ending on a page it fills in part
    assert [(r, p) for r, p, _ in rules_of(facts)] == [("page-mostly-empty", 2), ("part-spills", 4)]


def test_a_truncated_facts_file_is_read_as_far_as_it_goes() -> None:
    facts = read_facts(GEOMETRY + "L\t1\t1\n" + "S\t1\t1\t1\tx\n" + page(1, 0.9))
    assert facts.lines == {} and facts.shipped == [] and 1 in facts.fill


def _page_with_a_bar() -> Raster:
    """A white 100 x 100 pt page at 72 dpi with a bar in the bars' colour from x 10 to 60, y 40 to 60."""
    width = height = 100
    pixels = bytearray(b"\xff" * width * height * 3)
    for y in range(40, 60):
        for x in range(10, 60):
            pixels[(y * width + x) * 3:(y * width + x) * 3 + 3] = bytes(BAR_COLOUR)
    data = b"P6\n%d %d\n255\n" % (width, height) + bytes(pixels)
    return parse_ppm(data, 72)


def test_a_value_over_its_bar_is_text_over_a_graphic_and_one_beside_it_is_not() -> None:
    raster = _page_with_a_bar()
    over = Word(45, 42, 65, 58, "38%")  # straddles the bar's end
    beside = Word(62, 42, 82, 58, "75%")
    outside = Word(45, 70, 65, 80, "Source")  # below the chart's area
    area = ChartArea(sheet=3, page=3, top=30, bottom=65, origin="content/a.yaml:7")
    faults = text_over_graphic([area], lambda sheet: [over, beside, outside],
                               lambda sheet, top, bottom: raster)
    assert [(f.rule, f.page, f.origin, f.text) for f in faults] == [
        ("text-over-graphic", 3, "content/a.yaml:7", "“38%” is printed over a bar")]


def test_a_value_set_just_past_its_bar_is_not_over_it() -> None:
    # The Russian skeleton's "55 %": its box starts a few points inside its bar's end (the
    # figure's side bearing), so a few pixels of the bar sit above and below its letters.
    raster = _page_with_a_bar()
    past = Word(57, 42, 77, 58, "55")
    area = ChartArea(sheet=3, page=3, top=30, bottom=65, origin="content/a.yaml:7")
    assert text_over_graphic([area], lambda sheet: [past], lambda sheet, top, bottom: raster) == []


def test_poppler_bbox_words_are_read() -> None:
    text = '<page><word xMin="263.26" yMin="352.17" xMax="283.20" yMax="366.43">38&amp;%</word></page>'
    assert parse_bbox(text) == [Word(263.26, 352.17, 283.20, 366.43, "38&%")]


# --- Real builds --------------------------------------------------------------------------

EXPECTED = {
    ("cover-too-long", "content/kit.yaml:5"),
    ("cut-number-unit", "content/faults.yaml:4"),
    ("cut-date", "content/faults.yaml:6"),
    ("cut-legal-reference", "content/faults.yaml:8"),
    ("hyphenated-title", "content/faults.yaml:10"),
    ("past-text-block", "content/faults.yaml:12"),
    ("off-page", "content/faults.yaml:14"),
    ("label-too-long", "content/faults.yaml:16"),
    ("hyphenated-title", "content/faults.yaml:16"),
    ("cell-too-long", "content/faults.yaml:20"),
    ("running-heads-overlap", "content/faults.yaml:2"),  # the part title's line
    ("heading-at-foot", "content/foot.yaml:6"),
    ("page-mostly-empty", "content/empty.yaml:4"),
    ("part-spills", "content/spill.yaml:4"),
    ("text-over-graphic", "content/faults.yaml:22"),
    ("cut-name", "content/faults.yaml:32"),
    ("last-line-scrap", "content/faults.yaml:34"),
    ("cut-enumerator", "content/faults.yaml:36"),
}


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, LocaleReport]:
    kit = tmp_path_factory.mktemp("proof") / "proof-faults"
    shutil.copytree(ROOTS / "proof-faults", kit, ignore=shutil.ignore_patterns("build"))
    (result,) = build_kit(kit, [Edition.parse("en")], kit / "build", BuildOptions())
    assert isinstance(result, LocaleReport)
    return kit, result


@pytest.mark.latex
def test_every_planted_fault_is_found_with_its_content_line(planted: tuple[Path, LocaleReport]) -> None:
    kit, report = planted
    assert {(f["rule"], f["origin"]) for f in report.proof} == EXPECTED
    # The spilling part was tried tighter, twice, then set as it came: a tighter part that
    # still spills would only leave its last page emptier. It is never set looser (a line
    # longer per paragraph ended paragraphs on hyphenated scraps: third proof).
    log = (kit / "build" / "en" / "kit.log").read_text(encoding="utf-8", errors="replace")
    assert "part spill spills a few lines onto a page of its own: set again, tighter (level 2)" in log
    assert "part spill still spills when set tighter: set again as it was" in log
    assert "looser" not in log


@pytest.mark.latex
def test_strict_fails_on_proof_faults_and_json_lists_them(planted: tuple[Path, LocaleReport],
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    kit, _ = planted
    assert main(["build", "--kit", str(kit), "--locale", "en", "--json"]) == 0  # up to date: from the saved report
    listed = json.loads(capsys.readouterr().out)["locales"][0]["proof"]
    assert {(f["rule"], f["origin"]) for f in listed} == EXPECTED
    # A line off the page fails --strict at once, naming its content line; the others once
    # every edition is reported.
    assert main(["build", "--kit", str(kit), "--locale", "en", "--strict"]) == 1
    _, err = capsys.readouterr()
    assert "--strict: overfull box on p. 1: cover-too-long:" in err and "(content/kit.yaml:5) (and 4 more)" in err


@pytest.mark.latex
def test_a_clean_kit_has_no_fault_in_any_edition(make_kit: Callable[[str], Path]) -> None:
    kit = make_kit("basic")
    editions = [Edition.parse(name) for name in ("en", "fr", "qps", "en+fr")]
    results = build_kit(kit, editions, kit / "build", BuildOptions(), jobs=2)
    for result in results:
        assert isinstance(result, LocaleReport), result
        assert result.proof == [], (result.locale, result.proof)
