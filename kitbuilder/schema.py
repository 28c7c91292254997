"""The content schema, declared once: every field, its type, and whether it is translated.

``content.py`` validates YAML against these dataclasses by reading their type hints,
``extract.py`` walks them for translatable ``Message`` fields, and ``schemadoc.py``
documents them, so the three can never disagree.

Field types:
- ``Message``: translatable text (a YAML string, or a mapping with ``text`` and optional
  ``context`` and ``note`` for translators). It may hold typed values as inline tokens,
  such as ``{number:18119}`` or ``{date:2018-03-14}`` (see ``formatting.py``).
- ``list[Message]``: paragraphs, one message each.
- ``str``: literal text printed as it is in every language (names, addresses, URLs).
- ``Name``: a proper name, literal unless written as a message with ``translate: true``.
- ``int``, ``float``, ``bool``, ``datetime.date``: typed data, formatted per locale.
- a dataclass, a list of them, or ``Block`` (a dataclass chosen by its ``kind`` key).
"""

from __future__ import annotations

import dataclasses
import datetime
import typing
from dataclasses import dataclass, field
from typing import Any, Literal


def doc(text: str, **kwargs: Any) -> Any:
    """A dataclass field with its documentation, for the generated schema reference."""
    return field(metadata={"doc": text}, **kwargs)


# The longest message (a paragraph) that content or a catalog may hold, in characters. Even
# escaped at its worst (about 18 bytes of LaTeX a character) it stays within a line of TeX's
# input buffer; a longer one is a mistake, or an attack, and is refused where it is read.
MAX_MESSAGE_LENGTH = 10_000


@dataclass(frozen=True)
class Message:
    """A translatable text, with where it came from so errors and catalogs can point at it."""

    text: str
    path: str = ""
    line: int = 0
    context: str | None = None
    note: str | None = None
    source_language: str = "en"
    # Where the text appears in the kit, in words, for the translator's ``#.`` comment.
    where: str = ""
    # The catalog it is translated in, when not its own file's (see ``localize.domain_of``).
    domain: str = ""

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.context, self.text)


# A proper name (a person, an organisation, a tool, a source): the same in every language, so
# printed as written and never asked of translators, unless the kit writes it as a message
# with ``translate: true`` (an organisation with an official name in each language).
Name = str | Message


# --- Blocks: the kinds of content a part is made of -------------------------------------


@dataclass(kw_only=True)
class Layout:
    """Page layout options every block takes, for the rare case the templates' rules do not
    catch (headings already keep with what follows; groups stay with their headings)."""

    keep_together: bool = doc("Keep the whole block on one page (if it fits on one).", default=False)
    break_before: bool = doc("Start the block on a new page.", default=False)



@dataclass
class TextBlock(Layout):
    """Paragraphs of running text, with an optional heading."""

    kind: Literal["text"]
    paragraphs: list[Message] = doc("The paragraphs, one message each.")
    title: Message | None = doc("A heading above the paragraphs.", default=None)
    intro: bool = doc("Set the first paragraph as a lead, larger than the rest.", default=False)


@dataclass
class ListBlock(Layout):
    """A bulleted list, with an optional heading and lead-in paragraphs."""

    kind: Literal["list"]
    items: list[Message] = doc("The items, one message each.")
    title: Message | None = doc("A heading above the list.", default=None)
    intro: list[Message] = doc("Paragraphs before the list.", default_factory=list)
    outro: list[Message] = doc("Paragraphs after the list.", default_factory=list)


@dataclass
class Fact:
    """One labelled fact of an event: what, who, when, where, why."""

    label: Message = doc("The label, such as 'When'.")
    text: list[Message] = doc("What the label says, in paragraphs.")


@dataclass
class FactsBlock(Layout):
    """Labelled facts set as a grid (the event's what, who, when, where, why)."""

    kind: Literal["facts"]
    items: list[Fact] = doc("The facts, in order.")
    title: Message | None = doc("A heading above the facts.", default=None)
    headline: list[Message] = doc("Lines set large above the facts.", default_factory=list)


