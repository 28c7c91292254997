"""The translators' commands on fixture kits: extract, update, init; real .po files checked by GNU gettext."""

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po
from conftest import ROOTS, replace_in

from kitbuilder import workflow
from kitbuilder.build import build_edition, render_locale
from kitbuilder.edition import Edition
from kitbuilder.errors import CatalogError, ConfigError, ContentError
from kitbuilder.kitdir import read_content
from kitbuilder.latex import fonts
from kitbuilder.latex.fonts import Font, ScriptFonts
from kitbuilder.stamps import BuildOptions


def gettext_accepts(path: Path) -> None:
    """msgfmt --check accepts the file and msgcat leaves it byte for byte as it is."""
    subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], check=True, capture_output=True)
    assert subprocess.run(["msgcat", str(path)], capture_output=True, text=True, check=True).stdout == \
        path.read_text(encoding="utf-8"), f"msgcat would rewrite {path}"


def test_extract_is_deterministic_and_canonical(make_kit: Callable[[str], Path]) -> None:
    kit = make_kit("basic")
    for pot in (kit / "locales").glob("*.pot"):
        pot.unlink()
    assert len(workflow.extract(kit)) == 5
    before = {p: p.read_bytes() for p in (kit / "locales").glob("*.pot")}
    assert workflow.extract(kit) == []  # nothing changed, nothing written
    assert {p: p.read_bytes() for p in before} == before
    for pot in before:
        gettext_accepts(pot)
    speakers = (kit / "locales/speakers.pot").read_text(encoding="utf-8")
    assert "#. Speakers - Bob Herbert - bio, paragraph 2\n#: content/speakers.yaml:12\n" in speakers
    labels = (kit / "locales/labels.pot").read_text(encoding="utf-8")
    assert "#: templates/latex/blocks/people.tex:" in labels


def test_update_keeps_translations_and_marks_changed_sources_fuzzy(make_kit: Callable[[str], Path]) -> None:
    kit = make_kit("basic")
    speakers = kit / "content/speakers.yaml"
    text = speakers.read_text(encoding="utf-8")
    speakers.write_text(text.replace("He has won numerous awards.", "He has won numerous awards and prizes.")
                        .replace("role: CEO, Thomson Reuters Foundation", "role: Chief executive"), encoding="utf-8")
    changed = workflow.update(kit).changed
    po = kit / "locales/fr/LC_MESSAGES/speakers.po"
    assert po in changed
    gettext_accepts(po)
    body = po.read_text(encoding="utf-8")
    assert ('#, fuzzy\n#| msgid "He has won numerous awards."\nmsgid "He has won numerous awards and prizes."\n'
            'msgstr "Il a reçu de nombreux prix."') in body
    assert '#~ msgid "CEO, Thomson Reuters Foundation"' in body
    assert 'msgstr "Journaliste chevronné"' in body  # untouched translation kept
    assert workflow.update(kit).changed == []  # a second run changes nothing


@pytest.mark.latex
def test_init_starts_a_language_that_builds(make_kit: Callable[[str], Path]) -> None:
    kit = make_kit("basic")
    created = workflow.init(kit, "es")
    assert {p.name for p in created} == {"event.po", "kit.po", "labels.po", "speakers.po", "law.po"}
    for po in created:
        gettext_accepts(po)
        with po.open("rb") as f:
            catalog = read_po(f)
        assert str(catalog.locale) == "es"
        headers = dict(catalog.mime_headers)
        # Spanish's rule as the installed CLDR data has it (CLDR 46 added a form for millions).
        assert headers["Plural-Forms"] == Catalog(locale="es").plural_forms
        assert headers["Content-Type"] == "text/plain; charset=utf-8"
    report = build_edition(kit, read_content(kit), Edition.parse("es"), kit / "build")
    assert report.fallbacks["untranslated"] > 0
    assert report.completion == 0.0
    with pytest.raises(ConfigError, match="already has catalogs"):
        workflow.init(kit, "es")


def test_pybabel_extractor_finds_the_same_messages(make_kit: Callable[[str], Path], tmp_path: Path) -> None:
    kit = make_kit("basic")
    mapping = tmp_path / "babel.cfg"
    mapping.write_text("[kitbuilder_yaml: content/speakers.yaml]\n", encoding="utf-8")
    out = tmp_path / "speakers.pot"
    subprocess.run([str(Path(sys.executable).parent / "pybabel"), "extract", "-F", str(mapping), "-o", str(out),
                    "."], cwd=kit, check=True, capture_output=True)
    with out.open("rb") as f:
        ours = {m.id for m in read_po(f) if m.id}
    with (kit / "locales/speakers.pot").open("rb") as f:
        expected = {m.id for m in read_po(f) if m.id}
    assert ours == expected


# --- Living with msgmerge, Weblate (translate-toolkit) and Poedit ------------------------------


def msgmerge_u(po: Path, pot: Path) -> None:
    subprocess.run(["msgmerge", "--quiet", "--previous", "--backup=none", "-U", str(po), str(pot)], check=True)


