"""Benchmark kitbuilder on the 2018 kit and on a generated kit ten times larger.

Prints figures; asserts nothing (machines are shared and noisy). Run from the project root:

    .venv/bin/python bench/benchmark.py

For each kit it prints: the cold build of every locale (`kitbuilder build` from an empty
build directory); the bare engine passes on the same generated .tex files, as a user
without kitbuilder would run them (lualatex until the aux files settle), each locale alone,
one after another, and all locales side by side (as `make -j` would run them); the ratio
of the cold build to the slowest locale alone (the goal) and to the side-by-side passes
(what kitbuilder adds beyond the machine's own cost of running engines in parallel); the
no-op rebuild, a one-message edit, and kitbuilder's own work (load, translate, render)
without the engine. For the 2018 kit, the same text built by Sphinx with gettext catalogs
(bench/sphinx_kit.py: sphinx-build's LaTeX builder and latexmk on LuaLaTeX), its languages
one after another as its documentation does, and side by side; it needs `pip install
sphinx` and latexmk (`make bench` installs both). Last, how each figure grows from the
2018 kit to the larger one.

`--proof` times the proof check alone instead: for each edition of the 2018 kit, one
engine pass with the check's callbacks against the same pass without them (proof.lua
with its callbacks and its facts file taken out), alternately, plus the Python that reads
the facts (and poppler for the chart pages); it prints what the check adds to a pass. Then
one more pass times the check's callbacks from inside the engine (os.clock), a figure the
machine's noise hardly moves.
These are processor times (user + system, the engine's and poppler's included), which
other work on a shared machine does not stretch as it does the clock.

Cold builds and bare passes are timed in rounds (--rounds), in the opposite order every
other round so that the machine's drift weighs on both sides; each ratio is taken within
a round, and medians are printed with their range.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sphinx_kit
import yaml

from kitbuilder.build import proofread, render_locale
from kitbuilder.kitdir import available_locales, read_content
from kitbuilder.latex import AUX_SUFFIXES
from kitbuilder.latex.facts import PROOF_LUA
from kitbuilder.stamps import BuildOptions

ROOT = Path(__file__).resolve().parent.parent
KITBUILDER = str(Path(sys.executable).parent / "kitbuilder")


def timed(cmd: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, check=True, capture_output=True)
    return time.perf_counter() - started


def cpu_timed(cmd: list[str], cwd: Path) -> float:
    """The processor time (user and system) a command took: steadier than the clock on a
    shared machine, where other work stretches the wall-clock time."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(cmd, cwd=cwd, check=True, capture_output=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def copy_kit(source: Path, target: Path) -> Path:
    for name in ("content", "locales", "templates"):
        if (source / name).is_dir():
            shutil.copytree(source / name, target / name)
    return target


class _NoAliases(yaml.SafeDumper):
    """Repeated values written out in full, as a person would write them (a kit's content
    may hold only so many YAML aliases)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


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
    speakers.write_text(yaml.dump(data, Dumper=_NoAliases, allow_unicode=True, sort_keys=False), encoding="utf-8")
    articles = kit / "content/articles.yaml"
    data = yaml.safe_load(articles.read_text(encoding="utf-8"))
    items = data["blocks"][0]["items"]
    data["blocks"][0]["items"] = [
        {**item, "id": f"{item['id']}-{copy}", "number": item["number"] + copy * len(items)}
        for copy in range(factor) for item in items
    ]
    articles.write_text(yaml.dump(data, Dumper=_NoAliases, allow_unicode=True, sort_keys=False), encoding="utf-8")


def bare_engine(kit: Path, locale: str, scratch: Path) -> tuple[float, int]:
    """Plain lualatex on kitbuilder's .tex in a fresh directory, as a user without kitbuilder
    would run it: full passes until the aux files settle. Returns the time and the passes."""
    work = scratch / f"bare-{locale}"
    work.mkdir(parents=True)
    shutil.copy(kit / "build" / locale / "kit.tex", work / "kit.tex")
    shutil.copy(kit / "build" / locale / ".work" / PROOF_LUA, work / PROOF_LUA)
    started = time.perf_counter()
    settled, passes = None, 0
    while True:
        subprocess.run(["lualatex", "-interaction=nonstopmode", "-halt-on-error", "kit.tex"], cwd=work, check=True,
                       capture_output=True)
        passes += 1
        now = [(work / f"kit{suffix}").read_bytes() if (work / f"kit{suffix}").exists() else b""
               for suffix in AUX_SUFFIXES]
        if now == settled:
            return time.perf_counter() - started, passes
        settled = now


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


def spread(values: list[float]) -> str:
    """The median, and the range when there is more than one value."""
    if len(values) == 1:
        return f"{values[0]:6.2f}"
    return f"{statistics.median(values):6.2f} ({min(values):.2f} to {max(values):.2f})"


def row(label: str, value: str) -> None:
    print(f"{label + ':':<44}{value}")


@dataclass
class Figures:
    """One kit's timings, a list per figure with one value per round."""

    cold: list[float] = field(default_factory=list)
    alone: dict[str, list[float]] = field(default_factory=dict)
    side_by_side: list[float] = field(default_factory=list)
    sphinx_serial: list[float] = field(default_factory=list)
    sphinx_side_by_side: list[float] = field(default_factory=list)

    def slowest_alone(self, round_: int) -> float:
        return max(times[round_] for times in self.alone.values())