@dataclass
class Person:
    """A speaker or moderator."""

    id: str = doc("A unique identifier (letters, digits, hyphens).")
    name: str = doc("The person's name, printed as it is in every language.")
    role: Message = doc("The role line under the name.")
    bio: list[Message] = doc("The biography, in paragraphs (none for a role line alone).", default_factory=list)
    moderator: bool = doc("Marks the moderator of the event.", default=False)


@dataclass
class PeopleBlock(Layout):
    """Speakers and moderators, one block per person."""

    kind: Literal["people"]
    people: list[Person] = doc("The people, in order; the moderator is marked as such.")
    title: Message | None = doc("A heading above the people.", default=None)


@dataclass
class Correction:
    """A figure the kit corrects from its source: what the source printed, and why it differs."""

    original: Message = doc("The figure as the source prints it, with its numbers as tokens.")
    note: Message = doc("Why the kit's figure differs from the source's.")
    placement: Literal["figure", "source"] = doc(
        "Where it prints: under the figure, or after the source line.", default="source")


@dataclass
class Statistic:
    """A statistic call-out: a figure, what it measures, and its source."""

    id: str = doc("A unique identifier.")
    figure: Message = doc("The figure, with its numbers as tokens: '{percent:97}'.")
    label: Message = doc("What the figure measures.")
    source: Name = doc("Where the figure comes from (a name); always printed.")
    note: Message | None = doc("A footnote to the figure.", default=None)
    correction: Correction | None = doc("The source's own figure, where the kit corrects it.", default=None)


@dataclass
class StatisticsBlock(Layout):
    """A band of statistic call-outs."""

    kind: Literal["statistics"]
    items: list[Statistic] = doc("The call-outs.")
    title: Message | None = doc("A heading above the call-outs.", default=None)


@dataclass
class Bar:
    """One bar of a bar chart."""

    label: Message = doc("The bar's label.")
    value: float = doc("The bar's value, in the chart's unit.")


@dataclass
class ChartBlock(Layout):
    """A small bar chart drawn from the content's own numbers."""

    kind: Literal["chart"]
    id: str = doc("A unique identifier.")
    title: Message = doc("What the chart shows.")
    bars: list[Bar] = doc("The bars, in order.")
    source: Name = doc("Where the numbers come from (a name).")
    unit: Literal["percent", "number"] = doc("How values are printed.", default="percent")


@dataclass
class Instrument:
    """A legal instrument: a convention, protocol, directive, resolution or act.

    Give its ``year``, or the dates of its stages, printed in the order they happened (the
    year printed is then the year it was adopted, else signed, tabled or came into force).
    """

    id: str = doc("A unique identifier.")
    name: Message = doc("The instrument's name.")
    summary: list[Message] = doc("What it does, in paragraphs.")
    year: int | None = doc("The year it was adopted, where its stages' dates are not given.", default=None)
    tabled: datetime.date | None = doc("When it was tabled (a bill introduced, a draft submitted).", default=None)
    signed: datetime.date | None = doc("When it was signed or opened for signature.", default=None)
    adopted: datetime.date | None = doc("When it was adopted or passed.", default=None)
    in_force: datetime.date | None = doc("When it entered, or enters, into force.", default=None)


@dataclass
class InstrumentsBlock(Layout):
    """A list of legal instruments, each with its year."""

    kind: Literal["instruments"]
    items: list[Instrument] = doc("The instruments, in order.")
    title: Message | None = doc("A heading above the instruments.", default=None)


@dataclass
class Entry:
    """A named entry: a tool, an area of action, a theme."""

    id: str = doc("A unique identifier.")
    text: list[Message] = doc("The description, in paragraphs.", default_factory=list)
    name: str | None = doc("A proper name, printed as it is (give name or title).", default=None)
    title: Message | None = doc("A translated title (give name or title).", default=None)
    url: str | None = doc("A web address for the entry.", default=None)
    items: list[Message] = doc("Bulleted points after the description.", default_factory=list)