def test_restoring_a_removed_paragraph_brings_its_translation_back(make_kit: Callable[[str], Path]) -> None:
    kit = make_kit("basic")
    speakers = kit / "content/speakers.yaml"
    text = speakers.read_text(encoding="utf-8")
    speakers.write_text(text.replace("          - He has won numerous awards.\n", ""), encoding="utf-8")
    workflow.update(kit)
    po = kit / "locales/fr/LC_MESSAGES/speakers.po"
    assert '#~ msgid "He has won numerous awards."' in po.read_text(encoding="utf-8")
    speakers.write_text(text, encoding="utf-8")
    workflow.update(kit)
    body = po.read_text(encoding="utf-8")
    assert 'msgid "He has won numerous awards."\nmsgstr "Il a reçu de nombreux prix."' in body
    assert "#~" not in body
    gettext_accepts(po)


def test_update_and_msgmerge_agree(make_kit: Callable[[str], Path]) -> None:
    """msgmerge -U leaves update's output as it is, and update leaves msgmerge's as it is."""
    kit = make_kit("basic")
    speakers = kit / "content/speakers.yaml"
    replace_in(speakers, "numerous awards.", "numerous prizes.")
    workflow.update(kit)
    catalogs = sorted((kit / "locales").glob("*/LC_MESSAGES/*.po"))
    written = {po: po.read_bytes() for po in catalogs}
    for po in catalogs:
        msgmerge_u(po, kit / "locales" / f"{po.stem}.pot")
        assert po.read_bytes() == written[po], f"msgmerge -U rewrites {po.relative_to(kit)}"
    # And the other way round: the translator merged by hand after the content changed again.
    replace_in(speakers, "numerous prizes.", "many prizes.")
    workflow.extract(kit)
    po = kit / "locales/fr/LC_MESSAGES/speakers.po"
    msgmerge_u(po, kit / "locales/speakers.pot")
    merged = po.read_bytes()
    assert workflow.update(kit).changed == []
    assert po.read_bytes() == merged


def test_update_keeps_what_weblate_writes(make_kit: Callable[[str], Path]) -> None:
    """A catalog saved by translate-toolkit (Weblate's PO writer): update changes none of its bytes."""
    kit = make_kit("basic")
    po = kit / "locales/fr/LC_MESSAGES/speakers.po"
    saved = (ROOTS / "saved/speakers-weblate.po").read_bytes()
    assert b"X-Generator: Weblate" in saved
    po.write_bytes(saved)
    assert po not in workflow.update(kit).changed
    assert po.read_bytes() == saved


def test_new_catalogs_pass_msgfmt_check_without_a_warning(make_kit: Callable[[str], Path]) -> None:
    kit = make_kit("basic")
    for po in (p for p in workflow.init(kit, "es") if p.suffix == ".po"):
        proc = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po)], capture_output=True, text=True)
        assert (proc.returncode, proc.stderr) == (0, ""), po.name
        with po.open("rb") as f:
            headers = dict(read_po(f).mime_headers)
        assert headers["Language"] == "es" and headers["PO-Revision-Date"]


def test_update_names_stale_catalogs_and_prune_removes_them(make_kit: Callable[[str], Path]) -> None:
    kit = make_kit("basic")
    config = kit / "content/kit.yaml"
    replace_in(config, "parts: [event, speakers, law]", "parts: [event, law]")
    (kit / "content/speakers.yaml").unlink()
    stale = [kit / "locales/fr/LC_MESSAGES/speakers.po", kit / "locales/speakers.pot"]
    result = workflow.update(kit)
    assert sorted(result.stale) == sorted(stale)
    assert all(p.exists() for p in stale)
    result = workflow.update(kit, prune=True)
    assert sorted(result.removed) == sorted(stale)
    assert not any(p.exists() for p in stale)
    assert workflow.update(kit).stale == []


def test_update_no_obsolete_drops_obsolete_entries(make_kit: Callable[[str], Path]) -> None:
    kit = make_kit("basic")
    speakers = kit / "content/speakers.yaml"
    text = speakers.read_text(encoding="utf-8")
    speakers.write_text(text.replace("role: CEO, Thomson Reuters Foundation", "role: Chief executive"),
                        encoding="utf-8")
    workflow.update(kit)
    po = kit / "locales/fr/LC_MESSAGES/speakers.po"
    assert "#~ " in po.read_text(encoding="utf-8")
    assert po in workflow.update(kit, obsolete=False).changed
    assert "#~ " not in po.read_text(encoding="utf-8")
    gettext_accepts(po)


def test_update_check_writes_nothing_and_names_what_is_not_current(make_kit: Callable[[str], Path]) -> None:
    kit = make_kit("basic")
    workflow.update(kit)
    assert workflow.update(kit, check=True).changed == []
    speakers = kit / "content/speakers.yaml"
    replace_in(speakers, "role: Veteran journalist", "role: Journalist")
    before = {p: p.read_bytes() for p in (kit / "locales").rglob("*.po*")}
    result = workflow.update(kit, check=True)
    assert sorted(result.changed) == [kit / "locales/fr/LC_MESSAGES/speakers.po", kit / "locales/speakers.pot"]
    assert {p: p.read_bytes() for p in (kit / "locales").rglob("*.po*")} == before


