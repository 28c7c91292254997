"""The kit directory: atomic writes, noticing what an author saved, inputs that lead outside the
kit, writing never through a link, a full disk."""

import errno
import os
import shutil
import stat
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kitbuilder.errors import CatalogError, ContentError, TemplateError, WriteError
from kitbuilder.kitdir import (
    available_locales,
    output_folder,
    publish,
    read_content,
    read_locale_catalogs,
    remove_stale_temporaries,
    search_path_of,
    snapshot,
    watch,
    write_if_changed,
)


def test_a_content_file_that_leads_outside_the_kit_is_refused(make_kit: Callable[[str], Path], tmp_path: Path) -> None:
    kit = make_kit("basic")
    outside = tmp_path / "outside.yaml"
    shutil.move(kit / "content/law.yaml", outside)
    (kit / "content/law.yaml").symlink_to(outside)
    with pytest.raises(ContentError, match=r"content/law.yaml: .*leads outside the kit"):
        read_content(kit)


def test_a_catalog_that_leads_to_the_environment_quotes_none_of_it(make_kit: Callable[[str], Path]) -> None:
    kit = make_kit("basic")
    catalog = kit / "locales/fr/LC_MESSAGES/event.po"
    catalog.unlink()
    catalog.symlink_to("/proc/self/environ")
    with pytest.raises(CatalogError) as info:
        read_locale_catalogs(kit, read_content(kit), "fr")
    message = str(info.value)
    assert message.startswith("locales/fr/LC_MESSAGES/event.po: ") and "leads outside the kit" in message
    assert "PATH" not in message and os.environ["HOME"] not in message


def test_a_file_that_is_no_catalog_is_not_quoted(make_kit: Callable[[str], Path]) -> None:
    kit = make_kit("basic")
    catalog = kit / "locales/fr/LC_MESSAGES/event.po"
    catalog.unlink()
    catalog.symlink_to("../../../content/kit.yaml")  # inside the kit, but no catalog
    with pytest.raises(CatalogError) as info:
        read_locale_catalogs(kit, read_content(kit), "fr")
    assert str(info.value) == "locales/fr/LC_MESSAGES/event.po: not a gettext catalog (no msgid in it)"


def test_a_template_that_leads_outside_the_kit_is_refused(make_kit: Callable[[str], Path], tmp_path: Path) -> None:
    kit = make_kit("basic")
    (kit / "templates/latex").mkdir(parents=True)
    (tmp_path / "secret.tex").write_text("secret")
    (kit / "templates/latex/cover.tex").symlink_to(tmp_path / "secret.tex")
    with pytest.raises(TemplateError, match=r"templates/latex/cover.tex: .*leads outside the kit"):
        search_path_of(kit)


def test_no_output_folder_is_reached_through_a_link(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "build/en").mkdir(parents=True)
    (tmp_path / "build/en/.work").symlink_to(elsewhere)
    with pytest.raises(WriteError, match=r"build/en/\.work: is a symbolic link"):
        output_folder(tmp_path / "build", "en", ".work")
    assert list(elsewhere.iterdir()) == []


def test_a_written_file_replaces_a_link_and_never_follows_it(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"keep me")
    (tmp_path / "kit.pdf").symlink_to(victim)
    assert write_if_changed(tmp_path / "kit.pdf", b"keep me")  # the same bytes, but through a link: written
    assert not (tmp_path / "kit.pdf").is_symlink() and (tmp_path / "kit.pdf").read_bytes() == b"keep me"
    (tmp_path / "kit.tex").symlink_to(victim)
    publish({tmp_path / "kit.tex": b"new"})
    assert victim.read_bytes() == b"keep me"
    assert (tmp_path / "kit.tex").read_bytes() == b"new"


def old_outputs(folder: Path) -> dict[Path, bytes]:
    folder.mkdir(exist_ok=True)
    files = {folder / "kit.tex": b"old tex", folder / "kit.log": b"old log", folder / "kit.pdf": b"old pdf"}
    for path, data in files.items():
        path.write_bytes(data)
    return files


def test_a_full_disk_publishes_nothing_leaves_no_temporary_file_and_names_the_path(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = old_outputs(tmp_path)
    real_write = os.write

    def full_disk_at_the_pdf(fd: int, data: bytes | memoryview) -> int:
        if os.readlink(f"/proc/self/fd/{fd}").endswith(".tmp") and bytes(data[:4]) == b"%PDF":
            real_write(fd, data[:3])
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", full_disk_at_the_pdf)
    with pytest.raises(WriteError) as info:
        publish({tmp_path / "kit.tex": b"new tex", tmp_path / "kit.log": b"new log",
                 tmp_path / "kit.pdf": b"%PDF-1.5 new"})
    assert str(info.value) == f"{tmp_path / 'kit.pdf'}: cannot write: No space left on device"
    assert {p: p.read_bytes() for p in tmp_path.iterdir()} == before


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A 64 KiB tmpfs (when this user may mount one): a disk that really fills up."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)], capture_output=True,
                      check=False).returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=True)


