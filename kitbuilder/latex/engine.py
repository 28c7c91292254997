"""Compile LaTeX to PDF with LuaLaTeX.

``compile_pdf`` runs the engine,
locked down: no shell escape, TeX's own file reading and writing only below the working
directory, a time limit and a memory limit. A kit's templates need one pass; the engine
runs again only when its log says the output used something it learned too late. (Lua
code, which only templates can contain, is not confined: templates are trusted.)
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import resource
import shutil
import subprocess
from collections.abc import Callable
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


def _run_engine(cmd: list[str], workdir: Path, env: dict[str, str], timeout: float) -> tuple[str, int]:
    """Run the engine with a memory limit (set on the child by pid: builds run in threads,
    where a preexec_fn is unsafe), killing it at the time limit."""
    with subprocess.Popen(cmd, cwd=workdir, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT) as proc:
        # Already finished, or not allowed here: the time limit still holds.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            resource.prlimit(proc.pid, resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
        try:
            out, _ = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            raise
        return out.decode(errors="replace"), proc.returncode


@dataclass
class CompileResult:
    pdf: Path
    log: LogReport
    passes: int


def compile_pdf(tex: Path, *, timeout: float = 300, source_date_epoch: int | None = None,
                max_passes: int = MAX_PASSES, on_pass: Callable[[int], None] | None = None) -> CompileResult:
    """Compile ``tex`` in its own directory, running the engine again only when the log says
    the output depends on something the pass learned late (see ``needs_another_pass``).

    ``on_pass`` is told each pass's number as the pass starts.
    Raises ``LatexError`` with the ``.tex`` file and line of the first error.
    """
    engine = find_engine()
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
            output, returncode = _run_engine(cmd, workdir, env, timeout)
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
