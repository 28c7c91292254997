"""kitbuilder: multilingual participant kits from YAML content and gettext catalogs.

The pipeline, one module per step: ``content`` (load and validate YAML) ->
``catalogs`` (read gettext catalogs) -> ``localize`` (translate and format per
locale) -> ``render`` (Jinja2 into LaTeX) -> ``latex`` (compile the PDF and read
its log). ``build`` orchestrates them for a kit directory; ``cli`` is the console.
"""

__version__ = "0.1.0"
