import datetime
import re
import textwrap

import pytest

from kitbuilder.content import MAX_ALIASES, MAX_CONTENT_SIZE, load_content, read_part
from kitbuilder.errors import ContentError
from kitbuilder.localize import domain_of
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
    text = PEOPLE.replace("        role: Journalist\n", "")
    assert error_of(people=text) == "content/people.yaml:6: speaker 'herbert': missing 'role'"


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
    text = "id: facts\ntitle: Facts\nblocks:\n  - kind: facts\n    items:\n      - label: When\n        text: []\n"
    assert error_of(facts=text) == "content/facts.yaml:7: facts block: 'items'[1]: 'text' is empty"


def test_an_entry_needs_a_name_or_a_title() -> None:
    text = "id: tools\ntitle: Tools\nblocks:\n  - kind: entries\n    items:\n      - id: t1\n        text: Hi.\n"
    assert error_of(tools=text) == \
        "content/tools.yaml:6: entry 't1': give it a 'name' (printed as it is) or a 'title' (translated)"


def test_typed_no_break_spaces_are_kept() -> None:
    text = PEOPLE.replace("First paragraph.", "First\u00a0paragraph\u202f!")
    kit = load(people=text)
    assert kit.parts[0].blocks[0].people[0].bio[0].text == "First\u00a0paragraph\u202f!"  # type: ignore[attr-defined]


ORGANISATIONS = textwrap.dedent("""\
    id: about
    title: About us
    blocks:
      - kind: organisations
        items:
          - id: scelles
            name: {text: Scelles Foundation, translate: true, note: official French name}
            description: A foundation.
          - id: thorn
            name: Thorn
            description: A tool maker.
      - kind: statistics
        items:
          - id: stat
            figure: "{percent:97}"
            label: of victims
            source: UNICEF
    """)


def test_names_are_literal_unless_the_kit_asks_to_translate_one() -> None:
    kit = load(about=ORGANISATIONS)
    organisations, statistics = kit.parts[0].blocks  # type: ignore[attr-defined]
    scelles, thorn = organisations.items
    assert isinstance(scelles.name, Message) and scelles.name.note == "official French name"
    assert thorn.name == "Thorn"
    assert statistics.items[0].source == "UNICEF"
    texts = {m.text for m in kit.messages}  # type: ignore[attr-defined]
    assert "Scelles Foundation" in texts and not {"Thorn", "UNICEF"} & texts


def test_a_name_mapping_must_ask_for_translation() -> None:
    error = error_of(about=ORGANISATIONS.replace(", translate: true", ""))
    assert error.startswith("content/about.yaml:7: organisation 'scelles': 'name': ")
    assert "translate: true" in error


def test_a_part_repeating_the_kits_own_words_is_translated_from_the_kit_catalog() -> None:
    kit = load(people=PEOPLE.replace("title: Speakers", "title: A kit"))
    repeated = [m for m in kit.messages if m.text == "A kit"]  # type: ignore[attr-defined]
    assert [m.path for m in repeated] == ["content/kit.yaml", "content/people.yaml"]
    assert {domain_of(m) for m in repeated} == {"kit"}


def test_an_empty_name_is_an_error() -> None:
    assert error_of(about=ORGANISATIONS.replace("name: Thorn", 'name: " "')) == \
        "content/about.yaml:10: organisation 'thorn': 'name': empty name"


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


# kit.yaml with its parts one a line, so each part name has a line of its own (line 7 on).
KIT_PARTS = KIT.replace("parts: [people]\n", "parts:\n{parts}")


def config_error(*names: str, **parts: str) -> str:
    files = {"content/kit.yaml": KIT_PARTS.format(parts="".join(f"  - {n}\n" for n in names))}
    files.update({f"content/{name}.yaml": text for name, text in parts.items()})
    with pytest.raises(ContentError) as info:
        load_content(files)
    return str(info.value)


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (("people", "missing"), "content/kit.yaml:8: part 'missing' is listed in kit.yaml but "
                                "content/missing.yaml does not exist"),
        (("people", "labels"), "content/kit.yaml:8: parts: 'labels' cannot name a content file"),
        (("kit", "people"), "content/kit.yaml:7: parts: 'kit' cannot name a content file"),
        (("people", "../../etc/passwd"), "content/kit.yaml:8: parts: '../../etc/passwd' cannot name a content file"),
        (("people", "sub/people"), "content/kit.yaml:8: parts: 'sub/people' cannot name a content file"),
        (("people", "other", "people"), "content/kit.yaml:9: parts: 'people' is listed twice (first on line 7)"),
    ],
)
def test_a_wrong_part_name_is_reported_on_its_line_in_kit_yaml(names: tuple[str, ...], expected: str) -> None:
    other = PEOPLE.replace("id: people", "id: other").replace("herbert", "bob")
    assert config_error(*names, people=PEOPLE, other=other).startswith(expected)


