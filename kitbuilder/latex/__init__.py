"""The LaTeX layer: everything kitbuilder knows about TeX, behind a few functions.

``engine`` runs LuaLaTeX within its limits, again only when its log asks for it;
``log`` reads what it said;
``imposition`` holds paper geometry, print marks and the booklet. The rest of kitbuilder
renders templates and reads reports; it runs no TeX program itself.
"""

from .engine import AUX_SUFFIXES, CompileResult, compile_pdf
from .log import LogReport, Overfull, needs_another_pass, parse_log

__all__ = ["AUX_SUFFIXES", "CompileResult", "LogReport", "Overfull", "compile_pdf", "needs_another_pass", "parse_log"]