def build(kit: Path) -> tuple[float, list[dict[str, Any]]]:
    """``kitbuilder build --json``: its time and its report of each locale."""
    started = time.perf_counter()
    out = subprocess.run([KITBUILDER, "build", "--kit", str(kit), "--json"], cwd=kit, capture_output=True,
                         text=True, check=True).stdout
    return time.perf_counter() - started, json.loads(out)["locales"]


def cold_build(kit: Path) -> tuple[float, dict[str, int]]:
    """``kitbuilder build`` from an empty build directory: its time and each locale's passes."""
    shutil.rmtree(kit / "build", ignore_errors=True)
    seconds, reports = build(kit)
    return seconds, {r["locale"]: r["passes"] for r in reports}


def side_by_side(kit: Path, locales: list[str], scratch: Path) -> float:
    """Every locale's bare passes at once, each engine in its own process."""
    started = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(len(locales)) as pool:
        list(pool.map(lambda locale: bare_engine(kit, locale, scratch / "side-by-side"), locales))
    return time.perf_counter() - started


def measure(label: str, kit: Path, scratch: Path, rounds: int, *, sphinx: bool = False) -> Figures:
    locales = available_locales(kit)
    figures = Figures(alone={locale: [] for locale in locales})
    project = scratch / "sphinx"
    sphinx_locales = sphinx_kit.write_project(kit, project) if sphinx else []
    cold_passes: dict[str, int] = {}
    bare_passes: dict[str, int] = {}

    def time_cold(_: Path) -> None:
        nonlocal cold_passes
        seconds, cold_passes = cold_build(kit)
        figures.cold.append(seconds)

    def time_alone(where: Path) -> None:
        for locale in locales:
            seconds, bare_passes[locale] = bare_engine(kit, locale, where)
            figures.alone[locale].append(seconds)

    def time_side_by_side(where: Path) -> None:
        figures.side_by_side.append(side_by_side(kit, locales, where))

    def time_sphinx_serial(_: Path) -> None:
        figures.sphinx_serial.append(sum(sphinx_kit.build_language(project, locale) for locale in sphinx_locales))

    def time_sphinx_side_by_side(_: Path) -> None:
        started = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(len(sphinx_locales)) as pool:
            list(pool.map(lambda locale: sphinx_kit.build_language(project, locale), sphinx_locales))
        figures.sphinx_side_by_side.append(time.perf_counter() - started)

    # The machine's speed drifts by tens of percent from minute to minute: every other
    # round runs the same steps in the opposite order, so a drift weighs on both sides of
    # each ratio. The bare passes need kitbuilder's .tex, so the first round starts cold.
    steps = [time_cold, time_alone, time_side_by_side] + [time_sphinx_serial, time_sphinx_side_by_side] * sphinx
    for round_ in range(rounds):
        for step in steps if round_ % 2 == 0 else reversed(steps):
            step(scratch / f"round-{round_}")
    noop = min(timed([KITBUILDER, "build", "--kit", str(kit)], kit) for _ in range(3))
    edit_one_french_message(kit)
    edit, reports = build(kit)
    rebuilt = {r["locale"]: r["passes"] for r in reports if not r["up_to_date"]}
    own = own_work(kit, locales)
    pages = {locale: subprocess.run(["pdfinfo", str(kit / "build" / locale / "kit.pdf")], capture_output=True,
                                    text=True, check=True).stdout.split("Pages:")[1].split()[0]
             for locale in locales}
    print(f"== {label} ({', '.join(f'{loc}: {pages[loc]} pages' for loc in locales)}; "
          f"median of {rounds} round(s), range in brackets)")
    row("cold build, all locales", f"{spread(figures.cold)} s, passes {cold_passes}")
    for locale, times in figures.alone.items():
        row(f"bare engine passes, {locale} alone", f"{spread(times)} s, {bare_passes[locale]} passes")
    one_after_another = [sum(figures.alone[locale][r] for locale in locales) for r in range(rounds)]
    row("bare engine passes, one after another", f"{spread(one_after_another)} s")
    row("bare engine passes, side by side", f"{spread(figures.side_by_side)} s")
    row("ratio cold build / slowest locale alone",
        spread([figures.cold[r] / figures.slowest_alone(r) for r in range(rounds)]))
    row("ratio cold build / side by side",
        spread([figures.cold[r] / figures.side_by_side[r] for r in range(rounds)]))
    if sphinx:
        row("Sphinx, languages one after another", f"{spread(figures.sphinx_serial)} s")
        row("Sphinx, languages side by side", f"{spread(figures.sphinx_side_by_side)} s")
        row("ratio cold build / Sphinx one after another",
            spread([figures.cold[r] / figures.sphinx_serial[r] for r in range(rounds)]))
        row("ratio cold build / Sphinx side by side",
            spread([figures.cold[r] / figures.sphinx_side_by_side[r] for r in range(rounds)]))
    row("no-op rebuild (best of 3)", f"{noop:6.2f} s")
    row("one French message edited", f"{edit:6.2f} s (rebuilt, with engine passes: {rebuilt})")
    row("kitbuilder's own work, all locales", f"{own:6.2f} s (load, translate, render; no engine)")
    print()
    return figures


