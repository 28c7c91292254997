"""The LaTeX layer: everything kitbuilder knows about TeX, behind a few functions.

``engine`` runs LuaLaTeX within its limits, again only when its log asks for it;
``guard`` is the script each engine starts through, so that it cannot outlive kitbuilder;
``log`` reads what it said; ``facts`` what it recorded for the proof check (``proof.lua``)
and what poppler sees of the finished PDF; ``languages`` and ``fonts`` set up each language and script;
``document`` gathers what the preamble needs; ``trailer`` makes the PDF ID from its source;
``imposition`` holds paper geometry, print marks and the booklet. The rest of kitbuilder
renders templates and reads reports; it runs no TeX program itself.
"""

from .engine import AUX_SUFFIXES, CompileResult, Engines, compile_pdf
from .log import LogReport, Overfull, needs_another_pass, parse_log

__all__ = ["AUX_SUFFIXES", "CompileResult", "Engines", "LogReport", "Overfull", "compile_pdf", "needs_another_pass",
           "parse_log"]
