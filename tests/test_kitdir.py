"""The kit directory: atomic writes, and noticing what an author saved."""

import os
import stat
from pathlib import Path

from kitbuilder.kitdir import search_path_of, snapshot, watch, write_if_changed


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