def growth(small: Figures, large: Figures) -> None:
    """How much longer each figure takes on the larger kit (medians)."""
    rounds = range(min(len(small.cold), len(large.cold)))

    def median_ratio(of: Callable[[Figures, int], float]) -> float:
        return statistics.median(of(large, r) / of(small, r) for r in rounds)

    print("== growth, generated kit / 2018 kit (median of the rounds' ratios)")
    row("cold build, all locales", f"{median_ratio(lambda f, r: f.cold[r]):6.2f} x")
    row("bare engine passes, slowest locale alone", f"{median_ratio(Figures.slowest_alone):6.2f} x")
    row("bare engine passes, side by side", f"{median_ratio(lambda f, r: f.side_by_side[r]):6.2f} x")
    print()


def without_check(lua: str) -> str:
    """proof.lua with its callbacks and its facts file taken out (what fits the cover stays)."""
    check = tuple(f'add_to_callback("{name}"' for name in ("post_linebreak_filter", "pre_shipout_filter", "wrapup_run"))
    kept = [line for line in lua.splitlines() if not any(c in line for c in check)]
    return "\n".join(kept).replace("function P.write()", "function P.write() do return end")


# Appended to proof.lua for one more pass: the check's callbacks timed from inside the engine
# (os.clock, the engine's own processor time), which the machine's noise does not reach.
CALLBACK_CLOCK = """
do
  local clock, spent = os.clock, 0
  local function timed(f)
    return function(...) local t = clock(); local a, b = f(...); spent = spent + clock() - t; return a, b end
  end
  for name, callback in pairs({ post_linebreak = "post_linebreak_filter", shipout = "pre_shipout_filter",
                                write = "wrapup_run" }) do
    luatexbase.remove_from_callback(callback, "kbproof")
    luatexbase.add_to_callback(callback, timed(kbproof[name]), "kbproof")
  end
  luatexbase.add_to_callback("wrapup_run", function()
    local file = io.open("callbacks.txt", "w")
    file:write(string.format("%.4f %.4f", spent, clock()))
    file:close()
  end, "kbproof-clock")
end
"""


