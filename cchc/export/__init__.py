"""Exports: charts as images and offline HTML, tables as CSV/XLSX, decks as PPTX/PDF.

Every function returns ``bytes`` (writing a file is :func:`cchc.loading.write_bytes`'s
job), so a page can hand them to a download button and the CLI to a file.

- :mod:`cchc.export.images` — ``figure_bytes`` (PNG/SVG/PDF through one
  kept-running kaleido browser), ``figure_html`` (self-contained, offline),
  ``stamp_figure`` (export date, demo mark, wrapped source note) and
  ``chart_bytes`` (stamp + render, the one call a download button needs).
- :mod:`cchc.export.tables` — ``csv_bytes`` (UTF-8 with BOM) and ``xlsx_bytes``
  (formatted league table + "Thông tin" sheet); formula-like text is neutralised.
- :mod:`cchc.export.deck` — ``deck_bytes`` (16:9 PowerPoint from the shipped
  template) and ``handout_pdf`` (print-ready PDF of the same content).
- :mod:`cchc.export.meta` — ``league_meta``: the words and facts every export
  of a league table carries (title, subtitle, source, method, filters, demo flag).
"""

from __future__ import annotations

FORMATS = ("png", "svg", "pdf", "html", "csv", "xlsx", "pptx")
MIME = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "pdf": "application/pdf",
    "html": "text/html",
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
