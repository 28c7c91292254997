"""The LaTeX layer: everything kitbuilder knows about TeX, behind a few functions.

``engine`` runs LuaLaTeX within its limits and re-runs it while cross-references move;
``log`` reads what it said;
``imposition`` holds paper geometry, print marks and the booklet. The rest of kitbuilder
renders templates and reads reports; it runs no TeX program itself.
"""

from .engine import AUX_SUFFIXES, CompileResult, compile_pdf
from .log import LogReport, Overfull, parse_log

__all__ = ["AUX_SUFFIXES", "CompileResult", "LogReport", "Overfull", "compile_pdf", "parse_log"]
