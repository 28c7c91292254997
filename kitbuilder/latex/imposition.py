"""Paper and print production: paper sizes, crop marks and bleed, and booklet imposition for saddle stitching.

Pure functions: sizes and page orders in, numbers and LaTeX text out; ``build`` runs the engine.
"""

from __future__ import annotations

# Paper sizes in PostScript points, and the print shop's margins, for --print.
PAPER_BP = {"a4": (595.276, 841.89), "letter": (612.0, 792.0)}
# The geometry package's name for each paper size.
PAPER_OPTION = {"a4": "a4paper", "letter": "letterpaper"}
BLEED_BP = 8.504  # 3 mm
MARKS_BP = 28.346  # 10 mm around the trimmed page for crop marks


def print_geometry(paper: str) -> dict[str, str]:
    """Media size and page boxes for a printed page with crop marks and bleed."""
    width, height = PAPER_BP[paper]
    m, b = MARKS_BP, BLEED_BP
    return {
        "media_width": f"{width + 2 * m:.3f}bp",
        "media_height": f"{height + 2 * m:.3f}bp",
        "trimbox": f"{m:.3f} {m:.3f} {m + width:.3f} {m + height:.3f}",
        "bleedbox": f"{m - b:.3f} {m - b:.3f} {m + width + b:.3f} {m + height + b:.3f}",
    }


def booklet_order(pages: int) -> list[int | None]:
    """Page numbers in the order a saddle-stitched booklet prints them, two to a sheet side.

    The count is padded to a multiple of four with blank pages (None): sheet i carries
    pages N-2i and 2i+1 on its front, 2i+2 and N-2i-1 on its back.
    """
    total = -(-pages // 4) * 4
    order: list[int | None] = []
    for i in range(total // 4):
        order += [total - 2 * i, 2 * i + 1, 2 * i + 2, total - 2 * i - 1]
    return [p if p is not None and p <= pages else None for p in order]


def booklet_tex(pdf_name: str, paper: str, pages: int, trailer_id: str) -> str:
    """A LaTeX document that imposes ``pdf_name``, each sheet two pages wide (an A4 kit prints on A3)."""
    width, height = PAPER_BP[paper]
    order = ",".join("{}" if p is None else str(p) for p in booklet_order(pages))
    return BOOKLET_TEX.format(pdf=pdf_name, width=2 * width, height=height, order=order, id=trailer_id)


BOOKLET_TEX = r"""\documentclass{{article}}
\pdfvariable suppressoptionalinfo \numexpr 1 + 2 + 4 + 8 + 128\relax
\pdfvariable trailerid {{[<{id}> <{id}>]}}
\usepackage[paperwidth={width:.3f}bp, paperheight={height:.3f}bp, margin=0pt]{{geometry}}
\usepackage{{pdfpages}}
\begin{{document}}
\includepdf[pages={{{order}}}, nup=2x1, noautoscale]{{{pdf}}}
\end{{document}}
"""