def test_templates_ask_only_for_what_needs_translating(make_kit: Callable[[str], Path]) -> None:
    """Typed values alone and literal names are not extracted; the kit's title is asked for once."""
    kit = make_kit("basic")
    event = kit / "content/event.yaml"
    replace_in(event, "  - kind: facts\n", "  - kind: facts\n    headline: Test Colloquium\n")
    workflow.update(kit)
    with (kit / "locales/event.pot").open("rb") as f:
        event_ids = {m.id for m in read_po(f) if m.id}
    assert not {"{percent:97}", "{number:2000000|compact}", "UNODC", "UNICEF", "Test Colloquium"} & event_ids
    with (kit / "locales/kit.pot").open("rb") as f:
        title = read_po(f)["Test Colloquium"]
    assert [path for path, _line in title.locations] == ["content/kit.yaml", "content/event.yaml"]
    rendered = render_locale(kit, read_content(kit), "fr", BuildOptions(strict=True))
    assert rendered.translator.fallbacks == []
    assert rendered.tex.count("Colloque de test") >= 2  # on the cover and in the headline


def test_update_starts_the_catalogs_of_a_locale_kit_yaml_lists(make_kit: Callable[[str], Path]) -> None:
    kit = make_kit("basic")
    config = kit / "content/kit.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "locales: [en, fr, es]\n", encoding="utf-8")
    changed = workflow.update(kit).changed
    assert kit / "locales/es/LC_MESSAGES/speakers.po" in changed
    assert read_content(kit).config.locales == ["en", "fr", "es"]


def test_a_listed_locale_must_be_a_locale_code(make_kit: Callable[[str], Path]) -> None:
    kit = make_kit("basic")
    config = kit / "content/kit.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "locales: [en, French]\n", encoding="utf-8")
    with pytest.raises(ContentError, match=r"locales: 'French' is not a locale code"):
        read_content(kit)


def test_a_locale_dropped_from_kit_yaml_leaves_stale_catalogs(make_kit: Callable[[str], Path]) -> None:
    kit = make_kit("basic")
    config = kit / "content/kit.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "locales: [en, fr, es]\n", encoding="utf-8")
    workflow.update(kit)
    replace_in(config, "[en, fr, es]", "[en, fr]")
    result = workflow.update(kit)
    assert result.changed == []
    assert result.stale == sorted((kit / "locales/es/LC_MESSAGES").glob("*.po")) != []
    assert workflow.update(kit, ["fr"]).stale == []  # only French looked at


def test_update_keeps_what_escapes_mean_and_loses_nothing(make_kit: Callable[[str], Path]) -> None:
    """Issue 17, items 2 and 5: \\134 is a backslash; a duplicate or a NUL stops update with its line."""
    kit = make_kit("basic")
    po = kit / "locales/fr/LC_MESSAGES/speakers.po"
    original = po.read_text(encoding="utf-8")
    source = 'msgstr "Journaliste chevronné"'
    assert source in original
    line = original[: original.index(source)].count("\n")  # the entry's msgid line
    po.write_text(original.replace(source, r'msgstr "Journaliste \134 chevronné"'), encoding="utf-8")
    workflow.update(kit)
    assert r'msgstr "Journaliste \\ chevronné"' in po.read_text(encoding="utf-8")  # the same text, as msgcat writes it
    for broken, message in [(r'msgstr "Journaliste\000 chevronné"', f"speakers.po:{line}: .*NUL"),
                            (source + '\n\nmsgid "Veteran journalist"\nmsgstr "Journaliste"', "duplicate message")]:
        po.write_text(original.replace(source, broken), encoding="utf-8")
        with pytest.raises(CatalogError, match=message):
            workflow.update(kit)
        assert po.read_text(encoding="utf-8") == original.replace(source, broken)  # nothing lost


def test_a_language_this_machine_cannot_set_is_refused_alike_by_init_update_and_build(
        make_kit: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """Russian with its fonts missing: init, update and build all refuse it, naming the package to
    install, and write nothing (no catalogs a build would then fail on)."""
    missing = ScriptFonts(Font("No Such Serif", "fonts-example-serif"), Font("No Such Sans", "fonts-example-sans"))
    monkeypatch.setitem(fonts.FONTS_BY_SCRIPT, "Cyrl", missing)
    kit = make_kit("basic")
    message = r"cannot typeset 'ru'.*the font No Such Serif.*apt-get install fonts-example-serif fonts-example-sans"
    with pytest.raises(ConfigError, match=message):
        workflow.init(kit, "ru")
    assert not (kit / "locales/ru").exists()
    (kit / "locales/ru/LC_MESSAGES").mkdir(parents=True)  # as a user would, by hand
    with pytest.raises(ConfigError, match=message):
        workflow.update(kit, ["ru"])
    assert not list((kit / "locales/ru/LC_MESSAGES").iterdir())
    with pytest.raises(ConfigError, match=message):
        build_edition(kit, read_content(kit), Edition.parse("ru"), kit / "build")
