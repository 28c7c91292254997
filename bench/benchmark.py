"""Benchmark kitbuilder on the 2018 kit and on a generated kit ten times larger.

Prints figures; asserts nothing (machines are shared and noisy). Run from the project root:

    .venv/bin/python bench/benchmark.py

For each kit it prints: the cold build of every locale (`kitbuilder build` from an empty
build directory), the bare engine passes on the same generated .tex files run one after
another as a user without kitbuilder would (lualatex until the aux files settle), their
ratio to the slowest locale's bare passes, the no-op rebuild, a one-message edit, and
kitbuilder's own work (load, translate, render) without the engine.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from kitbuilder.build import read_content, render_locale
from kitbuilder.latex import compile_pdf
from kitbuilder.stamps import BuildOptions, available_locales

ROOT = Path(__file__).resolve().parent.parent
KITBUILDER = str(Path(sys.executable).parent / "kitbuilder")


def timed(cmd: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, check=True, capture_output=True)
    return time.perf_counter() - started


def copy_kit(source: Path, target: Path) -> Path:
    for name in ("content", "locales", "templates"):
        if (source / name).is_dir():
            shutil.copytree(source / name, target / name)
    return target


def grow_kit(kit: Path, factor: int) -> None:
    """Repeat the speakers and the law's articles ``factor`` times (ids and numbers kept unique).

    The repeated messages are identical, so the existing catalogs still translate them.
    """
    speakers = kit / "content/speakers.yaml"
    data = yaml.safe_load(speakers.read_text(encoding="utf-8"))
    people = data["blocks"][0]["people"]
    data["blocks"][0]["people"] = [
        {**person, "id": f"{person['id']}-{copy}", "moderator": person.get("moderator", False) and copy == 0}
        for copy in range(factor) for person in people
    ]
    speakers.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    articles = kit / "content/articles.yaml"
    data = yaml.safe_load(articles.read_text(encoding="utf-8"))
    items = data["blocks"][0]["items"]
    data["blocks"][0]["items"] = [
        {**item, "id": f"{item['id']}-{copy}", "number": item["number"] + copy * len(items)}
        for copy in range(factor) for item in items
    ]
    articles.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def bare_engine(kit: Path, locale: str, scratch: Path) -> float:
    """lualatex on kitbuilder's .tex in a fresh directory, re-run until the aux files settle."""
    work = scratch / f"bare-{locale}"
    work.mkdir()
    shutil.copy(kit / "build" / locale / "kit.tex", work / "kit.tex")
    started = time.perf_counter()
    compile_pdf(work / "kit.tex", source_date_epoch=0)
    return time.perf_counter() - started


def own_work(kit: Path, locales: list[str]) -> float:
    """kitbuilder's own share: load the content, translate and render every locale, no engine."""
    started = time.perf_counter()
    content = read_content(kit)
    for locale in locales:
        render_locale(kit, content, locale, BuildOptions())
    return time.perf_counter() - started


def edit_one_french_message(kit: Path) -> None:
    """A translator's typical fix: one word of one message (an edit that moves pages takes more passes)."""
    po = kit / "locales/fr/LC_MESSAGES/speakers.po"
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace("Journaliste chevronné", "Journaliste aguerri", 1), encoding="utf-8")


def measure(label: str, kit: Path, scratch: Path) -> None:
    locales = available_locales(kit)
    cold = timed([KITBUILDER, "build", "--kit", str(kit)], kit)
    bare = {locale: bare_engine(kit, locale, scratch) for locale in locales}
    noop = min(timed([KITBUILDER, "build", "--kit", str(kit)], kit) for _ in range(3))
    edit_one_french_message(kit)
    started = time.perf_counter()
    out = subprocess.run([KITBUILDER, "build", "--kit", str(kit), "--json"], cwd=kit, capture_output=True,
                         text=True, check=True).stdout
    edit = time.perf_counter() - started
    rebuilt = {r["locale"]: r["passes"] for r in json.loads(out)["locales"] if not r["up_to_date"]}
    own = own_work(kit, locales)
    pages = {locale: subprocess.run(["pdfinfo", str(kit / "build" / locale / "kit.pdf")], capture_output=True,
                                    text=True, check=True).stdout.split("Pages:")[1].split()[0]
             for locale in locales}
    slowest = max(bare.values())
    print(f"== {label} ({', '.join(f'{loc}: {pages[loc]} pages' for loc in locales)})")
    print(f"cold build, all locales:              {cold:6.2f} s")
    for locale, seconds in bare.items():
        print(f"bare engine passes, {locale}:             {seconds:6.2f} s")
    print(f"bare engine passes, one after another: {sum(bare.values()):6.2f} s")
    print(f"ratio cold build / slowest locale:     {cold / slowest:6.2f}")
    print(f"no-op rebuild (best of 3):             {noop:6.2f} s")
    print(f"one French message edited:             {edit:6.2f} s (rebuilt, with engine passes: {rebuilt})")
    print(f"kitbuilder's own work, all locales:    {own:6.2f} s (load, translate, render; no engine)")
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--factor", type=int, default=10, help="how much larger the generated kit is")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        measure("2018 kit", copy_kit(ROOT, scratch / "kit"), scratch)
        big = copy_kit(ROOT, scratch / "big")
        grow_kit(big, args.factor)
        (scratch / "big-bare").mkdir()
        measure(f"generated kit, {args.factor} x speakers and articles", big, scratch / "big-bare")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak memory of one engine run: {peak:.0f} MiB")


if __name__ == "__main__":
    main()