@dataclass
class EntriesBlock(Layout):
    """Named entries, each a title and a description."""

    kind: Literal["entries"]
    items: list[Entry] = doc("The entries, in order.")
    title: Message | None = doc("A heading above the entries.", default=None)
    intro: list[Message] = doc("Paragraphs before the entries.", default_factory=list)
    numbered: bool = doc("Number the entries.", default=False)


@dataclass
class Organisation:
    """An organisation with its contact details."""

    id: str = doc("A unique identifier.")
    name: Name = doc("The organisation's name (marked for translation where it has an official form).")
    description: list[Message] = doc("What it does, in paragraphs.")
    address: list[str] = doc("Postal address lines.", default_factory=list)
    phone: str | None = doc("Telephone number.", default=None)
    email: str | None = doc("E-mail address.", default=None)
    web: str | None = doc("Web address.", default=None)
    social: list[str] = doc("Social media handles.", default_factory=list)


@dataclass
class OrganisationsBlock(Layout):
    """Organisations, each with contact details and a description."""

    kind: Literal["organisations"]
    items: list[Organisation] = doc("The organisations.")
    title: Message | None = doc("A heading above the organisations.", default=None)


@dataclass
class SpeechBlock(Layout):
    """A speech, set as a speech."""

    kind: Literal["speech"]
    id: str = doc("A unique identifier.")
    title: Message = doc("The speech's title.")
    speaker: str = doc("Who gave it, printed as it is.")
    paragraphs: list[Message] = doc("The speech, in paragraphs.")
    role: Message | None = doc("The speaker's role.", default=None)
    date: datetime.date | None = doc("When it was given.", default=None)


@dataclass
class Change:
    """What a law article does to a code or another law."""

    action: Literal["creates", "amends", "repeals", "inserts"] = doc("What the article does.")
    code: Message = doc("The code or law changed, by its official name.")
    articles: list[str] = doc("The articles of that code, as cited ('L. 121-9').", default_factory=list)


@dataclass
class Article:
    """An article of a law."""

    id: str = doc("A unique identifier.")
    number: int = doc("The article's number in the law.")
    description: list[Message] = doc("What the article does, in paragraphs.")
    changes: list[Change] = doc("The codes and articles it creates or amends.", default_factory=list)


@dataclass
class ArticlesBlock(Layout):
    """A law, article by article, set as a long table."""

    kind: Literal["articles"]
    id: str = doc("A unique identifier, cited by a measures block.")
    law: Message = doc("The law's official title.")
    items: list[Article] = doc("The articles, in order.")
    intro: list[Message] = doc("Paragraphs before the table.", default_factory=list)


@dataclass
class Measure:
    """A measure of a law, citing the articles that enact it."""

    id: str = doc("A unique identifier.")
    number: int = doc("The measure's number.")
    title: Message = doc("The measure in a few words.")
    articles: list[int] = doc("Numbers of the articles that enact it.")
    text: list[Message] = doc("What the measure does, in paragraphs.", default_factory=list)


@dataclass
class Pillar:
    """A group of measures."""

    id: str = doc("A unique identifier.")
    title: Message = doc("The pillar's title.")
    measures: list[Measure] = doc("The measures in it.")


@dataclass
class MeasuresBlock(Layout):
    """Measures grouped in pillars, each citing articles of a law."""

    kind: Literal["measures"]
    law: str = doc("The id of the articles block whose articles the measures cite.")
    pillars: list[Pillar] = doc("The pillars, in order.")
    intro: list[Message] = doc("Paragraphs before the grid.", default_factory=list)


@dataclass
class Column:
    """One column of a side-by-side comparison."""

    title: Message = doc("The column's heading.")
    blocks: list[Block] = doc("What the column holds.")


