import datetime
import re
import textwrap

import pytest

from kitbuilder.content import MAX_ALIASES, MAX_CONTENT_SIZE, load_content, read_part
from kitbuilder.errors import ContentError
from kitbuilder.schema import MAX_MESSAGE_LENGTH, Message, PeopleBlock

KIT = textwrap.dedent("""\
    title: A kit
    subtitle: Sub
    kind: Participant kit
    date: 2018-03-14
    city: Paris
    parts: [people]
    """)

PEOPLE = textwrap.dedent("""\
    id: people
    title: Speakers
    blocks:
      - kind: people
        people:
          - id: herbert
            name: Bob Herbert
            role: Journalist
            bio:
              - First paragraph.
              - >-
                Second paragraph,
                folded.
    """)


def load(**parts: str) -> object:
    files = {"content/kit.yaml": KIT.replace("[people]", "[" + ", ".join(parts) + "]")}
    files.update({f"content/{name}.yaml": text for name, text in parts.items()})
    return load_content(files)


def error_of(**parts: str) -> str:
    with pytest.raises(ContentError) as info:
        load(**parts)
    return str(info.value)


def test_loads_typed_content_with_lines() -> None:
    kit = load(people=PEOPLE)
    assert kit.config.date == datetime.date(2018, 3, 14)  # type: ignore[attr-defined]
    block = kit.parts[0].blocks[0]  # type: ignore[attr-defined]
    assert isinstance(block, PeopleBlock)
    person = block.people[0]
    assert person.name == "Bob Herbert"
    assert person.bio[1] == Message("Second paragraph, folded.", "content/people.yaml", 11,
                                    where=person.bio[1].where)
    assert person.bio[0].where == "Speakers - Bob Herbert - bio, paragraph 1"


def test_missing_field_names_file_line_and_record() -> None:
    text = PEOPLE.replace("        bio:\n          - First paragraph.\n          - >-\n"
                          "            Second paragraph,\n            folded.\n", "")
    assert error_of(people=text) == "content/people.yaml:6: speaker 'herbert': missing 'bio'"


def test_unknown_field_suggests_the_close_one() -> None:
    text = PEOPLE.replace("role:", "rôle:")
    assert error_of(people=text) == \
        "content/people.yaml:8: speaker 'herbert': unknown field 'rôle' (did you mean 'role'?)"


def test_wrong_type() -> None:
    text = PEOPLE.replace("name: Bob Herbert", "name: [Bob]")
    assert error_of(people=text) == \
        "content/people.yaml:7: speaker 'herbert': 'name': expected a single value, found a list"


def test_date_that_is_not_a_date() -> None:
    with pytest.raises(ContentError, match=r"content/kit.yaml:4: kit: 'date': expected a date \(YYYY-MM-DD\)"):
        load_content({"content/kit.yaml": KIT.replace("2018-03-14", "14 March"), "content/people.yaml": PEOPLE})


def test_yaml_syntax_error() -> None:
    assert error_of(people="id: people\ntitle: [unclosed\n").startswith("content/people.yaml:3: YAML syntax error")


def test_unknown_block_kind() -> None:
    text = PEOPLE.replace("kind: people", "kind: peple")
    assert "unknown block kind 'peple' (did you mean 'people'?)" in error_of(people=text)


def test_duplicate_id() -> None:
    other = PEOPLE.replace("id: people", "id: others")
    assert error_of(people=PEOPLE, others=other) == "content/others.yaml:6: duplicate id 'herbert'"


def test_bad_token_in_message() -> None:
    text = PEOPLE.replace("First paragraph.", "\"Reports: {number:many}\"")
    assert error_of(people=text) == \
        "content/people.yaml:10: speaker 'herbert': 'bio'[1]: {number:many}: 'many' is not a valid number"


LAW = textwrap.dedent("""\
    source_language: fr
    id: law
    title: La loi
    blocks:
      - kind: articles
        id: loi
        law: Loi n° 1
        items:
          - id: art-1
            number: 1
            description: Crée.
      - kind: measures
        law: loi
        pillars:
          - id: p1
            title: Protéger
            measures:
              - id: m1
                number: 1
                title: Mesure
                articles: [1, 7]
    """)


def test_measure_citing_a_missing_article() -> None:
    assert error_of(law=LAW) == \
        "content/law.yaml:18: measure 'm1': cites article 7, which is not in the articles of 'loi'"


def test_source_language_is_declared_per_file() -> None:
    part = read_part(LAW.replace("[1, 7]", "[1]"), "content/law.yaml", "en")
    assert part.source_language == "fr"
    assert part.title.source_language == "fr"


def test_statistic_without_source() -> None:
    text = textwrap.dedent("""\
        id: facts
        title: Facts
        blocks:
          - kind: statistics
            items:
              - id: women
                figure: "{percent:97}"
                label: are women
        """)
    assert error_of(facts=text) == "content/facts.yaml:6: statistic 'women': missing 'source'"


def test_file_not_listed_in_parts() -> None:
    files = {"content/kit.yaml": KIT, "content/people.yaml": PEOPLE, "content/stray.yaml": PEOPLE}
    with pytest.raises(ContentError, match=re.escape("content/stray.yaml:1: not listed in the parts of kit.yaml")):
        load_content(files)


def test_listed_part_that_does_not_exist() -> None:
    with pytest.raises(ContentError, match=re.escape("part 'people' is listed in kit.yaml but content/people.yaml")):
        load_content({"content/kit.yaml": KIT})