def callback_share(work: Path) -> tuple[float, float]:
    """One pass in a copy of ``work`` with the check's callbacks timed inside the engine:
    their seconds, and the whole pass's."""
    clocked = work.with_name(work.name + "-clocked")
    shutil.copytree(work, clocked)
    (clocked / PROOF_LUA).write_text((work / PROOF_LUA).read_text() + CALLBACK_CLOCK)
    subprocess.run(["lualatex", "-interaction=nonstopmode", "-halt-on-error", "kit.tex"], cwd=clocked,
                   check=True, capture_output=True)
    spent, total = (float(v) for v in (clocked / "callbacks.txt").read_text().split())
    return spent, total


def proof_cost(kit: Path, scratch: Path, rounds: int) -> None:
    """One engine pass with the check against one without, per edition, alternately."""
    subprocess.run([KITBUILDER, "build", "--kit", str(kit), "--bilingual", "en,fr"], check=True, capture_output=True)
    print(f"== proof check, 2018 kit (median of {rounds} round(s), range in brackets)")
    for locale in [*available_locales(kit), "en+fr"]:
        source = kit / "build" / locale / ".work"
        sides = {}
        for name, lua in (("with", (source / PROOF_LUA).read_text()),
                          ("without", without_check((source / PROOF_LUA).read_text()))):
            work = scratch / f"proof-{locale}-{name}"
            shutil.copytree(source, work)
            (work / PROOF_LUA).write_text(lua)
            sides[name] = work
        times: dict[str, list[float]] = {"with": [], "without": []}
        for round_ in range(rounds):
            for name in ("with", "without") if round_ % 2 == 0 else ("without", "with"):
                times[name].append(cpu_timed(["lualatex", "-interaction=nonstopmode", "-halt-on-error", "kit.tex"],
                                             sides[name]))
        started, children = time.process_time(), resource.getrusage(resource.RUSAGE_CHILDREN)
        faults = proofread(sides["with"] / "kit.proof", sides["with"] / "kit.pdf")
        after = resource.getrusage(resource.RUSAGE_CHILDREN)  # poppler, for the pages with charts
        python = (time.process_time() - started + after.ru_utime - children.ru_utime
                  + after.ru_stime - children.ru_stime)
        ratios = [(times["with"][r] + python) / times["without"][r] for r in range(rounds)]
        row(f"{locale}: pass with the check, CPU", f"{spread(times['with'])} s + {python:.2f} s reading the facts")
        row(f"{locale}: pass without, CPU", f"{spread(times['without'])} s")
        row(f"{locale}: the check adds", f"{(statistics.median(ratios) - 1) * 100:+.1f}% ({len(faults)} fault(s))")
        spent, total = callback_share(sides["with"])
        row(f"{locale}: inside the engine", f"{spent:.2f} s of {total:.2f} s in the check's callbacks, "
            f"{(spent + python) / (total - spent) * 100:.1f}% with the facts read")
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--factor", type=int, default=10, help="how much larger the generated kit is")
    parser.add_argument("--rounds", type=int, default=3, help="cold builds and bare passes to time, alternately")
    parser.add_argument("--proof", action="store_true", help="time the proof check alone (see above)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        if args.proof:
            proof_cost(copy_kit(ROOT, scratch / "kit"), scratch, max(args.rounds, 3))
            return
        (scratch / "small-bare").mkdir()
        missing = sphinx_kit.available()
        if missing:
            print(f"(no Sphinx comparison: {missing} not installed; `make bench` installs them)\n")
        small = measure("2018 kit", copy_kit(ROOT, scratch / "kit"), scratch / "small-bare", args.rounds,
                        sphinx=not missing)
        big = copy_kit(ROOT, scratch / "big")
        grow_kit(big, args.factor)
        (scratch / "big-bare").mkdir()
        large = measure(f"generated kit, {args.factor} x speakers and articles", big, scratch / "big-bare",
                        args.rounds)
        growth(small, large)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak memory of one engine run: {peak:.0f} MiB")


if __name__ == "__main__":
    main()