def test_a_colon_in_a_list_item_asks_for_quotes() -> None:
    text = PEOPLE.replace("First paragraph.", "Legal texts: the Palermo Protocol: 2000")
    assert error_of(people=text).startswith(
        "content/people.yaml:10: YAML syntax error: quote this text: it contains ': '")


def test_a_colon_in_a_field_asks_for_quotes() -> None:
    text = PEOPLE.replace("role: Journalist", "role: Director: legal affairs")
    assert error_of(people=text).startswith(
        "content/people.yaml:8: YAML syntax error: quote this text: it contains ': '")


@pytest.mark.parametrize(("start", "char"), [("{number:18119} reports", "{"), ("*Bold* text", "*"),
                                             ("@handle is ours", "@"), ("[Draft] text", "[")])
def test_text_starting_with_a_yaml_indicator_asks_for_quotes(start: str, char: str) -> None:
    text = PEOPLE.replace("First paragraph.", start)
    assert error_of(people=text).startswith(
        f"content/people.yaml:10: YAML syntax error: quote this text: it starts with '{char}'")


def test_a_message_that_is_only_a_token_asks_for_quotes() -> None:
    text = PEOPLE.replace("role: Journalist", "role: {number:3}")
    assert error_of(people=text) == \
        "content/people.yaml:8: speaker 'herbert': 'role': quote this text: it starts with '{'"


def test_tabs_in_indentation_are_named() -> None:
    text = PEOPLE.replace("        bio:\n          - First", "        bio:\n\t  - First")
    assert "indent with spaces, not tabs" in error_of(people=text)


def test_one_paragraph_with_a_note_needs_no_list() -> None:
    text = PEOPLE.replace("        bio:\n          - First paragraph.\n          - >-\n"
                          "            Second paragraph,\n            folded.\n",
                          "        bio:\n          text: One paragraph.\n          note: Keep it short.\n")
    person = load(people=text).parts[0].blocks[0].people[0]  # type: ignore[attr-defined]
    assert [(m.text, m.note) for m in person.bio] == [("One paragraph.", "Keep it short.")]


def test_city_is_optional() -> None:
    files = {"content/kit.yaml": KIT.replace("city: Paris\n", ""), "content/people.yaml": PEOPLE}
    assert load_content(files).config.city is None


def test_a_speaker_may_have_a_role_and_no_biography() -> None:
    text = PEOPLE.replace("        bio:\n          - First paragraph.\n          - >-\n"
                          "            Second paragraph,\n            folded.\n", "")
    person = load(people=text).parts[0].blocks[0].people[0]  # type: ignore[attr-defined]
    assert person.bio == []


LAWS = textwrap.dedent("""\
    id: laws
    title: Laws
    blocks:
      - kind: instruments
        items:
          - id: bill
            name: A bill
            tabled: 2019-03-12
            adopted: 2019-06-04
            in_force: 2020-01-01
            summary: What it does.
    """)


def test_an_instrument_has_typed_stages() -> None:
    bill = load(laws=LAWS).parts[0].blocks[0].items[0]  # type: ignore[attr-defined]
    assert (bill.year, bill.tabled, bill.adopted, bill.in_force) == \
        (None, datetime.date(2019, 3, 12), datetime.date(2019, 6, 4), datetime.date(2020, 1, 1))


def test_an_instrument_needs_a_year_or_a_stage() -> None:
    text = LAWS.replace("        tabled: 2019-03-12\n        adopted: 2019-06-04\n        in_force: 2020-01-01\n", "")
    assert error_of(laws=text) == \
        "content/laws.yaml:6: instrument 'bill': give it a 'year', or the dates of its stages " \
        "('tabled', 'signed', 'adopted', 'in_force')"


def test_a_stage_is_a_date() -> None:
    assert "'in_force': expected a date (YYYY-MM-DD)" in error_of(laws=LAWS.replace("2020-01-01", "2020"))


def test_sponsors_in_any_role() -> None:
    text = KIT + textwrap.dedent("""\
        sponsors:
          - name: Fondation Scelles
          - name: UNESCO
            heading: Under the aegis of
        """)
    sponsors = load_content({"content/kit.yaml": text, "content/people.yaml": PEOPLE}).config.sponsors
    assert [(s.role, s.heading.text if s.heading else None) for s in sponsors] == \
        [("organiser", None), ("organiser", "Under the aegis of")]


def test_a_statistic_corrected_from_its_source_keeps_the_original() -> None:
    text = textwrap.dedent("""\
        id: facts
        title: Facts
        blocks:
          - kind: statistics
            items:
              - id: reports
                figure: "{number:4200}"
                label: reports
                source: A report, 2017
                correction:
                  original: "{number:42000}"
                  note: The report's table 3 gives 4,200; its summary drops a zero.
                  placement: figure
        """)
    stat = load(facts=text).parts[0].blocks[0].items[0]  # type: ignore[attr-defined]
    assert (stat.correction.original.text, stat.correction.placement) == ("{number:42000}", "figure")
    assert "drops a zero" in stat.correction.note.text