def test_an_empty_required_list_is_an_error() -> None:
    text = PEOPLE.replace("        bio:\n          - First paragraph.\n          - >-\n"
                          "            Second paragraph,\n            folded.\n", "        bio: []\n")
    assert error_of(people=text) == "content/people.yaml:9: speaker 'herbert': 'bio' is empty"


def test_an_entry_needs_a_name_or_a_title() -> None:
    text = "id: tools\ntitle: Tools\nblocks:\n  - kind: entries\n    items:\n      - id: t1\n        text: Hi.\n"
    assert error_of(tools=text) == \
        "content/tools.yaml:6: entry 't1': give it a 'name' (printed as it is) or a 'title' (translated)"


def test_typed_no_break_spaces_are_kept() -> None:
    text = PEOPLE.replace("First paragraph.", "First\u00a0paragraph\u202f!")
    kit = load(people=text)
    assert kit.parts[0].blocks[0].people[0].bio[0].text == "First\u00a0paragraph\u202f!"  # type: ignore[attr-defined]


# --- Hostile and careless content (issue 17, items 4, 6 and 7) ----------------------------


def test_a_message_longer_than_the_limit_is_refused_with_its_line() -> None:
    text = PEOPLE.replace("First paragraph.", "x" * (MAX_MESSAGE_LENGTH + 1))
    assert error_of(people=text) == (f"content/people.yaml:10: speaker 'herbert': 'bio'[1]: this text is "
                                     f"{MAX_MESSAGE_LENGTH + 1:,} characters long; the limit is "
                                     f"{MAX_MESSAGE_LENGTH:,} (split it into paragraphs)")
    kit = load(people=PEOPLE.replace("First paragraph.", "x" * MAX_MESSAGE_LENGTH))
    assert len(kit.parts[0].blocks[0].people[0].bio[0].text) == MAX_MESSAGE_LENGTH  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "token",
    ["{number:sNaN}", "{number:NaN}", "{number:-Infinity}", "{percent:sNaN}", "{money:sNaN EUR}",
     "{money:Inf USD}", "{number:1E+100000}", "{number:1E+999999999999999999|compact}", "{percent:1E+30}"],
)
def test_a_typed_value_that_is_not_a_printable_number_is_refused_with_its_line(token: str) -> None:
    text = PEOPLE.replace("First paragraph.", f"\"Reports: {token}\"")
    message = error_of(people=text)
    assert message.startswith("content/people.yaml:10: speaker 'herbert': 'bio'[1]: ")
    assert "not a finite number" in message or "too large" in message


CHART = textwrap.dedent("""\
    id: figures
    title: Figures
    blocks:
      - kind: chart
        id: c1
        title: Reports
        source: NCMEC
        bars:
          - label: 2016
            value: 1.5
          - label: 2017
            value: VALUE
    """)


@pytest.mark.parametrize("value", [".nan", ".NaN", ".inf", "-.inf", "+.INF", "1.0e+400"])
def test_a_chart_value_that_is_not_finite_is_refused_at_load(value: str) -> None:
    assert error_of(figures=CHART.replace("VALUE", value)) == \
        f"content/figures.yaml:12: chart block 'c1': 'bars'[2]: 'value': expected a finite number, found '{value}'"


def test_alias_amplification_is_refused_with_the_anchors_line() -> None:
    """One long string repeated by many aliases: the file is small, the kit it stands for is not."""
    paragraph = "word " * 1900
    aliases = "\n".join("          - *p" for _ in range(2000))
    text = PEOPLE.replace("          - First paragraph.\n", f"          - &p {paragraph}\n{aliases}\n")
    message = error_of(people=text)
    assert message.startswith("content/people.yaml:10: ")
    assert f"{MAX_ALIASES:,} aliases" in message


def test_nested_aliases_are_refused_before_they_are_expanded() -> None:
    """A "billion laughs": each level repeats the one before ten times."""
    levels = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    levels += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
    text = "id: laughs\ntitle: Laughs\n" + "\n".join(levels) + "\nblocks: []\n"
    message = error_of(laughs=text)
    assert "content/laughs.yaml:" in message
    assert "aliases" in message or "characters" in message


def test_expanded_content_larger_than_the_limit_is_refused() -> None:
    """Few aliases, nested: a long paragraph repeated 20 x 20 times."""
    paragraph = "word " * 1900
    twenty = "[" + ", ".join(["*p"] * 20) + "]"
    text = (f"id: people\ntitle: Speakers\nparagraph: &p {paragraph}\ntwenty: &l {twenty}\n"
            f"more: [{', '.join(['*l'] * 20)}]\nblocks: []\n")
    assert text.count("*") < MAX_ALIASES
    message = error_of(people=text)
    assert message.startswith("content/people.yaml:4: ")
    assert f"{MAX_CONTENT_SIZE:,} characters" in message


def test_a_file_larger_than_the_limit_is_refused_before_it_is_parsed() -> None:
    paragraphs = "\n".join(f"  - {'x' * 99}" for _ in range(MAX_CONTENT_SIZE // 100 + 10))
    text = "id: big\ntitle: Big\nblocks:\n- kind: text\n  paragraphs:\n" + paragraphs + "\n"
    message = error_of(big=text)
    assert re.match(rf"content/big.yaml:\d+: the file is larger than {MAX_CONTENT_SIZE:,} characters", message)


def test_nesting_deeper_than_the_schema_is_refused_without_a_traceback() -> None:
    text = "id: deep\ntitle: Deep\nblocks: " + "[" * 5000 + "]" * 5000 + "\n"
    assert error_of(deep=text).startswith("content/deep.yaml:3: ")
