"""Compile LaTeX to PDF with LuaLaTeX.

``compile_pdf`` runs the engine,
locked down: no shell escape, TeX's own file reading and writing only below the working
directory, a time limit and a memory limit. The engine cannot outlive kitbuilder (see
guard.py), and never shares its work folder with another engine. A kit's templates need
one pass; the engine runs again only when its log says the output used something it
learned too late. (Lua code, which only templates can contain, is not confined: templates
are trusted.)
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import math
import os
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import ConfigError, LatexError
from .log import LogReport, needs_another_pass, parse_log

ENGINE = "lualatex"
MAX_PASSES = 4
# Files whose change between passes means the page numbers or contents may still move.
AUX_SUFFIXES = (".aux", ".toc", ".out")


def _aux_digest(workdir: Path, jobname: str) -> str:
    h = hashlib.sha256()
    for suffix in AUX_SUFFIXES:
        f = workdir / f"{jobname}{suffix}"
        h.update(f.read_bytes() if f.exists() else b"-")
    return h.hexdigest()


def engine_environment(workdir: Path, source_date_epoch: int | None) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            # kpathsea reads these from the environment before texmf.cnf: no shell escape,
            # and files may be opened only below the working directory (and TEXMF trees).
            "shell_escape": "f",
            "openin_any": "p",
            "openout_any": "p",
            "TEXMFOUTPUT": str(workdir),
            "max_print_line": "10000",  # one log line per message: no wrapping to unpick
            "error_line": "254",
            "half_error_line": "238",
            # Dates in the PDF (CreationDate, ModDate) in UTC, whatever the machine's zone:
            # the same inputs give the same bytes in Paris and in New York.
            "TZ": "UTC",
            # LuaTeX stops ("Unable to read environment locale") when the user's locale is
            # not installed; the C locale always is, and keeps the engine's behaviour the
            # same on every machine.
            "LC_ALL": "C",
        }
    )
    if source_date_epoch is not None:
        env["SOURCE_DATE_EPOCH"] = str(source_date_epoch)
        env["FORCE_SOURCE_DATE"] = "1"
    return env


MEMORY_LIMIT = 4 * 1024**3


def find_engine() -> str:
    path = shutil.which(ENGINE)
    if path is None:
        raise ConfigError(f"{ENGINE} is not installed: run `make kits`, or install TeX Live "
                          "(texlive-luatex texlive-lang-french texlive-latex-extra texlive-pictures fonts-texgyre)")
    return path


GUARD = Path(__file__).with_name("guard.py")


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    """Kill the engine and anything it started (its own process group), unless already reaped."""
    if proc.returncode is None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)


class Engines:
    """The engine processes a build runs, so that stopping the build stops every one of them.

    Each engine runs in its own process group and session: a Ctrl-C at the terminal reaches
    kitbuilder, which stops its engines itself (and the engine guard ends them if kitbuilder
    cannot). Once stopped, no new engine starts.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running: set[subprocess.Popen[bytes]] = set()
        self._stopped = False

    @contextlib.contextmanager
    def start(self, command: list[str], workdir: Path, env: dict[str, str], timeout: float,
              keep_fds: tuple[int, ...]) -> Iterator[subprocess.Popen[bytes]]:
        guarded = [sys.executable, "-I", "-S", str(GUARD), str(os.getpid()), str(math.ceil(timeout)),
                   str(MEMORY_LIMIT), *command]
        with self._lock:
            if self._stopped:
                raise LatexError("the build was stopped", workdir)
            proc = subprocess.Popen(guarded, cwd=workdir, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                    stderr=subprocess.STDOUT, start_new_session=True, pass_fds=keep_fds)
            self._running.add(proc)
        try:
            with proc:
                try:
                    yield proc
                finally:
                    _kill_group(proc)  # however this ends (a time limit, an interrupt), nothing is left running
        finally:
            with self._lock:
                self._running.discard(proc)

    def stop(self) -> None:
        """Kill every running engine, and start no more."""
        with self._lock:
            self._stopped = True
            for proc in self._running:
                _kill_group(proc)


# Engines started outside a build (compile_pdf called on its own).
_UNSUPERVISED = Engines()


def _run_engine(cmd: list[str], workdir: Path, env: dict[str, str], timeout: float, engines: Engines,
                keep_fds: tuple[int, ...]) -> tuple[str, int]:
    """Run the engine through its guard (limits, parent-death signal), killing it at the time limit."""
    with engines.start(cmd, workdir, env, timeout, keep_fds) as proc:
        out, _ = proc.communicate(timeout=timeout)
        return out.decode(errors="replace"), proc.returncode


@contextlib.contextmanager
def claim_workdir(workdir: Path) -> Iterator[int]:
    """Hold the work folder for one compilation: a lock on the folder itself, which every engine
    pass inherits. An engine left over from a killed build holds it until it dies, so a new
    build never runs beside it (the lock is the kernel's, dropped when its last holder ends)."""
    fd = os.open(workdir, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield fd
    finally:
        os.close(fd)


@dataclass
class CompileResult:
    pdf: Path
    log: LogReport
    passes: int


def compile_pdf(tex: Path, *, timeout: float = 300, source_date_epoch: int | None = None,
                max_passes: int = MAX_PASSES, on_pass: Callable[[int], None] | None = None,
                engines: Engines | None = None) -> CompileResult:
    """Compile ``tex`` in its own directory, running the engine again only when the log says
    the output depends on something the pass learned late (see ``needs_another_pass``).

    ``on_pass`` is told each pass's number as the pass starts. ``engines`` is the build's set
    of running engines (so that stopping the build stops them).
    Raises ``LatexError`` with the ``.tex`` file and line of the first error.
    """
    engine = find_engine()
    with claim_workdir(tex.parent) as claim:
        return _compile(tex, engine, timeout, source_date_epoch, max_passes, on_pass, engines or _UNSUPERVISED,
                        (claim,))


def _compile(tex: Path, engine: str, timeout: float, source_date_epoch: int | None, max_passes: int,
             on_pass: Callable[[int], None] | None, engines: Engines, keep_fds: tuple[int, ...]) -> CompileResult:
    workdir = tex.parent
    jobname = tex.stem
    cmd = [engine, "-interaction=nonstopmode", "-halt-on-error", "-file-line-error", "-no-shell-escape",
           f"-jobname={jobname}", tex.name]
    env = engine_environment(workdir, source_date_epoch)
    passes = 0
    report = LogReport()
    before = _aux_digest(workdir, jobname)
    while passes < max_passes:
        passes += 1
        if on_pass:
            on_pass(passes)
        try:
            output, returncode = _run_engine(cmd, workdir, env, timeout, engines, keep_fds)
        except subprocess.TimeoutExpired:
            raise LatexError(f"{ENGINE} did not finish within {timeout:.0f} s (a template that loops?)",
                             tex) from None
        log_path = workdir / f"{jobname}.log"
        log_text = log_path.read_text(encoding="utf-8", errors="replace") if log_path.exists() else ""
        report = parse_log(log_text)
        if returncode != 0 or report.error:
            message = report.error or (output.strip().splitlines() or [f"{ENGINE} failed"])[-1]
            where = tex if report.error_file is None else workdir / report.error_file.removeprefix("./")
            raise LatexError(f"LaTeX error: {message}", where, report.error_line)
        after = _aux_digest(workdir, jobname)
        if not needs_another_pass(log_text, report, aux_changed=after != before):
            break
        before = after
    return CompileResult(workdir / f"{jobname}.pdf", report, passes)
