import datetime
import re
import textwrap

import pytest

from kitbuilder.content import load_content, read_part
from kitbuilder.errors import ContentError
from kitbuilder.schema import Message, PeopleBlock

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