def test_a_really_full_disk_publishes_nothing(tiny_disk: Path) -> None:
    before = old_outputs(tiny_disk)
    with pytest.raises(WriteError, match=r"kit\.pdf: cannot write: No space left on device"):
        publish({tiny_disk / "kit.tex": b"new tex", tiny_disk / "kit.log": b"new log",
                 tiny_disk / "kit.pdf": b"%PDF" * 100_000})
    assert {p: p.read_bytes() for p in tiny_disk.iterdir()} == before


def test_write_if_changed_writes_only_new_bytes_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "kit.tex"
    assert write_if_changed(target, b"one")
    mtime = target.stat().st_mtime_ns
    assert not write_if_changed(target, b"one")
    assert target.stat().st_mtime_ns == mtime
    assert write_if_changed(target, b"two")
    assert target.read_bytes() == b"two"
    assert [p.name for p in target.parent.iterdir()] == ["kit.tex"]


def test_written_files_follow_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        write_if_changed(tmp_path / "kit.pdf", b"%PDF")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "kit.pdf").stat().st_mode) == 0o640


def test_the_kit_templates_come_before_kitbuilders(tmp_path: Path) -> None:
    (tmp_path / "templates/latex").mkdir(parents=True)
    path = search_path_of(tmp_path)
    assert path[0] == tmp_path / "templates/latex"
    assert (path[1] / "kit.tex").is_file()


def test_watch_yields_at_once_then_on_each_saved_kit_file(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    po = tmp_path / "content/kit.yaml"
    po.write_text("title: A\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not watched", encoding="utf-8")
    changes = watch(tmp_path, interval=0)
    next(changes)
    assert set(snapshot(tmp_path)) == {po}
    os.utime(po, ns=(0, 1))  # saved again: a new modification time
    next(changes)


def test_temporary_files_of_a_process_that_is_gone_are_removed(tmp_path: Path) -> None:
    gone = subprocess.run(["sh", "-c", "echo $$"], capture_output=True, text=True, check=True).stdout.strip()
    stale = tmp_path / f".kit.pdf.{gone}.140000.tmp"
    live = tmp_path / f".kit.pdf.{os.getpid()}.140000.tmp"  # a build still writing it
    for path in (stale, live, tmp_path / "kit.pdf"):
        path.write_bytes(b"x")
    remove_stale_temporaries(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [live.name, "kit.pdf"]


# --- The kit's locales: the source language is always one ---------------------------------


def test_locales_are_the_catalog_folders(make_kit: Callable[[str], Path]) -> None:
    assert available_locales(make_kit("basic")) == ["en", "fr"]


def test_the_source_language_is_always_built(make_kit: Callable[[str], Path]) -> None:
    """Without a catalog folder of its own (no part is written in another language), English is a locale."""
    kit = make_kit("basic")
    shutil.rmtree(kit / "locales/en")
    assert available_locales(kit) == ["en", "fr"]
    config = kit / "content/kit.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "source_language: fr\n", encoding="utf-8")
    shutil.rmtree(kit / "locales/fr")
    assert available_locales(kit) == ["fr"]


def test_a_kit_may_list_its_locales(make_kit: Callable[[str], Path]) -> None:
    kit = make_kit("basic")
    config = kit / "content/kit.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "locales: [fr, es]\n", encoding="utf-8")
    assert available_locales(kit) == ["en", "fr", "es"]


@pytest.mark.parametrize("text", [
    "locales: [fr, es]\n",
    "locales: ['fr', \"es\"]  # the editions\n",
    "locales:\n  - fr\n  # Spanish next\n  - es\nsource_language: en\n",
    "locales: !!seq [fr, es]\n",  # a form only YAML reads
    "locales: [\n  fr, es]\n",
])
def test_the_listed_locales_are_read_as_yaml_reads_them(make_kit: Callable[[str], Path], text: str) -> None:
    kit = make_kit("basic")
    config = kit / "content/kit.yaml"
    config.write_text(config.read_text(encoding="utf-8") + text, encoding="utf-8")
    assert available_locales(kit) == ["en", "fr", "es"]