@dataclass
class ColumnsBlock(Layout):
    """Two or more columns side by side, to compare."""

    kind: Literal["columns"]
    columns: list[Column] = doc("The columns, left to right.")
    title: Message | None = doc("A heading above the columns.", default=None)


Block = (
    TextBlock
    | ListBlock
    | FactsBlock
    | PeopleBlock
    | StatisticsBlock
    | ChartBlock
    | InstrumentsBlock
    | EntriesBlock
    | OrganisationsBlock
    | SpeechBlock
    | ArticlesBlock
    | MeasuresBlock
    | ColumnsBlock
)


# --- Parts and the kit ------------------------------------------------------------------


@dataclass
class Part:
    """A part of the kit: one content file, one chapter with an entry in the contents."""

    id: str = doc("A unique identifier.")
    title: Message = doc("The part's title, in the contents and the running header.")
    blocks: list[Block] = doc("What the part holds, in order.")
    short_title: Message | None = doc("A shorter title for the running header, where the title is long "
                                      "(a title too long for the header is shortened with an ellipsis).",
                                      default=None)
    source_language: str = doc("The language the file is written in (default: the kit's).", default="")
    annex: bool = doc("Numbered as an annex rather than a part.", default=False)
    page_break: bool = doc("Start the part on a new page.", default=True)


@dataclass
class Sponsor:
    """An organisation named on the cover."""

    name: Name = doc("The organisation's name (marked for translation where it has an official form).")
    role: Literal["organiser", "host"] = doc("Its role in the event.", default="organiser")
    heading: Message | None = doc(
        "The words above it on the cover for any other role ('Under the aegis of', 'With the support "
        "of'), in place of its role's; sponsors with the same heading are listed under it together.",
        default=None)


@dataclass
class KitConfig:
    """The kit as a whole: ``content/kit.yaml``."""

    title: Message = doc("The event's title, on the cover and in the PDF metadata.")
    subtitle: Message = doc("The line under the title.")
    kind: Message = doc("What the document is, such as 'Participant kit'.")
    date: datetime.date = doc("The date of the event.")
    parts: list[str] = doc("The content files that make the kit, in order (without '.yaml').")
    city: Message | None = doc("Where the event takes place, on the cover and the side tab.", default=None)
    short_title: Message | None = doc("A shorter title for the running head, where the title is long in a "
                                      "language (a title too long for it is shortened with an ellipsis).",
                                      default=None)
    sponsors: list[Sponsor] = doc("Organisers, hosts and other sponsors, on the cover.", default_factory=list)
    author: str = doc("The PDF's author field.", default="")
    source_language: str = doc("The language content is written in, unless a file says otherwise.", default="en")
    locales: list[str] = doc("The locales to build (the source language always is); by default, every "
                             "locale with a folder under locales/.", default_factory=list)
    paper: Literal["a4", "letter"] = doc("The paper size.", default="a4")
    contents: bool = doc("Print a table of contents after the cover.", default=True)


@dataclass
class Kit:
    """A loaded kit: its configuration and its parts, in order, and every translatable
    message in document order (collected once by the loader)."""

    config: KitConfig
    parts: list[Part]
    messages: list[Message] = field(default_factory=list)


_FIELD_TYPES: dict[type[Any], dict[str, Any]] = {}


def field_types(cls: type[Any]) -> dict[str, Any]:
    """The fields of a schema class and their types, resolved once (resolving is costly)."""
    if cls not in _FIELD_TYPES:
        _FIELD_TYPES[cls] = typing.get_type_hints(cls, globals())
    return _FIELD_TYPES[cls]


_FIELD_NAMES: dict[type[Any], tuple[str, ...]] = {}


def field_names(obj: Any) -> tuple[str, ...]:
    """The field names of a schema instance, in order, listed once per class (``fields()`` is
    slow enough to show when the whole kit is walked for every locale)."""
    names = _FIELD_NAMES.get(type(obj))
    if names is None:
        names = _FIELD_NAMES[type(obj)] = tuple(f.name for f in dataclasses.fields(obj))
    return names
